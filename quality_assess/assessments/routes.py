"""Rounds: list, create, change status. The walk-through pages live beside them."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from quality_assess.assessments.forms import RoundForm
from quality_assess.assessments.models import Round
from quality_assess.assessments.operations import create_round, set_round_status, summarize_round
from quality_assess.auth.access import get_scoped_or_404, hospital_id, require, scoped
from quality_assess.database import db
from quality_assess.domain import DomainError
from quality_assess.forms import first_error
from quality_assess.org.models import Hospital

bp = Blueprint("assessments", __name__)


@bp.route("/", methods=["GET", "POST"])
@require("round.view")
def index():
    rounds = db.session.scalars(sa.select(Round).where(scoped(Round)).order_by(Round.year.desc(), Round.id.desc())).all()
    form = RoundForm()
    form.source_round_id.choices = [(0, "—")] + [(r.id, f"{r.name} ({r.year})") for r in rounds]
    if form.is_submitted():
        if not current_user.can("round.manage"):
            abort(403)
        if form.validate():
            hospital = db.get_or_404(Hospital, hospital_id())
            source = get_scoped_or_404(Round, form.source_round_id.data) if form.source_round_id.data else None
            try:
                round_ = create_round(hospital, name=form.name.data, year=form.year.data, kind=form.kind.data, user=current_user, source=source)
            except DomainError as exc:
                db.session.rollback()
                flash(exc.text(), "error")
            else:
                flash(_("Đã tạo đợt đánh giá “%(name)s”.", name=round_.name), "success")
                return redirect(url_for("assessments.overview", round_id=round_.id))
        else:
            flash(first_error(form) or _("Biểu mẫu không hợp lệ."), "error")
    return render_template("assessments/index.html", rounds=rounds, form=form)


@bp.route("/<int:round_id>/status/<status>", methods=["POST"])
@require("round.manage")
def change_status(round_id: int, status: str):
    round_ = get_scoped_or_404(Round, round_id)
    try:
        set_round_status(round_, status, user=current_user)
    except DomainError as exc:
        db.session.rollback()
        flash(exc.text(), "error")
    else:
        flash(_("Đã cập nhật trạng thái đợt đánh giá."), "success")
    return redirect(url_for("assessments.overview", round_id=round_.id))


@bp.route("/<int:round_id>")
@require("round.view")
def overview(round_id: int):
    """Placeholder overview until the walk-through lands."""
    round_ = get_scoped_or_404(Round, round_id)
    return render_template("assessments/overview.html", round=round_, summary=summarize_round(round_))
