"""Two rounds side by side, as a pure function over their scores (no Flask, no SQLAlchemy).

A is the reference and B the other round: per criterion the change is B − A (so "went up" reads
naturally for last year → this year); per part the gap is A − B (self − inspection: how optimistic
the self-assessment was when A is the self-assessment).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from quality_assess.assessments.scoring import CriterionScore, RoundSummary, summarize, weighted_mean


@dataclass(frozen=True)
class CriterionChange:
    code: str
    part: str
    level_a: int | None          # None when not assessed or not applicable
    level_b: int | None
    change: int | None           # B − A, None unless both have a level


@dataclass(frozen=True)
class Comparison:
    rows: list[CriterionChange]
    up: list[CriterionChange]
    down: list[CriterionChange]
    summary_a: RoundSummary
    summary_b: RoundSummary
    part_gaps: dict[str, float | None]   # part → mean A − mean B


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
        rows.append(CriterionChange(code, (sa_ or sb).part, la, lb, lb - la if la is not None and lb is not None else None))  # type: ignore[union-attr]
    summary_a, summary_b = summarize(a), summarize(b)
    parts = list(dict.fromkeys([s.part for s in a] + [s.part for s in b]))
    gaps: dict[str, float | None] = {}
    for part in parts:
        mean_a = weighted_mean(s for s in a if s.part == part)
        mean_b = weighted_mean(s for s in b if s.part == part)
        gaps[part] = mean_a - mean_b if mean_a is not None and mean_b is not None else None
    return Comparison(
        rows=rows,
        up=[r for r in rows if r.change is not None and r.change > 0],
        down=[r for r in rows if r.change is not None and r.change < 0],
        summary_a=summary_a,
        summary_b=summary_b,
        part_gaps=gaps,
    )
