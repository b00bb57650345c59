"""Province view (Sở Y tế): every hospital of the installation, read-only."""
from __future__ import annotations

from flask import Blueprint, render_template

from quality_assess.auth.access import require

bp = Blueprint("province", __name__)


@bp.route("/")
@require("province.view")
def index():
    return render_template("placeholder.html")
