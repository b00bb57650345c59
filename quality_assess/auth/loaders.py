"""Flask-Login loaders: the session for browsers, `Authorization: Bearer` for scripts."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Request

from quality_assess.auth.models import ApiToken, User
from quality_assess.database import db, utcnow
from quality_assess.extensions import login_manager


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id))


@login_manager.request_loader
def load_user_from_token(request: Request) -> User | None:
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    digest = ApiToken.digest(header[len("Bearer "):].strip())
    token = db.session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == digest))
    if token is None or not token.user.active:
        return None
    token.last_used_at = utcnow()
    db.session.commit()
    return token.user


@login_manager.unauthorized_handler
def unauthorized():
    from flask import abort, flash, redirect, request, url_for
    from flask_babel import gettext as _

    if request.path.startswith("/api/"):
        abort(401)
    flash(_("Vui lòng đăng nhập để tiếp tục."), "info")
    return redirect(url_for("auth.login", next=request.full_path if request.query_string else request.path))
