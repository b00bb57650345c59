"""The pure rules of plans, against numbers worked out by hand."""
from __future__ import annotations

from datetime import date

import pytest

from quality_assess.assessments.scoring import CriterionScore
from quality_assess.plans import priorities
from quality_assess.plans.priorities import EntryFigures

# Mean now: (1 + 2 + 2×2 + 4) / (1 + 1 + 2 + 1) = 11 / 5 = 2,20. B1.1 does not apply.
SCORES = [
    CriterionScore("A1.1", "A", "A1", 1, True, 1),
    CriterionScore("A1.2", "A", "A1", 1, True, 2),
    CriterionScore("C3.1", "C", "C3", 2, True, 2),
    CriterionScore("A1.3", "A", "A1", 1, True, 4),
    CriterionScore("B1.1", "B", "B1", 1, False, None),
]


def test_a_level_1_criterion_reaching_level_2_adds_one_fifth():
    assert priorities.gain(SCORES, "A1.1", 2) == pytest.approx(12 / 5 - 11 / 5)


def test_a_double_coefficient_criterion_counts_twice():
    # C3.1 from 2 to 3: (1 + 2 + 6 + 4) / 5 = 2,60 → +0,40, twice what A1.2 gains for the same step.
    assert priorities.gain(SCORES, "C3.1", 3) == pytest.approx(0.4)
    assert priorities.gain(SCORES, "A1.2", 3) == pytest.approx(0.2)


def test_what_if_every_target_is_met():
    result = priorities.what_if(SCORES, {"A1.1": 2, "A1.2": 3, "C3.1": 3})
    assert result.mean == pytest.approx((2 + 3 + 6 + 4) / 5)  # 3,00
    assert result.levels == {1: 0, 2: 1, 3: 2, 4: 1, 5: 0}


def test_what_if_never_lowers_a_level():
    assert priorities.what_if(SCORES, {"A1.3": 2}).mean == pytest.approx(11 / 5)


def test_quick_wins_put_the_highest_gain_per_item_first():
    figures = [
        EntryFigures("C3.1", 2, 3, 2, 4, 4, 0.4),   # 0,10 per item
        EntryFigures("A1.2", 2, 3, 1, 2, 2, 0.2),   # 0,10 per item, fewer items
        EntryFigures("A1.1", 1, 2, 1, 1, 1, 0.2),   # 0,20 per item
    ]
    assert [f.code for f in priorities.quick_wins(figures)] == ["A1.1", "A1.2", "C3.1"]


ITEMS = [
    ("X-1.1", 1, "absent"), ("X-1.2", 1, "present"), ("X-1.3", 1, None),
    ("X-2.4", 2, "met"), ("X-2.5", 2, "unmet"), ("X-2.6", 2, "na"),
    ("X-3.7", 3, None), ("X-4.8", 4, "unmet"),
]


def test_blocking_items_are_findings_and_unmet_or_unanswered_items_up_to_the_target():
    assert priorities.blocking_items(ITEMS, 3) == ["X-1.2", "X-1.3", "X-2.5", "X-3.7"]
    assert priorities.blocking_items(ITEMS, 4)[-1] == "X-4.8"


@pytest.mark.parametrize("current, target, ok", [(2, 3, True), (2, 2, True), (2, 1, False), (4, 5, True), (4, 6, False)])
def test_targets_stay_between_the_current_level_and_5(current, target, ok):
    assert priorities.valid_target(current, target) is ok


TODAY = date(2026, 4, 1)


@pytest.mark.parametrize("due, status, overdue", [
    (date(2026, 3, 31), "doing", True),
    (date(2026, 3, 31), "todo", True),
    (date(2026, 3, 31), "done", False),
    (date(2026, 4, 1), "todo", False),     # due today is not late yet
    (None, "todo", False),
])
def test_overdue_with_a_fixed_clock(due, status, overdue):
    assert priorities.is_overdue(due, status, TODAY) is overdue


def test_my_actions_order_overdue_first_done_last():
    actions = {
        "later": (date(2026, 5, 1), "todo"), "done": (date(2026, 1, 1), "done"), "soon": (date(2026, 4, 3), "doing"),
        "late": (date(2026, 3, 1), "doing"), "undated": (None, "todo"),
    }
    order = sorted(actions, key=lambda k: priorities.my_actions_key(*actions[k], TODAY))
    assert order == ["late", "soon", "later", "undated", "done"]


def test_the_rules_need_neither_flask_nor_sqlalchemy():
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(priorities))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not {m for m in imported if m and m.split(".")[0] in {"flask", "flask_babel", "sqlalchemy"}}


# ---------------------------------------------------------------- regenerating a plan

EXISTING = {"A1.1": (1, 2), "A1.2": (2, 4), "C3.1": (2, 3)}   # code → (current level, target)


def test_regenerating_lists_new_entries_and_changed_levels_and_removes_nothing():
    levels = [("A1.1", 3), ("A1.2", 2), ("A1.4", 1), ("A1.5", 2), ("A1.6", 3), ("C3.1", None)]
    regeneration = priorities.regeneration(EXISTING, levels, (1, 2), {"A1.5": 4})
    assert [(c.code, c.new_level, c.new_target) for c in regeneration.added] == [("A1.4", 1, 2), ("A1.5", 2, 4)]
    assert [(c.code, c.old_level, c.new_level, c.old_target, c.new_target) for c in regeneration.changed] == [("A1.1", 1, 3, 2, 4)]
    assert regeneration.unchanged == 2   # A1.2 still at 2 aiming at 4; C3.1 not assessed in the new round


def test_a_target_already_above_the_new_level_stays():
    regeneration = priorities.regeneration(EXISTING, [("A1.2", 3)], (1, 2), {})
    assert [(c.old_target, c.new_target) for c in regeneration.changes] == [(4, 4)]


def test_the_fingerprint_follows_the_changes():
    same = priorities.regeneration(EXISTING, [("A1.1", 1), ("A1.2", 2)], (1, 2), {})
    assert same.changes == () and same.fingerprint == priorities.regeneration({}, [], (1, 2), {}).fingerprint
    one, other = (priorities.regeneration(EXISTING, [("A1.4", level)], (1, 2), {}) for level in (1, 2))
    assert one.fingerprint != other.fingerprint
