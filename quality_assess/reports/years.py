"""Reading what the year-over-year table and the trend need: a hospital's rounds, their scores and
the plan's targets; the rules themselves are in reports/year_over_year.py."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from quality_assess.assessments.models import ROUND_KINDS, Round
from quality_assess.assessments.operations import round_scores
from quality_assess.catalog.models import Chapter, Criterion
from quality_assess.database import db
from quality_assess.domain import ValidationError
from quality_assess.plans import summary as plans
from quality_assess.reports import year_over_year as yoy


def ref(round_: Round) -> yoy.RoundRef:
    return yoy.RoundRef(round_.id, round_.year, round_.kind, round_.status, round_.name)


def hospital_rounds(hospital_id: int) -> list[Round]:
    return list(db.session.scalars(sa.select(Round).where(Round.hospital_id == hospital_id).order_by(Round.year, Round.id)))


def earlier_rounds(round_: Round) -> list[Round]:
    """The rounds of the hospital that may be read as earlier rounds of `round_`, newest first (the choices)."""
    current = ref(round_)
    return [r for r in reversed(hospital_rounds(round_.hospital_id)) if yoy.is_earlier(ref(r), current)]


def default_previous(round_: Round, candidates: Sequence[Round] | None = None) -> list[Round]:
    candidates = earlier_rounds(round_) if candidates is None else candidates
    by_id = {r.id: r for r in candidates}
    return [by_id[r.id] for r in yoy.default_previous(ref(round_), [ref(r) for r in candidates])]


def chosen_previous(round_: Round, ids: Sequence[int], candidates: Sequence[Round] | None = None) -> list[Round]:
    """The earlier rounds picked by id, oldest first; a ValidationError naming the field for a bad pick."""
    candidates = earlier_rounds(round_) if candidates is None else candidates
    by_id = {r.id: r for r in candidates}
    unique = list(dict.fromkeys(ids))
    if not unique:
        raise ValidationError("Hãy chọn ít nhất một đợt đánh giá trước để so sánh.", field="previous")
    if len(unique) > yoy.MAX_PREVIOUS:
        raise ValidationError("Chỉ chọn tối đa %(max)s đợt đánh giá trước.", field="previous", max=yoy.MAX_PREVIOUS)
    wrong = [i for i in unique if i not in by_id]
    if wrong:
        raise ValidationError("Đợt %(id)s không phải một đợt đánh giá trước của bệnh viện này.", field="previous", id=wrong[0])
    return sorted((by_id[i] for i in unique), key=lambda r: (r.year, r.id))


@dataclass(frozen=True)
class YearReport:
    table: yoy.YearOverYear
    round: Round
    previous: list[Round]
    plan: dict[str, Any] | None          # the plan of the round's year: id, year, status, round_id
    targets_year: int | None             # the year whose targets were set, None when none were
    sources: dict[str, str]              # criterion code → "plan" | "targets"
    titles: dict[str, str]
    chapter_names: dict[str, str]


def year_report(round_: Round, previous: Sequence[Round]) -> YearReport:
    goals = plans.criterion_targets(round_.hospital_id, round_.year)
    targets = {code: t["level"] for code, t in goals["criteria"].items()}
    table = yoy.year_over_year(ref(round_), round_scores(round_.id), [(ref(p), round_scores(p.id)) for p in previous], targets)
    titles = {code: title for code, title in db.session.execute(sa.select(Criterion.code, Criterion.title))}
    chapter_names = {code: name for code, name in db.session.execute(sa.select(Chapter.code, Chapter.name))}
    return YearReport(table, round_, sorted(previous, key=lambda r: (r.year, r.id)), goals["plan"], goals["targets_year"],
                      {code: t["source"] for code, t in goals["criteria"].items()}, titles, chapter_names)


def kind_value(text: str | None) -> str:
    """The `kind` of the trend: self (default) or inspection; a ValidationError naming the field otherwise."""
    if text is None or text == "":
        return "self"
    if text not in ROUND_KINDS:
        raise ValidationError("Loại đợt không hợp lệ: chọn “tự đánh giá” hoặc “đoàn kiểm tra”.", field="kind")
    return text


def trend(hospital_id: int, kind: str) -> list[yoy.TrendPoint]:
    rounds = hospital_rounds(hospital_id)
    chosen = yoy.round_of_year([ref(r) for r in rounds], kind)
    return yoy.trend((r, round_scores(r.id)) for r in chosen.values())
