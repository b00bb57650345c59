"""Flask-Login loaders: the session (and remember-me cookie) for browsers, `Authorization: Bearer` for scripts.

The session and the remember-me cookie hold "id:generation" (User.get_id); a generation other than
the user's current one (bumped at logout, password change, reset, role change, deactivation) is no
login at all. A request that presents a valid API token is authenticated by that token, whatever
cookie it also carries, and only such a request skips CSRF (extensions.csrf_protect reads g.api_token).
"""
from __future__ import annotations

import sqlalchemy as sa
from flask import Request, g, request

from quality_assess.auth.models import ApiToken, User
from quality_assess.database import db, utcnow
from quality_assess.extensions import login_manager


def bearer_token() -> ApiToken | None:
    """The valid, unexpired, unrevoked token of an active user this request presents, else None."""
    if "api_token" in g:
        return g.api_token
    g.api_token = None
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        digest = ApiToken.digest(header[len("Bearer "):].strip())
        token = db.session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == digest))
        if token is not None and token.usable() and token.user.active:
            token.last_used_at = utcnow()
            db.session.commit()  # the use is recorded even if the request is then refused
            g.api_token = token
    return g.api_token


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    token = bearer_token()
    if token is not None:
        return token.user
    ident, _, generation = str(user_id).partition(":")
    if not ident.isdigit() or not generation.isdigit():
        return None  # a session from before generations existed, or a forged one
    user = db.session.get(User, int(ident))
    if user is None or user.session_generation != int(generation):
        return None
    return user


@login_manager.request_loader
def load_user_from_token(request: Request) -> User | None:
    token = bearer_token()
    return token.user if token is not None else None


@login_manager.unauthorized_handler
def unauthorized():
    from flask import abort, flash, redirect, request, url_for
    from flask_babel import gettext as _

    from quality_assess.web.drafts import back_to_form, form_page

    if request.path.startswith("/api/"):
        abort(401)
    page = form_page()
    if page is not None:  # a form sent after the session ended: back to its page after the login, with what was typed
        flash(_("Phiên làm việc đã hết hạn nên biểu mẫu chưa được lưu. Đăng nhập lại để tiếp tục: những gì bạn đã nhập được giữ lại."), "warning")
        return back_to_form(page, login=True)
    flash(_("Vui lòng đăng nhập để tiếp tục."), "info")
    return redirect(url_for("auth.login", next=request.full_path if request.query_string else request.path))
