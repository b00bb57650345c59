"""Write operations on targets, plans and actions: validate, change, record history, flush (the request commits)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

from quality_assess.assessments.items import ensure_levels_round
from quality_assess.assessments.models import Result, Round
from quality_assess.auth.models import User
from quality_assess.catalog.models import Criterion
from quality_assess.database import db, utcnow
from quality_assess.domain import Forbidden, Locked, StaleEdit, ValidationError
from quality_assess.history.models import record
from quality_assess.i18n import nfc
from quality_assess.org.models import Department, Hospital
from quality_assess.plans import priorities, signals
from quality_assess.plans.models import ACTION_STATUSES, Action, Plan, PlanEntry, PlanTarget, ProgressNote


def _require(user: User | None, capability: str) -> None:
    if user is None or not user.can(capability):
        raise Forbidden("Bạn không có quyền thực hiện thao tác này.")


# ---------------------------------------------------------------- targets


def parse_criteria_targets(text: str) -> dict[str, int]:
    """Lines "A1.1 = 4" (or "A1.1: 4") → {"A1.1": 4}, checked against the catalogue."""
    known = set(db.session.scalars(sa.select(Criterion.code)))
    out: dict[str, int] = {}
    for n, line in enumerate((nfc(text) or "").splitlines(), start=1):
        if not line.strip():
            continue
        code, sep, level = line.replace(":", "=").partition("=")
        code = code.strip().upper()
        if not sep or code not in known or level.strip() not in {"1", "2", "3", "4", "5"}:
            raise ValidationError("Dòng %(n)s “%(line)s”: cần dạng “mã tiêu chí = mức (1–5)”, ví dụ A1.1 = 4.", field="criteria", n=n, line=line.strip())
        out[code] = int(level)
    return out


def save_targets(
    hospital: Hospital, year: int, *, mean_min: float | None, mean_max: float | None, no_level_1: bool,
    xsd_target: float | None, criteria: Mapping[str, int], user: User | None,
) -> PlanTarget:
    _require(user, "plan.edit")
    for name, value in (("mean_min", mean_min), ("mean_max", mean_max)):
        if value is not None and not 1 <= value <= 5:
            raise ValidationError("Điểm trung bình mục tiêu phải từ 1 đến 5.", field=name)
    if mean_min is not None and mean_max is not None and mean_min > mean_max:
        raise ValidationError("Điểm trung bình tối thiểu không được lớn hơn tối đa.", field="mean_max")
    if xsd_target is not None and not 0 <= xsd_target <= 100:
        raise ValidationError("Điểm Xanh – Sạch – Đẹp mục tiêu phải từ 0 đến 100.", field="xsd_target")
    target = targets_for(hospital.id, year)
    before = target.as_dict() if target else {}
    if target is None:
        target = PlanTarget(hospital_id=hospital.id, year=year)
        db.session.add(target)
        db.session.flush()
    target.mean_min, target.mean_max, target.no_level_1 = mean_min, mean_max, no_level_1
    target.xsd_target, target.criteria = xsd_target, dict(criteria)
    after = target.as_dict()
    changed = [k for k in after if before.get(k) != after[k]]
    plan = plan_for(hospital.id, year)
    if changed and plan is not None:  # the plan prints the year's targets: they are part of what the director approved
        _content_changed(plan, user, f"Sửa mục tiêu năm {year}")
    record("plan_target", target.id, {k: (before.get(k), after[k]) for k in after}, user=user, hospital_id=hospital.id)
    db.session.flush()
    return target


def targets_for(hospital_id: int, year: int) -> PlanTarget | None:
    return db.session.scalar(sa.select(PlanTarget).where(PlanTarget.hospital_id == hospital_id, PlanTarget.year == year))


# ---------------------------------------------------------------- plans


CONTENT_STATUSES = ("approved", "in_progress")   # the statuses a director's approval stands behind


def plan_for(hospital_id: int, year: int) -> Plan | None:
    return db.session.scalar(sa.select(Plan).where(Plan.hospital_id == hospital_id, Plan.year == year))


def reopen_if_approved(plan: Plan, user: User | None, reason: str) -> bool:
    """An approval covers the content the director saw. Any change to that content (entries, their
    targets, the year's targets, actions' what/who/when) returns an approved plan to draft: the approval
    is withdrawn, the trail says why, and the plan reads "cần phê duyệt lại" until approved again.

    Every content-changing operation calls this (through `_content_changed`); returns whether it reopened."""
    if plan.status not in CONTENT_STATUSES:
        return False
    before = {"status": plan.status, "approved_by": plan.approved_by.display_name if plan.approved_by else plan.approved_by_id,
              "approved_at": plan.approved_at.isoformat(timespec="seconds") if plan.approved_at else None}
    plan.status, plan.approved_at, plan.approved_by, plan.approved_by_id = "draft", None, None, None
    plan.approval_withdrawn_at, plan.approval_withdrawn_reason = utcnow(), reason
    record("plan", plan.id, {**{k: (v, None) for k, v in before.items()}, "status": (before["status"], "draft"),
                             "approval_withdrawn": (None, reason)}, user=user, hospital_id=plan.hospital_id)
    db.session.flush()
    return True


def _content_changed(plan: Plan, user: User | None, reason: str) -> bool:
    """Who changed the plan last (four eyes: not its approver), and the approval withdrawn if there was one."""
    plan.edited_by_id = user.id if user else None
    return reopen_if_approved(plan, user, reason)


def preview_regeneration(round_: Round, *, include_level_3: bool) -> tuple[Plan | None, priorities.Regeneration]:
    """The year's plan (None before the first generation) and what (re)generating it from `round_` would change."""
    ensure_levels_round(round_)
    plan = plan_for(round_.hospital_id, round_.year)
    plan_levels = (1, 2, 3) if include_level_3 or (plan is not None and plan.include_level_3) else (1, 2)
    goals = targets_for(round_.hospital_id, round_.year)
    wanted = dict(goals.criteria) if goals and goals.criteria else {}
    existing = {code: (e.current_level, e.target_level) for e, code in _entries_by_code(plan)} if plan else {}
    rows = db.session.execute(
        sa.select(Criterion.code, Result.level, Result.not_applicable).join(Result, Result.criterion_id == Criterion.id)
        .where(Result.round_id == round_.id).order_by(Criterion.position)
    )
    return plan, priorities.regeneration(existing, [(code, None if na else level) for code, level, na in rows], plan_levels, wanted)


def _entries_by_code(plan: Plan) -> list[tuple[PlanEntry, str]]:
    """The plan's entries with their criterion's code, in one query (a plan may hold 80 entries)."""
    return [(e, code) for e, code in db.session.execute(
        sa.select(PlanEntry, Criterion.code).join(Criterion, PlanEntry.criterion_id == Criterion.id).where(PlanEntry.plan_id == plan.id))]


def generate_plan(round_: Round, *, include_level_3: bool, user: User | None, expected: str | None = None) -> Plan:
    """Create the year's plan from a round, or refresh it: new low criteria get entries,
    existing entries get their current level updated; nothing already written is deleted.

    `expected` (the fingerprint of the preview the user confirmed) refuses changes other than the ones shown.
    Refreshing an approved plan withdraws its approval when it changes anything (`reopen_if_approved`)."""
    _require(user, "plan.edit")
    plan, regeneration = preview_regeneration(round_, include_level_3=include_level_3)
    if expected is not None and expected != regeneration.fingerprint:
        raise StaleEdit("Kết quả của đợt “%(name)s” hoặc kế hoạch vừa thay đổi sau khi bạn xem trước: hãy xem lại các thay đổi rồi xác nhận.",
                        current=plan, name=round_.name)
    if plan is None:
        plan = Plan(hospital_id=round_.hospital_id, year=round_.year, round_id=round_.id, created_by_id=user.id if user else None,
                    edited_by_id=user.id if user else None)
        db.session.add(plan)
        old_round = None
    else:
        old_round = plan.round_id
        if regeneration.changes or old_round != round_.id:
            _content_changed(plan, user, _regeneration_reason(round_, regeneration))
    plan.round_id, plan.include_level_3 = round_.id, include_level_3 or plan.include_level_3
    criteria = {c.code: c for c in db.session.scalars(sa.select(Criterion).where(Criterion.code.in_([c.code for c in regeneration.changes])))}
    entries = {code: e for e, code in _entries_by_code(plan)} if plan.id else {}
    for change in regeneration.changes:
        if change.added:
            plan.entries.append(PlanEntry(hospital_id=plan.hospital_id, criterion_id=criteria[change.code].id,
                                          current_level=change.new_level, target_level=change.new_target))
        else:
            entries[change.code].current_level, entries[change.code].target_level = change.new_level, change.new_target
    db.session.flush()
    record("plan", plan.id, {"round_id": (old_round, round_.id), "entries_added": (None, len(regeneration.added) or None),
                             "entries_changed": (None, len(regeneration.changed) or None)},
           user=user, hospital_id=plan.hospital_id, round_id=round_.id)
    db.session.flush()
    if plan.status == "draft":
        signals.plan_awaiting_approval.send(plan, by=user)
    return plan


def _regeneration_reason(round_: Round, regeneration: priorities.Regeneration) -> str:
    return (f"Lập lại kế hoạch từ đợt “{round_.name}”: thêm {len(regeneration.added)} tiêu chí, "
            f"đổi mức {len(regeneration.changed)} tiêu chí")


def set_entry_target(entry: PlanEntry, target: Any, *, user: User | None) -> PlanEntry:
    """The level an entry aims at; changing it on an approved plan withdraws the approval."""
    _require(user, "plan.edit")
    try:
        level = int(target)
    except (TypeError, ValueError):
        raise ValidationError("Mức mục tiêu phải là một số từ 1 đến 5.", field="target_level") from None
    if not priorities.valid_target(entry.current_level, level):
        raise ValidationError("Mức mục tiêu phải từ mức hiện tại (%(current)s) đến Mức 5.", field="target_level", current=entry.current_level)
    if level == entry.target_level:
        return entry
    code = entry.criterion.code
    _content_changed(entry.plan, user, f"Đổi mức mục tiêu của {code}: {entry.target_level} → {level}")
    record("plan_entry", entry.id, {"target_level": (entry.target_level, level)}, user=user,
           hospital_id=entry.hospital_id, criterion_code=code)
    entry.target_level = level
    db.session.flush()
    return entry


def remove_entry(entry: PlanEntry, *, user: User | None) -> None:
    """Take a criterion out of the plan (one with actions keeps them: it is refused). On an approved
    plan this withdraws the approval."""
    _require(user, "plan.edit")
    if entry.actions:
        raise ValidationError("Tiêu chí %(code)s đã có hành động nên không bỏ khỏi kế hoạch được (hành động đã ghi không bị xóa).",
                              code=entry.criterion.code)
    plan, code = entry.plan, entry.criterion.code
    _content_changed(plan, user, f"Bỏ {code} khỏi kế hoạch")
    record("plan_entry", entry.id, {"criterion": (code, None), "target_level": (entry.target_level, None)}, user=user,
           hospital_id=entry.hospital_id, criterion_code=code)
    plan.entries.remove(entry)
    db.session.flush()


PLAN_TRANSITIONS = {"approved": ("draft", "plan.approve"), "in_progress": ("approved", "plan.edit")}


def set_plan_status(plan: Plan, status: str, *, user: User | None) -> Plan:
    """draft → approved (a director; who and when recorded) → in_progress (the quality office).

    Four eyes (unless the hospital switched it off): whoever changed the plan last does not approve it."""
    if status not in PLAN_TRANSITIONS:
        raise ValidationError("Trạng thái kế hoạch không hợp lệ.")
    source, capability = PLAN_TRANSITIONS[status]
    _require(user, capability)
    if plan.status != source:
        raise ValidationError("Không thể chuyển kế hoạch sang trạng thái này từ trạng thái hiện tại.")
    if status == "approved" and user is not None and plan.hospital.four_eyes and plan.edited_by_id == user.id:
        raise Forbidden("Nguyên tắc bốn mắt: bạn vừa sửa nội dung kế hoạch này nên không thể tự phê duyệt; cần một người khác phê duyệt.")
    old = plan.status
    plan.status = status
    changes: dict[str, tuple[Any, Any]] = {"status": (old, status)}
    if status == "approved":
        plan.approved_at, plan.approved_by_id = utcnow(), user.id if user else None
        if plan.approval_withdrawn_at is not None:
            changes["approval_withdrawn"] = (plan.approval_withdrawn_reason, None)
        plan.approval_withdrawn_at = plan.approval_withdrawn_reason = None
    record("plan", plan.id, changes, user=user, hospital_id=plan.hospital_id)
    db.session.flush()
    return plan


def delete_unused_plan(plan: Plan, *, user: User | None) -> None:
    """Delete a draft plan nobody has worked on yet (no action written): the approved or used ones stay.
    Its entries go with it; the trail keeps the deletion."""
    _require(user, "plan.edit")
    if plan.status != "draft" or plan.approval_withdrawn_at is not None:  # a director's signature, even withdrawn, stays
        raise Locked("Kế hoạch đã được phê duyệt: không thể xóa.")
    used = db.session.scalar(sa.select(Action.id).join(PlanEntry, Action.entry_id == PlanEntry.id)
                             .where(PlanEntry.plan_id == plan.id).limit(1))
    if used is not None:
        raise ValidationError("Kế hoạch đã có hành động cải tiến: không thể xóa.", field="plan")
    record("plan", plan.id, {"deleted": (str(plan.year), None)}, user=user, hospital_id=plan.hospital_id, round_id=plan.round_id)
    db.session.delete(plan)
    db.session.flush()


# ---------------------------------------------------------------- actions


@dataclass
class ActionFields:
    text: str = ""
    department_id: int | None = None
    responsible_id: int | None = None
    start_date: date | None = None
    due_date: date | None = None
    status: str = "todo"
    evidence: str = ""


def _validated(hospital_id: int, fields: ActionFields) -> dict[str, Any]:
    text = nfc(fields.text or "")
    if not text:
        raise ValidationError("Cần ghi nội dung hành động.", field="text")
    if fields.status not in ACTION_STATUSES:
        raise ValidationError("Trạng thái hành động không hợp lệ.", field="status")
    if fields.department_id:
        dept = db.session.get(Department, fields.department_id)
        if dept is None or dept.hospital_id != hospital_id:
            raise ValidationError("Khoa/phòng không thuộc bệnh viện này.", field="department_id")
    if fields.responsible_id:
        person = db.session.get(User, fields.responsible_id)
        if person is None or person.hospital_id != hospital_id:
            raise ValidationError("Người phụ trách không thuộc bệnh viện này.", field="responsible_id")
    if fields.start_date and fields.due_date and fields.start_date > fields.due_date:
        raise ValidationError("Ngày bắt đầu phải trước hạn hoàn thành.", field="due_date")
    return {"text": text, "department_id": fields.department_id or None, "responsible_id": fields.responsible_id or None,
            "start_date": fields.start_date, "due_date": fields.due_date, "status": fields.status,
            "evidence": nfc(fields.evidence or "") or ""}


def _action_snapshot(action: Action) -> dict[str, Any]:
    return {k: getattr(action, k) for k in ("text", "department_id", "responsible_id", "start_date", "due_date", "status", "evidence")}


def _record_action(action: Action, before: dict[str, Any], user: User | None) -> None:
    after = _action_snapshot(action)
    record("action", action.id, {k: (before.get(k), after[k]) for k in after}, user=user,
           hospital_id=action.hospital_id, criterion_code=action.entry.criterion.code)


# What an action says (what, who, from and by when) is printed in the plan the director approves: changing it
# withdraws the approval. Its status, evidence and progress notes are the plan being carried out: they do not.
ACTION_CONTENT = ("text", "department_id", "responsible_id", "start_date", "due_date")


def add_action(entry: PlanEntry, fields: ActionFields, *, user: User | None) -> Action:
    _require(user, "plan.edit")
    values = _validated(entry.hospital_id, fields)
    _content_changed(entry.plan, user, f"Thêm hành động cho {entry.criterion.code}")
    action = Action(entry=entry, hospital_id=entry.hospital_id, **values)
    db.session.add(action)
    db.session.flush()
    _record_action(action, {}, user)
    db.session.flush()
    return action


def edit_action(action: Action, fields: ActionFields, *, user: User | None) -> Action:
    _require(user, "plan.edit")
    before = _action_snapshot(action)
    values = _validated(action.hospital_id, fields)
    if any(values[k] != before[k] for k in ACTION_CONTENT):
        _content_changed(action.entry.plan, user, f"Sửa hành động của {action.entry.criterion.code}")
    for key, value in values.items():
        setattr(action, key, value)
    _record_action(action, before, user)
    db.session.flush()
    return action


def may_update(action: Action, user: User | None) -> bool:
    """The quality office updates any action; others only theirs or their department's."""
    if user is None or not user.can("plan.update_action") or user.hospital_id != action.hospital_id:
        return False
    if user.can("plan.edit"):
        return True
    return action.responsible_id == user.id or (user.department_id is not None and action.department_id == user.department_id)


def update_progress(action: Action, *, status: str, note: str, evidence: str | None, on: date, user: User | None) -> Action:
    """Status, a dated progress note and evidence links, by the people responsible."""
    if not may_update(action, user):
        raise Forbidden("Chỉ người hoặc khoa/phòng phụ trách mới cập nhật được hành động này.")
    if status not in ACTION_STATUSES:
        raise ValidationError("Trạng thái hành động không hợp lệ.", field="status")
    before = _action_snapshot(action)
    action.status = status
    if evidence is not None:
        action.evidence = nfc(evidence) or ""
    text = nfc(note or "")
    if text:
        action.notes.append(ProgressNote(hospital_id=action.hospital_id, on=on, text=text, user_id=user.id if user else None))
    _record_action(action, before, user)
    if text:
        record("action", action.id, {"note": (None, text)}, user=user, hospital_id=action.hospital_id,
               criterion_code=action.entry.criterion.code)
    plan = action.entry.plan
    if status != "todo" and plan.status == "approved":
        plan.status = "in_progress"
        record("plan", plan.id, {"status": ("approved", "in_progress")}, user=user, hospital_id=plan.hospital_id)
    db.session.flush()
    return action
