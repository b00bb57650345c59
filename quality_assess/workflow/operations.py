"""Write operations of the team workflow: assignments, review transitions, round submission.

Each validates, changes, records the change in the audit trail and flushes; the request
(or the CLI command) commits once.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa

from quality_assess.assessments.models import Result, Round
from quality_assess.assessments.operations import unconfirmed_codes
from quality_assess.assessments.rules import ensure_editable
from quality_assess.auth.models import User
from quality_assess.catalog.models import Chapter, Criterion
from quality_assess.database import db, utcnow
from quality_assess.domain import BatchRefused, DomainError, Forbidden, StaleEdit, ValidationError
from quality_assess.history.models import ChangeLog, record
from quality_assess.i18n import nfc
from quality_assess.org.models import Department
from quality_assess.workflow import rules, signals
from quality_assess.workflow.hooks import may_answer
from quality_assess.workflow.models import Assignment

# ---------------------------------------------------------------- assignments


def assignment_for(round_: Round, criterion: Criterion) -> Assignment | None:
    return db.session.scalar(
        sa.select(Assignment).where(Assignment.round_id == round_.id, Assignment.criterion_id == criterion.id)
    )


def criteria_of(target: str) -> list[Criterion]:
    """A criterion code (A1.1) or a chapter code (C4) → the criteria it names."""
    criterion = db.session.scalar(sa.select(Criterion).where(Criterion.code == target))
    if criterion is not None:
        return [criterion]
    chapter = db.session.scalar(sa.select(Chapter).where(Chapter.code == target))
    if chapter is None:
        raise ValidationError("Không có tiêu chí hay chương nào mã “%(code)s”.", field="target", code=target)
    return list(chapter.criteria)


def _snapshot(a: Assignment) -> dict[str, object]:
    return {
        "lead_department": a.lead_department.name if a.lead_department else None,
        "supporting": ", ".join(d.name for d in a.supporting) or None,
        "assessors": ", ".join(u.display_name for u in a.assessors) or None,
        "due_date": a.due_date.isoformat() if a.due_date else None,
    }


def _check_people(round_: Round, lead: Department | None, supporting: Sequence[Department], assessors: Sequence[User]) -> None:
    for department in [d for d in [lead, *supporting] if d is not None]:
        if department.hospital_id != round_.hospital_id:
            raise ValidationError("Khoa/phòng “%(name)s” không thuộc bệnh viện này.", field="departments", name=department.name)
    for user in assessors:
        if user.hospital_id != round_.hospital_id or not user.can("round.answer"):
            raise ValidationError("“%(name)s” không thể là người đánh giá của bệnh viện này.", field="assessors", name=user.display_name)


def assign(
    round_: Round,
    criteria: Sequence[Criterion],
    *,
    lead: Department | None,
    supporting: Sequence[Department] = (),
    assessors: Sequence[User] = (),
    due_date: date | None = None,
    user: User | None,
    expected_version: int | None = None,
) -> list[Assignment]:
    """Give each criterion (one, or a whole chapter) the same lead, supporting departments,
    assessors and due date. `expected_version` (0 = not assigned yet) refuses a stale form."""
    ensure_editable(round_, user)
    if not criteria:
        raise ValidationError("Chưa chọn tiêu chí nào để phân công.", field="target")
    _check_people(round_, lead, supporting, assessors)
    rows = []
    for criterion in criteria:
        assignment = assignment_for(round_, criterion)
        if expected_version is not None and expected_version != (assignment.version if assignment else 0):
            raise StaleEdit(
                "Phân công của tiêu chí %(code)s vừa được người khác thay đổi sau khi bạn mở trang. Bản của bạn chưa được lưu.",
                current=assignment, code=criterion.code,
            )
        if assignment is None:
            assignment = Assignment(hospital_id=round_.hospital_id, round=round_, criterion=criterion)
            db.session.add(assignment)
        before = _snapshot(assignment)
        already = set(assignment.assessors)
        assignment.lead_department = lead
        assignment.supporting = [d for d in supporting if d != lead]
        assignment.assessors = list(assessors)
        assignment.due_date = due_date
        assignment.updated_at, assignment.updated_by_id = utcnow(), user.id if user else None
        db.session.flush()
        after = _snapshot(assignment)
        record("assignment", assignment.id, {k: (before[k], after[k]) for k in after}, user=user,
               hospital_id=round_.hospital_id, round_id=round_.id, criterion_code=criterion.code)
        added = [u for u in assignment.assessors if u not in already]
        if added:
            signals.assessors_assigned.send(assignment, users=added, by=user)
        rows.append(assignment)
    db.session.flush()
    return rows


def apply_mapping(round_: Round, mapping: dict[str, str], *, user: User | None) -> tuple[int, list[str]]:
    """Give a lead department, by chapter, to every criterion that has none yet.

    Returns how many criteria got one, and the suggested department names the hospital lacks."""
    ensure_editable(round_, user)
    departments = {_key(d.name): d for d in db.session.scalars(
        sa.select(Department).where(Department.hospital_id == round_.hospital_id, Department.active))}
    existing = {a.criterion_id: a for a in db.session.scalars(sa.select(Assignment).where(Assignment.round_id == round_.id))}
    unmatched: list[str] = []
    count = 0
    for chapter in db.session.scalars(sa.select(Chapter).order_by(Chapter.position)):
        name = mapping.get(chapter.code)
        if not name:
            continue
        department = departments.get(_key(name))
        if department is None:
            if name not in unmatched:
                unmatched.append(name)
            continue
        for criterion in chapter.criteria:
            assignment = existing.get(criterion.id)
            if assignment is not None and assignment.lead_department_id is not None:
                continue
            if assignment is None:
                assignment = Assignment(hospital_id=round_.hospital_id, round=round_, criterion=criterion)
                db.session.add(assignment)
            assignment.lead_department = department
            assignment.updated_at, assignment.updated_by_id = utcnow(), user.id if user else None
            db.session.flush()
            record("assignment", assignment.id, {"lead_department": (None, department.name)}, user=user,
                   hospital_id=round_.hospital_id, round_id=round_.id, criterion_code=criterion.code)
            count += 1
    db.session.flush()
    return count, unmatched


def _key(name: str) -> str:
    return " ".join((nfc(name) or "").casefold().split())


# ---------------------------------------------------------------- review


REVIEW_FIELDS = ("review_status", "review_comment")


def saved_by(result: Result) -> set[int]:
    """Who saved this answer since it was last approved: its last saver, and everyone the trail
    shows changing it since (a later note-only save by someone else does not launder an author)."""
    last_approval = db.session.scalar(
        sa.select(sa.func.max(ChangeLog.id)).where(ChangeLog.entity == "result", ChangeLog.entity_id == result.id,
                                                   ChangeLog.field == "review_status", ChangeLog.new == "approved")
    )
    authors: set[int] = {user_id for user_id in db.session.scalars(
        sa.select(ChangeLog.user_id).distinct().where(
            ChangeLog.entity == "result", ChangeLog.entity_id == result.id, ChangeLog.field.not_in(REVIEW_FIELDS),
            ChangeLog.id > (last_approval or 0))
    ) if user_id is not None}
    return authors | ({result.updated_by_id} if result.updated_by_id else set())


def four_eyes_bars(result: Result, user: User | None) -> bool:
    """Does the four-eyes rule keep `user` from approving this answer (they saved it, the hospital keeps the rule)?"""
    return user is not None and result.round.hospital.four_eyes and user.id in saved_by(result)



def review(
    result: Result, action: str, *, user: User | None, comment: str = "", expected_version: int | None = None
) -> Result:
    """THE review transition (web panel, API and imports all call it): submit, approve or return.

    `expected_version` (the result's version the reviewer saw) refuses approving an answer changed since."""
    ensure_editable(result.round, user)
    if expected_version is not None and expected_version != result.version:
        raise StaleEdit(
            "Tiêu chí %(code)s vừa được thay đổi sau khi bạn mở trang: hãy xem lại trước khi %(action)s.",
            current=result, code=result.criterion.code, action=rules.ACTION_LABELS.get(action, action),
        )
    comment = nfc(comment or "") or ""
    refusal = rules.review_refusal(
        action, result.review_status,
        may_answer=may_answer(user, result), may_review=bool(user and user.can("round.review")),
        answered=result.answered, comment=comment, saved_it=action == "approve" and four_eyes_bars(result, user),
    )
    if refusal is not None:
        raise (Forbidden if refusal.forbidden else ValidationError)(refusal.message, **refusal.params)
    before = {"review_status": result.review_status, "review_comment": result.review_comment}
    result.review_status = rules.next_status(action)
    result.review_comment = comment
    record("result", result.id,
           {k: (before[k], getattr(result, k)) for k in before}, user=user,
           hospital_id=result.round.hospital_id, round_id=result.round_id, criterion_code=result.criterion.code)
    db.session.flush()
    signals.result_reviewed.send(result, action=action, by=user, comment=comment)
    return result


BULK_ACTIONS = ("approve", "return")


def review_many(
    round_: Round, action: str, codes: Sequence[str], *, user: User | None, comment: str = "",
    versions: dict[str, int] | None = None,
) -> list[Result]:
    """Approve or return many criteria of a round at once (the review queue, the bulk API).

    Every row goes through `review`, the one transition, so each of its refusals applies per row.
    All or nothing: when any row is refused, `BatchRefused` names every refusal and the request rolls
    back what the other rows changed. `versions` (code → the version the reviewer saw) refuses a row
    changed since."""
    ensure_editable(round_, user)
    if action not in BULK_ACTIONS:
        raise ValidationError("Thao tác “%(action)s” không hợp lệ (chấp nhận: approve, return).", field="action", action=action)
    wanted = list(dict.fromkeys(code for code in (nfc(c) for c in codes) if code))
    if not wanted:
        raise ValidationError("Chưa chọn tiêu chí nào.", field="criteria")
    if action == "return" and not (nfc(comment or "") or "").strip():
        raise ValidationError("Cần ghi nhận xét khi trả lại tiêu chí cho người đánh giá.", field="comment")
    results = dict(db.session.execute(
        sa.select(Criterion.code, Result).join(Result, Result.criterion_id == Criterion.id)
        .where(Result.round_id == round_.id, Criterion.code.in_(wanted))
    ).all())
    outcomes: list[tuple[str, DomainError | None]] = []
    done: list[Result] = []
    for code in wanted:
        result = results.get(code)
        try:
            if result is None:
                raise ValidationError("Không có tiêu chí “%(code)s” trong đợt đánh giá này.", field="criteria", code=code)
            review(result, action, user=user, comment=comment, expected_version=(versions or {}).get(code))
        except DomainError as refusal:
            outcomes.append((code, refusal))
        else:
            outcomes.append((code, None))
            done.append(result)
    refused = sum(1 for _code, refusal in outcomes if refusal is not None)
    if refused:
        raise BatchRefused(
            "%(n)s/%(total)s tiêu chí bị từ chối (%(codes)s): không tiêu chí nào được %(action)s.",
            outcomes, key="criterion", field="criteria", n=str(refused), total=str(len(outcomes)),
            codes=", ".join(code for code, refusal in outcomes if refusal is not None), action=rules.ACTION_LABELS[action],
        )
    return done


def unapproved_codes(round_: Round) -> list[str]:
    """Applicable criteria of the round not approved yet, in catalogue order."""
    return list(db.session.scalars(
        sa.select(Criterion.code).join(Result, Result.criterion_id == Criterion.id)
        .where(Result.round_id == round_.id, Result.not_applicable.is_(False), Result.review_status != "approved")
        .order_by(Criterion.position)
    ))


def check_round_submission(round_: Round, user: User | None, override_reason: str | None) -> None:
    """Refuse a submission while applicable criteria are unapproved, unless a quality manager gives a
    written reason (stored on the round and in the trail). Criteria carried from an earlier round and not
    yet confirmed refuse it with no exception: their answers are last year's until an assessor says so.
    Connected to `round_submitting`."""
    provisional = unconfirmed_codes(round_)
    if provisional:
        raise ValidationError(
            "Còn %(n)s tiêu chí mang từ đợt trước cần xác nhận lại (%(codes)s). Người đánh giá cần xác nhận "
            "hoặc sửa từng tiêu chí trước khi nộp.",
            field="needs_confirmation", n=str(len(provisional)),
            codes=", ".join(provisional[:10]) + (" …" if len(provisional) > 10 else ""),
        )
    if round_.province_team:   # the province team's own round: the hospital's review does not apply to it
        return
    pending = unapproved_codes(round_)
    if not pending:
        return
    reason = nfc(override_reason or "") or ""
    if not reason:
        raise ValidationError(
            "Còn %(n)s tiêu chí chưa được duyệt (%(codes)s). Chỉ nộp được khi mọi tiêu chí áp dụng đã được duyệt, "
            "hoặc phòng Quản lý chất lượng ghi lý do nộp khi chưa duyệt đủ.",
            field="override_reason", n=str(len(pending)), codes=", ".join(pending[:10]) + (" …" if len(pending) > 10 else ""),
        )
    if user is None or not user.can("round.review"):
        raise Forbidden("Chỉ phòng Quản lý chất lượng mới được nộp đợt đánh giá khi chưa duyệt đủ tiêu chí.")
    old = round_.submit_override_reason
    round_.submit_override_reason = reason
    record("round", round_.id, {"submit_override_reason": (old, reason)}, user=user,
           hospital_id=round_.hospital_id, round_id=round_.id)
