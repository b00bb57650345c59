"""Results by responsible department: the page (ranked table and department × chapter heatmap) and its
JSON, GET /api/v1/rounds/<id>/departments. Both decorate blueprints of the reports domain
(reports/blueprint.py for the page, reports/api.py for the API); the figures are reports/departments.py's."""
from __future__ import annotations

from typing import Any

from flask import jsonify, render_template

from quality_assess.assessments.models import Round
from quality_assess.reports import department_tables
from quality_assess.reports.api import bp as api
from quality_assess.reports.blueprint import bp
from quality_assess.reports.content import department_report
from quality_assess.reports.departments import Cell, DepartmentRow
from quality_assess.web.access import require, scoped_or_404


@bp.route("/rounds/<int:round_id>/departments")
@require("report.view")
def departments(round_id: int):
    round_ = scoped_or_404(Round, round_id)
    return render_template("reports/departments.html", round=round_, report=department_report(round_),
                           tables=department_tables)


def _cell(cell: Cell) -> dict[str, Any]:
    return {"criteria": cell.criteria, "answered": cell.answered, "mean": cell.mean, "band": cell.band}


def _row(row: DepartmentRow) -> dict[str, Any]:
    return {
        "name": row.name, "unassigned": row.unassigned, "rank": row.rank, "criteria": row.criteria,
        "applicable": row.applicable, "answered": row.answered, "unanswered": row.unanswered, "mean": row.mean,
        "level_1": row.level_1, "level_2": row.level_2, "low": row.low,
        "chapters": {code: _cell(c) for code, c in row.chapters.items()},
    }


@api.get("/rounds/<int:round_id>/departments", endpoint="departments")
@require("report.view")
def departments_api(round_id: int):
    """Per lead department (name null: the criteria not assigned) the counts, mean, rank and per chapter cells."""
    round_ = scoped_or_404(Round, round_id)
    report = department_report(round_)
    return jsonify(
        round={"id": round_.id, "name": round_.name, "year": round_.year, "kind": round_.kind, "status": round_.status},
        rule=department_tables.rule(),
        chapters=report.chapters,
        departments=[_row(r) for r in report.rows],
    )
