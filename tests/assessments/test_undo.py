"""Undo and correction: rename a round, delete a draft one, reopen a locked one, a chapter not applicable and back."""
from __future__ import annotations

import io

import sqlalchemy as sa

from quality_assess.assessments.models import Result, RoundVersion
from quality_assess.assessments.operations import set_round_status
from quality_assess.catalog.models import Criterion
from quality_assess.database import db
from quality_assess.history.models import ChangeLog
from quality_assess.workflow.evidence import add_evidence, evidence_path
from quality_assess.workflow.models import Evidence
from tests.assessments.conftest import result_of
from tests.conftest import attach, count_rows, fresh, reload, scalar, scalars


def trail(app, round_id, field):
    return scalars(app, sa.select(ChangeLog).where(ChangeLog.entity == "round", ChangeLog.entity_id == round_id, ChangeLog.field == field))


def lock(app, round_, user):
    with fresh(app):
        set_round_status(attach(round_), "submitted", user=attach(user), override_reason="Kiểm thử")
        set_round_status(attach(round_), "locked", user=attach(user))
        db.session.commit()


# ---------------------------------------------------------------- rename


def test_the_quality_office_renames_a_round_and_the_trail_keeps_the_old_name(app, client, auth, make):
    round_ = make.round(name="Tự đánh giá 6 tháng")
    auth.login("quality")
    response = client.post(f"/rounds/{round_.id}/rename", data={"name": "Tự đánh giá 6 tháng đầu năm 2026"})
    assert response.status_code == 302
    assert reload(app, round_).name == "Tự đánh giá 6 tháng đầu năm 2026"
    [row] = trail(app, round_.id, "name")
    assert (row.old, row.new) == ("Tự đánh giá 6 tháng", "Tự đánh giá 6 tháng đầu năm 2026")


def test_a_blank_name_is_refused_and_a_locked_round_keeps_its_name(app, client, auth, make):
    round_ = make.round(name="Đợt 1")
    manager = auth.login("quality")
    blank = client.post(f"/rounds/{round_.id}/rename", data={"name": "   "})
    assert blank.status_code == 400 and 'flash-error' in blank.get_data(as_text=True)  # the form again, saying why
    assert reload(app, round_).name == "Đợt 1"
    lock(app, round_, manager)
    assert client.post(f"/rounds/{round_.id}/rename", data={"name": "Đợt khác"}).status_code == 409
    assert reload(app, round_).name == "Đợt 1"


# ---------------------------------------------------------------- delete a draft round


def test_a_draft_round_is_deleted_after_a_confirmation_page_with_its_evidence_files(app, client, auth, make):
    manager = make.user("quality")
    round_ = make.round(name="Tạo nhầm")
    with fresh(app):
        evidence = add_evidence(result_of(round_, "A1.1"), io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "minh-chung.pdf", user=attach(manager))
        db.session.commit()
        path = evidence_path(evidence)
    assert path.exists()
    auth.login(user=manager)

    page = client.get(f"/rounds/{round_.id}/delete").get_data(as_text=True)
    assert "Xóa đợt đánh giá “Tạo nhầm”?" in page and "không thể khôi phục" in page
    assert reload(app, round_) is not None  # the page alone deletes nothing

    client.post(f"/rounds/{round_.id}/delete")  # not from the page: nothing is deleted
    assert reload(app, round_) is not None
    response = client.post(f"/rounds/{round_.id}/delete", data={"confirmed": "1"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/rounds/")
    assert reload(app, round_) is None
    assert scalar(app, sa.select(sa.func.count()).select_from(Result).where(Result.round_id == round_.id)) == 0
    assert count_rows(app, Evidence) == 0 and not path.exists()
    [row] = scalars(app, sa.select(ChangeLog).where(ChangeLog.entity == "round", ChangeLog.entity_id == round_.id, ChangeLog.field == "deleted"))
    assert (row.old, row.user_id) == ("Tạo nhầm", manager.id)


def test_a_submitted_round_and_a_round_with_a_plan_are_not_deleted(app, client, auth, make):
    manager = auth.login("quality")
    submitted = make.round(name="Đã nộp")
    with fresh(app):
        set_round_status(attach(submitted), "submitted", user=attach(manager), override_reason="Kiểm thử")
        db.session.commit()
    client.post(f"/rounds/{submitted.id}/delete", data={"confirmed": "1"})
    assert reload(app, submitted) is not None

    from quality_assess.plans.operations import generate_plan
    with_plan = make.round(name="Có kế hoạch")
    with fresh(app):
        generate_plan(attach(with_plan), include_level_3=False, user=attach(manager))
        db.session.commit()
    response = client.post(f"/rounds/{with_plan.id}/delete", data={"confirmed": "1"}, follow_redirects=True)
    assert "kế hoạch cải tiến năm" in response.get_data(as_text=True)
    assert reload(app, with_plan) is not None


def test_a_round_started_from_a_deleted_one_keeps_going(app, client, auth, make):
    auth.login("quality")
    old = make.round(name="2025", year=2025)
    new = make.round(name="2026", source=old)
    client.post(f"/rounds/{old.id}/delete", data={"confirmed": "1"})
    assert reload(app, old) is None and reload(app, new).source_round_id is None


# ---------------------------------------------------------------- reopen a locked round


def test_the_hospital_admin_reopens_a_locked_round_with_a_reason_and_the_locked_version_is_kept(app, client, auth, make, score):
    manager = make.user("quality")
    round_ = make.round()
    score(round_, {"A1.1": 3, "A1.2": 4}, user=manager)
    lock(app, round_, manager)
    locked_mean = reload(app, round_).snapshot["mean"]

    auth.login("admin")
    assert client.post(f"/rounds/{round_.id}/reopen", data={"reason": ""}).status_code == 400
    assert reload(app, round_).status == "locked"  # no reason, no reopening
    response = client.post(f"/rounds/{round_.id}/reopen", data={"reason": "Đoàn kiểm tra phát hiện sai sót ở A1.2"})
    assert response.status_code == 302

    reopened = reload(app, round_)
    assert (reopened.status, reopened.snapshot, reopened.locked_at) == ("draft", None, None)
    [version] = scalars(app, sa.select(RoundVersion).where(RoundVersion.round_id == round_.id))
    assert version.snapshot["mean"] == locked_mean and version.reason == "Đoàn kiểm tra phát hiện sai sót ở A1.2"
    assert version.locked_by_id == manager.id and version.locked_at is not None
    [status] = trail(app, round_.id, "reopen_reason")
    assert status.new == "Đoàn kiểm tra phát hiện sai sót ở A1.2"
    page = client.get(f"/rounds/{round_.id}/reopen").get_data(as_text=True)
    assert "Đoàn kiểm tra phát hiện sai sót ở A1.2" in page  # the earlier version, listed

    # It must go through submission and locking again.
    client.post(f"/rounds/{round_.id}/status/locked")
    assert reload(app, round_).status == "draft"


def test_the_quality_office_cannot_reopen_a_locked_round(app, client, auth, make):
    manager = auth.login("quality")
    round_ = make.round()
    lock(app, round_, manager)
    assert client.post(f"/rounds/{round_.id}/reopen", data={"reason": "Sửa"}).status_code == 403
    assert reload(app, round_).status == "locked"


def test_the_installation_admin_reopens_a_round_of_their_hospital(app, client, auth, make):
    manager = make.user("quality")
    round_ = make.round()
    lock(app, round_, manager)
    auth.login("assessor", installation_role="admin")
    assert client.post(f"/rounds/{round_.id}/reopen", data={"reason": "Khôi phục sau sự cố"}).status_code == 302
    assert reload(app, round_).status == "draft"


# ---------------------------------------------------------------- a chapter not applicable, and undo


def chapter_state(app, round_, chapter):
    """criterion code → (not applicable, reason, level) for the chapter's criteria, as committed."""
    with fresh(app):
        rows = db.session.execute(
            sa.select(Criterion.code, Result.not_applicable, Result.na_reason, Result.level)
            .join(Result, Result.criterion_id == Criterion.id)
            .where(Result.round_id == round_.id, Criterion.code.like(f"{chapter}.%"))
        ).all()
    return {code: (na, reason, level) for code, na, reason, level in rows}


def test_a_whole_chapter_is_made_not_applicable_with_one_reason_and_undone(app, client, auth, make, score):
    round_ = make.round()
    score(round_, {"A1.1": 3})
    with fresh(app):
        from quality_assess.assessments.operations import Answer, save_result
        save_result(result_of(round_, "A1.2"), Answer(not_applicable=True, na_reason="Lý do riêng"), user=None)
        db.session.commit()
    before = chapter_state(app, round_, "A1")
    auth.login("quality")

    client.post(f"/rounds/{round_.id}/chapters/A1/not-applicable", data={"reason": "Khoa chưa hoạt động trong năm"})
    during = chapter_state(app, round_, "A1")
    assert during["A1.1"] == (True, "Khoa chưa hoạt động trong năm", None)
    assert during["A1.2"] == (True, "Lý do riêng", None)  # already N/A: keeps its own reason
    assert all(na for na, _reason, _level in during.values())
    page = client.get(f"/rounds/{round_.id}").get_data(as_text=True)
    assert "Hoàn tác: chương A1 áp dụng trở lại" in page

    client.post(f"/rounds/{round_.id}/chapters/A1/not-applicable/undo")
    assert chapter_state(app, round_, "A1") == before  # A1.1 back at Mức 3 with its answers
    fields = {row.field for row in scalars(app, sa.select(ChangeLog).where(ChangeLog.round_id == round_.id, ChangeLog.criterion_code == "A1.1"))}
    assert {"not_applicable", "na_reason", "level"} <= fields


def test_a_chapter_needs_a_reason(app, client, auth, make):
    round_ = make.round()
    auth.login("quality")
    client.post(f"/rounds/{round_.id}/chapters/A1/not-applicable", data={"reason": " "})
    assert not any(na for na, _r, _l in chapter_state(app, round_, "A1").values())


