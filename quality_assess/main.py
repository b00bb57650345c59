"""The home page: what a user should look at first."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, redirect, render_template, send_from_directory, url_for
from flask_login import current_user, login_required

from quality_assess import clock
from quality_assess.assessments.models import Round
from quality_assess.web.access import scoped
from quality_assess.database import db
from quality_assess.workflow import queue

bp = Blueprint("main", __name__)


@bp.route("/")
@login_required
def index():
    if current_user.must_change_password:
        return redirect(url_for("auth.password"))
    rounds = db.session.scalars(sa.select(Round).where(scoped(Round)).order_by(Round.year.desc(), Round.id.desc()).limit(10)).all()
    return render_template("index.html", rounds=rounds, attention=_attention())


def _attention() -> dict[str, int]:
    """The overdue and waiting counts the home page flags (nothing for a user without a hospital)."""
    hospital = current_user.hospital
    if hospital is None:
        return {}
    today = clock.today(hospital)
    counts = {"mine": queue.overdue_count(hospital.id, today, user_id=current_user.id)}
    if current_user.can("round.manage"):
        counts["overdue"] = queue.overdue_count(hospital.id, today)
    if current_user.can("round.review"):
        counts["waiting"] = queue.waiting_count(hospital.id)
    return counts


@bp.route("/favicon.ico")
def favicon():
    return send_from_directory(bp.root_path + "/static", "favicon.svg", mimetype="image/svg+xml")
