"""Hospital and department operations: validate, change, record, flush (the request commits)."""
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from quality_assess import clock
from quality_assess.database import db
from quality_assess.domain import Forbidden, ValidationError
from quality_assess.history.models import record
from quality_assess.i18n import nfc
from quality_assess.org.models import Department, Hospital

if TYPE_CHECKING:
    from quality_assess.auth.models import User

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
    db.session.flush()
    return department


PROFILE_FIELDS = ("name", "grade", "province", "address", "director_name", "has_obstetrics", "has_paediatrics", "xsd_target", "timezone")


def update_profile(hospital: Hospital, fields: Mapping[str, Any], *, user: User | None) -> Hospital:
    """Change the hospital's profile (name, grade, address, departments it has, XSĐ target, time zone)
    and record each changed field in the audit trail."""
    unknown = sorted(set(fields) - set(PROFILE_FIELDS))
    if unknown:
        raise ValidationError("Trường “%(name)s” không thuộc hồ sơ bệnh viện.", field=unknown[0], name=unknown[0])
    values = {key: nfc(value) if isinstance(value, str) else value for key, value in fields.items()}
    if "name" in values and not values["name"]:
        raise ValidationError("Tên bệnh viện không được để trống.", field="name")
    if "name" in values and db.session.scalar(sa.select(Hospital.id).where(Hospital.name == values["name"], Hospital.id != hospital.id)):
        raise ValidationError("Đã có một bệnh viện khác tên “%(name)s”.", field="name", name=values["name"])
    if "xsd_target" in values:
        try:
            target = float(values["xsd_target"])  # type: ignore[arg-type]  # anything else is refused below
        except (TypeError, ValueError):
            raise ValidationError("Mục tiêu điểm Xanh – Sạch – Đẹp phải là một số từ 0 đến 100.", field="xsd_target") from None
        values["xsd_target"] = target
        if not 0 <= target <= 100:
            raise ValidationError("Mục tiêu điểm Xanh – Sạch – Đẹp phải là một số từ 0 đến 100.", field="xsd_target")
    if "timezone" in values:
        values["timezone"] = values["timezone"] or None  # empty: the installation's TIMEZONE
        if values["timezone"] is not None and not clock.is_zone(values["timezone"]):
            raise ValidationError("Múi giờ “%(name)s” không hợp lệ: hãy nhập tên múi giờ IANA, ví dụ Asia/Ho_Chi_Minh.",
                                  field="timezone", name=values["timezone"])
    before = {key: getattr(hospital, key) for key in values}
    for key, value in values.items():
        setattr(hospital, key, value)
    record("hospital", hospital.id, {key: (before[key], getattr(hospital, key)) for key in values}, user=user, hospital_id=hospital.id)
    db.session.flush()
    return hospital


def set_four_eyes(hospital: Hospital, enabled: bool, *, reason: str | None, user: User | None) -> Hospital:
    """Switch the four-eyes rule (whoever saved an answer or changed a plan does not approve it).

    It is on by default; a small hospital may switch it off, with a written reason. Both the switch and
    the reason go to the audit trail."""
    if user is None or not user.can("hospital.manage") or user.hospital_id != hospital.id:
        raise Forbidden("Bạn không có quyền thực hiện thao tác này.")
    reason = nfc(reason or "") or ""
    if not enabled and not reason:
        raise ValidationError("Cần ghi lý do khi tắt nguyên tắc bốn mắt.", field="reason")
    if hospital.four_eyes == enabled:
        return hospital
    old = hospital.four_eyes
    hospital.four_eyes = enabled
    record("hospital", hospital.id, {"four_eyes": (old, enabled), "four_eyes_reason": (None, reason or None)},
           user=user, hospital_id=hospital.id)
    db.session.flush()
    return hospital
