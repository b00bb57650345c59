"""An infection-control nurse logs a Xanh – Sạch – Đẹp audit on a phone, walking the department."""
from __future__ import annotations

import io
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


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (11, 110, 79)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_on_a_phone_the_score_bar_stays_small_a_refused_submit_shows_the_item_at_fault_and_the_head_reports_progress(
        login_as, live_server, screenshot):
    ward = live_server.make.department("Khoa Hồi sức tích cực")
    head = live_server.make.user("dept_head", department_id=ward.id, full_name="Lê Thị Hoa")
    nurse = login_as("ksnk", viewport=PHONE)
    nurse.get_by_role("button", name="Mở menu").click()
    nurse.get_by_role("navigation").get_by_role("link", name="Xanh – Sạch – Đẹp").click()
    nurse.get_by_role("combobox", name=re.compile(r"^Khoa.phòng")).select_option(label="Khoa Hồi sức tích cực")
    nurse.get_by_label("Ngày kiểm tra").fill("2026-11-20")  # entered later: the tests' clock says 1 December
    nurse.get_by_role("button", name="Bắt đầu").click()
    expect(nurse).to_have_url(re.compile(r"/xsd/audits/\d+$"))

    items = nurse.locator("fieldset.xsd-item")
    count = items.count()
    skipped = 12  # every item answered but two in the middle: the 13th and the last
    for i in range(count):
        if i not in (skipped, count - 1):
            items.nth(i).locator("label.xsd-chip").first.click()
    first = items.first
    first_max = int(first.get_attribute("data-max"))
    first.locator("label.xsd-chip", has_text=re.compile(rf"^{first_max - 1}$")).click()
    first.get_by_label(re.compile("Tồn tại / ghi chú")).fill("Chậu cây ở sảnh bị khô")
    bar = nurse.locator("[data-score-box]")
    assert bar.bounding_box()["height"] <= PHONE["height"] / 5  # sticky, at most a fifth of the screen

    nurse.once("dialog", lambda dialog: dialog.accept())
    nurse.get_by_role("button", name="Lưu và nộp").click()
    expect(nurse.get_by_role("alert")).to_contain_text("Còn 2 mục chưa chấm")
    fault = items.nth(skipped)
    expect(fault).to_have_attribute("data-fault", "")
    expect(fault).to_be_in_viewport()
    box, bar_box = fault.bounding_box(), bar.bounding_box()
    assert box["y"] >= bar_box["y"] + bar_box["height"] - 1  # the item's top is not under the sticky bar
    assert bar_box["height"] <= PHONE["height"] / 5
    expect(first.locator("input[type=radio]:checked")).to_have_value(str(first_max - 1))  # nothing given is lost
    expect(first.get_by_label(re.compile("Tồn tại / ghi chú"))).to_have_value("Chậu cây ở sảnh bị khô")
    screenshot(nurse, "xsd-audit-refused-phone")

    fault.locator("label.xsd-chip").first.click()
    items.nth(count - 1).locator("label.xsd-chip").first.click()
    nurse.once("dialog", lambda dialog: dialog.accept())
    nurse.get_by_role("button", name="Lưu và nộp").click()
    expect(nurse.locator(".status-submitted").first).to_have_text("Đã nộp")

    form = nurse.locator("#new-follow-up")
    expect(form.get_by_label("Người phụ trách")).to_have_value(str(head.id))  # the audited department's head
    form.get_by_label("Hành động khắc phục").fill("Thay cây chết, tưới theo lịch")
    form.get_by_label("Hạn hoàn thành").fill("2026-11-30")
    form.get_by_role("button", name="Tạo").click()
    expect(nurse.get_by_role("status").first).to_contain_text("Đã tạo hành động khắc phục.")
    expect(nurse.locator("#follow-ups")).to_contain_text("quá hạn")  # due yesterday, by the hospital's date

    ward_head = login_as(user=head, viewport=PHONE)
    ward_head.get_by_role("button", name="Mở menu").click()
    ward_head.get_by_role("navigation").get_by_role("link", name="Xanh – Sạch – Đẹp").click()
    ward_head.get_by_role("link", name="Hành động khắc phục").click()
    card = ward_head.locator("article.xsd-follow-up", has_text="Thay cây chết, tưới theo lịch")
    expect(card).to_contain_text("quá hạn")
    expect(card).to_contain_text("Lê Thị Hoa")
    card.get_by_label("Trạng thái").select_option(label="Hoàn thành")
    card.get_by_label("Tiến độ / kết quả").fill("Đã thay 3 chậu cây")
    card.get_by_label(re.compile("^Ảnh")).set_input_files({"name": "cay.png", "mimeType": "image/png", "buffer": _png()})
    card.get_by_role("button", name="Cập nhật").click()
    expect(ward_head.get_by_role("status").first).to_contain_text("Đã cập nhật hành động khắc phục.")
    card = ward_head.locator("article.xsd-follow-up", has_text="Thay cây chết, tưới theo lịch")
    expect(card).to_contain_text("Đã thay 3 chậu cây")
    expect(card).not_to_contain_text("quá hạn")  # done: no longer overdue
    expect(card.get_by_role("link", name="Xem ảnh")).to_be_visible()
    screenshot(ward_head, "xsd-follow-ups-phone", full_page=True)
    refused = [e for e in nurse.js_errors if e.endswith("status of 400 (BAD REQUEST)")]
    assert len(refused) == 1 and nurse.js_errors == refused and nurse.csp_errors == []
    assert ward_head.js_errors == [] and ward_head.csp_errors == []
