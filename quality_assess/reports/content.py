"""Everything a round report shows (PDF and dashboard), read once from the database and the other
domains' summary functions, which may return nothing yet: every field then stays empty.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload
from flask_babel import gettext as _

from quality_assess.assessments.models import Result, Round
from quality_assess.assessments.operations import round_scores
from quality_assess.assessments.scoring import CriterionScore, RoundSummary, inapplicable_groups, summarize
from quality_assess.catalog.models import Chapter, Criterion, Part
from quality_assess.checklists import summary as xsd
from quality_assess.database import db
from quality_assess.i18n import percent
from quality_assess.plans import summary as plans
from quality_assess.reports.departments import DepartmentReport, by_department
from quality_assess.reports.models import ReportText
from quality_assess.workflow import hooks as workflow


@dataclass(frozen=True)
class CriterionRow:
    part: str
    chapter: str
    code: str
    title: str
    not_applicable: bool
    level: int | None
    previous: int | None
    department: str

    @property
    def change(self) -> int | None:
        if self.level is None or self.previous is None:
            return None
        return self.level - self.previous


@dataclass(frozen=True)
class Group:
    code: str
    name: str
    mean: float | None
    chapters: list[Group]
    applicable: bool = True   # False: no criterion of it applies (E2 without paediatrics); no mean, not charted


@dataclass(frozen=True)
class RoundReport:
    round: Round
    summary: RoundSummary
    previous: Round | None
    parts: list[Group]                  # parts with their chapters
    rows: list[CriterionRow]
    low: list[tuple[CriterionRow, str]]  # criteria at Mức 1–2 and their plan status
    xsd_results: list[dict[str, Any]]
    targets: list[tuple[str, str, str]]  # (what, target, actual) — formatted by the caller's formatter
    texts: ReportText | None
    departments: DepartmentReport | None = None   # results by lead department (reports/departments.py)

    @property
    def charted_parts(self) -> list[Group]:
        """The parts a chart draws: a part none of whose criteria applies is left out, never drawn at 0."""
        return [p for p in self.parts if p.applicable]

    @property
    def charted_chapters(self) -> list[Group]:
        return [c for p in self.parts for c in p.chapters if c.applicable]


def previous_round(round_: Round) -> Round | None:
    """The round this one was started from, or the latest earlier round of the same hospital and kind."""
    if round_.source_round is not None:
        return round_.source_round
    return db.session.scalar(
        sa.select(Round)
        .where(Round.hospital_id == round_.hospital_id, Round.kind == round_.kind, Round.id != round_.id,
               sa.or_(Round.year < round_.year, sa.and_(Round.year == round_.year, Round.id < round_.id)))
        .order_by(Round.year.desc(), Round.id.desc())
        .limit(1)
    )


def _levels(round_id: int) -> dict[str, int | None]:
    return {s.code: (s.level if s.applicable else None) for s in round_scores(round_id)}


def criterion_rows(round_: Round, previous: Round | None) -> list[CriterionRow]:
    before = _levels(previous.id) if previous else {}
    departments = workflow.responsible_departments(round_.id) or {}
    rows = db.session.execute(
        sa.select(Part.code, Chapter.code, Criterion.code, Criterion.title, Result.not_applicable, Result.level)
        .join(Result, Result.criterion_id == Criterion.id)
        .join(Chapter, Criterion.chapter_id == Chapter.id)
        .join(Part, Chapter.part_id == Part.id)
        .where(Result.round_id == round_.id)
        .order_by(Criterion.position)
    ).all()
    return [
        CriterionRow(part, chapter, code, title, na, None if na else level, before.get(code), departments.get(code, ""))
        for part, chapter, code, title, na, level in rows
    ]


def groups(summary: RoundSummary, inapplicable: frozenset[str] = frozenset()) -> list[Group]:
    parts = db.session.scalars(sa.select(Part).order_by(Part.position).options(selectinload(Part.chapters))).all()
    return [
        Group(p.code, p.name, summary.parts.get(p.code),
              [Group(c.code, c.name, summary.chapters.get(c.code), [], c.code not in inapplicable)
               for c in p.chapters if c.code in summary.chapters],
              p.code not in inapplicable)
        for p in parts if p.code in summary.parts
    ]


def target_rows(round_: Round, summary: RoundSummary, rows_: list[CriterionRow], fmt: Any) -> list[tuple[str, str, str]]:
    """The year's targets (set in the improvement plan) against the round's figures."""
    target = plans.targets(round_.hospital_id, round_.year)
    if not target:
        return []
    rows = []
    if target.get("mean_min") is not None or target.get("mean_max") is not None:
        wanted = "–".join(fmt(v) for v in (target.get("mean_min"), target.get("mean_max")) if v is not None)
        rows.append((_("Điểm trung bình chung"), wanted, fmt(summary.mean)))
    if target.get("no_level_1"):
        rows.append((_("Số tiêu chí ở Mức 1"), "0", str(summary.levels[1].count)))
    if target.get("xsd_target") is not None:
        # a percentage, as the Xanh – Sạch – Đẹp table prints its scores (86,0%)
        rows.append((_("Điểm Xanh – Sạch – Đẹp"), percent(target["xsd_target"]), percent(xsd.hospital_score(round_.hospital_id, round_.year))))
    levels = {r.code: r.level for r in rows_}
    for code, level in (target.get("criteria") or {}).items():
        actual = levels.get(code)
        rows.append((_("Tiêu chí %(code)s", code=code), _("Mức %(level)s", level=level), _("Mức %(level)s", level=actual) if actual else "—"))
    return rows


def department_report(round_: Round, scores: list[CriterionScore] | None = None) -> DepartmentReport:
    """The round's results by lead department (workflow's assignments; none yet: one "Chưa phân công" row)."""
    return by_department(round_scores(round_.id) if scores is None else scores, workflow.responsible_departments(round_.id) or {})


def round_report(round_: Round, fmt: Any) -> RoundReport:
    """Gather the report of `round_`; `fmt` formats numbers (Vietnamese 3,60)."""
    scores = round_scores(round_.id)
    summary = summarize(scores)
    previous = previous_round(round_)
    rows = criterion_rows(round_, previous)
    status = plans.plan_status_by_criterion(round_.id) or {}
    return RoundReport(
        round=round_,
        summary=summary,
        previous=previous,
        parts=groups(summary, inapplicable_groups(scores)),
        rows=rows,
        low=[(r, status.get(r.code, "")) for r in rows if r.level in (1, 2)],
        xsd_results=list(xsd.latest_results(round_.hospital_id, round_.year) or []),  # the round's year, not today's
        targets=target_rows(round_, summary, rows, fmt),
        texts=db.session.scalar(sa.select(ReportText).where(ReportText.round_id == round_.id)),
        departments=department_report(round_, scores),
    )
