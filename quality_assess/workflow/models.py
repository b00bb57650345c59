"""Team workflow: who answers which criterion by when (assignments), and evidence files."""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quality_assess.assessments.models import ItemResult, Round
from quality_assess.auth.models import User
from quality_assess.catalog.models import Criterion, SubItem
from quality_assess.database import Model, db, utcnow
from quality_assess.org.models import Department

assignment_departments = sa.Table(
    "assignment_departments",
    db.metadata,
    sa.Column("assignment_id", sa.ForeignKey("assignments.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("department_id", sa.ForeignKey("departments.id", ondelete="CASCADE"), primary_key=True, index=True),
)

assignment_assessors = sa.Table(
    "assignment_assessors",
    db.metadata,
    sa.Column("assignment_id", sa.ForeignKey("assignments.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),  # "assigned to me"
)


class Assignment(Model):
    """One criterion of one round: lead department, supporting departments, assessors, due date."""

    __tablename__ = "assignments"
    __table_args__ = (
        sa.UniqueConstraint("round_id", "criterion_id"),
        sa.ForeignKeyConstraint(["round_id", "hospital_id"], ["rounds.id", "rounds.hospital_id"], ondelete="CASCADE"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hospital_id: Mapped[int] = mapped_column(index=True)
    round_id: Mapped[int] = mapped_column()
    criterion_id: Mapped[int] = mapped_column(sa.ForeignKey("criteria.id", ondelete="RESTRICT"), index=True)
    lead_department_id: Mapped[int | None] = mapped_column(sa.ForeignKey("departments.id", ondelete="SET NULL"))
    due_date: Mapped[date | None] = mapped_column(index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(default=1)

    round: Mapped[Round] = relationship(primaryjoin="Assignment.round_id == Round.id", foreign_keys=[round_id])
    criterion: Mapped[Criterion] = relationship()
    lead_department: Mapped[Department | None] = relationship()
    supporting: Mapped[list[Department]] = relationship(secondary=assignment_departments, order_by="Department.name")
    assessors: Mapped[list[User]] = relationship(secondary=assignment_assessors, order_by="User.username")

    __mapper_args__ = {"version_id_col": version}


class Evidence(Model):
    """A file (minh chứng) attached to a criterion, or to one of its sub-items, in a round."""

    __tablename__ = "evidence"
    __table_args__ = (
        sa.ForeignKeyConstraint(["round_id", "hospital_id"], ["rounds.id", "rounds.hospital_id"], ondelete="CASCADE"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hospital_id: Mapped[int] = mapped_column(index=True)
    round_id: Mapped[int] = mapped_column(index=True)
    criterion_id: Mapped[int] = mapped_column(sa.ForeignKey("criteria.id", ondelete="RESTRICT"), index=True)
    sub_item_id: Mapped[int | None] = mapped_column(sa.ForeignKey("sub_items.id", ondelete="SET NULL"))
    original_name: Mapped[str] = mapped_column(sa.String(255))
    stored_name: Mapped[str] = mapped_column(sa.String(80), unique=True)
    mimetype: Mapped[str] = mapped_column(sa.String(120))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    round: Mapped[Round] = relationship(primaryjoin="Evidence.round_id == Round.id", foreign_keys=[round_id])
    criterion: Mapped[Criterion] = relationship()
    sub_item: Mapped[SubItem | None] = relationship()
    uploaded_by: Mapped[User | None] = relationship()


class ItemEvidence(Model):
    """A file (minh chứng) attached to an item of a TT 35/2024 round: checked and stored like Evidence."""

    __tablename__ = "item_evidence"
    __table_args__ = (
        sa.ForeignKeyConstraint(["round_id", "hospital_id"], ["rounds.id", "rounds.hospital_id"], ondelete="CASCADE"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hospital_id: Mapped[int] = mapped_column(index=True)
    round_id: Mapped[int] = mapped_column(index=True)
    item_result_id: Mapped[int] = mapped_column(sa.ForeignKey("item_results.id", ondelete="CASCADE"), index=True)
    original_name: Mapped[str] = mapped_column(sa.String(255))
    stored_name: Mapped[str] = mapped_column(sa.String(80), unique=True)
    mimetype: Mapped[str] = mapped_column(sa.String(120))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    round: Mapped[Round] = relationship(primaryjoin="ItemEvidence.round_id == Round.id", foreign_keys=[round_id])
    item_result: Mapped[ItemResult] = relationship()
    uploaded_by: Mapped[User | None] = relationship()
