"""An infection-control nurse logs a Xanh – Sạch – Đẹp audit on a phone, walking the department."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import PHONE


def test_a_nurse_logs_an_audit_on_a_phone_and_sees_the_department_score(login_as, live_server, screenshot):
    live_server.make.department("Khoa Nội tổng hợp")
    page = login_as("ksnk", viewport=PHONE)

    page.get_by_role("button", name="Mở menu").click()
    page.get_by_role("navigation").get_by_role("link", name="Xanh – Sạch – Đẹp").click()
    page.get_by_role("combobox", name=re.compile(r"^Khoa.phòng")).select_option(label="Khoa Nội tổng hợp")
    page.get_by_role("button", name="Bắt đầu").click()
    expect(page).to_have_url(re.compile(r"/xsd/audits/\d+$"))
    expect(page.get_by_role("heading", name="Khoa Nội tổng hợp")).to_be_visible()

    items = page.locator("fieldset.xsd-item")
    count = items.count()
    assert count > 5
    for i in range(count):  # full marks everywhere: tap the first (highest) chip of each item
        items.nth(i).locator("label.xsd-chip").first.click()
    first = items.first
    first_max = int(first.get_attribute("data-max"))
    first.locator("label.xsd-chip", has_text=re.compile(rf"^{first_max - 1}$")).click()
    expect(page.locator("[data-score]")).not_to_have_text("100,00")  # the live score drops at once
    expect(first).to_have_class(re.compile(r"\bxsd-needs-note\b"))
    screenshot(page, "xsd-audit-phone")

    page.get_by_role("button", name="Lưu", exact=True).click()  # no note: refused, nothing lost
    expect(page.get_by_role("alert")).to_contain_text("điểm thấp hơn tối đa, hãy ghi tồn tại phát hiện được")
    expect(first.locator("input[type=radio]:checked")).to_have_value(str(first_max - 1))

    first.get_by_label(re.compile("Tồn tại / ghi chú")).fill("Thùng rác hành lang không có nắp")
    expect(first).not_to_have_class(re.compile(r"\bxsd-needs-note\b"))
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Lưu và nộp").click()
    expect(page.get_by_role("status").first).to_be_visible()
    expect(page.locator(".status-submitted").first).to_have_text("Đã nộp")
    score = page.locator("[data-score]").inner_text()
    assert re.fullmatch(r"\d{2},\d{2}", score) and score != "100,00"

    page.get_by_role("button", name="Mở menu").click()
    page.get_by_role("navigation").get_by_role("link", name="Xanh – Sạch – Đẹp").click()
    row = page.get_by_role("row", name=re.compile("Khoa Nội tổng hợp")).filter(has_text="Đã nộp")
    expect(row).to_contain_text(score)
    refused = [e for e in page.js_errors if e.endswith("status of 400 (BAD REQUEST)")]
    assert len(refused) == 1 and page.js_errors == refused and page.csp_errors == []  # only the refused save, answered 400

    office = login_as("quality")  # the quality office follows up on a desktop
    office.get_by_role("navigation").get_by_role("link", name="Xanh – Sạch – Đẹp").click()
    office.get_by_role("link", name="Tổng hợp").click()
    one_decimal = f"{float(score.replace(',', '.')):.1f}".replace(".", ",")
    expect(office.locator("table.xsd-grid").get_by_role("row", name=re.compile(r"^Khoa Nội tổng hợp"))).to_contain_text(one_decimal)
    expect(office.locator("[data-hospital-year]")).to_have_text(one_decimal)
    screenshot(office, "xsd-dashboard")
    assert office.js_errors == [] and office.csp_errors == []
