"""Logging in and out; every page but the login page needs it."""
from __future__ import annotations

import pytest

from tests.conftest import PASSWORD, reload


@pytest.mark.parametrize("url", ["/", "/rounds/", "/catalog/", "/hospital/", "/users"])
def test_pages_need_login(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_wrong_password_is_refused_with_a_vietnamese_message(client, make):
    user = make.user("assessor")
    response = client.post("/login", data={"username": user.username, "password": "sai-mat-khau"})
    assert response.status_code == 401
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.get_data(as_text=True)


def test_login_then_logout(client, auth):
    user = auth.login("assessor")
    home = client.get("/")
    assert user.display_name in home.get_data(as_text=True)
    client.post("/logout")
    assert client.get("/").status_code == 302


def test_login_does_not_redirect_off_site(client, make):
    user = make.user("assessor")
    response = client.post("/login?next=https://evil.example/", data={"username": user.username, "password": PASSWORD})
    assert response.headers["Location"] == "/"


def test_passwords_are_stored_hashed(make):
    user = make.user("quality")
    assert PASSWORD not in user.password_hash and user.check_password(PASSWORD)


def test_generated_password_must_be_changed(app, client, make):
    user = make.user("quality", must_change_password=True)
    response = client.post("/login", data={"username": user.username, "password": PASSWORD})
    assert response.headers["Location"].endswith("/account/password")
    response = client.post("/account/password", data={"current": PASSWORD, "new": "mat-khau-moi-1", "confirm": "mat-khau-moi-1"})
    assert response.status_code == 302

    user = reload(app, user)
    assert not user.must_change_password and user.check_password("mat-khau-moi-1")


def test_admin_creates_a_user_with_a_temporary_password(client, auth):
    auth.login("admin")
    response = client.post("/users", data={"username": "dieuduong", "full_name": "Nguyễn Thị Hoa", "role": "assessor", "department_id": "0", "password": ""}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Mật khẩu tạm" in page and "dieuduong" in page


@pytest.mark.parametrize("role", ["quality", "assessor", "director", "ksnk"])
def test_only_admins_manage_users(client, auth, role):
    auth.login(role)
    assert client.get("/users").status_code == 403
