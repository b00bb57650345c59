"""One way to follow a `next`: a path on this site, or the page the route names instead.

A form's or query's `next` is user input. Browsers drop tabs and line breaks inside a URL and read a
backslash as a slash, so `/\t/evil.example` and `/\\evil.example` are `//evil.example`: another site.
Only a path that starts with one `/` and holds no control character, space or backslash is followed.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import redirect, url_for
from werkzeug.wrappers import Response


def is_local_path(target: str | None) -> bool:
    """`/rounds/1?tab=2`: yes. `//evil.example`, `/\\t/evil.example`, `/\\\\evil`, `https://…`, `javascript:…`: no."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if any(c.isspace() or ord(c) < 0x20 or ord(c) == 0x7F or c == "\\" for c in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def safe_next(target: str | None, fallback: str | None = None) -> str:
    """`target` when it is a local path, else `fallback` (the home page when none is given)."""
    if is_local_path(target):
        return str(target)
    return fallback if fallback is not None else url_for("main.index")


def redirect_back(target: str | None, fallback: str) -> Response:
    """Redirect to the page a form came from (its `next`) when that is a local path, else to `fallback`."""
    return redirect(safe_next(target, fallback))
