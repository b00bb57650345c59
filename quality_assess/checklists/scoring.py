"""Xanh – Sạch – Đẹp score rules over plain data (no Flask, no SQLAlchemy): tested on their own."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from collections.abc import Iterable, Sequence


@dataclass(frozen=True)
class ItemScore:
    """One answered item: points None = not answered yet."""

    max_points: int
    points: int | None = None
    not_applicable: bool = False
    critical: bool = False
    severe_risk: bool = False    # "nguy cơ cao": unmet, the audit falls to the lowest band
    code: str = ""

    @property
    def unmet(self) -> bool:
        return not self.not_applicable and self.points is not None and self.points < self.max_points


@dataclass(frozen=True)
class AuditScore:
    points: int
    applicable_max: int
    score: float | None          # 0–100, None when nothing applies
    critical_failed: int
    unanswered: int
    severe_failed: tuple[str, ...] = ()   # codes of the unmet severe-risk items


def audit_score(items: Iterable[ItemScore]) -> AuditScore:
    """Department score = points ÷ applicable maximum × 100; "không áp dụng" leaves the maximum.

    An unanswered item still counts in the maximum (a draft shows what is missing, not a flattering score).
    """
    points = applicable = critical = unanswered = 0
    severe: list[str] = []
    for item in items:
        if item.not_applicable:
            continue
        applicable += item.max_points
        if item.points is None:
            unanswered += 1
            continue
        points += item.points
        critical += item.critical and item.unmet
        if item.severe_risk and item.unmet:
            severe.append(item.code)
    score = points / applicable * 100 if applicable else None
    return AuditScore(points, applicable, score, critical, unanswered, tuple(severe))


def band(score: float | None, bands: Sequence[dict[str, Any]]) -> str | None:
    """The label of the first band (highest first) whose minimum the score reaches."""
    if score is None:
        return None
    for entry in sorted(bands, key=lambda b: b["min"], reverse=True):
        if score >= entry["min"]:
            return str(entry["label"])
    return None


def lowest_band(bands: Sequence[dict[str, Any]]) -> str | None:
    return str(min(bands, key=lambda b: b["min"])["label"]) if bands else None


def grade(score: float | None, bands: Sequence[dict[str, Any]], severe_failed: Sequence[str] = ()) -> str | None:
    """The band of an audit: an unmet severe-risk item ("nguy cơ cao") forces the lowest band whatever
    the score; otherwise the band the score reaches."""
    if severe_failed:
        return lowest_band(bands)
    return band(score, bands)


def template_bands(template_bands: Sequence[dict[str, Any]] | None, hospital_bands: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """A template's own bands, or the hospital's when it has none."""
    return list(template_bands or hospital_bands)


@dataclass(frozen=True)
class BandRange:
    """One band as written in the template editor: from `low` (included) to `high` (excluded; None = to 100)."""

    low: float
    high: float | None
    label: str


def band_ranges_problem(ranges: Sequence[BandRange]) -> tuple[str, float, float] | None:
    """Why bands do not cover 0–100 exactly once, or None: ("start", low, 0) the lowest band does not start
    at 0; ("empty", low, high) a band ends at or below its start; ("gap", a, b) nothing covers a to b;
    ("overlap", a, b) two bands both cover a to b; ("end", high, 100) the highest band stops before 100."""
    ordered = sorted(ranges, key=lambda r: r.low)
    if not ordered:
        return ("start", 0, 0)
    for r in ordered:
        if r.high is not None and r.high <= r.low:
            return ("empty", r.low, r.high)
        if not 0 <= r.low <= 100 or (r.high is not None and r.high > 100):
            return ("empty", r.low, r.high if r.high is not None else 100)
    if ordered[0].low != 0:
        return ("start", ordered[0].low, 0)
    for below, above in zip(ordered, ordered[1:]):
        top = below.high if below.high is not None else 100
        if above.low > top:
            return ("gap", top, above.low)
        if above.low < top:
            return ("overlap", above.low, top)
    last = ordered[-1]
    if last.high is not None and last.high != 100:
        return ("end", last.high, 100)
    return None


def bands_from_ranges(ranges: Sequence[BandRange]) -> list[dict[str, Any]]:
    """Checked ranges as stored bands ([{"min", "label"}], highest first)."""
    return [{"min": int(r.low) if float(r.low).is_integer() else r.low, "label": r.label}
            for r in sorted(ranges, key=lambda r: r.low, reverse=True)]


def ranges_from_bands(bands: Sequence[dict[str, Any]]) -> list[BandRange]:
    """Stored bands as ranges, highest first (each ends where the next higher one starts)."""
    ordered = sorted(bands, key=lambda b: b["min"], reverse=True)
    return [BandRange(b["min"], None if i == 0 else ordered[i - 1]["min"], str(b["label"])) for i, b in enumerate(ordered)]


def meets_target(score: float | None, target: float) -> bool | None:
    return None if score is None else score >= target


def mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def hospital_score(department_scores: Iterable[float | None]) -> float | None:
    """The hospital's score for a period: the mean of its departments' scores in that period.

    The one place the rule lives; a department's score for a period of several months is the mean
    of its monthly scores (see department_period_score).
    """
    return mean(department_scores)


def department_period_score(monthly_scores: Iterable[float | None]) -> float | None:
    return mean(monthly_scores)


def quarter_months(quarter: int) -> tuple[int, int, int]:
    if quarter not in (1, 2, 3, 4):
        raise ValueError("quarter must be 1–4")
    first = 3 * (quarter - 1) + 1
    return first, first + 1, first + 2


def months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def schedule_status(last_audit: date | None, today: date) -> str:
    """A department is due every month: 'done' (audited this month), 'due' (audited last month,
    not yet this month) or 'overdue' (last audit two or more months ago, or never)."""
    if last_audit is None:
        return "overdue"
    gap = months_between(last_audit, today)
    if gap <= 0:
        return "done"
    return "due" if gap == 1 else "overdue"


def trend(scores: Sequence[float | None]) -> float | None:
    """Change between the last two known scores (positive = better), None with fewer than two."""
    known = [s for s in scores if s is not None]
    return known[-1] - known[-2] if len(known) >= 2 else None


def needs_finding(points: int | None, max_points: int, not_applicable: bool, note: str) -> bool:
    """A score below the maximum must say what was found."""
    return not not_applicable and points is not None and points < max_points and not note.strip()
