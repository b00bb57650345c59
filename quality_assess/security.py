"""Hardening every response and the login: headers, cookie flags, forced password change, throttling."""
from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from flask import Flask, Response, redirect, request, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.middleware.proxy_fix import ProxyFix

from quality_assess.auth.models import User
from quality_assess.database import db, utcnow

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
# Endpoints a user who must change a generated password may still reach.
PASSWORD_CHANGE_EXEMPT = {"auth.password", "auth.logout", "auth.login", "static", "main.favicon"}

# (failures from which each new failure waits, failures at which the login locks)
ACCOUNT_POLICY = (3, 5)
ADDRESS_POLICY = (10, 20)   # looser: a whole ward may share one address behind NAT
FIRST_DELAY = timedelta(seconds=30)
LOCK_TIME = timedelta(minutes=15)


class LoginAddress(db.Model):
    """Failed logins per client address (accounts keep theirs on users.failed_logins)."""

    __tablename__ = "login_addresses"

    address: Mapped[str] = mapped_column(sa.String(45), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    last_failure_at: Mapped[datetime] = mapped_column(default=utcnow)


def lockout(failures: int, policy: tuple[int, int]) -> timedelta | None:
    """How long logins wait after `failures` failures in a row: none, then doubling waits, then the lock."""
    slow_from, lock_at = policy
    if failures >= lock_at:
        return LOCK_TIME
    if failures >= slow_from:
        return min(FIRST_DELAY * 2 ** (failures - slow_from), LOCK_TIME)
    return None


def init_security(app: Flask) -> None:
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies:  # behind nginx: the client's address and scheme come from X-Forwarded-For/-Proto
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    app.session_interface = HttpsAwareSessionInterface()
    app.after_request(add_security_headers)
    app.before_request(require_password_change)


class HttpsAwareSessionInterface(SecureCookieSessionInterface):
    """Cookies are Secure when configured so or when this request came over HTTPS.

    Saving the session is the last step of a response (after every after_request hook, Flask-Login's
    remember cookie included), so this is where every cookie of the response gets the flag.
    """

    def get_cookie_secure(self, app: Flask) -> bool:
        return super().get_cookie_secure(app) or request.is_secure

    def save_session(self, app: Flask, session, response: Response) -> None:
        super().save_session(app, session, response)
        if self.get_cookie_secure(app):
            cookies = response.headers.getlist("Set-Cookie")
            if any("; Secure" not in cookie for cookie in cookies):
                response.headers.remove("Set-Cookie")
                for cookie in cookies:
                    response.headers.add("Set-Cookie", cookie if "; Secure" in cookie else cookie + "; Secure")


def add_security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def require_password_change():
    """A generated password is changed before anything else (browser sessions; API tokens are for scripts)."""
    if request.endpoint in PASSWORD_CHANGE_EXEMPT or request.path.startswith("/api/"):
        return None
    if current_user.is_authenticated and current_user.must_change_password:
        return redirect(url_for("auth.password"))
    return None


# ---- login throttling ------------------------------------------------------------------------

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
    db.session.commit()


def record_success(user: User, address: str) -> None:
    user.failed_logins, user.locked_until = 0, None
    row = db.session.get(LoginAddress, address)
    if row is not None:
        db.session.delete(row)


def lock_message(until: datetime) -> str:
    minutes = max(1, math.ceil((until - utcnow()).total_seconds() / 60))
    when = format_datetime(until.replace(tzinfo=timezone.utc), format="HH:mm:ss dd/MM/yyyy")
    return _(
        "Đăng nhập tạm thời bị khóa vì nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau %(time)s (khoảng %(minutes)s phút nữa).",
        time=when, minutes=minutes,
    )
