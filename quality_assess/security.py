"""Hardening every response: headers, cookie flags, forced password change (login throttling: auth/throttle.py)."""
from __future__ import annotations

from flask import Flask, Response, jsonify, redirect, request, url_for
from flask_babel import gettext as _
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
# Endpoints a user who must change a generated password may still reach (login only redirects).
PASSWORD_CHANGE_EXEMPT = {"auth.password", "auth.logout", "auth.login", "static", "main.favicon",
                          "pwa.manifest", "pwa.service_worker", "pwa.offline"}


def init_security(app: Flask) -> None:
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies:  # behind nginx: the client's address and scheme come from X-Forwarded-For/-Proto
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)  # type: ignore[method-assign]
    app.session_interface = HttpsAwareSessionInterface()
    app.after_request(add_security_headers)
    app.before_request(require_password_change)


class HttpsAwareSessionInterface(SecureCookieSessionInterface):
    """Cookies are Secure when configured so or when this request came over HTTPS.

    Saving the session is the last step of a response (after every after_request hook, Flask-Login's
    remember cookie included), so this is where every cookie of the response gets the flag.
    """

    def get_cookie_secure(self, app: Flask) -> bool:
        return super().get_cookie_secure(app) or request.is_secure

    def save_session(self, app: Flask, session, response: Response) -> None:
        super().save_session(app, session, response)
        if self.get_cookie_secure(app):
            cookies = response.headers.getlist("Set-Cookie")
            if any("; Secure" not in cookie for cookie in cookies):
                response.headers.remove("Set-Cookie")
                for cookie in cookies:
                    response.headers.add("Set-Cookie", cookie if "; Secure" in cookie else cookie + "; Secure")


def add_security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def require_password_change():
    """A generated password is changed before anything else: every route, the API included (through
    the browser session or a token), but logging out and the password page itself."""
    if request.endpoint in PASSWORD_CHANGE_EXEMPT:
        return None
    if current_user.is_authenticated and current_user.must_change_password:
        if request.path.startswith("/api/"):
            return jsonify(error=_("Vui lòng đổi mật khẩu trước khi tiếp tục."), field=None), 403
        return redirect(url_for("auth.password"))
    return None
