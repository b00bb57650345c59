"""The KSNK lead imports the hospital's own workbook in a browser; a nurse scoring a severe-risk item below
its maximum sees the audit fall to the lowest band at once (checklists.js), before saving."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.checklists.workbooks import hospital_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_the_lead_imports_a_workbook_and_a_severe_risk_item_fails_the_audit_live(login_as, live_server, screenshot):
    live_server.make.department("Khoa Nội")
    lead = login_as("ksnk_lead")
    lead.goto("/xsd/templates")
    lead.get_by_role("link", name="Nhập từ bảng tính").click()
    lead.get_by_label("Tệp .xlsx của bệnh viện").set_input_files({"name": "bang-kiem.xlsx", "mimeType": XLSX, "buffer": hospital_workbook()})
    lead.get_by_role("button", name="Đọc tệp và xem trước").click()
    noi = lead.locator("section.xsd-sheet", has_text="Trang “Khoa Nội”")
    expect(noi).to_contain_text("3 nhóm, 7 mục, 100 điểm")
    expect(noi.get_by_role("row", name=re.compile("Chất thải y tế được phân loại"))).to_contain_text("Nguy cơ cao")
    screenshot(lead, "xsd-sheet-preview", full_page=True)
    lead.get_by_role("button", name="Nhập các trang đã chọn").click()
    expect(lead.get_by_role("status").first).to_contain_text("Đã nhập mẫu")
    assert lead.js_errors == [] and lead.csp_errors == []

    nurse = login_as("ksnk")
    nurse.get_by_role("navigation").get_by_role("link", name="Xanh – Sạch – Đẹp").click()
    nurse.get_by_role("combobox", name=re.compile(r"^Khoa.phòng")).select_option(label="Khoa Nội")
    nurse.get_by_role("combobox", name="Mẫu bảng kiểm").select_option(label="Bảng kiểm tra xanh – sạch – đẹp khoa nội (v1)")
    nurse.get_by_role("button", name="Bắt đầu").click()
    expect(nurse).to_have_url(re.compile(r"/xsd/audits/\d+$"))
    items = nurse.locator("fieldset.xsd-item")
    for i in range(items.count()):
        items.nth(i).locator("label.xsd-chip").first.click()
    expect(nurse.locator("[data-band]")).to_have_text("Đạt tốt")          # the hospital's bands: no bands of its own
    severe = nurse.locator('fieldset.xsd-item[data-severe="1"]').first
    code = severe.get_attribute("data-code")
    severe.locator("label.xsd-chip", has_text=re.compile(r"^19$")).click()   # 99 points, but a severe-risk item unmet
    expect(nurse.locator("[data-band]")).to_have_text("Không đạt")
    expect(nurse.locator("[data-severe]").first).to_have_text(f"Không đạt do tiêu chí nguy cơ cao: {code}")
    severe.locator("label.xsd-chip").first.click()
    expect(nurse.locator("[data-band]")).to_have_text("Đạt tốt")
    expect(nurse.locator("div[data-severe]")).to_be_hidden()
    assert nurse.js_errors == [] and nurse.csp_errors == []
