"""A TT 35/2024 round through the JSON API, beside the 83 criteria: what a hospital's script sees."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from quality_assess.assessments.models import ItemResult, Round
from quality_assess.history.models import ChangeLog
from tests.conftest import fresh


@pytest.fixture
def api(client, make):
    def for_user(user):
        headers = {"Authorization": f"Bearer {make.token(user)}"}

        def call(method, url, **kw):
            return client.open(f"/api/v1{url}", method=method, **{"headers": headers, **kw})

        return call

    return for_user


def test_the_installation_lists_both_frameworks(api, make):
    body = api(make.user("assessor"))("GET", "/frameworks").get_json()
    found = {f["code"]: (f["kind"], f["items"]) for f in body["frameworks"]}
    assert found == {"qd6858": ("levels", 83), "tt35": ("yes_no_na", 44)}


def test_the_catalogue_of_tt35_lists_its_items_by_group_with_provenance(api, make):
    call = api(make.user("assessor"))
    items = call("GET", "/catalog?framework=tt35").get_json()["items"]
    assert len(items) == 44
    v46 = next(i for i in items if i["code"] == "V.4.6")
    assert (v46["group"], v46["title"], v46["provenance"]) == ("V", "Báo cáo sự cố y khoa.", "two-transcriptions")
    assert len(call("GET", "/catalog").get_json()["criteria"]) == 83        # unchanged
    assert len(call("GET", "/catalog?framework=qd6858").get_json()["criteria"]) == 83
    unknown = call("GET", "/catalog?framework=iso9001")
    assert unknown.status_code == 400 and unknown.get_json()["field"] == "framework"


def test_a_script_runs_a_tt35_round_end_to_end(api, make, app):
    call = api(make.user("quality"))
    created = call("POST", "/rounds", json={"name": "Tự đánh giá TT 35 năm 2025", "year": 2025, "framework": "tt35"})
    assert created.status_code == 201, created.get_json()
    rid = created.get_json()["id"]
    assert created.get_json()["framework"] == "tt35"

    summary = call("GET", f"/rounds/{rid}/summary").get_json()
    assert summary == {"framework": "tt35", "items": 44, "applicable": 44, "yes": 0, "no": 0, "na": 0, "unanswered": 44,
                       "passed": None, "groups": summary["groups"]}
    assert list(summary["groups"]) == ["I", "II", "III", "IV", "V"]

    refused = call("PUT", f"/rounds/{rid}/results/I.7.1", json={"answer": "na"})
    assert refused.status_code == 400 and refused.get_json()["field"] == "reason"
    wrong = call("PUT", f"/rounds/{rid}/results/I.1", json={"answer": "maybe"})
    assert wrong.status_code == 400 and wrong.get_json()["field"] == "answer"

    with fresh(app) as session:
        codes = [r.item.code for r in session.scalars(sa.select(ItemResult).where(ItemResult.round_id == rid))]
    for code in codes:
        if code in ("I.7.1", "I.7.2", "I.7.3", "I.7.4"):
            body = {"answer": "na", "reason": "Bệnh viện không có thiết bị bức xạ"}
        elif code == "V.4.6":
            body = {"answer": "no", "note": "Chưa có sổ báo cáo sự cố", "evidence": "Biên bản kiểm tra 01/2026"}
        else:
            body = {"answer": "yes"}
        saved = call("PUT", f"/rounds/{rid}/results/{code}", json=body)
        assert saved.status_code == 200, (code, saved.get_json())

    summary = call("GET", f"/rounds/{rid}/summary").get_json()
    assert (summary["items"], summary["applicable"], summary["yes"], summary["no"], summary["na"]) == (44, 40, 39, 1, 4)
    assert summary["passed"] is False
    assert summary["groups"]["V"]["no_items"] == ["V.4.6"] and summary["groups"]["I"]["na"] == 4

    fixed = call("PUT", f"/rounds/{rid}/results/V.4.6", json={"answer": "yes", "version": 2})
    assert fixed.status_code == 200 and fixed.get_json()["note"] == "Chưa có sổ báo cáo sự cố"  # kept
    stale = call("PUT", f"/rounds/{rid}/results/V.4.6", json={"answer": "no", "version": 2})
    assert stale.status_code == 409 and stale.get_json()["version"] == 3
    assert call("GET", f"/rounds/{rid}/summary").get_json()["passed"] is True
    assert call("GET", f"/rounds/{rid}/results/V.4.6").get_json()["answer"] == "yes"

    with fresh(app) as session:
        trail = session.scalars(sa.select(ChangeLog).where(ChangeLog.round_id == rid, ChangeLog.criterion_code == "V.4.6",
                                                           ChangeLog.field == "answer")).all()
        assert [(t.old, t.new) for t in trail] == [(None, "no"), ("no", "yes")]


def test_an_assessor_answers_but_a_director_only_reads(api, make):
    round_ = make.round(framework="tt35")
    assert api(make.user("assessor"))("PUT", f"/rounds/{round_.id}/results/I.1", json={"answer": "yes"}).status_code == 200
    director = api(make.user("director"))
    assert director("PUT", f"/rounds/{round_.id}/results/I.1", json={"answer": "no"}).status_code == 403
    assert director("GET", f"/rounds/{round_.id}/results/I.1").get_json()["answer"] == "yes"


def test_a_round_without_framework_is_the_83_criteria_as_before(api, make, app):
    call = api(make.user("quality"))
    rid = call("POST", "/rounds", json={"name": "Tự đánh giá 2026", "year": 2026}).get_json()["id"]
    assert call("PUT", f"/rounds/{rid}/results/A1.1", json={"level1_finding": False, "met": {"2": True, "3": True, "4": False}}).get_json()["level"] == 3
    assert "mean" in call("GET", f"/rounds/{rid}/summary").get_json()
    assert call("PUT", f"/rounds/{rid}/results/I.1", json={"answer": "yes"}).status_code == 404
    with fresh(app) as session:
        assert session.get(Round, rid).framework.code == "qd6858"


def test_rounds_of_the_two_frameworks_never_mix(api, make):
    call = api(make.user("quality"))
    tt35 = make.round(framework="tt35", name="TT 35 năm 2025", year=2025)
    qd = make.round(name="83 tiêu chí 2025", year=2025)
    assert call("PUT", f"/rounds/{tt35.id}/results/A1.1", json={"level1_finding": True}).status_code in (400, 404)
    refused = call("POST", "/rounds", json={"name": "TT 35 năm 2026", "year": 2026, "framework": "tt35", "source_round": qd.id})
    assert refused.status_code == 400 and refused.get_json()["field"] == "source_round"
    unknown = call("POST", "/rounds", json={"name": "X", "year": 2026, "framework": "iso"})
    assert unknown.status_code == 400 and unknown.get_json()["field"] == "framework"
    carried = call("POST", "/rounds", json={"name": "TT 35 năm 2026", "year": 2026, "framework": "tt35", "source_round": tt35.id})
    assert carried.status_code == 201
