"""Two rounds side by side, as a pure function over their scores (no Flask, no SQLAlchemy).

A is the reference and B the other round: per criterion the change is B − A (so "went up" reads
naturally for last year → this year); per part the gap is A − B (self − inspection: how optimistic
the self-assessment was when A is the self-assessment). Per chapter the gap is A − B as well, with
how many criteria A put higher than B, lower, or at the same level (the comparison API's "chapters").
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from quality_assess.assessments.scoring import CriterionScore, RoundSummary, summarize, weighted_mean


@dataclass(frozen=True)
class CriterionChange:
    code: str
    part: str
    chapter: str
    level_a: int | None          # None when not assessed or not applicable
    level_b: int | None
    change: int | None           # B − A, None unless both have a level

    @property
    def gap(self) -> int | None:
        """A − B (self − inspection), None unless both have a level."""
        return None if self.change is None else -self.change


@dataclass(frozen=True)
class ChapterGap:
    mean_a: float | None
    mean_b: float | None
    gap: float | None            # mean A − mean B, None unless both have a mean
    a_higher: int                # criteria A put above B
    b_higher: int
    equal: int
    not_compared: int            # unanswered or not applicable in either round


@dataclass(frozen=True)
class Comparison:
    rows: list[CriterionChange]
    up: list[CriterionChange]
    down: list[CriterionChange]
    summary_a: RoundSummary
    summary_b: RoundSummary
    part_gaps: dict[str, float | None]   # part → mean A − mean B
    chapters: dict[str, ChapterGap]      # chapter → means, gap A − B and counts, in catalogue order


def _level(score: CriterionScore | None) -> int | None:
    return score.level if score is not None and score.applicable else None


def compare(a: Sequence[CriterionScore], b: Sequence[CriterionScore]) -> Comparison:
    by_code_b = {s.code: s for s in b}
    codes = [s.code for s in a] + [s.code for s in b if s.code not in {x.code for x in a}]
    by_code_a = {s.code: s for s in a}
    rows = []
    for code in codes:
        sa_, sb = by_code_a.get(code), by_code_b.get(code)
        la, lb = _level(sa_), _level(sb)
        first = sa_ or sb
        assert first is not None  # the code came from a or b
        rows.append(CriterionChange(code, first.part, first.chapter, la, lb, lb - la if la is not None and lb is not None else None))
    summary_a, summary_b = summarize(a), summarize(b)
    parts = list(dict.fromkeys([s.part for s in a] + [s.part for s in b]))
    gaps: dict[str, float | None] = {}
    for part in parts:
        mean_a = weighted_mean(s for s in a if s.part == part)
        mean_b = weighted_mean(s for s in b if s.part == part)
        gaps[part] = mean_a - mean_b if mean_a is not None and mean_b is not None else None
    chapters: dict[str, ChapterGap] = {}
    for chapter in dict.fromkeys(r.chapter for r in rows):
        mean_a = weighted_mean(s for s in a if s.chapter == chapter)
        mean_b = weighted_mean(s for s in b if s.chapter == chapter)
        gaps_ = [r.gap for r in rows if r.chapter == chapter]
        chapters[chapter] = ChapterGap(
            mean_a, mean_b, mean_a - mean_b if mean_a is not None and mean_b is not None else None,
            a_higher=sum(1 for g in gaps_ if g is not None and g > 0), b_higher=sum(1 for g in gaps_ if g is not None and g < 0),
            equal=sum(1 for g in gaps_ if g == 0), not_compared=sum(1 for g in gaps_ if g is None),
        )
    return Comparison(
        rows=rows,
        up=[r for r in rows if r.change is not None and r.change > 0],
        down=[r for r in rows if r.change is not None and r.change < 0],
        summary_a=summary_a,
        summary_b=summary_b,
        part_gaps=gaps,
        chapters=chapters,
    )


@dataclass(frozen=True)
class Counts:
    """How many criteria A put above B, below, at the same level, or could not be compared."""

    a_higher: int
    b_higher: int
    equal: int
    not_compared: int      # unanswered or not applicable in either round

    @property
    def total(self) -> int:
        return self.a_higher + self.b_higher + self.equal + self.not_compared


def count(rows: Iterable[CriterionChange]) -> Counts:
    gaps = [r.gap for r in rows]
    return Counts(a_higher=sum(1 for g in gaps if g is not None and g > 0), b_higher=sum(1 for g in gaps if g is not None and g < 0),
                  equal=sum(1 for g in gaps if g == 0), not_compared=sum(1 for g in gaps if g is None))


@dataclass(frozen=True)
class Filters:
    """Which criteria a comparison lists: only those with a gap, only those where B is lower than A, one chapter.
    The filters combine (all must hold); the per-chapter and per-part figures always cover every criterion."""

    only_gaps: bool = False
    b_lower: bool = False
    chapter: str | None = None

    @property
    def active(self) -> bool:
        return self.only_gaps or self.b_lower or bool(self.chapter)

    def keep(self, row: CriterionChange) -> bool:
        if self.chapter and row.chapter != self.chapter:
            return False
        if self.b_lower and not (row.gap is not None and row.gap > 0):
            return False
        return not (self.only_gaps and not row.gap)  # a gap of 0, or none, is no gap
