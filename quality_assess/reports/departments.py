"""A round's results by responsible department, as a pure function over its scores and its lead
departments (no Flask, no SQLAlchemy; the routes and documents read them from the database).

Per department (the lead department of each criterion, workflow's assignments): the criteria it leads,
their weighted mean by the round summary's rule (assessments.scoring.weighted_mean: Σ level ×
coefficient / Σ coefficient over applicable criteria that have a level), how many sit at Mức 1 and at
Mức 2, how many applicable ones have no level yet, and a rank.

The rank: departments by mean, highest first; equal means share a rank and the next rank skips
("1, 2, 2, 4"); departments with no mean yet (nothing answered) get no rank and come after the ranked
ones, by name. Criteria without a lead department make the row "Chưa phân công" (name None): it is not
a department, gets no rank and always comes last.

The heatmap: per department and chapter the mean and the number of criteria; a cell's colour band is
the whole part of the mean (1,00–1,99 → band 1 … 5,00 → band 5), the number is always printed beside it.
"""
from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from quality_assess.assessments.scoring import LEVELS, CriterionScore, weighted_mean


@dataclass(frozen=True)
class Cell:
    """One department's criteria in one chapter."""

    criteria: int
    answered: int
    mean: float | None

    @property
    def band(self) -> int | None:
        return band(self.mean)


@dataclass(frozen=True)
class DepartmentRow:
    name: str | None              # None: the criteria without a lead department ("Chưa phân công")
    criteria: int                 # criteria it leads, applicable or not
    applicable: int
    answered: int                 # applicable criteria with a level
    unanswered: int               # applicable criteria without a level yet
    mean: float | None
    level_1: int
    level_2: int
    rank: int | None              # None: no mean yet, or the unassigned row
    low: list[str] = field(default_factory=list)   # codes at Mức 1 and Mức 2, in catalogue order
    chapters: dict[str, Cell] = field(default_factory=dict)  # chapter → cell, only chapters it has criteria in

    @property
    def unassigned(self) -> bool:
        return self.name is None

    @property
    def band(self) -> int | None:
        return band(self.mean)


@dataclass(frozen=True)
class DepartmentReport:
    rows: list[DepartmentRow]     # ranked departments, then those without a mean, then "Chưa phân công"
    chapters: list[str]           # every chapter of the round, in catalogue order: the heatmap's columns

    @property
    def assigned(self) -> bool:
        """Has any criterion a lead department? (Otherwise the section says so instead of a table.)"""
        return any(not r.unassigned for r in self.rows)


def band(mean: float | None) -> int | None:
    """The colour band of a mean: its whole part, 1–5 (a mean is never below 1 nor above 5)."""
    if mean is None:
        return None
    return min(max(math.floor(mean), LEVELS[0]), LEVELS[-1])


def _sort_key(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


def _row(name: str | None, scores: list[CriterionScore], chapters: list[str]) -> DepartmentRow:
    applicable = [s for s in scores if s.applicable]
    scored = [s for s in applicable if s.level is not None]
    cells = {}
    for chapter in chapters:
        in_chapter = [s for s in scores if s.chapter == chapter]
        if in_chapter:
            cells[chapter] = Cell(len(in_chapter), sum(1 for s in in_chapter if s.applicable and s.level is not None),
                                  weighted_mean(in_chapter))
    return DepartmentRow(
        name=name, criteria=len(scores), applicable=len(applicable), answered=len(scored),
        unanswered=len(applicable) - len(scored), mean=weighted_mean(scored),
        level_1=sum(1 for s in scored if s.level == 1), level_2=sum(1 for s in scored if s.level == 2),
        rank=None, low=[s.code for s in scored if s.level in (1, 2)], chapters=cells,
    )


def _ranked(rows: list[DepartmentRow]) -> list[DepartmentRow]:
    with_mean = sorted((r for r in rows if r.mean is not None), key=lambda r: (-(r.mean or 0), _sort_key(r.name or "")))
    without = sorted((r for r in rows if r.mean is None), key=lambda r: _sort_key(r.name or ""))
    out = []
    for r in with_mean:
        higher = sum(1 for other in with_mean if (other.mean or 0) > (r.mean or 0))
        out.append(replace(r, rank=higher + 1))
    return out + without


def by_department(scores: Sequence[CriterionScore], leads: Mapping[str, str]) -> DepartmentReport:
    """`scores` of a round (catalogue order) and `leads` (criterion code → lead department name)."""
    chapters = list(dict.fromkeys(s.chapter for s in scores))
    groups: dict[str | None, list[CriterionScore]] = {}
    for s in scores:
        groups.setdefault(leads.get(s.code) or None, []).append(s)
    rows = _ranked([_row(name, group, chapters) for name, group in groups.items() if name is not None])
    if None in groups:
        rows.append(_row(None, groups[None], chapters))
    return DepartmentReport(rows=rows, chapters=chapters)
