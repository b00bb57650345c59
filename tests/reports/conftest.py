"""Fixtures of the reports tests: rounds filled with scripted levels."""
from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from quality_assess.assessments.models import Result, Round
from quality_assess.assessments.operations import Answer, save_result
from quality_assess.catalog.models import Chapter, Criterion
from quality_assess.database import db
from tests.assessments.conftest import result_of
from tests.conftest import fresh, step

# The 2017 published result: 0 / 1 / 34 / 45 / 3 criteria at levels 1–5, total 299, 324 with
# coefficients, mean 3,60. The seven criteria of C3 and C5 (coefficient 2) sum to 25 points.
COEF2_LEVELS = [4, 4, 4, 4, 3, 3, 3]
OTHER_LEVELS = [2] + [3] * 31 + [4] * 41 + [5] * 3


def answer_for(level: int, note: str | None = None) -> Answer:
    """The per-level answers that give exactly `level`."""
    met = {n: (n <= level if n <= level + 1 else None) for n in (2, 3, 4, 5)}
    return Answer(finding=level == 1, met=met, note=note)


@step
def set_levels(round_: Round, levels: dict[str, int], user=None) -> None:
    """Store `levels` (inside `with fresh(app):`, as levels_2017 and levels_of)."""
    results = {r.criterion.code: r for r in db.session.scalars(sa.select(Result).where(Result.round_id == round_.id))}
    for code, level in levels.items():
        save_result(results[code], answer_for(level), user=user)
    db.session.commit()


@step
def levels_2017() -> dict[str, int]:
    rows = db.session.execute(sa.select(Criterion.code, Chapter.code).join(Chapter).order_by(Criterion.position)).all()
    coef2 = iter(COEF2_LEVELS)
    others = iter(OTHER_LEVELS)
    return {code: next(coef2) if chapter in ("C3", "C5") else next(others) for code, chapter in rows}


@step
def levels_of(round_: Round) -> dict[str, int | None]:
    return {r.criterion.code: r.level for r in db.session.scalars(sa.select(Result).where(Result.round_id == round_.id))}


@pytest.fixture
def round_2017(app, make):
    """A self-assessment whose result is the published 2017 one (mean 3,60)."""
    round_ = make.round(name="Tự đánh giá năm 2017", year=2017)
    with fresh(app):
        set_levels(round_, levels_2017())
    return round_


def pdf_text(data: bytes) -> str:
    """The text of a PDF, whitespace collapsed (table cells wrap lines)."""
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def self_and_inspection(app, make):
    """The 2017 self-assessment, and the inspection team's round that put A1.2 and C3.1 one level lower,
    B1.1 one higher, left A1.3 unanswered and found E2.1 not applicable."""
    self_round = make.round(name="Tự đánh giá 2017", year=2017)
    team = make.round(name="Đoàn kiểm tra 2017", year=2017, kind="inspection")
    levels = levels_2017()  # A1.1 = 2, A1.2 = 3, B1.1 = 3 … C3.1 = 4
    with fresh(app):
        set_levels(self_round, levels)
        inspection = dict(levels) | {"A1.2": levels["A1.2"] - 1, "C3.1": levels["C3.1"] - 1, "B1.1": levels["B1.1"] + 1}
        del inspection["A1.3"]
        set_levels(team, inspection)
    with fresh(app) as session:
        save_result(result_of(team, "E2.1"), Answer(not_applicable=True, na_reason="Đoàn không đánh giá"), user=None)
        session.commit()
    return self_round, team
