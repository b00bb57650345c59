"""An infection-control nurse audits the waste store in the basement, where there is no network: the page
still opens, the audit is kept on the phone, and it is sent when the network returns; a change made
meanwhile by someone else is shown beside hers, never overwritten."""
from __future__ import annotations

import io
import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from quality_assess import clock
from quality_assess.checklists.models import Answer, Audit
from quality_assess.database import db
from tests.browser.conftest import PHONE
from tests.conftest import fresh


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (150, 110, 20)).save(buffer, format="PNG")
    return buffer.getvalue()


SENT = 15_000  # ms: what is not sent is tried again every few seconds; wait for the state it shows


def _errors(page) -> list[str]:
    """The page's errors but the requests that failed because the network was off (expected here)."""
    return [e for e in page.js_errors if "ERR_INTERNET_DISCONNECTED" not in e]


def _ready_for_offline(page) -> None:
    """The page is kept by the service worker and knows the departments and templates."""
    expect(page.locator("[data-ready]")).to_have_text("Sẵn sàng dùng khi không có mạng.")


@pytest.fixture
def audit_in_progress(live_server):
    """A draft audit of "Khoa Truyền nhiễm" with full marks everywhere, by its nurse → (audit id, nurse, first item's code)."""
    from quality_assess.checklists.loader import latest_template
    from quality_assess.checklists.operations import ItemInput, create_audit, save_answers
    from tests.builders import attach, building

    ward = live_server.make.department("Khoa Truyền nhiễm")
    nurse_user = live_server.make.user("ksnk", full_name="Phạm Thu Trang")
    with building(live_server.app):
        template = latest_template("xsd-khoa-phong", None)
        audit = create_audit(hospital_id=ward.hospital_id, department=attach(ward), template=template,
                             audit_date=clock.today(), user=attach(nurse_user))
        save_answers(audit, {item.id: ItemInput(str(item.max_points)) for item in template.items}, user=attach(nurse_user))
        db.session.commit()
        return audit.id, nurse_user, template.items[0].code


def test_an_audit_started_with_no_network_is_kept_on_the_phone_and_sent_when_the_network_returns(login_as, live_server, screenshot):
    live_server.make.department("Kho chứa chất thải")
    nurse = login_as("ksnk", viewport=PHONE)
    nurse.goto("/xsd/")
    nurse.get_by_role("button", name="Mở menu").click()
    nurse.get_by_role("link", name="Chấm ngoại tuyến").click()
    _ready_for_offline(nurse)

    nurse.context.set_offline(True)
    nurse.reload()  # served by the service worker: there is no network
    expect(nurse.get_by_role("heading", name="Chấm phiếu ngoại tuyến")).to_be_visible()
    expect(nurse.locator("[data-net]")).to_contain_text("Không có mạng")
    nurse.get_by_role("combobox", name=re.compile(r"^Khoa.phòng")).select_option(label="Kho chứa chất thải")
    nurse.get_by_role("button", name="Bắt đầu").click()
    state = nurse.locator("[data-audit-state]")
    expect(state).to_have_text("chưa gửi")

    items = nurse.locator("fieldset.xsd-item")
    count = items.count()
    assert count > 5
    for i in range(count):
        items.nth(i).locator("label.xsd-chip").first.click()
    first = items.first
    first_max = int(first.get_attribute("data-max"))
    first.locator("label.xsd-chip", has_text=re.compile(rf"^{first_max - 1}$")).click()
    first.get_by_label("Tồn tại / ghi chú").fill("Thùng chứa chất thải lây nhiễm không có nắp")
    first.get_by_label(re.compile("^Ảnh")).set_input_files({"name": "kho.png", "mimeType": "image/png", "buffer": _png()})
    expect(first.locator("[data-photo-kept]")).to_have_text("Ảnh đã lưu trên máy")
    nurse.get_by_label("Nộp phiếu khi gửi").check()
    score = nurse.locator("[data-live-score]").inner_text()
    assert re.fullmatch(r"\d{2},\d{2}", score) and score != "100,00"
    expect(state).to_have_text("chưa gửi")
    expect(nurse.locator("[data-list] li", has_text="Kho chứa chất thải")).to_contain_text("chưa gửi")
    nurse.locator("[data-audit-title]").scroll_into_view_if_needed()
    screenshot(nurse, "xsd-offline-phone")

    nurse.context.set_offline(False)  # back upstairs
    expect(state).to_have_text("đã gửi", timeout=SENT)
    expect(first.locator("[data-photo-kept]")).to_have_text("ảnh đã gửi")

    with fresh(live_server.app):
        audit = db.session.scalars(sa.select(Audit).where(Audit.client_id.is_not(None))).one()
        assert audit.status == "submitted" and audit.department.name == "Kho chứa chất thải"
        noted = [a for a in audit.answers if a.note]
        assert [(a.note, a.photo_client_id is not None) for a in noted] == [("Thùng chứa chất thải lây nhiễm không có nắp", True)]
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Answer).where(Answer.audit_id == audit.id,
                                                                                      Answer.photo_name.is_not(None))) == 1

    nurse.goto("/xsd/dashboard")
    one_decimal = f"{float(score.replace(',', '.')):.1f}".replace(".", ",")
    expect(nurse.locator("table.xsd-grid").get_by_role("row", name=re.compile(r"^Kho chứa chất thải"))).to_contain_text(one_decimal)
    assert _errors(nurse) == [] and nurse.csp_errors == []


@pytest.mark.parametrize("choice", ["Giữ bản của tôi", "Lấy bản trên máy chủ"])
def test_a_change_made_by_someone_else_while_the_nurse_was_offline_is_shown_beside_hers_and_she_chooses(
        login_as, live_server, audit_in_progress, choice):
    audit_id, nurse_user, first_code = audit_in_progress
    nurse = login_as(user=nurse_user, viewport=PHONE)
    nurse.goto(f"/xsd/audits/{audit_id}")
    nurse.get_by_role("link", name="Chấm tiếp khi không có mạng").click()
    _ready_for_offline(nurse)
    state = nurse.locator("[data-audit-state]")
    expect(state).to_have_text("đã gửi")

    nurse.context.set_offline(True)
    first = nurse.locator("fieldset.xsd-item").first
    first_max = int(first.get_attribute("data-max"))
    first.locator("label.xsd-chip", has_text=re.compile(rf"^{first_max - 1}$")).click()
    first.get_by_label("Tồn tại / ghi chú").fill("Bồn rửa tay thiếu xà phòng")
    expect(state).to_have_text("chưa gửi")

    lead = login_as("ksnk_lead")  # meanwhile, at the office, the lead corrects the same item
    lead.goto(f"/xsd/audits/{audit_id}")
    item = lead.locator(f"#item-{first_code}")
    item.locator("label.xsd-chip", has_text=re.compile(rf"^{first_max - 2}$")).click()
    item.get_by_label(re.compile("Tồn tại / ghi chú")).fill("Khăn lau tay dùng chung")
    lead.get_by_role("button", name="Lưu", exact=True).click()
    expect(lead.get_by_role("status").first).to_contain_text("Đã lưu phiếu kiểm tra.")

    nurse.context.set_offline(False)
    expect(state).to_have_text("xung đột", timeout=SENT)
    conflict = nurse.locator("[data-conflict]")
    expect(conflict).to_be_visible()
    row = conflict.get_by_role("row", name=re.compile(rf"^{re.escape(first_code)}\b"))
    expect(row.locator("td").nth(1)).to_have_text(f"{first_max - 1} · Bồn rửa tay thiếu xà phòng")
    expect(row.locator("td").nth(2)).to_have_text(f"{first_max - 2} · Khăn lau tay dùng chung")
    with fresh(live_server.app):
        answer = db.session.scalar(sa.select(Answer).where(Answer.audit_id == audit_id).order_by(Answer.id))
        assert answer.note == "Khăn lau tay dùng chung"  # nothing overwritten while she has not chosen

    conflict.get_by_role("button", name=choice).click()
    expect(state).to_have_text("đã gửi", timeout=SENT)
    expect(conflict).to_be_hidden()
    mine = choice == "Giữ bản của tôi"
    kept = (first_max - 1, "Bồn rửa tay thiếu xà phòng") if mine else (first_max - 2, "Khăn lau tay dùng chung")
    first = nurse.locator("fieldset.xsd-item").first
    expect(first.locator("input[type=radio]:checked")).to_have_value(str(kept[0]))  # the form shows the version kept
    expect(first.get_by_label("Tồn tại / ghi chú")).to_have_value(kept[1])
    with fresh(live_server.app):
        answer = db.session.scalar(sa.select(Answer).where(Answer.audit_id == audit_id).order_by(Answer.id))
        assert (answer.points, answer.note) == kept
    conflicts = [e for e in _errors(nurse) if e.endswith("status of 409 (CONFLICT)")]
    assert len(conflicts) == 1 and _errors(nurse) == conflicts and nurse.csp_errors == []  # only the refused change, answered 409
    assert lead.js_errors == [] and lead.csp_errors == []


def test_after_signing_out_the_next_person_on_the_phone_never_gets_the_nurses_pages_from_cache(login_as, live_server):
    from tests.conftest import PASSWORD

    live_server.make.department("Khoa Phục hồi chức năng")
    nurse = login_as("ksnk", viewport=PHONE, full_name="Đỗ Thị Lan")
    nurse.goto("/xsd/offline")
    _ready_for_offline(nurse)
    nurse.context.set_offline(True)
    nurse.reload()
    expect(nurse.get_by_role("heading", name="Chấm phiếu ngoại tuyến")).to_be_visible()  # hers, from the cache
    expect(nurse.locator(".who")).to_have_text("Đỗ Thị Lan")
    nurse.context.set_offline(False)

    nurse.goto("/xsd/offline")
    _ready_for_offline(nurse)
    nurse.get_by_role("button", name="Mở menu").click()
    nurse.get_by_role("button", name="Đăng xuất").click()
    expect(nurse.get_by_label("Tên đăng nhập")).to_be_visible()

    colleague = live_server.make.user("ksnk", full_name="Vũ Minh Khoa")
    nurse.get_by_label("Tên đăng nhập").fill(colleague.username)
    nurse.get_by_label("Mật khẩu").fill(PASSWORD)
    nurse.get_by_role("button", name="Đăng nhập").click()
    expect(nurse.locator(".who")).to_have_text("Vũ Minh Khoa")

    nurse.context.set_offline(True)
    nurse.goto("/xsd/offline")  # never opened by him on this phone: the neutral offline page, not hers
    expect(nurse.get_by_role("heading", name="Không có mạng")).to_be_visible()
    expect(nurse.locator("body")).not_to_contain_text("Đỗ Thị Lan")
    assert _errors(nurse) == [] and nurse.csp_errors == []


def test_an_audit_opened_at_the_office_can_be_continued_in_the_basement_without_opening_the_offline_page_first(
        login_as, live_server, audit_in_progress):
    audit_id, nurse_user, _first = audit_in_progress
    nurse = login_as(user=nurse_user, viewport=PHONE)
    nurse.goto(f"/xsd/audits/{audit_id}")
    link = nurse.get_by_role("link", name="Chấm tiếp khi không có mạng")
    url = link.get_attribute("href")
    nurse.wait_for_function("url => caches.open('qa-pages').then(c => c.match(location.origin + url)).then(Boolean)", arg=url)

    nurse.context.set_offline(True)
    link.click()  # never opened before: the worker's copy carries the audit and the templates
    state = nurse.locator("[data-audit-state]")
    expect(state).to_have_text("đã gửi")
    expect(nurse.locator("[data-net]")).to_contain_text("Không có mạng")
    last = nurse.locator("fieldset.xsd-item").last
    last.locator("label.xsd-chip", has_text="KAD").click()
    expect(state).to_have_text("chưa gửi")

    nurse.context.set_offline(False)
    expect(state).to_have_text("đã gửi", timeout=SENT)
    with fresh(live_server.app):
        answers = db.session.scalars(sa.select(Answer).where(Answer.audit_id == audit_id).order_by(Answer.item_id)).all()
        assert answers[-1].not_applicable
    assert _errors(nurse) == [] and nurse.csp_errors == []


def test_a_change_the_server_refuses_shows_why_and_waits_for_the_nurse_to_fix_it(login_as, live_server):
    live_server.make.department("Khoa Dinh dưỡng")
    nurse = login_as("ksnk", viewport=PHONE)
    nurse.goto("/xsd/offline")
    _ready_for_offline(nurse)
    nurse.context.set_offline(True)
    nurse.get_by_role("combobox", name=re.compile(r"^Khoa.phòng")).select_option(label="Khoa Dinh dưỡng")
    nurse.get_by_role("button", name="Bắt đầu").click()
    first = nurse.locator("fieldset.xsd-item").first
    code = first.locator("legend strong").inner_text()
    first_max = int(first.get_attribute("data-max"))
    first.locator("label.xsd-chip", has_text=re.compile(rf"^{first_max - 2}$")).click()  # no finding written
    state = nurse.locator("[data-audit-state]")
    expect(state).to_have_text("chưa gửi")

    nurse.context.set_offline(False)
    expect(nurse.locator("[data-audit-error]")).to_have_text(f"Mục {code}: điểm thấp hơn tối đa, hãy ghi tồn tại phát hiện được.", timeout=SENT)
    expect(state).to_have_text("chưa gửi")  # kept on the phone, not lost

    first.get_by_label("Tồn tại / ghi chú").fill("Tủ lạnh thực phẩm không ghi nhiệt độ")
    expect(state).to_have_text("đã gửi", timeout=SENT)
    expect(nurse.locator("[data-audit-error]")).to_have_text("")
    with fresh(live_server.app):
        answer = db.session.scalars(sa.select(Answer).join(Audit).where(Audit.client_id.is_not(None)).order_by(Answer.item_id)).first()
        assert (answer.points, answer.note) == (first_max - 2, "Tủ lạnh thực phẩm không ghi nhiệt độ")
    refused = [e for e in _errors(nurse) if e.endswith("status of 400 (BAD REQUEST)")]
    assert len(refused) == 1 and _errors(nurse) == refused and nurse.csp_errors == []  # refused once, not retried as it was
