"""The notification list (/notifications), marking read, the bell's count; the JSON API under /api/v1."""
from __future__ import annotations

from typing import Annotated

import pydantic
import sqlalchemy as sa
from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import IntegerField

from quality_assess import bodies
from quality_assess.database import db
from quality_assess.domain import ValidationError
from quality_assess.forms import Form, first_error, number_range, required
from quality_assess.notifications import operations as ops, present
from quality_assess.notifications.models import Notification

bp = Blueprint("notifications", __name__)
api = Blueprint("notifications_api", __name__)


def _me():
    return current_user._get_current_object()


@bp.route("/")
@login_required
def index():
    rows = ops.newest(_me())
    return render_template("notifications/index.html", notifications=rows, text=present.text, target=present.target,
                           labels=present.KIND_LABELS)


class OpenForm(Form):
    notification_id = IntegerField(validators=[required(), number_range(1, 2**31 - 1)])


@bp.route("/open", methods=["POST"])
@login_required
def open_one():
    """Mark one read and go where the work is (someone else's notification is a 404)."""
    form = OpenForm()
    if not form.validate():
        flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
        return redirect(url_for("notifications.index"))
    row = db.first_or_404(sa.select(Notification).where(Notification.id == form.notification_id.data, Notification.user_id == current_user.id))
    ops.mark_read(_me(), [row.id])
    return redirect(present.target(row))


@bp.route("/read", methods=["POST"])
@login_required
def read_all():
    count = ops.mark_read(_me(), None)
    flash(_("Đã đánh dấu %(n)s thông báo là đã đọc.", n=count), "success")
    return redirect(url_for("notifications.index"))


class ReadBody(bodies.Body):
    """{"ids": [1, 2]} marks those read; {"all": true} every unread one."""

    ids: list[Annotated[int, pydantic.Field(ge=1, le=2**31 - 1)]] | None = pydantic.Field(default=None, max_length=1000)  # ids the database can hold
    all: bool = False


@api.route("/notifications")
@login_required
def list_api():
    """The signed-in user's notifications, newest first; ?unread=1 only the unread ones."""
    unread_only = request.args.get("unread") in {"1", "true"}
    rows = ops.newest(_me(), unread_only=unread_only)
    hospital = current_user.hospital
    return jsonify(notifications=[present.as_json(n, hospital) for n in rows], unread=ops.unread_count(_me()))


@api.route("/notifications/read", methods=["POST"])
@login_required
def read_api():
    body = bodies.parse(ReadBody)
    if body.ids is None and not body.all:
        raise ValidationError("Hãy gửi “ids” (danh sách số thông báo) hoặc “all”: true.", field="ids")
    changed = ops.mark_read(_me(), None if body.all else body.ids)
    return jsonify(marked=changed, unread=ops.unread_count(_me()))


@bp.app_context_processor
def bell():
    """`unread_notifications()` in every template: the bell's count, asked only by the page that shows it."""

    def unread_notifications() -> int:
        return ops.unread_count(_me()) if current_user.is_authenticated else 0

    return {"unread_notifications": unread_notifications}
