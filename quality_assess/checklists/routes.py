"""Xanh – Sạch – Đẹp pages: schedule, audits, photos, follow-ups, dashboard. Exports live in exports.py
(both decorate the blueprint of checklists/blueprint.py)."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from quality_assess import clock
from quality_assess.checklists import operations, scoring, summary, teams
from quality_assess.checklists.blueprint import bp
from quality_assess.auth.models import User
from quality_assess.auth.roles import DEPT_HEAD
from quality_assess.checklists.forms import (
    DeleteAuditForm, FollowUpForm, FollowUpUpdateForm, NewAuditForm, SettingsForm, audit_form, field_names, item_inputs,
    seen_name,
)
from quality_assess.checklists.models import Answer, Audit, ChecklistTemplate, FollowUp, FollowUpUpdate, Team
from quality_assess.database import db
from quality_assess.files import send_private
from quality_assess.domain import StaleEdit, ValidationError
from quality_assess.forms import first_error
from quality_assess.history.models import ChangeLog
from quality_assess.limits import year_value
from quality_assess.org.models import Department, Hospital
from quality_assess.web.access import hospital_id, require, scoped, scoped_or_404
from quality_assess.web.refusals import refusals

def _new_audit_form() -> NewAuditForm:
    form = NewAuditForm()
    hid = hospital_id()
    departments = db.session.scalars(sa.select(Department).where(Department.hospital_id == hid, Department.active).order_by(Department.name))
    form.department_id.choices = [(d.id, d.name) for d in departments]
    assigned = teams.assigned_departments(hid)
    # Each option names the departments it applies to (none: all); checklists.js offers only those of the chosen one.
    form.template_id.choices = [(t.id, t.label, {"data-departments": " ".join(map(str, sorted(assigned.get(t.code, ()))))})
                                for t in operations.templates_for(hid)]
    form.team_id.choices = [(0, _("— Một người chấm (không theo đoàn) —"))] + [(t.id, t.name) for t in teams.teams_of(hid, active_only=True)]
    if not form.is_submitted():
        form.audit_date.data = clock.today(current_user.hospital)
    return form


@bp.route("/")
@require("xsd.view")
def index():
    hid = hospital_id()
    today = clock.today(current_user.hospital)
    audits = db.session.scalars(
        sa.select(Audit).where(Audit.hospital_id == hid).options(selectinload(Audit.team))
        .order_by(Audit.audit_date.desc(), Audit.id.desc()).limit(30)
    ).all()
    assigned = teams.assigned_departments(hid)
    templates = operations.templates_for(hid)
    rows = summary.schedule(hid, today)
    applicable = {r["department"].id: [t for t in templates if teams.applies(t.code, r["department"].id, assigned)] for r in rows}
    return render_template(
        "checklists/index.html", audits=audits, results={a.id: operations.audit_result(a) for a in audits},
        schedule=rows, applicable=applicable, form=_new_audit_form(), today=today,
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
            team=scoped_or_404(Team, form.team_id.data) if form.team_id.data else None,
        )
        return redirect(url_for("checklists.audit", audit_id=audit.id))
    return redirect(url_for("checklists.index"))


def may_edit(audit: Audit) -> bool:
    """Whether the user may change some item (in a team's audit: a member, their own items)."""
    return bool(teams.editable_items(audit, current_user))


def _sent_items(audit: Audit, items: list) -> list:
    """The items a save is about. A team's audit saves only the items the page sent (a member's page sends
    their own; the others are read-only), so members saving at once never overwrite each other."""
    if audit.team is None:
        return items
    return [item for item in items if any(name in request.form or name in request.files for name in field_names(item))]


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
            with refusals() as refusal:
                operations.save_answers(audit, item_inputs(form, _sent_items(audit, items)), user=current_user)
                if request.form.get("then") == "submit" and not audit.submitted:
                    operations.submit_audit(audit, user=current_user)
                    flash(_("Đã nộp phiếu kiểm tra."), "success")
                else:
                    flash(_("Đã lưu phiếu kiểm tra."), "success")
                return redirect(url_for("checklists.audit", audit_id=audit.id))
            faults = _faults(refusal.error, audit, form)  # a set, maybe empty: the page shows what was sent
            if isinstance(refusal.error, StaleEdit):
                _seen_now(audit, form, refusal.error.field)
            # 400; 403 for a team member's save of another member's item (the page says whose it is); 409 for a
            # save over a newer answer (the page shows it beside what was sent; saving again then replaces it)
            return render_template("checklists/audit.html", **_audit_context(audit, form, faults=faults)), refusal.status
        flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
    return render_template("checklists/audit.html", **_audit_context(audit, form))


def _seen_now(audit: Audit, form, code: str | None) -> None:
    """After a refused stale save, the item's page holds the version stored now: saving again is deliberate."""
    item = next((i for i in audit.template.items if i.code == code), None)
    if item is not None:
        current = audit.answer_for(item.id)
        getattr(form, seen_name(item)).data = str(current.version) if current else "0"


def _faults(error, audit: Audit, form) -> set[str]:
    """The codes of the items a refusal is about: the item it names, or every item still without a score
    (judged on what was sent, as the refused save kept nothing)."""
    if error is None:
        return set()
    if error.field:
        return {error.field}
    if request.form.get("then") == "submit":
        return {item.code for item in audit.template.items if not (getattr(form, field_names(item)[0]).data or "")}
    return set()


def _people(hid: int) -> list[User]:
    return list(db.session.scalars(
        sa.select(User).where(User.hospital_id == hid, User.active).order_by(User.full_name, User.username)
    ))


def _unmet(audit: Audit) -> list[tuple]:
    answers = {a.item_id: a for a in audit.answers}
    return [(item, a) for item in audit.template.items
            if (a := answers.get(item.id)) and not a.not_applicable and a.points is not None and a.points < item.max_points]


def _follow_up_form(audit: Audit, *, bound: bool = False) -> FollowUpForm:
    """The follow-up form with its choices; unbound, it proposes the audited department and its head."""
    form = FollowUpForm() if bound else FollowUpForm(formdata=None)
    form.item_id.choices = [(item.id, f"{item.code} – {item.text}" + (f" ({a.note})" if a.note else "")) for item, a in _unmet(audit)]
    form.item_id.choices.append((0, _("— Chung cho cả phiếu —")))  # last: a new form proposes the first unmet item
    departments = db.session.scalars(
        sa.select(Department).where(Department.hospital_id == audit.hospital_id, Department.active).order_by(Department.name))
    form.department_id.choices = [(d.id, d.name) for d in departments]
    people = _people(audit.hospital_id)
    form.owner_id.choices = [(0, _("— Chưa chọn —"))] + [
        (u.id, u.display_name + (f" – {u.department.name}" if u.department else "")) for u in people]
    if not bound or "department_id" not in request.form:
        form.department_id.data = audit.department_id
    if not bound:
        form.item_id.data = form.item_id.choices[0][0]
        head = next((u for u in people if u.role == DEPT_HEAD and u.department_id == audit.department_id), None)
        form.owner_id.data = head.id if head else 0
    return form


def _sent_result(audit: Audit, form) -> scoring.AuditScore:
    """The score of what a refused form sent (nothing of it was saved), as the page's live score shows it."""
    def given(item) -> scoring.ItemScore:
        choice = (getattr(form, field_names(item)[0]).data or "").strip()
        points = int(choice) if choice.isascii() and choice.isdigit() and int(choice) <= item.max_points else None
        return scoring.ItemScore(max_points=item.max_points, critical=item.critical, points=points, not_applicable=choice == "na",
                                 severe_risk=item.severe_risk, code=item.code)
    return scoring.audit_score(given(item) for item in audit.template.items)


def _audit_context(audit: Audit, form, *, faults: set[str] | None = None, follow_up_form: FollowUpForm | None = None) -> dict:
    hospital = db.get_or_404(Hospital, audit.hospital_id)
    result = _sent_result(audit, form) if faults is not None else operations.audit_result(audit)
    history = db.session.scalars(
        sa.select(ChangeLog).where(ChangeLog.entity == "xsd_audit", ChangeLog.entity_id == audit.id).order_by(ChangeLog.at.desc())
    ).all()
    editable_items = teams.editable_items(audit, current_user)
    return {
        "audit": audit, "form": form, "result": result, "hospital": hospital, "editable": bool(editable_items),
        "editable_items": editable_items, "owners": teams.item_owners(audit),
        "progress": teams.progress(audit) if audit.team else [],
        "may_submit": teams.may_submit(audit, current_user),
        "band": operations.audit_grade(audit, result, hospital), "bands": operations.audit_bands(audit, hospital),
        "fields": field_names, "seen_name": seen_name,
        "history": [(h, summary.history_label(h.field, audit.template)) for h in history],
        "answers": {a.item_id: a for a in audit.answers}, "faults": faults or set(),
        "follow_up_form": follow_up_form or _follow_up_form(audit), "unmet": _unmet(audit),
        "follow_ups": summary.follow_ups(audit.hospital_id, audit_id=audit.id),
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
    """A refused follow-up is shown again on the audit page with what was typed and chosen (its item too)."""
    audit = scoped_or_404(Audit, audit_id)
    form = _follow_up_form(audit, bound=True)
    if form.validate():
        with refusals():
            owner = scoped_or_404(User, form.owner_id.data) if form.owner_id.data else None
            operations.create_follow_up(audit, form.item_id.data or None, text=form.text.data, due_date=form.due_date.data, user=current_user,
                                        department=scoped_or_404(Department, form.department_id.data), owner=owner)
            flash(_("Đã tạo hành động khắc phục."), "success")
            return redirect(url_for("checklists.audit", audit_id=audit.id) + "#follow-ups")
        audit = scoped_or_404(Audit, audit_id)  # the refusal rolled the session back
    else:
        flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
    page_form = audit_form(audit.template.items, {a.item_id: a for a in audit.answers}, formdata=None)
    return render_template("checklists/audit.html", **_audit_context(audit, page_form, follow_up_form=form)), 400


def _follow_ups_page(typed: dict | None = None, status: int = 200):
    rows = summary.follow_ups(hospital_id())
    actions = db.session.scalars(sa.select(FollowUp).where(FollowUp.id.in_([r["id"] for r in rows])))
    may_report = {f.id for f in actions if operations.may_update_follow_up(f, current_user)}
    return render_template("checklists/follow_ups.html", rows=rows, may_report=may_report, typed=typed or {},
                           labels=summary.FOLLOW_UP_LABELS, form=FollowUpUpdateForm(formdata=None)), status


@bp.route("/follow-ups")
@require("xsd.view")
def follow_ups():
    return _follow_ups_page()


@bp.route("/follow-ups/<int:follow_up_id>/status", methods=["POST"])
@require("xsd.view")
def follow_up_status(follow_up_id: int):
    """A progress report (status, note, photo) by infection control, the owning department's head or the owner.
    A refused one is shown again with its status and note (a photo has to be chosen again)."""
    follow_up = scoped_or_404(FollowUp, follow_up_id)
    if not operations.may_update_follow_up(follow_up, current_user):
        abort(403)
    form = FollowUpUpdateForm()
    with refusals(forbidden_is_403=True) as refusal:
        if not form.validate():
            raise ValidationError("Trạng thái không hợp lệ.", field="status")
        operations.update_follow_up(follow_up, status=form.status.data, note=form.note.data or "", photo=form.photo_input(),
                                    user=current_user)
        flash(_("Đã cập nhật hành động khắc phục."), "success")
        return redirect(url_for("checklists.follow_ups") + f"#fu-{follow_up_id}")
    typed = {follow_up_id: {"status": request.form.get("status", ""), "note": request.form.get("note", "")}}
    return _follow_ups_page(typed, refusal.status)


@bp.route("/follow-ups/photos/<int:update_id>")
@require("xsd.view")
def follow_up_photo(update_id: int):
    """A follow-up photo, only for logged-in users of the action's own hospital."""
    update = db.one_or_404(sa.select(FollowUpUpdate).join(FollowUp, FollowUpUpdate.follow_up_id == FollowUp.id)
                           .where(FollowUpUpdate.id == update_id, scoped(FollowUp)))
    if not update.photo_name:
        abort(404)
    return send_private(operations.photo_dir() / update.photo_name, update.photo_type or "application/octet-stream")


@bp.route("/dashboard")
@require("xsd.view")
def dashboard():
    hid = hospital_id()
    hospital = db.get_or_404(Hospital, hid)
    year = request.args.get("year", type=year_value) or clock.today(hospital).year
    grid = summary.year_grid(hid, year)
    latest = summary.latest_results(hid)
    target = hospital.xsd_target
    # Below target and critical flags first, then the lowest scores.
    attention = sorted(latest, key=lambda r: (not r["severe_failed"], not r["critical_failed"],
                                              scoring.meets_target(r["score"], target) is not False, r["score"] or 0))
    trends = {d.id: scoring.trend([c.score if c else None for c in grid.row(d.id)]) for d in grid.departments}
    # One grid per template when the hospital uses several (a department's own form beside the common one).
    templates = operations.templates_for(hid)
    by_template = [(t, summary.year_grid(hid, year, template_code=t.code)) for t in templates] if len(templates) > 1 else []
    return render_template(
        "checklists/dashboard.html", year=year, grid=grid, hospital=hospital, target=target, attention=attention,
        trends=trends, failed=summary.most_failed_items(hid, year), months=range(1, 13), quarters=range(1, 5),
        meets=scoring.meets_target, by_template=by_template,
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

