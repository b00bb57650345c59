"""Workbook routes: export a round to .xlsx, import a filled one (preview, then confirm)."""
from __future__ import annotations

import uuid
from pathlib import Path

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from quality_assess.assessments.models import Round
from quality_assess.domain import ValidationError
from quality_assess.reports import tt35_report, workbook
from quality_assess.reports.blueprint import bp
from quality_assess.reports.forms import UploadForm
from quality_assess.web.access import require, scoped_or_404
from quality_assess.web.refusals import refusals

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SESSION_KEY = "reports_import"


@bp.route("/rounds/<int:round_id>/export.xlsx")
@require("report.view")
def export(round_id: int):
    round_ = scoped_or_404(Round, round_id)
    if round_.yes_no:  # the standards' own layout: a row per item
        return tt35_report.render_xlsx(tt35_report.tt35_report(round_)), 200, {
            "Content-Type": XLSX_TYPE, "Content-Disposition": f'attachment; filename="ket-qua-tt35-dot-{round_.id}.xlsx"'}
    return workbook.export_round(round_), 200, {
        "Content-Type": XLSX_TYPE,
        "Content-Disposition": f'attachment; filename="ket-qua-dot-{round_.id}.xlsx"',
    }


def _pending_path(token: str) -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"]) / "imports" / f"{token}.xlsx"


def _uploaded_bytes() -> bytes:
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise ValidationError("Chưa chọn tệp Excel.")
    if not upload.filename.lower().endswith(".xlsx"):
        raise ValidationError("Chỉ nhận tệp Excel .xlsx.")
    limit = current_app.config["UPLOAD_MAX_BYTES"]
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError("Tệp quá lớn (tối đa %(mb)s MB).", mb=limit // (1024 * 1024))
    return data


@bp.route("/rounds/<int:round_id>/import", methods=["GET", "POST"])
@require("round.answer_any")
def import_workbook(round_id: int):
    """Upload → a preview of what would change; nothing is saved yet."""
    round_ = scoped_or_404(Round, round_id)
    form, plan, errors = UploadForm(), None, []
    if form.is_submitted():
        with refusals() as refusal:
            data = _uploaded_bytes()
            plan = tt35_report.plan_item_workbook(round_, data) if round_.yes_no else workbook.plan_import(round_, data)
            token = uuid.uuid4().hex
            path = _pending_path(token)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            session[SESSION_KEY] = {"round_id": round_.id, "token": token, "user_id": current_user.id}
        if isinstance(refusal.error, workbook.WorkbookInvalid):
            errors = [str(e) for e in refusal.error.errors]
    return render_template("reports/import.html", round=round_, form=form, plan=plan, errors=errors)


@bp.route("/rounds/<int:round_id>/import/confirm", methods=["POST"])
@require("round.answer_any")
def confirm_import(round_id: int):
    """Apply the previewed workbook: every change or none."""
    round_ = scoped_or_404(Round, round_id)
    pending = session.pop(SESSION_KEY, None)
    if not pending or pending.get("round_id") != round_.id or pending.get("user_id") != current_user.id:
        flash(_("Không có tệp nào đang chờ nhập cho đợt này; hãy tải tệp lên lại."), "error")
        return redirect(url_for("reports.import_workbook", round_id=round_.id))
    path = _pending_path(pending["token"])
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        flash(_("Tệp chờ nhập không còn; hãy tải tệp lên lại."), "error")
        return redirect(url_for("reports.import_workbook", round_id=round_.id))
    finally:
        path.unlink(missing_ok=True)
    with refusals():
        if round_.yes_no:  # a TT 35 round: its items' answers, all or none
            count = tt35_report.apply_item_workbook(round_, tt35_report.plan_item_workbook(round_, data), user=current_user)
            flash(_("Đã nhập %(count)s mục từ tệp Excel.", count=count), "success")
            return redirect(url_for("assessments.overview", round_id=round_.id))
        count = workbook.apply_import(round_, workbook.plan_import(round_, data), user=current_user)
        flash(_("Đã nhập %(count)s tiêu chí từ tệp Excel.", count=count), "success")
        return redirect(url_for("reports.dashboard", round_id=round_.id))
    return redirect(url_for("reports.import_workbook", round_id=round_.id))
