"""Four eyes: whoever saved an answer does not approve it (on by default; a hospital may switch it
off, and the switch is recorded). One rule in the review transition, so web, API and imports alike."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from quality_assess.assessments.operations import Answer, save_result
from quality_assess.domain import Forbidden
from quality_assess.history.models import ChangeLog
from quality_assess.org.models import Hospital
from quality_assess.workflow.operations import review
from tests.conftest import fresh, reload, scalar, scalars, step
from tests.reports.test_workbook import edited, export, row_of, upload
from tests.workflow.conftest import answer

save_result, review = step(save_result), step(review)  # steps: each runs in its own fresh session

ANSWER = {"level1_finding": False, "met": {"2": True, "3": False}}


def api_url(team, what: str = "review") -> str:
    return f"/api/v1/rounds/{team.round.id}/results/A1.1" + (f"/{what}" if what else "")


def test_whoever_saved_the_answer_cannot_approve_it_through_the_api(team, api):
    quality, reviewer = api(team.quality), api(team.reviewer)
    assert quality.put(api_url(team, ""), json=ANSWER).status_code == 200
    assert quality.post(api_url(team), json={"action": "submit"}).status_code == 200

    refused = quality.post(api_url(team), json={"action": "approve"})
    assert refused.status_code == 403 and "Nguyên tắc bốn mắt" in refused.get_json()["error"]
    assert team.result().review_status == "submitted"
    approved = reviewer.post(api_url(team), json={"action": "approve"})
    assert approved.status_code == 200 and approved.get_json()["review_status"] == "approved"


def test_the_web_panel_offers_approval_only_to_someone_else(team, client, auth):
    answer(team.result(), team.quality)
    review(team.result(), "submit", user=team.quality)
    page = f"/rounds/{team.round.id}/criteria/A1.1"

    auth.login(user=team.quality)
    html = client.get(page).get_data(as_text=True)
    assert "theo nguyên tắc bốn mắt, một người khác sẽ duyệt" in html and 'value="approve"' not in html
    response = client.post(f"/workflow/rounds/{team.round.id}/results/A1.1/review", data={"action": "approve", "next": page}, follow_redirects=True)
    assert "Nguyên tắc bốn mắt" in response.get_data(as_text=True)
    assert team.result().review_status == "submitted"
    auth.logout()

    auth.login(user=team.reviewer)
    assert 'value="approve"' in client.get(page).get_data(as_text=True)
    client.post(f"/workflow/rounds/{team.round.id}/results/A1.1/review", data={"action": "approve", "next": page})
    assert team.result().review_status == "approved"


def test_the_assessors_answer_is_approved_by_the_quality_office(team):
    result = answer(team.result(), team.assessor)
    review(result, "submit", user=team.assessor)
    assert review(team.result(), "approve", user=team.quality).review_status == "approved"


def test_a_later_save_by_someone_else_does_not_clear_the_first_author(app, team):
    answer(team.result(), team.quality)
    save_result(team.result(), Answer(finding=False, met={2: True, 3: True, 4: False, 5: False}, note="Đã bổ sung biên bản"), user=team.reviewer)
    review(team.result(), "submit", user=team.quality)
    for author in (team.quality, team.reviewer):  # both saved this answer
        with pytest.raises(Forbidden, match="bốn mắt"):
            review(team.result(), "approve", user=author)
    third = team.make.user("quality")
    assert review(team.result(), "approve", user=third).review_status == "approved"


def test_the_rule_looks_at_saves_since_the_last_approval(team):
    """The reviewer answered in an earlier cycle that someone else approved; the assessor changed the
    answer since: this time the reviewer may approve, the assessor's work being the one under review."""
    answer(team.result(), team.reviewer)
    review(team.result(), "submit", user=team.reviewer)
    review(team.result(), "approve", user=team.quality)
    save_result(team.result(), Answer(finding=True), user=team.assessor)   # back to draft: a new answer
    review(team.result(), "submit", user=team.assessor)
    assert review(team.result(), "approve", user=team.reviewer).review_status == "approved"


def test_four_eyes_are_on_for_every_hospital_new_or_migrated(app, make):
    assert make.hospital().four_eyes is True
    with fresh(app) as session:  # a row written without the column (as the migration found them) gets the server default
        session.execute(sa.text("INSERT INTO hospitals (name, grade, province, address, director_name, has_obstetrics, has_paediatrics, "
                                "xsd_target, xsd_bands, created_at) VALUES ('Bệnh viện cũ', '', '', '', '', true, true, 85, '[]', "
                                "'2026-01-01 00:00:00')"))
    assert scalar(app, sa.select(Hospital.four_eyes).where(Hospital.name == "Bệnh viện cũ")) is True


def test_a_small_hospital_switches_four_eyes_off_with_a_reason_and_the_switch_is_recorded(app, team, client, auth, api):
    auth.login(user=team.quality)
    response = client.post("/hospital/four-eyes", data={"reason": ""}, follow_redirects=True)
    assert "Cần ghi lý do khi tắt nguyên tắc bốn mắt." in response.get_data(as_text=True)
    assert reload(app, team.round.hospital).four_eyes is True

    reason = "Phòng QLCL chỉ có một người"
    response = client.post("/hospital/four-eyes", data={"reason": reason}, follow_redirects=True)
    assert "Đã tắt nguyên tắc bốn mắt." in response.get_data(as_text=True) and "Đang tắt" in response.get_data(as_text=True)
    assert reload(app, team.round.hospital).four_eyes is False
    trail = {c.field: (c.old, c.new, c.user_id) for c in scalars(app, sa.select(ChangeLog).where(ChangeLog.entity == "hospital"))}
    assert trail == {"four_eyes": ("true", "false", team.quality.id), "four_eyes_reason": (None, reason, team.quality.id)}

    quality = api(team.quality)  # now the one person of the office answers and approves
    quality.put(api_url(team, ""), json=ANSWER)
    quality.post(api_url(team), json={"action": "submit"})
    assert quality.post(api_url(team), json={"action": "approve"}).status_code == 200

    client.post("/hospital/four-eyes", data={"four_eyes": "y"})
    assert reload(app, team.round.hospital).four_eyes is True
    switched = scalars(app, sa.select(ChangeLog.new).where(ChangeLog.entity == "hospital", ChangeLog.field == "four_eyes").order_by(ChangeLog.id))
    assert switched == ["false", "true"]


@pytest.mark.parametrize("role", ["assessor", "director", "ksnk_lead"])
def test_only_hospital_managers_switch_four_eyes(app, client, auth, make, role):
    auth.login(role)
    assert client.post("/hospital/four-eyes", data={"reason": "Thử"}).status_code == 403
    assert make.default_hospital().four_eyes is True


def test_answers_brought_in_by_a_workbook_import_are_the_importers(team, client, auth, api):
    auth.login(user=team.quality)
    data = export(client, team.round)
    upload(client, team.round, edited(data, "Tiêu chí", {f"L{row_of(data, 'A1.2')}": 4}))
    client.post(f"/reports/rounds/{team.round.id}/import/confirm")
    assert team.result("A1.2").level == 4
    auth.logout()  # the API calls below speak for their token's user only
    url = f"/api/v1/rounds/{team.round.id}/results/A1.2/review"
    assert api(team.quality).post(url, json={"action": "submit"}).status_code == 200
    assert api(team.quality).post(url, json={"action": "approve"}).status_code == 403
    assert api(team.reviewer).post(url, json={"action": "approve"}).status_code == 200
