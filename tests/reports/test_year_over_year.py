"""The rules of the year-over-year table and the trend, on plain data (reports/year_over_year.py).

The criteria here are a synthetic handful (codes shaped like the catalogue's, no official text)."""
from __future__ import annotations

import pytest

from quality_assess.assessments.scoring import CriterionScore
from quality_assess.reports.year_over_year import (
    GAINED, LOST, NOT_COMPARED, UNCHANGED, RoundRef, default_previous, is_earlier, round_of_year, trend, year_over_year,
)

CODES = [("A1.1", "A", "A1", 1), ("A1.2", "A", "A1", 1), ("B1.1", "B", "B1", 1), ("C3.1", "C", "C3", 2), ("E2.1", "E", "E2", 1)]


def scores(levels: dict[str, int | str | None]) -> list[CriterionScore]:
    """Scores of the synthetic criteria: a level, "na" (not applicable) or None (unanswered)."""
    return [CriterionScore(code, part, chapter, coef, levels.get(code) != "na",
                           None if levels.get(code) in (None, "na") else int(levels[code]))  # type: ignore[arg-type]
            for code, part, chapter, coef in CODES]


def r(ident: int, year: int, kind: str = "self", status: str = "locked") -> RoundRef:
    return RoundRef(ident, year, kind, status, f"Đợt {ident}")


def test_by_default_the_same_kind_in_the_two_previous_years_the_latest_round_of_each():
    current = r(20, 2026)
    candidates = [r(1, 2023), r(2, 2024), r(3, 2024), r(4, 2024, "inspection"), r(5, 2025), r(6, 2025, "inspection"),
                  r(7, 2026), r(21, 2026)]
    assert [x.id for x in default_previous(current, candidates)] == [3, 5]
    assert [x.id for x in default_previous(r(30, 2026, "inspection"), candidates)] == [4, 6]
    assert default_previous(r(1, 2023), candidates) == []


def test_an_earlier_round_is_an_earlier_year_or_created_before_it_in_the_same_year():
    current = r(10, 2026)
    assert is_earlier(r(3, 2025), current) and is_earlier(r(9, 2026), current)
    assert not is_earlier(r(10, 2026), current) and not is_earlier(r(11, 2026), current) and not is_earlier(r(2, 2027), current)


def test_the_change_is_against_the_most_recent_earlier_round_and_the_lists_count_it():
    table = year_over_year(
        r(3, 2026), scores({"A1.1": 3, "A1.2": 2, "B1.1": 4, "C3.1": 4, "E2.1": 5}),
        # given newest first: the table puts them oldest first and compares with 2025
        [(r(2, 2025), scores({"A1.1": 2, "A1.2": 3, "B1.1": 4, "C3.1": 4, "E2.1": 1})),
         (r(1, 2024), scores({"A1.1": 5, "A1.2": 1, "B1.1": 1, "C3.1": 1, "E2.1": 1}))],
        {"A1.1": 4, "A1.2": 2, "C3.1": 5},
    )
    assert [p.year for p in table.previous] == [2024, 2025]
    rows = {row.code: row for row in table.rows}
    assert [e.level for e in rows["A1.1"].earlier] == [5, 2]
    assert (rows["A1.1"].change, rows["A1.1"].status) == (1, GAINED)          # 2 → 3, not 5 → 3
    assert (rows["A1.2"].change, rows["A1.2"].status) == (-1, LOST)
    assert (rows["B1.1"].change, rows["B1.1"].status) == (0, UNCHANGED)
    assert [x.code for x in table.gained] == ["A1.1", "E2.1"]
    assert [x.code for x in table.lost] == ["A1.2"] and [x.code for x in table.unchanged] == ["B1.1", "C3.1"]
    assert table.counts() == {"gained": 2, "lost": 1, "unchanged": 2, "not_compared": 0, "below_target": 2}
    # below target: level < target (A1.1 at 3 for 4, C3.1 at 4 for 5); reaching the target is not below it
    assert [x.code for x in table.below_target] == ["A1.1", "C3.1"]
    assert rows["A1.2"].target == 2 and not rows["A1.2"].below_target
    assert rows["B1.1"].target is None and not rows["B1.1"].below_target
    assert list(table.chapters) == ["A1", "B1", "C3", "E2"] and [x.code for x in table.chapters["A1"]] == ["A1.1", "A1.2"]


@pytest.mark.parametrize(("before", "now"), [("na", 3), (3, "na"), (None, 3), (3, None), ("na", "na"), (None, None)])
def test_not_applicable_or_unanswered_in_either_round_is_never_a_change(before, now):
    table = year_over_year(r(2, 2026), scores({"A1.1": now}), [(r(1, 2025), scores({"A1.1": before}))], {"A1.1": 5})
    row = table.rows[0]
    assert (row.change, row.status) == (None, NOT_COMPARED)
    assert row not in table.gained + table.lost + table.unchanged
    assert row.below_target == isinstance(now, int)   # below target reads this year alone; no level, not below


def test_an_older_level_does_not_stand_in_when_the_latest_earlier_round_left_it_open():
    table = year_over_year(r(3, 2026), scores({"A1.1": 4}), [(r(1, 2024), scores({"A1.1": 2})), (r(2, 2025), scores({"A1.1": "na"}))], {})
    row = table.rows[0]
    assert [e.applicable for e in row.earlier] == [True, False]
    assert row.status == NOT_COMPARED


def test_without_earlier_rounds_nothing_is_compared_but_the_targets_still_read():
    table = year_over_year(r(1, 2026), scores({"A1.1": 2, "A1.2": 4}), [], {"A1.1": 3, "A1.2": 3})
    assert table.previous == [] and len(table.not_compared) == 5
    assert [x.code for x in table.below_target] == ["A1.1"]


def test_the_trend_reads_the_latest_locked_round_of_each_year_else_the_latest_round():
    rounds = [r(1, 2024, status="locked"), r(2, 2024, status="draft"),       # 2024: the locked one, though older
              r(3, 2025, status="locked"), r(4, 2025, status="locked"),      # 2025: the later of two locked
              r(5, 2026, status="draft"), r(6, 2026, status="submitted"),    # 2026: none locked, the latest
              r(7, 2026, "inspection", "locked")]
    assert {y: x.id for y, x in round_of_year(rounds, "self").items()} == {2024: 1, 2025: 4, 2026: 6}
    assert {y: x.id for y, x in round_of_year(rounds, "inspection").items()} == {2026: 7}


def test_a_trend_point_has_the_weighted_mean_and_the_counts_per_level():
    points = trend([(r(2, 2026, status="draft"), scores({"A1.1": 2, "A1.2": 3, "C3.1": 4, "E2.1": "na"})),
                    (r(1, 2025), scores({"A1.1": 1, "A1.2": 1, "B1.1": 1, "C3.1": 1, "E2.1": 1}))])
    assert [p.year for p in points] == [2025, 2026]
    last = points[1]
    assert last.mean == pytest.approx((2 + 3 + 4 * 2) / 4)   # C3.1 counts twice (coefficient 2), as in the summary
    assert last.levels == {1: 0, 2: 1, 3: 1, 4: 1, 5: 0}
    assert (last.not_applicable, last.unanswered, last.criteria, last.locked) == (1, 1, 5, False)
    assert points[0].levels[1] == 5 and points[0].locked
