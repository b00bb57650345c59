"""Assignments: who may answer which criterion, the chapter mapping, the version check."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from quality_assess.domain import StaleEdit
from quality_assess.history.models import ChangeLog
from quality_assess.workflow import hooks as hooks_module
from quality_assess.workflow.mapping import load_mapping
from quality_assess.workflow.models import Assignment
from quality_assess.workflow.operations import apply_mapping, assign, criteria_of
from tests.conftest import fresh, scalar, scalars, step, steps

hooks = steps(hooks_module)  # each function runs as a step in its own fresh session

apply_mapping, assign, criteria_of = step(apply_mapping), step(assign), step(criteria_of)  # steps: each runs in its own fresh session


def test_an_assessor_may_answer_only_the_criteria_assigned_to_them(team):
    assert hooks.may_answer(team.assessor, team.result("A1.1"))
    assert not hooks.may_answer(team.assessor, team.result("A1.2"))
    assert not hooks.may_answer(team.other, team.result("A1.1"))


def test_the_quality_office_may_answer_everything_and_the_director_nothing(team):
    assert hooks.may_answer(team.quality, team.result("C9.1"))
    assert not hooks.may_answer(team.director, team.result("A1.1"))


def test_a_user_of_another_hospital_may_not_answer(team, make):
    stranger = make.user("quality", hospital=make.hospital())
    assert not hooks.may_answer(stranger, team.result("A1.1"))


def test_a_whole_chapter_is_assigned_at_once_and_recorded(app, team):
    with fresh(app):
        assign(team.round, criteria_of("C4"), lead=team.department, assessors=[team.other], user=team.quality)
        assert all(hooks.may_answer(team.other, team.result(f"C4.{n}")) for n in range(1, 7))
        assert hooks.responsible_departments(team.round.id)["C4.6"] == "Khoa Khám bệnh"
        logged = scalars(app, sa.select(ChangeLog).where(ChangeLog.entity == "assignment", ChangeLog.criterion_code == "C4.1"))
        assert {(c.field, c.old, c.new) for c in logged} == {("lead_department", None, "Khoa Khám bệnh"), ("assessors", None, "Trần Văn Bình")}


def test_the_default_mapping_fills_matching_departments_and_lists_the_others(app, team, make):
    with fresh(app):
        make.department("khoa kiểm soát nhiễm khuẩn")  # case differs from the data file
        make.department("Khoa Dược")
        mapping = load_mapping()
        assert mapping["C4"] == "Khoa Kiểm soát nhiễm khuẩn" and mapping["E1"] == "Khoa Sản"
        count, unmatched = apply_mapping(team.round, mapping, user=team.quality)
        departments = hooks.responsible_departments(team.round.id)
        assert departments["C4.1"] == "khoa kiểm soát nhiễm khuẩn" and departments["C9.6"] == "Khoa Dược"
        assert departments["A1.1"] == "Khoa Khám bệnh"  # already assigned: kept
        assert "Khoa Sản" in unmatched and "Khoa Dược" not in unmatched
        assert count == 6 + 6 + 5  # C4, C9 and the rest of A1 (Khoa Khám bệnh exists)


def test_a_stale_assignment_form_is_refused(app, team):
    current = scalar(app, sa.select(Assignment).where(Assignment.round_id == team.round.id))
    seen = current.version
    assign(team.round, criteria_of("A1.1"), lead=None, assessors=[team.other], user=team.quality, expected_version=seen)
    with pytest.raises(StaleEdit):
        assign(team.round, criteria_of("A1.1"), lead=None, assessors=[team.assessor], user=team.quality, expected_version=seen)
    assert hooks.may_answer(team.other, team.result()) and not hooks.may_answer(team.assessor, team.result())


def test_the_assignment_page_keeps_what_was_typed_after_a_collision(team, client, auth):
    auth.login(user=team.quality)
    page = client.get(f"/workflow/rounds/{team.round.id}/assignments?target=A1.1")
    assert page.status_code == 200 and "Khoa Khám bệnh" in page.get_data(as_text=True)
    assign(team.round, criteria_of("A1.1"), lead=None, assessors=[team.other], user=team.quality)  # someone else saves
    response = client.post(f"/workflow/rounds/{team.round.id}/assignments", data={
        "target": "A1.1", "lead_department_id": team.department.id, "assessor_ids": [team.assessor.id], "due_date": "2026-12-01", "version": 1,
    })
    html = response.get_data(as_text=True)
    assert "vừa được người khác thay đổi" in html and 'value="2026-12-01"' in html and "Trần Văn Bình" in html
    assert not hooks.may_answer(team.assessor, team.result())


def test_only_managers_change_assignments(team, client, auth):
    auth.login(user=team.assessor)
    response = client.post(f"/workflow/rounds/{team.round.id}/assignments", data={"target": "A1.2", "assessor_ids": [team.assessor.id]})
    assert response.status_code == 403


def test_my_criteria_show_progress(team, client, auth):
    auth.login(user=team.assessor)
    html = client.get("/workflow/").get_data(as_text=True)
    assert "A1.1" in html and "A1.2" not in html and "0/1" in html
