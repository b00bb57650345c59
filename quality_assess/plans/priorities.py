"""Pure rules of improvement plans: what blocks a level, what reaching a target is worth, dates.

No Flask or SQLAlchemy here (tested on its own). Sub-items arrive as (code, level, value or None).
"""
from __future__ import annotations

import hashlib
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


# ---------------------------------------------------------------- regenerating a plan


@dataclass(frozen=True)
class EntryChange:
    """What regenerating does to one criterion of the plan: a new entry (old_* None), or new levels."""

    code: str
    old_level: int | None
    new_level: int
    old_target: int | None
    new_target: int

    @property
    def added(self) -> bool:
        return self.old_level is None


@dataclass(frozen=True)
class Regeneration:
    """Every change regenerating would make, in the round's criterion order. Nothing is ever removed:
    an entry whose criterion has no level in the new round (or is now higher) stays, with its actions."""

    changes: tuple[EntryChange, ...]
    unchanged: int                       # entries regenerating leaves as they are

    @property
    def added(self) -> list[EntryChange]:
        return [c for c in self.changes if c.added]

    @property
    def changed(self) -> list[EntryChange]:
        return [c for c in self.changes if not c.added]

    @property
    def fingerprint(self) -> str:
        """A digest of the changes, to check on confirmation that they are still the ones shown."""
        text = ";".join(f"{c.code}:{c.old_level}>{c.new_level}:{c.old_target}>{c.new_target}" for c in self.changes)
        return hashlib.sha256(text.encode()).hexdigest()[:20]


def regeneration(
    existing: Mapping[str, tuple[int, int]], levels: Iterable[tuple[str, int | None]],
    plan_levels: Sequence[int], wanted: Mapping[str, int],
) -> Regeneration:
    """existing: code → (current level, target) of the plan's entries; levels: (code, level or None
    when not applicable/unanswered) of the round, in catalogue order; wanted: the year's per-criterion targets.

    A criterion with an entry gets its current level; its target rises to the next level when the new
    level reached it. A criterion without one gets an entry when its level is one of `plan_levels`,
    aiming at the year's target for it when that is valid, else the next level."""
    changes: list[EntryChange] = []
    for code, level in levels:
        if level is None:
            continue
        if code in existing:
            current, target = existing[code]
            new_target = default_target(level) if target < level else target
            if (current, target) != (level, new_target):
                changes.append(EntryChange(code, current, level, target, new_target))
        elif level in plan_levels:
            target = wanted.get(code, 0)
            if not valid_target(level, target) or target == level:
                target = default_target(level)
            changes.append(EntryChange(code, None, level, None, target))
    return Regeneration(tuple(changes), len(existing) - len([c for c in changes if not c.added]))


# ---------------------------------------------------------------- the year's order of work


@dataclass(frozen=True)
class Priority:
    """One thing to improve: a basic standard of TT 35/2024 not met ("Không"), or a criterion at a level."""

    kind: str             # "basic" (a TT 35 item answered "Không") | "criterion"
    code: str
    level: int | None     # the criterion's current level; None for a basic standard


def priority_order(basic_not_met: Iterable[str], criteria: Iterable[tuple[str, int]]) -> list[Priority]:
    """A basic standard not met comes first of all (before any level), in its own order; then the criteria
    by level (Mức 1 before Mức 2 …), each level in the order given (the catalogue's)."""
    basics = [Priority("basic", code, None) for code in basic_not_met]
    ranked = sorted(enumerate(criteria), key=lambda pair: (pair[1][1], pair[0]))
    return basics + [Priority("criterion", code, level) for _, (code, level) in ranked]
