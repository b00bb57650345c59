"""Improvement plans: targets, generation from a round, entries, actions, approval, exports, my actions."""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from quality_assess import clock
from quality_assess.assessments.models import Round, levels_rounds
from quality_assess.auth.models import User
from quality_assess.catalog.models import Criterion
from quality_assess.database import db
from quality_assess.forms import first_error
from quality_assess.org.models import Department, Hospital
from quality_assess.plans import export, priorities
from quality_assess.plans import operations as ops
from quality_assess.plans.forms import (
    ActionForm, DeletePlanForm, EntryTargetForm, GenerateForm, ProgressForm, RegenerateForm, TargetForm,
)
from quality_assess.plans.models import Action, Plan, PlanEntry
from quality_assess.plans.reading import ACTION_OPTIONS, PLAN_STATUS_LABELS, STATUS_LABELS, overdue, plan_status_label, plan_view
from quality_assess.web.access import hospital_id, require, scoped, scoped_or_404
from quality_assess.web.refusals import refusals

bp = Blueprint("plans", __name__)


def _done(call, success: str, target: str, plan: Plan | None = None):
    """Run an operation; flash `success`, or its refusal (a `Forbidden` one is the 403 page); redirect to `target`,
    where after a refusal the browser puts back what the user typed (web/drafts.py).

    `plan`: the plan whose content the operation changes (the user is told when that withdrew its approval)."""
    was_approved = plan is not None and plan.status in ops.CONTENT_STATUSES
    with refusals(forbidden_is_403=True):
        call()
        flash(success, "success")
        if plan is not None:
            _reopened_notice(plan, was_approved)
    return redirect(target)


def _back(target: str, form):
    """An invalid form posted from another page: its first error, then back to that page, where the browser puts
    back what was typed (web/drafts.py)."""
    flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
    return redirect(target)


@bp.context_processor
def plan_labels():
    return {"action_status_labels": STATUS_LABELS, "plan_status_labels": PLAN_STATUS_LABELS, "plan_status_label": plan_status_label}


@bp.route("/")
@require("plan.view")
def index():
    plans = db.session.scalars(sa.select(Plan).where(scoped(Plan)).order_by(Plan.year.desc())).all()
    form = GenerateForm()
    rounds = db.session.scalars(sa.select(Round).where(scoped(Round), levels_rounds()).order_by(Round.year.desc(), Round.id.desc())).all()
    form.round_id.choices = [(r.id, f"{r.name} ({r.year})") for r in rounds]
    return render_template("plans/index.html", plans=plans, form=form, year=rounds[0].year if rounds else clock.today(current_user.hospital).year)


@bp.route("/generate", methods=["POST"])
@require("plan.edit")
def generate():
    """The first plan of a year is made at once; a plan that exists is shown what would change first."""
    form = GenerateForm()
    if not form.round_id.data:
        flash(_("Hãy chọn đợt đánh giá để lập kế hoạch."), "error")
        return redirect(url_for("plans.index"))
    round_ = scoped_or_404(Round, form.round_id.data)
    existing = ops.plan_for(round_.hospital_id, round_.year)
    if existing is not None:
        flash(_("Kế hoạch năm %(year)s đã có: hãy xem các thay đổi trước khi lập lại.", year=round_.year), "info")
        return redirect(url_for("plans.regenerate", plan_id=existing.id, round_id=round_.id,
                                include_level_3="y" if form.include_level_3.data else None))
    with refusals():
        plan = ops.generate_plan(round_, include_level_3=form.include_level_3.data, user=current_user)
        flash(_("Đã lập kế hoạch từ đợt “%(name)s”.", name=round_.name), "success")
        return redirect(url_for("plans.show", plan_id=plan.id))
    return redirect(url_for("plans.index"))


@bp.route("/<int:plan_id>/regenerate", methods=["GET", "POST"])
@require("plan.edit")
def regenerate(plan_id: int):
    """GET: what regenerating from a round would change (entries added, levels changed). POST with
    `confirm`: apply exactly those changes (an approved plan goes back to draft for the director)."""
    plan = scoped_or_404(Plan, plan_id)
    form = RegenerateForm(request.form if request.method == "POST" else request.args)
    rounds = db.session.scalars(sa.select(Round).where(scoped(Round), levels_rounds(), Round.year == plan.year).order_by(Round.id.desc())).all()
    form.round_id.choices = [(r.id, r.name) for r in rounds]
    if not form.round_id.data:
        form.round_id.data = plan.round_id
    round_ = scoped_or_404(Round, form.round_id.data)
    if round_.year != plan.year:
        abort(404)
    if request.method == "POST":
        if not form.validate() or not form.confirm.data:
            flash(first_error(form) or _("Hãy xác nhận các thay đổi trước khi lập lại kế hoạch."), "error")
        else:
            with refusals():
                was_approved = plan.status in ops.CONTENT_STATUSES
                ops.generate_plan(round_, include_level_3=form.include_level_3.data, user=current_user, expected=form.expected.data or "")
                flash(_("Đã lập lại kế hoạch từ đợt “%(name)s”.", name=round_.name), "success")
                _reopened_notice(plan, was_approved)
                return redirect(url_for("plans.show", plan_id=plan.id))
    _plan, preview = ops.preview_regeneration(round_, include_level_3=form.include_level_3.data)
    form.expected.data = preview.fingerprint
    return render_template("plans/regenerate.html", plan=plan, round_=round_, form=form, preview=preview,
                           titles=_titles([c.code for c in preview.changes]))


def _titles(codes: list[str]) -> dict[str, str]:
    return {code: title for code, title in db.session.execute(sa.select(Criterion.code, Criterion.title).where(Criterion.code.in_(codes)))}


def _reopened_notice(plan: Plan, was_approved: bool) -> None:
    """Tell the quality office that its change took the director's approval back."""
    if was_approved and plan.needs_reapproval:
        flash(_("Kế hoạch đã trở về dự thảo: phê duyệt trước đó đã được rút lại, cần Giám đốc phê duyệt lại."), "warning")


@bp.route("/targets/<year:year>", methods=["GET", "POST"])
@require(read="plan.view", write="plan.edit")
def targets(year: int):
    hospital = db.get_or_404(Hospital, hospital_id())
    row = ops.targets_for(hospital.id, year)
    # The stored row fills the page; a POST is read from the form alone (a field it leaves out is empty,
    # never the stored value: `criteria` is a mapping in the row and text in the form).
    form = TargetForm(obj=row if request.method == "GET" else None)
    if request.method == "GET" and row:
        form.criteria.data = "\n".join(f"{code} = {level}" for code, level in sorted(row.criteria.items()))
    status = 200
    if form.is_submitted():
        if form.validate():
            plan = ops.plan_for(hospital.id, year)
            was_approved = plan is not None and plan.status in ops.CONTENT_STATUSES
            with refusals(forbidden_is_403=True) as refusal:  # a refusal re-renders the form with what was typed
                ops.save_targets(
                    hospital, year, mean_min=_float(form.mean_min.data), mean_max=_float(form.mean_max.data),
                    no_level_1=form.no_level_1.data, xsd_target=_float(form.xsd_target.data),
                    criteria=ops.parse_criteria_targets(form.criteria.data or ""), user=current_user,
                )
                flash(_("Đã lưu mục tiêu năm %(year)s.", year=year), "success")
                if plan is not None:
                    _reopened_notice(plan, was_approved)
                return redirect(url_for("plans.targets", year=year))
            status = refusal.status
        else:
            flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
            status = 400
    return render_template("plans/targets.html", form=form, year=year, row=row), status


def _float(value) -> float | None:
    return None if value is None else float(value)


def _action_form(plan: Plan, obj: Action | None = None) -> ActionForm:
    form = ActionForm(obj=obj)
    depts = db.session.scalars(sa.select(Department).where(Department.hospital_id == plan.hospital_id, Department.active)).all()
    users = db.session.scalars(sa.select(User).where(User.hospital_id == plan.hospital_id, User.active).order_by(User.full_name)).all()
    form.department_id.choices = [(0, "—")] + [(d.id, d.name) for d in depts]
    form.responsible_id.choices = [(0, "—")] + [(u.id, u.display_name) for u in users]
    return form


@bp.route("/<int:plan_id>")
@require("plan.view")
def show(plan_id: int):
    plan = scoped_or_404(Plan, plan_id)
    return render_template(
        "plans/plan.html", plan=plan, view=plan_view(plan), today=clock.today(plan.hospital), overdue=overdue,
        action_form=_action_form(plan), target_form=EntryTargetForm(), progress_form=ProgressForm(),
        may_update=lambda a: ops.may_update(a, current_user),
    )


@bp.route("/<int:plan_id>/delete", methods=["GET", "POST"])
@require("plan.edit")
def delete(plan_id: int):
    """A confirmation page, then the deletion of a draft plan with no action yet (recorded in the trail)."""
    plan = scoped_or_404(Plan, plan_id)
    form = DeletePlanForm()
    if form.validate_on_submit():
        with refusals():
            ops.delete_unused_plan(plan, user=current_user)
            flash(_("Đã xóa kế hoạch cải tiến năm %(year)s.", year=plan.year), "success")
            return redirect(url_for("plans.index"))
        return redirect(url_for("plans.show", plan_id=plan_id))
    return render_template("plans/delete.html", plan=plan, form=form)


@bp.route("/<int:plan_id>/status/<status>", methods=["POST"])
@require("plan.view")
def change_status(plan_id: int, status: str):
    if status not in ops.PLAN_TRANSITIONS:
        abort(404)
    if not current_user.can(ops.PLAN_TRANSITIONS[status][1]):
        abort(403)
    plan = scoped_or_404(Plan, plan_id)
    return _done(lambda: ops.set_plan_status(plan, status, user=current_user), _("Đã cập nhật trạng thái kế hoạch."),
                 url_for("plans.show", plan_id=plan.id))


@bp.route("/entries/<int:entry_id>/target", methods=["POST"])
@require("plan.edit")
def entry_target(entry_id: int):
    entry = scoped_or_404(PlanEntry, entry_id)
    form = EntryTargetForm()
    return _done(lambda: ops.set_entry_target(entry, form.target_level.data, user=current_user),
                 _("Đã cập nhật mức mục tiêu."), url_for("plans.show", plan_id=entry.plan_id, _anchor=f"e{entry.id}"), plan=entry.plan)


@bp.route("/entries/<int:entry_id>/delete", methods=["POST"])
@require("plan.edit")
def remove_entry(entry_id: int):
    entry = scoped_or_404(PlanEntry, entry_id)
    plan = entry.plan
    return _done(lambda: ops.remove_entry(entry, user=current_user), _("Đã bỏ tiêu chí khỏi kế hoạch."),
                 url_for("plans.show", plan_id=plan.id), plan=plan)


def _fields(form: ActionForm) -> ops.ActionFields:
    return ops.ActionFields(
        text=form.text.data or "", department_id=form.department_id.data or None, responsible_id=form.responsible_id.data or None,
        start_date=form.start_date.data, due_date=form.due_date.data, status=form.status.data, evidence=form.evidence.data or "",
    )


@bp.route("/entries/<int:entry_id>/actions", methods=["POST"])
@require("plan.edit")
def add_action(entry_id: int):
    entry = scoped_or_404(PlanEntry, entry_id)
    form = _action_form(entry.plan)
    target = url_for("plans.show", plan_id=entry.plan_id, _anchor=f"e{entry.id}")
    if not form.validate():
        return _back(target, form)
    return _done(lambda: ops.add_action(entry, _fields(form), user=current_user), _("Đã thêm hành động."), target, plan=entry.plan)


@bp.route("/actions/<int:action_id>", methods=["GET", "POST"])
@require("plan.edit")
def edit_action(action_id: int):
    action = scoped_or_404(Action, action_id)
    form = _action_form(action.entry.plan, obj=action)
    status = 200
    if form.is_submitted():
        if form.validate():
            plan = action.entry.plan
            was_approved = plan.status in ops.CONTENT_STATUSES
            with refusals(forbidden_is_403=True) as refusal:  # a refusal re-renders the form with what was typed
                ops.edit_action(action, _fields(form), user=current_user)
                flash(_("Đã lưu hành động."), "success")
                _reopened_notice(plan, was_approved)
                return redirect(url_for("plans.show", plan_id=action.entry.plan_id, _anchor=f"e{action.entry_id}"))
            status = refusal.status
        else:
            flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
            status = 400
    return render_template("plans/action.html", action=action, form=form), status


@bp.route("/actions/<int:action_id>/progress", methods=["POST"])
@require("plan.update_action")
def progress(action_id: int):
    action = scoped_or_404(Action, action_id)
    if not ops.may_update(action, current_user):
        abort(403)
    form = ProgressForm()
    back = request.form.get("back") == "mine"
    target = url_for("plans.mine") if back else url_for("plans.show", plan_id=action.entry.plan_id, _anchor=f"e{action.entry_id}")
    if not form.validate():
        return _back(target, form)
    return _done(lambda: ops.update_progress(action, status=form.status.data, note=form.note.data or "", evidence=form.evidence.data,
                                             on=clock.today(action.entry.plan.hospital), user=current_user), _("Đã cập nhật tiến độ."), target)


@bp.route("/mine")
@require("plan.view")
def mine():
    today = clock.today(current_user.hospital)
    key = lambda a: (*priorities.my_actions_key(a.due_date, a.status, today), a.id)  # noqa: E731
    mine_ = db.session.scalars(sa.select(Action).where(scoped(Action), Action.responsible_id == current_user.id).options(*ACTION_OPTIONS)).all()
    dept: Sequence[Action] = []
    if current_user.department_id:
        dept = db.session.scalars(sa.select(Action).where(
            scoped(Action), Action.department_id == current_user.department_id,
            sa.or_(Action.responsible_id.is_(None), Action.responsible_id != current_user.id)).options(*ACTION_OPTIONS)).all()
    return render_template("plans/mine.html", mine=sorted(mine_, key=key), department=sorted(dept, key=key), today=today,
                           overdue=overdue, progress_form=ProgressForm(), may_update=lambda a: ops.may_update(a, current_user))


@bp.route("/<int:plan_id>.pdf")
@require("plan.view")
def pdf(plan_id: int):
    plan = scoped_or_404(Plan, plan_id)
    data = export.render_pdf(plan, plan.hospital.province or "……", clock.today(plan.hospital))
    return Response(data, mimetype="application/pdf",
                    headers={"Content-Disposition": f"inline; filename=ke-hoach-cai-tien-{plan.year}.pdf"})


@bp.route("/<int:plan_id>.docx")
@require("plan.view")
def docx(plan_id: int):
    """The plan as an editable Word document, for the quality office to edit before the director signs."""
    plan = scoped_or_404(Plan, plan_id)
    return Response(export.render_docx(plan, plan.hospital.province or "……", clock.today(plan.hospital)),
                    mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    headers={"Content-Disposition": f"attachment; filename=ke-hoach-cai-tien-{plan.year}.docx"})


@bp.route("/<int:plan_id>.xlsx")
@require("plan.view")
def xlsx(plan_id: int):
    plan = scoped_or_404(Plan, plan_id)
    return Response(export.render_xlsx(plan), mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f"attachment; filename=ke-hoach-cai-tien-{plan.year}.xlsx"})
