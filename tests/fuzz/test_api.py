"""The JSON API fed arbitrary bodies: always JSON, an "error" key when refused, nothing written then."""
from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz import strategies as s
from tests.fuzz.conftest import FUZZ, check, snapshot

ANSWER_KEYS = ["not_applicable", "reason", "level1_finding", "met", "items", "note", "version", "name", "year", "kind"]
ITEM_CODES = ["A1.1-1.1", "A1.1-2.4", "A1.1-5.11", "A9.9-1.1"]

answer_like = st.fixed_dictionaries(
    {},
    optional={
        "not_applicable": st.one_of(st.just(True), s.json_value), "reason": s.json_value,
        "level1_finding": st.one_of(st.sampled_from([True, False, None]), s.json_value),
        "met": st.one_of(st.dictionaries(st.sampled_from(["2", "3", "4", "5", "1", "6", " 2"]), st.one_of(st.booleans(), st.none(), s.json_value), max_size=4), s.json_value),
        "items": st.one_of(
            st.dictionaries(
                st.one_of(st.sampled_from(ITEM_CODES), s.text),
                st.one_of(st.sampled_from(["met", "unmet", "na", "present", "absent", None]), s.json_value), max_size=4,
            ),
            s.json_value,
        ),
        "note": st.one_of(s.text, s.json_value), "version": st.one_of(st.integers(), s.json_value),
    },
)
round_like = st.fixed_dictionaries({}, optional={
    "name": st.one_of(s.text, s.json_value),
    "year": st.one_of(st.integers(), s.json_value),
    "kind": st.one_of(st.sampled_from(["self", "inspection"]), s.json_value),
})
reviews_like = st.fixed_dictionaries({}, optional={
    "action": st.one_of(st.sampled_from(["approve", "return", "submit"]), s.json_value),
    "criteria": st.one_of(st.lists(st.one_of(st.sampled_from(["A1.1", "A1.2", "Z9.9"]), s.text), max_size=4), s.json_value),
    "comment": st.one_of(s.text, s.json_value),
    "versions": st.one_of(st.dictionaries(st.one_of(st.sampled_from(["A1.1", "A1.2"]), s.text), st.one_of(st.integers(), s.json_value), max_size=3), s.json_value),
})
body = st.one_of(
    answer_like.map(json.dumps), round_like.map(json.dumps), reviews_like.map(json.dumps), s.json_value.map(json.dumps),
    st.dictionaries(st.sampled_from(ANSWER_KEYS), s.json_value, max_size=4).map(json.dumps),
    s.text, st.binary(max_size=200), st.just("{"), st.just('{"year": 1e999}'), st.just('{"name": "x", "year": NaN}'),
    s.deep_json, st.fixed_dictionaries({"items": st.just({}), "version": s.huge_integer}).map(json.dumps),
)
content_type = st.sampled_from(["application/json", "text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin-1"])


def test_api_refuses_bad_bodies_with_an_error(app, client, world, api_headers):
    headers = api_headers
    base = f"/api/v1/rounds/{world.round_id}"
    client.get("/api/v1/catalog", headers=headers)  # a token's first use stamps it: not a write of the refused request that follows

    @FUZZ
    @given(method_url=st.sampled_from([("post", "/api/v1/rounds"), ("put", base + "/results/A1.1"), ("patch", base + "/results/A1.1"),
                                       ("put", base + "/results/ZZ"), ("post", base + "/reviews")]),
           data=body, content_type=content_type)
    def send(method_url, data, content_type):
        method, url = method_url
        before = snapshot(app)
        response = getattr(client, method)(url, data=data, headers=headers, content_type=content_type)
        assert response.is_json, response.get_data(as_text=True)[:300]
        check(client, response, before)

    send()


def test_api_with_a_bad_token_answers_401_json(app, client, world):
    @FUZZ
    @given(token=s.text.map(lambda t: "".join(c for c in t if c not in "\r\n")), url=st.sampled_from(["/api/v1/rounds", "/api/v1/catalog", f"/api/v1/rounds/{world.round_id}/summary"]))
    def send(token, url):
        client.post("/logout")
        response = client.get(url, headers={"Authorization": "Bearer " + token.encode("latin-1", "replace").decode("latin-1")})
        assert response.status_code == 401 and response.is_json and response.get_json()["error"]

    send()
