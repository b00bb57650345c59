"""Every route fed the classes of input that once ended in a 500 (issue #13): integers beyond the database's
in the URL, the query string, the form and the JSON body; NUL in all of them; lone surrogates and deep
nesting in JSON. The answer is a page or a 4xx with a message, and nothing is written.

Regressions found by these are kept as plain scenarios in tests/security/test_bad_input.py.
"""
from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fuzz import strategies as s
from tests.fuzz.conftest import FUZZ, app_forms, check, snapshot

METHODS = ("GET", "POST", "PUT")
SKIPPED = {"static", "auth.logout"}  # logout would end the session the other examples need


def routes(app) -> list[tuple[str, str]]:
    return sorted((rule.endpoint, method) for rule in app.url_map.iter_rules() if rule.endpoint not in SKIPPED
                  for method in rule.methods & set(METHODS))


def url_with(app, world, endpoint: str, bad: dict[str, object]) -> str:
    """The endpoint's URL with the world's rows, some arguments replaced by `bad` values (written as they are)."""
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    args = {k: v for k, v in (world.url_args() | {"answer_id": 1, "update_id": 1}).items() if k in rule.arguments}
    url = app.url_map.bind("localhost").build(endpoint, args)
    for name, value in bad.items():
        if name in args:
            url = url.replace(f"/{args[name]}", "/" + str(value), 1).replace(f"{args[name]}-", f"{value}-", 1)
    return url


def arguments_of(app, endpoint: str) -> list[str]:
    return sorted(next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint).arguments)


def test_every_route_with_huge_numbers_and_nul_in_its_url_and_query(app, client, world):
    all_routes = routes(app)

    @settings(FUZZ, max_examples=FUZZ.max_examples * 8)  # cheap requests, many routes: more of them
    @given(route=st.sampled_from(all_routes), data=st.data())
    def send(route, data):
        endpoint, method = route
        names = arguments_of(app, endpoint)
        bad = {name: data.draw(st.one_of(s.huge_integer, s.nul_text.map(lambda t: t.replace("/", "")), s.huge_number_text))
               for name in data.draw(st.lists(st.sampled_from(names), unique=True))} if names else {}
        query = data.draw(st.dictionaries(st.sampled_from(["year", "user", "next", "month", "code", "round", "a", "b"]), s.bad_value, max_size=3))
        before = snapshot(app)
        response = client.open(url_with(app, world, endpoint, bad), method=method, query_string=query)
        check(client, response, before, silent_ok=True)

    send()


def test_every_form_with_huge_numbers_and_nul_in_its_fields(app, client, world):
    forms = app_forms(app, client, world)
    endpoints = sorted(e for e in forms if e not in SKIPPED)

    @FUZZ
    @given(endpoint=st.sampled_from(endpoints), data=st.data())
    def post(endpoint, data):
        fields, files = forms[endpoint]
        names = sorted(set(fields) - files)
        form = {name: (fields[name][0] if fields[name] else "1") for name in names}
        for name in data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True)) if names else []:
            form[name] = data.draw(s.bad_value)
        before = snapshot(app)
        response = client.post(url_with(app, world, endpoint, {}), data=form, content_type="multipart/form-data")
        check(client, response, before, silent_ok=endpoint in ("auth.preferences", "auth.login"))

    post()


def test_every_json_route_with_huge_numbers_nul_surrogates_and_deep_nesting(app, client, world, api_headers):
    headers = api_headers
    api = [(e, m) for e, m in routes(app) if m != "GET" and e.split(".")[0].endswith("_api")]
    assert len(api) >= 3
    bodies = st.one_of(
        s.deep_json,
        st.dictionaries(st.sampled_from(["name", "year", "kind", "note", "version", "items", "reason", "not_applicable", "action", "comment", "met"]),
                        st.one_of(s.huge_integer, s.nul_text, s.surrogate_text, s.json_value), min_size=1, max_size=4).map(json.dumps),
        st.dictionaries(st.one_of(s.surrogate_text, s.nul_text), s.json_value, min_size=1, max_size=2).map(json.dumps),
    )

    @FUZZ
    @given(route=st.sampled_from(api), body=bodies)
    def send(route, body):
        endpoint, method = route
        before = snapshot(app)
        response = client.open(url_with(app, world, endpoint, {}), method=method, data=body, content_type="application/json", headers=headers)
        assert response.is_json, response.get_data(as_text=True)[:300]
        check(client, response, before)

    send()
