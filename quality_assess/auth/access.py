"""Server-side access checks used by every route: login, capability, hospital scope."""
from __future__ import annotations

from functools import wraps
from typing import Any, Callable, TypeVar

import sqlalchemy as sa
from flask import abort
from flask_login import current_user, login_required

from quality_assess.auth.roles import PROVINCE
from quality_assess.database import db

F = TypeVar("F", bound=Callable[..., Any])


def require(capability: str) -> Callable[[F], F]:
    """Login required, then the capability; 403 otherwise."""

    def decorator(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.can(capability):
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def sees_all_hospitals(user: Any = None) -> bool:
    user = user or current_user
    return user.role == PROVINCE


def hospital_id() -> int:
    """The hospital the current user works in (403 for users of no hospital)."""
    if current_user.hospital_id is None:
        abort(403)
    return current_user.hospital_id


def scoped(model: Any) -> sa.ColumnElement[bool]:
    """A WHERE clause limiting `model` (which has hospital_id) to what the user may see."""
    if sees_all_hospitals():
        return sa.true()
    return model.hospital_id == current_user.hospital_id


def get_scoped_or_404(model: Any, ident: int) -> Any:
    """Fetch a row by id, 404 if it does not exist or belongs to another hospital."""
    obj = db.session.get(model, ident)
    if obj is None:
        abort(404)
    if not sees_all_hospitals() and obj.hospital_id != current_user.hospital_id:
        abort(404)
    return obj
