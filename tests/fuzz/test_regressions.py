"""Inputs the fuzz tests found that once broke the app, kept as plain scenarios."""
from __future__ import annotations

import io

from tests.fuzz.conftest import check, snapshot


def test_a_csv_with_bare_carriage_returns_and_nul_is_refused_with_a_message(app, client, world):
    for data in (b"\r\x00", b"phan,chuong\r\x00x\r", b'"a\x00b\r'):
        before = snapshot()
        response = client.post("/catalog/import", data={"file": (io.BytesIO(data), "list.csv")}, content_type="multipart/form-data")
        assert response.status_code == 400
        check(client, response, before)
