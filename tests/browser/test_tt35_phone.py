"""The quality office runs the TT 35/2024 self-assessment on a phone: creates the round beside the 83
criteria, taps Có / Không / Không áp dụng item by item, and reads the result with its "Không" items."""
from __future__ import annotations

import re

import sqlalchemy as sa
from playwright.sync_api import expect

from quality_assess.assessments.models import ItemResult, Round
from quality_assess.catalog.models import FrameworkItem
from tests.browser.conftest import PHONE
from tests.conftest import fresh


def test_a_tt35_self_assessment_on_a_phone(login_as, live_server, screenshot):
    page = login_as("quality", viewport=PHONE)
    page.get_by_role("button", name="Mở menu").click()
    page.get_by_role("navigation").get_by_role("link", name="Đánh giá 83 tiêu chí").click()
    page.get_by_label("Tên đợt đánh giá").fill("Tự đánh giá TT 35 năm 2025")
    page.get_by_label("Năm").fill("2025")
    page.get_by_label("Bộ tiêu chuẩn").select_option(label="Tiêu chuẩn chất lượng cơ bản đối với bệnh viện (Thông tư 35/2024/TT-BYT)")
    page.get_by_role("button", name="Tạo").click()
    expect(page.get_by_role("heading", name="Tự đánh giá TT 35 năm 2025 (2025)")).to_be_visible()
    expect(page.locator("[data-tt35-result]")).to_have_text("Chưa kết luận")

    page.get_by_role("link", name="I.1", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile(r"^I\.1 Bệnh viện phải có địa điểm cố định"))).to_be_visible()
    expect(page.locator("[data-provenance]")).to_contain_text("hai bản chép công khai giống nhau")
    for code in ("I.1", "I.2", "I.3.1", "I.3.2", "I.4", "I.5", "I.6.1", "I.6.2"):  # tap Có, save and go on
        expect(page.locator("h1 .code")).to_have_text(code)
        page.get_by_label("Có", exact=True).check()
        page.get_by_role("button", name="Lưu và sang mục sau").click()
    expect(page.locator("h1 .code")).to_have_text("I.7.1")
    page.get_by_label("Không áp dụng", exact=True).check()
    page.get_by_role("button", name="Lưu và sang mục sau").click()  # no reason: refused, the choice kept
    expect(page.get_by_role("alert")).to_contain_text("cần ghi lý do khi chọn “Không áp dụng”")
    expect(page.get_by_label("Không áp dụng", exact=True)).to_be_checked()
    page.get_by_label("Lý do không áp dụng").fill("Bệnh viện không có thiết bị bức xạ")
    screenshot(page, "tt35-item-phone")
    page.get_by_role("button", name="Lưu và sang mục sau").click()
    expect(page.locator("h1 .code")).to_have_text("I.7.2")

    with fresh(live_server.app) as session:  # the rest answered as a colleague would, V.4.6 "Không"
        round_ = session.scalar(sa.select(Round).where(Round.name == "Tự đánh giá TT 35 năm 2025"))
        for row in session.scalars(sa.select(ItemResult).join(FrameworkItem).where(ItemResult.round_id == round_.id)):
            if row.answer is None:
                row.answer = "no" if row.item.code == "V.4.6" else "yes"
        session.commit()

    page.get_by_role("link", name=re.compile("← Tự đánh giá TT 35 năm 2025")).click()
    expect(page.locator("[data-tt35-result]")).to_have_text("Không đạt")
    expect(page.locator(".tt35-no-list")).to_contain_text("Nhóm V (1): V.4.6")
    expect(page.locator(".tt35-counts")).to_contain_text("42 Có · 1 Không · 1 Không áp dụng · 0 chưa trả lời, trên 44 mục (43 mục áp dụng)")
    screenshot(page, "tt35-result-phone")
    refused = [e for e in page.js_errors if e.endswith("status of 400 (BAD REQUEST)")]
    assert page.js_errors == refused and len(refused) == 1 and page.csp_errors == []
