"""Sessions end when they should: a copied session or remember-me cookie stops working at logout,
at a password change (other browsers), at an admin's reset, a role change and a deactivation."""
from __future__ import annotations

import pytest

from tests.conftest import PASSWORD, reload

HOME = "/"


def signed_in(client) -> bool:
    response = client.get(HOME)
    return response.status_code == 200


def log_in(client, user, remember: bool = False):
    data = {"username": user.username, "password": PASSWORD} | ({"remember": "y"} if remember else {})
    response = client.post("/login", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def copy_of(app, client, *names: str):
    """Another browser holding only the given cookies of `client` (what a thief would copy)."""
    other = app.test_client()
    for name in names:
        cookie = client.get_cookie(name)
        assert cookie is not None, name
        other.set_cookie(name, cookie.value)
    return other


def test_a_session_cookie_copied_before_logout_does_not_work_after_it(app, client, make):
    user = make.user("quality")
    log_in(client, user)
    thief = copy_of(app, client, "session")
    assert signed_in(thief)  # the copy works while the session lives …

    client.post("/logout")

    assert not signed_in(thief)  # … and stops with the logout
    assert thief.get(HOME).headers["Location"].startswith("/login")


def test_a_remember_me_cookie_does_not_survive_logout(app, client, make):
    user = make.user("quality")
    log_in(client, user, remember=True)
    thief = copy_of(app, client, "remember_token")
    assert signed_in(thief)  # the cookie alone logs in (that is what it is for)

    client.post("/logout")

    assert not signed_in(copy_of(app, thief, "remember_token"))


def test_a_password_change_ends_every_other_session_and_remember_me_cookie(app, client, make):
    user = make.user("quality")
    log_in(client, user)
    office = app.test_client()
    log_in(office, user, remember=True)
    remembered = copy_of(app, office, "remember_token")

    response = client.post("/account/password", data={"current": PASSWORD, "new": "Mua-xuan-tren-doi-che", "confirm": "Mua-xuan-tren-doi-che"})

    assert response.status_code == 302
    assert signed_in(client)  # the browser that changed it goes on
    assert not signed_in(office)
    assert not signed_in(remembered)


@pytest.mark.parametrize("action", ["reset", "role", "deactivate"])
def test_an_admin_reset_role_change_or_deactivation_ends_the_users_sessions(app, client, auth, make, action):
    user = make.user("quality")
    browser = app.test_client()
    log_in(browser, user, remember=True)
    remembered = copy_of(app, browser, "remember_token")
    auth.login("admin")

    if action == "reset":
        response = client.post(f"/users/{user.id}/reset", data={"confirm": "y"})
    elif action == "role":
        response = client.post(f"/users/{user.id}/account", data={"role": "assessor", "active": "y"})
    else:
        response = client.post(f"/users/{user.id}/account", data={"role": "quality"})

    assert response.status_code == 302
    assert not signed_in(browser) and not signed_in(remembered)
    changed = reload(app, user)
    assert changed.session_generation == 1
    if action == "role":
        assert changed.role == "assessor" and changed.active
    if action == "deactivate":
        assert not changed.active and changed.role == "quality"


def test_saving_an_account_unchanged_keeps_its_sessions(app, client, auth, make):
    user = make.user("quality")
    browser = app.test_client()
    log_in(browser, user)
    auth.login("admin")

    client.post(f"/users/{user.id}/account", data={"role": "quality", "active": "y"})

    assert signed_in(browser)


def test_a_session_of_the_old_kind_without_a_generation_is_asked_to_log_in(app, client, make):
    user = make.user("quality")
    with client.session_transaction() as session:  # what a cookie from before this version holds
        session["_user_id"] = str(user.id)
        session["_fresh"] = True

    assert not signed_in(client)
