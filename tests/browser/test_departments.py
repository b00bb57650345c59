"""The director opens "by responsible department" from the round report in chromium: the ranking, then
the department × chapter heatmap, whose cells are coloured by band and still print their number.

The round: the suggested lead departments of criteria_data/workflow (applied as the workflow page does),
the published 2017 levels (tests/reports/conftest.py), and chapter E2 left without a lead department."""
from __future__ import annotations

from playwright.sync_api import expect

from quality_assess.workflow.mapping import load_mapping
from quality_assess.workflow.operations import apply_mapping
from tests.conftest import fresh, step
from tests.reports.conftest import levels_2017, set_levels

apply_mapping = step(apply_mapping)


def test_the_director_sees_the_department_heatmap_coloured_and_numbered(login_as, live_server, screenshot):
    make = live_server.make
    round_ = make.round(name="Tự đánh giá năm 2026")
    with fresh(live_server.app):
        mapping = {chapter: name for chapter, name in load_mapping().items() if chapter != "E2"}
    for name in dict.fromkeys(mapping.values()):
        make.department(name)
    apply_mapping(round_, mapping, user=None)
    set_levels(round_, levels_2017())
    page = login_as("director")

    page.goto(f"/reports/rounds/{round_.id}")
    page.get_by_role("link", name="Theo khoa/phòng phụ trách").click()
    expect(page.get_by_role("heading", name="Kết quả theo khoa/phòng phụ trách")).to_be_visible()
    ranking = page.locator("table.department-ranking")
    expect(ranking.locator("tbody tr").last).to_contain_text("Chưa phân công")
    expect(ranking.locator("tbody tr").first.locator("td").first).to_have_text("1")

    heatmap = page.locator("#department-heatmap")
    heatmap.scroll_into_view_if_needed()
    expect(heatmap.locator("thead th")).to_have_count(1 + 23)
    cells = heatmap.locator("td.heat:not(.empty)")
    assert cells.count() >= 23  # every chapter has a lead department or is in "Chưa phân công"
    # colour is drawn (band classes resolve to different fills) and every coloured cell prints its number
    fills = set(cells.evaluate_all("cells => cells.map(c => getComputedStyle(c).backgroundColor)"))
    assert len(fills) >= 2 and "rgba(0, 0, 0, 0)" not in fills
    texts = cells.all_inner_texts()
    assert all(any(ch.isdigit() for ch in t) and "(" in t for t in texts)
    unassigned = heatmap.locator("tr.unassigned")
    expect(unassigned.locator("th")).to_have_text("Chưa phân công")
    expect(unassigned.locator("td.heat:not(.empty)")).to_have_count(1)   # E2 only
    legend = page.get_by_label("Chú giải màu")
    expect(legend.locator("li")).to_have_count(6)
    expect(legend).to_contain_text("Từ 3,00 đến dưới 4,00")
    screenshot(page, "departments", full_page=True)
    assert page.js_errors == [] and page.csp_errors == []
