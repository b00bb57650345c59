"""In chromium: the director compares the self-assessment with the inspection team's round from the reports
page, sees both rounds drawn per chapter with a legend naming them, and narrows the list with the filters
using the keyboard. Screenshot docs/screenshots/compare.png (only with QA_UPDATE_SCREENSHOTS=1)."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.conftest import fresh
from tests.reports.conftest import levels_2017, set_levels


def two_rounds(live_server):
    """The 2017 self-assessment (mean 3,60) and the team's round that marked A1.2, C3.1 and D1.1 down, B1.1 up."""
    self_round = live_server.make.round(name="Tự đánh giá 2017", year=2017)
    team = live_server.make.round(name="Đoàn kiểm tra 2017", year=2017, kind="inspection")
    with fresh(live_server.app):
        levels = levels_2017()
        set_levels(self_round, levels)
        set_levels(team, levels | {"A1.2": levels["A1.2"] - 1, "C3.1": levels["C3.1"] - 1, "D1.1": levels["D1.1"] - 1,
                                   "B1.1": levels["B1.1"] + 1})
    return self_round, team


def test_the_chart_draws_both_rounds_and_the_filters_narrow_the_list(login_as, live_server, screenshot):
    two_rounds(live_server)
    page = login_as("director")
    page.get_by_role("navigation").get_by_role("link", name="Báo cáo").click()
    page.get_by_label("Đợt A").select_option(label="Tự đánh giá 2017 (2017)")
    page.get_by_label("Đợt B").select_option(label="Đoàn kiểm tra 2017 (2017)")
    page.get_by_role("button", name="So sánh").click()
    expect(page.get_by_role("heading", name="So sánh hai đợt đánh giá")).to_be_visible()

    chart = page.get_by_role("img", name="Điểm trung bình theo chương: A và B")
    expect(chart).to_be_visible()
    chapters = chart.locator("g.item")
    count = chapters.count()
    assert count >= 19
    # two series: a circle for A and a diamond for B on every chapter, in two different colours
    expect(chart.locator("g.item circle.series-a")).to_have_count(count)
    expect(chart.locator("g.item polygon.series-b")).to_have_count(count)
    fill_a = chart.locator("g.item circle.series-a").first.evaluate("e => getComputedStyle(e).fill")
    fill_b = chart.locator("g.item polygon.series-b").first.evaluate("e => getComputedStyle(e).fill")
    assert fill_a != fill_b
    box = chart.locator("g.item circle.series-a").first.bounding_box()
    assert box and box["width"] > 4   # drawn, not collapsed
    legend = chart.locator("g.legend")
    expect(legend).to_contain_text("A · Tự đánh giá 2017 (2017)")
    expect(legend).to_contain_text("B · Đoàn kiểm tra 2017 (2017)")
    expect(page.get_by_text("Tự đánh giá cao hơn đoàn: 3 tiêu chí")).to_be_visible()

    # keyboard only: tick "only where B is lower" and submit the filter form
    box_b_lower = page.get_by_label("Chỉ tiêu chí B thấp hơn A")
    box_b_lower.focus()
    page.keyboard.press("Space")
    expect(box_b_lower).to_be_checked()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**b_lower=**")
    listed = page.locator(".compare-criteria tbody tr td:first-child")
    expect(listed).to_have_text(["A1.2", "C3.1", "D1.1"])
    expect(page.get_by_text("Đã lọc: chỉ tiêu chí B thấp hơn A (3 tiêu chí).")).to_be_visible()
    expect(page.get_by_role("link", name="Tải bản so sánh PDF")).to_have_attribute("href", re.compile(r"^/reports/compare\.pdf\?a=\d+&b=\d+&b_lower=1$"))
    screenshot(page, "compare", full_page=True)
    assert page.js_errors == [] and page.csp_errors == []


def test_on_a_phone_the_comparison_fits_the_screen(login_as, live_server):
    self_round, team = two_rounds(live_server)
    page = login_as("director", viewport=PHONE)
    page.goto(f"/reports/compare?a={self_round.id}&b={team.id}&gaps=1")
    expect(page.get_by_role("img", name="Điểm trung bình theo chương: A và B")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    chart = page.locator("svg.dumbbell-chart").bounding_box()
    assert chart and chart["width"] <= PHONE["width"]
    assert page.js_errors == [] and page.csp_errors == []
