"""Dates in the hospital's time (issue #12).

Every test runs at the fixed clock of tests/conftest.py: 30/11/2026 20:30 UTC, which in Viet Nam
(Asia/Ho_Chi_Minh, UTC+7) is already 01/12/2026 03:30. A date taken from the UTC clock is a day (and
here a month) early; the hospital sees, prints and gets as a default its own date. Times are stored
in UTC. A hospital may set its own zone; the installation's is `TIMEZONE`.
"""
from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook
from pypdf import PdfReader

from quality_assess import clock, create_app
from quality_assess.assessments.models import Result
from quality_assess.assessments.operations import Answer, save_result
from quality_assess.catalog.models import Criterion
from quality_assess.checklists.loader import latest_template
from quality_assess.checklists.models import Audit
from quality_assess.checklists.operations import create_audit, create_follow_up
from quality_assess.database import db
from quality_assess.org.models import Hospital
from quality_assess.plans.operations import ActionFields, add_action, generate_plan
from tests.conftest import FIXED_NOW, attach, fresh, reload, scalar, step

VN_TODAY = date(2026, 12, 1)   # FIXED_NOW in Asia/Ho_Chi_Minh
UTC_TODAY = date(2026, 11, 30)  # what the server's own calendar says


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@step
def template():
    found = latest_template("xsd-khoa-phong", None)
    found.items  # loaded: readable after the step
    return found


@step
def low_plan(round_, user):
    """A1.1 answered at Mức 1, so the plan generated from the round has an entry to hang actions on."""
    result = db.session.scalar(sa.select(Result).join(Criterion).where(Result.round_id == round_.id, Criterion.code == "A1.1"))
    save_result(result, Answer(finding=True, met={2: True, 3: False}), user=None)
    return generate_plan(round_, include_level_3=False, user=user)


@step
def action_due(plan, due: date, text: str, responsible):
    [entry] = [e for e in plan.entries if e.criterion.code == "A1.1"]
    return add_action(entry, ActionFields(text=text, responsible_id=responsible.id, due_date=due), user=responsible)


def lock_through_the_web(client, round_) -> None:
    client.post(f"/rounds/{round_.id}/status/submitted", data={"override_reason": "Hạn nộp của Sở"})
    client.post(f"/rounds/{round_.id}/status/locked")


# ---------------------------------------------------------------- the clock

def test_the_clock_reads_utc_and_today_is_the_vietnamese_date():
    assert clock.now() == FIXED_NOW and clock.now().tzinfo is not None
    assert clock.utcnow() == datetime(2026, 11, 30, 20, 30)  # stored: naive UTC
    assert clock.today() == VN_TODAY
    assert clock.local(datetime(2026, 11, 30, 20, 30)).strftime("%d/%m/%Y %H:%M") == "01/12/2026 03:30"
    # an aware value (PostgreSQL could hand one back) is the same instant as the naive UTC one
    assert clock.local(datetime(2026, 12, 1, 3, 30, tzinfo=clock.zone())) == clock.local(datetime(2026, 11, 30, 20, 30))


def test_a_hospital_of_its_own_zone_has_its_own_today():
    class Abroad:
        timezone = "America/New_York"

    assert clock.today(Abroad()) == UTC_TODAY
    assert clock.iso(datetime(2026, 11, 30, 20, 30), Abroad()) == "2026-11-30T15:30:00-05:00"


# ---------------------------------------------------------------- defaults and checks that use today

def test_the_default_audit_date_is_the_hospitals_date_and_today_is_not_the_future(app, client, auth, make):
    auth.login("ksnk")
    department = make.department("Khoa Hồi sức")
    page = client.get("/xsd/").get_data(as_text=True)
    assert f'value="{VN_TODAY.isoformat()}"' in page and UTC_TODAY.isoformat() not in page

    checklist = template()
    data = {"department_id": department.id, "template_id": checklist.id}
    assert client.post("/xsd/audits/new", data={**data, "audit_date": "2026-12-01"}).status_code == 302
    refused = client.post("/xsd/audits/new", data={**data, "audit_date": "2026-12-02"}, follow_redirects=True)
    assert "Ngày kiểm tra không được sau hôm nay." in refused.get_data(as_text=True)
    assert [a.audit_date for a in [scalar(app, sa.select(Audit))]] == [VN_TODAY]


def test_overdue_plan_actions_follow_the_hospitals_date(client, auth, make):
    quality = auth.login("quality")
    plan = low_plan(make.round(), quality)
    action_due(plan, UTC_TODAY, "Việc hạn hôm qua", quality)
    action_due(plan, VN_TODAY, "Việc hạn hôm nay", quality)
    for page in (client.get("/plans/mine"), client.get(f"/plans/{plan.id}")):
        heads = {text: page.get_data(as_text=True).split(text)[1].split("</div>")[0] for text in ("Việc hạn hôm qua", "Việc hạn hôm nay")}
        assert "Quá hạn" in heads["Việc hạn hôm qua"] and "Quá hạn" not in heads["Việc hạn hôm nay"]


def test_overdue_follow_ups_follow_the_hospitals_date(app, client, auth, make):
    nurse = auth.login("ksnk")
    department = make.department("Khoa Nội")
    with fresh(app) as session:
        audit = create_audit(hospital_id=department.hospital_id, department=attach(department), template=attach(template()),
                             audit_date=date(2026, 11, 20), user=attach(nurse))
        create_follow_up(audit, None, text="Dán nhãn thùng rác", due_date=UTC_TODAY, user=attach(nurse))
        create_follow_up(audit, None, text="Bổ sung xà phòng", due_date=VN_TODAY, user=attach(nurse))
        session.commit()
    page = client.get("/xsd/follow-ups").get_data(as_text=True)
    rows = {text: page.split(text)[1].split("</article>")[0] for text in ("Dán nhãn thùng rác", "Bổ sung xà phòng")}
    assert "quá hạn" in rows["Dán nhãn thùng rác"] and "quá hạn" not in rows["Bổ sung xà phòng"]


@pytest.fixture
def reminded(app, make):
    """Two plan actions of one person: due 30/11 (yesterday in Viet Nam) and 01/12 (today there)."""
    quality = make.user("quality", full_name="Nguyễn Thị Lan")
    plan = low_plan(make.round(), quality)
    action_due(plan, UTC_TODAY, "Treo bảng nội quy", quality)
    action_due(plan, VN_TODAY, "Họp hội đồng", quality)
    return plan


def test_reminders_without_a_date_use_the_hospitals_today(runner, reminded):
    result = runner.invoke(args=["reminders", "--days", "0"])
    assert result.exit_code == 0, result.output
    assert "Nhắc việc ngày 01/12/2026" in result.output
    assert "[QUÁ HẠN 30/11/2026] Hành động cải tiến: Treo bảng nội quy" in result.output
    assert "[sắp đến hạn 01/12/2026] Hành động cải tiến: Họp hội đồng" in result.output


def test_reminders_of_a_hospital_in_another_zone_use_its_own_date(app, runner, reminded):
    with fresh(app) as session:
        session.get(Hospital, reminded.hospital_id).timezone = "America/New_York"  # still 30/11 there
        session.commit()
    result = runner.invoke(args=["reminders", "--days", "0"])
    assert "[sắp đến hạn 30/11/2026] Hành động cải tiến: Treo bảng nội quy" in result.output
    assert "Họp hội đồng" not in result.output  # due tomorrow there, beyond --days 0


def test_on_new_years_night_the_dashboard_opens_on_the_new_year(client, auth, fixed_clock):
    fixed_clock.set(datetime(2026, 12, 31, 20, 30, tzinfo=UTC))  # 01/01/2027 03:30 in Viet Nam
    auth.login("ksnk_lead")
    assert "Tổng hợp Xanh – Sạch – Đẹp năm 2027" in client.get("/xsd/dashboard").get_data(as_text=True)


# ---------------------------------------------------------------- times stamped, shown and printed

def test_a_lock_is_stored_in_utc_and_shown_in_vietnamese_time_on_the_page_and_in_the_api(app, client, auth, make):
    manager = auth.login("quality")
    round_ = make.round()
    lock_through_the_web(client, round_)
    stored = reload(app, round_)
    assert stored.status == "locked" and stored.locked_at == datetime(2026, 11, 30, 20, 30)  # naive UTC on both databases
    assert "Khóa lúc 01/12/2026 03:30" in client.get(f"/rounds/{round_.id}").get_data(as_text=True)
    assert "01/12/2026 03:30" in client.get(f"/rounds/{round_.id}/result").get_data(as_text=True)

    listed = client.get("/api/v1/rounds", headers={"Authorization": f"Bearer {make.token(manager)}"}).get_json()
    [shown] = [r for r in listed["rounds"] if r["id"] == round_.id]
    assert shown["locked_at"] == "2026-12-01T03:30:00+07:00"
    assert datetime.fromisoformat(shown["locked_at"]) == FIXED_NOW


def test_the_round_report_pdf_is_dated_in_the_hospitals_time(client, auth, make):
    auth.login("quality")
    round_ = make.round()
    text = pdf_text(client.get(f"/reports/rounds/{round_.id}/report.pdf").data)
    assert "ngày 1 tháng 12 năm 2026" in text and "30/11/2026" not in text


def test_the_plan_pdf_says_ngay_thang_nam_and_the_approval_in_the_hospitals_time(app, client, auth, make):
    quality = make.user("quality")
    plan = low_plan(make.round(), quality)
    auth.login("director", full_name="Trần Văn Bình")
    client.post(f"/plans/{plan.id}/status/approved")
    assert reload(app, plan).approved_at == datetime(2026, 11, 30, 20, 30)
    assert "Phê duyệt bởi Trần Văn Bình lúc 01/12/2026 03:30" in client.get(f"/plans/{plan.id}").get_data(as_text=True)
    text = pdf_text(client.get(f"/plans/{plan.id}.pdf").data)
    assert "ngày 1 tháng 12 năm 2026" in text
    assert "phê duyệt bởi Trần Văn Bình ngày 01/12/2026" in text
    assert "tháng 11" not in text


def test_the_plan_workbook_keeps_the_due_dates_as_entered(client, auth, make):
    quality = auth.login("quality")
    plan = low_plan(make.round(), quality)
    action_due(plan, VN_TODAY, "Họp hội đồng", quality)
    sheet = load_workbook(io.BytesIO(client.get(f"/plans/{plan.id}.xlsx").data)).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert datetime(2026, 12, 1) in cells and datetime(2026, 11, 30) not in cells


def test_the_trail_and_its_workbook_show_vietnamese_time(client, auth, make):
    auth.login("quality")
    round_ = make.round()  # its creation is the trail's first row, stamped at the fixed clock
    assert "01/12/2026 03:30" in client.get(f"/workflow/rounds/{round_.id}/history").get_data(as_text=True)
    sheet = load_workbook(io.BytesIO(client.get(f"/workflow/rounds/{round_.id}/history?format=xlsx").data)).active
    assert [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)] == ["01/12/2026 03:30"]


# ---------------------------------------------------------------- the hospital's own zone

def test_the_quality_office_sets_the_hospitals_zone_and_dates_follow_it(app, client, auth, make):
    user = auth.login("quality")
    round_ = make.round()
    assert 'placeholder="Asia/Ho_Chi_Minh"' in client.get("/hospital/").get_data(as_text=True)  # empty: the installation's zone
    response = client.post("/hospital/", data={"name": "Bệnh viện Đa khoa tỉnh", "xsd_target": "85", "timezone": "America/New_York"})
    assert response.status_code == 302
    assert reload(app, user.hospital).timezone == "America/New_York"
    assert 'value="America/New_York"' in client.get("/hospital/").get_data(as_text=True)

    lock_through_the_web(client, round_)
    assert "Khóa lúc 30/11/2026 15:30" in client.get(f"/rounds/{round_.id}").get_data(as_text=True)
    auth.logout()
    auth.login("ksnk", hospital=user.hospital)
    assert f'value="{UTC_TODAY.isoformat()}"' in client.get("/xsd/").get_data(as_text=True)


def test_an_empty_zone_goes_back_to_the_installations(app, client, auth):
    user = auth.login("quality")
    client.post("/hospital/", data={"name": "Bệnh viện A", "xsd_target": "85", "timezone": "Asia/Tokyo"})
    client.post("/hospital/", data={"name": "Bệnh viện A", "xsd_target": "85", "timezone": ""})
    assert reload(app, user.hospital).timezone is None


def test_a_zone_that_does_not_exist_is_refused_in_vietnamese(app, client, auth):
    user = auth.login("quality")
    response = client.post("/hospital/", data={"name": "Bệnh viện A", "xsd_target": "85", "timezone": "Gio/Viet_Nam"})
    assert "Múi giờ “Gio/Viet_Nam” không hợp lệ: hãy nhập tên múi giờ IANA, ví dụ Asia/Ho_Chi_Minh." in response.get_data(as_text=True)
    hospital = reload(app, user.hospital)
    assert hospital.timezone is None and hospital.name != "Bệnh viện A"  # nothing of the refused form was saved


# ---------------------------------------------------------------- the installation's zone

def test_the_installation_zone_is_checked_at_start_up(tmp_path, monkeypatch):
    monkeypatch.setenv("TIMEZONE", "Asia/Ha_Noi")  # not an IANA zone: Viet Nam is Asia/Ho_Chi_Minh
    with pytest.raises(RuntimeError, match="TIMEZONE='Asia/Ha_Noi' is not an IANA time zone"):
        create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite'}", "SECRET_KEY": "test"})


def test_the_installation_zone_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("TIMEZONE", "UTC")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite'}", "SECRET_KEY": "test"})
    assert app.config["TIMEZONE"] == "UTC" and app.config["BABEL_DEFAULT_TIMEZONE"] == "UTC"
    with app.app_context():
        assert clock.today() == UTC_TODAY
        assert clock.today(Hospital(name="x", timezone="Asia/Ho_Chi_Minh")) == VN_TODAY  # the hospital's own wins


def test_the_default_installation_zone_is_viet_nams(app):
    assert app.config["TIMEZONE"] == "Asia/Ho_Chi_Minh"


def test_only_the_clock_reads_the_time():
    """A `date.today()` or `datetime.now()` anywhere else is the server's calendar, not the hospital's."""
    package = Path(clock.__file__).parent
    readers = re.compile(r"\b(?:date\.today|datetime\.(?:now|utcnow|today))\(")
    found = [f"{path.relative_to(package)}:{n}" for path in sorted(package.rglob("*.py")) if path.name != "clock.py"
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if readers.search(line)]
    assert found == []
