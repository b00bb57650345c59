"""Evidence files: allowed kinds checked by content, size limit, safe names, who sees them, deletion."""
from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import pytest
import sqlalchemy as sa

from quality_assess.assessments.operations import set_round_status
from quality_assess.database import db
from quality_assess.history.models import ChangeLog
from quality_assess.workflow import hooks as hooks_module
from quality_assess.workflow.models import Evidence
from tests.workflow.conftest import JPEG, OLE, PDF, PNG, WEBP, ooxml
from tests.conftest import scalar, step, steps

hooks = steps(hooks_module)  # each function runs as a step in its own fresh session

set_round_status = step(set_round_status)  # a step: runs in its own fresh session


def upload(client, team, data: bytes, name: str, code: str = "A1.1", **extra):
    return client.post(
        f"/workflow/rounds/{team.round.id}/results/{code}/evidence",
        data={"file": (io.BytesIO(data), name), **extra}, content_type="multipart/form-data",
    )


@step
def stored() -> list[Evidence]:
    return db.session.scalars(sa.select(Evidence).order_by(Evidence.id)).all()


@pytest.mark.parametrize(("name", "data", "mimetype"), [
    ("Biên bản họp.pdf", PDF, "application/pdf"),
    ("ảnh.png", PNG, "image/png"),
    ("ảnh.JPG", JPEG, "image/jpeg"),
    ("ảnh.webp", WEBP, "image/webp"),
    ("quy trình.docx", ooxml("word"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("số liệu.xlsx", ooxml("xl"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("trình chiếu.pptx", ooxml("ppt"), "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    ("cũ.doc", OLE, "application/msword"),
    ("cũ.xls", OLE, "application/vnd.ms-excel"),
])
def test_an_assigned_assessor_uploads_each_allowed_kind(team, client, auth, app, name, data, mimetype):
    auth.login(user=team.assessor)
    response = upload(client, team, data, name)
    assert response.status_code == 302
    [evidence] = stored()
    assert evidence.mimetype == mimetype and evidence.original_name == name and evidence.size == len(data)
    assert evidence.sha256 == hashlib.sha256(data).hexdigest()
    path = Path(app.config["UPLOAD_FOLDER"]) / "evidence" / evidence.stored_name
    assert path.read_bytes() == data and name not in evidence.stored_name
    assert hooks.evidence_counts(team.round.id) == {team.result().criterion_id: 1}


@pytest.mark.parametrize(("name", "data"), [
    ("minh-chung.pdf", b"<html><script>alert(1)</script></html>"),   # a page disguised as a PDF
    ("ảnh.png", PDF),                                               # a PDF named as an image
    ("bảng.xlsx", ooxml("word")),                                  # a Word file named as Excel
    ("bảng.xlsx", b"PK\x03\x04 not really a zip"),
    ("chạy.exe", b"MZ\x90\x00"),
    ("trang.html", b"<html></html>"),
    ("không-đuôi", PDF),
])
def test_a_wrong_type_is_refused_whatever_its_name(team, client, auth, name, data):
    auth.login(user=team.assessor)
    response = upload(client, team, data, name)
    assert response.status_code == 302 and stored() == []
    html = client.get("/").get_data(as_text=True)  # the flashed refusal shows on the next page
    assert "không đúng định dạng" in html or "không được chấp nhận" in html


def test_a_file_over_the_limit_is_refused(team, client, auth, app):
    app.config["UPLOAD_MAX_BYTES"] = 1000
    auth.login(user=team.assessor)
    upload(client, team, PDF + b"0" * 1000, "lớn.pdf")
    assert stored() == []
    assert "Tệp lớn hơn giới hạn" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("name", ["../../etc/passwd.pdf", "..\\..\\windows\\win.ini.pdf", "/etc/cron.d/x.pdf", ".hidden.pdf"])
def test_path_tricks_in_file_names_stay_inside_the_upload_folder(team, client, auth, app, name):
    auth.login(user=team.assessor)
    upload(client, team, PDF, name)
    [evidence] = stored()
    assert "/" not in evidence.original_name and "\\" not in evidence.original_name and not evidence.original_name.startswith(".")
    folder = Path(app.config["UPLOAD_FOLDER"]) / "evidence"
    assert os.listdir(folder) == [evidence.stored_name]


def test_names_are_kept_in_nfc(team, client, auth):
    auth.login(user=team.assessor)
    decomposed = "Bie\u0302\u0301n ba\u0309n.pdf"
    upload(client, team, PDF, decomposed)
    assert stored()[0].original_name == "Biến bản.pdf"


def test_an_assessor_cannot_upload_to_a_criterion_not_assigned_to_them(team, client, auth):
    auth.login(user=team.assessor)
    upload(client, team, PDF, "a.pdf", code="A1.2")
    assert stored() == []


def test_evidence_is_served_as_an_attachment_to_the_hospital_and_the_province(team, client, auth, make):
    auth.login(user=team.assessor)
    upload(client, team, PDF, "Biên bản.pdf")
    [evidence] = stored()
    for user in (team.director, make.user("province")):
        auth.logout()
        auth.login(user=user)
        response = client.get(f"/workflow/evidence/{evidence.id}")
        assert response.status_code == 200 and response.data == PDF
        assert response.mimetype == "application/pdf"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Content-Disposition"].startswith("attachment")


def test_evidence_is_hidden_from_another_hospital_and_from_anonymous_users(team, client, auth, make):
    auth.login(user=team.assessor)
    upload(client, team, PDF, "a.pdf")
    [evidence] = stored()
    auth.logout()
    anonymous = client.get(f"/workflow/evidence/{evidence.id}")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    auth.login(user=make.user("quality", hospital=make.hospital()))
    assert client.get(f"/workflow/evidence/{evidence.id}").status_code == 404
    assert client.post(f"/workflow/evidence/{evidence.id}/delete").status_code == 404
    assert len(stored()) == 1


def test_deletion_is_recorded_and_refused_once_the_round_is_locked(team, client, auth, app):
    auth.login(user=team.assessor)
    upload(client, team, PDF, "một.pdf")
    upload(client, team, PDF, "hai.pdf")
    first, second = stored()
    client.post(f"/workflow/evidence/{first.id}/delete")
    assert [e.original_name for e in stored()] == ["hai.pdf"]
    assert not (Path(app.config["UPLOAD_FOLDER"]) / "evidence" / first.stored_name).exists()
    log = scalar(app, sa.select(ChangeLog).where(ChangeLog.entity == "evidence", ChangeLog.new.is_(None)))
    assert (log.old, log.user_id, log.criterion_code) == ("một.pdf", team.assessor.id, "A1.1")

    set_round_status(team.round, "submitted", user=team.quality, override_reason="Thử khóa đợt")
    set_round_status(team.round, "locked", user=team.quality)
    client.post(f"/workflow/evidence/{second.id}/delete")
    assert [e.original_name for e in stored()] == ["hai.pdf"]
    assert "đã khóa" in client.get("/").get_data(as_text=True)


def test_the_api_lists_a_criterions_evidence(team, api):
    from quality_assess.workflow.evidence import add_evidence

    step(add_evidence)(team.result(), io.BytesIO(PDF), "a.pdf", user=team.assessor)
    body = api(team.director).get(f"/api/v1/rounds/{team.round.id}/results/A1.1/evidence").get_json()
    assert [e["name"] for e in body["evidence"]] == ["a.pdf"] and body["evidence"][0]["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert body["evidence"][0]["uploaded_at"] == "2026-12-01T03:30:00+07:00"  # the fixed clock, in the hospital's zone with its offset
