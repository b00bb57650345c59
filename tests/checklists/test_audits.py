"""Audits through the web: a KSNK nurse on a ward, the lead who corrects, photos kept private."""
from __future__ import annotations

import io
import re
from datetime import date

import pytest
import sqlalchemy as sa

from quality_assess.checklists.models import Answer, Audit
from quality_assess.checklists.operations import photo_dir
from quality_assess.database import db
from quality_assess.history.models import ChangeLog
from tests.conftest import attach, fresh, reload, scalar, step

photo_dir = step(photo_dir)  # a step: runs in its own fresh session

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def full_marks(template, **changes) -> dict:
    """Form data giving every item its maximum, then `changes` (field name → value)."""
    data = {f"i{item.id}_points": str(item.max_points) for item in template.items}
    data.update(changes)
    return data


@step
def start_audit(client, department, template) -> Audit:
    response = client.post("/xsd/audits/new", data={"department_id": department.id, "template_id": template.id,
                                                     "audit_date": "2026-11-02"})
    assert response.status_code == 302, response.get_data(as_text=True)
    return db.session.scalars(sa.select(Audit).order_by(Audit.id.desc())).first()


def item(template, code):
    return next(i for i in template.items if i.code == code)


def test_a_ksnk_nurse_logs_an_audit_and_a_partial_score_needs_a_finding(app, client, auth, make, template):
    auth.login("ksnk")
    department = make.department("Khoa Hồi sức")
    audit = start_audit(client, department, template)
    page = client.get(f"/xsd/audits/{audit.id}").get_data(as_text=True)
    assert "Chất thải y tế được phân loại tại nguồn" in page

    s6 = item(template, "S6")
    refused = client.post(f"/xsd/audits/{audit.id}", data=full_marks(template, **{f"i{s6.id}_points": "5"}))
    assert refused.status_code == 400
    assert "Mục S6: điểm thấp hơn tối đa, hãy ghi tồn tại phát hiện được." in refused.get_data(as_text=True)
    assert scalar(app, sa.select(sa.func.count()).select_from(Answer).where(Answer.audit_id == audit.id)) == 0

    d4 = item(template, "D4")
    data = full_marks(template, **{f"i{s6.id}_points": "5", f"i{s6.id}_note": "Bơm tiêm trong thùng xanh",
                                   f"i{d4.id}_points": "na", "then": "submit"})
    response = client.post(f"/xsd/audits/{audit.id}", data=data, follow_redirects=True)
    text = response.get_data(as_text=True)
    assert "Đã nộp phiếu kiểm tra." in text
    audit = reload(app, audit)
    assert audit.status == "submitted"
    # 95 − 3 over 100 − 5 applicable, and S6 is critical.
    assert "96,84" in text and "Mục trọng yếu chưa đạt: 1" in text


def test_a_draft_cannot_be_submitted_with_items_left(client, auth, make, template):
    auth.login("ksnk")
    audit = start_audit(client, make.department(), template)
    response = client.post(f"/xsd/audits/{audit.id}/submit", follow_redirects=True)
    assert "Còn 19 mục chưa chấm" in response.get_data(as_text=True)


def test_points_above_the_maximum_are_refused(client, auth, make, template):
    auth.login("ksnk")
    audit = start_audit(client, make.department(), template)
    x1 = item(template, "X1")
    response = client.post(f"/xsd/audits/{audit.id}", data={f"i{x1.id}_points": "9"})
    assert "điểm phải là số nguyên từ 0 đến 5" in response.get_data(as_text=True)


def test_only_the_lead_changes_a_submitted_audit_and_the_change_is_recorded(app, client, auth, make, template, audit_of):
    department = make.department("Khoa Nhi")
    audit = audit_of(department, date(2026, 11, 3))
    s7 = item(template, "S7")
    change = full_marks(template, **{f"i{s7.id}_points": "3", f"i{s7.id}_note": "Hộp đựng vật sắc nhọn đầy quá ¾"})

    for role in ("dept_head", "ksnk"):
        auth.login(role, hospital=department.hospital)
        assert client.post(f"/xsd/audits/{audit.id}", data=change).status_code == 403
        auth.logout()
    with fresh(app):
        assert attach(audit).answer_for(s7.id).points == 6

    lead = auth.login("ksnk_lead", hospital=department.hospital)
    response = client.post(f"/xsd/audits/{audit.id}", data=change, follow_redirects=True)
    assert "Đã lưu phiếu kiểm tra." in response.get_data(as_text=True)
    with fresh(app):
        assert attach(audit).answer_for(s7.id).points == 3
    log = scalar(app, sa.select(ChangeLog).where(ChangeLog.entity == "xsd_audit", ChangeLog.entity_id == audit.id,
                                                        ChangeLog.field == "S7.points"))
    assert (log.user_id, log.old, log.new) == (lead.id, "6", "3")
    assert "Hộp đựng vật sắc nhọn đầy quá ¾" in client.get(f"/xsd/audits/{audit.id}").get_data(as_text=True)


def test_a_department_head_reads_but_cannot_start_an_audit(client, auth, make, template):
    auth.login("dept_head")
    assert client.get("/xsd/").status_code == 200
    assert client.post("/xsd/audits/new", data={}).status_code == 403


def _upload(client, audit, template, data: bytes, name: str):
    x1 = item(template, "X1")
    return client.post(f"/xsd/audits/{audit.id}", data={f"i{x1.id}_points": "5", f"i{x1.id}_photo": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_photos_must_be_real_images_within_the_size_limit(app, client, auth, make, template):
    auth.login("ksnk")
    audit = start_audit(client, make.department(), template)
    refused = _upload(client, audit, template, b"%PDF-1.4 not an image", "anh.jpg")
    assert "không phải ảnh JPEG, PNG hoặc WebP" in refused.get_data(as_text=True)
    app.config["PHOTO_MAX_BYTES"] = 100
    too_big = _upload(client, audit, template, JPEG + b"\x00" * 200, "anh.jpg")
    assert "ảnh vượt quá dung lượng cho phép" in too_big.get_data(as_text=True)
    assert not photo_dir().exists() or not any(photo_dir().iterdir())


@pytest.mark.parametrize("data, mime", [(PNG, "image/png"), (JPEG, "image/jpeg"), (b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 16, "image/webp")])
def test_jpeg_png_and_webp_are_recognised_by_their_bytes(app, client, auth, make, template, data, mime):
    auth.login("ksnk")
    audit = start_audit(client, make.department(), template)
    assert _upload(client, audit, template, data, "anh.bin").status_code == 302
    answer = scalar(app, sa.select(Answer).where(Answer.audit_id == audit.id))
    assert answer.photo_type == mime


def test_a_photo_is_stored_under_a_random_name_and_served_to_the_same_hospital_only(app, client, auth, make, template):
    auth.login("ksnk")
    department = make.department()
    audit = start_audit(client, department, template)
    assert _upload(client, audit, template, PNG, "../../etc/passwd.png").status_code == 302
    answer = scalar(app, sa.select(Answer).where(Answer.audit_id == audit.id))
    assert answer.photo_name.endswith(".png") and "passwd" not in answer.photo_name
    assert (photo_dir() / answer.photo_name).read_bytes() == PNG
    assert answer.photo_type == "image/png"

    assert _upload(client, audit, template, JPEG, "moi.jpg").status_code == 302  # a new photo replaces a draft's old one
    answer = reload(app, answer)
    assert answer.photo_type == "image/jpeg" and [p.name for p in photo_dir().iterdir()] == [answer.photo_name]
    response = client.get(f"/xsd/photos/{answer.id}")
    assert response.status_code == 200 and response.mimetype == "image/jpeg" and response.data == JPEG
    auth.logout()
    assert client.get(f"/xsd/photos/{answer.id}").status_code == 302  # to the login page
    auth.login("ksnk", hospital=make.hospital("Bệnh viện khác"))
    assert client.get(f"/xsd/photos/{answer.id}").status_code == 404


def test_the_history_of_a_submitted_audit_names_items_not_field_keys(app, client, auth, make, template, audit_of):
    department = make.department("Khoa Nhi")
    audit = audit_of(department, date(2026, 11, 3))
    s7 = item(template, "S7")
    auth.login("ksnk_lead", hospital=department.hospital)
    client.post(f"/xsd/audits/{audit.id}", data=full_marks(template, **{f"i{s7.id}_points": "3", f"i{s7.id}_note": "Hộp đầy quá ¾"}))
    history = client.get(f"/xsd/audits/{audit.id}").get_data(as_text=True).split("Lịch sử thay đổi")[1]
    assert "S7.points" not in history and "S7.note" not in history
    assert f"<strong>S7</strong> {s7.text} · Điểm" in history
    assert f"<strong>S7</strong> {s7.text} · Tồn tại / ghi chú" in history


def test_a_refused_submit_marks_the_items_at_fault_and_keeps_what_was_given(app, client, auth, make, template):
    auth.login("ksnk")
    audit = start_audit(client, make.department(), template)
    x1, s6, d1 = item(template, "X1"), item(template, "S6"), item(template, "D1")
    given = full_marks(template, **{f"i{s6.id}_points": "", f"i{d1.id}_points": "", f"i{x1.id}_points": "4",
                                    f"i{x1.id}_note": "Chậu cây khô", "then": "submit"})
    refused = client.post(f"/xsd/audits/{audit.id}", data=given)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "Còn 2 mục chưa chấm: S6, D1." in page
    marked = re.findall(r'<fieldset id="item-(\w+)" class="xsd-item card has-error" data-fault', page)
    assert marked == ["S6", "D1"]  # in the form's order: the page scrolls to the first (static/js/checklists.js)
    assert "Còn 2 mục chưa chấm</div>" in page  # the score box shows what was sent, not the empty draft
    assert "Chậu cây khô" in page and f'id="i{x1.id}_points-1" name="i{x1.id}_points" type="radio" value="4"' in page
    assert reload(app, audit).status == "draft"

    note_missing = client.post(f"/xsd/audits/{audit.id}", data=full_marks(template, **{f"i{s6.id}_points": "5"}))
    assert re.findall(r'<fieldset id="item-(\w+)" class="xsd-item card has-error" data-fault', note_missing.get_data(as_text=True)) == ["S6"]
