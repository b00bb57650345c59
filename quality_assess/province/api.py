"""JSON API of the province, under /api/v1: the aggregates across hospitals; the inspection team's rounds."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, jsonify, request
from flask_login import current_user

from quality_assess import bodies
from quality_assess.assessments.api import round_json
from quality_assess.assessments.models import Round
from quality_assess.database import db
from quality_assess.domain import Forbidden, ValidationError
from quality_assess.limits import YEAR_MAX, YEAR_MIN, year_value
from quality_assess.org.models import Hospital
from quality_assess.province import queries
from quality_assess.province.export import aggregates_json
from quality_assess.province.inspections import given_hospitals
from quality_assess.province.operations import create_inspection_round
from quality_assess.web.access import require, scoped, sees_all_hospitals

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


class InspectionBody(bodies.Body):
    """POST /province/inspections: a new inspection round of a hospital given to the inspector."""

    hospital: bodies.Id
    name: bodies.Name
    year: int


@bp.get("/province/inspections")
@require("inspection.write")
def inspections():
    """The hospitals given to the inspector and their inspection rounds (answer them through /rounds/<id>/results)."""
    rounds = db.session.scalars(sa.select(Round).where(scoped(Round)).order_by(Round.year.desc(), Round.id.desc()))
    return jsonify(hospitals=[{"id": h.id, "name": h.name} for h in given_hospitals()],
                   rounds=[{**round_json(r), "hospital": r.hospital_id} for r in rounds])


@bp.post("/province/inspections")
@require("inspection.write")
def create_inspection():
    body = bodies.parse(InspectionBody)
    hospital = db.session.get(Hospital, body.hospital)
    if hospital is None or hospital.id not in current_user.inspected_hospital_ids:
        raise Forbidden("Bạn không được giao kiểm tra bệnh viện này.", field="hospital")
    round_ = create_inspection_round(hospital, name=body.name, year=body.year, user=current_user)
    return jsonify({**round_json(round_), "hospital": hospital.id}), 201
