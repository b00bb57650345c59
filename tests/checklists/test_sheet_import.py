"""A hospital's own checklist workbook becomes templates, one per sheet: the reader and the CLI.

Workbooks are made in tests/checklists/workbooks.py (synthetic items, two layouts hospitals use)."""
from __future__ import annotations

import json

import sqlalchemy as sa

from quality_assess.checklists.models import ChecklistTemplate, SheetMapping
from quality_assess.checklists.sheet_import import ColumnMapping, read_sheet, read_workbook
from tests.checklists.workbooks import NOI_GROUPS, hospital_workbook, workbook_bytes
from tests.conftest import count_rows, scalar, scalars


def test_a_department_sheet_with_a_title_block_merged_groups_and_a_total_row_reads_as_a_template():
    preview = read_workbook(hospital_workbook(), ["Khoa Nội"])
    noi = preview.sheets[0]
    assert noi.problems == [] and noi.header_row == 6          # five title rows skipped
    assert noi.name == "Bảng kiểm tra xanh – sạch – đẹp khoa nội" and noi.code == "khoa-noi"
    assert [(g["code"], g["name"], len(g["items"])) for g in noi.groups] == [("X", "Xanh", 2), ("S", "Sạch", 3), ("D", "Đẹp", 2)]
    assert noi.max_points == 100 and len(noi.items) == 7      # "Tổng cộng" and the signatures are not items
    severe = [i["code"] for i in noi.items if i["severe_risk"]]
    assert severe == ["3", "4"]
    assert noi.items[2]["guidance"] == "Xem thùng đựng chất thải" and noi.items[2]["member"] == "Điều dưỡng trưởng"
    assert noi.data is not None and noi.data["groups"][1]["items"][0]["critical"] is True


def test_headers_without_diacritics_and_heading_rows_for_groups_are_recognised_too():
    ngoai = read_workbook(hospital_workbook(), ["Khoa Ngoại"]).sheets[0]
    assert ngoai.problems == [] and ngoai.header_row == 3
    assert set(ngoai.columns) == {"stt", "text", "max_points", "guidance", "severe"}
    assert [(g["code"], g["name"]) for g in ngoai.groups] == [("I", "XANH"), ("II", "SẠCH"), ("III", "ĐẸP")]
    assert [i["code"] for i in ngoai.items] == ["1", "2", "3", "4"] and ngoai.items[1]["severe_risk"]
    assert ngoai.max_points == 100


def test_a_header_written_on_two_rows_with_merged_cells_is_read_as_one():
    sheet = read_workbook(workbook_bytes(("Phòng Kế hoạch", "C"))).sheets[0]
    assert sheet.problems == [] and sheet.header_row == 2
    assert sheet.columns == {"stt": 1, "group": 2, "text": 3, "max_points": 4}   # "Điểm" + "Tối đa"; "Điểm đạt" is the score
    assert [(g["name"], [i["text"] for i in g["items"]]) for g in sheet.groups] == [
        ("Sạch", ["Bồn rửa tay có xà phòng, khăn lau tay"]), ("Đẹp", ["Bảng thông báo cập nhật"])]
    assert sheet.max_points == 100


def test_what_cannot_be_read_is_listed_row_by_row_naming_the_column():
    # row 8 is the second item (header on row 6): its points "mười"; row 9: its severe mark "?"
    data = workbook_bytes(("Khoa Nội", "A"), **{"Khoa Nội": {"bad": {(8, 5): "mười", (9, 9): "?"}, "total": 90}})
    problems = read_workbook(data).sheets[0].problems
    assert "Dòng 8, cột E (Điểm tối đa): “mười” không phải số nguyên từ 1 đến 100." in problems
    assert "Dòng 9, cột I (Nguy cơ cao): ghi “x” hoặc “có”, hoặc để trống (đang là “?”)." in problems
    assert any(p.startswith("Dòng 14, cột E (Điểm tối đa): dòng tổng ghi 90 điểm") for p in problems)


def test_a_sheet_without_a_recognisable_header_asks_for_the_mapping_and_a_given_mapping_reads_it():
    rows = [("Danh mục",), ("#", "Việc", "Điểm", "Nhóm"), (1, "Quét sàn", 60, "Sạch"), (2, "Tưới cây", 40, "Xanh")]
    preview = read_sheet(rows, "Khoa Dược")
    assert preview.header_row is None and "Không tìm thấy dòng tiêu đề cột" in preview.problems[0]
    mapped = read_sheet(rows, "Khoa Dược", mapping=ColumnMapping(2, {"stt": 1, "text": 2, "max_points": 3, "group": 4}))
    assert mapped.problems == [] and [g["name"] for g in mapped.groups] == ["Sạch", "Xanh"] and mapped.max_points == 100


def test_dry_run_json_prints_each_sheet_and_writes_nothing(app, runner, make, tmp_path):
    hospital = make.hospital("Bệnh viện Đa khoa Tỉnh Mẫu")
    path = tmp_path / "bang-kiem.xlsx"
    path.write_bytes(hospital_workbook())
    before = count_rows(app, ChecklistTemplate)
    result = runner.invoke(args=["checklists", "import-sheet", str(path), "--all-sheets", "--dry-run", "--json",
                                 "--hospital", hospital.name])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"templates": [
        {"sheet": "Khoa Nội", "code": "khoa-noi", "name": "Bảng kiểm tra xanh – sạch – đẹp khoa nội", "groups": 3, "items": 7,
         "max_points": 100, "problems": []},
        {"sheet": "Khoa Ngoại", "code": "khoa-ngoai", "name": "Phieu kiem tra xanh sach dep - khoa ngoại", "groups": 3, "items": 4,
         "max_points": 100, "problems": []},
    ]}
    assert count_rows(app, ChecklistTemplate) == before and count_rows(app, SheetMapping) == 0


def test_importing_again_makes_a_new_version_only_when_the_content_changed(app, runner, make, tmp_path):
    hospital = make.hospital("Bệnh viện Đa khoa Tỉnh Mẫu")
    path = tmp_path / "bang-kiem.xlsx"
    path.write_bytes(hospital_workbook())
    command = ["checklists", "import-sheet", str(path), "--all-sheets", "--hospital", hospital.name]
    first = runner.invoke(args=command)
    assert first.exit_code == 0, first.output
    assert "Đã nhập khoa-noi v1 (mới)" in first.output and "Đã nhập khoa-ngoai v1 (mới)" in first.output
    own = sa.select(ChecklistTemplate).where(ChecklistTemplate.hospital_id == hospital.id)
    noi = next(t for t in scalars(app, own) if t.code == "khoa-noi")
    assert noi.total_points == 100 and noi.bands is None and "Khoa Nội" in noi.source
    assert scalar(app, sa.select(sa.func.count()).select_from(SheetMapping).where(SheetMapping.hospital_id == hospital.id)) == 2

    again = runner.invoke(args=command)
    assert "Đã nhập khoa-noi v1 (không đổi)" in again.output and len(scalars(app, own)) == 2

    changed = [(c, n, [(t.replace("thẻ tên", "thẻ tên đúng quy định"), p, s, e) for t, p, s, e in items]) for c, n, items in NOI_GROUPS]
    path.write_bytes(workbook_bytes(("Khoa Nội", "A"), ("Khoa Ngoại", "B"), **{"Khoa Nội": {"groups": changed}}))
    third = runner.invoke(args=command)
    assert "Đã nhập khoa-noi v2 (phiên bản mới)" in third.output and "Đã nhập khoa-ngoai v1 (không đổi)" in third.output
    versions = sorted((t.code, t.version) for t in scalars(app, own))
    assert versions == [("khoa-ngoai", 1), ("khoa-noi", 1), ("khoa-noi", 2)]


def test_one_faulty_sheet_and_nothing_is_imported(app, runner, make, tmp_path):
    hospital = make.hospital("Bệnh viện Đa khoa Tỉnh Mẫu")
    path = tmp_path / "bang-kiem.xlsx"
    path.write_bytes(workbook_bytes(("Khoa Nội", "A"), ("Khoa Ngoại", "B"), **{"Khoa Nội": {"bad": {(10, 5): 0}}}))
    before = count_rows(app, ChecklistTemplate)
    result = runner.invoke(args=["checklists", "import-sheet", str(path), "--all-sheets", "--hospital", hospital.name])
    assert result.exit_code != 0
    assert "Dòng 10, cột E (Điểm tối đa): “0” không phải số nguyên từ 1 đến 100." in result.output
    assert "chưa nhập gì" in result.output
    assert count_rows(app, ChecklistTemplate) == before


def test_chosen_sheets_only_and_a_missing_sheet_is_named(app, runner, make, tmp_path):
    hospital = make.hospital("Bệnh viện Đa khoa Tỉnh Mẫu")
    path = tmp_path / "bang-kiem.xlsx"
    path.write_bytes(hospital_workbook())
    one = runner.invoke(args=["checklists", "import-sheet", str(path), "--sheet", "Khoa Ngoại", "--hospital", hospital.name])
    assert one.exit_code == 0, one.output
    assert [t.code for t in scalars(app, sa.select(ChecklistTemplate).where(ChecklistTemplate.hospital_id == hospital.id))] == ["khoa-ngoai"]
    missing = runner.invoke(args=["checklists", "import-sheet", str(path), "--sheet", "Khoa Mắt", "--dry-run", "--hospital", hospital.name])
    assert missing.exit_code != 0 and "Tệp không có trang “Khoa Mắt” (có: Khoa Nội, Khoa Ngoại)." in missing.output
    neither = runner.invoke(args=["checklists", "import-sheet", str(path), "--dry-run", "--hospital", hospital.name])
    assert neither.exit_code != 0 and "--all-sheets" in neither.output


def test_a_file_that_is_not_a_workbook_is_refused_by_the_guard(runner, make, tmp_path):
    hospital = make.hospital("Bệnh viện Đa khoa Tỉnh Mẫu")
    path = tmp_path / "bang-kiem.xlsx"
    path.write_bytes(b"STT;Noi dung;Diem\n1;Quet san;100\n")
    result = runner.invoke(args=["checklists", "import-sheet", str(path), "--all-sheets", "--hospital", hospital.name])
    assert result.exit_code != 0 and "không phải là bảng tính Excel .xlsx" in result.output
