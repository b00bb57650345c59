"""Reading a round for the walk-through pages: few queries, catalogue order."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from quality_assess.assessments.models import Result, Round, SubItemAnswer
from quality_assess.catalog.models import Chapter, Criterion, Part
from quality_assess.database import db


def round_results(round_id: int) -> list[Result]:
    """Every result of a round with its criterion, chapter and part, in catalogue order (one query)."""
    return list(db.session.scalars(
        sa.select(Result)
        .join(Criterion, Result.criterion_id == Criterion.id)
        .options(joinedload(Result.criterion).joinedload(Criterion.chapter).joinedload(Chapter.part))
        .where(Result.round_id == round_id)
        .order_by(Criterion.position)
    ).unique())


def result_select(round_: Round, code: str) -> sa.Select[Result]:
    """One criterion's result with its chapter, part, sub-items and answers loaded (for `db.one_or_404`)."""
    return (
        sa.select(Result)
        .join(Criterion, Result.criterion_id == Criterion.id)
        .options(
            joinedload(Result.criterion).selectinload(Criterion.sub_items),
            joinedload(Result.criterion).joinedload(Criterion.chapter).joinedload(Chapter.part),
            selectinload(Result.item_answers).joinedload(SubItemAnswer.sub_item),
        )
        .where(Result.round_id == round_.id, Criterion.code == code)
    )


def criterion_codes() -> list[str]:
    return list(db.session.scalars(sa.select(Criterion.code).order_by(Criterion.position)))


def neighbours(codes: list[str], code: str) -> tuple[str | None, str | None]:
    """The codes before and after `code` in catalogue order."""
    i = codes.index(code)
    return (codes[i - 1] if i > 0 else None, codes[i + 1] if i + 1 < len(codes) else None)


def parts_and_chapters() -> tuple[list[Part], list[Chapter]]:
    parts = list(db.session.scalars(sa.select(Part).order_by(Part.position)))
    chapters = list(db.session.scalars(sa.select(Chapter).join(Part).order_by(Part.position, Chapter.position)))
    return parts, chapters


def results_by_code(round_id: int, codes: list[str]) -> list[Result]:
    if not codes:
        return []
    return list(db.session.scalars(
        sa.select(Result).join(Criterion, Result.criterion_id == Criterion.id)
        .options(joinedload(Result.criterion))
        .where(Result.round_id == round_id, Criterion.code.in_(codes))
        .order_by(Criterion.position)
    ))


def progress(results: list[Result]) -> dict[str, dict[str, int]]:
    """Answered / applicable criteria overall (key "") and per part code."""
    out: dict[str, dict[str, int]] = {}
    for r in results:
        for key in ("", r.criterion.chapter.part.code):
            p = out.setdefault(key, {"answered": 0, "applicable": 0})
            p["applicable"] += not r.not_applicable
            p["answered"] += (not r.not_applicable) and r.level is not None
    return out


def grouped(results: list[Result]) -> list[tuple[Part, list[tuple[Chapter, list[Result]]]]]:
    """Results (in catalogue order) grouped by part, then chapter, keeping the order."""
    groups: list[tuple[Part, list[tuple[Chapter, list[Result]]]]] = []
    for r in results:
        chapter = r.criterion.chapter
        if not groups or groups[-1][0] is not chapter.part:
            groups.append((chapter.part, []))
        if not groups[-1][1] or groups[-1][1][-1][0] is not chapter:
            groups[-1][1].append((chapter, []))
        groups[-1][1][-1][1].append(r)
    return groups
