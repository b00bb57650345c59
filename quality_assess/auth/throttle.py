"""Login throttling: failures per account and per client address, doubling waits, then a lock.

The counters are bookkeeping of a refused login: the login route keeps them even though its response
is a refusal (see quality_assess.web.transaction.keep_changes).
"""
from __future__ import annotations

import math
from datetime import datetime, timedelta, UTC

from flask import request
from flask_babel import format_datetime
from flask_babel import gettext as _

from quality_assess.auth.models import LoginAddress, User
from quality_assess.database import db, utcnow

# (failures from which each new failure waits, failures at which the login locks)
ACCOUNT_POLICY = (3, 5)
ADDRESS_POLICY = (10, 20)   # looser: a whole ward may share one address behind NAT
FIRST_DELAY = timedelta(seconds=30)
LOCK_TIME = timedelta(minutes=15)


def lockout(failures: int, policy: tuple[int, int]) -> timedelta | None:
    """How long logins wait after `failures` failures in a row: none, then doubling waits, then the lock."""
    slow_from, lock_at = policy
    if failures >= lock_at:
        return LOCK_TIME
    if failures >= slow_from:
        return min(FIRST_DELAY * 2 ** (failures - slow_from), LOCK_TIME)
    return None


def client_address() -> str:
    return (request.remote_addr or "unknown")[:45]


def locked_until(user: User | None, address: str) -> datetime | None:
    """The later of the account's and the address's lock, if either is still running."""
    now = utcnow()
    row = db.session.get(LoginAddress, address)
    ends = [t for t in (user.locked_until if user else None, row.locked_until if row else None) if t and t > now]
    return max(ends) if ends else None


def record_failure(user: User | None, address: str) -> None:
    now = utcnow()
    if user is not None:
        user.failed_logins = (user.failed_logins or 0) + 1
        wait = lockout(user.failed_logins, ACCOUNT_POLICY)
        user.locked_until = now + wait if wait else None
    row = db.session.get(LoginAddress, address) or LoginAddress(address=address, failures=0)
    row.failures += 1
    row.last_failure_at = now
    wait = lockout(row.failures, ADDRESS_POLICY)
    row.locked_until = now + wait if wait else None
    db.session.add(row)
    db.session.flush()


def record_success(user: User, address: str) -> None:
    user.failed_logins, user.locked_until = 0, None
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
