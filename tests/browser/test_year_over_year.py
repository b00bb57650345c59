"""The director compares this year's self-assessment with the two previous years and opens the trend:
the lists and the table in the browser, the server-drawn chart styled by its stylesheet, no script errors."""
from __future__ import annotations

from playwright.sync_api import expect

from quality_assess.assessments.operations import set_round_status
from quality_assess.plans.operations import generate_plan, save_targets
from tests.conftest import attach, step
from tests.reports.conftest import levels_2017, set_levels


@step
def lock(round_, user) -> None:
    from quality_assess.database import db

    set_round_status(attach(round_), "submitted", user=attach(user), override_reason="Thử nghiệm: nộp khi chưa duyệt đủ")
    set_round_status(attach(round_), "locked", user=attach(user))
    db.session.commit()


@step
def plan_with_targets(round_, user, criteria: dict[str, int]) -> None:
    from quality_assess.database import db

    generate_plan(attach(round_), include_level_3=False, user=attach(user))
    save_targets(attach(round_).hospital, round_.year, mean_min=None, mean_max=None, no_level_1=True, xsd_target=None,
                 criteria=criteria, user=attach(user))
    db.session.commit()


def test_the_director_reads_three_years_and_the_trend_chart(login_as, live_server, screenshot):
    make = live_server.make
    office = make.user("quality")
    base = levels_2017()
    rounds = {}
    for year, changes in ((2024, {}), (2025, {"A1.1": 1, "A1.2": 4, "B1.1": 4}), (2026, {"A1.1": 3, "A1.2": 3, "C1.1": 5})):
        rounds[year] = make.round(name=f"Tự đánh giá {year}", year=year)
        set_levels(rounds[year], base | changes)
        if year < 2026:
            lock(rounds[year], office)
    plan_with_targets(rounds[2026], office, {"A1.2": 4, "B1.1": 4})
    page = login_as("director")

    page.goto(f"/reports/rounds/{rounds[2026].id}")
    page.get_by_role("link", name="Qua các năm").click()
    expect(page.get_by_role("heading", name="Kết quả qua các năm và so với kế hoạch")).to_be_visible()
    expect(page.get_by_label("Tự đánh giá 2025 (2025, Tự đánh giá)")).to_be_checked()
    expect(page.get_by_label("Tự đánh giá 2024 (2024, Tự đánh giá)")).to_be_checked()
    gained = page.locator('[data-list="gained"]')
    expect(gained.locator(".count")).to_have_text("2")              # A1.1 1 → 3, C1.1 → 5
    expect(page.locator('[data-list="lost"] .count')).to_have_text("2")   # A1.2 and B1.1 4 → 3
    expect(page.locator('tr[data-code="A1.1"] td.change')).to_have_text("+2")
    expect(page.get_by_text("Mức mục tiêu lấy từ kế hoạch cải tiến năm 2026")).to_be_visible()
    expect(page.locator('[data-list="below"]')).to_contain_text("A1.2, B1.1")      # both at Mức 3 for a target of 4
    screenshot(page, "year-over-year")

    page.get_by_label("Tự đánh giá 2025 (2025, Tự đánh giá)").uncheck()
    page.get_by_role("button", name="Xem").click()
    expect(page.get_by_text("Thay đổi tính so với đợt gần nhất: Tự đánh giá 2024 (2024)")).to_be_visible()
    expect(page.locator('tr[data-code="A1.1"] td.change')).to_have_text("+1")   # against 2024 now: 2 → 3

    page.get_by_role("link", name="Xu hướng qua các năm").click()
    chart = page.locator("svg.trend-chart")
    expect(chart).to_be_visible()
    assert chart.bounding_box()["width"] > 300
    expect(chart.locator("circle.trend-point")).to_have_count(3)
    expect(page.locator('tr[data-year="2024"] td.mean')).to_have_text("3,60")
    # the segments take the level colours of years.css (a missing stylesheet would leave them black)
    assert chart.locator("rect.stack-4").first.evaluate("e => getComputedStyle(e).fill") == "rgb(46, 125, 50)"
    assert chart.locator("polyline.trend-line").evaluate("e => getComputedStyle(e).fill") == "none"
    screenshot(page, "trend")
    assert page.js_errors == [] and page.csp_errors == []
