"""The level rule and the result block, as pure functions (no app, no database)."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quality_assess.assessments import scoring
from quality_assess.assessments.scoring import CriterionScore, level_from_answers, level_from_items, summarize
from tests.assessments.level_cases import ANSWER_CASES, ITEM_CASES



@pytest.mark.parametrize(("finding", "met", "level"), ANSWER_CASES)
def test_level_rule(finding, met, level):
    assert level_from_answers(finding, met) == level


@pytest.mark.parametrize(("items", "level"), [case[1:] for case in ITEM_CASES], ids=[case[0] for case in ITEM_CASES])
def test_level_from_sub_items(items, level):
    assert level_from_items(items) == level


answer = st.one_of(st.none(), st.booleans())
met_answers = st.fixed_dictionaries({n: answer for n in scoring.UPPER_LEVELS})


@given(finding=answer, met=met_answers)
def test_level_is_always_1_to_5_or_open(finding, met):
    assert level_from_answers(finding, met) in {None, 1, 2, 3, 4, 5}


@given(met=met_answers)
def test_a_finding_always_means_level_1(met):
    assert level_from_answers(True, met) == 1


@given(finding=answer, met=met_answers)
def test_level_n_requires_every_level_up_to_n(finding, met):
    level = level_from_answers(finding, met)
    if level is not None and level >= 2:
        assert finding is False
        assert all(met[n] is True for n in range(2, level + 1))
        if level < 5:
            assert met[level + 1] is False


@given(finding=st.booleans(), met=st.fixed_dictionaries({n: st.booleans() for n in scoring.UPPER_LEVELS}))
def test_fully_answered_criteria_always_have_a_level(finding, met):
    assert level_from_answers(finding, met) is not None


@given(
    finding=st.booleans(), met=st.fixed_dictionaries({n: st.booleans() for n in scoring.UPPER_LEVELS}),
    better=st.sampled_from(scoring.UPPER_LEVELS),
)
def test_meeting_one_more_level_never_lowers_the_level(finding, met, better):
    improved = {**met, better: True}
    assert level_from_answers(finding, improved) >= level_from_answers(finding, met)


@given(st.lists(st.tuples(st.integers(1, 5), st.sampled_from(["met", "unmet", "na"])), max_size=30))
def test_items_and_per_level_answers_agree(items):
    items = [(lvl, "absent" if lvl == 1 else v) for lvl, v in items]
    answers = scoring.answers_from_items(items)
    assert level_from_items(items) == level_from_answers(answers.finding, answers.met)


# ------------------------------------------------------------ the result block


def scores_from_counts(counts: dict[int, int], weighted_levels: list[int]) -> list[CriterionScore]:
    """83 criteria: 7 of coefficient 2 (C3, C5) with the given levels, the rest filling the counts."""
    remaining = dict(counts)
    for lvl in weighted_levels:
        remaining[lvl] -= 1
    plain = [lvl for lvl, n in sorted(remaining.items()) for _ in range(n)]
    scores = [CriterionScore(f"C5.{i}", "C", "C5", 2, True, lvl) for i, lvl in enumerate(weighted_levels)]
    scores += [CriterionScore(f"A{i}", "A", "A1", 1, True, lvl) for i, lvl in enumerate(plain)]
    assert len(scores) == 83
    return scores


@pytest.mark.parametrize(
    ("counts", "weighted", "total", "total_weighted", "mean"),
    [
        ({1: 0, 2: 19, 3: 46, 4: 18, 5: 0}, [4, 4, 4, 4, 4, 3, 3], 248, 274, 3.04),   # 2016: C3+C5 = 26
        ({1: 0, 2: 1, 3: 34, 4: 45, 5: 3}, [4, 4, 4, 4, 3, 3, 3], 299, 324, 3.60),    # 2017: C3+C5 = 25
    ],
)
def test_published_hospital_results(counts, weighted, total, total_weighted, mean):
    summary = summarize(scores_from_counts(counts, weighted))
    assert summary.applicable == 83
    assert summary.total == total
    assert summary.total_weighted == total_weighted
    assert round(summary.mean, 2) == mean
    assert {n: c.count for n, c in summary.levels.items()} == counts


def test_one_criterion_at_level_2_of_83_is_1_2_percent():
    summary = summarize(scores_from_counts({1: 0, 2: 1, 3: 34, 4: 45, 5: 3}, [4, 4, 4, 4, 3, 3, 3]))
    assert round(summary.levels[2].pct, 1) == 1.2


def test_not_applicable_criteria_leave_every_denominator():
    scores = [CriterionScore(f"A{i}", "A", "A1", 1, True, 3) for i in range(79)]
    scores += [CriterionScore(f"E{i}", "E", "E1", 1, False, None) for i in range(4)]
    summary = summarize(scores)
    assert summary.applicable == 79
    assert round(summary.applicable_pct) == 95
    assert summary.mean == 3
    assert summary.levels[3].pct == 100
    assert summary.parts["E"] is None


def test_part_means_use_coefficients_and_low_criteria_are_listed():
    scores = [
        CriterionScore("C3.1", "C", "C3", 2, True, 4),
        CriterionScore("C4.1", "C", "C4", 1, True, 1),
        CriterionScore("A1.1", "A", "A1", 1, True, 2),
    ]
    summary = summarize(scores)
    assert summary.parts["C"] == pytest.approx(9 / 3)
    assert summary.chapters == {"C3": 4, "C4": 1, "A1": 2}
    assert summary.low == ["C4.1", "A1.1"]


def test_what_if_mean():
    scores = [CriterionScore("C3.1", "C", "C3", 2, True, 2), CriterionScore("A1.1", "A", "A1", 1, True, 3)]
    assert scoring.mean_if(scores, {"C3.1": 3}) == pytest.approx(9 / 3)


def test_a_chapter_or_part_none_of_whose_criteria_applies_is_named_as_such():
    scores = [
        CriterionScore("A1.1", "A", "A1", 1, True, 3),
        CriterionScore("A1.2", "A", "A1", 1, False, None),       # one criterion out: A1 still applies
        CriterionScore("E1.1", "E", "E1", 1, True, None),        # applies, not answered yet: not "inapplicable"
        CriterionScore("E2.1", "E", "E2", 1, False, None),       # no paediatrics department
    ]
    assert scoring.inapplicable_groups(scores) == {"E2"}
    assert scoring.inapplicable_groups([s for s in scores if s.part != "E"] + [scores[3]]) == {"E", "E2"}
