"""Fixtures of the catalogue tests."""
from __future__ import annotations

import pytest


@pytest.fixture
def write(tmp_path):
    """write("list.csv", data) → the path of a file holding `data`."""

    def _write(name: str, data: bytes):
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return _write
