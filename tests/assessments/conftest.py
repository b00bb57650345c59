"""Helpers for the walk-through scenarios."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from quality_assess.assessments.models import Result
from quality_assess.assessments.operations import Answer, save_result
from quality_assess.catalog.models import Criterion
from quality_assess.database import db
from tests.conftest import attach, fresh, step


@step
def result_of(round_, code: str) -> Result:
    """The result of `code` in `round_`, in the current session (inside `with fresh(app):`)."""
    return db.session.scalar(
        sa.select(Result).join(Criterion, Result.criterion_id == Criterion.id)
        .where(Result.round_id == round_.id, Criterion.code == code)
    )


def levels_answer(level: int) -> Answer:
    """Per-level answers that settle exactly `level` (for a criterion without sub-items)."""
    return Answer(finding=level == 1, met={n: n <= level for n in (2, 3, 4, 5)})


@pytest.fixture
def score(app):
    """score(round, {"A1.1": 3, ...}, user=...) stores those levels through save_result."""

    def apply(round_, levels: dict[str, int], user=None) -> None:
        with fresh(app):
            for code, level in levels.items():
                save_result(result_of(round_, code), levels_answer(level), user=attach(user))
            db.session.commit()

    return apply
