"""The hospital imports its official TT 35/2024 list from a spreadsheet: preview, then all or nothing.
The texts below are SYNTHETIC test data (not the circular's wording)."""
from __future__ import annotations

import io

import sqlalchemy as sa
from openpyxl import Workbook

from quality_assess.catalog.models import FrameworkItem
from tests.conftest import count_rows, fresh

SYNTHETIC = "Nội dung thử nghiệm của mục {code} (không phải văn bản chính thức)."


def xlsx(rows) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def titles(app) -> dict[str, tuple[str, str]]:
    with fresh(app) as session:
        return {i.code: (i.title, i.provenance) for i in session.scalars(sa.select(FrameworkItem))}


def upload(client, data: bytes, name: str = "tt35.xlsx"):
    return client.post("/catalog/tt35/import", data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def test_a_previewed_list_is_imported_whole(app, client, auth):
    auth.login("admin", installation_role="catalog")
    before = titles(app)
    data = xlsx([["Mã", "Nhóm", "Nội dung"], ["I.1", "I", SYNTHETIC.format(code="I.1")], ["I.2", "I", before["I.2"][0]],
                 ["V.6", "V", SYNTHETIC.format(code="V.6")]])
    preview = upload(client, data)
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "2 mục thay đổi, 1 không đổi" in page and "(mục mới)" in page
    assert titles(app) == before  # nothing written by the preview
    token = page.split('name="token" type="hidden" value="')[1].split('"')[0]
    assert client.post("/catalog/tt35/import/confirm", data={"token": token, "filename": "tt35.xlsx"}).status_code == 302
    after = titles(app)
    assert after["I.1"] == (SYNTHETIC.format(code="I.1"), "imported")
    assert after["V.6"] == (SYNTHETIC.format(code="V.6"), "imported")
    assert after["I.2"] == before["I.2"] and len(after) == 45


def test_a_list_with_one_bad_row_writes_nothing_and_names_the_row(app, client, auth):
    auth.login("admin", installation_role="catalog")
    before = titles(app)
    data = "ma,nhom,noi_dung\nI.1,I,{}\nVI.1,VI,{}\nI.2,I,\n".format(SYNTHETIC.format(code="I.1"), SYNTHETIC.format(code="VI.1")).encode()
    refused = upload(client, data, "tt35.csv")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "Dòng 3, cột nhom" in page and "Dòng 4, cột noi_dung: mục I.2 chưa có nội dung" in page
    assert titles(app) == before and count_rows(app, FrameworkItem) == 44


def test_only_a_catalogue_editor_imports(client, auth):
    auth.login("quality")
    assert client.get("/catalog/tt35/import").status_code == 403
