"""Fixtures of the deployment tests: two real app servers on the test database."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.deploy.servers import Servers


@pytest.fixture
def servers(app, tmp_path) -> Iterator[Servers]:
    """Two gunicorn servers on the database the test's `make` writes to, started after the test built
    nothing yet: rows the test commits are read by both (they share the database, not a cache)."""
    running = Servers(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path)
    try:
        yield running
    finally:
        running.stop()
