"""What the team workflow tells other pages: who may answer, evidence counts, lead departments.

Reports (above workflow) call these directly; assessments (below it) asks through its signals,
which quality_assess.workflow.receivers answers with these functions.
"""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from quality_assess.catalog.models import Criterion
from quality_assess.database import db
from quality_assess.org.models import Department
from quality_assess.workflow.models import Assignment, Evidence, assignment_assessors


def may_answer(user: Any, result: Any) -> bool:
    """May `user` change this criterion's answer? Assessors only their assigned criteria; the
    quality office and admins all of their hospital's; roles without `round.answer` (director) never."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if result.round.province_team:   # the province team's inspection round: only its inspectors, every criterion
        return user.can("inspection.write") and result.round.hospital_id in user.inspected_hospital_ids
    if not user.can("round.answer"):
        return False
    if user.hospital_id != result.round.hospital_id:
        return False
    if user.can("round.answer_any"):
        return True
    assigned = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Assignment)
        .join(assignment_assessors, assignment_assessors.c.assignment_id == Assignment.id)
        .where(Assignment.round_id == result.round_id, Assignment.criterion_id == result.criterion_id,
               assignment_assessors.c.user_id == user.id)
    )
    return bool(assigned)


def evidence_counts(round_id: int) -> dict[int, int]:
    """criterion id → number of evidence files in the round (one query)."""
    rows = db.session.execute(
        sa.select(Evidence.criterion_id, sa.func.count()).where(Evidence.round_id == round_id).group_by(Evidence.criterion_id)
    )
    return {criterion_id: n for criterion_id, n in rows}


def responsible_departments(round_id: int) -> dict[str, str]:
    """criterion code → name of the lead department assigned to it."""
    rows = db.session.execute(
        sa.select(Criterion.code, Department.name)
        .join(Assignment, Assignment.criterion_id == Criterion.id)
        .join(Department, Assignment.lead_department_id == Department.id)
        .where(Assignment.round_id == round_id)
    )
    return {code: name for code, name in rows}

