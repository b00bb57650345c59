"""Uploaded files: recognising images by their first bytes (never by name), serving private files."""
from __future__ import annotations

from pathlib import Path
from typing import Any

# (signature, mimetype, extension); WebP is RIFF....WEBP and is tested apart.
IMAGE_SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)


def image_type(data: bytes) -> tuple[str, str] | None:
    """(mimetype, extension) of a JPEG, PNG or WebP image, or None."""
    for signature, mime, ext in IMAGE_SIGNATURES:
        if data.startswith(signature):
            return mime, ext
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp", "webp"
    return None


def send_private(path: Path, mimetype: str, *, download_name: str | None = None) -> Any:
    """A stored upload for an already authorised user: 404 if the file is gone, never cached, never sniffed."""
    from flask import abort, send_file

    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype=mimetype, as_attachment=download_name is not None, download_name=download_name, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
