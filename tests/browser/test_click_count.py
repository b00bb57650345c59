"""How many clicks it takes to fill the 83 criteria, counted in chromium: the walk before "Đạt tất cả" (every answer
clicked) and after it (one click for every level met, one for the exception), each followed by "Lưu và tiếp".

The levels reached follow a fixed pattern (LEVELS, cycled over the 83 criteria in catalogue order). The per-sub-item
walk uses SYNTHETIC sub-items (test data only), 11 per criterion: 3 at Mức 1, 3 at Mức 2, 2 at Mức 3, 2 at Mức 4, 1 at
Mức 5. With the keyboard (1/2/3 and N) the same walk takes no click at all.
"""
from __future__ import annotations

import re

import sqlalchemy as sa
from playwright.sync_api import expect

from quality_assess.assessments.models import Result
from quality_assess.catalog.models import Criterion
from tests.conftest import fresh

LEVELS = (3, 4, 2, 3, 5, 4, 3, 1)
SHAPE = {1: 3, 2: 3, 3: 2, 4: 2, 5: 1}  # the synthetic builder's items per level, numbered 1 … 11 across levels


class Counter:
    def __init__(self) -> None:
        self.clicks = 0

    def click(self, locator) -> None:
        locator.click()
        self.clicks += 1


def item_names(code: str) -> dict[int, list[str]]:
    names, number = {}, 0
    for level, count in SHAPE.items():
        names[level] = []
        for _ in range(count):
            number += 1
            names[level].append(f"item-{code}-{level}.{number}")
    return names


def radio(page, name: str, value: str):
    return page.locator(f'input[name="{name}"][value="{value}"]')


def answer_before(page, counter: Counter, code: str, level: int, with_items: bool) -> None:
    """The walk as it was: every answer clicked one by one."""
    if not with_items:
        counter.click(radio(page, "finding", "yes" if level == 1 else "no"))
        for n in range(2, 6) if level > 1 else ():
            if n <= level:
                counter.click(radio(page, f"met_{n}", "yes"))
            elif n == level + 1:
                counter.click(radio(page, f"met_{n}", "no"))
        return
    for n, names in item_names(code).items():
        for i, name in enumerate(names):
            if n == 1:
                value = "present" if level == 1 and i == 0 else "absent"
            else:
                value = "unmet" if n == level + 1 and i == 0 else "met"
            counter.click(radio(page, name, value))


def answer_after(page, counter: Counter, code: str, level: int, with_items: bool) -> None:
    """With "Đạt tất cả": every level met in one click, then the one answer that holds the criterion at its level."""
    if level == 1 and not with_items:
        counter.click(radio(page, "finding", "yes"))
        return
    counter.click(page.get_by_role("button", name="Đạt tất cả (mọi mức)"))
    if with_items:
        names = item_names(code)
        if level == 1:
            counter.click(radio(page, names[1][0], "present"))
        elif level < 5:
            counter.click(radio(page, names[level + 1][0], "unmet"))
    elif level < 5:
        counter.click(radio(page, f"met_{level + 1}", "no"))


def walk(page, round_, codes: list[str], answer, with_items: bool) -> int:
    counter = Counter()
    page.goto(f"/rounds/{round_.id}/criteria/{codes[0]}")
    for i, code in enumerate(codes):
        expect(page).to_have_url(re.compile(rf"/criteria/{re.escape(code)}$"))
        level = LEVELS[i % len(LEVELS)]
        answer(page, counter, code, level, with_items)
        expect(page.locator("output[data-live-level]")).to_have_text(f"Mức {level}")
        last = i == len(codes) - 1
        counter.click(page.get_by_role("button", name="Lưu", exact=True) if last else page.get_by_role("button", name="Lưu và tiếp"))
    expect(page.get_by_role("status").filter(has_text=f"Đã lưu tiêu chí {codes[-1]}")).to_be_visible()
    return counter.clicks


def stored_levels(app, round_) -> list[int | None]:
    with fresh(app) as s:
        return list(s.scalars(sa.select(Result.level).join(Criterion).where(Result.round_id == round_.id).order_by(Criterion.position)))


def test_filling_the_83_criteria_takes_far_fewer_clicks_with_all_met(login_as, live_server):
    with fresh(live_server.app) as s:
        codes = list(s.scalars(sa.select(Criterion.code).order_by(Criterion.position)))
    assert len(codes) == 83
    expected_levels = [LEVELS[i % len(LEVELS)] for i in range(83)]
    page = login_as("quality")
    counts = {}
    for with_items in (False, True):
        if with_items:
            live_server.make.sub_items(*codes)
        for name, answer in (("before", answer_before), ("after", answer_after)):
            round_ = live_server.make.round(name=f"{name} {'items' if with_items else 'levels'}")
            counts[(name, with_items)] = walk(page, round_, codes, answer, with_items)
            assert stored_levels(live_server.app, round_) == expected_levels
    print(f"\nclicks to fill 83 criteria: per level {counts[('before', False)]} → {counts[('after', False)]}; "
          f"with 11 synthetic sub-items each {counts[('before', True)]} → {counts[('after', True)]}")
    # per level: L+1 answers (1 for Mức 1, 5 for Mức 5) → 1 or 2; per item: 11 answers → 1 or 2; one save each
    assert counts == {("before", False): 405, ("after", False): 229, ("before", True): 996, ("after", True): 239}
    assert page.js_errors == [] and page.csp_errors == []
