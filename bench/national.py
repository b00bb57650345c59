"""National scale for the benchmarks: 1,500 hospitals × 10 yearly rounds × 83 results, in bulk.

Every row is SYNTHETIC (hospital names say "thử nghiệm"). Past years are locked with their summary
frozen as the app freezes it at lock (scoring.summarize), the current year is open, so the province
pages read both kinds. Rows go in with multi-row INSERTs in chunks (a few minutes on SQLite and on
PostgreSQL, not the hours that creating 15,000 rounds through create_round would take).
"""
from __future__ import annotations

import random
from datetime import UTC, datetime

import sqlalchemy as sa

from quality_assess.assessments import scoring
from quality_assess.assessments.models import Result, Round
from quality_assess.catalog.models import Chapter, Criterion, Part
from quality_assess.database import db
from quality_assess.org.models import Hospital

HOSPITALS, YEARS = 1500, tuple(range(2017, 2027))
CHUNK = 20_000
LEVEL_WEIGHTS = [2, 15, 50, 28, 5]


def _criteria() -> list[tuple[int, str, str, str, int]]:
    return list(db.session.execute(
        sa.select(Criterion.id, Criterion.code, Part.code, Chapter.code, Criterion.coefficient)
        .join(Chapter, Criterion.chapter_id == Chapter.id).join(Part, Chapter.part_id == Part.id).order_by(Criterion.position)
    ))


def _next_id(column) -> int:
    return (db.session.scalar(sa.select(sa.func.max(column))) or 0) + 1


def _insert(table, rows: list[dict]) -> None:
    for start in range(0, len(rows), CHUNK):
        db.session.execute(sa.insert(table), rows[start:start + CHUNK])


def _fix_sequences() -> None:
    """Ids were given explicitly; PostgreSQL's sequences must continue after them."""
    if db.engine.dialect.name != "postgresql":
        return
    for table in ("hospitals", "rounds", "results"):
        db.session.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"))


def national_scale(rng: random.Random, hospitals: int = HOSPITALS, years: tuple[int, ...] = YEARS) -> dict:
    criteria = _criteria()
    now = datetime(2026, 11, 30, tzinfo=UTC)
    hospital_id, round_id, result_id = _next_id(Hospital.id), _next_id(Round.id), _next_id(Result.id)
    first_hospital = hospital_id
    hospital_rows, round_rows, result_rows = [], [], []
    for h in range(hospitals):
        hospital_rows.append(dict(id=hospital_id, name=f"Bệnh viện quốc gia thử nghiệm {h + 1:04d}", grade="Hạng II",
                                  province=f"Tỉnh thử nghiệm {h % 63 + 1:02d}", address="", director_name="",
                                  has_obstetrics=True, has_paediatrics=True, xsd_target=0.85, xsd_bands=[],
                                  four_eyes=True, created_at=now))
        for year in years:
            scores = []
            for criterion_id, code, part, chapter, coefficient in criteria:
                level = rng.choices([1, 2, 3, 4, 5], weights=LEVEL_WEIGHTS)[0]
                met = {n: n <= level for n in (2, 3, 4, 5)}
                result_rows.append(dict(id=result_id, round_id=round_id, criterion_id=criterion_id, not_applicable=False, na_reason="",
                                        finding_l1=level == 1, met_l2=met[2], met_l3=met[3], met_l4=met[4], met_l5=met[5],
                                        level=level, note="", needs_confirmation=False, na_by_chapter=False,
                                        review_status="approved", review_comment="", updated_at=now, version=1))
                result_id += 1
                scores.append(scoring.CriterionScore(code, part, chapter, coefficient, True, level))
            locked = year < years[-1]
            round_rows.append(dict(id=round_id, hospital_id=hospital_id, name=f"Tự đánh giá {year}", year=year, kind="self",
                                   status="locked" if locked else "draft", created_at=now,
                                   locked_at=now if locked else None,
                                   snapshot=scoring.summarize(scores).as_dict() if locked else None))
            round_id += 1
        hospital_id += 1
        if len(result_rows) >= CHUNK * 5:  # keep memory flat: write as we go, parents first
            _flush(hospital_rows, round_rows, result_rows)
    _flush(hospital_rows, round_rows, result_rows)
    _fix_sequences()
    db.session.commit()
    return {"national_hospitals": hospitals, "national_rounds": hospitals * len(years),
            "national_results": hospitals * len(years) * len(criteria), "national_first_hospital_id": first_hospital}


def _flush(hospital_rows: list[dict], round_rows: list[dict], result_rows: list[dict]) -> None:
    _insert(Hospital.__table__, hospital_rows)
    _insert(Round.__table__, round_rows)
    _insert(Result.__table__, result_rows)
    hospital_rows.clear(), round_rows.clear(), result_rows.clear()
