"""Every spreadsheet import opens its file through one guard (render/xlsx.open_workbook), and every
export writes its rows through one helper (render/xlsx.append).

The attack files are built here by hand: a 5 KB workbook whose only cell sits at XFD1048576 (it tied up
a worker for 21–31 s and 3.3–3.8 GB), the same with a forged dimension, a zip bomb, a zip of many parts.
The declared-size checks refuse before openpyxl parses anything (openpyxl is made to fail if called);
the streamed caps refuse while the first rows are read.
"""
from __future__ import annotations

import io
import zipfile

import pytest
import sqlalchemy as sa
from openpyxl import Workbook, load_workbook

from quality_assess.assessments.models import Result
from quality_assess.assessments.operations import Answer, save_result
from quality_assess.catalog.models import SubItem
from quality_assess.checklists.models import ChecklistTemplate
from quality_assess.domain import ValidationError
from quality_assess.render import xlsx
from quality_assess.render.xlsx import open_workbook, text_cell, untext
from quality_assess.reports import workbook as workbooks
from tests.conftest import count_rows, fresh, step, steps

save_result, workbook = step(save_result), steps(workbooks)

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '</Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    '</Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '</Relationships>'
)


def handmade(dimension: str | None = "A1:XFD1048576", cell: str = "XFD1048576", sheet: str = "Tiêu chí", extra: dict[str, bytes] | None = None,
             body: str | None = None) -> bytes:
    """A minimal .xlsx written by hand: one sheet, one text cell at `cell`, an optional declared dimension."""
    row = "".join(ch for ch in cell if ch.isdigit())
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    xml = body or (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                   f'{dim}<sheetData><row r="{row}"><c r="{cell}" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK.format(name=sheet))
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", xml)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def zip_bomb() -> bytes:
    """30 MB of one repeated byte in a sheet: about 30 KB on disk."""
    padding = b" " * (30 << 20)
    head = b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    return handmade(body=(head + padding + b"</sheetData></worksheet>").decode())


def many_parts() -> bytes:
    return handmade(dimension="A1:A1", cell="A1", extra={f"xl/media/image{i}.png": b"x" for i in range(300)})


@pytest.fixture
def openpyxl_must_not_parse(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the guard let openpyxl parse a file it should have refused")

    monkeypatch.setattr(xlsx, "load_workbook", refuse)


def refusal(data: bytes, **caps) -> str:
    with pytest.raises(ValidationError) as refused:
        book = open_workbook(data, **caps)
        for sheet in book.worksheets:
            for _row in sheet.iter_rows():
                pass
    return refused.value.message % refused.value.params


# ---------------------------------------------------------------- the guard


def test_the_5_kb_file_with_a_cell_at_xfd1048576_is_refused_before_openpyxl_parses_it(openpyxl_must_not_parse):
    data = handmade()
    assert len(data) < 5 * 1024
    assert "khai báo vùng dữ liệu A1:XFD1048576 (1048576 dòng × 16384 cột), quá giới hạn 10000 dòng" in refusal(data)


def test_a_zip_bomb_is_refused_by_its_inflated_size_before_openpyxl_parses_it(openpyxl_must_not_parse):
    data = zip_bomb()
    assert len(data) < 100 * 1024
    assert "giải nén ra 30 MB, quá giới hạn 10 MB" in refusal(data)


def test_a_zip_of_many_parts_is_refused(openpyxl_must_not_parse):
    assert "305 phần nén, quá giới hạn 200" in refusal(many_parts())


def test_a_declared_range_up_to_libreoffices_last_column_is_read_by_its_cells():
    """LibreOffice declares styled empty columns up to AMJ: the file is read, the cells decide."""
    book = open_workbook(handmade(dimension="A1:AMJ3", cell="B3"))
    assert list(book.worksheets[0].iter_rows()) == [(), (), (None, "x")]
    assert "quá giới hạn 10000 dòng hoặc 1024 cột" in refusal(handmade(dimension="A1:AMK3", cell="B3"))


@pytest.mark.parametrize("dimension, cell, says", [
    ("A1:A1", "XFD1048576", "Trang “Tiêu chí” có hơn 10000 dòng"),          # a forged dimension: the streamed row cap
    (None, "A1048576", "Trang “Tiêu chí” có hơn 10000 dòng"),               # no dimension at all
    ("A1:A1", "XFD1", "dòng 1 có dữ liệu ở cột thứ 16384, quá giới hạn 50 cột"),
])
def test_a_sheet_larger_than_it_declares_is_refused_while_its_first_rows_stream(dimension, cell, says):
    assert says in refusal(handmade(dimension=dimension, cell=cell))


def test_the_cell_cap_counts_across_the_workbook():
    wb = Workbook()
    for ws in (wb.active, wb.create_sheet("Trang 2")):  # 150 cells each: each sheet's declared size fits 250
        for r in range(15):
            xlsx.append(ws, [f"ô {r}.{c}" for c in range(10)])
    out = io.BytesIO()
    wb.save(out)
    assert "hơn 250 ô dữ liệu" in refusal(out.getvalue(), max_cells=250)
    book = open_workbook(out.getvalue())  # within the default caps it reads as usual
    assert list(book["Trang 2"].iter_rows(min_row=15)) == [tuple(f"ô 14.{c}" for c in range(10))]


def test_a_damaged_sheet_is_a_message_not_an_error():
    broken = handmade(body='<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1"')
    assert "Không đọc được tệp Excel" in refusal(broken)


# ---------------------------------------------------------------- every import goes through it


def post_round(client, auth, make, data):
    auth.login("quality")
    round_ = make.round()
    return client.post(f"/reports/rounds/{round_.id}/import", data={"file": (io.BytesIO(data), "ket-qua.xlsx")},
                       content_type="multipart/form-data", follow_redirects=True)


def post_template(client, auth, make, data):
    auth.login("ksnk_lead")
    return client.post("/xsd/templates/import", data={"file": (io.BytesIO(data), "mau.xlsx")},
                       content_type="multipart/form-data", follow_redirects=True)


def post_sub_items(client, auth, make, data):
    auth.login("admin", installation_role="admin")  # the catalogue is the installation's
    return client.post("/catalog/import", data={"file": (io.BytesIO(data), "tieu-muc.xlsx")},
                       content_type="multipart/form-data", follow_redirects=True)


@pytest.mark.parametrize("post", [post_round, post_template, post_sub_items], ids=["round", "checklist template", "sub-items"])
@pytest.mark.parametrize("attack, says", [
    (handmade, "khai báo vùng dữ liệu A1:XFD1048576"),
    (zip_bomb, "giải nén ra 30 MB"),
])
def test_every_spreadsheet_import_refuses_the_attack_files_with_a_reason(app, client, auth, make, openpyxl_must_not_parse, post, attack, says):
    templates = count_rows(app, ChecklistTemplate)

    response = post(client, auth, make, attack())

    assert response.status_code in (200, 400)
    assert says in response.get_data(as_text=True)
    assert count_rows(app, ChecklistTemplate) == templates and count_rows(app, SubItem) == 0


# ---------------------------------------------------------------- exports never write formulas


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://evil.example\",\"Bấm\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_text_that_would_be_a_formula_is_written_as_text_and_read_back_unchanged(text):
    wb = Workbook()
    xlsx.append(wb.active, [text, 3, None])
    out = io.BytesIO()
    wb.save(out)
    cell = load_workbook(io.BytesIO(out.getvalue())).active["A1"]
    assert cell.data_type == "s" and cell.value.startswith("'")  # (XML reads a lone CR back as a line feed)
    assert untext(text_cell(text)) == text
    assert text_cell("Ghi chú thường") == "Ghi chú thường" and text_cell(-2) == -2


def test_a_note_typed_as_a_formula_leaves_the_round_export_as_text_and_imports_back_unchanged(app, client, auth, make):
    user = auth.login("quality")
    round_ = make.round(user=user)
    with fresh(app) as session:
        result = session.scalar(sa.select(Result).where(Result.round_id == round_.id).limit(1))
    save_result(result, Answer(finding=False, met={2: True}, note='=HYPERLINK("http://evil.example","Xem minh chứng")'), user=user)

    data = client.get(f"/reports/rounds/{round_.id}/export.xlsx").data

    formulas = [c.coordinate for ws in load_workbook(io.BytesIO(data)) for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []
    assert workbook.plan_import(round_, data).changes == []  # the apostrophe comes off again: the note is unchanged


def test_every_module_that_writes_a_workbook_writes_its_rows_through_the_helper():
    """A worksheet's own `append` or a cell assigned a value would bypass text_cell."""
    import re
    from pathlib import Path

    root = Path(xlsx.__file__).resolve().parents[1]
    writers = [p for p in root.rglob("*.py") if "Workbook()" in p.read_text(encoding="utf-8")]
    assert len(writers) >= 6
    bypass = {str(p.relative_to(root)): hits for p in writers
              if (hits := re.findall(r"\b(?:ws|sheet|extra|book\.active)\.append\(|\.cell\([^)]*value=|\b(?:ws|sheet)\[[^\]]+\]\s*=[^=]", p.read_text(encoding="utf-8")))}
    assert bypass == {}
