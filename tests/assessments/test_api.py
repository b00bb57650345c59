"""The JSON API end to end, as a provincial script would use it."""
from __future__ import annotations

import pytest
from tests.assessments.conftest import result_of


@pytest.fixture
def api(client, make):
    """api(user)(method, url, json=...) → response, authenticated by the user's Bearer token."""

    def for_user(user):
        headers = {"Authorization": f"Bearer {make.token(user)}"}

        def call(method, url, **kw):
            return client.open(f"/api/v1{url}", method=method, **{"headers": headers, **kw})

        return call

    return for_user


def test_a_script_runs_a_round_end_to_end(api, make):
    manager = make.user("quality")
    call = api(manager)
    created = call("POST", "/rounds", json={"name": "Tự đánh giá 2026", "year": 2026, "kind": "self"})
    assert created.status_code == 201
    body = created.get_json()
    assert {k: body[k] for k in ("name", "year", "kind", "status")} == {"name": "Tự đánh giá 2026", "year": 2026, "kind": "self", "status": "draft"}
    rid = body["id"]
    assert [r["id"] for r in call("GET", "/rounds").get_json()["rounds"]] == [rid]

    levels = call("PUT", f"/rounds/{rid}/results/A1.1", json={"level1_finding": False, "met": {"2": True, "3": True, "4": False}, "note": "ổn"})
    assert levels.get_json() == {"code": "A1.1", "level": 3, "version": 2, "unanswered": ["met.5"]}
    na = call("PUT", f"/rounds/{rid}/results/B1.1", json={"not_applicable": True, "reason": "Không có"})
    assert na.get_json() == {"code": "B1.1", "level": None, "version": 2, "unanswered": []}

    make.sub_items("C3.1")  # SYNTHETIC test items
    items = {"C3.1-1.1": "absent", "C3.1-1.2": "absent", "C3.1-1.3": "absent", "C3.1-2.4": "met", "C3.1-2.5": "na",
             "C3.1-2.6": "met", "C3.1-3.7": "met", "C3.1-3.8": "met", "C3.1-4.9": "unmet"}
    assert call("PUT", f"/rounds/{rid}/results/C3.1", json={"items": items}).get_json()["level"] == 3

    stale = call("PUT", f"/rounds/{rid}/results/A1.1", json={"level1_finding": True, "version": 1})
    assert stale.status_code == 409 and stale.get_json()["version"] == 2 and stale.get_json()["level"] == 3

    summary = call("GET", f"/rounds/{rid}/summary").get_json()
    # A1.1 at 3 (coefficient 1), C3.1 at 3 (coefficient 2): mean (3 + 6) / 3 = 3
    assert (summary["applicable"], summary["total"], summary["total_weighted"], summary["mean"]) == (82, 6, 9, 3.0)
    assert summary["applicable_pct"] == pytest.approx(100 * 82 / 83)
    assert summary["levels"]["3"] == {"count": 2, "pct": pytest.approx(100 * 2 / 82)}
    assert summary["parts"]["A"] == 3.0 and summary["chapters"]["C3"] == 3.0 and summary["chapters"]["B1"] is None

    catalog = call("GET", "/catalog").get_json()["criteria"]
    assert len(catalog) == 83
    c31 = next(c for c in catalog if c["code"] == "C3.1")
    assert (c31["part"], c31["chapter"], c31["coefficient"]) == ("C", "C3", 2)
    assert [i["code"] for i in c31["sub_items"]["4"]] == ["C3.1-4.9", "C3.1-4.10"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"level1_finding": "no"}, "level1_finding"),
        ({"level1_finding": False, "met": {"6": True}}, "met.6"),
        ({"level1_finding": False, "met": {"2": "yes"}}, "met.2"),
        ({"level1_finding": False, "met": [True]}, "met"),
        ({"not_applicable": True}, "reason"),
        ({"not_applicable": True, "reason": "  "}, "reason"),
        ({"not_applicable": False, "reason": "x"}, "not_applicable"),
        ({"items": {"A1.1-9.9": "met"}}, "items.A1.1-9.9"),
        ({"items": ["A1.1-1.1"]}, "items"),
        ({"items": {"A1.1-1.1": 1}}, "items.A1.1-1.1"),
        ({"level1_finding": False, "colour": "red"}, "colour"),
        ({"level1_finding": False, "note": 5}, "note"),
        ({"level1_finding": False, "version": "2"}, "version"),
        ({"level1_finding": False, "items": {}}, "body"),
        ({}, "body"),
        ([1, 2], "body"),
        ("not json", "body"),
    ],
)
def test_bad_bodies_are_refused_naming_the_field(api, make, body, field):
    make.sub_items("A1.1")
    round_ = make.round()
    call = api(make.user("quality"))
    kw = {"data": body, "content_type": "application/json"} if isinstance(body, str) else {"json": body}
    target = "A1.1" if "items" in str(body) else "A1.2"
    response = call("PUT", f"/rounds/{round_.id}/results/{target}", **kw)
    assert response.status_code == 400
    assert response.get_json()["field"] == field
    if field != "body":
        assert field in response.get_json()["error"] or field.split(".")[-1] in response.get_json()["error"]
    assert result_of(round_, target).version == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [({"name": "", "year": 2026, "kind": "self"}, "name"), ({"name": "X", "year": "2026", "kind": "self"}, "year"),
     ({"name": "X", "year": 2026, "kind": "audit"}, "kind"), ({"name": "X", "year": 2026, "extra": 1}, "extra")],
)
def test_bad_round_bodies(api, make, body, field):
    response = api(make.user("quality"))("POST", "/rounds", json=body)
    assert response.status_code == 400 and response.get_json()["field"] == field


def test_who_may_call_what(client, api, make):
    round_ = make.round()
    other = make.round(hospital=make.hospital())
    anonymous = api(make.user("assessor"))
    assert anonymous("GET", "/catalog", headers={}).status_code == 401
    assert anonymous("GET", "/rounds", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert anonymous("PUT", f"/rounds/{round_.id}/results/A1.1", json={"level1_finding": True}, headers={}).status_code == 401

    director = api(make.user("director"))
    assert director("PUT", f"/rounds/{round_.id}/results/A1.1", json={"level1_finding": True}).status_code == 403
    assert director("POST", "/rounds", json={"name": "X", "year": 2026, "kind": "self"}).status_code == 403
    assert director("GET", f"/rounds/{round_.id}/summary").status_code == 200

    assessor = api(make.user("assessor"))
    assert assessor("GET", f"/rounds/{other.id}/summary").status_code == 404
    assert assessor("PUT", f"/rounds/{other.id}/results/A1.1", json={"level1_finding": True}).status_code == 404
    assert assessor("PUT", f"/rounds/{round_.id}/results/Z9.9", json={"level1_finding": True}).status_code == 404
    assert assessor("PUT", "/rounds/99999/results/A1.1", json={"level1_finding": True}).status_code == 404
    assert [r["id"] for r in assessor("GET", "/rounds").get_json()["rounds"]] == [round_.id]
    assert result_of(round_, "A1.1").version == 1 and result_of(other, "A1.1").version == 1


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"level1_finding": "no"}, "Trường “level1_finding” phải là true hoặc false."),
        ({"level1_finding": False, "met": {"6": True}}, "Trường “met.6” phải là một trong các giá trị: '2', '3', '4', '5'."),
        ({"level1_finding": False, "version": "2"}, "Trường “version” phải là một số nguyên."),
        ({"not_applicable": True}, "Trường “reason” là bắt buộc."),
        ({"not_applicable": True, "reason": "  "}, "Trường “reason” không được để trống."),
        ({"items": {"A1.1-1.1": 1}}, "Trường “items.A1.1-1.1” phải là một chuỗi."),
        ({"level1_finding": False, "colour": "red"}, "Trường “colour” không được hỗ trợ."),
    ],
)
def test_refusals_name_the_problem_in_vietnamese_and_english(api, make, body, message):
    make.sub_items("A1.1")
    round_ = make.round()
    user = make.user("quality")
    refused = api(user)("PUT", f"/rounds/{round_.id}/results/A1.1", json=body)
    assert refused.status_code == 400 and refused.get_json()["error"] == message
    assert "Input should" not in message and "Field required" not in message  # never pydantic's own text


def test_refusals_are_in_english_for_an_english_user(api, make):
    round_ = make.round()
    refused = api(make.user("quality", locale="en"))("PUT", f"/rounds/{round_.id}/results/A1.2", json={"level1_finding": False, "met": {"2": "yes"}})
    assert refused.status_code == 400
    assert refused.get_json() == {"error": "Field “met.2” must be true or false.", "field": "met.2"}
