"""Departments renamed, merged and deactivated by the hospital's admin: the trail keeps the old names."""
from __future__ import annotations

import sqlalchemy as sa

from quality_assess.auth.models import User
from quality_assess.checklists.models import Audit
from quality_assess.database import db
from quality_assess.history.models import ChangeLog
from quality_assess.org.models import Department
from quality_assess.workflow.models import Assignment
from quality_assess.workflow.operations import assign, criteria_of
from tests.conftest import attach, fresh, reload, scalar, scalars
from tests.security.route_rules import _audit


def department_trail(app, department):
    return {(row.field, row.old, row.new) for row in scalars(
        app, sa.select(ChangeLog).where(ChangeLog.entity == "department", ChangeLog.entity_id == department.id))}


def test_the_admin_renames_a_department_and_the_trail_keeps_the_old_name(app, client, auth, make):
    department = make.department("Khoa Nội tổng hợp")
    make.department("Khoa Ngoại")
    auth.login("admin")

    assert "Khoa Nội tổng hợp" in client.get(f"/hospital/departments/{department.id}").get_data(as_text=True)
    client.post(f"/hospital/departments/{department.id}", data={"name": "Khoa Ngoại"})  # taken
    assert reload(app, department).name == "Khoa Nội tổng hợp"
    client.post(f"/hospital/departments/{department.id}", data={"name": "Khoa Nội - Thần kinh"})
    assert reload(app, department).name == "Khoa Nội - Thần kinh"
    assert ("name", "Khoa Nội tổng hợp", "Khoa Nội - Thần kinh") in department_trail(app, department)
    page = client.get(f"/hospital/departments/{department.id}").get_data(as_text=True)
    assert "Khoa Nội tổng hợp" in page  # the history on the department's page


def test_deactivating_and_reactivating_is_in_the_trail(app, client, auth, make):
    department = make.department("Khoa Dược")
    auth.login("admin")
    client.post(f"/hospital/departments/{department.id}/toggle")
    assert reload(app, department).active is False
    client.post(f"/hospital/departments/{department.id}/toggle")
    assert reload(app, department).active is True
    assert {("active", "true", "false"), ("active", "false", "true")} <= department_trail(app, department)


def test_merging_moves_users_assignments_and_audits_and_keeps_the_old_department_by_name(app, client, auth, make):
    audit_id = _audit(make).id
    source = scalar(app, sa.select(Department).join(Audit, Audit.department_id == Department.id).where(Audit.id == audit_id))
    target = make.department("Khoa Hồi sức tích cực - Chống độc")
    nurse = make.user("assessor", department_id=source.id)
    round_ = make.round()
    with fresh(app):
        assign(attach(round_), criteria_of("A1.1"), lead=attach(source), supporting=[attach(source), attach(target)], user=None)
        db.session.commit()
    auth.login("admin")

    response = client.post(f"/hospital/departments/{source.id}/merge", data={"target_id": target.id})
    assert response.status_code == 302

    assert reload(app, nurse).department_id == target.id
    assert scalar(app, sa.select(Audit.department_id).where(Audit.id == audit_id)) == target.id
    with fresh(app):
        assignment = db.session.scalar(sa.select(Assignment).where(Assignment.round_id == round_.id))
        assert assignment.lead_department_id == target.id
        assert [d.id for d in assignment.supporting] == [target.id]  # named once, not twice
    kept = reload(app, source)
    assert kept.active is False and kept.name == source.name
    assert ("merged_into", None, target.name) in department_trail(app, source)
    assert ("merged_from", None, source.name) in department_trail(app, target)


def test_a_department_is_not_merged_into_itself_or_another_hospitals(app, client, auth, make):
    department = make.department("Khoa Nhi")
    elsewhere = make.department("Khoa Nhi", hospital=make.hospital())
    auth.login("admin")
    assert client.post(f"/hospital/departments/{department.id}/merge", data={"target_id": elsewhere.id}).status_code in (302, 404)
    assert client.post(f"/hospital/departments/{department.id}/merge", data={"target_id": department.id}).status_code == 302
    assert reload(app, department).active is True and reload(app, elsewhere).active is True
    assert scalar(app, sa.select(sa.func.count()).select_from(User).where(User.department_id == elsewhere.id)) == 0
