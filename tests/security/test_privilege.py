"""Levels of privilege: a hospital's admin manages only their hospital's accounts; province accounts,
installation-level grants and the shared catalogue belong to the installation admin (or whoever it
grants the catalogue to)."""
from __future__ import annotations

import sqlalchemy as sa
from flask_migrate import upgrade

from quality_assess import create_app
from quality_assess.auth.models import User
from quality_assess.catalog.models import Criterion
from quality_assess.database import db
from tests.conftest import PASSWORD, count_rows, reload, scalar

NEW_PASSWORD = "Hoa-sen-trong-dam-2026"


def account(app, username: str) -> User | None:
    return scalar(app, sa.select(User).where(User.username == username))


# ---- a hospital's admin stays inside the hospital ---------------------------------------------

def test_a_hospital_admin_cannot_create_a_province_account(app, client, auth):
    auth.login("admin")
    before = count_rows(app, User)

    response = client.post("/users", data={"username": "soyte", "role": "province", "department_id": "0", "password": NEW_PASSWORD})

    assert response.status_code == 403
    assert "Chỉ quản trị toàn hệ thống mới tạo được tài khoản cấp Sở Y tế" in response.get_data(as_text=True)
    assert count_rows(app, User) == before and account(app, "soyte") is None


def test_the_user_form_offers_only_the_roles_of_a_hospital(client, auth):
    auth.login("admin")

    page = client.get("/users").get_data(as_text=True)

    assert 'value="assessor"' in page and 'value="province"' not in page


def test_a_hospital_admin_cannot_turn_an_account_into_a_province_one(app, client, auth, make):
    user = make.user("assessor")
    auth.login("admin")

    response = client.post(f"/users/{user.id}/account", data={"role": "province", "active": "y"}, follow_redirects=True)

    assert "cấp Sở Y tế" in response.get_data(as_text=True)
    assert reload(app, user).role == "assessor"


def test_a_hospital_admin_changes_roles_of_their_own_hospital_only(app, client, auth, make):
    ours = make.user("assessor")
    theirs = make.user("assessor", hospital=make.hospital())
    auth.login("admin")

    assert client.post(f"/users/{ours.id}/account", data={"role": "dept_head", "active": "y"}).status_code == 302
    assert client.post(f"/users/{theirs.id}/account", data={"role": "admin", "active": "y"}).status_code == 404

    assert reload(app, ours).role == "dept_head" and reload(app, theirs).role == "assessor"


def test_a_hospital_admin_cannot_take_over_the_installation_admin_by_resetting_its_password(app, client, auth, make):
    top = make.user("admin", installation_role="admin")
    auth.login("admin")  # a second admin of the same hospital

    response = client.post(f"/users/{top.id}/reset")

    assert response.status_code == 403
    assert reload(app, top).check_password(PASSWORD) and not reload(app, top).must_change_password


def test_a_hospital_admin_cannot_grant_installation_rights(app, client, auth, make):
    admin = auth.login("admin")

    assert client.get("/installation").status_code == 403
    assert client.post("/installation/grant", data={"username": admin.username, "installation_role": "admin"}).status_code == 403
    assert reload(app, admin).installation_role is None


# ---- the installation admin ---------------------------------------------------------------------

def test_the_installation_admin_creates_a_province_account_that_sees_every_hospital(app, client, auth, make):
    auth.login("admin", installation_role="admin")

    response = client.post("/installation", data={"username": "soyte", "full_name": "Sở Y tế tỉnh", "password": NEW_PASSWORD})

    assert response.status_code == 302
    province = account(app, "soyte")
    assert province.role == "province" and province.hospital_id is None
    officer = app.test_client()
    assert officer.post("/login", data={"username": "soyte", "password": NEW_PASSWORD}).status_code == 302
    assert officer.get("/province/").status_code == 200
    assert "soyte" in client.get("/installation").get_data(as_text=True)


def test_the_installation_admin_grants_the_catalogue_to_one_hospitals_quality_office(app, client, auth, make):
    office = make.user("quality", hospital=make.hospital())
    auth.login("admin", installation_role="admin")
    editor = app.test_client()
    editor.post("/login", data={"username": office.username, "password": PASSWORD})
    assert editor.post("/catalog/criteria/A1.2/title", data={"title": "Tên đã đối chiếu"}).status_code == 403

    response = client.post("/installation/grant", data={"username": office.username, "installation_role": "catalog"})

    assert response.status_code == 302 and reload(app, office).installation_role == "catalog"
    editor.post("/login", data={"username": office.username, "password": PASSWORD})  # the grant ended the old session
    assert editor.post("/catalog/criteria/A1.2/title", data={"title": "Tên đã đối chiếu"}).status_code == 302
    assert scalar(app, sa.select(Criterion.title).where(Criterion.code == "A1.2")) == "Tên đã đối chiếu"
    assert editor.get("/installation").status_code == 403  # the catalogue, nothing more


def test_a_hospital_admin_cannot_change_the_shared_catalogue(app, client, auth, make):
    auth.login("admin")
    original = make.criterion("A1.2").title

    assert client.post("/catalog/criteria/A1.2/title", data={"title": "Tên khác"}).status_code == 403
    assert client.get("/catalog/import").status_code == 403
    assert make.criterion("A1.2").title == original


def test_setup_makes_the_first_admin_the_installation_admin(app, runner):
    result = runner.invoke(args=["setup", "--hospital", "Bệnh viện Đa khoa huyện"])

    assert result.exit_code == 0, result.output
    admin = account(app, "admin")
    assert admin.role == "admin" and admin.installation_role == "admin"


def test_the_command_line_grants_installation_rights(app, runner, make):
    user = make.user("quality")

    result = runner.invoke(args=["users", "grant", user.username, "--installation-role", "catalog"])

    assert result.exit_code == 0, result.output
    assert reload(app, user).installation_role == "catalog"


def test_the_upgrade_makes_the_earliest_admin_of_an_existing_installation_its_installation_admin(empty_database_url):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": empty_database_url, "SECRET_KEY": "test"})
    with app.app_context():
        upgrade(revision="0001")
        for username, role, created in [("qlcl", "quality", "2025-01-01"), ("admin2", "admin", "2025-06-01"), ("admin1", "admin", "2025-03-01")]:
            db.session.execute(sa.text(
                "INSERT INTO users (username, full_name, password_hash, role, active, must_change_password, failed_logins, created_at)"
                " VALUES (:u, '', 'x', :r, true, false, 0, :c)"
            ), {"u": username, "r": role, "c": created})
        db.session.commit()

        upgrade(revision="head")

        roles = dict(db.session.execute(sa.text("SELECT username, installation_role FROM users")).all())
        assert roles == {"qlcl": None, "admin1": "admin", "admin2": None}
        db.session.remove()
        db.engine.dispose()


def test_only_the_installation_admin_switches_off_a_province_account(app, client, auth, make):
    province = make.user("province")
    officer = app.test_client()
    officer.post("/login", data={"username": province.username, "password": PASSWORD})
    hospital_admin = app.test_client()
    hospital_admin.post("/login", data={"username": make.user("admin").username, "password": PASSWORD})
    assert hospital_admin.post(f"/users/{province.id}/account", data={"role": "province"}).status_code == 404
    assert reload(app, province).active

    auth.login("admin", installation_role="admin")
    response = client.post(f"/users/{province.id}/account", data={"role": "province"})  # "active" unticked

    assert response.status_code == 302 and response.headers["Location"].endswith("/installation")
    assert not reload(app, province).active
    assert officer.get("/province/").status_code == 302  # back to the login page
