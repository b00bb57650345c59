"""The province table's rules over plain data (no Flask, no SQLAlchemy): tested on their own.

Which round stands for a hospital, the figures of many rounds from one batch of counted results, and
the latest Xanh – Sạch – Đẹp hospital score from one batch of audit scores.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from quality_assess.assessments import scoring
from quality_assess.checklists.scoring import hospital_score


@dataclass(frozen=True)
class RoundRef:
    id: int
    hospital_id: int
    year: int
    kind: str
    status: str
    created_order: int          # larger = created later (the round id)


def pick_round(rounds: Iterable[RoundRef]) -> tuple[RoundRef | None, bool]:
    """The round that stands for a hospital: the latest locked self-assessment, else the latest round.

    Returns (round, True when it is a locked self-assessment). "Latest" = highest year, then created last.
    """
    rounds = sorted(rounds, key=lambda r: (r.year, r.created_order), reverse=True)
    locked = next((r for r in rounds if r.kind == "self" and r.status == "locked"), None)
    if locked:
        return locked, True
    return (rounds[0] if rounds else None), False


def pick_rounds(rounds: Iterable[RoundRef]) -> dict[int, tuple[RoundRef, bool]]:
    """pick_round for every hospital: hospital id → (round, is the latest locked self-assessment)."""
    by_hospital: dict[int, list[RoundRef]] = {}
    for r in rounds:
        by_hospital.setdefault(r.hospital_id, []).append(r)
    picked = {hid: pick_round(rs) for hid, rs in by_hospital.items()}
    return {hid: (r, locked) for hid, (r, locked) in picked.items() if r is not None}


@dataclass(frozen=True)
class Figures:
    """What the province table shows of one round (the shape of RoundSummary.as_dict, trimmed)."""

    mean: float | None
    levels: dict[int, int]       # level → number of applicable criteria at that level
    applicable: int
    criteria: int

    @classmethod
    def from_summary(cls, summary: dict) -> Figures:
        """From a summary dict (RoundSummary.as_dict(), e.g. a locked round's snapshot)."""
        return cls(summary["mean"], {n: int(summary["levels"][str(n)]["count"]) for n in scoring.LEVELS},
                   summary["applicable"], summary["criteria"])


# (round id, criterion coefficient, not applicable, level, how many results have these three values)
CountRow = tuple[int, int, bool, int | None, int]


def figures_from_counts(rows: Iterable[CountRow]) -> dict[int, Figures]:
    """The figures of every round present in `rows`: results already counted by the database (GROUP BY round,
    coefficient, applicability, level), some thirty rows a round instead of 83, no per-criterion objects.
    The rules are scoring.summarize's (tests/province/test_table.py checks they agree): the mean is Σ level × coefficient / Σ coefficient over applicable
    criteria with a level; levels count applicable criteria."""
    totals: dict[int, list[int]] = {}          # round → [criteria, applicable, Σ level × coefficient, Σ coefficient]
    levels: dict[int, dict[int, int]] = {}
    for round_id, coefficient, not_applicable, level, count in rows:
        total = totals.setdefault(round_id, [0, 0, 0, 0])
        by_level = levels.setdefault(round_id, {n: 0 for n in scoring.LEVELS})
        total[0] += count
        if not_applicable:
            continue
        total[1] += count
        if level is not None:
            total[2] += level * coefficient * count
            total[3] += coefficient * count
            by_level[level] += count
    return {
        round_id: Figures(weighted / weights if weights else None, levels[round_id], applicable, criteria)
        for round_id, (criteria, applicable, weighted, weights) in totals.items()
    }


@dataclass(frozen=True)
class AuditRow:
    hospital_id: int
    department_id: int
    audit_date: date
    audit_id: int
    score: float | None


@dataclass(frozen=True)
class XsdScore:
    year: int
    month: int
    score: float | None


def latest_xsd(audits: Iterable[AuditRow]) -> dict[int, XsdScore]:
    """Each hospital's Xanh – Sạch – Đẹp score for its latest audited month.

    As on the dashboard: a department's score for a month is its latest submitted audit of that
    month, and the hospital's score is the mean of its departments' scores (checklists.scoring).
    """
    by_hospital: dict[int, list[AuditRow]] = {}
    for a in audits:
        by_hospital.setdefault(a.hospital_id, []).append(a)
    out = {}
    for hid, rows in by_hospital.items():
        last = max(rows, key=lambda a: a.audit_date).audit_date
        month = sorted((a for a in rows if (a.audit_date.year, a.audit_date.month) == (last.year, last.month)),
                       key=lambda a: (a.audit_date, a.audit_id))
        per_department = {a.department_id: a.score for a in month}   # ordered: the latest wins
        out[hid] = XsdScore(last.year, last.month, hospital_score(per_department.values()))
    return out


def sort_rows(rows: Sequence, key: str) -> list:
    """Order table rows by "name" (default), "mean" (best first) or "-mean" (lowest first); no mean last."""
    if key in ("mean", "-mean"):
        best_first = key == "mean"
        with_mean = [r for r in rows if r.figures and r.figures.mean is not None]
        without = [r for r in rows if not (r.figures and r.figures.mean is not None)]
        return sorted(with_mean, key=lambda r: r.figures.mean, reverse=best_first) + sorted(without, key=lambda r: r.name)
    return sorted(rows, key=lambda r: r.name)
