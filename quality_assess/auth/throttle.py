"""Login throttling, so that guessing is slow but nobody can lock another person out.

- one account from one client address: doubling waits, then a 15-minute lock of that pair only
  (recorded in the trail); the owner at their own computer is not affected by a stranger's guesses;
- one account from every address: only slowed down (short waits, never a lock), so guessing one
  account from many computers is slow too;
- one address, whatever the accounts: doubling waits, then a lock (looser: a ward may share it).

The counters are bookkeeping of a refused login: the login route keeps them even though its response
is a refusal (see quality_assess.web.transaction.keep_changes).
"""
from __future__ import annotations

import math
from datetime import datetime, timedelta, UTC

from flask import request
from flask_babel import format_datetime
from flask_babel import gettext as _

from quality_assess.auth.models import LoginAddress, LoginFailure, User
from quality_assess.database import db, utcnow
from quality_assess.history.models import record

# (failures from which each new failure waits, failures at which the login locks)
ACCOUNT_POLICY = (3, 5)     # one account from one address (LoginFailure)
ADDRESS_POLICY = (10, 20)   # looser: a whole ward may share one address behind NAT
SLOW_DOWN_FROM = 10         # one account from every address (users.failed_logins): waits only
FIRST_DELAY = timedelta(seconds=30)
LOCK_TIME = timedelta(minutes=15)
SLOW_DOWN_MAX = timedelta(minutes=1)


def lockout(failures: int, policy: tuple[int, int]) -> timedelta | None:
    """How long logins wait after `failures` failures in a row: none, then doubling waits, then the lock."""
    slow_from, lock_at = policy
    if failures >= lock_at:
        return LOCK_TIME
    if failures >= slow_from:
        return min(FIRST_DELAY * 2 ** (failures - slow_from), LOCK_TIME)
    return None


def slow_down(failures: int) -> timedelta | None:
    """The account-wide wait after `failures` failures from any address: short, never a lock."""
    if failures < SLOW_DOWN_FROM:
        return None
    return min(FIRST_DELAY * 2 ** min(failures - SLOW_DOWN_FROM, 8), SLOW_DOWN_MAX)


def client_address() -> str:
    return (request.remote_addr or "unknown")[:45]


def locked_until(user: User | None, address: str) -> datetime | None:
    """The latest running wait or lock of the pair, the account (a slow-down) and the address."""
    now = utcnow()
    row = db.session.get(LoginAddress, address)
    pair = db.session.get(LoginFailure, (user.id, address)) if user is not None else None
    candidates = (user.locked_until if user else None, pair.locked_until if pair else None, row.locked_until if row else None)
    ends = [t for t in candidates if t and t > now]
    return max(ends) if ends else None


def record_failure(user: User | None, address: str) -> None:
    now = utcnow()
    if user is not None:
        user.failed_logins = (user.failed_logins or 0) + 1
        wait = slow_down(user.failed_logins)
        user.locked_until = now + wait if wait else None
        pair = db.session.get(LoginFailure, (user.id, address)) or LoginFailure(user_id=user.id, address=address, failures=0)
        pair.failures += 1
        pair.last_failure_at = now
        wait = lockout(pair.failures, ACCOUNT_POLICY)
        pair.locked_until = now + wait if wait else None
        db.session.add(pair)
        if pair.failures >= ACCOUNT_POLICY[1]:  # a lock starts: say so in the trail
            record("user", user.id, {"login_locked": (None, address)}, user=None, hospital_id=user.hospital_id)
    row = db.session.get(LoginAddress, address) or LoginAddress(address=address, failures=0)
    row.failures += 1
    row.last_failure_at = now
    wait = lockout(row.failures, ADDRESS_POLICY)
    row.locked_until = now + wait if wait else None
    db.session.add(row)
    db.session.flush()


def record_success(user: User, address: str) -> None:
    user.failed_logins, user.locked_until = 0, None
    pair = db.session.get(LoginFailure, (user.id, address))
    if pair is not None:
        db.session.delete(pair)
    row = db.session.get(LoginAddress, address)
    if row is not None:
        db.session.delete(row)


def lock_message(until: datetime) -> str:
    minutes = max(1, math.ceil((until - utcnow()).total_seconds() / 60))
    when = format_datetime(until.replace(tzinfo=UTC), format="HH:mm:ss dd/MM/yyyy")
    return _(
        "Đăng nhập tạm thời bị khóa vì nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau %(time)s (khoảng %(minutes)s phút nữa).",
        time=when, minutes=minutes,
    )
