"""Every route × every role (and anonymous) gets the status the rules table promises.

The routes come from the app's URL map, so a new route without a rule in route_rules.py fails here.
"""
from __future__ import annotations

import pytest
from flask import url_for

from quality_assess import create_app
from quality_assess.auth.roles import ALL_ROLES, CAPABILITIES, INSPECTOR, PROVINCE_ROLES, role_has
from tests.security.route_rules import HOSPITAL_ROWS, INSPECTOR_ANSWERS, LOGIN, PUBLIC, RULES, URL_ARGUMENTS, team_round

IGNORED_METHODS = {"HEAD", "OPTIONS"}


def _routes():
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "collect"})
    return sorted(
        (rule.endpoint, method, tuple(sorted(rule.arguments)))
        for rule in app.url_map.iter_rules()
        for method in sorted(rule.methods - IGNORED_METHODS)
    )


ROUTES = _routes()


def rule_for(endpoint: str, method: str) -> str:
    assert endpoint in RULES, f"{endpoint} has no rule: add it to tests/security/route_rules.py"
    rule = RULES[endpoint]
    return rule[method] if isinstance(rule, dict) else rule


def allowed(rule: str, role: str) -> bool:
    if rule in (PUBLIC, LOGIN):
        return True
    needs_hospital, _, capability = rule.rpartition(":")
    return role_has(role, capability) and not (needs_hospital and role in PROVINCE_ROLES)


def inspector_allowed(endpoint: str, rule: str) -> bool:
    """On its team's round of a hospital it is given: what its capabilities open, and the answers it writes."""
    return allowed(rule, INSPECTOR) or endpoint in INSPECTOR_ANSWERS


def test_every_route_has_a_rule_and_every_rule_a_route():
    endpoints = {endpoint for endpoint, _, _ in ROUTES}
    assert endpoints - set(RULES) == set(), "add these endpoints to tests/security/route_rules.py"
    assert set(RULES) - endpoints == set(), "these rules name endpoints that no longer exist"
    for endpoint, method, _ in ROUTES:
        rule = rule_for(endpoint, method)
        assert rule in (PUBLIC, LOGIN) or rule.rpartition(":")[2] in CAPABILITIES, f"{endpoint}: unknown capability in {rule!r}"


def _request(client, method: str, url: str):
    return client.open(url, method=method, data={} if method != "GET" else None)


def _login(client, user) -> None:
    """Sign the client in as `user` without a password round (the login itself is tested elsewhere)."""
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


@pytest.mark.parametrize(("endpoint", "method", "arguments"), ROUTES, ids=[f"{m} {e}" for e, m, _ in ROUTES])
def test_route_answers_each_role_as_the_rules_say(app, make, endpoint, method, arguments):
    rule = rule_for(endpoint, method)
    missing = [name for name in arguments if name not in URL_ARGUMENTS]
    assert not missing, f"add a builder for URL argument(s) {missing} in route_rules.URL_ARGUMENTS"
    users = {role: make.user(role) for role in ALL_ROLES}
    values = {name: URL_ARGUMENTS[name](make) for name in arguments}
    with app.test_request_context():
        url = url_for(endpoint, **values)

    wrong = []
    response = _request(app.test_client(), method, url)
    if rule == PUBLIC:
        if response.status_code >= 400 and method == "GET":
            wrong.append(("anonymous", response.status_code))
    elif url.startswith("/api/"):
        if response.status_code != 401:
            wrong.append(("anonymous", response.status_code))
    elif response.status_code != 302 or "/login" not in response.headers["Location"]:
        wrong.append(("anonymous", response.status_code))

    for role, user in users.items():
        if role == INSPECTOR:
            continue  # below: its rights depend on the hospitals it is given and on whose round it is
        client = app.test_client()
        _login(client, user)
        status = _request(client, method, url).status_code
        if allowed(rule, role):
            if status in (401, 403, 404) or status >= 500:
                wrong.append((role, status))
        elif status not in (403, 404):
            wrong.append((role, status))

    if HOSPITAL_ROWS & set(arguments):
        outsider = make.user("admin", hospital=make.hospital())
        client = app.test_client()
        _login(client, outsider)
        status = _request(client, method, url).status_code
        if status not in (403, 404):
            wrong.append(("admin of another hospital", status))

    # The province inspector, given the tested hospital: none of the hospital's own rows (its self-assessment,
    # plans, audits, people …); on the inspection team's round of that hospital, what inspector_allowed says.
    inspector = users[INSPECTOR]
    rows = HOSPITAL_ROWS & set(arguments)
    checks = [(url, inspector_allowed(endpoint, rule) and not rows, "inspector")]
    if rows == {"round_id"}:
        with app.test_request_context():
            team_url = url_for(endpoint, **{**values, "round_id": team_round(make, inspector).id})
        checks.append((team_url, inspector_allowed(endpoint, rule), "inspector on its team's round"))
    else:
        team_round(make, inspector)  # given the hospital all the same
    for checked, may, who in checks:
        client = app.test_client()
        _login(client, inspector)
        status = _request(client, method, checked).status_code
        if may and (status in (401, 403, 404) or status >= 500) or not may and status not in (403, 404):
            wrong.append((who, status))

    assert wrong == [], f"{method} {url} (rule {rule!r}): unexpected status for {wrong}"
