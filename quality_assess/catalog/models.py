"""The criteria catalogue of QĐ 6858/QĐ-BYT: parts → chapters → criteria → sub-items.

One catalogue per installation (the Ministry's list is the same for every hospital).
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quality_assess.database import Model, one_of

# Where a criterion's title comes from: the shipped files (verified | two-sources | one-source |
# recalled | recalled-uncertain, see criteria_data/README.md), an administrator's correction, or the
# hospital's official list.
FILE_PROVENANCES = ("verified", "two-sources", "one-source", "recalled", "recalled-uncertain")
TITLE_PROVENANCES = (*FILE_PROVENANCES, "admin", "imported")
APPLICABILITIES = ("all", "obstetrics", "paediatrics")


class Part(Model):
    __tablename__ = "parts"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(2), unique=True)
    name: Mapped[str] = mapped_column(sa.String(300))
    position: Mapped[int]

    chapters: Mapped[list[Chapter]] = relationship(back_populates="part", order_by="Chapter.position")


class Chapter(Model):
    __tablename__ = "chapters"

    id: Mapped[int] = mapped_column(primary_key=True)
    part_id: Mapped[int] = mapped_column(sa.ForeignKey("parts.id", ondelete="RESTRICT"), index=True)
    code: Mapped[str] = mapped_column(sa.String(5), unique=True)
    name: Mapped[str] = mapped_column(sa.String(300))
    position: Mapped[int]
    coefficient: Mapped[int] = mapped_column(default=1)

    part: Mapped[Part] = relationship(back_populates="chapters")
    criteria: Mapped[list[Criterion]] = relationship(back_populates="chapter", order_by="Criterion.position")


class Criterion(Model):
    __tablename__ = "criteria"
    __table_args__ = (one_of("title_confidence", TITLE_PROVENANCES), one_of("applicability", APPLICABILITIES))

    id: Mapped[int] = mapped_column(primary_key=True)
    chapter_id: Mapped[int] = mapped_column(sa.ForeignKey("chapters.id", ondelete="RESTRICT"), index=True)
    code: Mapped[str] = mapped_column(sa.String(10), unique=True)
    title: Mapped[str] = mapped_column(sa.Text)
    title_confidence: Mapped[str] = mapped_column(sa.String(30), default="recalled")  # one of TITLE_PROVENANCES
    title_corrected_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    title_corrected_at: Mapped[datetime | None]
    coefficient: Mapped[int] = mapped_column(default=1)
    applicability: Mapped[str] = mapped_column(sa.String(20), default="all")  # all | obstetrics | paediatrics
    position: Mapped[int] = mapped_column(index=True)

    chapter: Mapped[Chapter] = relationship(back_populates="criteria")
    sub_items: Mapped[list[SubItem]] = relationship(
        back_populates="criterion",
        order_by="SubItem.position",
        primaryjoin="and_(Criterion.id == SubItem.criterion_id, SubItem.active)",
        viewonly=True,
    )

    @property
    def part_code(self) -> str:
        return self.chapter.part.code


class SubItem(Model):
    """A tiểu mục: imported from the hospital's official list, never written from memory."""

    __tablename__ = "sub_items"
    __table_args__ = (sa.CheckConstraint("level BETWEEN 1 AND 5", name="level"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    criterion_id: Mapped[int] = mapped_column(sa.ForeignKey("criteria.id", ondelete="RESTRICT"), index=True)
    code: Mapped[str] = mapped_column(sa.String(20), unique=True)   # A1.1-2.12
    level: Mapped[int]
    number: Mapped[int]
    text: Mapped[str] = mapped_column(sa.Text)
    method: Mapped[str] = mapped_column(sa.Text, default="")        # phương pháp kiểm tra, đánh giá
    evidence: Mapped[str] = mapped_column(sa.Text, default="")      # bằng chứng, kết quả
    active: Mapped[bool] = mapped_column(default=True)              # False once dropped from a later import
    position: Mapped[int] = mapped_column(default=0)

    criterion: Mapped[Criterion] = relationship()


# ---------------------------------------------------------------- frameworks

# The kinds of answer a framework takes: levels 1–5 from sub-items (the 83 criteria of QĐ 6858), or
# Có / Không / Không áp dụng per item (the basic standards of TT 35/2024/TT-BYT).
FRAMEWORK_KINDS = ("levels", "yes_no_na")
QD6858 = "qd6858"
TT35 = "tt35"
# Where an item's text comes from: the shipped file (two public transcriptions agree, or only one gives
# it), an administrator's correction, or the hospital's official list imported from a spreadsheet.
ITEM_PROVENANCES = ("two-transcriptions", "one-transcription", "admin", "imported")
FILE_ITEM_PROVENANCES = ("two-transcriptions", "one-transcription")


class Framework(Model):
    """A set of standards a round is assessed against, versioned. The 83 criteria are "qd6858"."""

    __tablename__ = "frameworks"
    __table_args__ = (one_of("kind", FRAMEWORK_KINDS),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(20), unique=True)
    name: Mapped[str] = mapped_column(sa.String(300))
    version: Mapped[str] = mapped_column(sa.String(40))
    kind: Mapped[str] = mapped_column(sa.String(20))  # one of FRAMEWORK_KINDS
    position: Mapped[int] = mapped_column(default=0)

    items: Mapped[list[FrameworkItem]] = relationship(back_populates="framework", order_by="FrameworkItem.position")


class FrameworkItem(Model):
    """One item of a yes/no framework (TT 35: I.1 … V.x), with the provenance of its text."""

    __tablename__ = "framework_items"
    __table_args__ = (sa.UniqueConstraint("framework_id", "code"), one_of("provenance", ITEM_PROVENANCES))

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(sa.ForeignKey("frameworks.id", ondelete="RESTRICT"), index=True)
    code: Mapped[str] = mapped_column(sa.String(20))         # II.3.a
    group_code: Mapped[str] = mapped_column(sa.String(10))   # I–V
    group_name: Mapped[str] = mapped_column(sa.String(300))
    heading: Mapped[str] = mapped_column(sa.String(300), default="")
    title: Mapped[str] = mapped_column(sa.Text)
    provenance: Mapped[str] = mapped_column(sa.String(30))   # one of ITEM_PROVENANCES
    corrected_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    corrected_at: Mapped[datetime | None]
    position: Mapped[int] = mapped_column(default=0)

    framework: Mapped[Framework] = relationship(back_populates="items")
