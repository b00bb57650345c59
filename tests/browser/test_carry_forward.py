"""The quality office starts next year's round from this year's with its answers, in chromium."""
from __future__ import annotations

import re

import sqlalchemy as sa
from playwright.sync_api import expect

from quality_assess.assessments.models import Result
from quality_assess.assessments.operations import Answer, save_result
from quality_assess.catalog.models import Criterion
from quality_assess.database import db
from tests.assessments.conftest import result_of
from tests.conftest import attach, fresh, scalar



def test_a_round_carried_from_last_year_is_confirmed_criterion_by_criterion(login_as, live_server, screenshot):
    page = login_as("quality")
    last_year = live_server.make.round(name="Tự đánh giá 2025", year=2025)
    with fresh(live_server.app):
        for code, level in (("A1.1", 3), ("A1.2", 4)):
            save_result(result_of(last_year, code), Answer(finding=False, met={n: n <= level for n in (2, 3, 4, 5)}),
                        user=attach(page.user))
        db.session.commit()

    page.goto("/rounds/")
    page.get_by_label("Tên đợt đánh giá").fill("Tự đánh giá 2026")
    page.get_by_label("Năm", exact=True).fill("2026")
    page.get_by_label("Bắt đầu từ đợt trước").select_option(label="Tự đánh giá 2025 (2025)")
    page.get_by_label("Mang theo câu trả lời và mức của đợt trước").check()
    page.get_by_role("button", name="Tạo").click()

    expect(page).to_have_url(re.compile(r"/rounds/\d+$"))
    round_id = int(page.url.rsplit("/", 1)[1])
    expect(page.get_by_text("2 tiêu chí mang từ đợt trước cần xác nhận lại trước khi nộp.")).to_be_visible()
    a11 = page.locator("tr[data-code='A1.1']")
    expect(a11).to_contain_text("Mức 3")
    expect(a11).to_contain_text("cần xác nhận lại")
    screenshot(page, "carried-round")

    # Submitting now is refused, naming the criteria still to confirm.
    page.get_by_role("button", name="Nộp đợt đánh giá").click()
    expect(page.get_by_role("alert")).to_contain_text("cần xác nhận lại (A1.1, A1.2)")

    # A1.1: nothing changed since last year, one click confirms it and walks on to A1.2.
    page.goto(f"/rounds/{round_id}/criteria/A1.1")
    expect(page.locator("[data-carried]")).to_contain_text("Cần xác nhận lại")
    page.get_by_role("button", name="Xác nhận không thay đổi").click()
    expect(page).to_have_url(re.compile(r"/criteria/A1\.2$"))
    expect(page.get_by_role("status").first).to_contain_text("Đã xác nhận tiêu chí A1.1 không thay đổi.")

    page.goto(f"/rounds/{round_id}/result")
    expect(page.locator("[data-field='confirmed']")).to_have_text("1")
    expect(page.locator("[data-field='provisional']")).to_have_text("1")

    page.goto(f"/rounds/{round_id}")
    expect(page.locator("tr[data-code='A1.1']")).not_to_contain_text("cần xác nhận lại")
    expect(page.get_by_text("1 tiêu chí mang từ đợt trước cần xác nhận lại trước khi nộp.")).to_be_visible()
    level = scalar(live_server.app, sa.select(Result.level).join(Criterion, Result.criterion_id == Criterion.id)
                   .where(Result.round_id == round_id, Criterion.code == "A1.1"))
    assert level == 3
    assert page.csp_errors == [] and page.js_errors == []
