"""The plan pages: approval rights, actions and progress, my actions, exports."""
from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook
from pypdf import PdfReader

from quality_assess import clock
from quality_assess.history.models import ChangeLog
from quality_assess.plans import operations
from quality_assess.plans import summary as summaries
from quality_assess.plans.models import Action, Plan
from quality_assess.plans.reading import action_rows, plan_view
from tests.conftest import attach, fresh, reload, scalar, scalars, step, steps

ops, summary = steps(operations), steps(summaries)  # each function runs as a step in its own fresh session


@pytest.fixture
def plan(make, scored_round):
    return ops.generate_plan(scored_round, include_level_3=False, user=make.user("quality"))


@step
def entry(plan, code):
    return next(e for e in plan.entries if e.criterion.code == code)


def test_the_quality_office_generates_a_plan_and_sees_level_1_in_red(app, client, auth, scored_round):
    auth.login("quality")
    response = client.post("/plans/generate", data={"round_id": scored_round.id})
    plan = scalar(app, sa.select(Plan))
    assert response.headers["Location"].endswith(f"/plans/{plan.id}")
    html = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    assert 'level-row-1" id="e' in html and "Còn phát hiện thuộc Mức 1" in html
    assert html.index("A1.1. ") < html.index("A1.2. ")


def test_quality_cannot_approve_a_director_can_and_is_recorded(app, client, auth, plan):
    auth.login("quality")
    client.post(f"/plans/{plan.id}/status/approved")
    plan = reload(app, plan)
    assert plan.status == "draft"
    auth.logout()
    director = auth.login("director")
    client.post(f"/plans/{plan.id}/status/approved")
    plan = reload(app, plan)
    assert (plan.status, plan.approved_by_id) == ("approved", director.id) and plan.approved_at is not None
    assert "Phê duyệt bởi Người dùng director" in client.get(f"/plans/{plan.id}").get_data(as_text=True)


@pytest.mark.parametrize("path, data", [
    ("/plans/entries/{e}/target", {"target_level": 4}),
    ("/plans/entries/{e}/actions", {"text": "Sửa biển chỉ dẫn"}),
])
def test_a_director_cannot_edit_entries(client, auth, plan, path, data):
    auth.login("director")
    assert client.post(path.format(e=entry(plan, "A1.2").id), data=data).status_code == 403


def test_an_action_is_added_and_its_changes_go_to_the_audit_trail(app, client, auth, make, plan):
    dept = make.department("Khoa Khám bệnh")
    head = make.user("dept_head", department_id=dept.id)
    auth.login("quality")
    e = entry(plan, "A1.2")
    client.post(f"/plans/entries/{e.id}/actions", data={
        "text": "Bố trí thêm ghế chờ", "department_id": dept.id, "responsible_id": head.id,
        "start_date": "2026-02-01", "due_date": "2026-06-30", "status": "todo", "evidence": "https://example.invalid/anh-ghe-cho",
    })
    action = scalar(app, sa.select(Action))
    assert (action.text, action.department_id, action.due_date) == ("Bố trí thêm ghế chờ", dept.id, date(2026, 6, 30))
    auth.logout()

    auth.login(user=head)
    client.post(f"/plans/actions/{action.id}/progress", data={"status": "doing", "note": "Đã mua 20 ghế", "evidence": "Biên bản nhận hàng"})
    with fresh(app):
        action = attach(action)
        assert action.status == "doing" and action.notes[0].text == "Đã mua 20 ghế" and action.evidence == "Biên bản nhận hàng"
    fields = set(scalars(app, sa.select(ChangeLog.field).where(ChangeLog.entity == "action", ChangeLog.entity_id == action.id)))
    assert {"text", "status", "note", "evidence"} <= fields


def test_only_the_responsible_person_or_department_updates_an_action(app, client, auth, make, plan):
    mine, other = make.department("Khoa Nội"), make.department("Khoa Ngoại")
    action = ops.add_action(entry(plan, "A1.1"), ops.ActionFields(text="Khắc phục phát hiện", department_id=mine.id), user=make.user("quality"))
    auth.login("dept_head", department_id=other.id)
    client.post(f"/plans/actions/{action.id}/progress", data={"status": "done"})
    action = reload(app, action)
    assert action.status == "todo"
    auth.logout()
    auth.login("dept_head", department_id=mine.id)
    client.post(f"/plans/actions/{action.id}/progress", data={"status": "done"})
    action = reload(app, action)
    assert action.status == "done"
    plan = reload(app, plan)
    assert plan.status == "draft"  # only an approved plan moves to "đang thực hiện"


def test_my_actions_show_overdue_first(client, auth, make, plan):
    dept = make.department("Khoa Dược")
    me = make.user("assessor", department_id=dept.id)
    quality = make.user("quality")
    today = clock.today()  # the hospital's date (Asia/Ho_Chi_Minh) at the fixed clock
    for text, due, status in [("Việc sau", 20, "todo"), ("Việc đã xong", -30, "done"), ("Việc quá hạn", -3, "doing"), ("Việc sắp tới", 2, "todo")]:
        ops.add_action(entry(plan, "C3.1"), ops.ActionFields(text=text, responsible_id=me.id, due_date=today + timedelta(days=due), status=status), user=quality)
    ops.add_action(entry(plan, "A1.1"), ops.ActionFields(text="Việc của khoa", department_id=dept.id), user=quality)
    auth.login(user=me)
    html = client.get("/plans/mine").get_data(as_text=True)
    positions = [html.index(t) for t in ("Việc quá hạn", "Việc sắp tới", "Việc sau", "Việc đã xong", "Việc của khoa")]
    assert positions == sorted(positions)
    assert html.count("Quá hạn") == 1


def test_the_pdf_has_the_title_a_criterion_and_an_action(client, auth, make, plan):
    ops.add_action(entry(plan, "A1.1"), ops.ActionFields(text="Lắp biển chỉ dẫn <song ngữ> & sơ đồ"), user=make.user("quality"))
    auth.login("director")
    response = client.get(f"/plans/{plan.id}.pdf")
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "KẾ HOẠCH CẢI TIẾN CHẤT LƯỢNG NĂM 2026" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Trang 1/" in text
    assert "Người bệnh được chỉ dẫn rõ ràng" in text
    assert "Lắp biển chỉ dẫn <song ngữ> & sơ đồ" in text
    assert "GIÁM ĐỐC" in text and reader.pages[0].mediabox.width > reader.pages[0].mediabox.height


def test_the_workbook_round_trips_one_row_per_action(app, client, auth, make, plan):
    quality = make.user("quality")
    dept = make.department("Phòng Công nghệ thông tin")
    for text in ("Nâng cấp phần mềm", "Sao lưu dữ liệu hằng ngày"):
        ops.add_action(entry(plan, "C3.1"), ops.ActionFields(text=text, department_id=dept.id, due_date=date(2026, 9, 30)), user=quality)
    auth.login(user=quality)
    sheet = load_workbook(io.BytesIO(client.get(f"/plans/{plan.id}.xlsx").data)).active
    header, *rows = list(sheet.values)
    assert header[:4] == ("Phần", "Chương", "Mã tiêu chí", "Tiêu chí")
    with fresh(app):
        expected = [tuple(datetime.combine(v, datetime.min.time()) if isinstance(v, date) else (None if v == "" else v) for v in r.values())
                    for r in action_rows(plan_view(attach(plan)))]
    assert [tuple(r) for r in rows] == expected
    assert [r[7] for r in rows if r[2] == "C3.1"] == ["Nâng cấp phần mềm", "Sao lưu dữ liệu hằng ngày"]


def test_targets_are_saved_and_shown_beside_actual_figures(client, auth, plan):
    auth.login("quality")
    client.post("/plans/targets/2026", data={"mean_min": "3.5", "mean_max": "3.7", "no_level_1": "y", "xsd_target": "85", "criteria": "A1.2 = 4"})
    assert summary.targets(plan.hospital_id, 2026) == {"mean_min": 3.5, "mean_max": 3.7, "no_level_1": True, "xsd_target": 85.0, "criteria": {"A1.2": 4}}
    html = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    assert "3,50 – 3,70" in html and "≥ 85" in html


def test_the_targets_form_keeps_what_was_typed_when_a_line_is_refused(client, auth, plan):
    auth.login("quality")
    typed = {"mean_min": "3.5", "mean_max": "3.9", "no_level_1": "y", "xsd_target": "88", "criteria": "A1.2 = 4\nA1.3 = sáu"}
    response = client.post("/plans/targets/2026", data=typed)
    html = response.get_data(as_text=True)
    assert response.status_code == 400  # a ValidationError, answered on the page itself rather than by a redirect
    assert "Dòng 2 “A1.3 = sáu”" in html
    assert 'value="3.5"' in html and 'value="3.9"' in html and 'value="88"' in html and "A1.2 = 4\nA1.3 = sáu</textarea>" in html
    assert summary.targets(plan.hospital_id, 2026) is None  # nothing saved
    typed["criteria"] = "A1.2 = 4\nA1.3 = 5"
    client.post("/plans/targets/2026", data=typed)
    assert summary.targets(plan.hospital_id, 2026)["criteria"] == {"A1.2": 4, "A1.3": 5}


def test_an_action_edit_refused_keeps_what_was_typed(app, client, auth, plan):
    quality = auth.login("quality")
    action = ops.add_action(entry(plan, "A1.1"), ops.ActionFields(text="Rà soát quy trình"), user=quality)
    response = client.post(f"/plans/actions/{action.id}", data={"text": "Rà soát và ban hành quy trình mới", "status": "todo",
                                                                "start_date": "2026-05-01", "due_date": "2026-04-01"})
    html = response.get_data(as_text=True)
    assert "Ngày bắt đầu phải trước hạn hoàn thành." in html and "Rà soát và ban hành quy trình mới" in html
    assert reload(app, action).text == "Rà soát quy trình"


def test_a_director_cannot_set_targets(client, auth, plan):
    auth.login("director")
    assert client.post("/plans/targets/2026", data={"mean_min": "3.5"}).status_code == 403


def test_summaries_for_other_domains(make, plan, scored_round):
    quality, person = make.user("quality"), make.user("assessor")
    ops.add_action(entry(plan, "A1.2"), ops.ActionFields(text="Một", status="done"), user=quality)
    ops.add_action(entry(plan, "A1.2"), ops.ActionFields(text="Hai", responsible_id=person.id, due_date=date(2020, 1, 1)), user=quality)
    statuses = summary.plan_status_by_criterion(scored_round.id)
    assert statuses["A1.2"] == "1/2 hành động hoàn thành" and statuses["A1.1"] == "Chưa có hành động"
    due = summary.actions_due(plan.hospital_id, date(2020, 12, 31))
    assert [(d["text"], d["username"], d["overdue"], d["criterion"]) for d in due] == [("Hai", person.username, True, "A1.2")]


@pytest.mark.parametrize("role", ["quality", "director", "assessor", "dept_head", "ksnk", "admin"])
def test_every_hospital_role_reads_the_plan_pages(client, auth, plan, role):
    auth.login(role)
    for path in ("/plans/", f"/plans/{plan.id}", "/plans/mine", "/plans/targets/2026"):
        assert client.get(path).status_code == 200, path


def test_another_hospitals_plan_is_not_found(client, auth, make, plan):
    auth.login("quality", hospital=make.hospital())
    assert client.get(f"/plans/{plan.id}").status_code == 404
    assert client.get(f"/plans/{plan.id}.pdf").status_code == 404


def test_editing_an_action_checks_the_dates(app, client, auth, make, plan):
    quality = auth.login("quality")
    action = ops.add_action(entry(plan, "A1.1"), ops.ActionFields(text="Rà soát quy trình"), user=quality)
    response = client.post(f"/plans/actions/{action.id}", data={"text": "Rà soát quy trình", "status": "todo",
                                                                "start_date": "2026-05-01", "due_date": "2026-04-01"}, follow_redirects=True)
    assert "Ngày bắt đầu phải trước hạn hoàn thành." in response.get_data(as_text=True)
    client.post(f"/plans/actions/{action.id}", data={"text": "Rà soát và ban hành quy trình", "status": "doing", "due_date": "2026-04-01"})
    action = reload(app, action)
    assert (action.text, action.status, action.due_date) == ("Rà soát và ban hành quy trình", "doing", date(2026, 4, 1))


def test_xanh_sach_dep_follow_ups_appear_in_the_plan_and_its_pdf(client, auth, plan, monkeypatch):
    from quality_assess.checklists import summary as xsd

    follow_up = {"id": 1, "text": "Thay thùng rác có nắp đạp", "department": "Khoa Nội", "due_date": date(2026, 1, 15),
                 "status": "open", "status_label": "Chưa xử lý", "overdue": True, "audit_id": 7}
    monkeypatch.setattr(xsd, "follow_ups", lambda hospital_id, year=None: [follow_up])
    auth.login("quality")
    html = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    assert "Thay thùng rác có nắp đạp" in html and "15/01/2026" in html and "Chưa xử lý" in html
    reader = PdfReader(io.BytesIO(client.get(f"/plans/{plan.id}.pdf").data))
    assert "Thay thùng rác có nắp đạp" in " ".join(page.extract_text() for page in reader.pages)
    book = load_workbook(io.BytesIO(client.get(f"/plans/{plan.id}.xlsx").data))
    assert [c.value for c in book.worksheets[1][2]][::3] == ["Thay thùng rác có nắp đạp", "Chưa xử lý"]


def test_an_approved_plan_goes_in_progress_with_its_first_update(app, make, plan):
    quality = make.user("quality")
    action = ops.add_action(entry(plan, "A1.1"), ops.ActionFields(text="Khắc phục phát hiện", responsible_id=quality.id), user=quality)
    ops.set_plan_status(plan, "approved", user=make.user("director"))
    ops.update_progress(action, status="doing", note="Đã họp khoa", evidence=None, on=date(2026, 2, 3), user=quality)
    with fresh(app):
        assert attach(plan).status == "in_progress" and attach(action).notes[0].on == date(2026, 2, 3)
    statuses = list(scalars(app, sa.select(ChangeLog.new).where(ChangeLog.entity == "plan", ChangeLog.field == "status").order_by(ChangeLog.id)))
    assert statuses == ["approved", "in_progress"]


def test_every_post_form_on_the_plan_pages_carries_a_csrf_token(app, client, auth, make, plan):
    quality = auth.login("quality")
    ops.add_action(entry(plan, "A1.1"), ops.ActionFields(text="Khắc phục phát hiện", responsible_id=quality.id), user=quality)
    app.config["WTF_CSRF_ENABLED"] = True
    for path in (f"/plans/{plan.id}", "/plans/mine", "/plans/", "/plans/targets/2026"):
        html = client.get(path).get_data(as_text=True)
        forms = html.split('method="post"')[1:]
        assert forms and all('name="csrf_token"' in f.split("</form>")[0] for f in forms), path


def test_each_criterion_of_the_plan_page_has_its_own_whole_add_action_form_and_no_id_repeats(client, auth, make, plan):
    """The blank add-action form is rendered once and repeated under every criterion: each copy must be a whole
    form a department can be chosen in, and no element id may appear twice on the page."""
    from collections import Counter
    from html.parser import HTMLParser

    make.department("Phòng Điều dưỡng")

    class Forms(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.ids: Counter[str] = Counter()
            self.adding: list[dict[str, list[str]]] = []

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if "id" in a:
                self.ids[a["id"]] += 1
            if tag == "form" and (a.get("action") or "").endswith("/actions"):
                self.adding.append({})
            elif self.adding and tag in ("select", "textarea", "input") and a.get("name"):
                self.adding[-1].setdefault(a["name"], []).append(a.get("type") or tag)

    auth.login("quality")
    forms = Forms()
    forms.feed(client.get(f"/plans/{plan.id}").get_data(as_text=True))
    assert len(forms.adding) == 3  # A1.1, A1.2 and C3.1 (Mức 1–2)
    for fields in forms.adding:
        assert set(fields) >= {"csrf_token", "text", "department_id", "responsible_id", "start_date", "due_date", "status", "evidence"}
    assert [i for i, n in forms.ids.items() if n > 1] == []
