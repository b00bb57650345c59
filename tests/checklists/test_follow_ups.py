"""Follow-up actions of Xanh – Sạch – Đẹp: raised by infection control from unmet items, owned by a
department and a person, reported on by the department head with a note and a photo, flagged overdue."""
from __future__ import annotations

import io
import re
from datetime import date

import sqlalchemy as sa

from quality_assess.checklists.models import FollowUp, FollowUpUpdate
from quality_assess.checklists.operations import photo_dir
from quality_assess.history.models import ChangeLog
from tests.conftest import attach, count_rows, fresh, reload, scalar, scalars, step

photo_dir = step(photo_dir)  # a step: runs in its own fresh session

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def item(template, code):
    return next(i for i in template.items if i.code == code)


def selected(page: str, name: str) -> str | None:
    """The value of the option selected in the <select name=…> of the follow-up form."""
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    found = re.search(r'<option selected value="([^"]*)"|<option value="([^"]*)" selected', select)
    return found and (found.group(1) or found.group(2))


def test_a_refused_follow_up_keeps_what_was_typed_and_is_saved_under_the_chosen_item(app, client, auth, make, template, audit_of):
    """The bug of issue #14: after a validation error the form fell back to its first item, and the
    action typed again was saved under that item instead of the one the nurse had chosen."""
    department = make.department("Khoa Ngoại")
    audit = audit_of(department, date(2026, 11, 10), lost={"X1": 2, "S6": 3, "D2": 5})
    auth.login("ksnk", hospital=department.hospital)
    d2 = item(template, "D2")
    chosen = {"item_id": d2.id, "department_id": department.id, "due_date": "2026-12-15", "text": ""}

    refused = client.post(f"/xsd/audits/{audit.id}/follow-ups", data=chosen)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "Hành động khắc phục: Trường này là bắt buộc." in page
    assert selected(page, "item_id") == str(d2.id)  # not X1, the first unmet item
    assert 'value="2026-12-15"' in page
    assert count_rows(app, FollowUp) == 0

    response = client.post(f"/xsd/audits/{audit.id}/follow-ups", data={**chosen, "text": "Thay biển chỉ dẫn bị rách"}, follow_redirects=True)
    assert "Đã tạo hành động khắc phục." in response.get_data(as_text=True)
    saved = scalar(app, sa.select(FollowUp))
    assert (saved.item_id, saved.text, saved.due_date) == (d2.id, "Thay biển chỉ dẫn bị rách", date(2026, 12, 15))


def test_a_refused_operation_keeps_the_typed_action_too(app, client, auth, make, template, audit_of):
    department = make.department("Khoa Nhi")
    audit = audit_of(department, date(2026, 11, 10), lost={"X1": 2, "S6": 3})
    auth.login("ksnk", hospital=department.hospital)
    s6 = item(template, "S6")
    refused = client.post(f"/xsd/audits/{audit.id}/follow-ups", data={
        "item_id": s6.id, "department_id": department.id, "due_date": "2026-11-01", "text": "Tập huấn phân loại chất thải"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "Hạn hoàn thành không được trước ngày kiểm tra." in page
    assert selected(page, "item_id") == str(s6.id) and "Tập huấn phân loại chất thải" in page
    assert count_rows(app, FollowUp) == 0


def test_an_action_has_an_owner_a_due_date_and_an_overdue_flag_by_the_hospitals_date(app, client, auth, make, template, audit_of):
    hospital = make.default_hospital()
    ward, pharmacy = make.department("Khoa Nội", hospital), make.department("Khoa Dược", hospital)
    head = make.user("dept_head", hospital=hospital, department_id=ward.id, full_name="Trần Văn Bình")
    audit = audit_of(ward, date(2026, 11, 5), lost={"S6": 3, "D2": 5})
    auth.login("ksnk", hospital=hospital)

    proposed = client.get(f"/xsd/audits/{audit.id}").get_data(as_text=True)
    assert selected(proposed, "item_id") == str(item(template, "S6").id)  # the first unmet item …
    assert selected(proposed, "department_id") == str(ward.id)   # the audited department …
    assert selected(proposed, "owner_id") == str(head.id)        # … and its head, proposed
    for code, due, owner, department in (("S6", "2026-11-30", head.id, ward.id), ("D2", "2026-12-01", 0, pharmacy.id)):
        response = client.post(f"/xsd/audits/{audit.id}/follow-ups", data={
            "item_id": item(template, code).id, "text": f"Khắc phục mục {code}", "due_date": due,
            "department_id": department, "owner_id": owner})
        assert response.status_code == 302, response.get_data(as_text=True)

    # The tests' clock: 1 December 2026 in Viet Nam; due yesterday is overdue, due today is not.
    listing = client.get("/xsd/follow-ups").get_data(as_text=True)
    s6_card = listing.split("Khắc phục mục S6")[1].split("</article>")[0]
    d2_card = listing.split("Khắc phục mục D2")[1].split("</article>")[0]
    assert "Khoa Nội · Trần Văn Bình" in s6_card and "quá hạn" in s6_card
    assert "Khoa Dược" in d2_card and "quá hạn" not in d2_card
    assert "1 hành động đã quá hạn." in listing
    on_audit = client.get(f"/xsd/audits/{audit.id}").get_data(as_text=True).split('id="follow-ups"')[1].split("</section>")[0]
    assert "Khắc phục mục S6" in on_audit and "quá hạn" in on_audit
    trail = scalars(app, sa.select(ChangeLog.field).where(ChangeLog.entity == "xsd_follow_up"))
    assert {"text", "item", "department", "owner", "due_date"} <= set(trail)


def test_an_owner_of_another_hospital_is_refused(app, client, auth, make, template, audit_of):
    department = make.department("Khoa Nội")
    stranger = make.user("dept_head", hospital=make.hospital())
    audit = audit_of(department, date(2026, 11, 5), lost={"S6": 3})
    auth.login("ksnk", hospital=department.hospital)
    response = client.post(f"/xsd/audits/{audit.id}/follow-ups", data={
        "item_id": item(template, "S6").id, "text": "Khắc phục", "due_date": "2026-12-10",
        "department_id": department.id, "owner_id": stranger.id})
    assert response.status_code == 400  # not a choice of this hospital
    assert count_rows(app, FollowUp) == 0


def _follow_up(app, audit_of, department, template):
    audit = audit_of(department, date(2026, 11, 5), lost={"S6": 3})
    from quality_assess.checklists.operations import create_follow_up

    with fresh(app) as session:
        follow_up = create_follow_up(attach(audit), item(template, "S6").id, text="Lắp thêm thùng rác có nắp",
                                     due_date=date(2026, 11, 20), user=attach(audit_of.auditor))
        session.commit()
        return follow_up


def test_the_department_head_reports_progress_with_a_note_and_a_photo(app, client, auth, make, template, audit_of):
    hospital = make.default_hospital()
    ward = make.department("Khoa Nội", hospital)
    follow_up = _follow_up(app, audit_of, ward, template)
    head = auth.login("dept_head", hospital=hospital, department_id=ward.id)

    listing = client.get("/xsd/follow-ups").get_data(as_text=True)
    assert "Cập nhật tiến độ" in listing.split("Lắp thêm thùng rác có nắp")[1]
    response = client.post(f"/xsd/follow-ups/{follow_up.id}/status", content_type="multipart/form-data", data={
        "status": "in_progress", "note": "Đã đặt mua 4 thùng đạp chân", "photo": (io.BytesIO(PNG), "thung.png")})
    assert response.status_code == 302
    assert reload(app, follow_up).status == "in_progress"
    update = scalar(app, sa.select(FollowUpUpdate))
    assert (update.note, update.created_by_id, update.photo_type) == ("Đã đặt mua 4 thùng đạp chân", head.id, "image/png")
    assert update.photo_name != "thung.png" and (photo_dir() / update.photo_name).read_bytes() == PNG

    page = client.get("/xsd/follow-ups").get_data(as_text=True)
    assert "Đã đặt mua 4 thùng đạp chân" in page and f"/xsd/follow-ups/photos/{update.id}" in page
    photo = client.get(f"/xsd/follow-ups/photos/{update.id}")
    assert photo.status_code == 200 and photo.mimetype == "image/png" and photo.headers["Cache-Control"] == "private, no-store"
    auth.logout()
    auth.login("admin", hospital=make.hospital())
    assert client.get(f"/xsd/follow-ups/photos/{update.id}").status_code == 404


def test_a_refused_report_keeps_the_note_and_stores_no_file(app, client, auth, make, template, audit_of):
    hospital = make.default_hospital()
    ward = make.department("Khoa Nội", hospital)
    follow_up = _follow_up(app, audit_of, ward, template)
    auth.login("dept_head", hospital=hospital, department_id=ward.id)
    refused = client.post(f"/xsd/follow-ups/{follow_up.id}/status", content_type="multipart/form-data", data={
        "status": "done", "note": "Đã lắp xong", "photo": (io.BytesIO(b"%PDF-1.4 not an image"), "anh.jpg")})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "Tệp đính kèm không phải ảnh JPEG, PNG hoặc WebP." in page
    assert ">Đã lắp xong</textarea>" in page and '<option value="done" selected>' in page
    assert reload(app, follow_up).status == "not_started" and count_rows(app, FollowUpUpdate) == 0
    assert not photo_dir().exists() or not any(photo_dir().iterdir())


def test_only_the_head_of_the_owning_department_or_infection_control_reports(app, client, auth, make, template, audit_of):
    hospital = make.default_hospital()
    ward, other = make.department("Khoa Nội", hospital), make.department("Khoa Ngoại", hospital)
    follow_up = _follow_up(app, audit_of, ward, template)
    report = {"status": "done", "note": "Xong"}
    for role, fields in (("dept_head", {"department_id": other.id}), ("director", {}), ("quality", {})):
        auth.login(role, hospital=hospital, **fields)
        assert "Cập nhật tiến độ" not in client.get("/xsd/follow-ups").get_data(as_text=True)
        assert client.post(f"/xsd/follow-ups/{follow_up.id}/status", data=report).status_code == 403
        auth.logout()
    assert reload(app, follow_up).status == "not_started"
    auth.login("ksnk", hospital=hospital)
    assert client.post(f"/xsd/follow-ups/{follow_up.id}/status", data={"status": "done"}).status_code == 302
    assert reload(app, follow_up).status == "done"
