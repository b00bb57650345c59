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


def test_saving_the_profile_records_each_changed_field_in_the_trail(app, client, auth):
    user = auth.login("quality")
    with app.app_context():
        hospital_id, user_id = user.hospital_id, user.id
    response = client.post("/hospital/", data={"name": "Bệnh viện Đa khoa tỉnh", "grade": "Hạng I", "xsd_target": "90"})
    assert response.status_code == 302

    from quality_assess.history.models import ChangeLog

    with app.app_context():  # a fresh read: the request committed its change and the trail together
        rows = db.session.execute(
            sa.select(ChangeLog.field, ChangeLog.new, ChangeLog.user_id)
            .where(ChangeLog.entity == "hospital", ChangeLog.entity_id == hospital_id)
        ).all()
    changed = {field: (new, who) for field, new, who in rows}
    assert changed["name"] == ("Bệnh viện Đa khoa tỉnh", user_id)
    assert changed["grade"] == ("Hạng I", user_id)
    assert changed["xsd_target"][0] in ("90", "90.0")
    assert "address" not in changed  # unchanged fields leave no row


def test_a_refused_profile_keeps_what_was_typed_and_changes_nothing(app, client, auth):
    user = auth.login("quality")
    with app.app_context():
        hospital_id = user.hospital_id
    response = client.post("/hospital/", data={"name": "   ", "address": "12 Lê Lợi", "xsd_target": "85"})
    assert response.status_code == 400  # the form again, with its message, as a refused request
    assert "12 Lê Lợi" in response.get_data(as_text=True)
    from quality_assess.history.models import ChangeLog
    from quality_assess.org.models import Hospital

    with app.app_context():
        assert db.session.get(Hospital, hospital_id).address != "12 Lê Lợi"
        assert not db.session.scalar(sa.select(sa.func.count()).select_from(ChangeLog).where(ChangeLog.entity == "hospital"))
