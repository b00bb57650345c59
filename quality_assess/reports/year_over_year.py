"""Year over year, against the plan, and the trend across years: pure functions over plain data
(no Flask, no SQLAlchemy), like reports/compare.py.

A round is read beside earlier rounds of its hospital (by default the same kind in the two previous
years, the latest such round per year). Per criterion: the plan's target level, each earlier level,
this level, and the change against the most recent earlier round. The rules:
- a level counts only when the criterion applies and is answered: not applicable or unanswered in
  either round is "not compared", never a change (and never "unchanged");
- gained: the level went up; lost: it went down; unchanged: the same level;
- below target: this round has a level and it is lower than the plan's target.

The trend takes, per year, one round of a kind: the latest locked round of that year, else the
latest round (and says which); per year the weighted mean (assessments.scoring, the summary's rule)
and the counts per level, not applicable and unanswered.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from quality_assess.assessments.scoring import LEVELS, CriterionScore, summarize

GAINED, LOST, UNCHANGED, NOT_COMPARED = "gained", "lost", "unchanged", "not_compared"
DEFAULT_YEARS = 2     # the previous years read by default
MAX_PREVIOUS = 6      # earlier rounds one table shows at most


@dataclass(frozen=True)
class RoundRef:
    """What the rules need to know of a round."""

    id: int
    year: int
    kind: str
    status: str = "draft"
    name: str = ""

    @property
    def locked(self) -> bool:
        return self.status == "locked"


def chronological(rounds: Iterable[RoundRef]) -> list[RoundRef]:
    """Oldest first; rounds of one year in the order they were created (their id)."""
    return sorted(rounds, key=lambda r: (r.year, r.id))


def is_earlier(candidate: RoundRef, current: RoundRef) -> bool:
    """A round that may be read as an earlier round of `current`: an earlier year, or the same year and
    created before it (the self-assessment before the inspection team's round)."""
    return candidate.id != current.id and (candidate.year, candidate.id) < (current.year, current.id)


def default_previous(current: RoundRef, candidates: Iterable[RoundRef], years: int = DEFAULT_YEARS) -> list[RoundRef]:
    """The same kind in each of the `years` previous years, the latest such round of each year, oldest first."""
    latest: dict[int, RoundRef] = {}
    for r in candidates:
        if r.kind == current.kind and current.year - years <= r.year < current.year:
            if r.year not in latest or r.id > latest[r.year].id:
                latest[r.year] = r
    return chronological(latest.values())


@dataclass(frozen=True)
class Level:
    """A criterion in one round: its level when it applies and is answered."""

    level: int | None
    applicable: bool = True

    @property
    def counts(self) -> bool:
        return self.applicable and self.level is not None


MISSING = Level(None, True)   # no result row at all reads as unanswered


def level_of(score: CriterionScore | None) -> Level:
    if score is None:
        return MISSING
    return Level(score.level if score.applicable else None, score.applicable)


@dataclass(frozen=True)
class Row:
    code: str
    part: str
    chapter: str
    target: int | None               # the plan's target level, None when the plan sets none
    earlier: tuple[Level, ...]       # one per earlier round, oldest first
    current: Level

    @property
    def latest_earlier(self) -> Level | None:
        return self.earlier[-1] if self.earlier else None

    @property
    def change(self) -> int | None:
        """This level − the most recent earlier round's level; None unless both count."""
        before = self.latest_earlier
        if before is None or not (before.counts and self.current.counts):
            return None
        assert before.level is not None and self.current.level is not None
        return self.current.level - before.level

    @property
    def status(self) -> str:
        change = self.change
        if change is None:
            return NOT_COMPARED
        return GAINED if change > 0 else LOST if change < 0 else UNCHANGED

    @property
    def below_target(self) -> bool:
        return self.target is not None and self.current.counts and (self.current.level or 0) < self.target


@dataclass(frozen=True)
class YearOverYear:
    current: RoundRef
    previous: list[RoundRef]          # oldest first; the change is against the last one
    rows: list[Row]
    chapters: dict[str, list[Row]] = field(default_factory=dict)   # chapter → its rows, in catalogue order

    def _with(self, status: str) -> list[Row]:
        return [r for r in self.rows if r.status == status]

    @property
    def gained(self) -> list[Row]:
        return self._with(GAINED)

    @property
    def lost(self) -> list[Row]:
        return self._with(LOST)

    @property
    def unchanged(self) -> list[Row]:
        return self._with(UNCHANGED)

    @property
    def not_compared(self) -> list[Row]:
        return self._with(NOT_COMPARED)

    @property
    def below_target(self) -> list[Row]:
        return [r for r in self.rows if r.below_target]

    @property
    def with_target(self) -> int:
        return sum(1 for r in self.rows if r.target is not None)

    def counts(self) -> dict[str, int]:
        return {GAINED: len(self.gained), LOST: len(self.lost), UNCHANGED: len(self.unchanged),
                NOT_COMPARED: len(self.not_compared), "below_target": len(self.below_target)}


def year_over_year(
    current: RoundRef, scores: Sequence[CriterionScore],
    previous: Sequence[tuple[RoundRef, Sequence[CriterionScore]]], targets: Mapping[str, int],
) -> YearOverYear:
    """The table for `current` (its scores in catalogue order) beside the earlier rounds and the targets
    (criterion code → target level). Earlier rounds are put oldest first whatever order they come in."""
    ordered = sorted(previous, key=lambda p: (p[0].year, p[0].id))
    earlier = [{s.code: s for s in sc} for _, sc in ordered]
    rows = [
        Row(s.code, s.part, s.chapter, targets.get(s.code), tuple(level_of(e.get(s.code)) for e in earlier), level_of(s))
        for s in scores
    ]
    chapters: dict[str, list[Row]] = {}
    for row in rows:
        chapters.setdefault(row.chapter, []).append(row)
    return YearOverYear(current, [r for r, _ in ordered], rows, chapters)


# ---------------------------------------------------------------- the trend


def round_of_year(rounds: Iterable[RoundRef], kind: str) -> dict[int, RoundRef]:
    """year → the round the trend reads for it: the latest locked round of `kind`, else the latest one."""
    chosen: dict[int, RoundRef] = {}
    for r in chronological(x for x in rounds if x.kind == kind):
        held = chosen.get(r.year)
        if held is None or r.locked or not held.locked:
            chosen[r.year] = r
    return dict(sorted(chosen.items()))


@dataclass(frozen=True)
class TrendPoint:
    year: int
    round: RoundRef
    locked: bool                      # the round read is a locked one (else the year has no locked round yet)
    mean: float | None
    levels: dict[int, int]            # Mức 1..5 → criteria
    not_applicable: int
    unanswered: int
    criteria: int


def trend_point(round_: RoundRef, scores: Sequence[CriterionScore]) -> TrendPoint:
    summary = summarize(scores)
    return TrendPoint(
        year=round_.year, round=round_, locked=round_.locked, mean=summary.mean,
        levels={n: summary.levels[n].count for n in LEVELS},
        not_applicable=summary.criteria - summary.applicable,
        unanswered=summary.applicable - summary.answered,
        criteria=summary.criteria,
    )


def trend(chosen: Iterable[tuple[RoundRef, Sequence[CriterionScore]]]) -> list[TrendPoint]:
    """One point per year, oldest first."""
    return sorted((trend_point(r, s) for r, s in chosen), key=lambda p: p.year)
