"""The review queue and the bulk review API: the quality office approves or returns many criteria at
once, every row through the one review transition, all or nothing when any row is refused."""
from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from quality_assess.database import db
from quality_assess.domain import Forbidden
from quality_assess.history.models import ChangeLog
from quality_assess.workflow import operations
from quality_assess.workflow.operations import assign, criteria_of, review
from tests.conftest import FIXED_NOW, attach, fresh, scalars, step
from quality_assess.workflow.evidence import add_evidence
from tests.workflow.conftest import PDF, answer, result_for

review = step(review)


@step
def assign_to(team, codes: list[str], user=None, due: date | None = None, department=None) -> None:
    for code in codes:
        assign(attach(team.round), criteria_of(code), lead=attach(department or team.department),
               assessors=[attach(user or team.assessor)], due_date=due, user=attach(team.quality))


def sent_for_review(team, *codes: str, user=None) -> None:
    """The assessor (or `user`) answers each criterion and sends it for review."""
    assign_to(team, list(codes), user=user)
    for code in codes:
        review(answer(team.result(code), user or team.assessor), "submit", user=user or team.assessor)


def statuses(app, team, *codes: str) -> dict[str, str]:
    return {code: result_for(team.round, code).review_status for code in codes}


def approvals(app) -> list[ChangeLog]:
    return scalars(app, sa.select(ChangeLog).where(ChangeLog.field == "review_status", ChangeLog.new.in_(("approved", "returned"))))


# ---------------------------------------------------------------- the API


def test_the_quality_office_approves_three_criteria_in_one_call(app, team, api):
    sent_for_review(team, "A1.1", "A1.2", "A1.3")
    response = api(team.quality).post(f"/api/v1/rounds/{team.round.id}/reviews",
                                      json={"action": "approve", "criteria": ["A1.1", "A1.2", "A1.3"]})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert [(r["criterion"], r["outcome"]) for r in body["results"]] == [("A1.1", "approved"), ("A1.2", "approved"), ("A1.3", "approved")]
    assert statuses(app, team, "A1.1", "A1.2", "A1.3") == dict.fromkeys(("A1.1", "A1.2", "A1.3"), "approved")
    assert {(log.criterion_code, log.user_id) for log in approvals(app)} == {(c, team.quality.id) for c in ("A1.1", "A1.2", "A1.3")}


def test_a_bulk_return_gives_its_one_comment_to_every_criterion(app, team, api):
    sent_for_review(team, "A1.1", "A1.2")
    url = f"/api/v1/rounds/{team.round.id}/reviews"
    refused = api(team.quality).post(url, json={"action": "return", "criteria": ["A1.1", "A1.2"], "comment": "  "})
    assert refused.status_code == 400 and refused.get_json()["field"] == "comment"
    body = api(team.quality).post(url, json={"action": "return", "criteria": ["A1.1", "A1.2"], "comment": "Thiếu biên bản họp"}).get_json()
    assert {(r["criterion"], r["review_status"], r["review_comment"]) for r in body["results"]} == {
        ("A1.1", "returned", "Thiếu biên bản họp"), ("A1.2", "returned", "Thiếu biên bản họp")}
    assert {result_for(team.round, c).review_comment for c in ("A1.1", "A1.2")} == {"Thiếu biên bản họp"}


def test_one_refused_criterion_writes_nothing_and_every_refusal_is_named(app, team, api):
    sent_for_review(team, "A1.1", "A1.2")  # A1.3 is still a draft; Z9.9 does not exist
    response = api(team.quality).post(f"/api/v1/rounds/{team.round.id}/reviews",
                                      json={"action": "approve", "criteria": ["A1.1", "A1.3", "A1.2", "Z9.9"]})
    assert response.status_code == 400
    body = response.get_json()
    assert body["refused"] == ["A1.3", "Z9.9"] and body["field"] == "criteria"
    assert body["error"] == "2/4 tiêu chí bị từ chối (A1.3, Z9.9): không tiêu chí nào được duyệt."
    outcomes = {r["criterion"]: r for r in body["results"]}
    assert outcomes["A1.1"]["outcome"] == outcomes["A1.2"]["outcome"] == "not_written"
    assert "Nháp" in outcomes["A1.3"]["error"] and "Z9.9" in outcomes["Z9.9"]["error"]
    assert statuses(app, team, "A1.1", "A1.2", "A1.3") == {"A1.1": "submitted", "A1.2": "submitted", "A1.3": "draft"}
    assert approvals(app) == []


def test_four_eyes_refuses_the_batch_by_the_criterion_the_reviewer_saved_themselves(app, team, api):
    """The hospital keeps the four-eyes rule (the default): the quality office saved A1.2's answer itself."""
    sent_for_review(team, "A1.1", "A1.3")
    sent_for_review(team, "A1.2", user=team.quality)
    url = f"/api/v1/rounds/{team.round.id}/reviews"
    response = api(team.quality).post(url, json={"action": "approve", "criteria": ["A1.1", "A1.2", "A1.3"]})
    assert response.status_code == 403
    body = response.get_json()
    assert body["refused"] == ["A1.2"] and "bốn mắt" in body["results"][1]["error"]
    assert statuses(app, team, "A1.1", "A1.2", "A1.3") == dict.fromkeys(("A1.1", "A1.2", "A1.3"), "submitted")
    # Another reviewer approves all three: the rule bars the author, not the batch.
    assert api(team.make.user("quality")).post(url, json={"action": "approve", "criteria": ["A1.1", "A1.2", "A1.3"]}).status_code == 200
    assert statuses(app, team, "A1.1", "A1.2", "A1.3") == dict.fromkeys(("A1.1", "A1.2", "A1.3"), "approved")


def test_a_refusal_inside_the_one_transition_holds_the_whole_batch(app, team, api, monkeypatch):
    """Whatever `review` refuses for one row refuses the batch, by that row's name and status."""
    sent_for_review(team, "A1.1", "A1.2", "A1.3")
    real = operations.review

    def review_refusing_a1_2(result, action, **kwargs):
        if result.criterion.code == "A1.2":
            raise Forbidden("Chỉ phòng Quản lý chất lượng mới được duyệt hoặc trả lại tiêu chí.")
        return real(result, action, **kwargs)

    monkeypatch.setattr(operations, "review", review_refusing_a1_2)
    response = api(team.quality).post(f"/api/v1/rounds/{team.round.id}/reviews",
                                      json={"action": "approve", "criteria": ["A1.1", "A1.2", "A1.3"]})
    assert response.status_code == 403
    assert response.get_json()["refused"] == ["A1.2"]
    assert statuses(app, team, "A1.1", "A1.2", "A1.3") == dict.fromkeys(("A1.1", "A1.2", "A1.3"), "submitted")


def test_a_criterion_changed_since_the_reviewer_looked_refuses_the_batch(app, team, api):
    sent_for_review(team, "A1.1", "A1.2")
    seen = result_for(team.round, "A1.1").version
    answer(team.result("A1.1"), team.assessor)  # saved again while the reviewer read it
    response = api(team.quality).post(f"/api/v1/rounds/{team.round.id}/reviews",
                                      json={"action": "approve", "criteria": ["A1.1", "A1.2"], "versions": {"A1.1": seen}})
    assert response.status_code == 409 and response.get_json()["refused"] == ["A1.1"]
    assert statuses(app, team, "A1.1", "A1.2") == {"A1.1": "submitted", "A1.2": "submitted"}


@pytest.mark.parametrize(("body", "field"), [
    ({"action": "approve", "criteria": []}, "criteria"),
    ({"action": "submit", "criteria": ["A1.1"]}, "action"),
    ({"action": "approve"}, "criteria"),
    ({"action": "approve", "criteria": "A1.1"}, "criteria"),
])
def test_a_bad_body_is_refused_before_any_row(team, api, body, field):
    response = api(team.quality).post(f"/api/v1/rounds/{team.round.id}/reviews", json=body)
    assert response.status_code == 400 and response.get_json()["field"] == field


def test_only_the_quality_office_of_the_round_reviews_in_bulk(app, team, api, make):
    sent_for_review(team, "A1.1")
    url = f"/api/v1/rounds/{team.round.id}/reviews"
    assert api(team.assessor).post(url, json={"action": "approve", "criteria": ["A1.1"]}).status_code == 403
    elsewhere = make.user("quality", hospital=make.hospital("Bệnh viện khác"))
    assert api(elsewhere).post(url, json={"action": "approve", "criteria": ["A1.1"]}).status_code == 404
    assert statuses(app, team, "A1.1") == {"A1.1": "submitted"}


# ---------------------------------------------------------------- the queue page


def test_the_queue_shows_what_waits_with_level_assessor_evidence_and_time_waited(app, team, client, auth, fixed_clock):
    fixed_clock.set(datetime(2026, 11, 28, 20, 30, tzinfo=UTC))  # sent two days before FIXED_NOW
    sent_for_review(team, "A1.1", "A1.2")
    assign_to(team, ["A1.3"])
    fixed_clock.set(FIXED_NOW)
    with fresh(app):
        add_evidence(team.result("A1.2"), io.BytesIO(PDF), "bien-ban.pdf", user=attach(team.assessor))
        db.session.commit()
    auth.login(user=team.quality)
    page = client.get(f"/workflow/review?round={team.round.id}").get_data(as_text=True)
    assert 'data-code="A1.1"' in page and 'data-code="A1.2"' in page and 'data-code="A1.3"' not in page  # A1.3 waits for nobody
    assert "Nguyễn Thị Lan" in page and "Khoa Khám bệnh" in page and "Mức 3" in page
    assert page.count("<td data-waited>2 ngày</td>") == 2
    assert "2 tiêu chí" in page
    row = page[page.index('data-code="A1.2"'):]
    assert '<td class="num">1</td>' in row[:row.index("</tr>")]


def test_the_queue_filters_by_chapter_department_assessor_and_status(app, team, client, auth, make):
    second = make.department("Khoa Nội")
    sent_for_review(team, "A1.1", "A2.1")
    sent_for_review(team, "A1.2", user=team.other)
    assign_to(team, ["A1.2"], user=team.other, department=second)
    auth.login(user=team.quality)
    base = f"/workflow/review?round={team.round.id}"

    def shown(query: str = "") -> set[str]:
        page = client.get(base + query).get_data(as_text=True)
        return {code for code in ("A1.1", "A1.2", "A2.1") if f'data-code="{code}"' in page}

    assert shown() == {"A1.1", "A1.2", "A2.1"}
    assert shown("&chapter=A1") == {"A1.1", "A1.2"}
    assert shown(f"&assessor={team.other.id}") == {"A1.2"}
    assert shown(f"&department={second.id}") == {"A1.2"}
    assert shown("&status=approved") == set()


def test_bulk_approve_from_the_queue_goes_through_the_one_transition(app, team, client, auth):
    sent_for_review(team, "A1.1", "A1.2", "A1.3")
    auth.login(user=team.quality)
    versions = {c: result_for(team.round, c).version for c in ("A1.1", "A1.2")}
    response = client.post(f"/workflow/review?round={team.round.id}",
                           data={"selected": [f"{c}:{v}" for c, v in versions.items()], "action": "approve"})
    assert response.status_code == 302
    assert statuses(app, team, "A1.1", "A1.2", "A1.3") == {"A1.1": "approved", "A1.2": "approved", "A1.3": "submitted"}
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã duyệt 2 tiêu chí." in page and 'data-code="A1.3"' in page and 'data-code="A1.1"' not in page


def test_a_refused_bulk_names_each_refusal_keeps_the_comment_and_writes_nothing(app, team, client, auth):
    sent_for_review(team, "A1.1")
    assign_to(team, ["A1.2"])
    auth.login(user=team.quality)
    seen = [f"{c}:{result_for(team.round, c).version}" for c in ("A1.1", "A1.2")]
    response = client.post(f"/workflow/review?round={team.round.id}&status=all",
                           data={"selected": seen, "action": "return", "comment": "Bổ sung ảnh chụp bảng tin"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'data-refused="A1.2"' in page and 'data-refused="A1.1"' not in page
    assert "Bổ sung ảnh chụp bảng tin</textarea>" in page
    assert statuses(app, team, "A1.1", "A1.2") == {"A1.1": "submitted", "A1.2": "draft"}


def test_open_one_return_it_with_a_comment_and_land_on_the_next(app, team, client, auth):
    sent_for_review(team, "A1.1", "A1.2", "A1.3")
    auth.login(user=team.quality)
    opened = client.get(f"/workflow/review?round={team.round.id}&open=A1.2").get_data(as_text=True)
    assert 'data-opened="A1.2"' in opened and 'name="then" value="A1.3"' in opened
    version = result_for(team.round, "A1.2").version
    response = client.post(f"/workflow/review?round={team.round.id}&open=A1.2",
                           data={"selected": f"A1.2:{version}", "action": "return", "comment": "Thiếu minh chứng", "then": "A1.3"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/workflow/review?round={team.round.id}&open=A1.3")
    returned = result_for(team.round, "A1.2")
    assert (returned.review_status, returned.review_comment) == ("returned", "Thiếu minh chứng")


def test_four_eyes_in_the_queue_names_the_criterion_the_reviewer_saved(app, team, client, auth):
    sent_for_review(team, "A1.1")
    sent_for_review(team, "A1.2", user=team.quality)
    auth.login(user=team.quality)
    seen = [f"{c}:{result_for(team.round, c).version}" for c in ("A1.1", "A1.2")]
    response = client.post(f"/workflow/review?round={team.round.id}", data={"selected": seen, "action": "approve"})
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert 'data-refused="A1.2"' in page and "bốn mắt" in page and 'data-refused="A1.1"' not in page
    assert statuses(app, team, "A1.1", "A1.2") == {"A1.1": "submitted", "A1.2": "submitted"}


def test_the_assessor_has_no_queue(team, client, auth):
    auth.login(user=team.assessor)
    assert client.get("/workflow/review").status_code == 403


# ---------------------------------------------------------------- overdue flags


def test_overdue_assignments_are_flagged_on_the_overview_my_work_and_the_home_page(app, team, client, auth):
    # FIXED_NOW is 01/12/2026 in Viet Nam: due 30/11 is overdue, due 01/12 is not yet.
    assign_to(team, ["A1.1", "A1.2"], due=date(2026, 11, 30))
    assign_to(team, ["A1.3"], due=date(2026, 12, 1))
    sent_for_review(team, "A1.2")  # sent for review: no longer the assessor's to finish
    assign_to(team, ["A1.2"], due=date(2026, 11, 30))
    auth.login(user=team.assessor)
    mine = client.get("/workflow/").get_data(as_text=True)
    assert mine.count("data-overdue>") == 1 and "1 tiêu chí quá hạn" in mine
    assert "1 tiêu chí được giao cho bạn đã quá hạn" in client.get("/").get_data(as_text=True)
    auth.logout()
    auth.login(user=team.quality)
    overview = client.get(f"/rounds/{team.round.id}").get_data(as_text=True)
    assert overview.count("data-overdue ") == 1 and "1 tiêu chí quá hạn phân công" in overview
    only = client.get(f"/rounds/{team.round.id}?review=overdue").get_data(as_text=True)
    assert 'data-code="A1.1"' in only and 'data-code="A1.3"' not in only
    home = client.get("/").get_data(as_text=True)
    assert "1 tiêu chí quá hạn phân công trong bệnh viện" in home and "1 tiêu chí đang chờ duyệt" in home


def test_the_overview_filters_by_review_status(app, team, client, auth):
    sent_for_review(team, "A1.1")
    auth.login(user=team.quality)
    page = client.get(f"/rounds/{team.round.id}?review=submitted").get_data(as_text=True)
    assert 'data-code="A1.1"' in page and 'data-code="A1.2"' not in page


def test_review_many_alone_refuses_a_locked_round(app, team):
    from quality_assess.domain import Locked

    sent_for_review(team, "A1.1")
    with fresh(app):
        round_ = attach(team.round)
        round_.status = "locked"
        with pytest.raises(Locked):
            operations.review_many(round_, "approve", ["A1.1"], user=attach(team.quality))
