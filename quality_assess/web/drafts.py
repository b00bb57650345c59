"""Nothing typed is lost: sending the user back to the page of a form the server could not take.

The browser keeps every form it sends (static/js/app.js, in the tab's sessionStorage); the server only
says when to put it back. `back_to_form()` answers a POST that failed for a reason outside the form's
content (the session expired, the CSRF token no longer matches, a refusal answered by a redirect): it
lands the user on the page the form was on marked `#restore-draft`, through the login page (`next`)
when the user must sign in again. `restore_draft()` is the same mark for a page reached by a redirect
in the same session (the flag outlives one redirect); base.html writes it as `data-restore-draft`. Every POST
answered by a redirect with an error flashed (a form posted from another page and refused there) sets it, so
such forms keep their input in every domain; the browser restores a draft only on the page it was typed on.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, redirect, request, session, url_for
from werkzeug.wrappers import Response

MARK = "#restore-draft"


def form_page() -> str | None:
    """The path (and query) of the page of this site the sent form was on (its referrer: Referrer-Policy is
    same-origin), or None for a request that came from elsewhere (a forged one keeps its plain refusal)."""
    referrer = urlsplit(request.referrer or "")
    if request.method == "POST" and referrer.netloc == request.host and referrer.path.startswith("/") and not referrer.path.startswith("//"):
        return referrer.path + (f"?{referrer.query}" if referrer.query else "")
    return None


def back_to_form(page: str, *, login: bool) -> Response:
    """To the form's page (via the login page when `login`), where the browser puts back what was typed."""
    target = page + MARK
    if login:
        return redirect(url_for("auth.login", next=target))
    return redirect(target)


def keep_draft_for_next_page() -> None:
    """The next page shown in this session restores the form the user just sent (after a refusal that redirects)."""
    session["restore_draft"] = True


def mark_refused_redirect(response: Response) -> Response:
    """After a POST refused with a redirect (an error flashed), the next page restores the form that was sent."""
    if request.method == "POST" and 300 <= response.status_code < 400 and any(
        category == "error" for category, _message in session.get("_flashes", [])
    ):
        keep_draft_for_next_page()
    return response


def restore_draft() -> bool:
    return bool(session.pop("restore_draft", False)) if "restore_draft" in session else False


def init_drafts(app: Flask) -> None:
    app.jinja_env.globals.update(restore_draft=restore_draft)
    app.after_request(mark_refused_redirect)
