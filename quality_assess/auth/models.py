"""Users and API tokens."""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from quality_assess.auth.roles import (
    ALL_ROLES, INSTALLATION_ROLE_LABELS, INSTALLATION_ROLES, ROLE_LABELS, installation_role_has, role_has,
)
from quality_assess.database import Model, one_of, utcnow

if TYPE_CHECKING:
    from quality_assess.org.models import Department, Hospital


@cache
def _unguessable_hash() -> str:
    """A hash made like every user's (same method and cost), of a password nobody knows."""
    return generate_password_hash(secrets.token_urlsafe(32))


def check_unknown_password(password: str) -> bool:
    """The work of checking a password, for a username that does not exist: the refusal then takes
    as long as a wrong password, so timing does not tell which usernames exist. Always False."""
    check_password_hash(_unguessable_hash(), password)
    return False


# Which hospitals a province inspector (roles.INSPECTOR) is given: the installation admin sets them.
inspector_hospitals = sa.Table(
    "inspector_hospitals",
    Model.metadata,
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("hospital_id", sa.ForeignKey("hospitals.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class User(UserMixin, Model):
    __tablename__ = "users"
    __table_args__ = (one_of("role", ALL_ROLES), one_of("installation_role", INSTALLATION_ROLES))

    id: Mapped[int] = mapped_column(primary_key=True)
    hospital_id: Mapped[int | None] = mapped_column(sa.ForeignKey("hospitals.id", ondelete="RESTRICT"), index=True)
    department_id: Mapped[int | None] = mapped_column(sa.ForeignKey("departments.id", ondelete="SET NULL"))
    username: Mapped[str] = mapped_column(sa.String(80), unique=True)
    full_name: Mapped[str] = mapped_column(sa.String(200), default="")
    email: Mapped[str | None] = mapped_column(sa.String(200))
    password_hash: Mapped[str] = mapped_column(sa.String(256))
    role: Mapped[str] = mapped_column(sa.String(20))
    locale: Mapped[str | None] = mapped_column(sa.String(5))
    active: Mapped[bool] = mapped_column(default=True)
    must_change_password: Mapped[bool] = mapped_column(default=False)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    # Sessions and remember-me cookies carry "id:generation" (get_id); bumping it ends them all.
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")
    # Above every hospital: None, or one of roles.INSTALLATION_ROLES.
    installation_role: Mapped[str | None] = mapped_column(sa.String(20))

    hospital: Mapped[Hospital | None] = relationship()
    department: Mapped[Department | None] = relationship()
    inspected_hospitals: Mapped[list[Hospital]] = relationship(secondary=inspector_hospitals, order_by="Hospital.name")

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    def get_id(self) -> str:  # Flask-Login: what the session and the remember-me cookie hold
        return f"{self.id}:{self.session_generation or 0}"

    def end_sessions(self) -> None:
        """Every session and remember-me cookie issued so far stops working (checked on each request)."""
        self.session_generation = (self.session_generation or 0) + 1

    def can(self, capability: str) -> bool:
        return role_has(self.role, capability) or installation_role_has(self.installation_role, capability)

    @property
    def inspected_hospital_ids(self) -> list[int]:
        """The hospitals whose inspection rounds this account writes (an inspector's; empty for anyone else)."""
        if not self.can("inspection.write"):
            return []
        return [h.id for h in self.inspected_hospitals]

    @property
    def installation_role_label(self) -> str:
        return str(INSTALLATION_ROLE_LABELS.get(self.installation_role, "")) if self.installation_role else ""

    @property
    def role_label(self) -> str:
        return str(ROLE_LABELS.get(self.role, self.role))

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


TOKEN_LIFETIME = timedelta(days=90)
TOKEN_NAME_MAX = 100


class ApiToken(Model):
    """A bearer token for scripts; only its SHA-256 is stored. It works until it expires or is revoked."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    name: Mapped[str] = mapped_column(sa.String(TOKEN_NAME_MAX), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()

    @staticmethod
    def digest(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def issue(cls, user: User, name: str = "", lifetime: timedelta = TOKEN_LIFETIME) -> tuple[ApiToken, str]:
        token = secrets.token_urlsafe(32)
        row = cls(user=user, token_hash=cls.digest(token), name=name, created_at=utcnow(), expires_at=utcnow() + lifetime)
        return row, token

    def usable(self, now: datetime | None = None) -> bool:
        now = now or utcnow()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)

    @property
    def expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= utcnow()


class LoginFailure(Model):
    """Failed logins of one account from one client address: only this pair is locked out, so a
    stranger's guesses never lock the account's owner out of their own computer."""

    __tablename__ = "login_failures"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    address: Mapped[str] = mapped_column(sa.String(45), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    last_failure_at: Mapped[datetime] = mapped_column(default=utcnow)


class LoginAddress(Model):
    """Failed logins per client address, whatever the account (users.failed_logins counts the
    account's failures from every address, which only slow it down: see auth/throttle.py)."""

    __tablename__ = "login_addresses"

    address: Mapped[str] = mapped_column(sa.String(45), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    last_failure_at: Mapped[datetime] = mapped_column(default=utcnow)
