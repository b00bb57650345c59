"""Nobody can lock another person out: guesses lock only the (account, address) pair, the account is
only slowed down across addresses, and every lockout is in the trail."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from quality_assess.auth.models import LoginFailure, User
from quality_assess.auth.throttle import ACCOUNT_POLICY, SLOW_DOWN_FROM, SLOW_DOWN_MAX, slow_down
from quality_assess.database import utcnow
from quality_assess.history.models import ChangeLog
from tests.conftest import PASSWORD, fresh, reload, scalars


def login(client, username, password=PASSWORD, address="10.0.0.1"):
    return client.post("/login", data={"username": username, "password": password}, environ_base={"REMOTE_ADDR": address})


@pytest.fixture
def throttled(app):
    app.config["RATELIMIT_ENABLED"] = True
    return app


def time_passes(app, user) -> None:
    """The short waits between tries have passed (the 15-minute lock is not a short wait: tests say when)."""
    with fresh(app) as session:
        session.get(User, user.id).locked_until = None
        for pair in session.scalars(sa.select(LoginFailure).where(LoginFailure.user_id == user.id)):
            if pair.failures < ACCOUNT_POLICY[1]:
                pair.locked_until = None


def test_a_stranger_guessing_the_directors_password_does_not_lock_the_director_out(app, throttled, client, make):
    director = make.user("director")
    for _ in range(ACCOUNT_POLICY[1] + 2):
        time_passes(app, director)
        login(client, director.username, "doan-bua", address="10.6.6.6")
    assert login(client, director.username, address="10.6.6.6").status_code == 429  # the stranger is locked …

    assert login(client, director.username, address="10.0.0.1").status_code == 302  # … the director is not


def test_a_lockout_is_recorded_in_the_trail(app, throttled, client, make):
    user = make.user("assessor")
    for _ in range(ACCOUNT_POLICY[1]):
        time_passes(app, user)
        login(client, user.username, "sai-mat-khau", address="10.6.6.7")

    rows = scalars(app, sa.select(ChangeLog).where(ChangeLog.entity == "user", ChangeLog.entity_id == user.id))
    assert [(r.field, r.new) for r in rows] == [("login_locked", "10.6.6.7")]
    assert rows[0].hospital_id == user.hospital_id


def test_guessing_one_account_from_many_addresses_is_slowed_down_never_locked(app, throttled, client, make):
    user = make.user("quality")
    for n in range(SLOW_DOWN_FROM):
        assert login(client, user.username, "sai", address=f"10.5.0.{n}").status_code == 401  # one try each: no pair waits

    waiting = login(client, user.username, address="10.0.0.1")
    assert waiting.status_code == 429  # even the owner waits a little …
    user = reload(app, user)
    assert user.locked_until <= utcnow() + SLOW_DOWN_MAX  # … a minute at most, never the 15-minute lock

    time_passes(app, user)
    assert login(client, user.username, address="10.0.0.1").status_code == 302


def test_the_account_wide_wait_grows_but_stays_short():
    assert slow_down(SLOW_DOWN_FROM - 1) is None
    assert slow_down(SLOW_DOWN_FROM) == timedelta(seconds=30)
    assert slow_down(SLOW_DOWN_FROM + 50) == SLOW_DOWN_MAX == timedelta(minutes=1)
