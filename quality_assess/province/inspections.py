"""The province inspection team's pages: the hospitals an inspector is given and their inspection rounds.

The rounds themselves are answered on the usual walk-through (assessments) and rounds API, which let an
inspector in through web.access.scoped (its hospitals' team rounds) and workflow.hooks.may_answer."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from quality_assess.assessments.models import Round
from quality_assess.database import db
from quality_assess.forms import first_error
from quality_assess.org.models import Hospital
from quality_assess.province.forms import InspectionRoundForm, LockForm
from quality_assess.province.operations import create_inspection_round, lock_inspection_round
from quality_assess.web.access import require, scoped, scoped_or_404
from quality_assess.web.refusals import refusals

bp = Blueprint("inspections", __name__)


def given_hospitals() -> list[Hospital]:
    ids = current_user.inspected_hospital_ids
    return list(db.session.scalars(sa.select(Hospital).where(Hospital.id.in_(ids)).order_by(Hospital.name))) if ids else []


@bp.route("/", methods=["GET", "POST"])
@require("inspection.write")
def index():
    hospitals = given_hospitals()
    form = InspectionRoundForm()
    form.hospital_id.choices = [(h.id, h.name) for h in hospitals]
    status = 200
    if form.is_submitted():
        if form.validate():   # the choices are the hospitals given to the inspector; the operation checks again
            hospital = next(h for h in hospitals if h.id == form.hospital_id.data)
            with refusals() as refusal:
                round_ = create_inspection_round(hospital, name=form.name.data, year=form.year.data, user=current_user)
                flash(_("Đã tạo đợt kiểm tra “%(name)s” của %(hospital)s.", name=round_.name, hospital=hospital.name), "success")
                return redirect(url_for("assessments.overview", round_id=round_.id))
            status = refusal.status
        else:
            flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
            status = 400
    rounds = db.session.scalars(sa.select(Round).where(scoped(Round)).order_by(Round.year.desc(), Round.id.desc())).all()
    by_hospital: dict[int, list[Round]] = {}
    for r in rounds:
        by_hospital.setdefault(r.hospital_id, []).append(r)
    return render_template("province/inspections.html", hospitals=hospitals, rounds=by_hospital, form=form,
                           lock_form=LockForm()), status


@bp.route("/<int:round_id>/lock", methods=["POST"])
@require("inspection.write")
def lock(round_id: int):
    """Submit and lock the team's round: its results are final and the hospital compares with them."""
    round_ = scoped_or_404(Round, round_id)   # only the team's rounds of the inspector's hospitals
    if not LockForm().validate():
        flash(_("Hãy đánh dấu ô xác nhận để khóa kết quả của đoàn."), "error")
        return redirect(url_for("inspections.index"))
    with refusals():
        lock_inspection_round(round_, user=current_user)
        flash(_("Đã khóa kết quả đợt kiểm tra “%(name)s”.", name=round_.name), "success")
    return redirect(url_for("inspections.index"))
