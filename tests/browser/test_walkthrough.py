"""The quality office walks three criteria in a browser and sees the level change as it answers.

A1.1 is answered per level (no sub-items); A1.2 and A1.3 get SYNTHETIC sub-items (test data only).
"""
from __future__ import annotations

import re

from playwright.sync_api import expect


def choose(page, name: str, value: str) -> None:
    page.locator(f'input[name="{name}"][value="{value}"]').check()


def answer_items(page, code: str, levels: dict[int, list[str]]) -> None:
    """levels: level → the answers of its items in order (the synthetic shape numbers items 1, 2, 3 … per criterion)."""
    number = 0
    for level, values in sorted(levels.items()):
        for value in values:
            number += 1
            choose(page, f"item-{code}-{level}.{number}", value)


def test_walking_three_criteria_shows_live_levels_then_the_overview_and_the_mean(page, live_server, screenshot):
    live_server.make.sub_items("A1.2", "A1.3")
    round_ = live_server.make.round(name="Tự đánh giá cuối năm")
    live_level = page.locator("output[data-live-level]")

    page.goto(f"/rounds/{round_.id}/criteria/A1.1")
    expect(page.get_by_role("heading", name=re.compile(r"^A1\.1\. "))).to_be_visible()
    expect(live_level).to_have_text("Chưa đủ câu trả lời")
    choose(page, "finding", "yes")
    expect(live_level).to_have_text("Mức 1")
    choose(page, "finding", "no")
    choose(page, "met_2", "yes")
    choose(page, "met_3", "yes")
    expect(live_level).to_have_text("Chưa đủ câu trả lời")  # Mức 4 still unanswered
    choose(page, "met_4", "no")
    expect(live_level).to_have_text("Mức 3")
    page.get_by_role("button", name="Lưu và tiếp").click()

    expect(page).to_have_url(re.compile(r"/criteria/A1\.2$"))
    expect(page.get_by_role("heading", name=re.compile(r"^A1\.2\. "))).to_be_visible()
    expect(page.get_by_text("Tiểu mục giả lập A1.2-3.7")).to_be_visible()
    answer_items(page, "A1.2", {1: ["absent"] * 3, 2: ["met"] * 3})
    expect(live_level).to_have_text("Chưa đủ câu trả lời")
    answer_items(page, "A1.2", {1: ["absent"] * 3, 2: ["met"] * 3, 3: ["met", "unmet"]})
    expect(live_level).to_have_text("Mức 2")  # one unmet item at Mức 3 holds the criterion at Mức 2
    screenshot(page, "criterion-sub-items")
    page.get_by_role("button", name="Lưu và tiếp").click()

    expect(page).to_have_url(re.compile(r"/criteria/A1\.3$"))
    answer_items(page, "A1.3", {1: ["absent"] * 3, 2: ["met"] * 3, 3: ["met"] * 2, 4: ["met", "na"], 5: ["unmet"]})
    expect(live_level).to_have_text("Mức 4")
    choose(page, "item-A1.3-1.2", "present")
    expect(live_level).to_have_text("Mức 1")  # a finding at Mức 1 outweighs everything else
    choose(page, "item-A1.3-1.2", "absent")
    expect(live_level).to_have_text("Mức 4")
    page.get_by_role("button", name="Lưu và tiếp").click()
    expect(page).to_have_url(re.compile(r"/criteria/A1\.4$"))

    page.get_by_role("link", name=re.compile(r"← Tự đánh giá cuối năm")).click()
    expect(page.get_by_role("heading", name="Tự đánh giá cuối năm (2026)")).to_be_visible()
    expect(page.locator(".progress-total")).to_contain_text("3/")
    for code, level in {"A1.1": 3, "A1.2": 2, "A1.3": 4}.items():
        badge = page.locator(f'tr[data-code="{code}"] .level')
        expect(badge).to_have_text(f"Mức {level}")
        expect(badge).to_have_class(re.compile(rf"\blevel-{level}\b"))
    screenshot(page, "overview")

    page.get_by_role("link", name="Xem kết quả đánh giá").click()
    expect(page.locator('[data-field="mean"]')).to_have_text("3,00")
    screenshot(page, "result")
    assert page.js_errors == [] and page.csp_errors == []


def test_a_screen_reader_hears_each_item_as_a_group_named_by_its_text(page, live_server):
    (first, *_rest) = live_server.make.sub_items("A1.2")
    round_ = live_server.make.round()
    page.goto(f"/rounds/{round_.id}/criteria/A1.2")
    group = page.get_by_role("group", name=f"{first.code} {first.text}", exact=True)
    expect(group.get_by_role("radio")).to_have_count(2)
    group.get_by_role("radio", name="Có", exact=True).check()  # a finding at Mức 1, chosen by its accessible name
    expect(page.locator("output[data-live-level]")).to_have_text("Mức 1")
    expect(page.get_by_role("group", name="Có phát hiện ở Mức 1 không?")).to_have_count(0)  # no per-level questions here
    assert page.js_errors == [] and page.csp_errors == []
