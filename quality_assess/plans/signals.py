"""What happens to improvement plans, told to whoever listens (blinker), without importing them.

Plans send; the notifications domain connects (quality_assess.notifications.receivers).
"""
from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

plan_awaiting_approval = _signals.signal("plan-awaiting-approval", doc="""
A plan was generated or refreshed and waits for a director's approval (status "draft").
Sender: the Plan; kwarg `by` (who generated it).
""")
