"""What happens in the team workflow, told to whoever listens (blinker signals), without importing them.

Workflow sends; the notifications domain connects (quality_assess.notifications.receivers). A receiver
must not refuse anything: these are sent after the change is made, inside the same transaction.
"""
from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

assessors_assigned = _signals.signal("assessors-assigned", doc="""
People were given a criterion to assess. Sender: the Assignment; kwargs `users` (only the newly
assigned, never one who already had it), `by` (the user who assigned, or None for the command line).
""")

result_reviewed = _signals.signal("result-reviewed", doc="""
A criterion's review changed. Sender: the Result; kwargs `action` ("submit", "approve" or "return"),
`by`, `comment`.
""")

work_due = _signals.signal("work-due", doc="""
The `reminders` command found work due soon or overdue. Sender: None; kwarg `reminders` (the
list of reminders.UserReminder the e-mail digest is written from). Receivers record it; the command commits.
""")
