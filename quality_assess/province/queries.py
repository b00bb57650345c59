"""Reading every hospital's latest results in a few queries (never one summary per hospital)."""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import defer, selectinload

from quality_assess.assessments.models import ItemResult, Result, Round, levels_rounds
from quality_assess.catalog.models import Chapter, Criterion, Part
from quality_assess.checklists.models import Audit, ChecklistGroup, ChecklistTemplate
from quality_assess.checklists.summary import result_of
from quality_assess.database import db
from quality_assess.org.models import Hospital
from quality_assess.province import aggregates, table


@dataclass
class Row:
    hospital: Hospital
    round: Round | None
    locked_self: bool              # the round is the latest locked self-assessment
    figures: table.Figures | None
    xsd: table.XsdScore | None
    basic: table.BasicResult | None = None   # the TT 35/2024 self-assessment: đạt / không đạt, year

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


def _candidates(year: int | None, *kind_of_round: sa.ColumnElement[bool]) -> sa.CompoundSelect:
    """The rounds table.pick_round may choose for each hospital, at most two: its latest round and its latest
    locked self-assessment (of `year` when given, among rounds meeting `kind_of_round`: one framework). The
    rule stays in table.py; the database only spares reading every round of every year (15,000 at national
    scale) to apply it."""
    def latest(*conditions: sa.ColumnElement[bool]) -> sa.Select:
        rank = sa.func.row_number().over(partition_by=Round.hospital_id, order_by=(Round.year.desc(), Round.id.desc()))
        ranked = sa.select(Round.id, Round.hospital_id, Round.year, Round.kind, Round.status, rank.label("rank")).where(*conditions).subquery()
        return sa.select(ranked.c.id, ranked.c.hospital_id, ranked.c.year, ranked.c.kind, ranked.c.status).where(ranked.c.rank == 1)

    of_year = [Round.year == year] if year else []
    return sa.union_all(latest(*of_year, *kind_of_round), latest(*of_year, *kind_of_round, Round.kind == "self", Round.status == "locked"))


def _picked(year: int | None, *kind_of_round: sa.ColumnElement[bool]) -> dict[int, tuple[table.RoundRef, bool]]:
    return table.pick_rounds(table.RoundRef(i, h, y, k, s, i) for i, h, y, k, s in db.session.execute(_candidates(year, *kind_of_round)))


def basic_results(year: int | None) -> dict[int, table.BasicResult]:
    """Every hospital's TT 35/2024 result (its latest locked self-assessment, else its latest round), in two queries."""
    picked = _picked(year, ~levels_rounds())
    if not picked:
        return {}
    answers = db.session.execute(sa.select(ItemResult.round_id, ItemResult.answer, ItemResult.reason)
                                 .where(ItemResult.round_id.in_([ref.id for ref, _ in picked.values()])))
    return table.basic_results(picked, ((r, a, why) for r, a, why in answers))


def province_rows(year: int | None = None, sort: str = "name") -> list[Row]:
    """One row per hospital of the installation with its latest round and Xanh – Sạch – Đẹp score."""
    hospitals = db.session.scalars(sa.select(Hospital).order_by(Hospital.name)).all()
    picked = _picked(year, levels_rounds())
    rounds = {r.id: r for r in db.session.scalars(sa.select(Round).where(Round.id.in_([r.id for r, _ in picked.values()])))}
    figures = figures_of(list(rounds.values()))
    xsd = latest_xsd(year)
    basic = basic_results(year)
    rows = []
    for h in hospitals:
        ref, locked = picked.get(h.id, (None, False))
        round_ = rounds[ref.id] if ref else None
        rows.append(Row(h, round_, locked, figures.get(round_.id) if round_ else None, xsd.get(h.id), basic.get(h.id)))
    return table.sort_rows(rows, sort)


@dataclass
class HospitalScores:
    hospital: Hospital
    round: Round | None
    locked_self: bool
    scores: aggregates.RoundScores | None


@dataclass
class Aggregates:
    year: int | None
    chapters: list[Chapter]
    hospitals: list[HospitalScores]
    criteria: list[aggregates.CriterionShare]
    years: list[aggregates.YearMean]
    hospital_count: int = 0          # every hospital; `hospitals` may be one page of them


def _round_refs() -> list[table.RoundRef]:
    """Every round of the 83 criteria, as the rules of table.py read them (a TT 35 round has no levels to aggregate)."""
    return [table.RoundRef(i, h, y, k, s, i) for i, h, y, k, s in
            db.session.execute(sa.select(Round.id, Round.hospital_id, Round.year, Round.kind, Round.status).where(levels_rounds()))]


def province_aggregates(year: int | None = None, hospitals_shown: slice | None = None) -> Aggregates:
    """Across hospitals, from the round that stands for each (as in the table): the share at Mức 1–2 per
    criterion, the chapter means per hospital, and the province mean of every year. A fixed number of queries,
    whatever the number of hospitals, the results grouped in the database.

    `hospitals_shown`: the hospitals (in name order) whose chapter means are wanted (a page of the heatmap);
    the shares and the year means always count every hospital."""
    refs = _round_refs()
    picked = table.pick_rounds(r for r in refs if year is None or r.year == year)
    hospitals = db.session.scalars(sa.select(Hospital).order_by(Hospital.name)).all()
    shown = hospitals[hospitals_shown] if hospitals_shown else hospitals
    ids = [ref.id for ref, _ in picked.values()]
    shown_ids = [picked[h.id][0].id for h in shown if h.id in picked]
    rounds = {r.id: r for r in db.session.scalars(sa.select(Round).where(Round.id.in_(shown_ids)).options(defer(Round.snapshot)))}
    # Grouped in the database: a row per round × chapter × coefficient × level, and per criterion × level.
    scores = aggregates.round_scores(db.session.execute(
        sa.select(Result.round_id, Chapter.code, Criterion.coefficient, Result.not_applicable, Result.level, sa.func.count())
        .join(Criterion, Result.criterion_id == Criterion.id).join(Chapter, Criterion.chapter_id == Chapter.id)
        .where(Result.round_id.in_(shown_ids))
        .group_by(Result.round_id, Chapter.code, Criterion.coefficient, Result.not_applicable, Result.level)
    ))
    levels = db.session.execute(
        sa.select(Criterion.code, Result.level, sa.func.count()).join(Criterion, Result.criterion_id == Criterion.id)
        .where(Result.round_id.in_(ids), Result.not_applicable.is_(False), Result.level.is_not(None))
        .group_by(Criterion.code, Result.level)
    )
    chapters = list(db.session.scalars(sa.select(Chapter).join(Part).order_by(Part.position, Chapter.position)))
    codes = [(code, chapter) for code, chapter in db.session.execute(
        sa.select(Criterion.code, Chapter.code).join(Chapter, Criterion.chapter_id == Chapter.id)
        .join(Part, Chapter.part_id == Part.id).order_by(Part.position, Chapter.position, Criterion.position))]
    standing = []
    for h in shown:
        ref, locked = picked.get(h.id, (None, False))
        standing.append(HospitalScores(h, rounds[ref.id] if ref else None, locked, scores.get(ref.id) if ref else None))
    return Aggregates(year, chapters, standing, aggregates.criterion_shares(levels, codes), year_means(refs), len(hospitals))


def year_means(refs: list[table.RoundRef]) -> list[aggregates.YearMean]:
    """The province mean per year: each hospital's standing round of that year, its mean from the locked
    snapshot or one grouped query of the open rounds' results (never one query per hospital)."""
    by_year: dict[int, list[table.RoundRef]] = {}
    for r in refs:
        by_year.setdefault(r.year, []).append(r)
    standing = [(y, ref.id) for y, rs in by_year.items() for ref, _ in table.pick_rounds(rs).values()]
    ids = [i for _, i in standing]
    # Only the mean of each frozen summary, read by the database (not 15,000 whole snapshots decoded here).
    locked = db.session.execute(sa.select(Round.id, Round.snapshot["mean"].as_float()).where(Round.id.in_(ids), Round.status == "locked"))
    means = {i: mean for i, mean in locked if mean is not None}  # no frozen mean: counted from the results below
    open_ids = [i for i in ids if i not in means]
    if open_ids:
        counted = db.session.execute(
            sa.select(Result.round_id, Criterion.coefficient, Result.not_applicable, Result.level, sa.func.count())
            .join(Criterion, Result.criterion_id == Criterion.id).where(Result.round_id.in_(open_ids))
            .group_by(Result.round_id, Criterion.coefficient, Result.not_applicable, Result.level)
        )
        means.update(aggregates.means_from_counts(counted))
    return aggregates.year_means((y, means.get(i)) for y, i in standing)
