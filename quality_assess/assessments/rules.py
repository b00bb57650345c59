"""Pure rules of rounds (no database, no Flask): shared by assessments and the domains above it."""
from __future__ import annotations

from typing import Any

from quality_assess.domain import Locked

ROUND_TRANSITIONS = {("draft", "submitted"), ("submitted", "draft"), ("submitted", "locked")}


def ensure_editable(round_: Any) -> None:
    """A locked round refuses every change (its answers, assignments, reviews and evidence)."""
    if round_.locked:
        raise Locked("Đợt đánh giá “%(name)s” đã khóa: không thể thay đổi.", name=round_.name)
