"""Xanh – Sạch – Đẹp pages: schedule, audits, photos, follow-ups, dashboard. Exports live in exports.py
(both decorate the blueprint of checklists/blueprint.py)."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from quality_assess import clock
from quality_assess.checklists import operations, scoring, summary
from quality_assess.checklists.blueprint import bp
from quality_assess.checklists.forms import (
    DeleteAuditForm, FollowUpForm, FollowUpStatusForm, NewAuditForm, SettingsForm, audit_form, field_names, item_inputs,
)
from quality_assess.checklists.models import Answer, Audit, ChecklistTemplate, FollowUp
from quality_assess.database import db
from quality_assess.files import send_private
from quality_assess.domain import DomainError
from quality_assess.forms import first_error
from quality_assess.history.models import ChangeLog
from quality_assess.org.models import Department, Hospital
from quality_assess.web.access import hospital_id, require, scoped, scoped_or_404
from quality_assess.web.refusals import refusals

def _new_audit_form() -> NewAuditForm:
    form = NewAuditForm()
    hid = hospital_id()
    departments = db.session.scalars(sa.select(Department).where(Department.hospital_id == hid, Department.active).order_by(Department.name))
    form.department_id.choices = [(d.id, d.name) for d in departments]
    form.template_id.choices = [(t.id, t.label) for t in operations.templates_for(hid)]
    if not form.is_submitted():
        form.audit_date.data = clock.today(current_user.hospital)
    return form


@bp.route("/")
@require("xsd.view")
def index():
    hid = hospital_id()
    today = clock.today(current_user.hospital)
    audits = db.session.scalars(
        sa.select(Audit).where(Audit.hospital_id == hid).order_by(Audit.audit_date.desc(), Audit.id.desc()).limit(30)
    ).all()
    return render_template(
        "checklists/index.html", audits=audits, results={a.id: operations.audit_result(a) for a in audits},
        schedule=summary.schedule(hid, today), form=_new_audit_form(), today=today,
    )


@bp.route("/audits/new", methods=["POST"])
@require("xsd.audit")
def new_audit():
    form = _new_audit_form()
    if not form.validate():
        flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
        return redirect(url_for("checklists.index"))
    with refusals():
        audit = operations.create_audit(
            hospital_id=hospital_id(), department=scoped_or_404(Department, form.department_id.data),
            template=db.get_or_404(ChecklistTemplate, form.template_id.data), audit_date=form.audit_date.data, user=current_user,
        )
        return redirect(url_for("checklists.audit", audit_id=audit.id))
    return redirect(url_for("checklists.index"))


def may_edit(audit: Audit) -> bool:
    return current_user.can("xsd.edit_submitted") if audit.submitted else current_user.can("xsd.audit")


@bp.route("/audits/<int:audit_id>", methods=["GET", "POST"])
@require("xsd.view")
def audit(audit_id: int):
    audit = scoped_or_404(Audit, audit_id)
    items = audit.template.items
    form = audit_form(items, {a.item_id: a for a in audit.answers})
    if form.is_submitted():
        if not may_edit(audit):
            abort(403)
        if form.validate():
            with refusals():
                operations.save_answers(audit, item_inputs(form, items), user=current_user)
                if request.form.get("then") == "submit" and not audit.submitted:
                    return submit(audit_id)
                flash(_("Đã lưu phiếu kiểm tra."), "success")
                return redirect(url_for("checklists.audit", audit_id=audit.id))
            return render_template("checklists/audit.html", **_audit_context(audit, form)), 400
        flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
    return render_template("checklists/audit.html", **_audit_context(audit, form))


def _audit_context(audit: Audit, form) -> dict:
    hospital = db.get_or_404(Hospital, audit.hospital_id)
    result = operations.audit_result(audit)
    history = db.session.scalars(
        sa.select(ChangeLog).where(ChangeLog.entity == "xsd_audit", ChangeLog.entity_id == audit.id).order_by(ChangeLog.at.desc())
    ).all()
    return {
        "audit": audit, "form": form, "result": result, "hospital": hospital, "editable": may_edit(audit),
        "band": scoring.band(result.score, hospital.xsd_bands), "fields": field_names, "history": history,
        "answers": {a.item_id: a for a in audit.answers}, "follow_up_form": FollowUpForm(formdata=None),
    }


@bp.route("/audits/<int:audit_id>/submit", methods=["POST"])
@require("xsd.audit")
def submit(audit_id: int):
    audit = scoped_or_404(Audit, audit_id)
    with refusals():
        operations.submit_audit(audit, user=current_user)
        flash(_("Đã nộp phiếu kiểm tra."), "success")
    return redirect(url_for("checklists.audit", audit_id=audit.id))


@bp.route("/audits/<int:audit_id>/delete", methods=["GET", "POST"])
@require("xsd.audit")
def delete_audit(audit_id: int):
    """A confirmation page, then the deletion of a draft audit (recorded in the trail)."""
    audit = scoped_or_404(Audit, audit_id)
    form = DeleteAuditForm()
    if form.validate_on_submit():
        with refusals():
            operations.delete_draft_audit(audit, user=current_user)
            flash(_("Đã xóa phiếu kiểm tra nháp."), "success")
            return redirect(url_for("checklists.index"))
        return redirect(url_for("checklists.audit", audit_id=audit_id))
    return render_template("checklists/delete_audit.html", audit=audit, form=form)


@bp.route("/photos/<int:answer_id>")
@require("xsd.view")
def photo(answer_id: int):
    """A photo, only for logged-in users of the audit's own hospital."""
    answer = db.one_or_404(sa.select(Answer).join(Audit, Answer.audit_id == Audit.id).where(Answer.id == answer_id, scoped(Audit)))
    if not answer.photo_name:
        abort(404)
    return send_private(operations.photo_dir() / answer.photo_name, answer.photo_type)


@bp.route("/audits/<int:audit_id>/follow-ups", methods=["POST"])
@require("xsd.audit")
def new_follow_up(audit_id: int):
    audit = scoped_or_404(Audit, audit_id)
    form = FollowUpForm()
    if form.validate():
        with refusals():
            operations.create_follow_up(audit, request.form.get("item_id", type=int), text=form.text.data,
                                        due_date=form.due_date.data, user=current_user)
            flash(_("Đã tạo hành động khắc phục."), "success")
    else:
        flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
    return redirect(url_for("checklists.audit", audit_id=audit.id))


@bp.route("/follow-ups")
@require("xsd.view")
def follow_ups():
    return render_template("checklists/follow_ups.html", rows=summary.follow_ups(hospital_id()), form=FollowUpStatusForm(formdata=None))


@bp.route("/follow-ups/<int:follow_up_id>/status", methods=["POST"])
@require("xsd.audit")
def follow_up_status(follow_up_id: int):
    follow_up = scoped_or_404(FollowUp, follow_up_id)
    form = FollowUpStatusForm()
    with refusals():
        if not form.validate():
            raise DomainError("Trạng thái không hợp lệ.")
        operations.set_follow_up_status(follow_up, form.status.data, user=current_user)
        flash(_("Đã cập nhật trạng thái."), "success")
    return redirect(url_for("checklists.follow_ups"))


@bp.route("/dashboard")
@require("xsd.view")
def dashboard():
    hid = hospital_id()
    hospital = db.get_or_404(Hospital, hid)
    year = request.args.get("year", type=int) or clock.today(hospital).year
    grid = summary.year_grid(hid, year)
    latest = summary.latest_results(hid)
    target = hospital.xsd_target
    # Below target and critical flags first, then the lowest scores.
    attention = sorted(latest, key=lambda r: (not r["critical_failed"], scoring.meets_target(r["score"], target) is not False, r["score"] or 0))
    trends = {d.id: scoring.trend([c.score if c else None for c in grid.row(d.id)]) for d in grid.departments}
    return render_template(
        "checklists/dashboard.html", year=year, grid=grid, hospital=hospital, target=target, attention=attention,
        trends=trends, failed=summary.most_failed_items(hid, year), months=range(1, 13), quarters=range(1, 5),
        meets=scoring.meets_target,
    )


@bp.route("/settings", methods=["GET", "POST"])
@require("xsd.manage")
def settings():
    hospital = db.get_or_404(Hospital, hospital_id())
    form = SettingsForm()
    if not form.is_submitted():
        form.target.data = hospital.xsd_target
        form.bands.data = "\n".join(f"{b['min']} {b['label']}" for b in hospital.xsd_bands)
    elif form.validate():
        with refusals():
            operations.update_settings(hospital, target=float(form.target.data), bands_text=form.bands.data, user=current_user)
            flash(_("Đã lưu mục tiêu và xếp loại."), "success")
            return redirect(url_for("checklists.settings"))
    else:
        flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
    return render_template("checklists/settings.html", form=form)

