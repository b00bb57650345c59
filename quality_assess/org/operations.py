"""Hospital and department operations."""
from __future__ import annotations

import sqlalchemy as sa

from quality_assess.database import db
from quality_assess.domain import ValidationError
from quality_assess.i18n import nfc
from quality_assess.org.models import Department, Hospital

DEFAULT_HOSPITAL_NAME = "Bệnh viện"


def default_hospital(create: bool = False) -> Hospital | None:
    """The first hospital of the installation (created when none exists and `create`)."""
    hospital = db.session.scalar(sa.select(Hospital).order_by(Hospital.id).limit(1))
    if hospital is None and create:
        hospital = Hospital(name=DEFAULT_HOSPITAL_NAME)
        db.session.add(hospital)
        db.session.flush()
    return hospital


def get_or_create_hospital(name: str) -> Hospital:
    name = nfc(name) or ""
    if not name:
        raise ValidationError("Tên bệnh viện không được để trống.", field="hospital")
    hospital = db.session.scalar(sa.select(Hospital).where(Hospital.name == name))
    if hospital is None:
        hospital = Hospital(name=name)
        db.session.add(hospital)
        db.session.flush()
    return hospital


def add_department(hospital: Hospital, name: str, code: str = "", kind: str = "clinical") -> Department:
    name = nfc(name) or ""
    if not name:
        raise ValidationError("Tên khoa/phòng không được để trống.", field="name")
    if kind not in Department.KINDS:
        raise ValidationError("Loại khoa/phòng không hợp lệ.", field="kind")
    exists = db.session.scalar(sa.select(Department.id).where(Department.hospital_id == hospital.id, Department.name == name))
    if exists:
        raise ValidationError("Khoa/phòng “%(name)s” đã có.", field="name", name=name)
    department = Department(hospital=hospital, name=name, code=nfc(code) or "", kind=kind)
    db.session.add(department)
    db.session.commit()
    return department
