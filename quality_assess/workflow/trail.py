"""The audit trail made readable: Vietnamese field names and values, filters, the .xlsx export."""
from __future__ import annotations

import io
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from quality_assess.database import db
from quality_assess.history.models import ChangeLog
from quality_assess.i18n import day, moment
from quality_assess.render.xlsx import append
from quality_assess.workflow.rules import STATUS_LABELS


def field_label(field: str) -> str:
    if field.startswith("item:"):
        return _("Tiểu mục %(code)s", code=field[5:])
    if field.startswith("met_l"):
        return _("Đạt mức %(n)s", n=field[5:])
    labels = {
        "not_applicable": _("Không áp dụng"), "na_reason": _("Lý do không áp dụng"),
        "finding_l1": _("Có phát hiện mức 1"), "level": _("Mức"), "note": _("Ghi chú"),
        "review_status": _("Trạng thái duyệt"), "review_comment": _("Nhận xét duyệt"),
        "status": _("Trạng thái đợt"), "created": _("Tạo đợt"), "submit_override_reason": _("Lý do nộp khi chưa duyệt đủ"),
        "lead_department": _("Khoa/phòng chủ trì"), "supporting": _("Khoa/phòng phối hợp"),
        "assessors": _("Người đánh giá"), "due_date": _("Hạn hoàn thành"), "file": _("Tệp minh chứng"),
        "login_locked": _("Khóa đăng nhập từ địa chỉ"), "role": _("Vai trò"), "active": _("Đang hoạt động"),
        "installation_role": _("Quyền cấp hệ thống"), "password": _("Mật khẩu"),
        "four_eyes": _("Nguyên tắc bốn mắt"), "four_eyes_reason": _("Lý do bật/tắt nguyên tắc bốn mắt"),
        "approval_withdrawn": _("Rút lại phê duyệt"), "approved_by": _("Người phê duyệt"),
    }
    return labels.get(field, field)


def entity_label(entity: str) -> str:
    labels = {"result": _("Tiêu chí"), "round": _("Đợt đánh giá"), "assignment": _("Phân công"),
              "evidence": _("Minh chứng"), "action": _("Hành động cải tiến"), "user": _("Tài khoản"),
              "plan": _("Kế hoạch cải tiến"), "hospital": _("Bệnh viện")}
    return labels.get(entity, entity)


def value_label(field: str, value: str | None) -> str:
    """A stored trail value as a person reads it: true → có, 2026-11-30 → 30/11/2026, submitted → Chờ duyệt."""
    if value is None or value == "":
        return "—"
    if value in ("true", "false"):
        return _("có") if value == "true" else _("không")
    if field == "review_status":
        return _(STATUS_LABELS.get(value, value))
    if field == "status":
        return {"draft": _("Nháp"), "submitted": _("Đã nộp"), "locked": _("Đã khóa")}.get(value, value)
    if field.startswith("item:"):
        return {"present": _("Có phát hiện"), "absent": _("Không có"), "met": _("Đạt"), "unmet": _("Không đạt"),
                "na": _("Không áp dụng")}.get(value, value)
    if field == "due_date":
        try:
            return day(date.fromisoformat(value))
        except ValueError:
            return value
    return value


def entries(round_id: int, criterion_code: str | None = None, user_id: int | None = None, limit: int | None = None) -> list[ChangeLog]:
    """Trail rows of a round, newest first, optionally for one criterion and/or one user."""
    query = sa.select(ChangeLog).where(ChangeLog.round_id == round_id)
    if criterion_code:
        query = query.where(ChangeLog.criterion_code == criterion_code)
    if user_id:
        query = query.where(ChangeLog.user_id == user_id)
    query = query.order_by(ChangeLog.at.desc(), ChangeLog.id.desc())
    if limit:
        query = query.limit(limit)
    return list(db.session.scalars(query))


def rows(logs: list[ChangeLog]) -> list[dict[str, str]]:
    return [
        {"at": moment(log.at), "user": log.user.display_name if log.user else _("Hệ thống"),
         "criterion": log.criterion_code or "", "entity": entity_label(log.entity), "field": field_label(log.field),
         "old": value_label(log.field, log.old), "new": value_label(log.field, log.new)}
        for log in logs
    ]


def workbook(title: str, logs: list[ChangeLog]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Lịch sử thay đổi")[:31]
    append(sheet, [title])
    sheet["A1"].font = Font(bold=True)
    headers = [_("Thời gian"), _("Người thay đổi"), _("Tiêu chí"), _("Đối tượng"), _("Nội dung"), _("Giá trị cũ"), _("Giá trị mới")]
    append(sheet, headers)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows(logs):
        append(sheet, [row[k] for k in ("at", "user", "criterion", "entity", "field", "old", "new")])
    for column, width in zip("ABCDEFG", (18, 24, 10, 16, 26, 40, 40)):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
