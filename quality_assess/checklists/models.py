"""Xanh – Sạch – Đẹp: checklist templates (groups → items as rows), audits, answers, follow-up actions."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quality_assess.auth.models import User
from quality_assess.database import Model, one_of, utcnow
from quality_assess.org.models import Department

AUDIT_STATUSES = ("draft", "submitted")
FOLLOW_UP_STATUSES = ("not_started", "in_progress", "done")


class ChecklistTemplate(Model):
    """One version of a checklist. hospital_id None = shipped for every hospital."""

    __tablename__ = "xsd_templates"
    __table_args__ = (sa.UniqueConstraint("hospital_id", "code", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hospital_id: Mapped[int | None] = mapped_column(sa.ForeignKey("hospitals.id", ondelete="RESTRICT"))
    code: Mapped[str] = mapped_column(sa.String(60))
    version: Mapped[int] = mapped_column(default=1)
    name: Mapped[str] = mapped_column(sa.String(300))
    source: Mapped[str] = mapped_column(sa.Text, default="")
    total_points: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Grade bands of this template ([{"min", "label"}], highest first); None: the hospital's xsd_bands.
    bands: Mapped[list[dict[str, Any]] | None] = mapped_column(sa.JSON)

    groups: Mapped[list[ChecklistGroup]] = relationship(
        back_populates="template", order_by="ChecklistGroup.position", cascade="all, delete-orphan"
    )

    @property
    def items(self) -> list[ChecklistItem]:
        return [item for group in self.groups for item in group.items]

    @property
    def label(self) -> str:
        return f"{self.name} (v{self.version})"


class ChecklistGroup(Model):
    __tablename__ = "xsd_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(sa.ForeignKey("xsd_templates.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(sa.String(20))
    name: Mapped[str] = mapped_column(sa.String(200))
    position: Mapped[int]

    template: Mapped[ChecklistTemplate] = relationship(back_populates="groups")
    items: Mapped[list[ChecklistItem]] = relationship(
        back_populates="group", order_by="ChecklistItem.position", cascade="all, delete-orphan"
    )


class ChecklistItem(Model):
    __tablename__ = "xsd_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("xsd_groups.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(sa.String(20))
    text: Mapped[str] = mapped_column(sa.Text)
    max_points: Mapped[int]
    critical: Mapped[bool] = mapped_column(default=False)
    # "Nguy cơ cao": not met, it puts the audit in the lowest band whatever its score (scoring.grade).
    severe_risk: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    guidance: Mapped[str] = mapped_column(sa.Text, default="")
    position: Mapped[int]

    group: Mapped[ChecklistGroup] = relationship(back_populates="items")


class Audit(Model):
    """One walk of one department with one template version."""

    __tablename__ = "xsd_audits"
    __table_args__ = (
        # The audit's hospital is its department's (kept on the row for the hospital-scoped queries).
        sa.ForeignKeyConstraint(["department_id", "hospital_id"], ["departments.id", "departments.hospital_id"], ondelete="RESTRICT"),
        sa.Index("ix_xsd_audits_hospital_id_audit_date", "hospital_id", "audit_date"),
        one_of("status", AUDIT_STATUSES),
        # A team's audit: the team is of the audit's hospital.
        sa.ForeignKeyConstraint(["team_id", "hospital_id"], ["xsd_teams.id", "xsd_teams.hospital_id"], ondelete="RESTRICT"),
        # An audit started on a phone without network carries the id the browser gave it: sent twice, made once.
        sa.UniqueConstraint("hospital_id", "client_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hospital_id: Mapped[int]
    department_id: Mapped[int] = mapped_column(index=True)
    team_id: Mapped[int | None] = mapped_column(index=True)   # None: one auditor scores every item
    template_id: Mapped[int] = mapped_column(sa.ForeignKey("xsd_templates.id", ondelete="RESTRICT"), index=True)
    auditor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    audit_date: Mapped[date] = mapped_column(index=True)
    status: Mapped[str] = mapped_column(sa.String(20), default="draft")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    # Bumped by every change of answers or status: the offline sync sends the version it was based on.
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    client_id: Mapped[str | None] = mapped_column(sa.String(36))

    department: Mapped[Department] = relationship(primaryjoin="Audit.department_id == Department.id", foreign_keys=[department_id])
    template: Mapped[ChecklistTemplate] = relationship()
    auditor: Mapped[User | None] = relationship()
    team: Mapped[Team | None] = relationship(primaryjoin="Audit.team_id == Team.id", foreign_keys=[team_id])
    answers: Mapped[list[Answer]] = relationship(back_populates="audit", cascade="all, delete-orphan", order_by="Answer.id")

    @property
    def submitted(self) -> bool:
        return self.status == "submitted"

    def answer_for(self, item_id: int) -> Answer | None:
        return next((a for a in self.answers if a.item_id == item_id), None)


class Answer(Model):
    __tablename__ = "xsd_answers"
    __table_args__ = (sa.UniqueConstraint("audit_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(sa.ForeignKey("xsd_audits.id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("xsd_items.id", ondelete="RESTRICT"), index=True)
    points: Mapped[int | None]
    not_applicable: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(sa.Text, default="")
    photo_name: Mapped[str | None] = mapped_column(sa.String(80))   # random file name under UPLOAD_FOLDER/xsd/
    photo_type: Mapped[str | None] = mapped_column(sa.String(40))
    scored_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))  # who last changed it
    scored_at: Mapped[datetime | None]
    # Counts the changes of the answer: a team member's save names the version their page showed, so a
    # save over a newer answer by someone else is refused (operations.save_answers), never silent.
    version: Mapped[int] = mapped_column(default=0, server_default="0")
    photo_client_id: Mapped[str | None] = mapped_column(sa.String(36))  # the browser's id of a photo sent offline: stored once

    audit: Mapped[Audit] = relationship(back_populates="answers")
    item: Mapped[ChecklistItem] = relationship()
    scored_by: Mapped[User | None] = relationship()

    @property
    def choice(self) -> str:
        """'na', the points as text, or '' when not answered."""
        if self.not_applicable:
            return "na"
        return "" if self.points is None else str(self.points)


class FollowUp(Model):
    """A follow-up action raised from an unmet checklist item (improvement plans list them).

    Its owner is a department (department_id, the audited one by default) and a person in it (owner_id);
    the department head reports progress as updates (a status, a note, a photo)."""

    __tablename__ = "xsd_follow_ups"
    __table_args__ = (
        sa.ForeignKeyConstraint(["department_id", "hospital_id"], ["departments.id", "departments.hospital_id"], ondelete="RESTRICT"),
        one_of("status", FOLLOW_UP_STATUSES),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hospital_id: Mapped[int] = mapped_column(index=True)
    department_id: Mapped[int] = mapped_column(index=True)
    audit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("xsd_audits.id", ondelete="SET NULL"), index=True)
    item_id: Mapped[int | None] = mapped_column(sa.ForeignKey("xsd_items.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(sa.Text)
    due_date: Mapped[date | None]
    status: Mapped[str] = mapped_column(sa.String(20), default="not_started")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    owner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)

    department: Mapped[Department] = relationship(primaryjoin="FollowUp.department_id == Department.id", foreign_keys=[department_id])
    item: Mapped[ChecklistItem | None] = relationship()
    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])
    updates: Mapped[list[FollowUpUpdate]] = relationship(
        back_populates="follow_up", cascade="all, delete-orphan", order_by="FollowUpUpdate.id"
    )

    def overdue(self, today: date) -> bool:
        """Past its due date (in the hospital's time) and not done."""
        return self.status != "done" and self.due_date is not None and self.due_date < today


class FollowUpUpdate(Model):
    """One progress report on a follow-up action: the status it moved to, a note, optionally a photo."""

    __tablename__ = "xsd_follow_up_updates"
    __table_args__ = (one_of("status", FOLLOW_UP_STATUSES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    follow_up_id: Mapped[int] = mapped_column(sa.ForeignKey("xsd_follow_ups.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(sa.String(20))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    photo_name: Mapped[str | None] = mapped_column(sa.String(80))   # random file name under UPLOAD_FOLDER/xsd/
    photo_type: Mapped[str | None] = mapped_column(sa.String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    follow_up: Mapped[FollowUp] = relationship(back_populates="updates")
    created_by: Mapped[User | None] = relationship()


class TemplateDepartment(Model):
    """A template given to one department of a hospital, as its own form (by code: every version of it).

    A template with no row for a hospital is hospital-wide: it applies to every department."""

    __tablename__ = "xsd_template_departments"
    __table_args__ = (
        sa.ForeignKeyConstraint(["department_id", "hospital_id"], ["departments.id", "departments.hospital_id"], ondelete="CASCADE"),
    )

    hospital_id: Mapped[int] = mapped_column(primary_key=True)
    template_code: Mapped[str] = mapped_column(sa.String(60), primary_key=True)
    department_id: Mapped[int] = mapped_column(primary_key=True, index=True)


class Team(Model):
    """An inspection team of a hospital (Đoàn 1, Đoàn 2 …): its members share the scoring of an audit."""

    __tablename__ = "xsd_teams"
    __table_args__ = (
        sa.UniqueConstraint("hospital_id", "name"),
        sa.UniqueConstraint("id", "hospital_id"),  # the target of the (team_id, hospital_id) keys
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hospital_id: Mapped[int] = mapped_column(sa.ForeignKey("hospitals.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    members: Mapped[list[TeamMember]] = relationship(
        back_populates="team", order_by="TeamMember.id", cascade="all, delete-orphan",
        primaryjoin="Team.id == TeamMember.team_id", foreign_keys="TeamMember.team_id",
    )

    def member_of(self, user_id: int | None) -> TeamMember | None:
        return next((m for m in self.members if m.user_id == user_id), None)


class TeamMember(Model):
    """A hospital account in a team, with its position in it (trưởng đoàn, thư ký, thành viên …)."""

    __tablename__ = "xsd_team_members"
    __table_args__ = (
        sa.ForeignKeyConstraint(["team_id", "hospital_id"], ["xsd_teams.id", "xsd_teams.hospital_id"], ondelete="CASCADE"),
        sa.UniqueConstraint("team_id", "user_id"),
        sa.UniqueConstraint("id", "team_id"),  # the target of the (member_id, team_id) key
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(index=True)
    hospital_id: Mapped[int]
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    position: Mapped[str] = mapped_column(sa.String(100), default="")

    team: Mapped[Team] = relationship(back_populates="members", primaryjoin="Team.id == TeamMember.team_id", foreign_keys=[team_id])
    user: Mapped[User] = relationship()


class TeamItem(Model):
    """The member of a team who scores one item of a template (by codes: every version of it), the
    "Thành viên phụ trách" column of the hospitals' workbooks. An item without a row: any member."""

    __tablename__ = "xsd_team_items"
    __table_args__ = (
        sa.ForeignKeyConstraint(["member_id", "team_id"], ["xsd_team_members.id", "xsd_team_members.team_id"], ondelete="CASCADE"),
    )

    team_id: Mapped[int] = mapped_column(primary_key=True)
    template_code: Mapped[str] = mapped_column(sa.String(60), primary_key=True)
    item_code: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    member_id: Mapped[int] = mapped_column(index=True)

    member: Mapped[TeamMember] = relationship(primaryjoin="TeamMember.id == TeamItem.member_id", foreign_keys=[member_id])
class SheetMapping(Model):
    """How a hospital's own checklist workbook reads (checklists/sheet_import.py): the header row and which
    column is which, remembered per layout (the normalized header signature) for the next upload."""

    __tablename__ = "xsd_sheet_mappings"
    __table_args__ = (sa.UniqueConstraint("hospital_id", "signature"), sa.CheckConstraint("header_row >= 1", name="header_row"))

    id: Mapped[int] = mapped_column(primary_key=True)
    hospital_id: Mapped[int] = mapped_column(sa.ForeignKey("hospitals.id", ondelete="CASCADE"))
    signature: Mapped[str] = mapped_column(sa.String(64))
    header_row: Mapped[int]
    columns: Mapped[dict[str, int]] = mapped_column(sa.JSON)   # field → column number (1 = A)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
