"""People management: an admin edits an account's name, role and department, switches it off and on
again (from the users page, the API's point of view and the command line), a new account starts with
the least powerful role, and a password reset asks before it happens."""
from __future__ import annotations

from quality_assess.auth.roles import LEAST_POWERFUL_ROLE, capabilities_of, HOSPITAL_ROLES
from tests.conftest import PASSWORD, reload
from tests.security.test_sessions import log_in, signed_in

ROUNDS = "/api/v1/rounds"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_an_admin_edits_a_users_name_role_and_department(app, client, auth, make):
    auth.login("admin")
    pharmacy = make.department("Khoa Dược")
    user = make.user("assessor", full_name="Nguyen Thi Lan")

    response = client.post(f"/users/{user.id}/account", data={
        "full_name": "Nguyễn Thị Lan", "role": "ksnk", "department_id": str(pharmacy.id), "active": "y"}, follow_redirects=True)

    assert response.status_code == 200 and f"Đã cập nhật tài khoản {user.username}" in response.get_data(as_text=True)
    changed = reload(app, user)
    assert (changed.full_name, changed.role, changed.department_id, changed.active) == ("Nguyễn Thị Lan", "ksnk", pharmacy.id, True)
    page = client.get("/users").get_data(as_text=True)
    assert 'value="Nguyễn Thị Lan"' in page


def test_a_department_of_another_hospital_is_refused(app, client, auth, make):
    auth.login("admin")
    elsewhere = make.department("Khoa Dược", hospital=make.hospital("Bệnh viện khác"))
    user = make.user("assessor")

    response = client.post(f"/users/{user.id}/account", data={"role": "assessor", "department_id": str(elsewhere.id), "active": "y"},
                           follow_redirects=True)

    assert "Khoa/phòng này không thuộc bệnh viện của tài khoản." in response.get_data(as_text=True)
    assert reload(app, user).department_id is None


def test_renaming_keeps_the_users_sessions(app, client, auth, make):
    user = make.user("quality")
    browser = app.test_client()
    log_in(browser, user)
    auth.login("admin")

    client.post(f"/users/{user.id}/account", data={"full_name": "Tên mới", "role": "quality", "active": "y"})

    assert reload(app, user).full_name == "Tên mới" and signed_in(browser)


def test_a_deactivated_user_cannot_sign_in_nor_use_a_token_until_reactivated(app, client, auth, make):
    user = make.user("quality")
    token = make.token(user)
    browser = app.test_client()
    log_in(browser, user)
    auth.login("admin")

    client.post(f"/users/{user.id}/account", data={"role": "quality"})  # "Đang hoạt động" unticked

    assert not signed_in(browser)
    assert app.test_client().post("/login", data={"username": user.username, "password": PASSWORD}).status_code == 401
    assert app.test_client().get(ROUNDS, headers=bearer(token)).status_code == 401
    assert "đã khóa" in client.get("/users").get_data(as_text=True)

    client.post(f"/users/{user.id}/account", data={"role": "quality", "active": "y"})  # reactivated

    assert reload(app, user).active
    assert app.test_client().get(ROUNDS, headers=bearer(token)).status_code == 200
    log_in(app.test_client(), user)


def test_the_command_line_deactivates_and_activates_an_account(app, runner, make):
    user = make.user("assessor", username="lan")
    token = make.token(user)
    browser = app.test_client()
    log_in(browser, user)

    result = runner.invoke(args=["users", "deactivate", "lan"])

    assert result.exit_code == 0 and "Đã khóa tài khoản lan." in result.output
    assert not reload(app, user).active and not signed_in(browser)
    assert app.test_client().get(ROUNDS, headers=bearer(token)).status_code == 401

    result = runner.invoke(args=["users", "activate", "lan"])

    assert result.exit_code == 0 and "Đã mở lại tài khoản lan." in result.output
    assert reload(app, user).active
    assert app.test_client().get(ROUNDS, headers=bearer(token)).status_code == 200
    assert runner.invoke(args=["users", "deactivate", "nobody"]).exit_code != 0


def test_the_add_user_form_starts_with_the_least_powerful_role(client, auth):
    auth.login("admin")
    page = client.get("/users").get_data(as_text=True)

    form = page.split("Thêm người dùng")[1]
    assert f'<option selected value="{LEAST_POWERFUL_ROLE}">' in form
    assert all(len(capabilities_of(LEAST_POWERFUL_ROLE)) <= len(capabilities_of(role)) for role in HOSPITAL_ROLES)


def test_a_password_reset_asks_for_confirmation_first(app, client, auth, make):
    auth.login("admin")
    user = make.user("assessor", full_name="Nguyễn Thị Lan")

    asked = client.post(f"/users/{user.id}/reset")

    page = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "Đặt lại mật khẩu của Nguyễn Thị Lan?" in page and 'name="confirm"' in page
    assert reload(app, user).check_password(PASSWORD) and not reload(app, user).must_change_password

    done = client.post(f"/users/{user.id}/reset", data={"confirm": "y"}, follow_redirects=True)

    assert "Mật khẩu tạm mới" in done.get_data(as_text=True) and reload(app, user).must_change_password
