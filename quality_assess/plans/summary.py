"""What other domains read of improvement plans (reports, the province table)."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload
from flask_babel import gettext as _

from quality_assess import clock
from quality_assess.assessments.models import Round
from quality_assess.catalog.models import Criterion
from quality_assess.database import db
from quality_assess.org.models import Hospital
from quality_assess.plans import priorities
from quality_assess.plans.models import Action, Plan, PlanEntry
from quality_assess.plans.operations import targets_for


def plan_status_by_criterion(round_id: int) -> dict[str, str]:
    """criterion code → a short Vietnamese status of its plan entry (e.g. "2/3 hành động hoàn thành")."""
    round_ = db.session.get(Round, round_id)
    if round_ is None:
        return {}
    plan = db.session.scalar(sa.select(Plan).where(Plan.hospital_id == round_.hospital_id, Plan.year == round_.year))
    if plan is None:
        return {}
    entries = db.session.scalars(
        sa.select(PlanEntry).where(PlanEntry.plan_id == plan.id)
        .options(joinedload(PlanEntry.criterion), selectinload(PlanEntry.actions))  # two queries, not two per entry
    ).all()
    out = {}
    for entry in entries:
        done = sum(1 for a in entry.actions if a.status == "done")
        out[entry.criterion.code] = (
            _("%(done)s/%(total)s hành động hoàn thành", done=done, total=len(entry.actions))
            if entry.actions else _("Chưa có hành động")
        )
    return out


def targets(hospital_id: int, year: int) -> dict[str, Any] | None:
    """The year's targets: {"mean_min", "mean_max", "no_level_1" (bool), "xsd_target", "criteria": {code: level}}."""
    row = targets_for(hospital_id, year)
    return row.as_dict() if row else None


def actions_due(hospital_id: int | None, until: Any) -> list[dict[str, Any]]:
    """Plan actions not done with a due date on or before `until` (a date):
    [{"user_id", "username", "department", "text", "due_date", "overdue" (bool), "criterion",
    "action_id", "plan_id"}]."""
    query = sa.select(Action).where(Action.status != "done", Action.due_date.is_not(None), Action.due_date <= until)
    if hospital_id is not None:
        query = query.where(Action.hospital_id == hospital_id)
    return [
        {
            "user_id": a.responsible_id, "username": a.responsible.username if a.responsible else None,
            "department": a.department.name if a.department else None, "text": a.text, "due_date": a.due_date,
            "overdue": priorities.is_overdue(a.due_date, a.status, clock.today(db.session.get(Hospital, a.hospital_id))), "criterion": a.entry.criterion.code,
            "action_id": a.id, "plan_id": a.entry.plan_id,
        }
        for a in db.session.scalars(query.join(PlanEntry).order_by(Action.due_date, Action.id))
    ]


def criterion_targets(hospital_id: int, year: int) -> dict[str, Any]:
    """The target level per criterion for `year`, and where it comes from:
    {"plan": {"id", "year", "status", "round_id"} or None, "targets_year": year or None (the year's
    targets were set), "criteria": {code: {"level", "source": "plan" | "targets"}}}.

    A plan entry's target (what the improvement plan aims at) wins over the year's list of criterion
    targets, which fills in the criteria the plan has no entry for."""
    plan = db.session.scalar(sa.select(Plan).where(Plan.hospital_id == hospital_id, Plan.year == year))
    goals = targets_for(hospital_id, year)
    criteria: dict[str, dict[str, Any]] = {
        code: {"level": int(level), "source": "targets"} for code, level in ((goals.criteria or {}) if goals else {}).items()
    }
    if plan is not None:
        rows = db.session.execute(
            sa.select(Criterion.code, PlanEntry.target_level).join(Criterion, PlanEntry.criterion_id == Criterion.id)
            .where(PlanEntry.plan_id == plan.id)
        )
        criteria |= {code: {"level": level, "source": "plan"} for code, level in rows}
    return {
        "plan": {"id": plan.id, "year": plan.year, "status": plan.status, "round_id": plan.round_id} if plan else None,
        "targets_year": year if goals is not None else None,
        "criteria": criteria,
    }
