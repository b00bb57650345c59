"""The province's aggregates over plain data (no Flask, no SQLAlchemy): tested on their own.

Every figure is read from the round that stands for each hospital (table.pick_round: the latest locked
self-assessment of the year, else its latest round), so the aggregates agree with the province table.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from quality_assess.assessments import scoring

LOW_LEVELS = (1, 2)          # what the health department follows up: criteria at Mức 1 and Mức 2


@dataclass(frozen=True)
class CriterionShare:
    code: str
    chapter: str
    scored: int              # hospitals where the criterion applies and has a level
    low: int                 # ... of which at Mức 1 or Mức 2

    @property
    def share(self) -> float | None:
        """0–100, over the hospitals with a level; None when no hospital has one."""
        return 100.0 * self.low / self.scored if self.scored else None


# (criterion code, level, how many standing rounds have the criterion applicable at that level)
LevelCountRow = tuple[str, int | None, int]


def criterion_shares(rows: Iterable[LevelCountRow], codes: Sequence[tuple[str, str]]) -> list[CriterionShare]:
    """For each (code, chapter) of the catalogue, in its order: how many hospitals have a level, how many at Mức 1–2."""
    scored: dict[str, int] = {}
    low: dict[str, int] = {}
    for code, level, count in rows:
        if level is None:
            continue
        scored[code] = scored.get(code, 0) + count
        if level in LOW_LEVELS:
            low[code] = low.get(code, 0) + count
    return [CriterionShare(code, chapter, scored.get(code, 0), low.get(code, 0)) for code, chapter in codes]


@dataclass(frozen=True)
class RoundScores:
    mean: float | None
    chapters: dict[str, float | None]    # chapter code → weighted mean (None: nothing scored there)


# (round id, chapter code, criterion coefficient, not applicable, level, how many results of the round are like that)
ChapterCountRow = tuple[int, str, int, bool, int | None, int]


def round_scores(rows: Iterable[ChapterCountRow]) -> dict[int, RoundScores]:
    """round id → its mean and chapter means, with scoring.weighted_mean (as scoring.summarize computes them;
    a chapter none of whose criteria applies has no mean), from results grouped in the database."""
    by_round: dict[int, dict[str, list[scoring.CriterionScore]]] = {}
    for round_id, chapter, coefficient, not_applicable, level, count in rows:
        by_round.setdefault(round_id, {}).setdefault(chapter, []).extend(
            [scoring.CriterionScore("", "", chapter, coefficient, not not_applicable, level)] * count)
    return {
        round_id: RoundScores(scoring.weighted_mean(s for scores in chapters.values() for s in scores),
                              {chapter: scoring.weighted_mean(scores) for chapter, scores in chapters.items()})
        for round_id, chapters in by_round.items()
    }


# (round id, criterion coefficient, not applicable, level, how many results of the round are like that)
CountRow = tuple[int, int, bool, int | None, int]


def means_from_counts(rows: Iterable[CountRow]) -> dict[int, float | None]:
    """round id → its weighted mean (scoring.weighted_mean) from results grouped by coefficient, applicability and level."""
    by_round: dict[int, list[scoring.CriterionScore]] = {}
    for round_id, coefficient, not_applicable, level, count in rows:
        by_round.setdefault(round_id, []).extend(
            [scoring.CriterionScore("", "", "", coefficient, not not_applicable, level)] * count)
    return {round_id: scoring.weighted_mean(scores) for round_id, scores in by_round.items()}


@dataclass(frozen=True)
class YearMean:
    year: int
    hospitals: int           # hospitals with a mean that year
    mean: float | None       # the mean of the hospitals' means (each hospital counts once)


def year_means(means: Iterable[tuple[int, float | None]]) -> list[YearMean]:
    """(year, a hospital's mean that year) pairs → the province mean per year, oldest first."""
    by_year: dict[int, list[float]] = {}
    for year, mean in means:
        values = by_year.setdefault(year, [])
        if mean is not None:
            values.append(mean)
    return [YearMean(y, len(v), sum(v) / len(v) if v else None) for y, v in sorted(by_year.items())]


def heat_class(mean: float | None) -> str:
    """The heatmap's colour band of a chapter mean: heat-1 (below 1.5) … heat-5 (4.5 and above), heat-none."""
    if mean is None:
        return "heat-none"
    return f"heat-{min(max(int(mean + 0.5), 1), 5)}"
