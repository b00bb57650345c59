"""Workflow pages by role, CSRF on the panel's forms, and nothing changes once a round is locked."""
from __future__ import annotations

import io
import re

import pytest

from quality_assess.assessments.operations import set_round_status
from quality_assess.domain import Locked
from quality_assess.workflow.operations import assign, criteria_of, review
from tests.workflow.conftest import PDF, answer
from tests.conftest import step

set_round_status, assign, criteria_of, review = step(set_round_status), step(assign), step(criteria_of), step(review)  # steps: each runs in its own fresh session


@pytest.mark.parametrize(("role", "page", "status"), [
    ("quality", "/workflow/", 200), ("assessor", "/workflow/", 200), ("director", "/workflow/", 200),
    ("quality", "assignments", 200), ("assessor", "assignments", 200),
    ("quality", "history", 200), ("director", "history", 200), ("province", "history", 200), ("assessor", "history", 403),
    ("quality", "submit", 200), ("assessor", "submit", 403), ("director", "submit", 403),
])
def test_pages_by_role(team, client, auth, role, page, status):
    auth.login(role)
    url = page if page.startswith("/") else f"/workflow/rounds/{team.round.id}/{page}"
    assert client.get(url).status_code == status


def test_the_assignment_page_lists_every_criterion_with_its_lead(team, client, auth):
    auth.login(user=team.quality)
    html = client.get(f"/workflow/rounds/{team.round.id}/assignments").get_data(as_text=True)
    assert html.count("<strong>") >= 83 and "Khoa Khám bệnh" in html and "Áp dụng gợi ý" in html


def test_the_default_mapping_button_reports_missing_departments(team, client, auth):
    auth.login(user=team.quality)
    html = client.post(f"/workflow/rounds/{team.round.id}/assignments/default", follow_redirects=True).get_data(as_text=True)
    assert "Khoa Dược" in html and "chưa có khoa/phòng trùng tên" in html


def test_panel_forms_carry_a_working_csrf_token(team, client, auth, app):
    answer(team.result(), team.assessor)
    auth.login(user=team.assessor)
    app.config["WTF_CSRF_ENABLED"] = True
    url = f"/workflow/rounds/{team.round.id}/results/A1.1/review"
    assert client.post(url, data={"action": "submit"}).status_code == 400
    page = client.get(f"/workflow/rounds/{team.round.id}/assignments").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    assert client.post(url, data={"action": "submit", "csrf_token": token}).status_code == 302
    assert team.result().review_status == "submitted"


def test_nothing_changes_once_the_round_is_locked(team):
    result = answer(team.result(), team.assessor)
    set_round_status(team.round, "submitted", user=team.quality, override_reason="Khóa để thử")
    set_round_status(team.round, "locked", user=team.quality)
    with pytest.raises(Locked):
        review(result, "submit", user=team.assessor)
    with pytest.raises(Locked):
        assign(team.round, criteria_of("A1.2"), lead=None, assessors=[team.other], user=team.quality)


def test_the_criterion_page_of_the_walk_through_carries_the_panel(team, client, auth):
    auth.login(user=team.assessor)
    answer(team.result(), team.assessor)
    client.post(f"/workflow/rounds/{team.round.id}/results/A1.1/evidence",
                data={"file": (io.BytesIO(PDF), "Biên bản.pdf"), "next": f"/rounds/{team.round.id}/criteria/A1.1"},
                content_type="multipart/form-data")
    page = client.get(f"/rounds/{team.round.id}/criteria/A1.1").get_data(as_text=True)
    assert "Biên bản.pdf" in page and 'value="submit"' in page and "css/workflow.css" in page
    mine = client.get("/workflow/").get_data(as_text=True)
    assert f'href="/rounds/{team.round.id}/criteria/A1.1"' in mine
    overview = client.get(f"/rounds/{team.round.id}").get_data(as_text=True)
    assert re.search(r'A1\.1.*?<td class="num">1</td>', overview, re.S)  # the evidence count
