"""The walk-through page keeps the same rule as the API: no level unless the answers that decide it are there
(issue #12, "Scores"). Sub-items here are SYNTHETIC (make.sub_items)."""
from __future__ import annotations

import pytest

from tests.assessments.conftest import result_of
from tests.assessments.test_walkthrough import PAGE, post
from tests.conftest import fresh


@pytest.mark.parametrize(
    "answers",
    [{}, {"finding": "no"}, {"finding": "no", "met_2": "yes", "met_3": "yes", "met_4": "yes"},
     {"met_2": "yes", "met_3": "no"}],
    ids=["nothing", "finding only", "level 5 open", "finding open"],
)
def test_an_empty_or_partial_per_level_form_saves_no_level(app, client, auth, make, answers):
    auth.login("quality")
    round_ = make.round()

    saved = post(client, round_, "A1.2", **answers)

    assert saved.status_code == 302
    assert "Đã lưu tiêu chí A1.2: chưa đủ câu trả lời để tính mức." in client.get(saved.headers["Location"]).get_data(as_text=True)
    assert result_of(round_, "A1.2").level is None


def test_sub_item_fields_sent_for_a_criterion_without_sub_items_give_no_level(app, client, auth, make):
    make.sub_items("A1.1")  # A1.2 has none
    auth.login("quality")
    round_ = make.round()

    saved = post(client, round_, "A1.2", **{"item-A1.1-1.1": "absent", "item-A1.1-2.4": "met"})

    assert saved.status_code == 302
    with fresh(app):
        result = result_of(round_, "A1.2")
        assert (result.level, result.item_answers, result.finding_l1) == (None, [], None)


def test_a_sub_item_form_replaces_the_answers_and_a_partial_one_saves_no_level(app, client, auth, make):
    make.sub_items("A1.1")
    auth.login("quality")
    round_ = make.round()
    every = {f"item-A1.1-1.{n}": "absent" for n in (1, 2, 3)} | {f"item-A1.1-{lvl}.{n}": "met" for lvl, n in
                                                                 ((2, 4), (2, 5), (2, 6), (3, 7), (3, 8), (4, 9), (4, 10), (5, 11))}
    assert post(client, round_, "A1.1", **every).status_code == 302
    assert result_of(round_, "A1.1").level == 5

    less = {k: v for k, v in every.items() if k != "item-A1.1-3.8"}
    assert post(client, round_, "A1.1", **less).status_code == 302

    with fresh(app):
        result = result_of(round_, "A1.1")
        assert result.level is None and "A1.1-3.8" not in {a.sub_item.code for a in result.item_answers}
    page = client.get(PAGE.format(round_.id, "A1.1")).get_data(as_text=True)
    assert "Chưa đủ câu trả lời" in page
    assert post(client, round_, "A1.1").status_code == 302  # nothing ticked: every answer cleared
    with fresh(app):
        assert (result_of(round_, "A1.1").level, result_of(round_, "A1.1").item_answers) == (None, [])
