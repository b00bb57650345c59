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


def _department_name(hospital_id: int, name: str | None, *, other_than: int | None = None) -> str:
    name = nfc(name) or ""
    if not name:
        raise ValidationError("Tên khoa/phòng không được để trống.", field="name")
    if len(name) > 200:
        raise ValidationError("Tên khoa/phòng dài quá 200 ký tự.", field="name")
    exists = db.session.scalar(sa.select(Department.id).where(
        Department.hospital_id == hospital_id, Department.name == name, Department.id != (other_than or 0)))
    if exists:
        raise ValidationError("Khoa/phòng “%(name)s” đã có.", field="name", name=name)
    return name


def rename_department(department: Department, name: str, *, user: User | None) -> Department:
    """A new name; the trail keeps the old one (what earlier audits and assignments were made under)."""
    new = _department_name(department.hospital_id, name, other_than=department.id)
    old, department.name = department.name, new
    record("department", department.id, {"name": (old, new)}, user=user, hospital_id=department.hospital_id)
    db.session.flush()
    return department


def set_department_active(department: Department, active: bool, *, user: User | None) -> Department:
    """Deactivate (no longer offered for new work; what it did stays) or reactivate a department."""
    old, department.active = department.active, active
    record("department", department.id, {"active": (old, active)}, user=user, hospital_id=department.hospital_id)
    db.session.flush()
    return department


def merge_department(source: Department, target: Department, *, user: User | None) -> int:
    """Merge `source` into `target`: everything that names the source (users, assignments, audits, plan
    actions, whichever domain keeps them) names the target from now on; the source stays, deactivated and
    with its name, so the trail and old exports still read. Returns how many rows were moved.

    The references are found in the schema (every foreign key to departments.id), so a domain added later
    is merged too without org importing it."""
    if source.id == target.id:
        raise ValidationError("Không thể gộp một khoa/phòng vào chính nó.", field="target")
    if source.hospital_id != target.hospital_id:
        raise ValidationError("Chỉ gộp được các khoa/phòng của cùng bệnh viện.", field="target")
    if not target.active:
        raise ValidationError("Khoa/phòng “%(name)s” đã ngừng hoạt động: không thể gộp vào.", field="target", name=target.name)
    moved = 0
    departments_id = Department.__table__.c.id
    for table in db.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column is not departments_id:
                continue
            column = fk.parent
            if column.primary_key:  # an association row: drop the source's where the target is already there
                others = [c for c in table.primary_key.columns if c is not column]
                kept = sa.select(*others).where(column == target.id)
                db.session.execute(sa.delete(table).where(column == source.id, sa.tuple_(*others).in_(kept)))
            result = db.session.execute(sa.update(table).where(column == source.id).values({column.name: target.id}))
            moved += getattr(result, "rowcount", 0)  # a CursorResult for an UPDATE
    source.active = False
    record("department", source.id, {"merged_into": (None, target.name), "active": (True, False)},
           user=user, hospital_id=source.hospital_id)
    record("department", target.id, {"merged_from": (None, source.name)}, user=user, hospital_id=target.hospital_id)
    db.session.flush()
    return moved


PROFILE_FIELDS = ("name", "grade", "province", "managing_agency", "address", "director_name", "has_obstetrics", "has_paediatrics", "xsd_target", "timezone")


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
