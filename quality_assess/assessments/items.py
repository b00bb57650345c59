"""Rounds of a yes/no framework (TT 35/2024): one answer per item, Có / Không / Không áp dụng with a reason.

Operations validate, change, record history and flush (the request commits), like assessments/operations.py.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from quality_assess import limits
from quality_assess.assessments import scoring_tt35
from quality_assess.assessments.models import ItemResult, Round
from quality_assess.assessments.rules import ensure_editable
from quality_assess.auth.models import User
from quality_assess.catalog.models import QD6858, Framework, FrameworkItem
from quality_assess.database import db, utcnow
from quality_assess.domain import StaleEdit, ValidationError
from quality_assess.history.models import record
from quality_assess.i18n import nfc
from quality_assess.org.models import Department

ANSWER_LABELS = {"yes": _l("Có"), "no": _l("Không"), "na": _l("Không áp dụng")}


def frameworks() -> list[Framework]:
    return list(db.session.scalars(sa.select(Framework).order_by(Framework.position, Framework.id)))


def framework_by_code(code: str | None) -> Framework:
    """The framework of that code (None: the 83 criteria); an unknown code is refused naming the field."""
    framework = db.session.scalar(sa.select(Framework).where(Framework.code == (code or QD6858)))
    if framework is None:
        known = ", ".join(f.code for f in frameworks())
        raise ValidationError("Bộ tiêu chuẩn “%(code)s” không có; chọn một trong: %(known)s.", field="framework",
                              code=code, known=known)
    return framework


def ensure_levels_round(round_: Round, field: str = "round_id") -> None:
    """Refuse a TT 35 round where only a round of the 83 criteria makes sense (levels, means, comparisons)."""
    if round_.yes_no:
        raise ValidationError("Đợt “%(name)s” đánh giá theo %(framework)s: chức năng này chỉ dành cho đợt đánh giá 83 tiêu chí.",
                              field=field, name=round_.name, framework=round_.framework.name)


def framework_items(framework: Framework) -> list[FrameworkItem]:
    return list(db.session.scalars(
        sa.select(FrameworkItem).where(FrameworkItem.framework_id == framework.id).order_by(FrameworkItem.position)
    ))


def create_item_results(round_: Round, framework: Framework, source: Round | None) -> None:
    """One empty answer per item of the framework; from `source` (a round of the same framework) the
    items not applicable with their reasons, and the notes and evidence, as the 83 criteria carry them."""
    items = framework_items(framework)
    if not items:
        raise ValidationError("Chưa nạp danh mục %(name)s: chạy `flask catalog load` trước.", field="framework", name=framework.name)
    previous = {r.item_id: r for r in db.session.scalars(sa.select(ItemResult).where(ItemResult.round_id == source.id))} if source else {}
    for item in items:
        row = ItemResult(round=round_, item=item)
        old = previous.get(item.id)
        if old is not None:
            row.note, row.evidence = old.note, old.evidence
            if old.answer == "na":
                row.answer, row.reason = "na", old.reason
        db.session.add(row)


def item_results(round_: Round) -> list[ItemResult]:
    return list(db.session.scalars(
        sa.select(ItemResult).join(FrameworkItem, ItemResult.item_id == FrameworkItem.id)
        .where(ItemResult.round_id == round_.id)
        .options(joinedload(ItemResult.item), joinedload(ItemResult.updated_by))
        .order_by(FrameworkItem.position)
    ))


def item_result_select(round_: Round, code: str) -> sa.Select[ItemResult]:
    return (sa.select(ItemResult).join(FrameworkItem, ItemResult.item_id == FrameworkItem.id)
            .where(ItemResult.round_id == round_.id, FrameworkItem.code == code)
            .options(joinedload(ItemResult.item)))


def score_round(round_: Round) -> scoring_tt35.Tt35Result:
    return scoring_tt35.score(
        scoring_tt35.ItemAnswer(code=r.item.code, group=r.item.group_code, answer=r.answer, reason=r.reason)
        for r in item_results(round_)
    )


def summary_dict(round_: Round) -> dict[str, object]:
    """What GET /api/v1/rounds/<id>/summary answers for a TT 35 round (and what the lock freezes)."""
    return {"framework": round_.framework.code, **score_round(round_).as_dict()}


@dataclass
class ItemAnswer:
    """What an assessor submits for one item (web form, API or workbook). None keeps the stored text."""

    answer: str | None
    reason: str = ""
    note: str | None = None
    evidence: str | None = None


def _text(value: str | None, field: str, maximum: int, label: str) -> str | None:
    if value is None:
        return None
    value = nfc(value) or ""
    if len(value) > maximum:
        raise ValidationError("%(label)s dài quá %(max)s ký tự.", field=field, label=label, max=maximum)
    return value


def stale_item(row: ItemResult) -> StaleEdit:
    who = row.updated_by.display_name if row.updated_by else _l("người khác")
    return StaleEdit("Mục %(code)s vừa được %(who)s lưu sau khi bạn mở trang. Bản của bạn chưa được lưu.",
                     current=row, code=row.item.code, who=who)


def save_item(row: ItemResult, answer: ItemAnswer, *, user: User | None, expected_version: int | None = None) -> ItemResult:
    """Validate and store one item's answer; "Không áp dụng" needs a reason (field "reason")."""
    ensure_editable(row.round)
    if expected_version is not None and expected_version != row.version:
        raise stale_item(row)
    if answer.answer is not None and answer.answer not in scoring_tt35.ANSWERS:
        raise ValidationError("Câu trả lời phải là Có (yes), Không (no) hoặc Không áp dụng (na).", field="answer")
    reason = _text(answer.reason, "reason", limits.REASON_MAX, "Lý do") or ""
    if answer.answer == "na" and not reason.strip():
        raise ValidationError("Mục %(code)s: cần ghi lý do khi chọn “Không áp dụng”.", field="reason", code=row.item.code)
    note = _text(answer.note, "note", limits.NOTE_MAX, "Ghi chú")
    evidence = _text(answer.evidence, "evidence", limits.NOTE_MAX, "Minh chứng")
    before = {"answer": row.answer, "reason": row.reason, "note": row.note, "evidence": row.evidence}
    row.answer = answer.answer
    row.reason = reason if answer.answer == "na" else ""
    if note is not None:
        row.note = note
    if evidence is not None:
        row.evidence = evidence
    after = {"answer": row.answer, "reason": row.reason, "note": row.note, "evidence": row.evidence}
    if before != after:
        row.updated_at, row.updated_by = utcnow(), user
        if row.review_status in ("approved", "returned"):
            row.review_status = "draft"
        record("item_result", row.id, {k: (before[k], after[k]) for k in before}, user=user,
               hospital_id=row.round.hospital_id, round_id=row.round_id, criterion_code=row.item.code)
    db.session.flush()
    return row


def assign_item(row: ItemResult, department: Department | None, *, user: User | None) -> ItemResult:
    """The department that answers for the item (a department of the round's hospital), or none."""
    ensure_editable(row.round)
    if department is not None and department.hospital_id != row.round.hospital_id:
        raise ValidationError("Khoa/phòng không thuộc bệnh viện này.", field="department")
    old = row.department_id
    row.department_id = department.id if department else None
    record("item_result", row.id, {"department_id": (old, row.department_id)}, user=user,
           hospital_id=row.round.hospital_id, round_id=row.round_id, criterion_code=row.item.code)
    db.session.flush()
    return row


REVIEW_DECISIONS = ("approved", "returned")


def review_item(row: ItemResult, decision: str, comment: str, *, user: User | None) -> ItemResult:
    """The quality office approves an answered item, or returns it with a comment."""
    ensure_editable(row.round)
    if decision not in REVIEW_DECISIONS:
        raise ValidationError("Quyết định phải là duyệt (approved) hoặc trả lại (returned).", field="decision")
    comment = _text(comment, "comment", limits.COMMENT_MAX, "Nhận xét") or ""
    if row.answer is None:
        raise ValidationError("Mục %(code)s chưa được trả lời.", field="answer", code=row.item.code)
    if decision == "returned" and not comment.strip():
        raise ValidationError("Cần ghi nhận xét khi trả lại mục %(code)s.", field="comment", code=row.item.code)
    before = (row.review_status, row.review_comment)
    row.review_status, row.review_comment = decision, comment
    record("item_result", row.id, {"review_status": (before[0], decision), "review_comment": (before[1], comment)},
           user=user, hospital_id=row.round.hospital_id, round_id=row.round_id, criterion_code=row.item.code)
    db.session.flush()
    return row
