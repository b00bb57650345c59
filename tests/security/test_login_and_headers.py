"""Security as a user or an attacker meets it: headers, cookies, session length, throttling, passwords."""
from __future__ import annotations

from datetime import timedelta

import pytest

from quality_assess.database import utcnow
from quality_assess.auth.models import LoginAddress, LoginFailure
from quality_assess.auth.throttle import ACCOUNT_POLICY, ADDRESS_POLICY, LOCK_TIME, lockout
from tests.conftest import PASSWORD, fresh, reload


def login(client, username, password=PASSWORD, address="10.0.0.1"):
    return client.post("/login", data={"username": username, "password": password}, environ_base={"REMOTE_ADDR": address})


@pytest.fixture
def throttled(app):
    app.config["RATELIMIT_ENABLED"] = True
    return app


def test_every_response_carries_the_security_headers(app, client, auth):
    for response in (client.get("/login"), client.get("/static/css/app.css"), client.get("/no-such-page")):
        assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")
        assert "script-src 'self';" in response.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Referrer-Policy"] == "same-origin"


def test_no_template_of_the_login_and_home_pages_needs_inline_script(client, auth):
    login_page = client.get("/login").get_data(as_text=True)
    auth.login("quality")
    home = client.get("/").get_data(as_text=True)
    for html in (login_page, home):
        assert "<script>" not in html and "onclick=" not in html and "style=" not in html


def test_the_session_cookie_is_httponly_lax_and_lasts_a_working_day(client, make):
    user = make.user("quality")
    response = login(client, user.username)
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain HTTP on the intranet test server
    assert "Expires=" in cookie  # permanent session …
    assert client.application.permanent_session_lifetime == timedelta(hours=8)  # … of eight hours


def test_cookies_are_secure_when_served_over_https(client, make):
    user = make.user("quality")
    response = client.post("/login", data={"username": user.username, "password": PASSWORD, "remember": "y"}, base_url="https://qlcl.benhvien.vn")
    cookies = response.headers.getlist("Set-Cookie")
    assert {c.split("=")[0] for c in cookies} >= {"session", "remember_token"}
    assert all("; Secure" in c for c in cookies)


def test_behind_a_trusted_proxy_https_and_the_client_address_come_from_its_headers(tmp_path, template_db):
    from tests.conftest import make_app

    proxied = make_app(tmp_path, template_db, TRUSTED_PROXIES="1", RATELIMIT_ENABLED=True)
    client = proxied.test_client()
    headers = {"X-Forwarded-For": "10.20.30.40", "X-Forwarded-Proto": "https"}
    response = client.post("/login", data={"username": "khong-co", "password": "x"}, headers=headers)
    assert response.status_code == 401
    with fresh(proxied) as session:
        assert session.get(LoginAddress, "10.20.30.40").failures == 1
    cookies = response.headers.getlist("Set-Cookie")
    assert cookies and all("; Secure" in c for c in cookies)


def test_the_lockout_rule_waits_longer_then_locks():
    assert lockout(ACCOUNT_POLICY[0] - 1, ACCOUNT_POLICY) is None
    assert lockout(ACCOUNT_POLICY[0], ACCOUNT_POLICY) == timedelta(seconds=30)
    assert lockout(ACCOUNT_POLICY[0] + 1, ACCOUNT_POLICY) == timedelta(seconds=60)
    assert lockout(ACCOUNT_POLICY[1], ACCOUNT_POLICY) == LOCK_TIME == timedelta(minutes=15)
    assert lockout(ADDRESS_POLICY[0] - 1, ADDRESS_POLICY) is None


def test_wrong_passwords_lock_the_account_at_that_address_with_a_message_saying_when_to_retry(app, throttled, client, make):
    user = make.user("assessor")
    for _ in range(ACCOUNT_POLICY[1]):
        with fresh(app) as session:
            pair = session.get(LoginFailure, (user.id, "10.0.0.1"))
            if pair is not None:
                pair.locked_until = None  # the short waits between tries have passed
                session.commit()
        assert login(client, user.username, "sai-mat-khau").status_code == 401
    with fresh(app) as session:
        pair = session.get(LoginFailure, (user.id, "10.0.0.1"))
        assert pair.failures == 5 and pair.locked_until > utcnow() + timedelta(minutes=14)

    response = login(client, user.username)  # even the right password waits for the lock
    assert response.status_code == 429
    text = response.get_data(as_text=True)
    assert "tạm thời bị khóa" in text and "Vui lòng thử lại sau" in text and "15 phút nữa" in text

    with fresh(app) as session:
        session.get(LoginFailure, (user.id, "10.0.0.1")).locked_until = utcnow() - timedelta(seconds=1)  # a quarter of an hour later
        session.commit()
    assert login(client, user.username).status_code == 302
    user = reload(app, user)
    assert user.failed_logins == 0 and user.locked_until is None
    with fresh(app) as session:
        assert session.get(LoginFailure, (user.id, "10.0.0.1")) is None


def test_a_third_failure_makes_the_next_try_wait(throttled, client, make):
    user = make.user("assessor")
    for _ in range(ACCOUNT_POLICY[0]):
        login(client, user.username, "sai-mat-khau")
    assert login(client, user.username).status_code == 429
    assert "1 phút nữa" in login(client, user.username).get_data(as_text=True)


def test_one_address_guessing_many_accounts_is_locked_out(app, throttled, client, make):
    for guess in range(ADDRESS_POLICY[1]):
        with fresh(app) as session:
            row = session.get(LoginAddress, "10.9.9.9")
            if row is not None:
                row.locked_until = None  # the short waits between tries have passed
                session.commit()
        assert login(client, f"doan-ten-{guess}", "sai-mat-khau", address="10.9.9.9").status_code == 401
    newcomer = make.user("quality")
    assert login(client, newcomer.username, address="10.9.9.9").status_code == 429
    assert login(client, newcomer.username, address="10.0.0.2").status_code == 302  # another computer is not affected


def test_unknown_usernames_count_against_the_address(app, throttled, client):
    for _ in range(3):
        login(client, "khong-ton-tai", "x", address="10.7.7.7")
    with fresh(app) as session:
        assert session.get(LoginAddress, "10.7.7.7").failures == 3


def test_without_throttling_in_tests_failures_are_not_counted(client, make):
    user = make.user("assessor")
    for _ in range(6):
        login(client, user.username, "sai-mat-khau")
    assert login(client, user.username).status_code == 302


def test_a_generated_password_must_be_changed_before_any_page(app, client, make):
    user = make.user("assessor", must_change_password=True)
    assert login(client, user.username).headers["Location"].endswith("/account/password")
    for path in ("/", "/rounds/", "/xsd/", "/plans/", "/hospital/"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].endswith("/account/password"), path
    assert client.get("/account/password").status_code == 200
    assert client.get("/static/css/app.css").status_code == 200

    response = client.post("/account/password", data={"current": PASSWORD, "new": "ngan", "confirm": "ngan"})
    assert "ít nhất 10 ký tự" in response.get_data(as_text=True)
    client.post("/account/password", data={"current": PASSWORD, "new": "mat-khau-moi-dai", "confirm": "mat-khau-moi-dai"})
    assert client.get("/").status_code == 200


def test_an_admin_reset_gives_a_temporary_password_and_unlocks(app, client, auth, make):
    auth.login("admin")
    user = make.user("assessor", failed_logins=5, locked_until=utcnow() + timedelta(minutes=10))
    response = client.post(f"/users/{user.id}/reset", data={"confirm": "y"}, follow_redirects=True)
    assert "Mật khẩu tạm mới" in response.get_data(as_text=True)
    user = reload(app, user)
    assert user.must_change_password and user.failed_logins == 0 and user.locked_until is None
