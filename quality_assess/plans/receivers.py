"""The plans' answers to the signals of assessments (connected by the app factory)."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from quality_assess.assessments import signals
from quality_assess.database import db
from quality_assess.domain import ValidationError
from quality_assess.plans.models import Plan


def keep_rounds_with_plans(round_: Any, *, user: Any) -> None:
    """A round an improvement plan was built from is not deleted (the plan would lose its source)."""
    year = db.session.scalar(sa.select(Plan.year).where(Plan.round_id == round_.id).limit(1))
    if year is not None:
        raise ValidationError(
            "Không thể xóa đợt đánh giá này: kế hoạch cải tiến năm %(year)s được lập từ đợt này.", field="round", year=str(year)
        )


def connect() -> None:
    signals.round_deleting.connect(keep_rounds_with_plans)
