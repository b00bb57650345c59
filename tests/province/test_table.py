"""The province table's rules on plain data: which round stands for a hospital, its figures, the XSĐ score."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quality_assess.assessments import scoring
from quality_assess.province.table import AuditRow, Figures, RoundRef, figures_from_counts, latest_xsd, pick_round, pick_rounds, sort_rows


def ref(id, hospital=1, year=2026, kind="self", status="draft"):
    return RoundRef(id, hospital, year, kind, status, id)


def test_the_latest_locked_self_assessment_stands_for_the_hospital_even_when_newer_rounds_exist():
    rounds = [ref(1, year=2025, status="locked"), ref(2, year=2026, kind="inspection", status="locked"), ref(3, year=2026)]
    assert pick_round(rounds) == (rounds[0], True)


def test_without_a_locked_self_assessment_the_latest_round_stands_and_says_so():
    rounds = [ref(4, year=2025, status="submitted"), ref(5, year=2026), ref(6, year=2026)]
    assert pick_round(rounds) == (rounds[2], False)
    assert pick_round([]) == (None, False)


def test_every_hospital_gets_its_own_round():
    picked = pick_rounds([ref(1, hospital=1, status="locked"), ref(2, hospital=2), ref(3, hospital=1)])
    assert {hid: (r.id, locked) for hid, (r, locked) in picked.items()} == {1: (1, True), 2: (2, False)}


def test_figures_of_many_rounds_follow_the_weighted_mean_and_count_only_applicable_levels():
    rows = [  # (round, coefficient, not applicable, level, how many)
        (10, 1, False, 3, 1), (10, 2, False, 4, 1), (10, 1, True, None, 1), (10, 1, False, None, 1),
        (11, 1, False, 5, 1),
    ]
    figures = figures_from_counts(rows)
    assert figures[10].mean == pytest.approx((3 + 4 * 2) / 3)
    assert figures[10].levels == {1: 0, 2: 0, 3: 1, 4: 1, 5: 0}
    assert (figures[10].applicable, figures[10].criteria) == (3, 4)
    assert figures[11].mean == 5


def test_figures_read_from_a_locked_rounds_snapshot():
    snapshot = {"mean": 3.6, "applicable": 83, "criteria": 83,
                "levels": {str(n): {"count": c, "pct": 0} for n, c in zip(range(1, 6), (0, 1, 34, 45, 3))}}
    assert Figures.from_summary(snapshot) == Figures(3.6, {1: 0, 2: 1, 3: 34, 4: 45, 5: 3}, 83, 83)


def test_the_xsd_score_is_the_latest_month_with_each_departments_latest_audit_of_that_month():
    audits = [
        AuditRow(1, 100, date(2026, 9, 10), 1, 50.0),     # an older month: ignored
        AuditRow(1, 100, date(2026, 10, 2), 2, 70.0),     # replaced by the later audit of the same month
        AuditRow(1, 100, date(2026, 10, 20), 3, 90.0),
        AuditRow(1, 101, date(2026, 10, 5), 4, 80.0),
        AuditRow(2, 200, date(2025, 12, 1), 5, 60.0),
    ]
    scores = latest_xsd(audits)
    assert (scores[1].year, scores[1].month, scores[1].score) == (2026, 10, 85.0)
    assert (scores[2].month, scores[2].score) == (12, 60.0)


@dataclass
class R:
    name: str
    figures: Figures | None


def test_sorting_by_mean_puts_hospitals_without_a_mean_last():
    f = lambda m: Figures(m, {}, 0, 0)  # noqa: E731
    rows = [R("C", f(3.1)), R("A", None), R("B", f(3.8)), R("D", f(None))]
    assert [r.name for r in sort_rows(rows, "mean")] == ["B", "C", "A", "D"]
    assert [r.name for r in sort_rows(rows, "-mean")] == ["C", "B", "A", "D"]
    assert [r.name for r in sort_rows(rows, "name")] == ["A", "B", "C", "D"]


@given(st.lists(st.tuples(st.sampled_from([1, 2, 3]), st.booleans(), st.one_of(st.none(), st.integers(1, 5))), max_size=83))
def test_counted_figures_agree_with_the_round_summary(results):
    """The province table counts results in the database; its figures are those of scoring.summarize."""
    scores = [scoring.CriterionScore(f"C{i}", "A", "A1", coefficient, not na, level) for i, (coefficient, na, level) in enumerate(results)]
    counted = Counter((coefficient, na, level) for coefficient, na, level in results)
    figures = figures_from_counts([(7, c, na, level, n) for (c, na, level), n in counted.items()]).get(7)
    summary = scoring.summarize(scores)
    if not results:
        assert figures is None
        return
    assert figures.criteria == summary.criteria and figures.applicable == summary.applicable
    assert figures.levels == {n: summary.levels[n].count for n in scoring.LEVELS}
    assert figures.mean == pytest.approx(summary.mean) if summary.mean is not None else figures.mean is None
