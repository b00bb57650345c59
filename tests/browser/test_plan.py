"""The quality office turns a round into an improvement plan in a browser and adds an action.

A1.2 gets SYNTHETIC sub-items (test data only); one unmet item at Mức 3 holds it at Mức 2.
"""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.plans.conftest import answer_items, answer_level


def test_the_plan_shows_a_level_2_criterion_with_what_blocks_it_and_takes_an_action(page, live_server, screenshot):
    live_server.make.sub_items("A1.2")
    live_server.make.department("Phòng Điều dưỡng")
    round_ = live_server.make.round(name="Tự đánh giá cuối năm")
    items = {f"A1.2-1.{n}": "absent" for n in (1, 2, 3)} | {f"A1.2-2.{n}": "met" for n in (4, 5, 6)}
    answer_items(round_, "A1.2", items | {"A1.2-3.7": "met", "A1.2-3.8": "unmet"})
    answer_level(round_, "A1.1", 4)

    page.get_by_role("navigation").get_by_role("link", name="Kế hoạch cải tiến").click()
    expect(page.get_by_text("Chưa có kế hoạch nào.")).to_be_visible()
    page.get_by_label("Đợt đánh giá").select_option(label="Tự đánh giá cuối năm (2026)")
    page.get_by_role("button", name="Lập / cập nhật kế hoạch").click()

    expect(page).to_have_url(re.compile(r"/plans/\d+$"))
    entry = page.locator("section.plan-entry", has=page.get_by_role("heading", name=re.compile(r"A1\.2\. ")))
    expect(entry.locator("h3 .level")).to_have_text("Mức 2")
    expect(page.get_by_role("heading", name=re.compile(r"A1\.1\. "))).to_have_count(0)  # Mức 4: not in the plan
    blockers = entry.locator("ul.blockers")
    expect(blockers).to_contain_text("A1.2-3.8")
    expect(blockers).to_contain_text("Tiểu mục giả lập A1.2-3.8")
    expect(blockers).not_to_contain_text("A1.2-3.7")  # met already

    entry.get_by_text("Thêm hành động").click()
    entry.get_by_label("Nội dung hành động").fill("Tập huấn lại quy trình cho điều dưỡng khoa")
    entry.get_by_label("Khoa/phòng phụ trách").select_option(label="Phòng Điều dưỡng")
    entry.get_by_label("Hạn hoàn thành").fill("2026-12-31")
    entry.get_by_role("button", name="Thêm").click()

    action = page.locator("li.plan-action", has_text="Tập huấn lại quy trình cho điều dưỡng khoa")
    expect(action).to_be_visible()
    expect(action).to_contain_text("Phòng Điều dưỡng")
    expect(action).to_contain_text("31/12/2026")
    screenshot(page, "plan")
    assert page.js_errors == [] and page.csp_errors == []
