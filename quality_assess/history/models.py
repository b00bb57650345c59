"""The audit trail: who changed what, when, old → new. Written by operations, never by routes."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quality_assess.database import Model, db, one_of, utcnow

# What a trail row is about (the `entity` of record()).
ENTITIES = (
    "action", "assignment", "catalog", "department", "evidence", "framework_item", "hospital", "item_result", "plan",
    "plan_entry", "plan_target",
    "report_text", "result", "round", "user", "xsd_audit", "xsd_follow_up", "xsd_team", "xsd_template",
)

if TYPE_CHECKING:
    from quality_assess.auth.models import User


class ChangeLog(Model):
    __tablename__ = "change_log"
    __table_args__ = (
        sa.Index("ix_change_log_entity", "entity", "entity_id"),
        sa.Index("ix_change_log_round_id_criterion_code_at", "round_id", "criterion_code", "at"),  # a criterion's history
        one_of("entity", ENTITIES),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The trail outlives what it describes: a deleted user or round leaves its rows (entity_id still says which).
    hospital_id: Mapped[int | None] = mapped_column(sa.ForeignKey("hospitals.id", ondelete="RESTRICT"), index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    entity: Mapped[str] = mapped_column(sa.String(40))        # one of ENTITIES
    entity_id: Mapped[int]
    round_id: Mapped[int | None] = mapped_column(sa.ForeignKey("rounds.id", ondelete="SET NULL"))
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
