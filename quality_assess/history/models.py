"""The audit trail: who changed what, when, old → new. Written by operations, never by routes."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quality_assess.database import db, utcnow

if TYPE_CHECKING:
    from quality_assess.auth.models import User


class ChangeLog(db.Model):
    __tablename__ = "change_log"
    __table_args__ = (sa.Index("ix_change_log_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hospital_id: Mapped[int | None] = mapped_column(sa.ForeignKey("hospitals.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    entity: Mapped[str] = mapped_column(sa.String(40))        # result | round | assignment | action | xsd_audit …
    entity_id: Mapped[int]
    round_id: Mapped[int | None] = mapped_column(sa.ForeignKey("rounds.id"), index=True)
    criterion_code: Mapped[str | None] = mapped_column(sa.String(20))
    field: Mapped[str] = mapped_column(sa.String(80))
    old: Mapped[str | None] = mapped_column(sa.Text)
    new: Mapped[str | None] = mapped_column(sa.Text)

    user: Mapped[User | None] = relationship()


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def record(
    entity: str,
    entity_id: int,
    changes: dict[str, tuple[Any, Any]],
    *,
    user: User | None,
    hospital_id: int | None,
    round_id: int | None = None,
    criterion_code: str | None = None,
) -> None:
    """Add one row per changed field to the session (the caller commits with its own change)."""
    for name, (old, new) in changes.items():
        if _text(old) == _text(new):
            continue
        db.session.add(
            ChangeLog(
                hospital_id=hospital_id,
                user_id=user.id if user is not None else None,
                entity=entity,
                entity_id=entity_id,
                round_id=round_id,
                criterion_code=criterion_code,
                field=name,
                old=_text(old),
                new=_text(new),
            )
        )
