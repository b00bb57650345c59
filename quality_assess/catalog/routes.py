"""Browse the catalogue (the import and title-correction pages live beside it)."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, render_template
from sqlalchemy.orm import selectinload

from quality_assess.auth.access import require
from quality_assess.catalog.models import Chapter, Part
from quality_assess.database import db

bp = Blueprint("catalog", __name__)


@bp.route("/")
@require("round.view")
def index():
    parts = db.session.scalars(
        sa.select(Part).order_by(Part.position).options(selectinload(Part.chapters).selectinload(Chapter.criteria))
    ).all()
    return render_template("catalog/index.html", parts=parts)
