"""Improvement plans (kế hoạch cải tiến chất lượng): yearly targets, plans, entries, actions, notes."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quality_assess.assessments.models import Round
from quality_assess.auth.models import User
from quality_assess.catalog.models import Criterion
from quality_assess.database import Model, one_of, utcnow
from quality_assess.org.models import Department, Hospital

PLAN_STATUSES = ("draft", "approved", "in_progress")   # dự thảo → đã phê duyệt → đang thực hiện
ACTION_STATUSES = ("todo", "doing", "done")            # chưa bắt đầu | đang thực hiện | hoàn thành


class PlanTarget(Model):
    """A hospital's goals for one year (mục tiêu)."""

    __tablename__ = "plan_targets"
    __table_args__ = (sa.UniqueConstraint("hospital_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hospital_id: Mapped[int] = mapped_column(sa.ForeignKey("hospitals.id", ondelete="RESTRICT"))
    year: Mapped[int]
    mean_min: Mapped[float | None]
    mean_max: Mapped[float | None]
    no_level_1: Mapped[bool] = mapped_column(default=True)
    xsd_target: Mapped[float | None]
    criteria: Mapped[dict[str, int]] = mapped_column(sa.JSON, default=dict)  # criterion code → target level

    def as_dict(self) -> dict[str, Any]:
        return {"mean_min": self.mean_min, "mean_max": self.mean_max, "no_level_1": self.no_level_1,
                "xsd_target": self.xsd_target, "criteria": dict(self.criteria or {})}


class Plan(Model):
    __tablename__ = "plans"
    __table_args__ = (
        sa.UniqueConstraint("hospital_id", "year"),
        sa.UniqueConstraint("id", "hospital_id"),  # the target of plan_entries' (plan_id, hospital_id)
        # The plan is built from a round of its own hospital.
        sa.ForeignKeyConstraint(["round_id", "hospital_id"], ["rounds.id", "rounds.hospital_id"], ondelete="RESTRICT"),
        one_of("status", PLAN_STATUSES),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hospital_id: Mapped[int] = mapped_column(sa.ForeignKey("hospitals.id", ondelete="RESTRICT"))
    year: Mapped[int]
    round_id: Mapped[int] = mapped_column(index=True)
    status: Mapped[str] = mapped_column(sa.String(20), default="draft")
    include_level_3: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    approved_at: Mapped[datetime | None]
    approved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    # Who last changed the plan's content (entries, targets, actions): under four eyes they may not approve it.
    edited_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    # Set when a content change took an approval back (operations.reopen_if_approved); cleared by the next approval.
    approval_withdrawn_at: Mapped[datetime | None]
    approval_withdrawn_reason: Mapped[str | None] = mapped_column(sa.Text)

    hospital: Mapped[Hospital] = relationship()
    round: Mapped[Round] = relationship(primaryjoin="Plan.round_id == Round.id", foreign_keys=[round_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])
    edited_by: Mapped[User | None] = relationship(foreign_keys=[edited_by_id])
    entries: Mapped[list[PlanEntry]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", passive_deletes=True,
        primaryjoin="Plan.id == PlanEntry.plan_id", foreign_keys="PlanEntry.plan_id",
    )

    @property
    def needs_reapproval(self) -> bool:
        """Approved once, then changed: the director must approve it again (cần phê duyệt lại)."""
        return self.status == "draft" and self.approval_withdrawn_at is not None


class PlanEntry(Model):
    """One criterion to improve: its level when the plan was (re)generated and the level aimed at."""

    __tablename__ = "plan_entries"
    __table_args__ = (
        sa.UniqueConstraint("plan_id", "criterion_id"),
        sa.UniqueConstraint("id", "hospital_id"),  # the target of plan_actions' (entry_id, hospital_id)
        sa.ForeignKeyConstraint(["plan_id", "hospital_id"], ["plans.id", "plans.hospital_id"], ondelete="CASCADE"),
        sa.CheckConstraint("current_level BETWEEN 1 AND 5", name="current_level"),
        sa.CheckConstraint("target_level BETWEEN 1 AND 5", name="target_level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column()
    hospital_id: Mapped[int] = mapped_column(index=True)
    criterion_id: Mapped[int] = mapped_column(sa.ForeignKey("criteria.id", ondelete="RESTRICT"), index=True)
    current_level: Mapped[int]
    target_level: Mapped[int]

    plan: Mapped[Plan] = relationship(back_populates="entries", primaryjoin="Plan.id == PlanEntry.plan_id", foreign_keys=[plan_id])
    criterion: Mapped[Criterion] = relationship()
    actions: Mapped[list[Action]] = relationship(
        back_populates="entry", order_by="Action.id", cascade="all, delete-orphan", passive_deletes=True,
        primaryjoin="PlanEntry.id == Action.entry_id", foreign_keys="Action.entry_id",
    )


class Action(Model):
    """A hành động under an entry: what, who, when, how far."""

    __tablename__ = "plan_actions"
    __table_args__ = (
        sa.UniqueConstraint("id", "hospital_id"),  # the target of plan_progress_notes' (action_id, hospital_id)
        sa.ForeignKeyConstraint(["entry_id", "hospital_id"], ["plan_entries.id", "plan_entries.hospital_id"], ondelete="CASCADE"),
        one_of("status", ACTION_STATUSES),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(index=True)
    hospital_id: Mapped[int] = mapped_column(index=True)
    text: Mapped[str] = mapped_column(sa.Text)
    department_id: Mapped[int | None] = mapped_column(sa.ForeignKey("departments.id", ondelete="SET NULL"), index=True)
    responsible_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    start_date: Mapped[date | None]
    due_date: Mapped[date | None]
    status: Mapped[str] = mapped_column(sa.String(20), default="todo")
    evidence: Mapped[str] = mapped_column(sa.Text, default="")   # one URL or description per line
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    entry: Mapped[PlanEntry] = relationship(back_populates="actions", primaryjoin="PlanEntry.id == Action.entry_id", foreign_keys=[entry_id])
    department: Mapped[Department | None] = relationship()
    responsible: Mapped[User | None] = relationship()
    notes: Mapped[list[ProgressNote]] = relationship(
        back_populates="action", order_by="ProgressNote.id", cascade="all, delete-orphan", passive_deletes=True,
        primaryjoin="Action.id == ProgressNote.action_id", foreign_keys="ProgressNote.action_id",
    )

    @property
    def evidence_lines(self) -> list[str]:
        return [line.strip() for line in self.evidence.splitlines() if line.strip()]


class ProgressNote(Model):
    __tablename__ = "plan_progress_notes"
    __table_args__ = (
        sa.ForeignKeyConstraint(["action_id", "hospital_id"], ["plan_actions.id", "plan_actions.hospital_id"], ondelete="CASCADE"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(index=True)
    hospital_id: Mapped[int] = mapped_column(index=True)
    on: Mapped[date]
    text: Mapped[str] = mapped_column(sa.Text)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(default=utcnow)

    action: Mapped[Action] = relationship(back_populates="notes", primaryjoin="Action.id == ProgressNote.action_id", foreign_keys=[action_id])
    user: Mapped[User | None] = relationship()
