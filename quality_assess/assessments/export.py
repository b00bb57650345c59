"""The structured export of a round for other systems: one versioned JSON document, and the same rows as CSV.

From 2027 hospitals send their quality results to the national information system (Thông tư
38/2024/TT-BYT), whose format is not published yet. Until it is, this is our documented format:
`docs/export-schema-v1.json` describes it and a test validates real output against it. A change
that removes or renames a field raises SCHEMA_VERSION's major number; adding a field raises the minor.

It reads only rounds, results, the catalogue and the hospital, so any domain above assessments (the
round API, the province's archive) can build it.
"""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from quality_assess import clock
from quality_assess.assessments.models import Result, Round
from quality_assess.assessments.operations import summarize_round
from quality_assess.catalog.models import Chapter, Criterion, Part
from quality_assess.database import db

SCHEMA_VERSION = "1.0"
SCHEMA_FILE = "docs/export-schema-v1.json"   # in the repository; its "$id" names the major version
FRAMEWORK = {"decision": "6858/QĐ-BYT", "issued": "2016-11-18"}  # Quyết định of the Ministry of Health

# The CSV's columns: the criteria rows of the document, in the same order and with the same names.
CRITERION_FIELDS = ("code", "part", "chapter", "coefficient", "applicable", "level", "not_applicable_reason", "note")


def criteria_rows(round_: Round) -> list[dict[str, Any]]:
    """Every criterion of the catalogue, in catalogue order, with the round's answer (none yet: applicable, no level)."""
    rows = db.session.execute(
        sa.select(Criterion.code, Part.code, Chapter.code, Criterion.coefficient,
                  Result.id, Result.not_applicable, Result.level, Result.na_reason, Result.note)
        .join(Chapter, Criterion.chapter_id == Chapter.id)
        .join(Part, Chapter.part_id == Part.id)
        .outerjoin(Result, sa.and_(Result.criterion_id == Criterion.id, Result.round_id == round_.id))
        .order_by(Criterion.position)
    ).all()
    out = []
    for code, part, chapter, coefficient, result_id, na, level, reason, note in rows:
        applicable = result_id is None or not na
        out.append({
            "code": code, "part": part, "chapter": chapter, "coefficient": coefficient, "applicable": applicable,
            "level": level if applicable else None,
            "not_applicable_reason": None if applicable else (reason or ""),
            "note": note or "",
        })
    return out


def round_document(round_: Round) -> dict[str, Any]:
    """The versioned document of one round: who, which round, which framework, the result block, every criterion."""
    hospital = round_.hospital
    criteria = criteria_rows(round_)
    return {
        "schema_version": SCHEMA_VERSION,
        "generated_at": clock.iso(clock.now(), hospital),
        "hospital": {"id": hospital.id, "name": hospital.name, "grade": hospital.grade, "province": hospital.province,
                     "address": hospital.address},
        "round": {"id": round_.id, "name": round_.name, "year": round_.year, "kind": round_.kind, "status": round_.status,
                  "submitted_at": clock.iso(round_.submitted_at, hospital), "locked_at": clock.iso(round_.locked_at, hospital)},
        "framework": {**FRAMEWORK, "criteria": len(criteria),
                      "parts": list(dict.fromkeys(c["part"] for c in criteria)),
                      "chapters": list(dict.fromkeys(c["chapter"] for c in criteria))},
        "summary": summarize_round(round_).as_dict(),   # the same figures as GET /api/v1/rounds/<id>/summary
        "criteria": criteria,
    }


def csv_rows(document: dict[str, Any]) -> list[list[Any]]:
    """The document's criteria as table rows (header first); booleans as 1/0, missing values empty."""
    def cell(value: Any) -> Any:
        if value is None:
            return ""
        if isinstance(value, bool):
            return int(value)
        return value

    return [list(CRITERION_FIELDS)] + [[cell(row[f]) for f in CRITERION_FIELDS] for row in document["criteria"]]
