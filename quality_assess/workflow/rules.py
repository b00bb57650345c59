"""Pure rules of the team workflow (no Flask, no SQLAlchemy): review transitions, file checks.

Messages are Vietnamese source strings; callers translate them through DomainError.text().
"""
from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import date

from quality_assess.files import image_type


def N_(text: str) -> str:
    """Marks a label for extraction (babel keyword N_); it is translated where it is shown."""
    return text


# ---------------------------------------------------------------- review

REVIEW_ACTIONS = ("submit", "approve", "return")
STATUS_LABELS = {"draft": N_("Nháp"), "submitted": N_("Chờ duyệt"), "approved": N_("Đã duyệt"), "returned": N_("Bị trả lại")}
ACTION_LABELS = {"submit": N_("gửi duyệt"), "approve": N_("duyệt"), "return": N_("trả lại")}
# action → (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "submit": (frozenset({"draft", "returned"}), "submitted"),
    "approve": (frozenset({"submitted"}), "approved"),
    "return": (frozenset({"submitted", "approved"}), "returned"),
}


FOUR_EYES_REFUSAL = N_("Nguyên tắc bốn mắt: bạn đã lưu câu trả lời của tiêu chí này nên không thể tự duyệt; "
                        "cần một người khác duyệt (bệnh viện có thể tắt nguyên tắc này trong trang Bệnh viện).")


@dataclass(frozen=True)
class Refusal:
    message: str
    params: dict[str, str]
    forbidden: bool = False      # a matter of rights (403), not of state (400)


def review_refusal(
    action: str, status: str, *, may_answer: bool, may_review: bool, answered: bool, comment: str,
    saved_it: bool = False,
) -> Refusal | None:
    """Why this review action may not happen (None when it may).

    `saved_it`: four eyes hold (the hospital did not switch them off) and the reviewer saved this
    answer since it was last approved: they may not approve it themselves."""
    if action not in TRANSITIONS:
        return Refusal("Thao tác “%(action)s” không hợp lệ (chấp nhận: submit, approve, return).", {"action": action})
    sources, _target = TRANSITIONS[action]
    if action == "submit" and not may_answer:
        return Refusal("Bạn không được giao tiêu chí này nên không thể gửi duyệt.", {}, forbidden=True)
    if action in ("approve", "return") and not may_review:
        return Refusal("Chỉ phòng Quản lý chất lượng mới được duyệt hoặc trả lại tiêu chí.", {}, forbidden=True)
    if action == "approve" and saved_it:
        return Refusal(FOUR_EYES_REFUSAL, {}, forbidden=True)
    if status not in sources:
        return Refusal("Không thể %(action)s khi tiêu chí đang ở trạng thái “%(status)s”.", {"action": ACTION_LABELS[action], "status": STATUS_LABELS.get(status, status)})
    if action == "submit" and not answered:
        return Refusal("Tiêu chí chưa được đánh giá: hãy chọn mức hoặc đánh dấu không áp dụng trước khi gửi duyệt.", {})
    if action == "return" and not comment.strip():
        return Refusal("Cần ghi nhận xét khi trả lại tiêu chí cho người đánh giá.", {})
    return None


def next_status(action: str) -> str:
    return TRANSITIONS[action][1]


# States in which a criterion is still the assessor's to finish (not sent, or sent back).
OPEN_FOR_ASSESSOR = ("draft", "returned")


def is_overdue(due_date: date | None, today: date, review_status: str, not_applicable: bool) -> bool:
    """An assignment is overdue when its due date has passed (in the hospital's calendar) and the
    criterion is still the assessor's to finish: applicable, and not sent for review or sent back."""
    return due_date is not None and due_date < today and not not_applicable and review_status in OPEN_FOR_ASSESSOR


# ---------------------------------------------------------------- evidence files

OOXML_KINDS = {  # extension → folder inside the package that proves the kind
    "docx": ("word/", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ("xl/", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pptx": ("ppt/", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
}
OLE_KINDS = {"doc": "application/msword", "xls": "application/vnd.ms-excel"}
IMAGE_EXTENSIONS = {"png": "png", "jpg": "jpg", "jpeg": "jpg", "webp": "webp"}  # name → what image_type says
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ALLOWED_EXTENSIONS = tuple(sorted({"pdf", *IMAGE_EXTENSIONS, *OOXML_KINDS, *OLE_KINDS}))


class FileRefused(Exception):
    def __init__(self, message: str, **params: str) -> None:
        super().__init__(message)
        self.message, self.params = message, params


def extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def file_mimetype(name: str, data: bytes) -> str:
    """The mimetype of an allowed file whose content matches its extension; FileRefused otherwise."""
    ext = extension(name)
    if ext not in ALLOWED_EXTENSIONS:
        raise FileRefused("Loại tệp “.%(ext)s” không được chấp nhận (chỉ PDF, ảnh PNG/JPEG/WebP, Word, Excel, PowerPoint).", ext=ext or "?")
    if ext == "pdf":
        if data.startswith(b"%PDF-"):
            return "application/pdf"
    elif ext in IMAGE_EXTENSIONS:
        kind = image_type(data)
        if kind is not None and kind[1] == IMAGE_EXTENSIONS[ext]:
            return kind[0]
    elif ext in OLE_KINDS:
        if data.startswith(OLE_MAGIC):
            return OLE_KINDS[ext]
    elif data.startswith(b"PK\x03\x04") and _ooxml_has(data, OOXML_KINDS[ext][0]):
        return OOXML_KINDS[ext][1]
    raise FileRefused("Nội dung tệp “%(name)s” không đúng định dạng .%(ext)s.", name=name, ext=ext)


def _ooxml_has(data: bytes, folder: str) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, ValueError):
        return False
    return "[Content_Types].xml" in names and any(n.startswith(folder) for n in names)


_UNSAFE = re.compile(r"[\x00-\x1f\x7f<>:\"|?*]")


def clean_filename(name: str | None) -> str:
    """The last path component of `name`, NFC, without control or reserved characters, at most 200 chars."""
    text = unicodedata.normalize("NFC", name or "")
    text = re.split(r"[\\/]", text)[-1]
    text = _UNSAFE.sub("", text).strip().lstrip(".").strip()
    if len(text) > 200:
        ext = extension(text)
        text = text[: 200 - len(ext) - 1] + "." + ext if ext else text[:200]
    return text or "tep"
