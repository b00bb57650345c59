"""What other domains read of Xanh – Sạch – Đẹp (reports, plans, the province table).

Signatures are the contract; the checklists work fills the bodies.
"""
from __future__ import annotations

from typing import Any


def latest_results(hospital_id: int) -> list[dict[str, Any]]:
    """The latest audit of each department: [{"department", "date", "score" (0–100), "critical_failed" (int)}]."""
    return []


def hospital_score(hospital_id: int, year: int, month: int | None = None) -> float | None:
    """The hospital's Xanh – Sạch – Đẹp score for a month (or the whole year when month is None)."""
    return None


def follow_ups(hospital_id: int, year: int | None = None) -> list[dict[str, Any]]:
    """Follow-up actions raised from unmet checklist items:
    [{"id", "text", "department", "due_date", "status", "overdue", "audit_id"}]."""
    return []
