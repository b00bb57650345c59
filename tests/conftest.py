"""Shared fixtures: an app on a fresh database per test, a client, a CLI runner, and one-line builders.

The schema comes from the migrations (never create_all): they run once into a template database,
which each test copies. With DATABASE_URL pointing at PostgreSQL the migrations run once into that
database (schema `public` dropped and recreated first) and each test starts from the same state:
every table truncated, then the catalogue rows captured after the migrations put back.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import g, request_started

from quality_assess import create_app
from quality_assess.database import db
from tests import postgres
from tests.builders import Builders

PASSWORD = "mat-khau-thu-nghiem"
POSTGRES_URL = os.environ.get("DATABASE_URL", "") if os.environ.get("DATABASE_URL", "").startswith("postgres") else ""


def _migrate_and_load(app) -> None:
    from flask_migrate import upgrade

    from quality_assess.catalog.cli import load_everything

    upgrade(revision="head")
    load_everything(Path(app.config["CATALOG_DIR"]))


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """Tests hash passwords with one PBKDF2 round: production strength (scrypt) costs ~0.2 s per
    hash, which the suite would pay for every user it builds and every login."""
    from werkzeug.security import generate_password_hash

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            "quality_assess.auth.models.generate_password_hash",
            lambda password: generate_password_hash(password, method="pbkdf2:sha256:1"),
        )
        yield


@pytest.fixture(scope="session")
def template_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    if POSTGRES_URL:
        postgres.prepare(POSTGRES_URL, _migrate_and_load)
        return path  # unused on PostgreSQL: make_app resets the database instead of copying a file
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SECRET_KEY": "test"})
    with app.app_context():
        _migrate_and_load(app)
        db.engine.dispose()
    return path


def make_app(tmp_path: Path, template_db: Path, **overrides):
    db_path = tmp_path / "test.sqlite"
    if not db_path.exists():
        if POSTGRES_URL:
            postgres.reset()
            db_path.touch()  # marks this test's database as reset: a second app in the same test shares it
        else:
            shutil.copy(template_db, db_path)
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": POSTGRES_URL or f"sqlite:///{db_path}",
        "SECRET_KEY": "test",
        "WTF_CSRF_ENABLED": False,
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        "RATELIMIT_ENABLED": False,
    }
    config.update(overrides)
    app = create_app(config)
    request_started.connect(_forget_current_user, app)
    return app


def _forget_current_user(sender, **extra) -> None:
    """Each request finds its user from its own cookies, as in production.

    The `app` fixture keeps one app context for the whole test, so `g` (where Flask-Login caches the
    current user) would otherwise outlive a request and leak one client's user into another's.
    """
    g.pop("_login_user", None)


@pytest.fixture
def app(tmp_path, template_db):
    app = make_app(tmp_path, template_db)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make(app) -> Builders:
    """One-line builders: make.user("assessor"), make.round(), make.sub_items("A1.1") …"""
    return Builders(PASSWORD)


class Auth:
    def __init__(self, client, make: Builders) -> None:
        self.client, self.make = client, make

    def login(self, role: str = "quality", user=None, **kwargs):
        """Log in as a new user of `role` (or as `user`) and return the user."""
        user = user or self.make.user(role, **kwargs)
        response = self.client.post("/login", data={"username": user.username, "password": PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)
        return user

    def logout(self) -> None:
        self.client.post("/logout")


@pytest.fixture
def auth(client, make) -> Auth:
    return Auth(client, make)


def count_rows(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.fixture
def empty_database_url(tmp_path, template_db) -> str:
    """The URL of a database with no tables (for migrations and restores): a new SQLite file,
    or on PostgreSQL a scratch database beside the test database (the role needs CREATEDB)."""
    if POSTGRES_URL:
        return postgres.scratch_database(POSTGRES_URL)
    return f"sqlite:///{tmp_path / 'empty.sqlite'}"
