"""How a notification reads and where it leads, in the reader's language (page, bell and API)."""
from __future__ import annotations

from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l

from quality_assess import clock
from quality_assess.i18n import day
from quality_assess.notifications import models as kinds
from quality_assess.notifications.models import Notification

TEXTS = {
    kinds.ASSIGNED: _l("Bạn được giao đánh giá tiêu chí %(subject)s"),
    kinds.RETURNED: _l("Tiêu chí %(subject)s bị trả lại để sửa"),
    kinds.APPROVED: _l("Tiêu chí %(subject)s đã được duyệt"),
    kinds.PLAN_TO_APPROVE: _l("Kế hoạch cải tiến năm %(subject)s đang chờ bạn phê duyệt"),
    kinds.DUE_SOON: _l("Sắp đến hạn (%(due)s): %(subject)s"),
    kinds.OVERDUE: _l("Quá hạn từ %(due)s: %(subject)s"),
    kinds.TO_CONFIRM: _l("Tiêu chí %(subject)s được chuyển từ đợt trước, cần xác nhận lại"),
}
KIND_LABELS = {
    kinds.ASSIGNED: _l("Được giao"), kinds.RETURNED: _l("Bị trả lại"), kinds.APPROVED: _l("Đã duyệt"),
    kinds.PLAN_TO_APPROVE: _l("Chờ phê duyệt"), kinds.DUE_SOON: _l("Sắp đến hạn"), kinds.OVERDUE: _l("Quá hạn"),
    kinds.TO_CONFIRM: _l("Cần xác nhận lại"),
}


def text(n: Notification) -> str:
    due = day(n.due_date) if n.due_date else ""
    return str(TEXTS[n.kind] % {"subject": n.subject, "due": due})


def target(n: Notification) -> str:
    """The page where the work is: the criterion of the round, the plan, else the user's work list."""
    if n.round_id and n.criterion_code:
        return url_for("assessments.criterion", round_id=n.round_id, code=n.criterion_code)
    if n.plan_id:
        return url_for("plans.show", plan_id=n.plan_id)
    return url_for("workflow.index")


def as_json(n: Notification, hospital: clock.HasTimezone | None) -> dict[str, Any]:
    return {
        "id": n.id, "kind": n.kind, "text": text(n), "subject": n.subject, "comment": n.comment,
        "round_id": n.round_id, "criterion": n.criterion_code, "plan_id": n.plan_id,
        "due_date": n.due_date.isoformat() if n.due_date else None, "url": target(n),
        "created_at": clock.iso(n.created_at, hospital), "read": n.read, "read_at": clock.iso(n.read_at, hospital),
    }
