"""Write operations of the reports domain: the written sections of a round report and the logo."""
from __future__ import annotations

import io
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from quality_assess.assessments.models import Round
from quality_assess.auth.models import User
from quality_assess.database import db, utcnow
from quality_assess.domain import ValidationError
from quality_assess.history.models import record
from quality_assess.files import image_type
from quality_assess.i18n import nfc
from quality_assess.org.models import Hospital
from quality_assess.reports.models import SECTIONS, ReportText

LOGO_MAX_BYTES = 2 * 1024 * 1024
TEXT_MAX = 20000


def report_texts(round_: Round) -> ReportText | None:
    return db.session.scalar(sa.select(ReportText).where(ReportText.round_id == round_.id))


def save_texts(round_: Round, texts: dict[str, str | None], *, user: User | None) -> ReportText:
    """Store sections V–IX of the round's report (they can still be edited after locking: they are prose)."""
    row = report_texts(round_) or ReportText(round_id=round_.id, hospital_id=round_.hospital_id)
    db.session.add(row)
    changes = {}
    for name, _heading in SECTIONS:
        value = nfc(texts.get(name) or "") or ""
        if len(value) > TEXT_MAX:
            raise ValidationError("Mỗi mục tối đa %(max)s ký tự.", field=name, max=TEXT_MAX)
        changes[name] = (getattr(row, name), value)
        setattr(row, name, value)
    row.updated_at, row.updated_by_id = utcnow(), user.id if user else None
    db.session.flush()
    record("report_text", row.id, changes, user=user, hospital_id=round_.hospital_id, round_id=round_.id)
    db.session.flush()
    return row


def logo_file(hospital: Hospital) -> str | None:
    """The absolute path of the hospital's logo, when it has one that still exists."""
    if not hospital.logo_path:
        return None
    path = Path(current_app.config["UPLOAD_FOLDER"]) / hospital.logo_path
    return str(path) if path.is_file() else None


def save_logo(hospital: Hospital, data: bytes, *, user: User | None) -> str:
    """Store a PNG or JPEG logo (checked by its first bytes and by opening it) under UPLOAD_FOLDER."""
    if not data:
        raise ValidationError("Chưa chọn tệp logo.", field="logo")
    if len(data) > LOGO_MAX_BYTES:
        raise ValidationError("Logo quá lớn (tối đa %(mb)s MB).", field="logo", mb=LOGO_MAX_BYTES // (1024 * 1024))
    kind = image_type(data)
    ext = kind[1] if kind is not None else None
    if ext not in ("png", "jpg"):
        raise ValidationError("Logo phải là ảnh PNG hoặc JPEG.", field="logo")
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise ValidationError("Tệp logo bị hỏng hoặc không phải ảnh hợp lệ.", field="logo") from None
    relative = f"logos/hospital-{hospital.id}.{ext}"
    path = Path(current_app.config["UPLOAD_FOLDER"]) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    for other in path.parent.glob(f"hospital-{hospital.id}.*"):
        other.unlink()
    path.write_bytes(data)
    record("hospital", hospital.id, {"logo_path": (hospital.logo_path, relative)}, user=user, hospital_id=hospital.id)
    hospital.logo_path = relative
    db.session.flush()
    return relative
