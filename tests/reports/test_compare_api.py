"""Self vs inspection through the API: GET /api/v1/compare?a=<id>&b=<id>."""
from __future__ import annotations

import pytest


@pytest.fixture
def api(client, make):
    """api(user)(url) → response, authenticated by the user's Bearer token."""

    def for_user(user):
        headers = {"Authorization": f"Bearer {make.token(user)}"}
        return lambda url: client.get(f"/api/v1{url}", headers=headers)

    return for_user


def test_self_vs_inspection_gives_both_levels_the_gap_and_the_counts(api, make, self_and_inspection):
    self_round, team = self_and_inspection
    call = api(make.user("director"))
    body = call(f"/compare?a={self_round.id}&b={team.id}").get_json()

    assert body["a"] == {"round": {"id": self_round.id, "name": "Tự đánh giá 2017", "year": 2017, "kind": "self", "status": "draft"},
                         **call(f"/rounds/{self_round.id}/summary").get_json()}
    assert body["b"]["round"]["kind"] == "inspection"
    assert {k: v for k, v in body["b"].items() if k != "round"} == call(f"/rounds/{team.id}/summary").get_json()

    rows = {c["code"]: c for c in body["criteria"]}
    assert len(body["criteria"]) == 83
    assert rows["A1.2"] == {"code": "A1.2", "part": "A", "chapter": "A1", "a": 3, "b": 2, "gap": 1}
    assert (rows["B1.1"]["a"], rows["B1.1"]["b"], rows["B1.1"]["gap"]) == (3, 4, -1)
    assert (rows["A1.1"]["gap"], rows["C3.1"]["gap"]) == (0, 1)
    assert (rows["A1.3"]["b"], rows["A1.3"]["gap"]) == (None, None)          # unanswered by the team
    assert (rows["E2.1"]["b"], rows["E2.1"]["gap"]) == (None, None)          # not applicable for the team

    assert body["counts"] == {"a_higher": 2, "b_higher": 1, "equal": 78, "not_compared": 2}
    a1 = body["chapters"]["A1"]
    assert (a1["a_higher"], a1["b_higher"], a1["not_compared"]) == (1, 0, 1)
    assert a1["gap"] == pytest.approx(a1["a"] - a1["b"])
    assert body["chapters"]["C3"]["gap"] == pytest.approx(body["a"]["chapters"]["C3"] - body["b"]["chapters"]["C3"])
    assert body["parts"]["A"]["gap"] == pytest.approx(body["a"]["parts"]["A"] - body["b"]["parts"]["A"])


def test_another_hospitals_round_is_not_found(api, make):
    call = api(make.user("quality"))
    own = make.round()
    other = make.round(hospital=make.hospital("Bệnh viện khác"))
    assert call(f"/compare?a={own.id}&b={other.id}").status_code == 404
    assert call(f"/compare?a={other.id}&b={own.id}").status_code == 404
    assert call(f"/compare?a={own.id}&b=2147483647").status_code == 404


def test_the_province_compares_a_hospitals_own_rounds_but_never_two_hospitals(api, make):
    own = make.round()
    other = make.round(hospital=make.hospital("Bệnh viện khác"))
    team = make.round(name="Đoàn kiểm tra", kind="inspection")
    call = api(make.user("province"))
    assert call(f"/compare?a={own.id}&b={team.id}").status_code == 200
    assert call(f"/compare?a={own.id}&b={other.id}").status_code == 404


@pytest.mark.parametrize("query, field", [("", "a"), ("?a=1", "b"), ("?a=x&b=1", "a"), ("?a=1&b=99999999999", "b")])
def test_a_missing_or_bad_round_is_refused_naming_it(api, make, query, field):
    make.round()
    response = api(make.user("quality"))(f"/compare{query}")
    assert response.status_code == 400
    assert response.get_json() == {"error": "Hãy chọn hai đợt đánh giá để so sánh.", "field": field}


def test_the_shape_is_the_issues_and_every_gap_is_a_minus_b_or_null(api, make, self_and_inspection):
    """Issue #15: {"a": {…summary}, "b": {…summary}, "criteria": [{"code", "chapter", "a", "b", "gap"}], "chapters": {…}};
    gap = a − b, null when either is unanswered or not applicable. ("part", "parts" and "counts" are additions.)"""
    self_round, team = self_and_inspection
    body = api(make.user("director"))(f"/compare?a={self_round.id}&b={team.id}").get_json()
    assert {"a", "b", "criteria", "chapters"} <= body.keys()
    assert {"mean", "levels", "chapters"} <= body["a"].keys() and {"mean", "levels", "chapters"} <= body["b"].keys()
    for row in body["criteria"]:
        assert {"code", "chapter", "a", "b", "gap"} <= row.keys()
        assert row["gap"] == (row["a"] - row["b"] if row["a"] is not None and row["b"] is not None else None), row
    assert [c["code"] for c in body["criteria"] if c["gap"] is None] == ["A1.3", "E2.1"]
    assert set(body["chapters"]) == {c["chapter"] for c in body["criteria"]}
