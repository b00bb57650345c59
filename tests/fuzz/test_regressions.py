"""Inputs the fuzz tests found that once broke the app, kept as plain scenarios."""
from __future__ import annotations

import io
import zipfile

import pytest

from tests.fuzz.conftest import check, snapshot


def test_a_csv_with_bare_carriage_returns_and_nul_is_refused_with_a_message(app, client, world):
    for data in (b"\r\x00", b"phan,chuong\r\x00x\r", b'"a\x00b\r'):
        before = snapshot()
        response = client.post("/catalog/import", data={"file": (io.BytesIO(data), "list.csv")}, content_type="multipart/form-data")
        assert response.status_code == 400
        check(client, response, before)


def damaged(data: bytes, member: str) -> bytes:
    """`data` (an .xlsx) with one part cut in half: still a zip, but its XML ends mid-tag."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            body = source.read(info.filename)
            target.writestr(info.filename, body[: len(body) // 2] if member in info.filename else body)
    return out.getvalue()


@pytest.mark.parametrize("member", ["worksheets/sheet1.xml", "worksheets/sheet2.xml", "sharedStrings.xml"])
def test_a_workbook_with_a_damaged_sheet_is_refused_with_a_message_on_every_import(app, client, world, member):
    from tests.builders import synthetic_rows
    from tests.catalog.files import xlsx_bytes

    files = {
        "/catalog/import": xlsx_bytes(synthetic_rows(["A1.1"])),
        "/xsd/templates/import": client.get(f"/xsd/templates/{world.template_id}.xlsx").data,
        f"/reports/rounds/{world.round_id}/import": client.get(f"/reports/rounds/{world.round_id}/export.xlsx").data,
    }
    for url, data in files.items():
        before = snapshot()
        response = client.post(url, data={"file": (io.BytesIO(damaged(data, member)), "tep.xlsx")}, content_type="multipart/form-data")
        check(client, response, before)
