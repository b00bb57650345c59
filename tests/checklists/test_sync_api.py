"""The sync API a phone uses to send audits kept offline: sent twice, made once; a change based on an old
version is a conflict that names the current one; a photo stored once; every refusal names its field."""
from __future__ import annotations

import html
import io
import json
import re
import uuid
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from quality_assess.checklists.models import Answer, Audit
from quality_assess.database import db
from quality_assess.history.models import ChangeLog
from tests.conftest import fresh, scalar, scalars

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
API = "/api/v1/xsd/audits"


def full_answers(template, **changes) -> dict:
    answers = {str(item.id): {"choice": str(item.max_points)} for item in template.items}
    answers.update(changes)
    return answers


def new_audit(department, template, **fields) -> dict:
    return {"client_id": str(uuid.uuid4()), "department_id": department.id, "template_id": template.id,
            "audit_date": "2026-11-20", **fields}


def test_an_audit_started_offline_is_created_once_however_often_the_phone_sends_it(app, client, auth, make, template):
    auth.login("ksnk")
    ward = make.department("Khoa Nội tổng hợp")
    body = new_audit(ward, template, answers=full_answers(template), submit=True)

    first = client.post(API, json=body)
    assert first.status_code == 201, first.get_json()
    again = client.post(API, json=body)  # the answer was lost on the way: the phone sends it again
    assert again.status_code == 200
    assert again.get_json()["id"] == first.get_json()["id"]
    assert first.get_json()["status"] == "submitted" and first.get_json()["score"] == 100

    audits = scalars(app, sa.select(Audit).where(Audit.department_id == ward.id))
    assert [(a.client_id, a.status) for a in audits] == [(body["client_id"], "submitted")]


def test_a_change_based_on_an_old_version_is_a_conflict_with_the_current_audit_and_nothing_is_overwritten(app, client, auth, make, template):
    auth.login("ksnk")
    ward = make.department("Khoa Ngoại")
    created = client.post(API, json=new_audit(ward, template, answers=full_answers(template))).get_json()
    first = template.items[0]

    # Meanwhile on another device the audit was changed (a lower score with a finding).
    other = client.put(f"{API}/{created['id']}", json={"base_version": created["version"], "answers": {
        str(first.id): {"choice": str(first.max_points - 1), "note": "Sàn hành lang còn ướt"}}})
    assert other.status_code == 200
    assert other.get_json()["version"] == created["version"] + 1

    stale = client.put(f"{API}/{created['id']}", json={"base_version": created["version"], "answers": {
        str(first.id): {"choice": "na"}}})
    assert stale.status_code == 409
    refusal = stale.get_json()
    assert refusal["field"] == "base_version"
    assert "người khác thay đổi" in refusal["error"]
    assert refusal["current"]["version"] == created["version"] + 1
    assert refusal["current"]["answers"][str(first.id)] == {"choice": str(first.max_points - 1), "note": "Sàn hành lang còn ướt", "photo": False}
    with fresh(app):
        answer = db.session.scalar(sa.select(Answer).where(Answer.audit_id == created["id"], Answer.item_id == first.id))
        assert answer.choice == str(first.max_points - 1)  # not overwritten

    # The user keeps theirs, knowingly: the change now names the version it overrides.
    kept = client.put(f"{API}/{created['id']}", json={"base_version": refusal["current"]["version"], "answers": {str(first.id): {"choice": "na"}}})
    assert kept.status_code == 200
    with fresh(app):
        answer = db.session.scalar(sa.select(Answer).where(Answer.audit_id == created["id"], Answer.item_id == first.id))
        assert answer.not_applicable


def test_a_save_on_the_audit_page_moves_the_version_so_a_phone_based_on_the_old_one_sees_a_conflict(app, client, auth, make, template):
    auth.login("ksnk")
    ward = make.department("Khoa Sản")
    created = client.post(API, json=new_audit(ward, template, answers=full_answers(template))).get_json()
    first = template.items[0]
    form = {f"i{item.id}_points": str(item.max_points) for item in template.items}
    form[f"i{first.id}_points"], form[f"i{first.id}_note"] = str(first.max_points - 1), "Thiếu nhãn thùng rác"
    assert client.post(f"/xsd/audits/{created['id']}", data=form).status_code == 302

    stale = client.put(f"{API}/{created['id']}", json={"base_version": created["version"], "answers": {}})
    assert stale.status_code == 409
    assert stale.get_json()["current"]["answers"][str(first.id)]["note"] == "Thiếu nhãn thùng rác"


def test_a_photo_sent_twice_is_stored_once(app, client, auth, make, template):
    auth.login("ksnk")
    ward = make.department("Khoa Nhi")
    created = client.post(API, json=new_audit(ward, template)).get_json()
    item = template.items[2]
    photo = {"client_id": str(uuid.uuid4()), "item_id": str(item.id)}

    first = client.post(f"{API}/{created['id']}/photos", data={**photo, "photo": (_file(PNG), "anh.png")})
    assert first.status_code == 201, first.get_json()
    again = client.post(f"{API}/{created['id']}/photos", data={**photo, "photo": (_file(PNG), "anh.png")})
    assert again.status_code == 200
    assert again.get_json()["version"] == first.get_json()["version"]
    assert first.get_json()["answers"][str(item.id)]["photo"] is True

    answer = scalar(app, sa.select(Answer).where(Answer.audit_id == created["id"], Answer.item_id == item.id))
    assert answer.photo_client_id == photo["client_id"]
    stored = list((Path(app.config["UPLOAD_FOLDER"]) / "xsd").iterdir())
    assert [p.name for p in stored] == [answer.photo_name]

    not_a_photo = client.post(f"{API}/{created['id']}/photos", data={"client_id": str(uuid.uuid4()), "item_id": str(item.id),
                                                                   "photo": (_file(b"MZ not an image"), "virus.exe")})
    assert not_a_photo.status_code == 400
    assert "không phải ảnh JPEG, PNG hoặc WebP" in not_a_photo.get_json()["error"]


def _file(data: bytes) -> io.BytesIO:
    return io.BytesIO(data)


def test_every_refusal_says_which_field_in_vietnamese_and_writes_nothing(app, client, auth, make, template):
    auth.login("ksnk")
    ward = make.department("Khoa Mắt")
    first = template.items[0]
    cases = [
        ({**new_audit(ward, template), "client_id": "not-a-uuid"}, "client_id", "mã UUID"),
        ({**new_audit(ward, template), "audit_date": "20/11/2026"}, "audit_date", "YYYY-MM-DD"),
        ({**new_audit(ward, template), "department_id": "1"}, "department_id", "phải là một số nguyên"),
        (new_audit(ward, template, answers={str(first.id): {"choice": "99"}}), first.code, "điểm phải là số nguyên từ 0 đến"),
        (new_audit(ward, template, answers={str(first.id): {"choice": str(first.max_points - 1)}}), first.code, "hãy ghi tồn tại"),
        (new_audit(ward, template, answers={"999999": {"choice": "1"}}), "answers.999999", "không thuộc mẫu"),
        (new_audit(ward, template, submit=True), None, "mục chưa chấm"),
        ({k: v for k, v in new_audit(ward, template).items() if k != "template_id"}, "template_id", "bắt buộc"),
    ]
    for body, field, words in cases:
        response = client.post(API, json=body)
        assert response.status_code == 400, (body, response.get_json())
        assert response.get_json()["field"] == field, response.get_json()
        assert words in response.get_json()["error"]
    assert scalar(app, sa.select(sa.func.count()).select_from(Audit)) == 0

    future = client.post(API, json={**new_audit(ward, template), "audit_date": "2027-01-05"})
    assert future.status_code == 400 and "sau hôm nay" in future.get_json()["error"]


def test_roles_other_hospitals_and_csrf(app, make, template, audit_of):
    ward = make.department("Khoa Răng Hàm Mặt")
    audit = audit_of(ward, date(2026, 11, 3), submit=False)
    body = {"base_version": audit.version, "answers": {}}

    reader = app.test_client()
    _sign_in(reader, make.user("dept_head", department_id=ward.id))
    assert reader.get(f"{API}/{audit.id}").status_code == 200  # a department head reads it
    assert reader.put(f"{API}/{audit.id}", json=body).status_code == 403  # but does not audit
    assert reader.post(API, json=new_audit(ward, template)).status_code == 403
    assert reader.get("/api/v1/xsd/offline-kit").status_code == 403

    outsider = app.test_client()
    _sign_in(outsider, make.user("ksnk", hospital=make.hospital()))
    assert outsider.get(f"{API}/{audit.id}").status_code == 404
    assert outsider.put(f"{API}/{audit.id}", json=body).status_code == 404
    assert outsider.post(f"{API}/{audit.id}/photos", data={}).status_code == 404
    assert outsider.post(API, json=new_audit(ward, template)).status_code == 404  # the department is not theirs
    assert outsider.get(f"/xsd/offline?audit={audit.id}").status_code == 404  # nor a copy of it on the offline page

    nurse = app.test_client()
    _sign_in(nurse, make.user("ksnk"))
    page = nurse.get(f"/xsd/offline?audit={audit.id}").get_data(as_text=True)
    copy = json.loads(html.unescape(re.search(r'data-audit-copy="([^"]*)"', page).group(1)))
    assert (copy["id"], copy["department"], copy["version"]) == (audit.id, "Khoa Răng Hàm Mặt", audit.version)  # for offline use

    assert app.test_client().get(f"{API}/{audit.id}").status_code == 401
    with fresh(app):
        assert db.session.get(Audit, audit.id).version == audit.version
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ChangeLog).where(ChangeLog.entity == "xsd_audit")) == 0


def test_a_second_submit_of_a_submitted_audit_by_a_nurse_is_refused_as_locked(app, client, auth, make, template):
    auth.login("ksnk")
    ward = make.department("Khoa Da liễu")
    created = client.post(API, json=new_audit(ward, template, answers=full_answers(template), submit=True)).get_json()
    again = client.put(f"{API}/{created['id']}", json={"base_version": created["version"], "answers": {}})
    assert again.status_code == 409
    assert "current" not in again.get_json() and "đã nộp" in again.get_json()["error"]


def test_the_offline_kit_lists_the_hospitals_departments_and_templates_with_their_items(app, client, auth, make, template):
    auth.login("ksnk")
    make.department("Khoa Hồi sức")
    make.department("Khoa của bệnh viện khác", hospital=make.hospital())
    kit = client.get("/api/v1/xsd/offline-kit").get_json()
    assert [d["name"] for d in kit["departments"]] == ["Khoa Hồi sức"]
    shipped = next(t for t in kit["templates"] if t["id"] == template.id)
    assert sum(len(g["items"]) for g in shipped["groups"]) == len(template.items)
    assert kit["csrf_token"] and kit["bands"]


def _sign_in(client, user) -> None:
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


def test_the_sync_api_needs_the_csrf_header_from_a_browser_session(tmp_path, template_db):
    from tests.builders import Builders, running
    from tests.conftest import PASSWORD, make_app

    app = make_app(tmp_path, template_db, WTF_CSRF_ENABLED=True)
    with running(app):
        make = Builders(app, PASSWORD)
        nurse, ward = make.user("ksnk"), make.department("Khoa Lão")
        client = app.test_client()
        _sign_in(client, nurse)
        with fresh(app):
            from quality_assess.checklists.loader import latest_template

            template_id = latest_template("xsd-khoa-phong", None).id
        body = {"client_id": str(uuid.uuid4()), "department_id": ward.id, "template_id": template_id, "audit_date": "2026-11-20"}
        refused = client.post(API, json=body)
        assert refused.status_code == 400 and "CSRF" in refused.get_json()["error"]
        token = client.get("/api/v1/xsd/offline-kit").get_json()["csrf_token"]
        assert client.post(API, json=body, headers={"X-CSRFToken": token}).status_code == 201
        with app.app_context():
            db.engine.dispose()
