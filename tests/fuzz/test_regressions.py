"""Inputs the fuzz tests found that once broke the app, kept as plain scenarios."""
from __future__ import annotations

import io
import zipfile

import pytest
import sqlalchemy as sa

from quality_assess.org.models import Department
from tests.conftest import scalar

from tests.fuzz.conftest import changes, check, snapshot


def test_a_csv_with_bare_carriage_returns_and_nul_is_refused_with_a_message(app, client, world):
    for data in (b"\r\x00", b"phan,chuong\r\x00x\r", b'"a\x00b\r'):
        before = snapshot(app)
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
        before = snapshot(app)
        response = client.post(url, data={"file": (io.BytesIO(damaged(data, member)), "tep.xlsx")}, content_type="multipart/form-data")
        refused = check(client, response, before)
        if any(member in name for name in zipfile.ZipFile(io.BytesIO(data)).namelist()):
            assert refused, f"{url} accepted a workbook whose {member} is cut in half"  # with a message, nothing written


def test_control_characters_in_stored_text_do_not_break_the_spreadsheet_exports(app, client, world):
    def saved(url: str, data: dict) -> None:
        before = snapshot(app)
        response = client.post(url, data=data)
        assert response.status_code == 302 and not check(client, response, before), url   # accepted …
        assert changes(before, snapshot(app)), url                                         # … and stored

    saved("/hospital/departments", {"name": "Khoa \x1bDược\x7f", "code": "", "kind": "clinical"})  # a NUL is refused (tests/security/test_bad_input.py)
    saved(f"/xsd/audits/{world.audit_id}/follow-ups", {"text": "Lau sàn\x07", "due_date": "2026-12-20"})
    saved(f"/rounds/{world.round_id}/criteria/A1.1", {"version": "1", "note": "Ghi chú\x0b", "action": "save"})
    pharmacy = scalar(app, sa.select(Department.id).where(Department.name.startswith("Khoa") & Department.name.endswith("Dược")))
    saved("/xsd/audits/new", {"department_id": str(pharmacy), "template_id": str(world.template_id), "audit_date": "2026-11-03"})
    for url in (f"/xsd/audits/{world.audit_id}.xlsx", "/xsd/months/2026-11.xlsx", f"/reports/rounds/{world.round_id}/export.xlsx",
                f"/xsd/templates/{world.template_id}.xlsx"):
        assert client.get(url).status_code == 200, url
