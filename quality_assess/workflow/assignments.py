"""Assignment pages of a round: the table, one form for a criterion or a whole chapter, the default mapping."""
from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from quality_assess.assessments.items import ensure_levels_round
from quality_assess.assessments.models import Round
from quality_assess.auth.models import User
from quality_assess.catalog.models import Criterion
from quality_assess.database import db
from quality_assess.domain import StaleEdit
from quality_assess.forms import first_error
from quality_assess.org.models import Department
from quality_assess.web.access import require, scoped_or_404
from quality_assess.web.refusals import refusals
from quality_assess.workflow.blueprint import bp
from quality_assess.workflow.forms import AssignmentForm
from quality_assess.workflow.mapping import load_mapping
from quality_assess.workflow.models import Assignment
from quality_assess.workflow.operations import apply_mapping, assign, criteria_of


def _choices(form: AssignmentForm, round_: Round) -> tuple[dict[int, Department], dict[int, User]]:
    departments = {d.id: d for d in db.session.scalars(
        sa.select(Department).where(Department.hospital_id == round_.hospital_id, Department.active).order_by(Department.name))}
    people = {u.id: u for u in db.session.scalars(
        sa.select(User).where(User.hospital_id == round_.hospital_id, User.active).order_by(User.full_name, User.username))
        if u.can("round.answer")}
    form.lead_department_id.choices = [(0, "—")] + [(d.id, d.name) for d in departments.values()]
    form.supporting_ids.choices = [(d.id, d.name) for d in departments.values()]
    form.assessor_ids.choices = [(u.id, f"{u.display_name} ({u.username})") for u in people.values()]
    return departments, people


def _prefill(form: AssignmentForm, round_: Round, target: str) -> None:
    criterion = db.session.scalar(sa.select(Criterion).where(Criterion.code == target))
    form.target.data = target
    if criterion is None:
        return
    current = db.session.scalar(sa.select(Assignment).where(Assignment.round_id == round_.id, Assignment.criterion_id == criterion.id))
    form.version.data = current.version if current else 0
    if current:
        form.lead_department_id.data = current.lead_department_id or 0
        form.supporting_ids.data = [d.id for d in current.supporting]
        form.assessor_ids.data = [u.id for u in current.assessors]
        form.due_date.data = current.due_date


@bp.route("/rounds/<int:round_id>/assignments", methods=["GET", "POST"])
@require(read="round.view", write="round.manage")
def assignments(round_id: int):
    round_ = scoped_or_404(Round, round_id)
    ensure_levels_round(round_)  # a TT 35 round assigns its items on their pages
    form = AssignmentForm()
    departments, people = _choices(form, round_)
    stale = None
    if form.is_submitted():
        if form.validate():
            with refusals() as refusal:
                criteria = criteria_of(form.target.data.strip().upper())
                lead = departments.get(form.lead_department_id.data or 0)
                assign(
                    round_, criteria, lead=lead, supporting=[departments[i] for i in form.supporting_ids.data],
                    assessors=[people[i] for i in form.assessor_ids.data], due_date=form.due_date.data, user=current_user,
                    expected_version=form.version.data if len(criteria) == 1 else None,
                )
                flash(_("Đã lưu phân công %(target)s.", target=form.target.data.strip().upper()), "success")
                return redirect(url_for("workflow.assignments", round_id=round_.id))
            if isinstance(refusal.error, StaleEdit):
                stale = refusal.error.current  # shown beside the form, which keeps what this user typed;
                current_version = str(stale.version if stale else 0)  # saving again is then a deliberate overwrite
                form.version.data, form.version.raw_data = int(current_version), [current_version]
        else:
            flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
    elif request.args.get("target"):
        _prefill(form, round_, request.args["target"].strip().upper())
    criteria = list(db.session.scalars(sa.select(Criterion).order_by(Criterion.position)))
    existing = {a.criterion_id: a for a in db.session.scalars(sa.select(Assignment).where(Assignment.round_id == round_.id))}
    return render_template("workflow/assignments.html", round=round_, form=form, criteria=criteria, existing=existing, stale=stale)


@bp.route("/rounds/<int:round_id>/assignments/default", methods=["POST"])
@require("round.manage")
def apply_default(round_id: int):
    round_ = scoped_or_404(Round, round_id)
    ensure_levels_round(round_)  # a TT 35 round assigns its items on their pages
    with refusals():
        count, unmatched = apply_mapping(round_, load_mapping(), user=current_user)
        flash(_("Đã gợi ý khoa/phòng chủ trì cho %(n)s tiêu chí chưa được phân công.", n=count), "success")
        if unmatched:
            flash(_("Bệnh viện chưa có khoa/phòng trùng tên: %(names)s. Hãy thêm khoa/phòng hoặc sửa tệp gợi ý.", names="; ".join(unmatched)), "warning")
    return redirect(url_for("workflow.assignments", round_id=round_.id))
