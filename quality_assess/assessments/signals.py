"""What assessments asks of the domains above it, without importing them (blinker signals).

Assessments sends; the team workflow connects (quality_assess.workflow.receivers), as Indico's
operations send `signals.*`. The functions below are how assessments code asks.
"""
from __future__ import annotations

from typing import Any

from blinker import Namespace

_signals = Namespace()

round_submitting = _signals.signal("round-submitting", doc="""
A round is about to become submitted. Sender: the round; kwargs `user`, `override_reason`.
A receiver refuses the submission by raising a DomainError (nothing has changed yet).
""")

round_deleting = _signals.signal("round-deleting", doc="""
A draft round is about to be deleted. Sender: the round; kwarg `user`. A receiver refuses by raising a
DomainError, or removes what it keeps of the round (evidence files after the commit).
""")

answer_permission = _signals.signal("answer-permission", doc="""
May `user` change this result's answer? Sender: the result; kwarg `user`. Receivers return True
to allow; nobody may answer when no receiver allows (the workflow knows the assignments).
""")

evidence_counts_requested = _signals.signal("evidence-counts", doc="""
How many evidence files each criterion of a round has. Sender: the round id. Receivers return
{criterion id: count}; the answers are merged.
""")

criteria_to_confirm = _signals.signal("criteria-to-confirm", doc="""
Criteria carried over from an earlier round wait for an assessor to confirm them ("cần xác nhận lại").
Sender: the new round; kwargs `codes` (criterion codes), `by` (who started the round, or None).
Whoever builds the carry-forward sends it once the carried results are flushed:
`signals.criteria_to_confirm.send(round_, codes=[...], by=user)`. The notifications domain tells each
criterion's assigned assessors, or the quality office when nobody is assigned yet (kind "to_confirm").
""")

overdue_requested = _signals.signal("overdue", doc="""
Which criteria of a round are overdue (their assignment's due date has passed and the work is not
sent for review). Sender: the round. Receivers return {criterion id: due date}; the answers are merged.
""")


def may_answer(user: Any, result: Any) -> bool:
    return any(allowed for _receiver, allowed in answer_permission.send(result, user=user))


def evidence_counts(round_id: int) -> dict[int, int]:
    counts: dict[int, int] = {}
    for _receiver, answer in evidence_counts_requested.send(round_id):
        counts.update(answer or {})
    return counts


def overdue(round_: Any) -> dict[int, Any]:
    found: dict[int, Any] = {}
    for _receiver, answer in overdue_requested.send(round_):
        found.update(answer or {})
    return found
