"""What the catalogue tells the domains above it, without importing them (blinker signals).

The catalogue sends; assessments connects (quality_assess.assessments.receivers), so that a change of
the official list reaches the rounds scored against it while the catalogue imports no assessment code.
"""
from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

sub_items_changed = _signals.signal("sub-items-changed", doc="""
The official sub-item list of some criteria changed (items added, retired, moved to another level or
reworded), in the current transaction and already flushed. Sender: the set of criterion ids; kwarg
`user` (who imported, or None). Receivers change rows in the same transaction and never commit, and
return {"rescored": results scored again, "undecided": of them, results that lost their level}.
""")
