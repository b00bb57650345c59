"""Writing and reading notifications. Receivers (receivers.py) decide who hears of what; these
functions store it, mark it read and list it. Like every operation they flush and never commit."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import sqlalchemy as sa

from quality_assess.auth.models import User
from quality_assess.database import db, utcnow
from quality_assess.domain import ValidationError
from quality_assess.notifications.models import KINDS, Notification

PAGE = 200  # the list shows the newest this many


def notify(
    users: Iterable[User | None], kind: str, *, subject: str, by: User | None = None, comment: str | None = None,
    round_id: int | None = None, criterion_code: str | None = None, plan_id: int | None = None,
    due_date: date | None = None, key: str | None = None,
) -> list[Notification]:
    """One notification per (active) user, never to `by` about their own act; a `key` the user was
    already told of is skipped, so telling the same event twice is harmless."""
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    made = []
    seen: set[int] = set()
    for user in users:
        if user is None or not user.active or user.id in seen or (by is not None and user.id == by.id):
            continue
        seen.add(user.id)
        if key is not None and db.session.scalar(sa.select(Notification.id).where(Notification.user_id == user.id, Notification.key == key)):
            continue
        row = Notification(user_id=user.id, kind=kind, subject=subject[:300], comment=comment or None, round_id=round_id,
                           criterion_code=criterion_code, plan_id=plan_id, due_date=due_date, key=key, created_at=utcnow())
        db.session.add(row)
        made.append(row)
    db.session.flush()
    return made


def newest(user: User, *, unread_only: bool = False, limit: int = PAGE) -> Sequence[Notification]:
    """The user's notifications, newest first."""
    query = sa.select(Notification).where(Notification.user_id == user.id)
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    return db.session.scalars(query.order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit)).all()


def unread_count(user: User) -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    ) or 0


def mark_read(user: User, ids: Sequence[int] | None) -> int:
    """Mark the user's own notifications read (all of them when `ids` is None); returns how many changed.
    An id that is not one of the user's is refused, naming it."""
    query = sa.select(Notification).where(Notification.user_id == user.id)
    if ids is not None:
        rows = db.session.scalars(query.where(Notification.id.in_(ids))).all()
        missing = sorted(set(ids) - {r.id for r in rows})
        if missing:
            raise ValidationError("Không có thông báo số %(ids)s của bạn.", field="ids", ids=", ".join(map(str, missing)))
    else:
        rows = db.session.scalars(query.where(Notification.read_at.is_(None))).all()
    now, changed = utcnow(), 0
    for row in rows:
        if row.read_at is None:
            row.read_at, changed = now, changed + 1
    db.session.flush()
    return changed
