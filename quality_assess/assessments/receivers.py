"""Assessments' answers to the signals of the catalogue (connected by the app factory)."""
from __future__ import annotations

from typing import Any

from quality_assess.assessments.operations import rescore_after_sub_item_change
from quality_assess.catalog import signals


def rescore_results(criterion_ids: Any, *, user: Any = None) -> dict[str, int]:
    """The criteria's sub-items changed: every round that is not locked scores them again."""
    done = rescore_after_sub_item_change(set(criterion_ids), user=user)
    return {"rescored": done.changed, "undecided": done.undecided}


def connect() -> None:
    """Connect once per process; connecting again is harmless (blinker keys receivers by identity)."""
    signals.sub_items_changed.connect(rescore_results)
