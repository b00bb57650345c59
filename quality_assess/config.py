"""Configuration: defaults, then the environment, then an optional mapping (tests)."""
from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path
from typing import Any
from collections.abc import Mapping

from flask import Flask

from quality_assess.clock import DEFAULT_TIMEZONE, is_zone

DEFAULTS: dict[str, Any] = {
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "MAX_CONTENT_LENGTH": 32 * 1024 * 1024,
    "UPLOAD_MAX_BYTES": 10 * 1024 * 1024,
    "PHOTO_MAX_BYTES": 5 * 1024 * 1024,
    "BABEL_DEFAULT_LOCALE": "vi",
    "TIMEZONE": DEFAULT_TIMEZONE,  # the hospitals' zone unless a hospital sets its own (clock.py)
    "LANGUAGES": ["vi", "en"],
    "WTF_CSRF_CHECK_DEFAULT": False,  # checked in extensions.csrf_protect, except for token requests
    "WTF_CSRF_TIME_LIMIT": None,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "PERMANENT_SESSION_LIFETIME": 8 * 3600,  # a working day; login makes the session permanent
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_DURATION": 7 * 24 * 3600,
    "RATELIMIT_ENABLED": True,  # login throttling (auth/throttle.py); the tests turn it off except their own
}

# Environment variable → config key (all optional).
ENVIRONMENT = {
    "SECRET_KEY": "SECRET_KEY",
    "DATABASE_URL": "SQLALCHEMY_DATABASE_URI",
    "UPLOAD_FOLDER": "UPLOAD_FOLDER",
    "CATALOG_DIR": "CATALOG_DIR",
    "SESSION_COOKIE_SECURE": "SESSION_COOKIE_SECURE",
    "TRUSTED_PROXIES": "TRUSTED_PROXIES",  # how many reverse proxies (nginx …) stand before the app
    "SMTP_HOST": "SMTP_HOST",
    "SMTP_PORT": "SMTP_PORT",
    "SMTP_FROM": "SMTP_FROM",
    "TIMEZONE": "TIMEZONE",  # IANA name, e.g. Asia/Ho_Chi_Minh
}


def data_dir(name: str) -> Path:
    """A data folder shipped with the app (`migrations`, `criteria_data`): inside the installed package
    for a wheel (see pyproject's package-dir), beside the package in a checkout or editable install."""
    package = Path(__file__).resolve().parent
    installed = package / name
    return installed if installed.is_dir() else package.parent / name


def load_config(app: Flask, overrides: Mapping[str, Any] | None = None) -> None:
    app.config.from_mapping(DEFAULTS)
    app.config["CATALOG_DIR"] = str(data_dir("criteria_data"))
    for env_name, key in ENVIRONMENT.items():
        value = os.environ.get(env_name)
        if value:
            app.config[key] = _coerce(value)
    if overrides:
        app.config.from_mapping(overrides)

    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    app.config.setdefault("SQLALCHEMY_DATABASE_URI", f"sqlite:///{instance / 'quality_assess.sqlite'}")
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(app.config["SQLALCHEMY_DATABASE_URI"])
    app.config.setdefault("UPLOAD_FOLDER", str(instance / "uploads"))
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(instance)
    check_timezone(app)


def check_timezone(app: Flask) -> None:
    """Refuse to start with a TIMEZONE zoneinfo does not know (a typo would put every date a day off
    in the evening); Babel formats in the same zone when no hospital is known."""
    name = app.config.get("TIMEZONE")
    if not is_zone(name):
        raise RuntimeError(f"TIMEZONE={name!r} is not an IANA time zone (e.g. Asia/Ho_Chi_Minh).")
    app.config["BABEL_DEFAULT_TIMEZONE"] = name


def normalise_database_url(url: str) -> str:
    """Accept the usual postgres:// spellings and use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def instance_secret_key(instance: Path) -> str:
    """A random key made once and kept in the instance folder, never a fixed default.

    Processes starting together (gunicorn's workers) must agree on one key: the file is created
    complete under a temporary name and linked into place only if no other process got there first;
    the loser reads the winner's key. Servers on several machines set SECRET_KEY instead (README).
    """
    path = instance / "secret_key"
    if not path.exists():
        handle, tmp_name = tempfile.mkstemp(dir=instance, prefix=".secret_key.")  # mode 0600
        try:
            with os.fdopen(handle, "w") as tmp:
                tmp.write(secrets.token_hex(32))
            try:
                os.link(tmp_name, path)
            except FileExistsError:
                pass
        finally:
            os.unlink(tmp_name)
    return path.read_text().strip()


def _coerce(value: str) -> Any:
    if value.lower() in {"true", "1", "yes"}:
        return True
    if value.lower() in {"false", "0", "no"}:
        return False
    return value
