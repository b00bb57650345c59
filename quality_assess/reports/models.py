"""Models of the reports domain: the written sections (V–IX) of a round's result report."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from quality_assess.database import Model, utcnow
from quality_assess.i18n import N_

# The written part of a hospital result report, in order: field name → section heading.
SECTIONS = (
    ("strengths", N_("V. Ưu điểm")),
    ("weaknesses", N_("VI. Nhược điểm, vấn đề tồn tại")),
    ("priorities", N_("VII. Vấn đề ưu tiên cải tiến")),
    ("solutions", N_("VIII. Giải pháp, lộ trình, thời gian cải tiến")),
    ("commitment", N_("IX. Kết luận, cam kết")),
)


class ReportText(Model):
    """What the quality office writes for sections V–IX of one round's report."""

    __tablename__ = "report_texts"
    __table_args__ = (
        sa.ForeignKeyConstraint(["round_id", "hospital_id"], ["rounds.id", "rounds.hospital_id"], ondelete="CASCADE"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hospital_id: Mapped[int] = mapped_column(index=True)
    round_id: Mapped[int] = mapped_column(unique=True)
    strengths: Mapped[str] = mapped_column(sa.Text, default="")
    weaknesses: Mapped[str] = mapped_column(sa.Text, default="")
    priorities: Mapped[str] = mapped_column(sa.Text, default="")
    solutions: Mapped[str] = mapped_column(sa.Text, default="")
    commitment: Mapped[str] = mapped_column(sa.Text, default="")
    updated_at: Mapped[datetime | None] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
