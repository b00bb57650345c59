"""The frame of every page: the top navigation on one line at 1366 px and folded behind a menu button on a phone,
a skip link, a language switch that needs no JavaScript, and the director's tables scrolling inside their card."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.conftest import PASSWORD
from tests.plans.conftest import answer_level

LINK_TOPS = "links => links.map(a => Math.round(a.getBoundingClientRect().top))"


def test_the_top_navigation_fits_on_one_line_at_1366_px(login_as, screenshot):
    page = login_as("admin", viewport={"width": 1366, "height": 768})  # the hospital admin sees the most links
    nav = page.locator("#nav")
    tops = nav.get_by_role("link").evaluate_all(LINK_TOPS)
    assert len(tops) >= 8 and len(set(tops)) == 1, tops  # every link on one line
    account = page.locator(".account").bounding_box()
    assert account is not None and page.locator(".topbar").bounding_box()["height"] < 70  # brand, menu and account: one row
    expect(page.get_by_role("button", name="Mở menu")).to_be_hidden()
    screenshot(page, "topbar-1366")
    assert page.js_errors == [] and page.csp_errors == []


def test_on_a_phone_the_menu_folds_behind_a_button_that_says_whether_it_is_open(login_as, screenshot):
    page = login_as("quality", viewport=PHONE)
    toggle = page.get_by_role("button", name="Mở menu")
    menu_link = page.locator("#nav").get_by_role("link", name="Kế hoạch cải tiến")
    expect(menu_link).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_have_attribute("aria-controls", "nav")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(menu_link).to_be_visible()
    screenshot(page, "menu-phone-open")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(menu_link).to_be_hidden()
    assert page.js_errors == [] and page.csp_errors == []


def test_the_first_tab_offers_a_skip_link_to_the_content(page):
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Bỏ qua menu, đến nội dung chính")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    expect(page.locator("main")).to_be_focused()


def test_the_language_switch_works_without_javascript(browser, live_server):
    user = live_server.make.user("quality")
    context = browser.new_context(java_script_enabled=False, locale="vi-VN", base_url=live_server.url)
    try:
        page = context.new_page()
        page.goto("/login")
        page.get_by_label("Tên đăng nhập").fill(user.username)
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.goto("/plans/")
        switch = page.get_by_role("group", name="Ngôn ngữ")
        expect(switch.get_by_role("button", name="Tiếng Việt")).to_have_attribute("aria-pressed", "true")
        switch.get_by_role("button", name="English").click()
        expect(page).to_have_url(re.compile(r"/plans/$"))  # back on the same page …
        expect(page.get_by_role("navigation").get_by_role("link", name="Improvement plan")).to_be_visible()  # … in English
        page.get_by_role("group", name="Language").get_by_role("button", name="Tiếng Việt").click()
        expect(page.get_by_role("navigation").get_by_role("link", name="Kế hoạch cải tiến")).to_be_visible()
    finally:
        context.close()


@pytest.mark.parametrize("path", ["/reports/", "/reports/rounds/{id}", "/rounds/{id}/result", "/rounds/{id}"])
def test_the_directors_tables_scroll_inside_their_card_on_a_phone(login_as, live_server, path):
    round_ = live_server.make.round(name="Tự đánh giá giữa năm")
    for code, level in {"A1.1": 3, "A1.2": 2, "C3.1": 4}.items():
        answer_level(round_, code, level)
    page = login_as("director", viewport=PHONE)
    page.goto(path.format(id=round_.id))
    assert page.locator("table").count() > 0
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide: a table pushes it sideways"
    assert page.js_errors == [] and page.csp_errors == []
