"""Write operations on the catalogue made in the app (the import lives in importer.py)."""
from __future__ import annotations

from quality_assess.auth.models import User
from quality_assess.catalog.models import Criterion, FrameworkItem
from quality_assess.database import db, utcnow
from quality_assess.domain import ValidationError
from quality_assess.history.models import record
from quality_assess.i18n import nfc

TITLE_MAX = 500


def correct_title(criterion: Criterion, title: str, user: User) -> None:
    """An admin's correction of a criterion title: kept from then on by `catalog load`."""
    title = nfc(title) or ""
    if not title:
        raise ValidationError("Tên tiêu chí không được để trống.", field="title")
    if len(title) > TITLE_MAX:
        raise ValidationError("Tên tiêu chí dài quá %(max)d ký tự.", field="title", max=TITLE_MAX)
    if title == criterion.title:
        raise ValidationError("Tên tiêu chí không thay đổi.", field="title")
    record("catalog", criterion.id, {"title": (criterion.title, title), "title_confidence": (criterion.title_confidence, "admin")},
           user=user, hospital_id=user.hospital_id, criterion_code=criterion.code)
    criterion.title = title
    criterion.title_confidence = "admin"
    criterion.title_corrected_by_id = user.id
    criterion.title_corrected_at = utcnow()
    db.session.flush()


ITEM_TEXT_MAX = 2000


def correct_item_text(item: FrameworkItem, text: str, user: User) -> None:
    """An admin's correction of a TT 35 item's text (from the official circular): kept from then on by `catalog load`."""
    text = nfc(text) or ""
    if not text:
        raise ValidationError("Nội dung mục không được để trống.", field="title")
    if len(text) > ITEM_TEXT_MAX:
        raise ValidationError("Nội dung mục dài quá %(max)d ký tự.", field="title", max=ITEM_TEXT_MAX)
    if text == item.title:
        raise ValidationError("Nội dung mục không thay đổi.", field="title")
    record("framework_item", item.id, {"title": (item.title, text), "provenance": (item.provenance, "admin")},
           user=user, hospital_id=user.hospital_id, criterion_code=item.code)
    item.title, item.provenance = text, "admin"
    item.corrected_by_id, item.corrected_at = user.id, utcnow()
    db.session.flush()
