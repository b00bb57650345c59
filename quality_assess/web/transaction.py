"""One transaction per request: operations flush, the request commits once or rolls back.

Write operations validate, change and `flush()` (so ids exist and constraints are checked where the
change is made); they never commit. When the view has produced its response:

- a success (1xx–3xx) commits everything the request changed, once;
- an error response (4xx/5xx, including an exception turned into an error page) rolls back;
- an exception that escapes (tests propagate them) rolls back in teardown.

CLI commands are not requests: they commit explicitly.

Bookkeeping that must outlive a refusal (the failure counters of a refused login) asks for it with
`keep_changes()`: that request's changes are committed whatever its status.
"""
from __future__ import annotations

from flask import Flask, Response, g

from quality_assess.database import db


def keep_changes() -> None:
    """Commit this request's changes even though its response is an error (a refused login's counters)."""
    g.keep_changes = True


def end_transaction(response: Response) -> Response:
    if response.status_code < 400 or g.pop("keep_changes", False):
        db.session.commit()
    else:
        db.session.rollback()
    return response


def rollback_on_exception(exc: BaseException | None) -> None:
    if exc is not None:
        db.session.rollback()


def init_transaction(app: Flask) -> None:
    app.after_request(end_transaction)
    app.teardown_request(rollback_on_exception)
