"""Generating a plan from a round: which criteria, in what order, and what blocks each one."""
from __future__ import annotations

from datetime import date

import pytest

from quality_assess.domain import ValidationError
from quality_assess.plans import operations
from quality_assess.plans.reading import plan_view
from tests.conftest import attach, fresh, steps
from tests.plans.conftest import answer_items, answer_level

ops = steps(operations)  # each operation runs as a step in its own fresh session


def entry_of(view, code):
    return next(ev for ev in view.entries if ev.entry.criterion.code == code)


def test_level_1_comes_first_then_level_2_with_default_targets(app, make, scored_round):
    with fresh(app):
        plan = ops.generate_plan(scored_round, include_level_3=False, user=make.user("quality"))
        view = plan_view(plan)
        assert [(ev.entry.criterion.code, ev.entry.current_level, ev.entry.target_level) for ev in view.entries] == [
            ("A1.1", 1, 2), ("A1.2", 2, 3), ("C3.1", 2, 3),
        ]


def test_the_option_adds_level_3(app, make, scored_round):
    with fresh(app):
        plan = ops.generate_plan(scored_round, include_level_3=True, user=make.user("quality"))
        assert [ev.entry.criterion.code for ev in plan_view(plan).entries] == ["A1.1", "A1.2", "C3.1", "A1.3"]


def test_per_level_mode_names_the_unmet_levels(app, make, scored_round):
    quality, director = make.user("quality"), make.user("director")
    with fresh(app):
        quality, director = attach(quality), attach(director)
        plan = ops.generate_plan(scored_round, include_level_3=False, user=quality)
        view = plan_view(plan)
        assert [(b.code, b.text) for b in entry_of(view, "A1.1").blockers] == [("Mức 1", "Còn phát hiện thuộc Mức 1")]
        assert [(b.code, b.text) for b in entry_of(view, "A1.2").blockers] == [("Mức 3", "Chưa đạt")]

        ops.set_entry_target(entry_of(view, "A1.2").entry, 4, user=quality)
        a12 = entry_of(plan_view(plan), "A1.2")
        assert [(b.code, b.text) for b in a12.blockers] == [("Mức 3", "Chưa đạt"), ("Mức 4", "Chưa đánh giá")]
        assert (a12.figures.items_to_next, a12.figures.items_to_target) == (1, 2)


def test_priorities_on_the_plan_page_figures(app, make, scored_round):
    with fresh(app):
        # Mean now: (1 + 2 + 2×2 + 3 + 4) / (1 + 1 + 2 + 1 + 1) = 14 / 6.
        plan = ops.generate_plan(scored_round, include_level_3=False, user=make.user("quality"))
        view = plan_view(plan)
        assert view.summary.mean == pytest.approx(14 / 6)
        assert entry_of(view, "C3.1").figures.coefficient == 2
        assert entry_of(view, "C3.1").figures.gain == pytest.approx(2 / 6)
        assert view.what_if.mean == pytest.approx((2 + 3 + 6 + 3 + 4) / 6)
        assert view.what_if.levels[1] == 0
        assert [ev.figures.code for ev in view.quick_wins] == ["C3.1", "A1.1", "A1.2"]


def test_sub_item_mode_lists_the_exact_unmet_and_unanswered_items(app, make):
    with fresh(app):
        make.sub_items("A1.4")  # SYNTHETIC items: 1.1–1.3 findings, 2.4–2.6, 3.7–3.8, 4.9–4.10, 5.11
        round_ = make.round()
        items = {f"A1.4-1.{n}": "absent" for n in (1, 2, 3)} | {f"A1.4-2.{n}": "met" for n in (4, 5, 6)}
        answer_items(round_, "A1.4", items | {"A1.4-3.7": "met", "A1.4-3.8": "unmet"})
        quality = make.user("quality")
        plan = ops.generate_plan(round_, include_level_3=False, user=quality)
        ev = entry_of(plan_view(plan), "A1.4")
        assert ev.mode == "items" and ev.entry.current_level == 2
        assert [b.code for b in ev.blockers] == ["A1.4-3.8"]
        assert "Tiểu mục giả lập A1.4-3.8" in ev.blockers[0].text and "chưa đạt" in ev.blockers[0].text

        ops.set_entry_target(ev.entry, 4, user=quality)
        assert [b.code for b in entry_of(plan_view(plan), "A1.4").blockers] == ["A1.4-3.8", "A1.4-4.9", "A1.4-4.10"]


def test_sub_item_mode_keeps_level_1_findings_in_the_list(app, make):
    with fresh(app):
        make.sub_items("A1.4")
        round_ = make.round()
        answer_items(round_, "A1.4", {"A1.4-1.1": "absent", "A1.4-1.2": "present", "A1.4-1.3": "absent",
                                      "A1.4-2.4": "met", "A1.4-2.5": "unmet", "A1.4-2.6": "na"})
        plan = ops.generate_plan(round_, include_level_3=False, user=make.user("quality"))
        ev = entry_of(plan_view(plan), "A1.4")
        assert ev.entry.current_level == 1
        assert [b.code for b in ev.blockers] == ["A1.4-1.2", "A1.4-2.5"]


def test_targets_are_between_current_level_and_5_and_changing_one_takes_the_approval_back(app, make, scored_round):
    quality, director = make.user("quality"), make.user("director")
    with fresh(app):
        quality, director = attach(quality), attach(director)
        plan = ops.generate_plan(scored_round, include_level_3=False, user=quality)
        entry = entry_of(plan_view(plan), "A1.2").entry
        for bad in (1, 6, "x"):
            with pytest.raises(ValidationError):
                ops.set_entry_target(entry, bad, user=quality)
        ops.set_plan_status(plan, "approved", user=director)
        ops.set_entry_target(entry, 4, user=quality)  # the director approved 3: the plan is a draft again
        assert (plan.status, plan.approved_by_id, plan.needs_reapproval) == ("draft", None, True)


def test_regenerating_after_new_results_keeps_actions_and_adds_entries(app, make, scored_round):
    quality, director = make.user("quality"), make.user("director")
    with fresh(app):
        quality, director = attach(quality), attach(director)
        plan = ops.generate_plan(scored_round, include_level_3=False, user=quality)
        entry = entry_of(plan_view(plan), "A1.2").entry
        action = ops.add_action(entry, ops.ActionFields(text="Bố trí ghế chờ", due_date=date(2026, 6, 30)), user=quality)

        answer_level(scored_round, "A1.2", 3)
        answer_level(scored_round, "A1.5", 1)
        ops.generate_plan(scored_round, include_level_3=False, user=quality)
        view = plan_view(plan)
        assert [ev.entry.criterion.code for ev in view.entries] == ["A1.1", "A1.5", "C3.1", "A1.2"]
        a12 = entry_of(view, "A1.2").entry
        assert a12.current_level == 3 and [a.id for a in a12.actions] == [action.id]


def test_per_criterion_targets_set_the_entry_target(app, make, scored_round):
    with fresh(app):
        quality = make.user("quality")
        ops.save_targets(scored_round.hospital, 2026, mean_min=3.5, mean_max=3.7, no_level_1=True, xsd_target=85,
                         criteria=ops.parse_criteria_targets("A1.2 = 4\nC3.1: 3"), user=quality)
        plan = ops.generate_plan(scored_round, include_level_3=False, user=quality)
        assert entry_of(plan_view(plan), "A1.2").entry.target_level == 4


@pytest.mark.parametrize("text", ["A1.2 = 7", "Z9.9 = 3", "A1.2 4"])
def test_bad_criterion_target_lines_are_refused_with_their_line(app, text):
    with fresh(app):
        with pytest.raises(ValidationError) as exc:
            ops.parse_criteria_targets(text)
        assert exc.value.params["n"] == 1
