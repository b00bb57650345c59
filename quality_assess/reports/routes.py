"""Routes of the reports domain (placeholder until its issue lands)."""
from __future__ import annotations

from flask import Blueprint, render_template

from quality_assess.auth.access import require

bp = Blueprint("reports", __name__)


@bp.route("/")
@require("round.view")
def index():
    return render_template("placeholder.html")
