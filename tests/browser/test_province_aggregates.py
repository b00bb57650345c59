"""The health department opens the aggregates in chromium: the year chart and the heatmap are drawn with their
numbers, the page is clean under the strict CSP, and the CSV button downloads the shares it shows."""
from __future__ import annotations

import csv
import io

from tests.province.conftest import set_levels


def test_the_province_sees_the_heatmap_and_the_year_chart_and_downloads_the_csv(live_server, login_as, screenshot):
    make = live_server.make
    for name, levels_2025, levels_2026 in (
        ("Bệnh viện Đa khoa tỉnh", {"A1.1": 3, "A1.2": 4, "C3.1": 2}, {"A1.1": 4, "A1.2": 4, "C3.1": 3}),
        ("Bệnh viện Y học cổ truyền", {"A1.1": 2, "A1.2": 3, "C3.1": 1}, {"A1.1": 3, "A1.2": 3, "C3.1": 2}),
    ):
        hospital = make.hospital(name, province="Tỉnh Thử nghiệm")
        set_levels(make.round(hospital, name=f"Tự đánh giá 2025 – {name}", year=2025), levels_2025)
        set_levels(make.round(hospital, name=f"Tự đánh giá 2026 – {name}", year=2026), levels_2026)
    page = login_as("province", viewport={"width": 1280, "height": 1500})
    page.goto("/province/aggregates")

    chart = page.locator("svg.line-chart")
    assert chart.is_visible() and chart.locator("circle.point").count() == 2
    # C3.1 counts twice: 2025 (2,75 + 1,75) / 2, 2026 (3,50 + 2,50) / 2
    assert chart.locator("text.value").all_text_contents() == ["2,25", "3,00"]
    heat = page.locator("table.heatmap")
    row = heat.locator("tr", has_text="Bệnh viện Đa khoa tỉnh")
    cell = row.locator("td.heat").first        # chapter A1: (4 + 4) / 2 in 2026, the latest round
    assert cell.inner_text() == "4,00" and "heat-4" in cell.get_attribute("class")
    assert page.locator(".heat-legend .heat").count() == 6
    assert page.csp_errors == [] and page.js_errors == []
    screenshot(page, "province-aggregates")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải tỷ lệ Mức 1–2 theo tiêu chí (CSV)").click()
    download = download_info.value
    assert download.suggested_filename == "muc-1-2-theo-tieu-chi.csv"
    with open(download.path(), encoding="utf-8-sig") as f:
        rows = {r[0]: r for r in csv.reader(io.StringIO(f.read()))}
    # each hospital's latest round (2026, none locked): C3.1 at 3 and 2, A1.1 at 4 and 3
    assert rows["C3.1"] == ["C3.1", "C3", "2", "1", "50.0"] and rows["A1.1"][4] == "0.0" and rows["B1.1"][4] == ""
