"""API tokens: named, dated, expiring, revocable by their owner, an admin and the command line; the
must-change-password rule reaches the API; only a valid token exempts a request from CSRF."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from quality_assess.assessments.models import Round
from quality_assess.auth.models import ApiToken
from quality_assess.database import utcnow
from tests.builders import Builders
from tests.conftest import PASSWORD, count_rows, fresh, make_app, scalar

ROUNDS = "/api/v1/rounds"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def token_row(app, token: str) -> ApiToken:
    return scalar(app, sa.select(ApiToken).where(ApiToken.token_hash == ApiToken.digest(token)))


def test_a_user_creates_a_named_token_that_expires_in_90_days_and_sees_when_it_was_used(app, client, auth):
    auth.login("quality")
    response = client.post("/account/tokens", data={"name": "Báo cáo hằng tháng"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Đã tạo mã API “Báo cáo hằng tháng”" in page
    token = page.split("Mã (chỉ hiện một lần): ")[1].split("<")[0].strip()

    row = token_row(app, token)
    assert row.name == "Báo cáo hằng tháng" and row.last_used_at is None and row.revoked_at is None
    assert timedelta(days=89) < row.expires_at - utcnow() <= timedelta(days=90)
    assert token not in row.token_hash  # stored hashed

    assert app.test_client().get(ROUNDS, headers=bearer(token)).status_code == 200
    assert token_row(app, token).last_used_at is not None
    listing = client.get("/account/tokens").get_data(as_text=True)
    assert "Báo cáo hằng tháng" in listing and "Đang dùng được" in listing and token not in listing


def test_an_expired_token_is_refused(app, client, make):
    user = make.user("quality")
    token = make.token(user)
    with fresh(app) as session:
        session.scalar(sa.select(ApiToken).where(ApiToken.user_id == user.id)).expires_at = utcnow() - timedelta(minutes=1)

    assert client.get(ROUNDS, headers=bearer(token)).status_code == 401


def test_the_owner_revokes_a_token_on_the_web_page(app, client, auth, make):
    user = auth.login("quality")
    token = make.token(user)
    assert app.test_client().get(ROUNDS, headers=bearer(token)).status_code == 200

    response = client.post("/account/tokens/revoke", data={"token_id": token_row(app, token).id}, follow_redirects=True)

    assert "Đã thu hồi mã API" in response.get_data(as_text=True)
    assert app.test_client().get(ROUNDS, headers=bearer(token)).status_code == 401
    assert token_row(app, token).revoked_at is not None
    assert "Đã thu hồi" in client.get("/account/tokens").get_data(as_text=True)


def test_nobody_revokes_another_users_token_from_their_own_page(app, client, auth, make):
    owner = make.user("quality")
    token = make.token(owner)
    auth.login("quality")

    assert client.post("/account/tokens/revoke", data={"token_id": token_row(app, token).id}).status_code == 404
    assert app.test_client().get(ROUNDS, headers=bearer(token)).status_code == 200


def test_an_admin_revokes_a_token_of_their_hospital_and_not_of_another(app, client, auth, make):
    owner = make.user("assessor")
    token = make.token(owner)
    outsider = make.user("admin", hospital=make.hospital())
    stranger = app.test_client()
    stranger.post("/login", data={"username": outsider.username, "password": PASSWORD})
    assert stranger.post(f"/users/{owner.id}/tokens/revoke", data={"token_id": token_row(app, token).id}).status_code == 404
    assert token_row(app, token).revoked_at is None

    auth.login("admin")
    assert f"/users/{owner.id}/tokens/revoke" in client.get("/users").get_data(as_text=True)  # listed with a button
    response = client.post(f"/users/{owner.id}/tokens/revoke", data={"token_id": token_row(app, token).id})

    assert response.status_code == 302
    assert app.test_client().get(ROUNDS, headers=bearer(token)).status_code == 401


def test_the_command_line_lists_and_revokes_tokens(app, runner, make):
    user = make.user("quality")
    issued = runner.invoke(args=["users", "token", user.username, "--name", "Đồng bộ Sở", "--days", "30"])
    assert issued.exit_code == 0, issued.output
    token = issued.output.strip().splitlines()[-1]
    row = token_row(app, token)
    assert row.name == "Đồng bộ Sở" and timedelta(days=29) < row.expires_at - utcnow() <= timedelta(days=30)

    listing = runner.invoke(args=["users", "token", user.username, "--list"])
    assert f"{row.id}\tĐồng bộ Sở" in listing.output and "dùng được" in listing.output

    revoked = runner.invoke(args=["users", "token", user.username, "--revoke", str(row.id)])
    assert revoked.exit_code == 0 and "Đã thu hồi" in revoked.output
    assert app.test_client().get(ROUNDS, headers=bearer(token)).status_code == 401
    wrong = runner.invoke(args=["users", "token", user.username, "--revoke", "999999"])
    assert wrong.exit_code != 0 and "999999" in wrong.output


def test_a_deactivated_users_token_stops_working(app, client, auth, make):
    owner = make.user("assessor")
    token = make.token(owner)
    auth.login("admin")

    client.post(f"/users/{owner.id}/account", data={"role": "assessor"})  # "active" unticked

    assert app.test_client().get(ROUNDS, headers=bearer(token)).status_code == 401


# ---- the forced password change reaches the API ---------------------------------------------

def test_a_user_who_must_change_the_password_cannot_use_the_api_through_the_browser(app, client, make):
    user = make.user("quality", must_change_password=True)
    round_ = make.round()
    client.post("/login", data={"username": user.username, "password": PASSWORD})

    put = client.put(f"/api/v1/rounds/{round_.id}/results/A1.1", json={"level1_finding": True})
    post = client.post(ROUNDS, json={"name": "Đợt lén", "year": 2026, "kind": "self"})

    assert put.status_code == 403 and "đổi mật khẩu" in put.get_json()["error"]
    assert post.status_code == 403
    assert count_rows(app, Round) == 1
    assert client.get("/account/password").status_code == 200
    assert client.post("/logout").status_code == 302


def test_nor_with_a_token(client, make):
    user = make.user("quality", must_change_password=True)
    token = make.token(user)

    response = client.get(ROUNDS, headers=bearer(token))

    assert response.status_code == 403 and "đổi mật khẩu" in response.get_json()["error"]


# ---- CSRF: only a valid token exempts a request ---------------------------------------------

def test_a_session_cookie_with_a_made_up_bearer_header_still_needs_the_csrf_token(tmp_path, template_db):
    protected = make_app(tmp_path, template_db, WTF_CSRF_ENABLED=True)
    make = Builders(protected, PASSWORD)
    user = make.user("quality")
    round_ = make.round()
    token = make.token(user)
    client = protected.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    url = f"/api/v1/rounds/{round_.id}/results/A1.1"

    forged = client.put(url, json={"level1_finding": True}, headers={"Authorization": "Bearer nothing-valid"})
    form = client.post("/account/tokens", data={"name": "lén"}, headers={"Authorization": "Bearer nothing-valid"})

    assert forged.status_code == 400 and form.status_code == 400
    with fresh(protected) as session:
        assert session.scalar(sa.select(sa.func.count(ApiToken.id))) == 1  # only the builder's
    assert client.put(url, json={"level1_finding": True}, headers=bearer(token)).status_code == 200  # a real token is exempt


def test_a_token_number_beyond_any_id_is_a_plain_refusal(client, auth):
    auth.login("quality")

    response = client.post("/account/tokens/revoke", data={"token_id": str(2**70)})

    assert response.status_code == 400
