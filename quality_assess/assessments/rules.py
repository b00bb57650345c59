"""Pure rules of rounds (no database, no Flask): shared by assessments and the domains above it."""
from __future__ import annotations

from typing import Any

from quality_assess.domain import Forbidden, Locked

ROUND_TRANSITIONS = {("draft", "submitted"), ("submitted", "draft"), ("submitted", "locked")}


def ensure_editable(round_: Any, by: Any = None) -> None:
    """A locked round refuses every change (its answers, assignments, reviews and evidence); so does the
    province team's inspection round to anyone but an inspector (`by` None: the command line)."""
    if round_.locked:
        raise Locked("Đợt đánh giá “%(name)s” đã khóa: không thể thay đổi.", name=round_.name)
    ensure_not_team_round(round_, by)


def ensure_not_team_round(round_: Any, by: Any) -> None:
    """The province team's round changes only by its inspectors (or the command line, `by` None)."""
    if getattr(round_, "province_team", False) and by is not None and not by.can("inspection.write"):
        raise Forbidden("Đợt “%(name)s” do đoàn kiểm tra của Sở Y tế chấm: bệnh viện chỉ xem, không thay đổi được.",
                        name=round_.name)
