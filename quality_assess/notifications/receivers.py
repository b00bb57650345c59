"""Who hears of what: the notifications domain's answers to the signals of the domains below it
(connected by the app factory). The domains that send never import this one."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from quality_assess.assessments import signals as assessment_signals
from quality_assess.assessments.models import Result, Round
from quality_assess.auth.models import User
from quality_assess.auth.roles import DIRECTOR, QUALITY
from quality_assess.catalog.models import Criterion
from quality_assess.database import db
from quality_assess.notifications import models as kinds
from quality_assess.notifications.operations import notify
from quality_assess.plans import signals as plan_signals
from quality_assess.plans.models import Plan
from quality_assess.workflow import signals as workflow_signals
from quality_assess.workflow.models import Assignment


def _subject(criterion: Criterion, round_: Round) -> str:
    return f"{criterion.code} {criterion.title} — {round_.name}"


def _assignment(round_id: int, criterion_id: int) -> Assignment | None:
    return db.session.scalar(sa.select(Assignment).where(Assignment.round_id == round_id, Assignment.criterion_id == criterion_id))


def _hospital_people(hospital_id: int, role: str) -> list[User]:
    return list(db.session.scalars(sa.select(User).where(User.hospital_id == hospital_id, User.role == role, User.active)))


def assessors_assigned(assignment: Assignment, *, users: list[User], by: User | None) -> None:
    notify(users, kinds.ASSIGNED, subject=_subject(assignment.criterion, assignment.round), by=by, round_id=assignment.round_id,
           criterion_code=assignment.criterion.code, due_date=assignment.due_date)


def result_reviewed(result: Result, *, action: str, by: User | None, comment: str) -> None:
    """An approval or a return is told to the criterion's assessors and to whoever answered it last."""
    kind = {"approve": kinds.APPROVED, "return": kinds.RETURNED}.get(action)
    if kind is None:
        return
    assignment = _assignment(result.round_id, result.criterion_id)
    people = [*(assignment.assessors if assignment else []), result.updated_by]
    notify(people, kind, subject=_subject(result.criterion, result.round), by=by, comment=comment if kind == kinds.RETURNED else None,
           round_id=result.round_id, criterion_code=result.criterion.code)


def plan_awaiting_approval(plan: Plan, *, by: User | None) -> None:
    """The hospital's directors (they approve plans), told once per plan."""
    notify(_hospital_people(plan.hospital_id, DIRECTOR), kinds.PLAN_TO_APPROVE, subject=str(plan.year), by=by, plan_id=plan.id,
           key=f"plan:{plan.id}")


def work_due(_sender: Any, *, reminders: list[Any]) -> None:
    """Each line of the reminders digest, once per person, due date and state (due soon, then overdue)."""
    for reminder in reminders:
        user = db.session.get(User, reminder.user_id) if reminder.user_id else None
        if user is None:
            continue
        for item in reminder.items:
            kind = kinds.OVERDUE if item.overdue else kinds.DUE_SOON
            notify([user], kind, subject=item.subject or item.text, round_id=item.round_id, criterion_code=item.criterion_code,
                   plan_id=item.plan_id, due_date=item.due_date, key=f"{kind}:{item.ref}:{item.due_date.isoformat()}")


def criteria_to_confirm(round_: Round, *, codes: list[str], by: User | None) -> None:
    """Each carried criterion to its assigned assessors, or to the quality office while nobody is assigned."""
    quality = None
    for criterion in db.session.scalars(sa.select(Criterion).where(Criterion.code.in_(codes)).order_by(Criterion.position)):
        assignment = _assignment(round_.id, criterion.id)
        people = list(assignment.assessors) if assignment and assignment.assessors else None
        if people is None:
            quality = quality if quality is not None else _hospital_people(round_.hospital_id, QUALITY)
            people = quality
        notify(people, kinds.TO_CONFIRM, subject=_subject(criterion, round_), by=by, round_id=round_.id,
               criterion_code=criterion.code, key=f"to_confirm:{round_.id}:{criterion.code}")


def connect() -> None:
    """Connect once per process; connecting again is harmless (blinker keys receivers by identity)."""
    workflow_signals.assessors_assigned.connect(assessors_assigned)
    workflow_signals.result_reviewed.connect(result_reviewed)
    workflow_signals.work_due.connect(work_due)
    plan_signals.plan_awaiting_approval.connect(plan_awaiting_approval)
    assessment_signals.criteria_to_confirm.connect(criteria_to_confirm)
