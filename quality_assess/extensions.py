"""Flask extensions, created unbound and initialised by the app factory."""
from __future__ import annotations

from flask import Flask, g, request
from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf.csrf import CSRFProtect

from quality_assess.config import data_dir
from quality_assess.database import db

migrate = Migrate(render_as_batch=True, compare_type=True)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()


def init_extensions(app: Flask) -> None:
    """Bind the extensions; the app factory has imported every model and the login loaders first."""
    from quality_assess.i18n import compile_translations, select_locale, select_timezone
    from quality_assess.security import init_security

    db.init_app(app)
    migrate.init_app(app, db, directory=str(data_dir("migrations")))
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None  # the login page says enough
    csrf.init_app(app)
    compile_translations(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    app.before_request(csrf_protect)
    init_security(app)


def csrf_protect() -> None:
    """CSRF on every form; requests authenticated by a valid API token are exempt, and only they
    (a session cookie with a made-up `Authorization: Bearer` header still needs the CSRF token)."""
    from flask import current_app
    from flask_login import current_user

    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return
    if request.method in {"GET", "HEAD", "OPTIONS"}:
        return
    if request.headers.get("Authorization", "").startswith("Bearer "):
        current_user._get_current_object()  # runs the login loaders, which keep a valid token in g.api_token
        if g.get("api_token") is not None:
            return
    csrf.protect()
