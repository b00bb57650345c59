"""A quality officer, in a real browser: logs in, sees the home page, creates a round, opens it."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.conftest import PASSWORD


def test_logging_in_shows_the_home_page(browser, live_server, screenshot):
    user = live_server.make.user("quality", full_name="Nguyễn Thị Hoa")
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 800}, base_url=live_server.url)
    page = context.new_page()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login"))
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    screenshot(page, "login")

    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("alert")).to_contain_text("Tên đăng nhập hoặc mật khẩu không đúng")

    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Xin chào, Nguyễn Thị Hoa")).to_be_visible()
    expect(page.get_by_role("link", name="Đánh giá 83 tiêu chí").first).to_be_visible()
    screenshot(page, "home")
    context.close()


def test_a_new_round_opens_on_its_overview(page, live_url):
    page.get_by_role("navigation").get_by_role("link", name="Đánh giá 83 tiêu chí").click()
    page.get_by_label("Tên đợt đánh giá").fill("Tự đánh giá cuối năm")
    page.get_by_label("Năm", exact=True).fill("2026")
    page.get_by_role("button", name="Tạo").click()

    expect(page).to_have_url(re.compile(r"/rounds/\d+$"))
    expect(page.get_by_role("status")).to_contain_text("Đã tạo đợt đánh giá “Tự đánh giá cuối năm”")
    expect(page.get_by_role("heading", name="Tự đánh giá cuối năm (2026)")).to_be_visible()

    page.goto(f"{live_url}/")
    expect(page.get_by_role("link", name="Tự đánh giá cuối năm")).to_be_visible()
    assert page.csp_errors == []


def test_the_menu_opens_on_a_phone_without_breaking_the_content_security_policy(login_as):
    page = login_as("assessor", viewport=PHONE)
    menu_link = page.get_by_role("navigation").get_by_role("link", name="Kế hoạch cải tiến")
    expect(menu_link).to_be_hidden()  # folded away on a small screen …
    page.get_by_role("button", name="Mở menu").click()  # … until the menu button (static/js/app.js) opens it
    expect(menu_link).to_be_visible()
    assert page.csp_errors == []
