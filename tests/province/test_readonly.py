"""The health department reads every hospital and writes nothing: every write route of the app refuses it."""
from __future__ import annotations

from tests.province.conftest import dump_database, rules_with, url_for_rule

WRITES = {"POST", "PUT", "PATCH", "DELETE"}
# A province user's own account (password, API tokens) is theirs to change; logging in and out is not a write of hospital data.
# So are their own notifications (marking them read).
OWN_ACCOUNT = {"auth.login", "auth.logout", "auth.preferences", "auth.password", "auth.tokens", "auth.revoke_token",
               "notifications.open_one", "notifications.read_all", "notifications_api.read_api"}
# Something a form would plausibly send, so a route that forgot its capability check would act on it.
FORM = {"name": "Đợt thử", "year": "2026", "kind": "self", "text": "Nội dung", "status": "done", "locale": "vi",
        "department_id": "", "template_id": "", "title": "Tiêu đề", "target": "80", "bands": "90 Tốt"}


def test_a_province_user_changes_nothing_through_any_write_route(app, client, auth, two_sites):
    a, b = two_sites
    auth.login("province")
    failures = []
    checked = 0
    for rule, method in rules_with(app, WRITES):
        if rule.endpoint in OWN_ACCOUNT:
            continue
        for site in (a, b):
            url = url_for_rule(app, rule, site, method)
            before = dump_database()
            if rule.rule.startswith("/api/"):
                response = client.open(url, method=method, json={"name": "Đợt thử", "year": 2026, "level": 3})
            else:
                response = client.open(url, method=method, data=FORM)
            changed = [t for t, rows in dump_database().items() if rows != before[t]]
            refused = response.status_code in (401, 403, 404) or (300 <= response.status_code < 400 and not changed)
            if changed or not refused:
                failures.append(f"{method} {url} → {response.status_code}, changed: {changed}")
            checked += 1
    assert not failures, "\n".join(failures)
    assert checked >= 20


def test_the_write_routes_answer_403_to_the_province(app, client, auth, two_sites):
    """Not only nothing changes: the refusal is explicit."""
    a, b = two_sites
    auth.login("province")
    statuses = {}
    for rule, method in rules_with(app, WRITES):
        if rule.endpoint not in OWN_ACCOUNT:
            statuses[f"{method} {rule.rule}"] = client.open(url_for_rule(app, rule, b, method), method=method, data=FORM).status_code
    assert {k: v for k, v in statuses.items() if v != 403} == {}
