"""Reading the review queue and the overdue assignments (no writes).

The queue lists a round's criteria by review status (by default those waiting for review) with
what a reviewer weighs: the level, the assessors, the lead department, the evidence count and how
long the criterion has waited since it was last sent for review (read from the audit trail).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from quality_assess import clock
from quality_assess.assessments.models import REVIEW_STATUSES, Result, Round
from quality_assess.auth.models import User
from quality_assess.catalog.models import Chapter, Criterion
from quality_assess.database import db
from quality_assess.history.models import ChangeLog
from quality_assess.org.models import Department
from quality_assess.workflow import rules
from quality_assess.workflow.hooks import evidence_counts
from quality_assess.workflow.models import Assignment, assignment_assessors, assignment_departments

STATUS_FILTERS = (*REVIEW_STATUSES, "all")


@dataclass(frozen=True)
class QueueFilter:
    chapter: str = ""
    department: int | None = None
    assessor: int | None = None
    status: str = "submitted"


@dataclass
class QueueRow:
    result: Result
    assignment: Assignment | None
    evidence: int
    waiting_since: datetime | None          # naive UTC: when it was last sent for review
    overdue: bool = False
    assessors: list[User] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.result.criterion.code


def sent_for_review_at(round_id: int) -> dict[int, datetime]:
    """result id → when its review status last became "submitted" (the trail's latest such row)."""
    rows = db.session.execute(
        sa.select(ChangeLog.entity_id, sa.func.max(ChangeLog.at))
        .where(ChangeLog.round_id == round_id, ChangeLog.entity == "result", ChangeLog.field == "review_status",
               ChangeLog.new == "submitted")
        .group_by(ChangeLog.entity_id)
    )
    return {result_id: at for result_id, at in rows}


def queue(round_: Round, filters: QueueFilter) -> list[QueueRow]:
    """The round's criteria that match `filters`, in catalogue order."""
    query = (
        sa.select(Result, Assignment)
        .join(Criterion, Result.criterion_id == Criterion.id)
        .join(Chapter, Criterion.chapter_id == Chapter.id)
        .outerjoin(Assignment, sa.and_(Assignment.round_id == Result.round_id, Assignment.criterion_id == Result.criterion_id))
        .options(joinedload(Result.criterion), joinedload(Result.updated_by))
        .options(joinedload(Assignment.lead_department), selectinload(Assignment.assessors))
        .where(Result.round_id == round_.id)
        .order_by(Criterion.position)
    )
    if filters.status in REVIEW_STATUSES:
        query = query.where(Result.review_status == filters.status)
    if filters.chapter:
        query = query.where(Chapter.code == filters.chapter)
    if filters.department is not None:
        supporting = sa.select(assignment_departments.c.assignment_id).where(assignment_departments.c.department_id == filters.department)
        query = query.where(sa.or_(Assignment.lead_department_id == filters.department, Assignment.id.in_(supporting)))
    if filters.assessor is not None:
        assigned = sa.select(assignment_assessors.c.assignment_id).where(assignment_assessors.c.user_id == filters.assessor)
        query = query.where(Assignment.id.in_(assigned))
    evidence, waited, today = evidence_counts(round_.id), sent_for_review_at(round_.id), clock.today(round_.hospital)
    rows = []
    for result, assignment in db.session.execute(query).unique():
        rows.append(QueueRow(
            result=result, assignment=assignment, evidence=evidence.get(result.criterion_id, 0),
            waiting_since=waited.get(result.id) if result.review_status == "submitted" else None,
            overdue=_overdue(round_, assignment, result, today),
            assessors=list(assignment.assessors) if assignment else [],
        ))
    return rows


def _overdue(round_: Round, assignment: Assignment | None, result: Result, today: date) -> bool:
    return round_.status == "draft" and rules.is_overdue(
        assignment.due_date if assignment else None, today, result.review_status, result.not_applicable)


def departments(round_: Round) -> list[Department]:
    return list(db.session.scalars(
        sa.select(Department).where(Department.hospital_id == round_.hospital_id).order_by(Department.active.desc(), Department.name)))


def assessors(round_: Round) -> list[User]:
    """The people assigned to some criterion of the round."""
    return list(db.session.scalars(
        sa.select(User).where(User.id.in_(
            sa.select(assignment_assessors.c.user_id).join(Assignment, Assignment.id == assignment_assessors.c.assignment_id)
            .where(Assignment.round_id == round_.id)))
        .order_by(User.username)))


def overdue_due_dates(round_: Round) -> dict[int, date]:
    """criterion id → due date, for the round's criteria whose assignment is overdue (nothing once submitted)."""
    if round_.status != "draft":
        return {}
    today = clock.today(round_.hospital)
    rows = db.session.execute(
        sa.select(Result.criterion_id, Assignment.due_date, Result.review_status, Result.not_applicable)
        .join(Assignment, sa.and_(Assignment.round_id == Result.round_id, Assignment.criterion_id == Result.criterion_id))
        .where(Result.round_id == round_.id, Assignment.due_date.is_not(None), Assignment.due_date < today)
    )
    return {cid: due for cid, due, status, na in rows if due is not None and rules.is_overdue(due, today, status, na)}


def overdue_count(hospital_id: int, today: date, *, user_id: int | None = None) -> int:
    """Overdue assignments in the hospital's open (draft) rounds; only `user_id`'s when given."""
    query = (
        sa.select(sa.func.count(sa.distinct(Assignment.id)))
        .select_from(Assignment)
        .join(Round, Round.id == Assignment.round_id)
        .join(Result, sa.and_(Result.round_id == Assignment.round_id, Result.criterion_id == Assignment.criterion_id))
        .where(Round.hospital_id == hospital_id, Round.status == "draft", Assignment.due_date < today,
               Result.not_applicable.is_(False), Result.review_status.in_(rules.OPEN_FOR_ASSESSOR))
    )
    if user_id is not None:
        query = query.join(assignment_assessors, assignment_assessors.c.assignment_id == Assignment.id).where(
            assignment_assessors.c.user_id == user_id)
    return db.session.scalar(query) or 0


def waiting_count(hospital_id: int) -> int:
    """Criteria waiting for review in the hospital's rounds that are not locked."""
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(Result).join(Round, Round.id == Result.round_id)
        .where(Round.hospital_id == hospital_id, Round.status != "locked", Result.review_status == "submitted")
    ) or 0
