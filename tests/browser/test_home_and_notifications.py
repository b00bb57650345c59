"""In chromium: each role's home page shows its own work, the bell counts unread notifications, and
opening one from the list leads to the criterion and clears the count. Screenshots of the role home
pages and the notification list (docs/screenshots/ only with QA_UPDATE_SCREENSHOTS=1)."""
from __future__ import annotations

from datetime import date

from quality_assess.database import db
from quality_assess.plans.operations import generate_plan
from quality_assess.assessments.operations import Answer, save_result
from quality_assess.workflow.operations import assign, criteria_of, review
from tests.conftest import attach, fresh
from tests.workflow.conftest import answer, result_for


def at_work(live_server):
    """Lan has A1.1 (overdue since 20/11) and A1.2 (returned with a comment); a draft plan waits for the director."""
    make, app = live_server.make, live_server.app
    quality = make.user("quality", full_name="Phòng Quản lý chất lượng")
    lan = make.user("assessor", full_name="Nguyễn Thị Lan")
    director = make.user("director", full_name="Giám đốc Trần Minh")
    round_ = make.round(name="Tự đánh giá 2026")
    make.department("Khoa Khám bệnh")
    with fresh(app):
        q, r, a = attach(quality), attach(round_), attach(lan)
        assign(r, criteria_of("A1.1"), lead=None, assessors=[a], due_date=date(2026, 11, 20), user=q)
        assign(r, criteria_of("A1.2"), lead=None, assessors=[a], due_date=date(2026, 12, 10), user=q)
        db.session.commit()
    answer(result_for(round_, "A1.2"), lan)
    with fresh(app):
        review(result_for(round_, "A1.2"), "submit", user=attach(lan))
        review(result_for(round_, "A1.2"), "return", user=attach(quality), comment="Thiếu biên bản kiểm tra")
        save_result(result_for(round_, "C9.1"), Answer(finding=False, met={2: True, 3: False}), user=attach(quality))
        generate_plan(attach(round_), include_level_3=False, user=attach(quality))
        db.session.commit()
    return {"quality": quality, "lan": lan, "director": director, "round": round_}


def test_the_bell_counts_and_a_notification_leads_to_the_criterion(login_as, live_server, screenshot):
    people = at_work(live_server)
    page = login_as(user=people["lan"])

    bell = page.locator("a.bell")
    assert bell.locator(".count").inner_text() == "3"  # assigned A1.1, assigned A1.2, A1.2 returned
    screenshot(page, "home-assessor", full_page=True)
    bell.click()
    page.wait_for_url("**/notifications/")
    assert page.get_by_text("Tiêu chí A1.2").first.is_visible() and page.get_by_text("Thiếu biên bản kiểm tra").is_visible()
    screenshot(page, "notifications", full_page=True)

    page.get_by_role("button", name="bị trả lại để sửa").click()

    page.wait_for_url(f"**/rounds/{people['round'].id}/criteria/A1.2")
    assert page.locator("a.bell .count").inner_text() == "2"
    assert page.js_errors == [] and page.csp_errors == []


def test_role_home_pages(login_as, live_server, screenshot):
    people = at_work(live_server)

    quality = login_as(user=people["quality"])
    assert quality.get_by_role("heading", name="Chờ duyệt (0)").is_visible()
    assert quality.locator("#overdue").get_by_role("link", name="A1.1").is_visible()
    screenshot(quality, "home-quality", full_page=True)

    director = login_as(user=people["director"])
    assert director.locator("#plan").get_by_text("Chờ bạn phê duyệt").is_visible()
    assert director.locator("a.bell .count").inner_text() == "1"
    screenshot(director, "home-director", full_page=True)

    ksnk = login_as("ksnk")
    assert ksnk.locator("#xsd-month").get_by_text("Khoa Khám bệnh").is_visible()
    screenshot(ksnk, "home-ksnk", full_page=True)
