"""JSON API of the province view, under /api/v1: the aggregates across hospitals."""
from __future__ import annotations

from flask import Blueprint, abort, jsonify, request
from flask_login import current_user

from quality_assess.domain import ValidationError
from quality_assess.limits import YEAR_MAX, YEAR_MIN, year_value
from quality_assess.province import queries
from quality_assess.province.export import aggregates_json
from quality_assess.web.access import require, sees_all_hospitals

bp = Blueprint("province_api", __name__)


@bp.get("/province/aggregates")
@require("province.view")
def aggregates():
    """`?year=` (optional): each hospital's standing round of that year; without it, of any year."""
    if not (sees_all_hospitals() or current_user.hospital_id is None):
        abort(403)
    text = request.args.get("year", "")
    try:
        year = year_value(text) if text else None
    except ValueError:
        raise ValidationError("Năm phải là một số từ %(min)s đến %(max)s.", field="year", min=YEAR_MIN, max=YEAR_MAX) from None
    return jsonify(aggregates_json(queries.province_aggregates(year)))
