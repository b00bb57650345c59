"""No answer gives a level unless the answers that decide it are all there (issue #12, "Scores").

The rule is held to its definition: a level is decided when every way of filling in the missing answers
gives that same level, and undecided (None) otherwise. The definition is computed here by brute force,
over every answer the per-level form and small sub-item lists can hold. Sub-item lists here are SYNTHETIC
(levels and answers only, no text).
"""
from __future__ import annotations

import itertools

import pytest

from quality_assess.assessments import scoring
from quality_assess.assessments.scoring import answers_for_level, level_from_answers, level_from_items
from tests.assessments.level_cases import every_answer, every_item_list

ITEM_VALUES = {1: ("present", "absent"), 2: ("met", "unmet", "na"), 3: ("met", "unmet", "na"), 4: ("met", "unmet", "na"),
               5: ("met", "unmet", "na")}


def full_level(finding: bool, met: dict[int, bool]) -> int:
    """The level of a fully answered criterion, straight from QĐ 6858: no finding and every level up to N met."""
    if finding:
        return 1
    level = 1
    for n in scoring.UPPER_LEVELS:
        if not met[n]:
            break
        level = n
    return level


def decided_answers(finding: bool | None, met: dict[int, bool | None]) -> int | None:
    """The one level every completion of the per-level answers gives, or None."""
    options = [(finding,) if finding is not None else (True, False)]
    options += [(met[n],) if met.get(n) is not None else (True, False) for n in scoring.UPPER_LEVELS]
    levels = {full_level(f, dict(zip(scoring.UPPER_LEVELS, rest))) for f, *rest in itertools.product(*options)}
    return levels.pop() if len(levels) == 1 else None


def full_item_level(items: list[tuple[int, str]]) -> int:
    if any(value == "present" for level, value in items if level == 1):
        return 1
    return full_level(False, {n: all(v != "unmet" for lvl, v in items if lvl == n) for n in scoring.UPPER_LEVELS})


def decided_items(items: list[tuple[int, str | None]]) -> int | None:
    """The one level every completion of the sub-item answers gives, or None; no items at all decide nothing."""
    if not items:
        return None
    options = [(value,) if value is not None else ITEM_VALUES[level] for level, value in items]
    levels = {full_item_level(list(zip([lvl for lvl, _ in items], values))) for values in itertools.product(*options)}
    return levels.pop() if len(levels) == 1 else None


def two_items_per_level():
    """Two items at levels 1–3, one at 4 and 5, each answer drawn from a small set (unanswered included)."""
    shape = (1, 1, 2, 2, 3, 3, 4, 5)
    for values in itertools.product(*[((None, "present", "absent") if lvl == 1 else (None, "met", "unmet")) for lvl in shape]):
        yield list(zip(shape, values))


def test_per_level_answers_give_a_level_exactly_when_it_is_decided():
    wrong = [(f, m) for f, m in every_answer() if level_from_answers(f, m) != decided_answers(f, m)]
    assert wrong == []


def test_sub_item_answers_give_a_level_exactly_when_it_is_decided():
    lists = list(every_item_list()) + list(two_items_per_level())
    assert len(lists) > 768 + 3**8 - 1
    wrong = [items for items in lists if level_from_items(items) != decided_items(items)]
    assert wrong == []


def test_a_criterion_without_sub_items_gets_no_level_from_an_empty_item_list():
    assert level_from_items([]) is None
    answers = scoring.answers_from_items([])
    assert answers.finding is None and set(answers.met.values()) == {None}


@pytest.mark.parametrize(
    ("level", "finding", "met", "expected"),
    [
        (3, None, {}, (False, {2: True, 3: True, 4: False, 5: None})),          # Mức alone: the answers it decides
        (5, None, {}, (False, {2: True, 3: True, 4: True, 5: True})),
        (1, None, {}, (None, {2: False, 3: None, 4: None, 5: None})),            # Mức 1: level 2 missed, finding open
        (1, None, {2: True}, (True, {2: True, 3: None, 4: None, 5: None})),      # level 2 met: then a finding
        (4, False, {}, (False, {2: True, 3: True, 4: True, 5: False})),          # a finding cell filled, the rest empty
        (2, False, {2: True, 3: False}, (False, {2: True, 3: False, 4: None, 5: None})),  # already decided: kept
        (4, False, {3: False}, None),                                            # contradicts a filled cell
        (2, True, {}, None),
    ],
)
def test_a_level_typed_alone_fills_only_what_it_decides(level, finding, met, expected):
    completed = answers_for_level(level, finding, met)
    assert (None if completed is None else (completed.finding, dict(completed.met))) == expected


def test_a_level_typed_alone_keeps_every_given_answer_and_fails_only_when_nothing_could_give_it():
    for finding, met in every_answer():
        for level in scoring.LEVELS:
            completed = answers_for_level(level, finding, met)
            possible = any(
                decided_answers(f, dict(zip(scoring.UPPER_LEVELS, rest))) == level
                for f in ((finding,) if finding is not None else (True, False))
                for rest in itertools.product(*[(met[n],) if met.get(n) is not None else (True, False) for n in scoring.UPPER_LEVELS])
            )
            assert (completed is not None) == possible, (level, finding, met)
            if completed is not None:
                assert level_from_answers(completed.finding, completed.met) == level
                assert finding is None or completed.finding == finding
                assert all(met.get(n) is None or completed.met[n] == met[n] for n in scoring.UPPER_LEVELS)
