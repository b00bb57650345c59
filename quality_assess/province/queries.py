"""Reading every hospital's latest results in a few queries (never one summary per hospital)."""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from quality_assess.assessments.models import Result, Round
from quality_assess.catalog.models import Criterion
from quality_assess.checklists.models import Audit, ChecklistGroup, ChecklistTemplate
from quality_assess.checklists.summary import result_of
from quality_assess.database import db
from quality_assess.org.models import Hospital
from quality_assess.province import table


@dataclass
class Row:
    hospital: Hospital
    round: Round | None
    locked_self: bool              # the round is the latest locked self-assessment
    figures: table.Figures | None
    xsd: table.XsdScore | None

    @property
    def name(self) -> str:
        return self.hospital.name


def figures_of(rounds: list[Round]) -> dict[int, table.Figures]:
    """The figures of many rounds: a locked round's frozen snapshot, the others from one grouped query."""
    out = {r.id: table.Figures.from_summary(r.snapshot) for r in rounds if r.locked and r.snapshot}
    open_ids = [r.id for r in rounds if r.id not in out]
    if open_ids:
        counted = db.session.execute(
            sa.select(Result.round_id, Criterion.coefficient, Result.not_applicable, Result.level, sa.func.count())
            .join(Criterion, Result.criterion_id == Criterion.id)
            .where(Result.round_id.in_(open_ids))
            .group_by(Result.round_id, Criterion.coefficient, Result.not_applicable, Result.level)
        )
        out.update(table.figures_from_counts(counted))
    return out


def years() -> list[int]:
    return list(db.session.scalars(sa.select(Round.year).distinct().order_by(Round.year.desc())))


def latest_xsd(year: int | None) -> dict[int, table.XsdScore]:
    """Every hospital's Xanh – Sạch – Đẹp score for its latest audited month (of `year` when given)."""
    submitted = [Audit.status == "submitted"]
    if year:
        submitted += [Audit.audit_date >= date(year, 1, 1), Audit.audit_date <= date(year, 12, 31)]
    last = db.session.execute(
        sa.select(Audit.hospital_id, sa.func.max(Audit.audit_date)).where(*submitted).group_by(Audit.hospital_id)
    ).all()
    if not last:
        return {}
    months = [
        sa.and_(Audit.hospital_id == hid, Audit.audit_date >= d.replace(day=1),
                Audit.audit_date <= d.replace(day=calendar.monthrange(d.year, d.month)[1]))
        for hid, d in last
    ]
    audits = db.session.scalars(
        sa.select(Audit).where(Audit.status == "submitted", sa.or_(*months))
        .options(selectinload(Audit.answers),
                 selectinload(Audit.template).selectinload(ChecklistTemplate.groups).selectinload(ChecklistGroup.items))
    ).all()
    return table.latest_xsd(
        table.AuditRow(a.hospital_id, a.department_id, a.audit_date, a.id, result_of(a).score) for a in audits
    )


def _candidates(year: int | None) -> sa.CompoundSelect:
    """The rounds table.pick_round may choose for each hospital, at most two: its latest round and its latest
    locked self-assessment (of `year` when given). The rule stays in table.py; the database only spares
    reading every round of every year (15,000 at national scale) to apply it."""
    def latest(*conditions: sa.ColumnElement[bool]) -> sa.Select:
        rank = sa.func.row_number().over(partition_by=Round.hospital_id, order_by=(Round.year.desc(), Round.id.desc()))
        ranked = sa.select(Round.id, Round.hospital_id, Round.year, Round.kind, Round.status, rank.label("rank")).where(*conditions).subquery()
        return sa.select(ranked.c.id, ranked.c.hospital_id, ranked.c.year, ranked.c.kind, ranked.c.status).where(ranked.c.rank == 1)

    of_year = [Round.year == year] if year else []
    return sa.union_all(latest(*of_year), latest(*of_year, Round.kind == "self", Round.status == "locked"))


def province_rows(year: int | None = None, sort: str = "name") -> list[Row]:
    """One row per hospital of the installation with its latest round and Xanh – Sạch – Đẹp score."""
    hospitals = db.session.scalars(sa.select(Hospital).order_by(Hospital.name)).all()
    picked = table.pick_rounds(table.RoundRef(i, h, y, k, s, i) for i, h, y, k, s in db.session.execute(_candidates(year)))
    rounds = {r.id: r for r in db.session.scalars(sa.select(Round).where(Round.id.in_([r.id for r, _ in picked.values()])))}
    figures = figures_of(list(rounds.values()))
    xsd = latest_xsd(year)
    rows = []
    for h in hospitals:
        ref, locked = picked.get(h.id, (None, False))
        round_ = rounds[ref.id] if ref else None
        rows.append(Row(h, round_, locked, figures.get(round_.id) if round_ else None, xsd.get(h.id)))
    return table.sort_rows(rows, sort)
