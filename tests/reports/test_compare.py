"""Two rounds side by side, as a pure function (no app)."""
from __future__ import annotations

import pytest

from quality_assess.assessments.scoring import CriterionScore
from quality_assess.reports.compare import compare


def scores(levels: dict[str, int | None], na: tuple[str, ...] = ()) -> list[CriterionScore]:
    return [CriterionScore(code, code[0], code.split(".")[0], 2 if code.startswith("C3") else 1, code not in na, level)
            for code, level in levels.items()]


SELF = {"A1.1": 4, "A1.2": 3, "B1.1": 3, "C3.1": 4, "C3.2": 2}
INSPECTION = {"A1.1": 3, "A1.2": 3, "B1.1": 4, "C3.1": 2, "C3.2": 2}


def test_each_criterion_shows_both_levels_and_the_change_from_a_to_b():
    result = compare(scores(SELF), scores(INSPECTION))
    rows = {r.code: (r.level_a, r.level_b, r.change) for r in result.rows}
    assert rows == {"A1.1": (4, 3, -1), "A1.2": (3, 3, 0), "B1.1": (3, 4, 1), "C3.1": (4, 2, -2), "C3.2": (2, 2, 0)}
    assert [r.code for r in result.up] == ["B1.1"]
    assert [r.code for r in result.down] == ["A1.1", "C3.1"]


def test_the_part_gap_shows_how_optimistic_the_self_assessment_was():
    result = compare(scores(SELF), scores(INSPECTION))
    assert result.part_gaps["A"] == pytest.approx(3.5 - 3.0)
    assert result.part_gaps["B"] == pytest.approx(-1.0)
    # C: (4×2 + 2×2)/4 = 3 against (2×2 + 2×2)/4 = 2
    assert result.part_gaps["C"] == pytest.approx(1.0)


def test_mean_and_level_counts_of_each_round():
    result = compare(scores(SELF), scores(INSPECTION))
    assert result.summary_a.mean == pytest.approx((4 + 3 + 3 + 8 + 4) / 7)
    assert result.summary_b.mean == pytest.approx((3 + 3 + 4 + 4 + 4) / 7)
    assert result.summary_a.levels[4].count == 2
    assert result.summary_b.levels[2].count == 2


def test_unassessed_or_not_applicable_criteria_have_no_change():
    result = compare(scores({"A1.1": 3, "E1.1": 4}, na=("E1.1",)), scores({"A1.1": None, "E1.1": 5}))
    rows = {r.code: (r.level_a, r.level_b, r.change) for r in result.rows}
    assert rows == {"A1.1": (3, None, None), "E1.1": (None, 5, None)}
    assert result.up == result.down == []
    assert result.part_gaps["A"] is None


def test_the_gap_is_a_minus_b_and_each_chapter_counts_where_self_was_higher():
    result = compare(scores(SELF | {"C3.3": 3}), scores(INSPECTION | {"C3.3": None}))
    assert {r.code: r.gap for r in result.rows} == {"A1.1": 1, "A1.2": 0, "B1.1": -1, "C3.1": 2, "C3.2": 0, "C3.3": None}
    assert {r.code: r.chapter for r in result.rows}["C3.1"] == "C3"
    c3 = result.chapters["C3"]
    # A: (4×2 + 2×2 + 3×2)/6 = 3 against B: (2×2 + 2×2)/4 = 2 (C3.3 unanswered in B)
    assert (c3.mean_a, c3.mean_b, c3.gap) == (pytest.approx(3.0), pytest.approx(2.0), pytest.approx(1.0))
    assert (c3.a_higher, c3.b_higher, c3.equal, c3.not_compared) == (1, 0, 1, 1)
    assert (result.chapters["B1"].a_higher, result.chapters["B1"].b_higher) == (0, 1)
    assert list(result.chapters) == ["A1", "B1", "C3"]
