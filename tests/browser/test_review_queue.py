"""The quality office reviews a whole round from the queue: opens one criterion, returns it with a
comment and lands on the next, then approves the other 82 with one bulk action. Clicks are counted
against the same work on the criterion pages, one by one (the figures of issue #14's closing note)."""
from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa
from playwright.sync_api import expect

from quality_assess.assessments.models import Result
from quality_assess.assessments.operations import Answer, save_result
from quality_assess.catalog.models import Criterion
from quality_assess.database import db
from quality_assess.workflow.operations import assign, review
from tests.conftest import FIXED_NOW, attach, fresh, scalars


class Clicks:
    """Counts the clicks a person makes (every click of the test goes through `click`)."""

    def __init__(self) -> None:
        self.count = 0

    def click(self, locator) -> None:
        self.count += 1
        locator.click()


def every_criterion_sent_for_review(live_server, codes: list[str] | None = None):
    """A round where an assessor answered every criterion (Mức 3 by the per-level answers) and sent it for review."""
    make = live_server.make
    quality, assessor = make.user("quality"), make.user("assessor", full_name="Nguyễn Thị Lan")
    round_ = make.round(name="Tự đánh giá cuối năm")
    department = make.department("Khoa Khám bệnh")
    with fresh(live_server.app):
        criteria = list(db.session.scalars(sa.select(Criterion).order_by(Criterion.position)))
        criteria = [c for c in criteria if codes is None or c.code in codes]
        assign(attach(round_), criteria, lead=attach(department), assessors=[attach(assessor)], user=attach(quality))
        for result in db.session.scalars(sa.select(Result).where(Result.round_id == round_.id, Result.criterion_id.in_([c.id for c in criteria]))):
            save_result(result, Answer(finding=False, met={2: True, 3: True, 4: False, 5: False}), user=attach(assessor))
            review(result, "submit", user=attach(assessor))
        db.session.commit()
    return round_, quality


def review_statuses(live_server, round_) -> dict[str, int]:
    found: dict[str, int] = {}
    for status in scalars(live_server.app, sa.select(Result.review_status).where(Result.round_id == round_.id)):
        found[status] = found.get(status, 0) + 1
    return found


def test_the_quality_office_reviews_83_criteria_from_the_queue_in_a_handful_of_clicks(login_as, live_server, screenshot, fixed_clock):
    fixed_clock.set(FIXED_NOW - timedelta(days=2, hours=3))  # sent for review two days and three hours ago
    round_, quality = every_criterion_sent_for_review(live_server)
    fixed_clock.set(FIXED_NOW)
    page, clicks = login_as(user=quality), Clicks()
    rows = page.locator("form.wf-queue tbody tr")

    clicks.click(page.get_by_role("link", name="83 tiêu chí đang chờ duyệt"))  # the home page leads to the queue
    expect(page).to_have_url(re.compile(r"/workflow/review"))
    expect(page.get_by_role("heading", name="Hàng chờ duyệt")).to_be_visible()
    expect(rows).to_have_count(83)
    first = page.locator('tr[data-code="A1.1"]')
    expect(first).to_contain_text("Nguyễn Thị Lan")
    expect(first).to_contain_text("Khoa Khám bệnh")
    expect(first).to_contain_text("Mức 3")
    expect(first.locator("[data-waited]")).to_have_text("2 ngày")
    screenshot(page, "review-queue")

    # Open one, read it, return it with a comment: the queue stays, the next criterion opens.
    page.locator('tr[data-code="A1.1"]').get_by_role("link", name="A1.1").click()
    opened = page.locator("section.wf-opened")
    expect(opened).to_have_attribute("data-opened", "A1.1")
    expect(opened).to_contain_text("Đạt tất cả tiểu mục Mức 3")
    opened.get_by_label("Nhận xét (bắt buộc khi trả lại)").fill("Thiếu biên bản kiểm tra định kỳ")
    opened.get_by_role("button", name="Trả lại và sang tiêu chí tiếp").click()
    expect(page.locator(".flash-success")).to_have_text("Đã trả lại 1 tiêu chí.")
    expect(page.locator("section.wf-opened")).to_have_attribute("data-opened", "A1.2")
    expect(rows).to_have_count(82)

    # Everything else at once.
    before = clicks.count
    clicks.click(page.get_by_label("Chọn tất cả"))
    clicks.click(page.get_by_role("button", name="Duyệt các tiêu chí đã chọn"))
    expect(page.get_by_text("Đã duyệt 82 tiêu chí.")).to_be_visible()
    expect(page.get_by_text("Không có tiêu chí nào khớp bộ lọc.")).to_be_visible()
    assert review_statuses(live_server, round_) == {"approved": 82, "returned": 1}
    # From the home page: 1 click to the queue, then 2 clicks approve every criterion that waits.
    assert (before, clicks.count) == (1, 3)
    assert page.js_errors == [] and page.csp_errors == []


def test_approving_on_the_criterion_pages_takes_two_clicks_a_criterion(login_as, live_server):
    """Before the queue: open the round, the first criterion, then per criterion "Duyệt" and "next ›"."""
    codes = ["A1.1", "A1.2", "A1.3"]
    round_, quality = every_criterion_sent_for_review(live_server, codes)
    page, clicks = login_as(user=quality), Clicks()
    clicks.click(page.get_by_role("link", name="Tự đánh giá cuối năm"))
    clicks.click(page.get_by_role("link", name="A1.1", exact=True))
    for code in codes:
        expect(page.get_by_role("heading", name=re.compile(rf"^{re.escape(code)}\. "))).to_be_visible()
        clicks.click(page.locator("#workflow").get_by_role("button", name="Duyệt", exact=True))
        expect(page.locator("#workflow .status")).to_have_text("Đã duyệt")
        if code != codes[-1]:
            clicks.click(page.locator("a[rel=next]").first)
    assert review_statuses(live_server, round_).get("approved") == 3
    # 2 to reach the first criterion, then 2 a criterion but the last: 83 criteria take 2 + 83 + 82 = 167 clicks.
    assert clicks.count == 2 + len(codes) + (len(codes) - 1)
