"""The hospital profile decides which criteria apply."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from quality_assess.assessments.models import Result
from quality_assess.catalog.models import Criterion
from quality_assess.database import db
from tests.conftest import attach, fresh, reload


def results_by_code(round_):
    rows = db.session.execute(sa.select(Criterion.code, Result).join(Result.criterion).where(Result.round_id == round_.id)).all()
    return {code: result for code, result in rows}


def test_a_hospital_without_obstetrics_or_paediatrics_has_e1_and_e2_not_applicable(app, make):
    with fresh(app):
        hospital = make.hospital("Bệnh viện Y học cổ truyền", has_obstetrics=False, has_paediatrics=False)
        results = results_by_code(make.round(hospital))
        assert len(results) == 83
        assert all(results[c].not_applicable for c in ("E1.1", "E1.2", "E1.3", "E2.1"))
        assert "khoa Sản" in results["E1.1"].na_reason and "khoa Nhi" in results["E2.1"].na_reason
        assert not results["A1.1"].not_applicable


def test_a_general_hospital_has_all_83_applicable(app, make):
    with fresh(app):
        results = results_by_code(make.round(make.hospital(has_obstetrics=True, has_paediatrics=True)))
        assert not any(r.not_applicable for r in results.values())


def test_quality_office_edits_the_profile_and_adds_departments(app, client, auth, make):
    user = auth.login("quality")
    response = client.post("/hospital/", data={"name": "Bệnh viện Đa khoa huyện Hoằng Hóa", "grade": "Hạng II", "xsd_target": "85", "has_obstetrics": "y"})
    assert response.status_code == 302
    hospital = reload(app, user.hospital)
    assert hospital.name == "Bệnh viện Đa khoa huyện Hoằng Hóa" and not hospital.has_paediatrics

    client.post("/hospital/departments", data={"name": "Khoa Kiểm soát nhiễm khuẩn", "kind": "clinical"})
    again = client.post("/hospital/departments", data={"name": "Khoa Kiểm soát nhiễm khuẩn", "kind": "clinical"}, follow_redirects=True)
    assert "đã có" in again.get_data(as_text=True)
    with fresh(app):
        assert [d.name for d in attach(hospital).departments] == ["Khoa Kiểm soát nhiễm khuẩn"]


@pytest.mark.parametrize("role", ["assessor", "director", "ksnk"])
def test_other_roles_read_but_cannot_edit_the_profile(client, auth, role):
    auth.login(role)
    assert client.get("/hospital/").status_code == 200
    assert client.post("/hospital/", data={"name": "Đổi tên", "xsd_target": "85"}).status_code == 403
