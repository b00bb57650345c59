"""Fixtures of the query-count tests: count the SQL statements one request sends."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from quality_assess.database import db


class StatementCounter:
    """`counter.get(path)` → the number of statements sent while the request ran.

    Each request runs in its own app context and session, so nothing the test built is served from memory.
    """

    def __init__(self, client) -> None:
        self.client = client
        self.statements: list[str] = []

    def _count(self, conn, cursor, statement, parameters, context, executemany) -> None:
        self.statements.append(statement)

    def request(self, method: str, path: str, **kwargs) -> int:
        self.statements = []
        with self.client.application.app_context():
            engine = db.engine
        sa.event.listen(engine, "before_cursor_execute", self._count)
        try:
            response = self.client.open(path, method=method, **kwargs)
        finally:
            sa.event.remove(engine, "before_cursor_execute", self._count)
        assert response.status_code in (200, 302), f"{path}: HTTP {response.status_code}"
        return len(self.statements)

    def get(self, path: str) -> int:
        return self.request("GET", path)


@pytest.fixture
def statements(client) -> StatementCounter:
    return StatementCounter(client)
from tests.checklists.conftest import audit_of, template  # noqa: E402,F401  (the audit builder of the checklists tests)
