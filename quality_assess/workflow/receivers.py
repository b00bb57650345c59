"""The workflow's answers to the signals of assessments (connected by the app factory)."""
from __future__ import annotations

from typing import Any

from quality_assess.assessments import signals
from quality_assess.workflow import hooks, queue
from quality_assess.workflow.evidence import remove_round_files
from quality_assess.workflow.operations import check_round_submission


def refuse_unreviewed_submission(round_: Any, *, user: Any, override_reason: str | None) -> None:
    check_round_submission(round_, user, override_reason)


def answer_permission(result: Any, *, user: Any) -> bool:
    return hooks.may_answer(user, result)


def evidence_counts(round_id: int) -> dict[int, int]:
    return hooks.evidence_counts(round_id)


def forget_round_files(round_: Any, *, user: Any) -> None:
    """A draft round is deleted: its evidence rows go with it (ON DELETE CASCADE), the files after the commit."""
    remove_round_files(round_.id)


def overdue(round_: Any) -> dict[int, Any]:
    return dict(queue.overdue_due_dates(round_))


def connect() -> None:
    """Connect once per process; connecting again is harmless (blinker keys receivers by identity)."""
    signals.round_submitting.connect(refuse_unreviewed_submission)
    signals.answer_permission.connect(answer_permission)
    signals.evidence_counts_requested.connect(evidence_counts)
    signals.round_deleting.connect(forget_round_files)
    signals.overdue_requested.connect(overdue)
