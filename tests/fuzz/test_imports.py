"""Imports fed broken files: the sub-item list (web and CLI), checklist templates, round workbooks."""
from __future__ import annotations

import io
import re

from hypothesis import given
from hypothesis import strategies as st
from openpyxl.utils.exceptions import IllegalCharacterError

from tests.builders import synthetic_rows
from tests.catalog.files import csv_bytes, xlsx_bytes
from tests.fuzz import strategies as s
from tests.fuzz.conftest import FUZZ, assert_pages_render, changes, check, snapshot
from tests.fuzz.mutate import mutated_rows, mutated_xlsx

TOKEN = re.compile(r'name="token" type="hidden" value="([^"]*)"|value="([^"]*)"[^>]*name="token"')


def list_file(rows: list[dict], kind: str) -> tuple[bytes, str]:
    if kind == "xlsx":
        try:
            return xlsx_bytes(rows), "danh-sach.xlsx"
        except (IllegalCharacterError, ValueError, TypeError):
            pass
    return csv_bytes(rows), "danh-sach.csv"


sub_item_files = st.one_of(
    st.tuples(mutated_rows(synthetic_rows(["A1.1", "A1.2"])), st.sampled_from(["csv", "xlsx"])).map(lambda t: list_file(*t)),
    s.upload,
)


def test_sub_item_upload_and_confirm(app, client, world):
    @FUZZ
    @given(upload=sub_item_files)
    def post(upload):
        before = snapshot(app)
        response = client.post("/catalog/import", data={"file": (io.BytesIO(upload[0]), upload[1])}, content_type="multipart/form-data")
        html = response.get_data(as_text=True)
        check(client, response, before)
        token = TOKEN.search(html)
        if token:
            before = snapshot(app)
            response = client.post("/catalog/import/confirm", data={"token": token.group(1) or token.group(2), "filename": upload[1]})
            check(client, response, before)

    post()
    assert_pages_render(app, client, world)


def test_sub_item_cli_import(app, runner, world, tmp_path):
    @FUZZ
    @given(upload=sub_item_files)
    def invoke(upload):
        path = tmp_path / ("".join(c for c in upload[1] if c not in "/\x00") or "tep.csv")
        path.write_bytes(upload[0])
        before = snapshot(app)
        result = runner.invoke(args=["catalog", "import-items", str(path)])
        assert result.exit_code in (0, 1), (result.output, result.exception)
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        assert result.output.strip()
        if result.exit_code:
            assert not changes(before, snapshot(app))

    invoke()


def test_checklist_template_import(app, client, world):
    exported = client.get(f"/xsd/templates/{world.template_id}.xlsx").data

    @FUZZ
    @given(upload=st.one_of(mutated_xlsx(exported).map(lambda b: (b, "mau.xlsx")), s.upload))
    def post(upload):
        before = snapshot(app)
        response = client.post("/xsd/templates/import", data={"file": (io.BytesIO(upload[0]), upload[1])}, content_type="multipart/form-data")
        check(client, response, before)

    post()
    assert_pages_render(app, client, world)


def test_hospital_checklist_workbook_upload_and_confirm(app, client, world):
    from tests.checklists.workbooks import hospital_workbook

    @FUZZ
    @given(upload=st.one_of(mutated_xlsx(hospital_workbook()).map(lambda b: (b, "bang-kiem.xlsx")), s.upload))
    def post(upload):
        before = snapshot(app)
        response = client.post("/xsd/templates/sheets", data={"file": (io.BytesIO(upload[0]), upload[1])}, content_type="multipart/form-data")
        html = response.get_data(as_text=True)
        check(client, response, before)
        token = TOKEN.search(html)
        if token:
            sheets = {f"s{i}_use": "1" for i in range(html.count('class="card xsd-sheet"'))}
            before = snapshot(app)
            response = client.post("/xsd/templates/sheets/review", data={"token": token.group(1) or token.group(2), "then": "confirm", **sheets})
            check(client, response, before)   # all or nothing: a refused confirmation wrote nothing

    post()
    assert_pages_render(app, client, world)


def test_round_workbook_import_and_confirm(app, client, world):
    exported = client.get(f"/reports/rounds/{world.round_id}/export.xlsx").data

    @FUZZ
    @given(upload=st.one_of(mutated_xlsx(exported).map(lambda b: (b, "ket-qua.xlsx")), s.upload))
    def post(upload):
        before = snapshot(app)
        url = f"/reports/rounds/{world.round_id}/import"
        response = client.post(url, data={"file": (io.BytesIO(upload[0]), upload[1])}, content_type="multipart/form-data")
        refused = any(m in response.get_data(as_text=True) for m in ('flash-error', 'role="alert"'))
        check(client, response, before)
        if not refused:
            before = snapshot(app)
            check(client, client.post(url + "/confirm"), before)

    post()
    assert_pages_render(app, client, world)


UPLOADS = ["/catalog/import", "/xsd/templates/import", "/xsd/templates/sheets", "/reports/logo", "/reports/rounds/{round}/import", "/xsd/audits/{audit}"]


def test_oversized_uploads_are_refused_with_a_message(app, client, world):
    app.config.update(MAX_CONTENT_LENGTH=64 * 1024, UPLOAD_MAX_BYTES=16 * 1024, CATALOG_IMPORT_MAX_BYTES=16 * 1024)
    for url in UPLOADS:
        url = url.format(round=world.round_id, audit=world.audit_id)
        for size, name in ((32 * 1024, "lon.xlsx"), (32 * 1024, "anh.png"), (128 * 1024, "rat-lon.xlsx")):
            before = snapshot(app)
            response = client.post(url, data={"file": (io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"0" * size), name), "i1_photo": (io.BytesIO(b"0" * size), name)},
                                    content_type="multipart/form-data")
            check(client, response, before)
