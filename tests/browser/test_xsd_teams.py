"""Forms per department and a team's audit in chromium: the operating theatre has its own form, offered
only when the theatre is chosen; "Đoàn 1" (a KSNK nurse and a quality officer) share the theatre's audit,
each scoring their own items on a phone while the other's stay read-only, and the live score combines both.

The theatre's template is SYNTHETIC (tests/checklists/test_teams.py), not an official or hospital text."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from quality_assess.checklists.models import Team, TeamItem, TeamMember
from quality_assess.checklists.operations import import_template
from quality_assess.checklists.teams import set_template_departments
from quality_assess.database import db
from tests.browser.conftest import PHONE
from tests.checklists.test_teams import THEATRE_FORM
from tests.conftest import attach, fresh


def test_a_team_shares_the_theatre_form_on_phones(login_as, live_server, screenshot):
    make = live_server.make
    theatre = make.department("Khoa Phẫu thuật")
    make.department("Khoa Nội tổng hợp")
    lead = make.user("ksnk_lead")
    nurse = make.user("ksnk", full_name="Điều dưỡng Lan")
    officer = make.user("quality", full_name="Dược sĩ Minh")
    with fresh(live_server.app):
        template, _ = import_template(dict(THEATRE_FORM), hospital_id=theatre.hospital_id, user=attach(lead))
        set_template_departments(template, hospital_id=theatre.hospital_id, department_ids=[theatre.id], user=attach(lead))
        team = Team(hospital_id=theatre.hospital_id, name="Đoàn 1")
        team.members = [TeamMember(hospital_id=theatre.hospital_id, user_id=nurse.id, position="Trưởng đoàn"),
                        TeamMember(hospital_id=theatre.hospital_id, user_id=officer.id)]
        db.session.add(team)
        db.session.flush()
        for code, member in (("A1", team.members[0]), ("A2", team.members[0]), ("B1", team.members[1]), ("B2", team.members[1])):
            db.session.add(TeamItem(team_id=team.id, template_code=template.code, item_code=code, member_id=member.id))
        db.session.commit()

    page = login_as(user=nurse, viewport=PHONE)
    page.goto("/xsd/")
    own = page.locator("[data-template-select] option", has_text="Bảng kiểm thử nghiệm phòng mổ")
    page.get_by_role("combobox", name=re.compile(r"^Khoa.phòng")).select_option(label="Khoa Nội tổng hợp")
    expect(own).to_be_disabled()  # the theatre's form is not offered for the ward
    page.get_by_role("combobox", name=re.compile(r"^Khoa.phòng")).select_option(label="Khoa Phẫu thuật")
    expect(own).to_be_enabled()
    page.get_by_role("combobox", name=re.compile(r"^Mẫu bảng kiểm")).select_option(label=own.inner_text().strip())
    page.get_by_role("combobox", name=re.compile(r"^Đoàn kiểm tra")).select_option(label="Đoàn 1")
    page.get_by_role("button", name="Bắt đầu").click()
    expect(page).to_have_url(re.compile(r"/xsd/audits/\d+$"))
    audit_url = page.url
    expect(page.get_by_role("heading", name="Chấm theo đoàn: Đoàn 1")).to_be_visible()
    expect(page.locator("#item-B1 textarea")).to_be_disabled()  # the officer's items: read-only for the nurse
    for code in ("A1", "A2"):
        page.locator(f"#item-{code} label.xsd-chip").first.click()
    expect(page.locator("[data-points]")).to_have_text("10/20")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("Đã lưu phiếu kiểm tra.")
    expect(page.locator("#item-A1")).to_contain_text("Đã chấm bởi Điều dưỡng Lan")
    assert page.js_errors == [] and page.csp_errors == []

    other = login_as(user=officer, viewport=PHONE)
    other.goto(audit_url)
    expect(other.locator("#item-A1 textarea")).to_be_disabled()
    expect(other.locator("#team-progress")).to_contain_text("B1, B2")  # what is still to score, and whose
    other.locator("#item-B1 label.xsd-chip").first.click()
    other.locator("#item-B2 label.xsd-chip", has_text=re.compile(r"^4$")).click()
    other.locator("#item-B2").get_by_label(re.compile("Tồn tại / ghi chú")).fill("Biển chỉ dẫn bị mờ")
    expect(other.locator("[data-score]")).to_have_text("95,00")  # both members' points, live
    screenshot(other, "xsd-team-audit-phone")
    other.once("dialog", lambda dialog: dialog.accept())
    other.get_by_role("button", name="Lưu và nộp").click()
    expect(other.locator(".status-submitted").first).to_have_text("Đã nộp")
    expect(other.locator("[data-score]")).to_have_text("95,00")
    assert other.js_errors == [] and other.csp_errors == []
