"""In-app notifications: one row per user and event (assigned, returned, approved, a plan to approve,
due soon, overdue, a carried criterion to confirm). The text is built when shown, in the reader's language."""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from quality_assess.database import Model, one_of, utcnow

ASSIGNED = "assigned"
RETURNED = "returned"
APPROVED = "approved"
PLAN_TO_APPROVE = "plan_to_approve"
DUE_SOON = "due_soon"
OVERDUE = "overdue"
TO_CONFIRM = "to_confirm"        # a criterion carried from an earlier round (assessments.signals.criteria_to_confirm)
KINDS = (ASSIGNED, RETURNED, APPROVED, PLAN_TO_APPROVE, DUE_SOON, OVERDUE, TO_CONFIRM)


class Notification(Model):
    __tablename__ = "notifications"
    __table_args__ = (
        one_of("kind", KINDS),
        # An event told once per person: the reminders command, run every day, does not repeat "due on 25/11".
        sa.UniqueConstraint("user_id", "key"),
        sa.Index("ix_notifications_user_id_created_at", "user_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(20))
    subject: Mapped[str] = mapped_column(sa.String(300), default="")  # the work's own words: "A1.1 … — Tự đánh giá 2026"
    comment: Mapped[str | None] = mapped_column(sa.Text)             # a reviewer's comment on a return
    round_id: Mapped[int | None] = mapped_column(sa.ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    criterion_code: Mapped[str | None] = mapped_column(sa.String(20))
    plan_id: Mapped[int | None] = mapped_column(sa.ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    due_date: Mapped[date | None]
    key: Mapped[str | None] = mapped_column(sa.String(200))  # None: every such event is new
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]

    @property
    def read(self) -> bool:
        return self.read_at is not None
