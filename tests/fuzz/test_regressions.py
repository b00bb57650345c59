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


def test_control_characters_in_stored_text_do_not_break_the_spreadsheet_exports(app, client, world):
    for url, data in (("/hospital/departments", {"name": "Khoa \x1bNội\x00", "code": "", "kind": "clinical"}),
                      (f"/xsd/audits/{world.audit_id}/follow-ups", {"text": "Lau sàn\x07", "due_date": ""}),
                      (f"/rounds/{world.round_id}/criteria/A1.1", {"version": "1", "note": "Ghi chú\x0b", "action": "save"})):
        client.post(url, data=data)
    client.post("/xsd/audits/new", data={"department_id": "2", "template_id": str(world.template_id), "audit_date": "2026-11-03"})
    for url in (f"/xsd/audits/{world.audit_id}.xlsx", "/xsd/months/2026-11.xlsx", f"/reports/rounds/{world.round_id}/export.xlsx",
                f"/xsd/templates/{world.template_id}.xlsx"):
        assert client.get(url).status_code == 200, url
