"""The scoring rules of QĐ 6858/QĐ-BYT as plain functions over plain data.

No Flask or SQLAlchemy here: this is the heart of the product and is tested on its own.

A criterion's level:
- any level-1 finding present → Mức 1;
- Mức 2: no level-1 finding and every level-2 sub-item met (else Mức 1);
- Mức N (3–5): Mức N−1 reached and every level-N sub-item met; one unmet item stops at N−1;
- a not-applicable sub-item neither blocks nor counts; a level with no applicable item is met.

A level is given only when the answers that decide it are all there: with an answer missing, the functions
return None ("undecided") unless every way of filling the gap gives the same level (an unmet level-2 item
settles Mức 1 whatever else is open; an unmet level-k item settles k−1 only once the finding and levels
2…k−1 are answered). A criterion without sub-items has no item answers at all, so its items decide nothing.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

LEVELS = (1, 2, 3, 4, 5)
UPPER_LEVELS = (2, 3, 4, 5)

# Sub-item answers.
PRESENT, ABSENT = "present", "absent"          # level-1 findings
MET, UNMET, NA = "met", "unmet", "na"          # levels 2–5
LEVEL1_VALUES = frozenset({PRESENT, ABSENT})
UPPER_VALUES = frozenset({MET, UNMET, NA})


@dataclass(frozen=True)
class LevelAnswers:
    """The per-level answers: any level-1 finding? all level-N items met? (None = not answered)."""

    finding: bool | None
    met: Mapping[int, bool | None] = field(default_factory=dict)


def level_from_answers(finding: bool | None, met: Mapping[int, bool | None]) -> int | None:
    """The level the answers settle, or None while an answer that decides it is missing."""
    if finding is True:
        return 1
    if met.get(2) is False:
        return 1  # with or without a finding
    if finding is None:
        return None
    level = 1
    for n in UPPER_LEVELS:
        answer = met.get(n)
        if answer is None:
            return None
        if answer is False:
            return level
        level = n
    return level


UNDECIDED = LevelAnswers(None, {n: None for n in UPPER_LEVELS})


def answers_from_items(items: Iterable[tuple[int, str | None]]) -> LevelAnswers:
    """Per-level answers from sub-item answers given as (level, value or None).

    No items at all decide nothing (every answer None): an empty list is not "every item met"."""
    items = list(items)
    if not items:
        return UNDECIDED
    finding: bool | None = False
    met: dict[int, bool | None] = {n: True for n in UPPER_LEVELS}
    for level, value in items:
        if level == 1:
            if value == PRESENT:
                finding = True
            elif value is None and finding is False:
                finding = None
        else:
            if value == UNMET:
                met[level] = False
            elif value is None and met[level] is True:
                met[level] = None
    return LevelAnswers(finding, met)


def level_from_items(items: Iterable[tuple[int, str | None]]) -> int | None:
    answers = answers_from_items(items)
    return level_from_answers(answers.finding, answers.met)


def answers_for_level(level: int, finding: bool | None, met: Mapping[int, bool | None]) -> LevelAnswers | None:
    """The given per-level answers completed so that they give exactly `level`, or None if they contradict it.

    For a level typed in alone (the workbook's "Mức" column): only missing answers are filled, and only those
    the level decides (Mức 3: no finding, levels 2 and 3 met, level 4 not met; level 5 stays open)."""
    filled_finding, filled = finding, {n: met.get(n) for n in UPPER_LEVELS}
    if level == 1:
        if finding is None and filled[2] is True:
            filled_finding = True          # level 2 met, so only a finding can keep it at Mức 1
        elif finding is not True and filled[2] is None:
            filled[2] = False
    else:
        if finding is None:
            filled_finding = False
        for n in UPPER_LEVELS:
            if filled[n] is None and n <= level + 1:
                filled[n] = n <= level
    if level_from_answers(filled_finding, filled) != level:
        return None
    return LevelAnswers(filled_finding, filled)


def blocking_levels(finding: bool | None, met: Mapping[int, bool | None], target: int) -> list[int]:
    """The levels whose answers stand between the criterion and `target`.

    1 stands for "a level-1 finding is still present (or not yet answered)".
    """
    blocking = [] if finding is False else [1]
    blocking += [n for n in UPPER_LEVELS if n <= target and met.get(n) is not True]
    return blocking


# ---------------------------------------------------------------- the round result


@dataclass(frozen=True)
class CriterionScore:
    code: str
    part: str
    chapter: str
    coefficient: int
    applicable: bool
    level: int | None
    provisional: bool = False     # carried from an earlier round, not yet confirmed


@dataclass(frozen=True)
class LevelCount:
    count: int
    pct: float  # 0–100, over applicable criteria


@dataclass(frozen=True)
class RoundSummary:
    criteria: int                 # criteria in the catalogue (83)
    applicable: int
    applicable_pct: float         # 0–100
    answered: int                 # applicable criteria with a level
    total: int                    # Σ level
    total_weighted: int           # Σ level × coefficient
    mean: float | None            # Σ level × coefficient / Σ coefficient
    levels: dict[int, LevelCount]
    parts: dict[str, float | None]
    chapters: dict[str, float | None]
    low: list[str]                # codes at Mức 1 and Mức 2, in catalogue order
    provisional: int = 0          # answered criteria carried from an earlier round, not yet confirmed

    @property
    def confirmed(self) -> int:
        """Answered criteria whose answers are this round's own (saved or confirmed)."""
        return self.answered - self.provisional

    def as_dict(self) -> dict:
        """The API's shape: string keys, percentages 0–100, the mean unrounded."""
        return {
            "criteria": self.criteria,
            "applicable": self.applicable,
            "applicable_pct": self.applicable_pct,
            "answered": self.answered,
            "confirmed": self.confirmed,
            "provisional": self.provisional,
            "total": self.total,
            "total_weighted": self.total_weighted,
            "mean": self.mean,
            "levels": {str(n): {"count": c.count, "pct": c.pct} for n, c in self.levels.items()},
            "parts": dict(self.parts),
            "chapters": dict(self.chapters),
            "low": list(self.low),
        }


def weighted_mean(scores: Iterable[CriterionScore]) -> float | None:
    """Σ(level × coefficient) / Σ(coefficient) over applicable criteria that have a level."""
    num = den = 0
    for s in scores:
        if s.applicable and s.level is not None:
            num += s.level * s.coefficient
            den += s.coefficient
    return num / den if den else None


def _percent(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 0.0


def summarize(scores: Sequence[CriterionScore]) -> RoundSummary:
    """The result block every hospital report prints."""
    applicable = [s for s in scores if s.applicable]
    scored = [s for s in applicable if s.level is not None]
    counts = {n: sum(1 for s in scored if s.level == n) for n in LEVELS}

    def grouped(key: str) -> dict[str, float | None]:
        groups: dict[str, list[CriterionScore]] = {}
        for s in scores:
            groups.setdefault(getattr(s, key), []).append(s)
        return {k: weighted_mean(v) for k, v in groups.items()}

    return RoundSummary(
        criteria=len(scores),
        applicable=len(applicable),
        applicable_pct=_percent(len(applicable), len(scores)),
        answered=len(scored),
        total=sum(s.level or 0 for s in scored),  # `scored` holds answered criteria only
        total_weighted=sum((s.level or 0) * s.coefficient for s in scored),
        mean=weighted_mean(scored),
        levels={n: LevelCount(counts[n], _percent(counts[n], len(applicable))) for n in LEVELS},
        parts=grouped("part"),
        chapters=grouped("chapter"),
        low=[s.code for s in scored if s.level in (1, 2)],
        provisional=sum(1 for s in scored if s.provisional),
    )


def inapplicable_groups(scores: Iterable[CriterionScore]) -> frozenset[str]:
    """Codes of the parts and chapters none of whose criteria applies (E2 in a hospital without a
    paediatrics department): reports leave them out of charts and print no mean for them."""
    seen: dict[str, bool] = {}
    for s in scores:
        for code in (s.part, s.chapter):
            seen[code] = seen.get(code, False) or s.applicable
    return frozenset(code for code, applies in seen.items() if not applies)


def mean_if(scores: Sequence[CriterionScore], new_levels: Mapping[str, int]) -> float | None:
    """The hospital mean if the criteria in `new_levels` reached those levels (what-if)."""
    return weighted_mean(
        CriterionScore(s.code, s.part, s.chapter, s.coefficient, s.applicable, new_levels.get(s.code, s.level), s.provisional)
        for s in scores
    )
