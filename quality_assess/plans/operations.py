"""Write operations on targets, plans and actions: validate, change, record history, flush (the request commits)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

from quality_assess.assessments.models import Result, Round
from quality_assess.auth.models import User
from quality_assess.catalog.models import Criterion
from quality_assess.database import db, utcnow
from quality_assess.domain import Forbidden, Locked, ValidationError
from quality_assess.history.models import record
from quality_assess.i18n import nfc
from quality_assess.org.models import Department, Hospital
from quality_assess.plans import priorities
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
    record("plan_target", target.id, {k: (before.get(k), after[k]) for k in after}, user=user, hospital_id=hospital.id)
    db.session.flush()
    return target


def targets_for(hospital_id: int, year: int) -> PlanTarget | None:
    return db.session.scalar(sa.select(PlanTarget).where(PlanTarget.hospital_id == hospital_id, PlanTarget.year == year))


# ---------------------------------------------------------------- plans


def generate_plan(round_: Round, *, include_level_3: bool, user: User | None) -> Plan:
    """Create the year's plan from a round, or refresh it: new low criteria get entries,
    existing entries get their current level updated; nothing already written is deleted."""
    _require(user, "plan.edit")
    plan = db.session.scalar(sa.select(Plan).where(Plan.hospital_id == round_.hospital_id, Plan.year == round_.year))
    if plan is None:
        plan = Plan(hospital_id=round_.hospital_id, year=round_.year, round_id=round_.id, created_by_id=user.id if user else None)
        db.session.add(plan)
    old_round = plan.round_id
    plan.round_id, plan.include_level_3 = round_.id, include_level_3 or plan.include_level_3
    levels = (1, 2, 3) if plan.include_level_3 else (1, 2)
    goals = targets_for(round_.hospital_id, round_.year)
    wanted = dict(goals.criteria) if goals and goals.criteria else {}
    existing = {e.criterion_id: e for e in plan.entries}
    results = db.session.scalars(
        sa.select(Result).join(Criterion).where(Result.round_id == round_.id).order_by(Criterion.position)
    ).all()
    added = 0
    for result in results:
        if result.not_applicable or result.level is None:
            continue
        entry = existing.get(result.criterion_id)
        if entry is not None:
            entry.current_level = result.level
            if entry.target_level < result.level:
                entry.target_level = priorities.default_target(result.level)
        elif result.level in levels:
            target = wanted.get(result.criterion.code, 0)
            if not priorities.valid_target(result.level, target) or target == result.level:
                target = priorities.default_target(result.level)
            plan.entries.append(PlanEntry(hospital_id=plan.hospital_id, criterion_id=result.criterion_id,
                                          current_level=result.level, target_level=target))
            added += 1
    db.session.flush()
    record("plan", plan.id, {"round_id": (old_round, round_.id), "entries_added": (None, added or None)},
           user=user, hospital_id=plan.hospital_id, round_id=round_.id)
    db.session.flush()
    return plan


def set_entry_target(entry: PlanEntry, target: Any, *, user: User | None) -> PlanEntry:
    _require(user, "plan.edit")
    if entry.plan.status != "draft":
        raise Locked("Kế hoạch đã được phê duyệt: không thể sửa mức mục tiêu.")
    try:
        level = int(target)
    except (TypeError, ValueError):
        raise ValidationError("Mức mục tiêu phải là một số từ 1 đến 5.", field="target_level") from None
    if not priorities.valid_target(entry.current_level, level):
        raise ValidationError("Mức mục tiêu phải từ mức hiện tại (%(current)s) đến Mức 5.", field="target_level", current=entry.current_level)
    record("plan_entry", entry.id, {"target_level": (entry.target_level, level)}, user=user,
           hospital_id=entry.hospital_id, criterion_code=entry.criterion.code)
    entry.target_level = level
    db.session.flush()
    return entry


PLAN_TRANSITIONS = {"approved": ("draft", "plan.approve"), "in_progress": ("approved", "plan.edit")}


def set_plan_status(plan: Plan, status: str, *, user: User | None) -> Plan:
    """draft → approved (a director; who and when recorded) → in_progress (the quality office)."""
    if status not in PLAN_TRANSITIONS:
        raise ValidationError("Trạng thái kế hoạch không hợp lệ.")
    source, capability = PLAN_TRANSITIONS[status]
    _require(user, capability)
    if plan.status != source:
        raise ValidationError("Không thể chuyển kế hoạch sang trạng thái này từ trạng thái hiện tại.")
    old = plan.status
    plan.status = status
    if status == "approved":
        plan.approved_at, plan.approved_by_id = utcnow(), user.id if user else None
    record("plan", plan.id, {"status": (old, status)}, user=user, hospital_id=plan.hospital_id)
    db.session.flush()
    return plan


def delete_unused_plan(plan: Plan, *, user: User | None) -> None:
    """Delete a draft plan nobody has worked on yet (no action written): the approved or used ones stay.
    Its entries go with it; the trail keeps the deletion."""
    _require(user, "plan.edit")
    if plan.status != "draft":
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


def add_action(entry: PlanEntry, fields: ActionFields, *, user: User | None) -> Action:
    _require(user, "plan.edit")
    action = Action(entry=entry, hospital_id=entry.hospital_id, **_validated(entry.hospital_id, fields))
    db.session.add(action)
    db.session.flush()
    _record_action(action, {}, user)
    db.session.flush()
    return action


def edit_action(action: Action, fields: ActionFields, *, user: User | None) -> Action:
    _require(user, "plan.edit")
    before = _action_snapshot(action)
    for key, value in _validated(action.hospital_id, fields).items():
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
