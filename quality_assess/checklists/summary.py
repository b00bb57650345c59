"""What other domains read of Xanh – Sạch – Đẹp (reports, plans, the province table), and the
figures of the dashboard. Only submitted audits count; a department's score for a month is its
latest submitted audit of that month.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa

from quality_assess import clock
from quality_assess.checklists import scoring
from quality_assess.checklists.models import Answer, Audit, ChecklistGroup, ChecklistItem, ChecklistTemplate, FollowUp, TemplateDepartment
from quality_assess.checklists.operations import audit_grade, audit_result
from quality_assess.database import db
from quality_assess.i18n import N_
from quality_assess.org.models import Department, Hospital


@dataclass
class MonthResult:
    audit_id: int
    date: date
    score: float | None
    critical_failed: int
    severe_failed: tuple[str, ...] = ()   # unmet severe-risk items: the audit is in the lowest band
    band: str | None = None


@dataclass
class YearGrid:
    """Departments × months of one year, with the hospital score per month and per quarter."""

    year: int
    departments: list[Department]
    cells: dict[tuple[int, int], MonthResult] = field(default_factory=dict)   # (department id, month)

    def department_scores(self, months: tuple[int, ...]) -> dict[int, float | None]:
        return {
            d.id: scoring.department_period_score(self.cells[(d.id, m)].score for m in months if (d.id, m) in self.cells)
            for d in self.departments
        }

    def hospital_month(self, month: int) -> float | None:
        return scoring.hospital_score(self.department_scores((month,)).values())

    def hospital_quarter(self, quarter: int) -> float | None:
        return scoring.hospital_score(self.department_scores(scoring.quarter_months(quarter)).values())

    def hospital_year(self) -> float | None:
        return scoring.hospital_score(self.department_scores(tuple(range(1, 13))).values())

    def row(self, department_id: int) -> list[MonthResult | None]:
        return [self.cells.get((department_id, m)) for m in range(1, 13)]


def result_of(audit: Audit) -> MonthResult:
    """One loaded audit's result (the province table scores audits it loaded itself)."""
    r = audit_result(audit)
    hospital = db.session.get(Hospital, audit.hospital_id)
    return MonthResult(audit.id, audit.audit_date, r.score, r.critical_failed, r.severe_failed,
                       audit_grade(audit, r, hospital) if hospital else None)


def scored_audits(hospital_id: int, *conditions: sa.ColumnElement[bool]) -> list[tuple[int, MonthResult]]:
    """(department id, result) of the submitted audits matching `conditions`, by date, scored like
    `operations.audit_result` but from plain rows: three queries, no ORM object per answer (a year of
    30 departments is 360 audits and thousands of answers)."""
    where = (Audit.hospital_id == hospital_id, Audit.status == "submitted", *conditions)
    audits = db.session.execute(
        sa.select(Audit.id, Audit.department_id, Audit.audit_date, Audit.template_id).where(*where).order_by(Audit.audit_date, Audit.id)
    ).all()
    if not audits:
        return []
    template_ids = {a.template_id for a in audits}
    items: dict[int, list[tuple[int, int, bool, bool, str]]] = defaultdict(list)
    for template_id, item_id, max_points, critical, severe, code in db.session.execute(
        sa.select(ChecklistGroup.template_id, ChecklistItem.id, ChecklistItem.max_points, ChecklistItem.critical,
                  ChecklistItem.severe_risk, ChecklistItem.code)
        .join(ChecklistGroup, ChecklistItem.group_id == ChecklistGroup.id)
        .where(ChecklistGroup.template_id.in_(template_ids))
        .order_by(ChecklistGroup.position, ChecklistItem.position)
    ):
        items[template_id].append((item_id, max_points, critical, severe, code))
    hospital_bands = db.session.scalar(sa.select(Hospital.xsd_bands).where(Hospital.id == hospital_id)) or []
    bands = {template_id: scoring.template_bands(own, hospital_bands) for template_id, own in db.session.execute(
        sa.select(ChecklistTemplate.id, ChecklistTemplate.bands).where(ChecklistTemplate.id.in_(template_ids)))}
    answers: dict[int, dict[int, tuple[int | None, bool]]] = defaultdict(dict)
    for audit_id, item_id, points, na in db.session.execute(
        sa.select(Answer.audit_id, Answer.item_id, Answer.points, Answer.not_applicable)
        .where(Answer.audit_id.in_(sa.select(Audit.id).where(*where)))
    ):
        answers[audit_id][item_id] = (points, na)
    scored = []
    for audit_id, department_id, audit_date, template_id in audits:
        given = answers[audit_id]
        r = scoring.audit_score(
            scoring.ItemScore(max_points=max_points, critical=critical, points=given.get(item_id, (None, False))[0],
                              not_applicable=given.get(item_id, (None, False))[1], severe_risk=severe, code=code)
            for item_id, max_points, critical, severe, code in items[template_id]
        )
        scored.append((department_id, MonthResult(audit_id, audit_date, r.score, r.critical_failed, r.severe_failed,
                                                  scoring.grade(r.score, bands[template_id], r.severe_failed))))
    return scored


def year_grid(hospital_id: int, year: int, *, template_code: str | None = None) -> YearGrid:
    """The year's grid; with a template code, only that template's audits, and only the departments it was
    given to when it is a department's own form."""
    query = sa.select(Department).where(Department.hospital_id == hospital_id, Department.active).order_by(Department.name)
    conditions: list[sa.ColumnElement[bool]] = [Audit.audit_date >= date(year, 1, 1), Audit.audit_date <= date(year, 12, 31)]
    if template_code is not None:
        given = sa.select(TemplateDepartment.department_id).where(
            TemplateDepartment.hospital_id == hospital_id, TemplateDepartment.template_code == template_code)
        if db.session.scalar(given.limit(1)) is not None:
            query = query.where(Department.id.in_(given))
        conditions.append(Audit.template_id.in_(sa.select(ChecklistTemplate.id).where(ChecklistTemplate.code == template_code)))
    grid = YearGrid(year, list(db.session.scalars(query).all()))
    for department_id, result in scored_audits(hospital_id, *conditions):
        grid.cells[(department_id, result.date.month)] = result  # ordered by date: the latest of a month wins
    return grid


def most_failed_items(hospital_id: int, year: int, limit: int = 10) -> list[dict[str, Any]]:
    """Items scored below their maximum most often in the year's submitted audits."""
    rows = db.session.execute(
        sa.select(ChecklistItem.code, ChecklistItem.text, ChecklistItem.critical)
        .select_from(Answer).join(Audit, Answer.audit_id == Audit.id).join(ChecklistItem, Answer.item_id == ChecklistItem.id)
        .where(Audit.hospital_id == hospital_id, Audit.status == "submitted", Answer.not_applicable.is_(False),
               Answer.points < ChecklistItem.max_points,
               Audit.audit_date >= date(year, 1, 1), Audit.audit_date <= date(year, 12, 31))
    ).all()
    counts = Counter((code, text, critical) for code, text, critical in rows)
    return [{"code": c, "text": t, "critical": k, "count": n} for (c, t, k), n in counts.most_common(limit)]


def last_audit_dates(hospital_id: int) -> dict[int, date]:
    return dict(db.session.execute(
        sa.select(Audit.department_id, sa.func.max(Audit.audit_date))
        .where(Audit.hospital_id == hospital_id, Audit.status == "submitted").group_by(Audit.department_id)
    ).all())


def schedule(hospital_id: int, today: date) -> list[dict[str, Any]]:
    """Every active department with its monthly status: overdue first, then due, then done."""
    last = last_audit_dates(hospital_id)
    departments = db.session.scalars(
        sa.select(Department).where(Department.hospital_id == hospital_id, Department.active).order_by(Department.name)
    ).all()
    order = {"overdue": 0, "due": 1, "done": 2}
    rows = [{"department": d, "last": last.get(d.id), "status": scoring.schedule_status(last.get(d.id), today)} for d in departments]
    return sorted(rows, key=lambda r: order[r["status"]])


def latest_results(hospital_id: int, year: int | None = None) -> list[dict[str, Any]]:
    """The latest audit of each department (of `year` when given, as a round's report wants):
    [{"department", "date", "score" (0–100), "critical_failed" (int)}]."""
    within = (Audit.audit_date >= date(year, 1, 1), Audit.audit_date <= date(year, 12, 31)) if year is not None else ()
    ranked = (
        sa.select(Audit.id, sa.func.row_number().over(
            partition_by=Audit.department_id, order_by=(Audit.audit_date.desc(), Audit.id.desc())).label("rank"))
        .where(Audit.hospital_id == hospital_id, Audit.status == "submitted", *within).subquery()
    )
    names = dict(db.session.execute(sa.select(Department.id, Department.name).where(Department.hospital_id == hospital_id)).all())
    results = [
        {"department": names[department_id], "date": r.date, "score": r.score, "critical_failed": r.critical_failed, "audit_id": r.audit_id,
         "severe_failed": r.severe_failed, "band": r.band}
        for department_id, r in scored_audits(hospital_id, Audit.id.in_(sa.select(ranked.c.id).where(ranked.c.rank == 1)))
    ]
    return sorted(results, key=lambda r: r["department"])


def hospital_score(hospital_id: int, year: int, month: int | None = None) -> float | None:
    """The hospital's Xanh – Sạch – Đẹp score for a month (or the whole year when month is None)."""
    grid = year_grid(hospital_id, year)
    return grid.hospital_month(month) if month else grid.hospital_year()


FOLLOW_UP_LABELS = {"not_started": N_("Chưa bắt đầu"), "in_progress": N_("Đang thực hiện"), "done": N_("Hoàn thành")}


def follow_ups(hospital_id: int, year: int | None = None, *, audit_id: int | None = None) -> list[dict[str, Any]]:
    """Follow-up actions raised from unmet checklist items (of one audit when audit_id is given):
    [{"id", "text", "department", "department_id", "owner", "owner_id", "due_date", "status", "status_label",
      "item", "item_text", "overdue", "audit_id", "updates"}]; overdue by the hospital's date (the one clock)."""
    query = sa.select(FollowUp).where(FollowUp.hospital_id == hospital_id).order_by(FollowUp.due_date, FollowUp.id)
    if year is not None:
        query = query.where(sa.extract("year", FollowUp.created_at) == year)
    if audit_id is not None:
        query = query.where(FollowUp.audit_id == audit_id)
    today = clock.today(db.session.get(Hospital, hospital_id))
    return [
        {"id": f.id, "text": f.text, "department": f.department.name, "department_id": f.department_id,
         "owner": f.owner.display_name if f.owner else None, "owner_id": f.owner_id,
         "due_date": f.due_date, "status": f.status,
         "status_label": FOLLOW_UP_LABELS[f.status], "item": f.item.code if f.item else None,
         "item_text": f.item.text if f.item else None,
         "overdue": f.overdue(today), "audit_id": f.audit_id, "updates": list(f.updates)}
        for f in db.session.scalars(query)
    ]


HISTORY_FIELDS = {"points": N_("Điểm"), "note": N_("Tồn tại / ghi chú"), "photo": N_("Ảnh"), "status": N_("Trạng thái")}


def history_label(field_key: str, template: Any) -> dict[str, str | None]:
    """What a change-log field of an audit is about, for people: {"code", "item", "what"} from a stored key
    such as "S6.points" (item S6 of the audit's template, its score) or "status". "what" is a msgid."""
    code, _, what = field_key.rpartition(".")
    item = next((i for i in template.items if i.code == code), None) if code else None
    return {"code": code or None, "item": item.text if item else None, "what": HISTORY_FIELDS.get(what, what)}
