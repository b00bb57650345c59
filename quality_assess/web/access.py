"""Server-side access checks used by every route: login, capability, hospital scope."""
from __future__ import annotations

from functools import wraps
from typing import Any, TypeVar
from collections.abc import Callable

import sqlalchemy as sa
from flask import abort, request
from flask_login import current_user, login_required

from quality_assess.database import db

F = TypeVar("F", bound=Callable[..., Any])

READ_METHODS = frozenset({"GET", "HEAD"})


def require(capability: str | None = None, *, read: str | None = None, write: str | None = None) -> Callable[[F], F]:
    """Login required, then the capability; 403 otherwise.

    `require("round.view")`: every method needs `round.view`.
    `require(read="round.view", write="round.manage")`: a page that shows a form and takes its POST.
    GET and HEAD need `read`; any other method needs `read` and `write` (a writer is always a reader).
    """
    if capability is not None and (read or write):
        raise TypeError("require(capability) or require(read=..., write=...), not both")
    read = read or capability
    if read is None:
        raise TypeError("require() needs a capability")

    def decorator(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.can(read):
                abort(403)
            if write is not None and request.method not in READ_METHODS and not current_user.can(write):
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def sees_all_hospitals(user: Any = None) -> bool:
    """The province's health department sees every hospital (the only role with `province.view`)."""
    user = user or current_user
    return user.can("province.view")


def hospital_id() -> int:
    """The hospital the current user works in (403 for users of no hospital)."""
    if current_user.hospital_id is None:
        abort(403)
    return current_user.hospital_id


def scoped(model: Any) -> sa.ColumnElement[bool]:
    """A WHERE clause limiting `model` (which has hospital_id) to what the user may see.

    A province inspector (no hospital, given some) reaches, in those hospitals only, what the model's
    `inspector_scope()` admits (the team's inspection rounds), and nothing of a model without one."""
    if sees_all_hospitals():
        return sa.true()
    if current_user.hospital_id is None:
        inspected = getattr(current_user, "inspected_hospital_ids", [])
        narrowed = getattr(model, "inspector_scope", None)
        if not inspected or narrowed is None:
            return sa.false()
        return sa.and_(model.hospital_id.in_(inspected), narrowed())
    return model.hospital_id == current_user.hospital_id


def scoped_or_404(model: Any, ident: Any) -> Any:
    """The row `ident` of `model`, 404 if it does not exist or belongs to another hospital
    (a row of another hospital is indistinguishable from a missing one)."""
    return db.one_or_404(sa.select(model).where(model.id == ident, scoped(model)))
