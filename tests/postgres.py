"""The test suite on PostgreSQL: migrate once per session, then a clean state for every test.

A clean state is every table truncated (identities restarted) and the rows present right after the
migrations and the catalogue import put back; that is much faster than a database per test.
"""
from __future__ import annotations

from typing import Any
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from quality_assess import create_app
from quality_assess.config import normalise_database_url
from quality_assess.database import db

_engine: sa.Engine | None = None
_snapshot: dict[str, list[dict[str, Any]]] = {}


def prepare(url: str, migrate_and_load: Callable[[Any], None]) -> None:
    """Empty the database, run the migrations and the catalogue import, remember the rows."""
    global _engine
    _engine = sa.create_engine(normalise_database_url(url))
    with _engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "test"})
    with app.app_context():
        migrate_and_load(app)
        db.engine.dispose()
    with _engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            rows = [dict(row) for row in conn.execute(sa.select(table)).mappings()]
            if rows:
                _snapshot[table.name] = rows


def reset() -> None:
    """Truncate every table of the app (not alembic_version) and put the snapshot back."""
    assert _engine is not None, "prepare() runs in the session's template_db fixture"
    tables = db.metadata.sorted_tables
    with _engine.begin() as conn:
        names = ", ".join(conn.dialect.identifier_preparer.quote(t.name) for t in tables)
        conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        for table in tables:
            rows = _snapshot.get(table.name)
            if not rows:
                continue
            conn.execute(table.insert(), rows)
            for column in table.primary_key.columns:
                if column.autoincrement is True or (column.autoincrement == "auto" and isinstance(column.type, sa.Integer)):
                    conn.execute(
                        sa.text(f"SELECT setval(pg_get_serial_sequence(:t, :c), (SELECT MAX({column.name}) FROM {table.name}))"),
                        {"t": table.name, "c": column.name},
                    )


def scratch_database(url: str) -> str:
    """(Re)create an empty database named after the test database + `_scratch`; return its URL."""
    assert _engine is not None
    target = make_url(normalise_database_url(url))
    name = f"{target.database}_scratch"
    with _engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    return target.set(database=name).render_as_string(hide_password=False)
