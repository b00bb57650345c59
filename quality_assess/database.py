"""Declarative base with a naming convention (stable Alembic names, SQLite batch migrations),
and the rules the database keeps itself: foreign keys on for SQLite, CHECKs built from the code's values."""
from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData, event
from sqlalchemy.orm import DeclarativeBase, Session

from quality_assess import clock

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)

# Models subclass `Model`: at run time Flask-SQLAlchemy's db.Model (built on Base, so it has the
# naming convention and the session binding); for mypy the typed Base, which it can see through.
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model


def utcnow() -> datetime:
    """Naive UTC timestamp (stored the same way on SQLite and PostgreSQL), read from `clock.now()`."""
    return clock.utcnow()


def one_of(column: str, values: Iterable[str]) -> sa.CheckConstraint:
    """CHECK (column IN (values)), named ck_<table>_<column>.

    Built from the constants the code uses, so a value the code does not know cannot be stored, and a
    new value without a migration fails tests/test_database_rules.py. Sorted: the same SQL every time.
    """
    return sa.CheckConstraint(sa.column(column).in_(sorted(values)), name=column)


@sa.event.listens_for(sa.Engine, "connect")
def _sqlite_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    """SQLite ignores foreign keys unless each connection asks; every connection does here.

    (migrations/env.py switches them off around batch migrations, which recreate tables.)
    """
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()


def after_commit(callback: Callable[[], object]) -> None:
    """Run `callback` once the current transaction commits; forget it if the transaction rolls back.

    For effects outside the database that must not happen for a change that is rolled back (deleting
    the file of a row that is deleted)."""
    db.session.info.setdefault("after_commit", []).append(callback)


@event.listens_for(Session, "after_commit")
def _run_after_commit(session: Session) -> None:
    for callback in session.info.pop("after_commit", []):
        callback()


@event.listens_for(Session, "after_rollback")
def _forget_after_commit(session: Session) -> None:
    session.info.pop("after_commit", None)
