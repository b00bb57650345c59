"""The hospital and its departments (khoa/phòng)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quality_assess.database import Model, one_of, utcnow

DEPARTMENT_KINDS = ("clinical", "paraclinical", "office")

DEFAULT_XSD_TARGET = 85.0
# Bands of a Xanh – Sạch – Đẹp department score, highest first (one hospital tool's bands).
DEFAULT_XSD_BANDS: list[dict[str, Any]] = [
    {"min": 90, "label": "Đạt tốt"},
    {"min": 80, "label": "Đạt"},
    {"min": 65, "label": "Cần cải tiến"},
    {"min": 0, "label": "Không đạt"},
]


class Hospital(Model):
    __tablename__ = "hospitals"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    grade: Mapped[str] = mapped_column(sa.String(40), default="")       # hạng bệnh viện
    province: Mapped[str] = mapped_column(sa.String(100), default="")   # tỉnh/thành phố
    # cơ quan chủ quản, printed above the hospital in document headings ("" → "Sở Y tế <province>")
    managing_agency: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    address: Mapped[str] = mapped_column(sa.String(300), default="")
    director_name: Mapped[str] = mapped_column(sa.String(200), default="")
    has_obstetrics: Mapped[bool] = mapped_column(default=True)
    has_paediatrics: Mapped[bool] = mapped_column(default=True)
    xsd_target: Mapped[float] = mapped_column(default=DEFAULT_XSD_TARGET)
    xsd_bands: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=lambda: list(DEFAULT_XSD_BANDS))
    logo_path: Mapped[str | None] = mapped_column(sa.String(300))
    # IANA zone its dates and times are shown in ("Asia/Ho_Chi_Minh"); none: the installation's TIMEZONE.
    timezone: Mapped[str | None] = mapped_column(sa.String(64))
    # Four eyes (nguyên tắc bốn mắt): whoever saved an answer or changed a plan may not approve it.
    # On unless the hospital switches it off (org.operations.set_four_eyes records who, when and why).
    four_eyes: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    departments: Mapped[list[Department]] = relationship(
        back_populates="hospital", order_by="Department.name", cascade="all, delete-orphan"
    )


class Department(Model):
    __tablename__ = "departments"
    __table_args__ = (
        sa.UniqueConstraint("hospital_id", "name"),
        sa.UniqueConstraint("id", "hospital_id"),  # the target of the (department_id, hospital_id) keys
        one_of("kind", DEPARTMENT_KINDS),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hospital_id: Mapped[int] = mapped_column(sa.ForeignKey("hospitals.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(sa.String(200))
    code: Mapped[str] = mapped_column(sa.String(40), default="")
    kind: Mapped[str] = mapped_column(sa.String(20), default="clinical")  # clinical | paraclinical | office
    active: Mapped[bool] = mapped_column(default=True)

    hospital: Mapped[Hospital] = relationship(back_populates="departments")

    KINDS = DEPARTMENT_KINDS
