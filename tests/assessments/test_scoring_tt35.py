"""The TT 35/2024 pass rule, alone: đạt only when every applicable item is "Có"; never đạt while undecided.

The items here are synthetic (codes shaped like TT 35's, no official text)."""
from __future__ import annotations

import pytest

from quality_assess.assessments.scoring_tt35 import ItemAnswer, score


def answers(*rows: tuple[str, str | None] | tuple[str, str | None, str]) -> list[ItemAnswer]:
    return [ItemAnswer(code=r[0], group=r[0].split(".")[0], answer=r[1], reason=r[2] if len(r) > 2 else "") for r in rows]


def test_every_item_yes_passes():
    result = score(answers(("I.1", "yes"), ("I.2", "yes"), ("II.1", "yes")))
    assert result.passed is True
    assert (result.items, result.applicable, result.yes, result.no, result.na) == (3, 3, 3, 0, 0)


def test_one_no_fails_and_the_no_items_are_listed_by_group_with_counts():
    result = score(answers(("I.1", "yes"), ("I.2", "no"), ("II.1", "no"), ("II.2", "yes"), ("V.4.6", "no")))
    assert result.passed is False
    assert result.no_items == ["I.2", "II.1", "V.4.6"]
    assert result.groups["I"].no == 1 and result.groups["I"].no_items == ["I.2"]
    assert result.groups["II"].as_dict() == {"items": 2, "yes": 1, "no": 1, "na": 0, "unanswered": 0, "no_items": ["II.1"]}
    assert result.as_dict()["groups"]["V"]["no"] == 1


def test_not_applicable_with_a_reason_leaves_the_count():
    result = score(answers(("I.7.1", "na", "Không có thiết bị X-quang"), ("I.1", "yes")))
    assert result.passed is True
    assert (result.items, result.applicable, result.na) == (2, 1, 1)


def test_not_applicable_without_a_reason_is_not_an_answer_yet():
    result = score(answers(("I.7.1", "na", "  "), ("I.1", "yes")))
    assert result.passed is None
    assert result.unanswered == 1 and result.na == 0


def test_an_unanswered_item_leaves_the_result_undecided_never_passed():
    result = score(answers(("I.1", "yes"), ("I.2", None)))
    assert result.passed is None
    assert not result.decided


def test_a_no_decides_even_while_other_items_are_unanswered():
    result = score(answers(("I.1", "no"), ("I.2", None)))
    assert result.passed is False and result.decided


@pytest.mark.parametrize("rows", [(), (("I.7.1", "na", "Không có thiết bị bức xạ"), ("II.3.a", "na", "Bệnh viện chuyên khoa"))])
def test_nothing_applicable_is_not_decided_never_passed(rows):
    assert score(answers(*rows)).passed is None


def test_an_unknown_answer_is_refused():
    with pytest.raises(ValueError):
        score(answers(("I.1", "maybe")))
