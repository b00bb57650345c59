"""Installable app: the web app manifest, the service worker (static/js/sw.js served from the root scope)
and the offline page it shows when a page was never opened on this device.

Every HTML response says whose it is (`X-QA-Scope`: a keyed digest of the signed-in session, "anon"
otherwise). The service worker keeps the pages of one scope only: a response of another scope (someone
else signed in, or the user signed out, which starts a new session generation) empties its page cache,
so a page is never served from cache to anyone but the user it was made for.
"""
from __future__ import annotations

import hashlib
import hmac

from flask import Blueprint, Response, current_app, jsonify, render_template, send_from_directory, url_for
from flask_babel import gettext as _
from flask_login import current_user

bp = Blueprint("pwa", __name__)

SCOPE_HEADER = "X-QA-Scope"


@bp.route("/manifest.webmanifest")
def manifest():
    response = jsonify({
        "name": _("Quản lý chất lượng bệnh viện"),
        "short_name": _("QLCL Bệnh viện"),
        "description": _("Tự đánh giá chất lượng bệnh viện và chấm Xanh – Sạch – Đẹp, kể cả khi không có mạng."),
        "lang": "vi",
        "start_url": url_for("checklists.offline_audit"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b6e4f",
        "icons": [
            {"src": url_for("static", filename="icons/icon-192.png"), "sizes": "192x192", "type": "image/png", "purpose": "any maskable"},
            {"src": url_for("static", filename="icons/icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any maskable"},
            {"src": url_for("static", filename="favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    })
    response.mimetype = "application/manifest+json"
    return response


@bp.route("/sw.js")
def service_worker():
    """The service worker, from the root so that it controls every page (no Service-Worker-Allowed needed)."""
    response = send_from_directory(current_app.static_folder or "", "js/sw.js", mimetype="text/javascript", max_age=0)
    response.headers["Cache-Control"] = "no-cache"  # the browser checks for a new worker on every visit
    return response


@bp.route("/offline")
def offline():
    """What the service worker shows for a page it does not hold: nobody's data, so anyone may see it."""
    return render_template("offline.html")


def scope_of_request() -> str:
    if not current_user.is_authenticated:
        return "anon"
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, f"cache-scope:{current_user.get_id()}".encode(), hashlib.sha256).hexdigest()[:24]


@bp.after_app_request
def tell_the_scope(response: Response) -> Response:
    if response.mimetype == "text/html":
        response.headers[SCOPE_HEADER] = scope_of_request()
    return response
