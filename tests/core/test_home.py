"""The home page by role: each role sees first what it works on, and no link on it leads to a page the
role cannot open (every link of every role's home page is followed)."""
from __future__ import annotations

import re
from datetime import date

import pytest

from quality_assess.assessments.operations import Answer, save_result
from quality_assess.auth.roles import ALL_ROLES
from quality_assess.database import db
from quality_assess.plans.operations import generate_plan
from quality_assess.workflow.operations import assign, criteria_of, review
from tests.conftest import attach, fresh
from tests.workflow.conftest import answer, result_for

HREF = re.compile(r'href="(/[^"]*)"')


@pytest.fixture
def hospital_at_work(app, make):
    """A round where Lan (assessor) has A1.1 due 20/11 (overdue) and A1.2 submitted for review, a draft plan
    from C9.1 at level 2, and a department never audited for Xanh – Sạch – Đẹp."""
    quality = make.user("quality", full_name="Phòng QLCL")
    lan = make.user("assessor", full_name="Nguyễn Thị Lan")
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
        save_result(result_for(round_, "C9.1"), Answer(finding=False, met={2: True, 3: False}), user=attach(quality))
        generate_plan(attach(round_), include_level_3=False, user=attach(quality))
        db.session.commit()
    return {"lan": lan, "round": round_}


def links(page: str) -> list[str]:
    return sorted({href for href in HREF.findall(page) if not href.startswith("/static/")})


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_link_on_a_roles_home_page_opens(app, client, auth, hospital_at_work, role):
    user = hospital_at_work["lan"] if role == "assessor" else None
    auth.login(role, user=user)

    home = client.get("/")

    assert home.status_code == 200
    hrefs = links(home.get_data(as_text=True))
    # the bell, the menu, the cards and the role's own blocks (the province inspector's menu is short: its rounds)
    assert "/notifications/" in hrefs and len(hrefs) > (6 if role == "inspector" else 8)
    refused = [(href, status) for href in hrefs if (status := client.get(href).status_code) >= 400]
    assert refused == []


def test_the_assessor_sees_their_criteria_and_deadlines(client, auth, hospital_at_work):
    auth.login(user=hospital_at_work["lan"])

    page = client.get("/").get_data(as_text=True)
    mine = page.split('id="my-criteria"')[1].split("</section>")[0]

    assert mine.index("A1.1") < mine.index("A1.2")  # the nearest deadline first
    assert "20/11/2026" in mine and "Quá hạn" in mine.split("A1.2")[0] and "10/12/2026" in mine
    assert "Chờ duyệt" in mine.split("A1.2")[-1]  # submitted for review
    assert 'id="review"' not in page and 'id="xsd-month"' not in page


def test_ksnk_sees_this_months_audits_by_department(client, auth, hospital_at_work):
    auth.login("ksnk")

    page = client.get("/").get_data(as_text=True)

    block = page.split('id="xsd-month"')[1].split("</section>")[0]
    assert "Khoa Khám bệnh" in block and "Quá hạn" in block
    assert 'id="my-criteria"' not in page


def test_the_quality_office_sees_what_waits_for_review_progress_per_chapter_and_overdue_work(client, auth, hospital_at_work):
    auth.login("quality")

    page = client.get("/").get_data(as_text=True)

    assert "Chờ duyệt (1)" in page and "A1.2" in page.split('id="review"')[1].split("</section>")[0]
    chapters = page.split('id="chapters"')[1].split("</section>")[0]
    assert "Tiến độ theo chương — Tự đánh giá 2026" in chapters and "A1 " in chapters
    overdue = page.split('id="overdue"')[1].split("</section>")[0]
    assert "A1.1" in overdue and "20/11/2026" in overdue and "A1.2" not in overdue


def test_the_director_sees_the_latest_result_the_plan_and_what_waits_for_approval(client, auth, hospital_at_work):
    auth.login("director")

    page = client.get("/").get_data(as_text=True)

    assert "Tự đánh giá 2026" in page.split('id="latest"')[1].split("</section>")[0]
    plan = page.split('id="plan"')[1].split("</section>")[0]
    assert "Kế hoạch năm 2026" in plan and "Chờ bạn phê duyệt" in plan


def test_the_province_sees_its_hospitals_and_no_card_of_a_hospital_page(client, auth, make, hospital_at_work):
    make.hospital("Bệnh viện Đa khoa Tỉnh B")
    auth.login("province")

    page = client.get("/").get_data(as_text=True)

    hospitals = page.split('id="hospitals"')[1].split("</section>")[0]
    assert "Bệnh viện Đa khoa Tỉnh B" in hospitals
    assert "/xsd/" not in page  # Xanh – Sạch – Đẹp pages need a hospital account
