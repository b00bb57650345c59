"""Rounds: creation, answers, status and locking, through the operations layer."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from quality_assess.assessments.models import Result
from quality_assess.assessments.operations import Answer, create_round, save_result, set_round_status, summarize_round
from quality_assess.catalog.models import Criterion
from quality_assess.database import db
from quality_assess.domain import Locked, StaleEdit, ValidationError
from quality_assess.history.models import ChangeLog
from tests.conftest import attach, fresh, scalars, step

create_round, save_result, set_round_status, summarize_round = step(create_round), step(save_result), step(set_round_status), step(summarize_round)  # steps: each runs in its own fresh session

ALL_MET = {2: True, 3: True, 4: True, 5: True}


@step
def result_for(round_, code):
    return db.session.scalar(sa.select(Result).join(Result.criterion).where(Result.round_id == round_.id, Criterion.code == code))


@pytest.mark.parametrize(("name", "year", "kind", "field"), [("", 2026, "self", "name"), ("Đợt 1", "năm nay", "self", "year"), ("Đợt 1", 1990, "self", "year"), ("Đợt 1", 2026, "other", "kind")])
def test_round_fields_are_validated(make, name, year, kind, field):
    with pytest.raises(ValidationError) as exc:
        create_round(make.default_hospital(), name=name, year=year, kind=kind, user=None)
    assert exc.value.field == field


def test_saving_answers_computes_the_level_and_records_who_changed_what(app, make):
    user = make.user("assessor")
    round_ = make.round()
    result = save_result(result_for(round_, "A1.1"), Answer(finding=False, met={2: True, 3: True, 4: False, 5: True}, note="Thiếu bảng chỉ dẫn"), user=user)
    assert result.level == 3 and result.updated_by == user
    changes = {c.field: (c.old, c.new) for c in scalars(app, sa.select(ChangeLog).where(ChangeLog.entity == "result"))}
    assert changes["level"] == (None, "3") and changes["met_l4"] == (None, "false")


def test_not_applicable_needs_a_reason_and_leaves_the_denominator(app, make):
    with fresh(app):
        round_ = make.round()
        with pytest.raises(ValidationError):
            save_result(result_for(round_, "C10.1"), Answer(not_applicable=True, na_reason="  "), user=None)
        db.session.rollback()
        save_result(result_for(round_, "C10.1"), Answer(not_applicable=True, na_reason="Bệnh viện hạng IV"), user=None)
        assert summarize_round(round_).applicable == 82


def test_sub_item_answers_decide_the_level_when_items_are_loaded(app, make):
    with fresh(app):
        make.sub_items("A1.1")  # synthetic items: 3 at level 1, 3 at level 2, 2 at 3, 2 at 4, 1 at 5
        round_ = make.round()
        items = {"A1.1-1.1": "absent", "A1.1-1.2": "absent", "A1.1-1.3": "absent", "A1.1-2.4": "met", "A1.1-2.5": "met", "A1.1-2.6": "na",
                 "A1.1-3.7": "met", "A1.1-3.8": "unmet", "A1.1-4.9": "met", "A1.1-4.10": "met", "A1.1-5.11": "met"}
        assert save_result(result_for(round_, "A1.1"), Answer(items=items), user=None).level == 2
        with pytest.raises(ValidationError) as exc:
            save_result(result_for(round_, "A1.1"), Answer(finding=False, met=ALL_MET), user=None)
        assert exc.value.field == "items"
        db.session.rollback()
        with pytest.raises(ValidationError) as exc:
            save_result(result_for(round_, "A1.1"), Answer(items={"A1.1-1.1": "met"}), user=None)
        assert exc.value.field == "items.A1.1-1.1"


def test_a_stale_version_is_refused_and_nothing_is_overwritten(app, make):
    with fresh(app):
        round_ = make.round()
        result = result_for(round_, "B1.1")
        save_result(result, Answer(finding=False, met=ALL_MET), user=None)
        db.session.commit()
        with pytest.raises(StaleEdit):
            save_result(result, Answer(finding=True, met={}), user=None, expected_version=1)
        db.session.rollback()
        assert result_for(round_, "B1.1").level == 5


def test_a_locked_round_cannot_change_and_keeps_a_snapshot(app, make):
    office = make.user("quality")
    with fresh(app):
        round_ = attach(make.round())
        save_result(result_for(round_, "A1.1"), Answer(finding=False, met={2: True, 3: False}), user=None)
        set_round_status(round_, "submitted", user=attach(office), override_reason="Thử nghiệm: nộp khi chưa duyệt đủ")
        set_round_status(round_, "locked", user=None)
        assert round_.snapshot["levels"]["2"]["count"] == 1
        with pytest.raises(Locked):
            save_result(result_for(round_, "A1.1"), Answer(finding=True), user=None)
        with pytest.raises(Locked):
            set_round_status(round_, "draft", user=None)


def test_status_changes_follow_draft_submitted_locked(make):
    round_ = make.round()
    with pytest.raises(ValidationError):
        set_round_status(round_, "locked", user=None)
    set_round_status(round_, "submitted", user=make.user("quality"), override_reason="Thử nghiệm: nộp khi chưa duyệt đủ")
    set_round_status(round_, "draft", user=None)
    assert round_.status == "draft"


def test_a_round_from_an_earlier_one_copies_applicability_and_notes_never_levels(make):
    first = make.round(year=2025)
    save_result(result_for(first, "A1.1"), Answer(finding=False, met=ALL_MET, note="Đã có biển hiệu"), user=None)
    save_result(result_for(first, "C10.1"), Answer(not_applicable=True, na_reason="Không nghiên cứu"), user=None)
    second = make.round(year=2026, source=first)
    assert result_for(second, "A1.1").level is None and result_for(second, "A1.1").note == "Đã có biển hiệu"
    assert result_for(second, "C10.1").not_applicable


def test_changing_an_approved_answer_withdraws_the_approval_but_a_note_does_not(app, make):
    with fresh(app):
        round_ = make.round()
        result = result_for(round_, "D1.1")
        save_result(result, Answer(finding=False, met={2: True, 3: False}), user=None)
        result.review_status = "approved"
        db.session.commit()
        save_result(result, Answer(finding=False, met={2: True, 3: False}, note="Bổ sung ghi chú"), user=None)
        assert result.review_status == "approved"
        save_result(result, Answer(finding=False, met={2: True, 3: True, 4: False}), user=None)
        assert result.review_status == "draft" and result.level == 3
        trail = scalars(app, sa.select(ChangeLog).where(ChangeLog.field == "review_status"))
        assert [(c.old, c.new) for c in trail] == [("approved", "draft")]
