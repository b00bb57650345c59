"""What other domains read of improvement plans (reports, the province table).

Signatures are the contract; the plans work fills the bodies.
"""
from __future__ import annotations

from typing import Any


def plan_status_by_criterion(round_id: int) -> dict[str, str]:
    """criterion code → a short Vietnamese status of its plan entry (e.g. "2/3 hành động hoàn thành")."""
    return {}


def targets(hospital_id: int, year: int) -> dict[str, Any] | None:
    """The year's targets: {"mean_min", "mean_max", "no_level_1" (bool), "xsd_target", "criteria": {code: level}}."""
    return None


def actions_due(hospital_id: int | None, until: Any) -> list[dict[str, Any]]:
    """Plan actions not done with a due date on or before `until` (a date):
    [{"user_id", "username", "department", "text", "due_date", "overdue" (bool), "criterion"}]."""
    return []
