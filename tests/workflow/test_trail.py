"""The audit trail: old → new for answers, reviews, assignments; per criterion and per round; .xlsx."""
from __future__ import annotations

import io

from flask import render_template
from flask_login import login_user
from openpyxl import load_workbook

from quality_assess.workflow.evidence import add_evidence
from quality_assess.workflow.operations import assign, criteria_of, review
from tests.workflow.conftest import PDF, answer
from tests.conftest import fresh, step

add_evidence, assign, criteria_of, review = step(add_evidence), step(assign), step(criteria_of), step(review)  # steps: each runs in its own fresh session


def busy_round(team):
    """A criterion answered, submitted, returned with a comment; another reassigned."""
    result = answer(team.result(), team.assessor)
    review(result, "submit", user=team.assessor)
    review(result, "return", user=team.quality, comment="Thiếu ảnh chụp")
    assign(team.round, criteria_of("A2.1"), lead=team.department, assessors=[team.other], user=team.quality)
    return result


def test_the_round_history_shows_old_and_new_values_readably(team, client, auth):
    busy_round(team)
    auth.login(user=team.director)
    html = client.get(f"/workflow/rounds/{team.round.id}/history").get_data(as_text=True)
    assert "Trạng thái duyệt" in html and "Chờ duyệt" in html and "Bị trả lại" in html and "Thiếu ảnh chụp" in html
    assert "Có phát hiện mức 1" in html and "không" in html  # finding_l1 false, shown in Vietnamese
    assert ">false<" not in html and ">true<" not in html
    assert "Người đánh giá" in html and "Trần Văn Bình" in html


def test_the_history_filters_by_criterion_and_user(team, client, auth):
    busy_round(team)
    auth.login(user=team.quality)
    by_criterion = client.get(f"/workflow/rounds/{team.round.id}/history?criterion=A2.1").get_data(as_text=True)
    assert "Trần Văn Bình" in by_criterion and "Thiếu ảnh chụp" not in by_criterion
    by_user = client.get(f"/workflow/rounds/{team.round.id}/history?user={team.assessor.id}").get_data(as_text=True)
    assert "Chờ duyệt" in by_user and "Thiếu ảnh chụp" not in by_user


def test_the_history_exports_to_xlsx(team, client, auth):
    busy_round(team)
    auth.login(user=team.quality)
    response = client.get(f"/workflow/rounds/{team.round.id}/history?criterion=A1.1&format=xlsx")
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = [tuple(c.value for c in row) for row in sheet.iter_rows(min_row=3)]
    assert ("A1.1", "Tiêu chí", "Trạng thái duyệt", "Chờ duyệt", "Bị trả lại") in [r[2:] for r in rows]
    assert all(r[2] == "A1.1" for r in rows)


def test_assessors_cannot_read_the_round_history(team, client, auth):
    auth.login(user=team.assessor)
    assert client.get(f"/workflow/rounds/{team.round.id}/history").status_code == 403


def test_another_hospital_cannot_read_the_round_history(team, client, auth, make):
    auth.login(user=make.user("quality", hospital=make.hospital()))
    assert client.get(f"/workflow/rounds/{team.round.id}/history").status_code == 404


def render_panel(app, team, user) -> str:
    result = team.result()
    with app.test_request_context(f"/rounds/{team.round.id}/criteria/A1.1"):
        login_user(user)
        return render_template("workflow/_criterion_panel.html", round=team.round, result=result, criterion=result.criterion)


def test_the_criterion_panel_shows_evidence_review_buttons_and_history(app, team):
    team.assessor, team.other, team.director, team.quality  # the team is built before the block writes
    with fresh(app):
        busy_round(team)
        add_evidence(team.result(), io.BytesIO(PDF), "Biên bản.pdf", user=team.assessor)
        for_assessor = render_panel(app, team, team.assessor)
        assert "Biên bản.pdf" in for_assessor and "Gửi duyệt" in for_assessor and "Tải lên" in for_assessor
        assert 'value="approve"' not in for_assessor and "Lịch sử thay đổi" not in for_assessor
        for_director = render_panel(app, team, team.director)
        assert "Biên bản.pdf" in for_director and "Tải lên" not in for_director and "Bị trả lại" in for_director
        assert "Thiếu ảnh chụp" in for_director and "Lịch sử thay đổi" in for_director
