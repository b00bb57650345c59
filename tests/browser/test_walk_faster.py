"""Fewer clicks, nothing lost: the quality office walks criteria with "Đạt tất cả", the keyboard and a live level
that stays in view, on a desktop and on a phone; an unsaved criterion comes back as a draft; a form sent after the
session ended lands back, after the login, with what was typed.

A1.2 and A1.3 get SYNTHETIC sub-items (test data only): 3 items at Mức 1, 3 at Mức 2, 2 at Mức 3, 2 at Mức 4, 1 at Mức 5.
"""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from quality_assess.assessments.models import Result
from quality_assess.catalog.models import Criterion
from quality_assess.plans.models import PlanTarget
from tests.browser.conftest import PHONE
from tests.conftest import PASSWORD, fresh

VIEWPORTS = {"desktop": None, "phone": PHONE}


def stored(app, round_, code: str) -> Result:
    with fresh(app) as s:
        return s.scalar(sa.select(Result).join(Criterion).where(Result.round_id == round_.id, Criterion.code == code))


def checked(page, name: str) -> str | None:
    return page.evaluate(f"(document.querySelector('input[name=\"{name}\"]:checked') || {{}}).value || null")


def log_in_again(page, user) -> None:
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


@pytest.mark.parametrize("device", VIEWPORTS)
def test_all_met_with_undo_a_contradiction_warning_and_a_live_level_that_stays_in_view(login_as, live_server, device, screenshot):
    page = login_as("quality", viewport=VIEWPORTS[device])
    round_ = live_server.make.round()
    live_level = page.locator("output[data-live-level]")
    page.goto(f"/rounds/{round_.id}/criteria/A1.1")

    page.get_by_role("button", name="Đạt tất cả (mọi mức)").click()
    expect(live_level).to_have_text("Mức 5")
    assert [checked(page, n) for n in ("finding", "met_2", "met_3", "met_4", "met_5")] == ["no", "yes", "yes", "yes", "yes"]
    expect(page.get_by_role("status").filter(has_text="Đã đánh dấu đạt 5 mục")).to_be_visible()
    page.get_by_role("button", name="Hoàn tác").click()
    expect(live_level).to_have_text("Chưa đủ câu trả lời")
    assert checked(page, "met_2") is None
    expect(page.get_by_role("button", name="Hoàn tác")).to_be_hidden()

    page.get_by_role("button", name="Không có phát hiện nào ở Mức 1").click()
    page.get_by_role("button", name="Đạt tất cả Mức 2").click()
    page.get_by_role("button", name="Đạt tất cả Mức 3").click()
    page.locator('input[name="met_4"][value="no"]').check()  # changeable afterwards
    expect(live_level).to_have_text("Mức 3")

    warning = page.locator("[data-contradiction]")
    expect(warning).to_be_hidden()
    page.get_by_role("button", name="Đạt tất cả (mọi mức)").click()
    page.locator('input[name="finding"][value="yes"]').check()
    expect(warning).to_be_visible()  # a warning, not a block: the level is still shown and the save goes through
    expect(live_level).to_have_text("Mức 1")

    page.get_by_label("Ghi chú").scroll_into_view_if_needed()  # down to the note at the bottom of the form
    page.wait_for_function("window.scrollY > 300")
    box = live_level.bounding_box()
    assert box is not None and 0 <= box["y"] <= page.viewport_size["height"] / 4, box  # still in view, at the top
    if device == "phone":
        sizes = page.locator(".choices label").evaluate_all("ls => ls.map(l => l.getBoundingClientRect().height)")
        assert min(sizes) >= 44, sizes  # thumb-size chips
        screenshot(page, "criterion-phone-sticky-level")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Đã lưu tiêu chí A1.1: Mức 1")).to_be_visible()
    assert stored(live_server.app, round_, "A1.1").level == 1
    assert page.js_errors == [] and page.csp_errors == []


@pytest.mark.parametrize("device", VIEWPORTS)
def test_a_criterion_with_sub_items_is_answered_from_the_keyboard_and_saved_with_one_key(login_as, live_server, device, screenshot):
    page = login_as("quality", viewport=VIEWPORTS[device])
    live_server.make.sub_items("A1.2")
    round_ = live_server.make.round()
    page.goto(f"/rounds/{round_.id}/criteria/A1.2")
    page.locator('input[name="item-A1.2-1.1"]').first.focus()
    page.keyboard.press("2")  # 1.1: Không (no finding) …
    page.keyboard.press("2")
    page.keyboard.press("2")
    for _ in range(3 + 2 + 2):  # every item of Mức 2, 3 and 4: Đạt
        page.keyboard.press("1")
    page.keyboard.press("2")  # the Mức 5 item: Không đạt
    expect(page.locator("output[data-live-level]")).to_have_text("Mức 4")
    page.keyboard.press("k")  # back up to the last item of Mức 4 …
    page.keyboard.press("3")  # … which does not apply
    expect(page.locator("output[data-live-level]")).to_have_text("Mức 4")
    if device == "desktop":
        screenshot(page, "criterion-keyboard", full_page=False)
    page.keyboard.press("n")  # save and next
    expect(page).to_have_url(re.compile(r"/criteria/A1\.3$"))
    with fresh(live_server.app) as s:
        result = s.scalar(sa.select(Result).join(Criterion).where(Result.round_id == round_.id, Criterion.code == "A1.2"))
        assert result.level == 4
        assert {a.sub_item.code: a.value for a in result.item_answers}["A1.2-4.10"] == "na"
    assert page.js_errors == [] and page.csp_errors == []


def test_an_unsaved_criterion_comes_back_as_a_draft_until_it_is_saved(page, live_server):
    round_ = live_server.make.round()
    page.goto(f"/rounds/{round_.id}/criteria/A1.1")
    page.get_by_role("button", name="Không có phát hiện nào ở Mức 1").click()
    page.get_by_role("button", name="Đạt tất cả Mức 2").click()
    page.get_by_label("Ghi chú").fill("Đã xem hồ sơ tại khoa Nội")
    page.goto(f"/rounds/{round_.id}/criteria/A1.2")  # walked away without saving
    page.goto(f"/rounds/{round_.id}/criteria/A1.1")
    expect(page.get_by_text("Bản nháp chưa lưu của tiêu chí này")).to_be_visible()
    expect(page.get_by_label("Ghi chú")).to_have_value("Đã xem hồ sơ tại khoa Nội")
    assert [checked(page, n) for n in ("finding", "met_2", "met_3")] == ["no", "yes", None]

    page.get_by_role("button", name="Bỏ bản nháp").click()
    expect(page.get_by_label("Ghi chú")).to_have_value("")
    page.reload()
    expect(page.get_by_text("Bản nháp chưa lưu của tiêu chí này")).to_be_hidden()
    assert checked(page, "finding") is None

    page.get_by_role("button", name="Đạt tất cả (mọi mức)").click()
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Đã lưu tiêu chí A1.1: Mức 5")).to_be_visible()
    page.reload()
    expect(page.get_by_text("Bản nháp chưa lưu của tiêu chí này")).to_be_hidden()  # saved: no draft left
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('qa-walk:'))") == []
    assert page.js_errors == [] and page.csp_errors == []


def test_a_form_sent_after_the_session_expired_comes_back_after_the_login_with_what_was_typed(page, live_server, screenshot):
    page.goto("/plans/targets/2026")
    page.get_by_label("Điểm trung bình mục tiêu (từ)").fill("3.6")
    page.get_by_label("Điểm Xanh – Sạch – Đẹp mục tiêu").fill("90")
    page.get_by_label("Mức mục tiêu theo tiêu chí (mỗi dòng: mã = mức)").fill("A1.2 = 4\nC3.1 = 3")
    page.context.clear_cookies()  # the session ends (8 hours, or signed out in another tab) while the user types
    page.get_by_role("button", name="Lưu mục tiêu").click()

    expect(page).to_have_url(re.compile(r"/login\?next="))
    expect(page.get_by_text("Phiên làm việc đã hết hạn nên biểu mẫu chưa được lưu")).to_be_visible()
    expect(page.get_by_text("Lỗi 400")).to_have_count(0)
    log_in_again(page, page.user)
    expect(page).to_have_url(re.compile(r"/plans/targets/2026$"))
    expect(page.get_by_text("Những gì bạn đã nhập trước khi gửi đã được khôi phục")).to_be_visible()
    expect(page.get_by_label("Điểm trung bình mục tiêu (từ)")).to_have_value("3.6")
    expect(page.get_by_label("Mức mục tiêu theo tiêu chí (mỗi dòng: mã = mức)")).to_have_value("A1.2 = 4\nC3.1 = 3")
    screenshot(page, "form-restored-after-login")
    page.get_by_role("button", name="Lưu mục tiêu").click()
    expect(page.get_by_text("Đã lưu mục tiêu năm 2026.")).to_be_visible()
    with fresh(live_server.app) as s:
        target = s.scalar(sa.select(PlanTarget).where(PlanTarget.year == 2026))
        assert (target.mean_min, target.xsd_target, target.criteria) == (3.6, 90.0, {"A1.2": 4, "C3.1": 3})
    assert page.js_errors == [] and page.csp_errors == []


def test_a_criterion_sent_after_the_session_expired_keeps_its_answers_through_the_login(page, live_server):
    round_ = live_server.make.round()
    page.goto(f"/rounds/{round_.id}/criteria/A1.1")
    page.get_by_role("button", name="Đạt tất cả (mọi mức)").click()
    page.locator('input[name="met_5"][value="no"]').check()
    page.get_by_label("Ghi chú").fill("Thiếu biên bản họp quý IV")
    page.context.clear_cookies()
    page.get_by_role("button", name="Lưu và tiếp").click()
    expect(page).to_have_url(re.compile(r"/login\?next="))
    log_in_again(page, page.user)
    expect(page).to_have_url(re.compile(rf"/rounds/{round_.id}/criteria/A1\.1$"))
    expect(page.get_by_label("Ghi chú")).to_have_value("Thiếu biên bản họp quý IV")
    expect(page.locator("output[data-live-level]")).to_have_text("Mức 4")
    assert stored(live_server.app, round_, "A1.1").level is None  # nothing was saved while signed out
    page.get_by_role("button", name="Lưu và tiếp").click()
    expect(page).to_have_url(re.compile(r"/criteria/A1\.2$"))
    assert stored(live_server.app, round_, "A1.1").level == 4
    assert page.js_errors == [] and page.csp_errors == []


def test_a_form_refused_on_another_page_comes_back_filled_in(login_as, live_server):
    live_server.make.department("Khoa Nội tổng hợp")
    page = login_as("admin")
    page.goto("/hospital/")
    page.get_by_label("Tên khoa/phòng").fill("Khoa Nội tổng hợp")
    page.get_by_label("Mã", exact=True).fill("NTH-2")
    page.get_by_label("Loại").select_option(label="Cận lâm sàng")
    page.get_by_role("button", name="Thêm khoa/phòng").click()
    expect(page.get_by_text("Khoa/phòng “Khoa Nội tổng hợp” đã có.")).to_be_visible()
    expect(page.get_by_label("Tên khoa/phòng")).to_have_value("Khoa Nội tổng hợp")  # fix the name, not retype it all
    expect(page.get_by_label("Mã", exact=True)).to_have_value("NTH-2")
    expect(page.get_by_label("Loại")).to_have_value("paraclinical")
    page.reload()
    expect(page.get_by_label("Mã", exact=True)).to_have_value("")  # restored once, not on every visit
    assert page.js_errors == [] and page.csp_errors == []
