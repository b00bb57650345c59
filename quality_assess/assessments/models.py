"""Assessment rounds and their results (one per criterion), with sub-item answers."""
from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quality_assess.assessments.scoring import LEVEL1_VALUES, UPPER_VALUES
from quality_assess.auth.models import User
from quality_assess.assessments.scoring_tt35 import ANSWERS as ITEM_ANSWERS
from quality_assess.catalog.models import QD6858, Criterion, Framework, FrameworkItem, SubItem
from quality_assess.database import Model, one_of, utcnow
from quality_assess.org.models import Hospital

ROUND_KINDS = ("self", "inspection")          # tự đánh giá | đoàn kiểm tra
ROUND_STATUSES = ("draft", "submitted", "locked")
REVIEW_STATUSES = ("draft", "submitted", "approved", "returned")
SUB_ITEM_VALUES = LEVEL1_VALUES | UPPER_VALUES  # present | absent (Mức 1), met | unmet | na


class Round(Model):
    __tablename__ = "rounds"
    __table_args__ = (
        sa.UniqueConstraint("id", "hospital_id"),  # the target of the (round_id, hospital_id) keys
        one_of("kind", ROUND_KINDS),
        one_of("status", ROUND_STATUSES),
        # Only an inspection round is the province team's.
        sa.CheckConstraint("NOT province_team OR kind = 'inspection'", name="province_team_inspection"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hospital_id: Mapped[int] = mapped_column(sa.ForeignKey("hospitals.id", ondelete="RESTRICT"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    year: Mapped[int]
    kind: Mapped[str] = mapped_column(sa.String(20), default="self")
    status: Mapped[str] = mapped_column(sa.String(20), default="draft")
    source_round_id: Mapped[int | None] = mapped_column(sa.ForeignKey("rounds.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime | None]
    locked_at: Mapped[datetime | None]
    locked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    submit_override_reason: Mapped[str | None] = mapped_column(sa.Text)
    snapshot: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)  # the summary, frozen at lock
    # The framework the round is assessed against (the 83 criteria unless chosen otherwise).
    framework_id: Mapped[int] = mapped_column(
        sa.ForeignKey("frameworks.id", ondelete="RESTRICT"), index=True,
        default=sa.select(Framework.id).where(Framework.code == QD6858).scalar_subquery(),
    )
    # Entered by the health department's inspection team (a province inspector): the hospital reads it,
    # only the team's inspectors write it (rules.ensure_editable, workflow.hooks.may_answer).
    province_team: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    hospital: Mapped[Hospital] = relationship()
    framework: Mapped[Framework] = relationship(lazy="joined")  # every page about a round asks its framework (yes_no)
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    source_round: Mapped[Round | None] = relationship(remote_side=[id])

    @property
    def locked(self) -> bool:
        return self.status == "locked"

    @property
    def framework_code(self) -> str:
        return self.framework.code

    @property
    def yes_no(self) -> bool:
        """A round of a framework answered Có / Không / Không áp dụng per item (TT 35)."""
        return self.framework.kind == "yes_no_na"

    @classmethod
    def inspector_scope(cls) -> sa.ColumnElement[bool]:
        """What of this table an inspector reaches within its hospitals (web.access.scoped): the team's rounds."""
        return cls.province_team.is_(True)


def levels_rounds() -> sa.ColumnElement[bool]:
    """Rounds of the 83 criteria (a levels framework): what level summaries, reports, comparisons, plans and the
    province figures read. A TT 35 round never enters them."""
    return Round.framework_id.in_(sa.select(Framework.id).where(Framework.kind == "levels"))


class RoundVersion(Model):
    """What a locked round showed when it was reopened: the lock-time summary, kept as a version."""

    __tablename__ = "round_versions"
    __table_args__ = (
        sa.ForeignKeyConstraint(["round_id", "hospital_id"], ["rounds.id", "rounds.hospital_id"], ondelete="CASCADE"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hospital_id: Mapped[int] = mapped_column(index=True)
    round_id: Mapped[int] = mapped_column(index=True)
    snapshot: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    locked_at: Mapped[datetime | None]
    locked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    reopened_at: Mapped[datetime] = mapped_column(default=utcnow)
    reopened_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(sa.Text)

    reopened_by: Mapped[User | None] = relationship(foreign_keys=[reopened_by_id])


class Result(Model):
    """The answer for one criterion in one round."""

    __tablename__ = "results"
    __table_args__ = (
        sa.UniqueConstraint("round_id", "criterion_id"),
        sa.CheckConstraint("level BETWEEN 1 AND 5", name="level"),
        one_of("review_status", REVIEW_STATUSES),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("rounds.id", ondelete="CASCADE"))
    criterion_id: Mapped[int] = mapped_column(sa.ForeignKey("criteria.id", ondelete="RESTRICT"), index=True)
    not_applicable: Mapped[bool] = mapped_column(default=False)
    na_reason: Mapped[str] = mapped_column(sa.Text, default="")
    # Per-level answers (given directly, or derived from sub-item answers when items are loaded).
    finding_l1: Mapped[bool | None]
    met_l2: Mapped[bool | None]
    met_l3: Mapped[bool | None]
    met_l4: Mapped[bool | None]
    met_l5: Mapped[bool | None]
    level: Mapped[int | None]                     # computed by scoring.level_from_answers on save
    note: Mapped[str] = mapped_column(sa.Text, default="")
    # Carried from an earlier round with its answers: provisional until an assessor confirms or saves it.
    needs_confirmation: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # Made not applicable with its whole chapter (undoing the chapter's N/A makes it applicable again).
    na_by_chapter: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    review_status: Mapped[str] = mapped_column(sa.String(20), default="draft")
    review_comment: Mapped[str] = mapped_column(sa.Text, default="")
    updated_at: Mapped[datetime | None]
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(default=1)

    round: Mapped[Round] = relationship()
    criterion: Mapped[Criterion] = relationship()
    updated_by: Mapped[User | None] = relationship()
    item_answers: Mapped[list[SubItemAnswer]] = relationship(
        back_populates="result", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def answered(self) -> bool:
        return self.not_applicable or self.level is not None

    @property
    def met(self) -> dict[int, bool | None]:
        return {2: self.met_l2, 3: self.met_l3, 4: self.met_l4, 5: self.met_l5}


class SubItemAnswer(Model):
    __tablename__ = "sub_item_answers"
    __table_args__ = (sa.UniqueConstraint("result_id", "sub_item_id"), one_of("value", SUB_ITEM_VALUES))

    id: Mapped[int] = mapped_column(primary_key=True)
    result_id: Mapped[int] = mapped_column(sa.ForeignKey("results.id", ondelete="CASCADE"))
    sub_item_id: Mapped[int] = mapped_column(sa.ForeignKey("sub_items.id", ondelete="RESTRICT"), index=True)
    value: Mapped[str] = mapped_column(sa.String(10))  # present | absent | met | unmet | na

    result: Mapped[Result] = relationship(back_populates="item_answers")
    sub_item: Mapped[SubItem] = relationship()


class ItemResult(Model):
    """The answer for one item of a yes/no framework (TT 35) in one round: Có / Không / Không áp dụng."""

    __tablename__ = "item_results"
    __table_args__ = (
        sa.UniqueConstraint("round_id", "item_id"),
        one_of("answer", ITEM_ANSWERS),
        one_of("review_status", REVIEW_STATUSES),
        sa.CheckConstraint("answer IS NULL OR answer <> 'na' OR reason <> ''", name="na_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("framework_items.id", ondelete="RESTRICT"), index=True)
    answer: Mapped[str | None] = mapped_column(sa.String(10))   # yes | no | na, None while unanswered
    reason: Mapped[str] = mapped_column(sa.Text, default="")    # why not applicable
    note: Mapped[str] = mapped_column(sa.Text, default="")
    evidence: Mapped[str] = mapped_column(sa.Text, default="")  # what shows it (documents, where they are)
    department_id: Mapped[int | None] = mapped_column(sa.ForeignKey("departments.id", ondelete="SET NULL"))
    review_status: Mapped[str] = mapped_column(sa.String(20), default="draft")
    review_comment: Mapped[str] = mapped_column(sa.Text, default="")
    updated_at: Mapped[datetime | None]
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(default=1)

    round: Mapped[Round] = relationship()
    item: Mapped[FrameworkItem] = relationship()
    updated_by: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version}
