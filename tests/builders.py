"""Builders for test data. Sub-items built here are SYNTHETIC test data, not official text.

Every builder opens its own app context, commits, and returns rows detached from any session: their
column attributes (id, username, name …) stay readable, and the relationships the builder set
(user.hospital, round_.hospital …). Anything else is read again inside `with fresh(app):`.
A row given to a builder (hospital=, user=, source=) is looked up again by its id in the builder's session.
"""
from __future__ import annotations

import functools
import itertools
from contextlib import contextmanager
from typing import Any, TypeVar
from collections.abc import Callable, Iterator

import sqlalchemy as sa
from flask import Flask, has_app_context

from quality_assess.assessments.models import Round
from quality_assess.assessments.items import framework_by_code
from quality_assess.assessments.operations import create_round
from quality_assess.auth.models import ApiToken, User
from quality_assess.auth.roles import PROVINCE_ROLES
from quality_assess.catalog.models import Criterion, SubItem
from quality_assess.database import db
from quality_assess.org.models import Department, Hospital

_counter = itertools.count(1)
Row = TypeVar("Row")

# Items per level in a synthetic list: level 1 (findings), then levels 2–5.
SYNTHETIC_SHAPE = (3, 3, 2, 2, 1)


def synthetic_text(code: str) -> str:
    return f"Tiểu mục giả lập {code} (dữ liệu thử nghiệm, không phải văn bản chính thức)"


def synthetic_rows(criterion_codes: list[str], shape: tuple[int, ...] = SYNTHETIC_SHAPE) -> list[dict[str, Any]]:
    """Rows in the import format (phan, chuong, tieu_chi, muc, ma_tieu_muc, tieu_muc)."""
    rows = []
    for code in criterion_codes:
        chapter = code.split(".")[0]
        number = 0
        for level, n in enumerate(shape, start=1):
            for _ in range(n):
                number += 1
                item = f"{code}-{level}.{number}"
                rows.append({"phan": code[0], "chuong": chapter, "tieu_chi": code, "muc": level, "ma_tieu_muc": item, "tieu_muc": synthetic_text(item)})
    return rows


@contextmanager
def building(app: Flask) -> Iterator[sa.orm.Session]:
    """An app context whose session keeps attributes loaded after commit, so built rows outlive it.

    Like a request, the block commits what its operations flushed when it ends without an error
    (operations never commit themselves); an error leaves nothing behind."""
    with app.app_context():
        session = db.session()
        session.expire_on_commit = False
        yield session
        session.commit()


_running: list[Flask] = []


@contextmanager
def running(app: Flask) -> Iterator[Flask]:
    """Make `app` the running test's app (the `app` and `live_server` fixtures do) for `step` helpers."""
    _running.append(app)
    try:
        yield app
    finally:
        _running.remove(app)


def step(helper: Callable[..., Row]) -> Callable[..., Row]:
    """A scenario helper that needs a session (set_levels, result_of …).

    Called inside `with fresh(app):` it works in that block's session; called on its own it runs in a
    fresh context of the running test's app, and what it returns stays readable afterwards. Rows given
    to it that belong to no session (built by `make`, returned by another step) are attached first.
    """
    def call(*args: Any, **kwargs: Any) -> Row:
        args = tuple(map(_attached, args))
        return helper(*args, **{name: _attached(value) for name, value in kwargs.items()})

    @functools.wraps(helper)
    def run(*args: Any, **kwargs: Any) -> Row:
        if has_app_context():
            return call(*args, **kwargs)
        assert _running, f"{helper.__name__}() needs the `app` fixture (or call it inside `with fresh(app):`)"
        with building(_running[-1]):
            row = call(*args, **kwargs)
            db.session.commit()  # operations flush; a step on its own commits, as a request would
            return row

    return run


class steps:
    """`ops = steps(operations)`: every function of the module called as a `step`."""

    def __init__(self, module: Any) -> None:
        self._module = module

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._module, name)
        return step(value) if callable(value) and not isinstance(value, type) else value


def _attached(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return type(value)(map(_attached, value))
    state = sa.inspect(value, raiseerr=False)
    return attach(value) if isinstance(state, sa.orm.InstanceState) and state.detached else value


def attach(row: Row | None) -> Row | None:
    """`row` (perhaps built in another session) as a row of the current session."""
    return None if row is None else db.session.get(type(row), sa.inspect(row).identity)


class Builders:
    def __init__(self, app: Flask, password: str) -> None:
        self.app, self.password = app, password
        self._open = 0

    @contextmanager
    def _context(self) -> Iterator[None]:
        """One context per builder call; a builder calling another one stays in the same context."""
        if self._open:
            yield
            return
        with building(self.app):
            self._open += 1
            try:
                yield
            finally:
                self._open -= 1

    def hospital(self, name: str | None = None, **fields: Any) -> Hospital:
        with self._context():
            hospital = Hospital(name=name or f"Bệnh viện thử nghiệm {next(_counter)}", **fields)
            db.session.add(hospital)
            db.session.commit()
            return hospital

    def default_hospital(self) -> Hospital:
        with self._context():
            return db.session.scalar(sa.select(Hospital).order_by(Hospital.id).limit(1)) or self.hospital("Bệnh viện Đa khoa Thử nghiệm")

    def department(self, name: str | None = None, hospital: Hospital | None = None, **fields: Any) -> Department:
        with self._context():
            department = Department(hospital=attach(hospital) or self.default_hospital(), name=name or f"Khoa {next(_counter)}", **fields)
            db.session.add(department)
            db.session.commit()
            return department

    def user(self, role: str = "quality", hospital: Hospital | None = None, username: str | None = None, **fields: Any) -> User:
        with self._context():
            user = User(
                username=username or f"{role}{next(_counter)}", role=role,
                hospital=None if role in PROVINCE_ROLES else (attach(hospital) or self.default_hospital()),
                full_name=fields.pop("full_name", f"Người dùng {role}"), **fields,
            )
            user.set_password(self.password)
            db.session.add(user)
            db.session.commit()
            return user

    def token(self, user: User) -> str:
        with self._context():
            row, token = ApiToken.issue(attach(user))
            db.session.add(row)
            db.session.commit()
            return token

    def round(self, hospital: Hospital | None = None, name: str = "Tự đánh giá", year: int = 2026, kind: str = "self", **kw: Any) -> Round:
        with self._context():
            round_ = create_round(attach(hospital) or self.default_hospital(), name=name, year=year, kind=kind,
                                  user=attach(kw.get("user")), source=attach(kw.get("source")),
                                  carry_answers=kw.get("carry_answers", False),
                                  framework=framework_by_code(kw["framework"]) if kw.get("framework") else None)
            db.session.commit()  # operations flush; the builder commits, as a request would
            return round_

    def criterion(self, code: str) -> Criterion:
        with self._context():
            return db.session.scalar(sa.select(Criterion).where(Criterion.code == code))

    def sub_items(self, *codes: str, shape: tuple[int, ...] = SYNTHETIC_SHAPE) -> list[SubItem]:
        """Insert a SYNTHETIC sub-item list for the given criteria (test data only)."""
        with self._context():
            items = []
            for row in synthetic_rows(list(codes), shape):
                criterion = self.criterion(row["tieu_chi"])
                number = int(row["ma_tieu_muc"].rsplit(".", 1)[1])
                item = SubItem(criterion=criterion, code=row["ma_tieu_muc"], level=row["muc"], number=number, text=row["tieu_muc"], position=number)
                db.session.add(item)
                items.append(item)
            db.session.commit()
            return items
