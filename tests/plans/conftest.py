"""Plan fixtures: a round with chosen levels, answered per level (no sub-items) or per sub-item."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from quality_assess.assessments.models import Result
from quality_assess.assessments.operations import Answer, save_result
from quality_assess.catalog.models import Criterion
from quality_assess.database import db
from tests.conftest import fresh, step


@step
def result_of(round_, code: str) -> Result:
    return db.session.scalar(sa.select(Result).join(Criterion).where(Result.round_id == round_.id, Criterion.code == code))


@step
def answer_level(round_, code: str, level: int) -> Result:
    """Per-level answers that settle `level`: a finding for Mức 1, else levels 2..level met and the next one unmet."""
    met = {n: True for n in range(2, level + 1)}
    if level < 5:
        met[level + 1] = False
    result = save_result(result_of(round_, code), Answer(finding=level == 1, met=met | ({2: True} if level == 1 else {})), user=None)
    db.session.commit()  # operations flush; the helper commits, as a request would
    return result


@step
def answer_items(round_, code: str, items: dict[str, str]) -> Result:
    result = save_result(result_of(round_, code), Answer(items=items), user=None)
    db.session.commit()
    return result


@pytest.fixture
def scored_round(app, make):
    """A round where A1.1 is at Mức 1, A1.2 and C3.1 (coefficient 2) at Mức 2, A1.3 at Mức 3, A1.6 at Mức 4."""
    round_ = make.round()
    with fresh(app):
        for code, level in {"A1.1": 1, "A1.2": 2, "C3.1": 2, "A1.3": 3, "A1.6": 4}.items():
            answer_level(round_, code, level)
    return round_
