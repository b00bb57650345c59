"""JSON API of the reports domain, under /api/v1: a round's structured export (JSON and CSV) and two rounds compared."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, jsonify, request

from quality_assess import limits
from quality_assess.assessments.export import csv_rows, round_document
from quality_assess.assessments.items import ensure_levels_round
from quality_assess.assessments.models import Round
from quality_assess.assessments.operations import round_scores
from quality_assess.domain import ValidationError
from quality_assess.render import csvfile
from quality_assess.reports.compare import compare as compare_rounds
from quality_assess.web.access import require, scoped_or_404

bp = Blueprint("reports_api", __name__)


@bp.get("/rounds/<int:round_id>/export")
@require("report.view")
def export(round_id: int):
    """The round as the versioned document of docs/export-schema-v1.json (every criterion, the summary's figures)."""
    return jsonify(round_document(_levels_round(round_id)))


@bp.get("/rounds/<int:round_id>/export.csv")
@require("report.view")
def export_csv(round_id: int):
    """The document's criteria rows as CSV (UTF-8 with BOM, formula-safe), one line per criterion."""
    round_ = _levels_round(round_id)
    return csvfile.write(csv_rows(round_document(round_))), 200, {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": f'attachment; filename="ket-qua-dot-{round_.id}.csv"',
    }


def _levels_round(round_id: int) -> Round:
    round_ = scoped_or_404(Round, round_id)
    ensure_levels_round(round_)  # the export schema is the 83 criteria's; a TT 35 round has GET /api/v1/rounds/<id>/summary
    return round_


def _round_json(r: Round) -> dict[str, Any]:
    return {"id": r.id, "name": r.name, "year": r.year, "kind": r.kind, "status": r.status}


def _round_arg(name: str) -> Round:
    ident = request.args.get(name, type=limits.id_value)
    if ident is None:
        raise ValidationError("Hãy chọn hai đợt đánh giá để so sánh.", field=name)
    round_ = scoped_or_404(Round, ident)
    ensure_levels_round(round_, field=name)
    return round_


@bp.get("/compare")
@require("report.view")
def compare():
    """?a=<id>&b=<id> → both summaries, per criterion A, B and the gap A − B, per chapter the means, gap and counts."""
    a, b = _round_arg("a"), _round_arg("b")
    if a.hospital_id != b.hospital_id:  # the province sees every hospital, but compares a hospital's own rounds
        abort(404)
    result = compare_rounds(round_scores(a.id), round_scores(b.id))
    gaps = [row.gap for row in result.rows]
    return jsonify(
        a={"round": _round_json(a), **result.summary_a.as_dict()},
        b={"round": _round_json(b), **result.summary_b.as_dict()},
        criteria=[{"code": r.code, "part": r.part, "chapter": r.chapter, "a": r.level_a, "b": r.level_b, "gap": r.gap}
                  for r in result.rows],
        chapters={code: {"a": c.mean_a, "b": c.mean_b, "gap": c.gap, "a_higher": c.a_higher, "b_higher": c.b_higher,
                         "equal": c.equal, "not_compared": c.not_compared} for code, c in result.chapters.items()},
        parts={part: {"a": result.summary_a.parts.get(part), "b": result.summary_b.parts.get(part), "gap": gap}
               for part, gap in result.part_gaps.items()},
        counts={"a_higher": sum(1 for g in gaps if g is not None and g > 0),
                "b_higher": sum(1 for g in gaps if g is not None and g < 0),
                "equal": sum(1 for g in gaps if g == 0), "not_compared": sum(1 for g in gaps if g is None)},
    )
