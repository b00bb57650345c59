"""One way to refuse: an operation raises `DomainError`; the web layer rolls back and tells the user.

Two entry points, one behaviour (`refuse`: roll back the refused change, then report it):

- The app's error handler for `DomainError`, for every view that lets the refusal escape. JSON (the
  `/api/` routes): `{"error": message, "field": field-or-null}` with the error's status (409 for a
  locked round or a stale edit; a stale edit also carries the row's current `version` and `level`).
  HTML: the error page with the translated message and status.
- `with refusals():` around the operation, for a page that must answer the refusal itself: the
  refusal is flashed and swallowed, so the code after the block runs and re-renders the form from
  the request, keeping what the user typed. The view reads `refusal.error` when it needs the error
  (its status, a stale edit's current row)::

      with refusals() as refusal:
          round_ = create_round(...)
          flash(_("Đã tạo …"), "success")
          return redirect(url_for(...))
      return render_template("…", form=form), refusal.status   # only reached after a refusal
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from flask import Flask, abort, flash, jsonify, render_template

from quality_assess.database import db
from quality_assess.domain import DomainError, Forbidden, StaleEdit
from quality_assess.errors import wants_json


@dataclass
class Refusal:
    """What `refusals()` caught: nothing (falsy), or the refused operation's error."""

    error: DomainError | None = None

    def __bool__(self) -> bool:
        return self.error is not None

    @property
    def status(self) -> int:
        return self.error.status if self.error is not None else 200


def refuse(exc: DomainError) -> None:
    """Undo what the refused operation had flushed, so nothing of it is committed or shown."""
    db.session.rollback()


@contextmanager
def refusals(*, flash_message: bool = True, forbidden_is_403: bool = False) -> Iterator[Refusal]:
    """Run the block; on `DomainError` roll back, flash the translated message and carry on after it.

    `flash_message=False`: the page shows `refusal.error` itself (the walk-through, beside the form).
    `forbidden_is_403`: a `Forbidden` refusal answers the plain 403 page instead of a message."""
    refusal = Refusal()
    try:
        yield refusal
    except DomainError as exc:
        refuse(exc)
        if forbidden_is_403 and isinstance(exc, Forbidden):
            abort(403)
        refusal.error = exc
        if flash_message:
            flash(exc.text(), "error")


def refusal_body(exc: DomainError) -> dict[str, Any]:
    """The JSON body of a refusal (after the rollback: a stale edit's row reads as stored now)."""
    body: dict[str, Any] = {"error": exc.text(), "field": exc.field, **exc.details()}
    current = exc.current if isinstance(exc, StaleEdit) else None
    for name in ("version", "level"):
        if current is not None and hasattr(current, name):
            body[name] = getattr(current, name)
    return body


def handle_refusal(exc: DomainError):
    refuse(exc)
    if wants_json():
        return jsonify(refusal_body(exc)), exc.status
    return render_template("error.html", code=exc.status, message=exc.text()), exc.status


def init_refusals(app: Flask) -> None:
    app.register_error_handler(DomainError, handle_refusal)
