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


@pytest.fixture(autouse=True)
def import_folder(app, tmp_path):
    """Uploaded lists go to the test's own folder, not the instance folder of the checkout."""
    app.config["CATALOG_IMPORT_FOLDER"] = str(tmp_path / "catalog_imports")
