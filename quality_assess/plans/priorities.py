"""Pure rules of improvement plans: what blocks a level, what reaching a target is worth, dates.

No Flask or SQLAlchemy here (tested on its own). Sub-items arrive as (code, level, value or None).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from quality_assess.assessments import scoring

MAX_LEVEL = 5
DONE = "done"


def default_target(current: int) -> int:
    return min(current + 1, MAX_LEVEL)


def valid_target(current: int, target: int) -> bool:
    """A target is never below the current level and never above Mức 5."""
    return current <= target <= MAX_LEVEL


def blocking_items(items: Iterable[tuple[str, int, str | None]], target: int) -> list[str]:
    """Codes of the sub-items that stand between a criterion and `target`:
    level-1 findings present (or unanswered), items of levels 2..target unmet (or unanswered)."""
    blocking = []
    for code, level, value in items:
        if level == 1:
            if value != scoring.ABSENT:
                blocking.append(code)
        elif level <= target and value not in (scoring.MET, scoring.NA):
            blocking.append(code)
    return blocking


@dataclass(frozen=True)
class EntryFigures:
    code: str
    current: int
    target: int
    coefficient: int
    items_to_next: int         # items between the entry and its next level
    items_to_target: int
    gain: float                # rise of the hospital mean if this entry alone reaches its target

    @property
    def gain_per_item(self) -> float:
        return self.gain / self.items_to_target if self.items_to_target else self.gain


def gain(scores: Sequence[scoring.CriterionScore], code: str, target: int) -> float:
    before = scoring.weighted_mean(scores) or 0.0
    after = scoring.mean_if(scores, {code: target}) or 0.0
    return after - before


def quick_wins(figures: Iterable[EntryFigures]) -> list[EntryFigures]:
    """Highest gain per blocking item first; ties: fewer items, then catalogue code."""
    return sorted(figures, key=lambda f: (-f.gain_per_item, f.items_to_target, f.code))


@dataclass(frozen=True)
class WhatIf:
    mean: float | None
    levels: dict[int, int]     # level → number of applicable criteria at it


def what_if(scores: Sequence[scoring.CriterionScore], targets: Mapping[str, int]) -> WhatIf:
    """The hospital mean and level counts if every target were met (never lowering a level)."""
    raised = [
        replace(s, level=max(s.level or 0, targets[s.code])) if s.code in targets and s.applicable else s
        for s in scores
    ]
    summary = scoring.summarize(raised)
    return WhatIf(summary.mean, {n: c.count for n, c in summary.levels.items()})


def is_overdue(due: date | None, status: str, today: date) -> bool:
    return due is not None and status != DONE and due < today


def my_actions_key(due: date | None, status: str, today: date) -> tuple[int, int, date]:
    """Sort key: overdue first, then open before done, then by due date (undated last)."""
    return (0 if is_overdue(due, status, today) else 1, 1 if status == DONE else 0, due or date.max)
