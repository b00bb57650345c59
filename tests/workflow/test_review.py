"""Review: draft → submitted → approved, or returned with a comment; one transition for web, API and imports."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from quality_assess.assessments.models import Result
from quality_assess.assessments.operations import Answer, save_result, set_round_status
from quality_assess.database import db
from quality_assess.domain import Forbidden, ValidationError
from quality_assess.history.models import ChangeLog
from quality_assess.workflow.operations import review
from tests.workflow.conftest import answer
from tests.conftest import fresh, reload, scalar, scalars, step

save_result, set_round_status, review = step(save_result), step(set_round_status), step(review)  # steps: each runs in its own fresh session


def test_an_assessor_submits_and_the_quality_office_approves(app, team):
    with fresh(app):
        result = answer(team.result(), team.assessor)
        review(result, "submit", user=team.assessor)
        assert result.review_status == "submitted"
        review(result, "approve", user=team.quality)
        assert result.review_status == "approved"


def test_a_returned_criterion_carries_the_comment_and_can_be_submitted_again(app, team):
    with fresh(app):
        result = answer(team.result(), team.assessor)
        review(result, "submit", user=team.assessor)
        with pytest.raises(ValidationError):
            review(result, "return", user=team.quality, comment="  ")
        review(result, "return", user=team.quality, comment="Thiếu biên bản kiểm tra")
        assert (result.review_status, result.review_comment) == ("returned", "Thiếu biên bản kiểm tra")
        review(result, "submit", user=team.assessor)
        assert result.review_status == "submitted"


@pytest.mark.parametrize(("who", "action", "error"), [
    ("other", "submit", Forbidden),       # not assigned to them
    ("director", "submit", Forbidden),
    ("assessor", "approve", Forbidden),   # assessors do not approve their own work
    ("quality", "approve", ValidationError),  # nothing submitted yet
    ("quality", "explode", ValidationError),
])
def test_refused_transitions(team, who, action, error):
    result = answer(team.result(), team.assessor)
    with pytest.raises(error):
        review(result, action, user=getattr(team, who))
    assert result.review_status == "draft"


def test_an_unanswered_criterion_cannot_be_submitted(team):
    with pytest.raises(ValidationError):
        review(team.result(), "submit", user=team.assessor)


def test_the_web_panel_uses_the_same_transition(team, client, auth):
    answer(team.result(), team.assessor)
    auth.login(user=team.assessor)
    response = client.post(f"/workflow/rounds/{team.round.id}/results/A1.1/review", data={"action": "approve", "next": "/workflow/"})
    assert response.headers["Location"] == "/workflow/"
    assert team.result().review_status == "draft"
    client.post(f"/workflow/rounds/{team.round.id}/results/A1.1/review", data={"action": "submit", "next": "https://evil.example/"})
    assert team.result().review_status == "submitted"


def test_the_api_uses_the_same_transition(team, api):
    answer(team.result(), team.assessor)
    url = f"/api/v1/rounds/{team.round.id}/results/A1.1/review"
    assessor, quality = api(team.assessor), api(team.quality)
    assert assessor.post(url, json={"action": "submit"}).get_json()["review_status"] == "submitted"
    refused = assessor.post(url, json={"action": "approve"})
    assert refused.status_code == 403 and "Quản lý chất lượng" in refused.get_json()["error"]
    bad = quality.post(url, json={"action": "return"})
    assert bad.status_code == 400 and "nhận xét" in bad.get_json()["error"]
    body = quality.post(url, json={"action": "return", "comment": "Bổ sung ảnh"}).get_json()
    assert (body["review_status"], body["review_comment"]) == ("returned", "Bổ sung ảnh")
    assert quality.post(url, data="x").status_code == 400
    assert quality.post(f"/api/v1/rounds/{team.round.id}/results/Z9.9/review", json={"action": "submit"}).status_code == 404


def test_an_import_reviews_many_criteria_in_one_transaction(app, team):
    with fresh(app):
        for code in ("A1.1", "A1.2"):
            save_result(team.result(code), Answer(finding=True), user=team.quality)
            review(team.result(code), "submit", user=team.quality)
        db.session.commit()
        assert {r.review_status for r in scalars(app, sa.select(Result).where(Result.review_status == "submitted"))} == {"submitted"}


@step
def approve_everything(team, reviewer) -> None:
    """The quality office answers every criterion; another of its members approves them (four eyes)."""
    for result in db.session.scalars(sa.select(Result).where(Result.round_id == team.round.id, Result.not_applicable.is_(False))):
        save_result(result, Answer(finding=True), user=team.quality)
        review(result, "submit", user=team.quality)
        review(result, "approve", user=reviewer)
    db.session.commit()


def test_a_round_is_submitted_only_when_every_applicable_criterion_is_approved(app, team):
    with pytest.raises(ValidationError) as refused:
        set_round_status(team.round, "submitted", user=team.quality)
    assert "83 tiêu chí chưa được duyệt" in refused.value.text()
    approve_everything(team, team.reviewer)
    set_round_status(team.round, "submitted", user=team.quality)
    round_ = reload(app, team.round)
    assert round_.status == "submitted" and round_.submit_override_reason is None


def test_the_quality_office_may_submit_early_with_a_written_reason(app, team):
    with pytest.raises(Forbidden):
        set_round_status(team.round, "submitted", user=team.director, override_reason="Hết hạn")
    set_round_status(team.round, "submitted", user=team.quality, override_reason="Sở Y tế yêu cầu nộp trước 30/11")
    round_ = reload(app, team.round)
    assert round_.status == "submitted" and round_.submit_override_reason == "Sở Y tế yêu cầu nộp trước 30/11"
    logged = scalar(app, sa.select(ChangeLog).where(ChangeLog.field == "submit_override_reason"))
    assert logged.new == "Sở Y tế yêu cầu nộp trước 30/11" and logged.user_id == team.quality.id


def test_the_submit_page_asks_for_the_reason(app, team, client, auth):
    auth.login(user=team.quality)
    page = client.get(f"/workflow/rounds/{team.round.id}/submit").get_data(as_text=True)
    assert "Còn 83 tiêu chí áp dụng chưa được duyệt" in page
    client.post(f"/workflow/rounds/{team.round.id}/submit", data={"override_reason": ""})
    assert reload(app, team.round).status == "draft"
    client.post(f"/workflow/rounds/{team.round.id}/submit", data={"override_reason": "Nộp theo yêu cầu của Sở"})
    assert reload(app, team.round).status == "submitted"


def test_approving_an_answer_changed_since_the_page_was_opened_is_refused(team, api):
    result = answer(team.result(), team.assessor)
    review(result, "submit", user=team.assessor)
    seen = result.version
    save_result(result, Answer(finding=True), user=team.assessor)  # the assessor changes the answer meanwhile
    url = f"/api/v1/rounds/{team.round.id}/results/A1.1/review"
    stale = api(team.quality).post(url, json={"action": "approve", "version": seen})
    assert stale.status_code == 409 and "vừa được thay đổi" in stale.get_json()["error"]
    assert team.result().review_status == "submitted"
    assert api(team.quality).post(url, json={"action": "approve", "version": team.result().version}).status_code == 200
