"""The one place the time is read, and the hospital's time zone.

Times are stored in UTC, naive (`utcnow()`), the same on SQLite and PostgreSQL. Everything a user
sees, prints or gets as a default (today's date on a PDF, the default audit date, what is overdue)
is in the hospital's zone: `Hospital.timezone` when set, else the installation's `TIMEZONE`
(default Asia/Ho_Chi_Minh). At 20:30 UTC it is already the next day in Viet Nam, so a date taken
from the UTC clock is a day early every evening.

Tests pin `now()`; nothing else reads the system clock.
"""
from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import current_app, has_app_context

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"


class HasTimezone(Protocol):
    """A hospital, or anything with its optional `timezone` (clock imports no domain)."""

    timezone: str | None


def now() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC)


def utcnow() -> datetime:
    """The current time as it is stored: naive UTC."""
    return now().replace(tzinfo=None)


def parse_zone(name: str | None) -> ZoneInfo:
    """The IANA zone called `name` ("Asia/Ho_Chi_Minh"); ValueError when there is none."""
    if not name or not isinstance(name, str) or name != name.strip():
        raise ValueError(f"not a time zone: {name!r}")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as error:  # OSError: a path-like name
        raise ValueError(f"not a time zone: {name!r}") from error


def is_zone(name: str | None) -> bool:
    try:
        parse_zone(name)
    except ValueError:
        return False
    return True


def installation_zone_name() -> str:
    """The installation's `TIMEZONE` (checked at start-up by config.load_config)."""
    if not has_app_context():
        return DEFAULT_TIMEZONE
    return current_app.config.get("TIMEZONE") or DEFAULT_TIMEZONE


def zone(hospital: HasTimezone | None = None) -> ZoneInfo:
    """The hospital's zone: its own when set, else the installation's `TIMEZONE`."""
    own = getattr(hospital, "timezone", None)
    return parse_zone(own or installation_zone_name())


def as_utc(value: datetime) -> datetime:
    """A stored time as an aware UTC time: naive values (SQLite, our columns) are UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def local(value: datetime, hospital: HasTimezone | None = None) -> datetime:
    """A stored (UTC) time in the hospital's zone, aware."""
    return as_utc(value).astimezone(zone(hospital))


def iso(value: datetime | None, hospital: HasTimezone | None = None) -> str | None:
    """A stored time for JSON: ISO 8601 in the hospital's zone, with its offset (2026-12-01T03:30:00+07:00)."""
    return None if value is None else local(value, hospital).isoformat()


def today(hospital: HasTimezone | None = None) -> date:
    """Today's date in the hospital's zone."""
    return local(now(), hospital).date()
