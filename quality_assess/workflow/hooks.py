"""How the walk-through asks the team workflow (assignments, evidence, review).

Signatures are the contract; the workflow work fills the bodies.
"""
from __future__ import annotations

from typing import Any


def may_answer(user: Any, result: Any) -> bool:
    """May `user` change this criterion's answer? (Assignments narrow this for assessors.)"""
    return user.can("round.answer")


def evidence_counts(round_id: int) -> dict[int, int]:
    """criterion id → number of evidence files in the round."""
    return {}


def responsible_departments(round_id: int) -> dict[str, str]:
    """criterion code → name of the lead department assigned to it."""
    return {}


def before_submit(round_: Any, user: Any, override_reason: str | None) -> None:
    """Raise a DomainError when the round may not be submitted yet (review not finished, no override)."""
    return None
