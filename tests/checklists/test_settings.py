"""The target and bands are hospital settings that the KSNK lead keeps; forms carry CSRF."""
from __future__ import annotations

import re
from datetime import date

import pytest
import sqlalchemy as sa

from quality_assess.checklists.operations import parse_bands
from quality_assess.domain import ValidationError
from quality_assess.history.models import ChangeLog
from tests.conftest import fresh, reload, scalar, step

parse_bands = step(parse_bands)  # a step: runs in its own fresh session


def test_bands_are_written_one_a_line_and_need_a_zero_band(app):
    with fresh(app):
        assert parse_bands("50 Đạt\n0 Không đạt\n95,5 Xuất sắc") == [
            {"min": 95.5, "label": "Xuất sắc"}, {"min": 50, "label": "Đạt"}, {"min": 0, "label": "Không đạt"}]
        for text in ("90 Tốt", "abc Tốt\n0 Kém", "0 Kém\n0 Tệ", "120 Quá\n0 Kém", "90\n0 Kém"):
            with pytest.raises(ValidationError):
                parse_bands(text)


def test_the_lead_changes_target_and_bands_and_audits_follow(app, client, auth, make, audit_of):
    department = make.department("Khoa Mắt")
    audit = audit_of(department, date(2026, 7, 1), lost={"X1": 3})  # 97
    auth.login("ksnk_lead", hospital=department.hospital)
    response = client.post("/xsd/settings", data={"target": "98", "bands": "98 Xuất sắc\n0 Chưa xuất sắc"}, follow_redirects=True)
    assert "Đã lưu mục tiêu và xếp loại." in response.get_data(as_text=True)
    assert reload(app, department.hospital).xsd_target == 98
    assert "Chưa xuất sắc" in client.get(f"/xsd/audits/{audit.id}").get_data(as_text=True)
    assert scalar(app, sa.select(sa.func.count()).select_from(ChangeLog).filter_by(entity="hospital", field="xsd_target", new="98.0")) == 1
    grid = client.get("/xsd/dashboard?year=2026").get_data(as_text=True)
    assert 'class="num xsd-cell xsd-low">97,0' in grid


def test_others_cannot_change_the_settings(client, auth):
    auth.login("ksnk")
    assert client.get("/xsd/settings").status_code == 403
    assert client.post("/xsd/settings", data={"target": "50", "bands": "0 Đạt"}).status_code == 403


def test_the_audit_forms_carry_a_csrf_token(app, client, auth, make, template):
    department = make.department("Khoa Răng Hàm Mặt")
    auth.login("ksnk", hospital=department.hospital)
    app.config["WTF_CSRF_ENABLED"] = True
    data = {"department_id": department.id, "template_id": template.id, "audit_date": "2026-11-02"}
    assert client.post("/xsd/audits/new", data=data).status_code == 400  # no token
    page = client.get("/xsd/").get_data(as_text=True)
    data["csrf_token"] = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/xsd/audits/new", data=data)
    assert response.status_code == 302 and "/xsd/audits/" in response.headers["Location"]
    audit_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in audit_page and 'name="csrf_token"' in audit_page
