"""Shared fixtures: the app (no context held open), a client, a CLI runner, one-line builders, and
helpers that read the database through a fresh session.

Requests made through `client` run in their own app context, as in production: a view that changes
a row and forgets to commit is caught by a test that reads the row back with `fresh(app)`,
`reload(app, row)` or `count_rows(app, Model)`. A test never holds a context across requests.

The schema comes from the migrations (never create_all): they run once into a template database.
The default app is built once per session; before each test its database is put back: on SQLite the
template file is copied over the session's database file, on PostgreSQL (DATABASE_URL) every table is
truncated and the catalogue rows captured after the migrations are put back. A test that needs other
settings builds its own app with `make_app(tmp_path, template_db, KEY=value)`.
"""
from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from flask import Flask, current_app, has_app_context

from quality_assess import create_app
from quality_assess.database import db
from tests import postgres
from tests.builders import Builders, attach, building, running, step, steps  # noqa: F401  (attach, step, steps: for tests)

PASSWORD = "mat-khau-thu-nghiem"
POSTGRES_URL = os.environ.get("DATABASE_URL", "") if os.environ.get("DATABASE_URL", "").startswith("postgres") else ""
TESTS = Path(__file__).resolve().parent
Row = TypeVar("Row")

# Tests in these folders get the marker of the same name: `-m "not browser and not fuzz"` is the quick loop.
MARKED_FOLDERS = ("browser", "fuzz")


def pytest_collection_modifyitems(items) -> None:
    for item in items:
        folder = Path(item.path).resolve().relative_to(TESTS).parts[0]
        if folder in MARKED_FOLDERS:
            item.add_marker(getattr(pytest.mark, folder))


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


# Every test runs at 20:30 UTC, when it is already the next day (and here the next month) in Viet Nam:
# a date taken from the UTC clock instead of the hospital's shows up as a day early.
FIXED_NOW = datetime(2026, 11, 30, 20, 30, tzinfo=UTC)  # 01/12/2026 03:30 in Asia/Ho_Chi_Minh


class FixedClock:
    """What `quality_assess.clock.now()` returns in tests; `clock.set(...)` moves it."""

    def __init__(self, when: datetime) -> None:
        self.when = when

    def __call__(self) -> datetime:
        return self.when

    def set(self, when: datetime) -> None:
        assert when.tzinfo is not None, "the clock gives aware UTC times"
        self.when = when.astimezone(UTC)


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch) -> FixedClock:
    """The app's one clock (clock.now) pinned at FIXED_NOW for every test."""
    fixed = FixedClock(FIXED_NOW)
    monkeypatch.setattr("quality_assess.clock.now", fixed)
    return fixed


@pytest.fixture(scope="session")
def template_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    if POSTGRES_URL:
        postgres.prepare(POSTGRES_URL, _migrate_and_load)
        return path  # unused on PostgreSQL: the database is reset instead of copying a file
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SECRET_KEY": "test"})
    with app.app_context():
        _migrate_and_load(app)
        db.engine.dispose()
    return path


def _test_config(database_url: str, tmp_path: Path) -> dict[str, Any]:
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "test",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        "CATALOG_IMPORT_FOLDER": str(tmp_path / "catalog_imports"),
    }


def _restore_database(app: Flask, db_path: Path, template_db: Path) -> None:
    with app.app_context():
        db.engine.dispose()
    if POSTGRES_URL:
        postgres.reset()
    else:
        shutil.copy(template_db, db_path)


def make_app(tmp_path: Path, template_db: Path, **overrides) -> Flask:
    """An app of its own (for settings the shared `app` does not have) on a fresh database.

    A second make_app in the same test shares the first one's database. On PostgreSQL there is one
    database: do not mix this with the `app` fixture's builders in one test.
    """
    db_path = tmp_path / "own.sqlite"
    if not db_path.exists():
        if POSTGRES_URL:
            postgres.reset()
            db_path.touch()  # marks this test's database as reset
        else:
            shutil.copy(template_db, db_path)
    return create_app(_test_config(POSTGRES_URL or f"sqlite:///{db_path}", tmp_path) | overrides)


@pytest.fixture(scope="session")
def shared_app(template_db, tmp_path_factory) -> Flask:
    """The app of the default test settings, built once: `create_app` is the costly part of a test."""
    folder = tmp_path_factory.mktemp("shared")
    app = create_app(_test_config(POSTGRES_URL or f"sqlite:///{folder / 'test.sqlite'}", folder))
    app.db_path = folder / "test.sqlite"
    return app


@pytest.fixture
def app(shared_app, template_db, tmp_path) -> Iterator[Flask]:
    """The app, with no context held open (flaskr's conftest): each request gets its own context and
    session. The database is fresh, files go to `tmp_path`, and settings a test changes are put back."""
    _restore_database(shared_app, shared_app.db_path, template_db)
    saved = dict(shared_app.config)
    shared_app.config.update(UPLOAD_FOLDER=str(tmp_path / "uploads"), CATALOG_IMPORT_FOLDER=str(tmp_path / "catalog_imports"))
    with running(shared_app):
        yield shared_app
    shared_app.config.clear()
    shared_app.config.update(saved)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make(app) -> Builders:
    """One-line builders: make.user("assessor"), make.round(), make.sub_items("A1.1") …"""
    return Builders(app, PASSWORD)


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


# ---------------------------------------------------------------- reading what was saved

@contextmanager
def fresh(app: Flask) -> Iterator[sa.orm.Session]:
    """`with fresh(app) as s:` a new app context and session: they see only what was committed.

    Use it to set up with the app's operations and to check what requests saved; keep each block short
    (given … / then …), never around requests. Rows loaded inside stay readable after the block (no
    expiry on commit); a row built elsewhere is taken into the block's session with `attach(row)`.
    """
    with building(app) as session:
        yield session


def reload(app: Flask, row: Row) -> Row | None:
    """`row` read again through a fresh session (None once deleted); its columns stay readable after."""
    with app.app_context():
        session = db.session()
        found = session.get(type(row), sa.inspect(row).identity)
        if found is not None:
            session.expunge(found)
        return found


@contextmanager
def _session_of(app: Flask) -> Iterator[sa.orm.Session]:
    """The session of the `with fresh(app):` block around the caller, else a fresh one of its own."""
    if has_app_context() and current_app._get_current_object() is app:
        yield db.session
    else:
        with fresh(app) as session:
            yield session


def scalar(app: Flask, statement) -> Any:
    """The first value `statement` selects, read through a fresh session (a row stays readable after;
    inside a `with fresh(app):` block, through that block's session)."""
    with _session_of(app) as session:
        return session.scalar(statement)


def scalars(app: Flask, statement) -> list[Any]:
    """Every value `statement` selects, read as `scalar` reads."""
    with _session_of(app) as session:
        return list(session.scalars(statement))


def count_rows(app: Flask, model) -> int:
    """How many rows of `model` are committed."""
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.fixture
def empty_database_url(tmp_path, template_db) -> str:
    """The URL of a database with no tables (for migrations and restores): a new SQLite file,
    or on PostgreSQL a scratch database beside the test database (the role needs CREATEDB)."""
    if POSTGRES_URL:
        return postgres.scratch_database(POSTGRES_URL)
    return f"sqlite:///{tmp_path / 'empty.sqlite'}"
