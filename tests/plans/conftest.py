"""Plan fixtures: a round with chosen levels, answered per level (no sub-items) or per sub-item."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from quality_assess.assessments import scoring
from quality_assess.assessments.models import Result, SubItemAnswer
from quality_assess.assessments.operations import Answer, save_result
from quality_assess.catalog.models import Criterion
from quality_assess.database import db


def result_of(round_, code: str) -> Result:
    return db.session.scalar(sa.select(Result).join(Criterion).where(Result.round_id == round_.id, Criterion.code == code))


def answer_level(round_, code: str, level: int, *, unanswered_above: bool = False) -> Result:
    """Per-level answers that settle `level`: a finding for Mức 1, else levels 2..level met and the next one unmet
    (or unanswered with `unanswered_above`, which only stops at Mức 5)."""
    met = {n: True for n in range(2, level + 1)}
    if level < 5:
        met[level + 1] = None if unanswered_above else False
    return save_result(result_of(round_, code), Answer(finding=level == 1, met=met | ({2: True} if level == 1 else {})), user=None)


def answer_items(round_, code: str, items: dict[str, str]) -> Result:
    """Store sub-item answers and the levels they settle. Written directly: save_result's history
    snapshot raises KeyError on a first sub-item answer (reported to the assessments owner)."""
    result = result_of(round_, code)
    subs = {s.code: s for s in result.criterion.sub_items}
    for item, value in items.items():
        result.item_answers.append(SubItemAnswer(sub_item=subs[item], value=value))
    answers = scoring.answers_from_items((s.level, items.get(s.code)) for s in result.criterion.sub_items)
    result.finding_l1 = answers.finding
    result.met_l2, result.met_l3, result.met_l4, result.met_l5 = (answers.met[n] for n in scoring.UPPER_LEVELS)
    result.level = scoring.level_from_answers(result.finding_l1, result.met)
    db.session.commit()
    return result


@pytest.fixture
def scored_round(make):
    """A round where A1.1 is at Mức 1, A1.2 and C3.1 (coefficient 2) at Mức 2, A1.3 at Mức 3, A1.6 at Mức 4."""
    round_ = make.round()
    for code, level in {"A1.1": 1, "A1.2": 2, "C3.1": 2, "A1.3": 3, "A1.6": 4}.items():
        answer_level(round_, code, level)
    return round_
