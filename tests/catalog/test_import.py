"""Importing the official sub-item list through `flask catalog import-items` (SYNTHETIC rows only)."""
from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa

from quality_assess.assessments.models import Result, SubItemAnswer
from quality_assess.catalog.models import Chapter, Criterion, SubItem
from quality_assess.database import db
from quality_assess.history.models import ChangeLog
from tests.builders import synthetic_rows
from tests.catalog.files import COLUMNS, csv_bytes, xlsx_bytes
from tests.conftest import attach, count_rows, fresh, reload, scalar, step


@step
def items() -> dict[str, SubItem]:
    return {s.code: s for s in db.session.scalars(sa.select(SubItem))}


def test_a_good_csv_list_is_previewed_then_written(app, runner, write):
    path = write("tieu-muc.csv", csv_bytes(synthetic_rows(["A1.1", "C2.2"]), delimiter=";", bom=True))

    outcome = runner.invoke(args=["catalog", "import-items", str(path)])

    assert outcome.exit_code == 0, outcome.output
    assert "22 tiểu mục: 22 mới" in outcome.output
    assert "A1.1: Mức 1: 3, Mức 2: 3, Mức 3: 2, Mức 4: 2, Mức 5: 1 (tổng 11)" in outcome.output
    written = items()
    assert len(written) == 22
    assert written["A1.1-2.4"].level == 2 and written["A1.1-2.4"].number == 4
    with fresh(app) as session:
        c22 = session.scalar(sa.select(Criterion).where(Criterion.code == "C2.2"))
        assert [s.code for s in c22.sub_items][:2] == ["C2.2-1.1", "C2.2-1.2"]
    assert scalar(app, sa.select(ChangeLog).where(ChangeLog.entity == "catalog", ChangeLog.field == "import")).new.startswith("tieu-muc.csv")


def test_a_good_xlsx_list_with_vietnamese_headers_method_and_evidence(runner, write):
    rows = synthetic_rows(["B2.1"])
    for row in rows:
        row["muc"] = f"Mức {row['muc']}"
        row.update(pp="Kiểm tra hồ sơ (dữ liệu thử nghiệm)", bc="Biên bản (dữ liệu thử nghiệm)")
    headers = ["Phần", "Chương", "Tiêu chí", "Mức", "Mã tiểu mục", "Tiểu mục", "Phương pháp kiểm tra, đánh giá", "Bằng chứng, kết quả"]
    data = xlsx_bytes([{h: r[k] for h, k in zip(headers, COLUMNS + ["pp", "bc"])} for r in rows], columns=headers)

    outcome = runner.invoke(args=["catalog", "import-items", str(write("danh-sach.xlsx", data))])

    assert outcome.exit_code == 0, outcome.output
    item = items()["B2.1-5.11"]
    assert (item.level, item.method, item.evidence) == (5, "Kiểm tra hồ sơ (dữ liệu thử nghiệm)", "Biên bản (dữ liệu thử nghiệm)")


def _edit(index: int, **changes: object) -> Callable[[list[dict]], list[dict]]:
    def edit(rows: list[dict]) -> list[dict]:
        rows[index].update(changes)
        return rows

    return edit


BAD_ROWS = {
    "unknown criterion": (_edit(2, phan="A", chuong="A1", tieu_chi="A1.9", ma_tieu_muc="A1.9-1.3"), "Dòng 4, cột ma_tieu_muc: A1.9-1.3: tiêu chí A1.9 không có trong bộ tiêu chí"),
    "level differs from muc": (_edit(3, muc=3), "Dòng 5, cột muc: A1.1-2.4: cột mức là “3” nhưng mã thuộc mức 2"),
    "repeated code": (_edit(4, ma_tieu_muc="A1.1-2.4"), "Dòng 6, cột ma_tieu_muc: mã A1.1-2.4 bị lặp (đã có ở dòng 5)"),
    "empty text": (_edit(1, tieu_muc="  "), "Dòng 3, cột tieu_muc: A1.1-1.2: nội dung tiểu mục trống"),
    "malformed code": (_edit(0, ma_tieu_muc="A1.1-2"), "Dòng 2, cột ma_tieu_muc: mã “A1.1-2” không đúng dạng"),
    "chapter disagrees with code": (_edit(0, chuong="A2"), "Dòng 2, cột chuong: A1.1-1.1: giá trị “A2” không khớp với mã (phải là A1)"),
}


@pytest.mark.parametrize("case", BAD_ROWS, ids=list(BAD_ROWS))
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_bad_list_prints_the_error_and_changes_nothing(case, kind, runner, write, make):
    make.sub_items("A1.2")
    edit, message = BAD_ROWS[case]
    rows = edit(synthetic_rows(["A1.1"]))
    data = csv_bytes(rows) if kind == "csv" else xlsx_bytes(rows)
    if kind == "xlsx":
        message = "Trang tính “Danh sách”, d" + message[1:]

    outcome = runner.invoke(args=["catalog", "import-items", str(write(f"list.{kind}", data))])

    assert outcome.exit_code != 0
    assert message in outcome.output
    assert "cơ sở dữ liệu không thay đổi" in outcome.output
    assert set(items()) == {r["ma_tieu_muc"] for r in synthetic_rows(["A1.2"])}
    assert all(s.active for s in items().values())


def test_every_error_is_listed_not_only_the_first(app, runner, write):
    rows = synthetic_rows(["A1.1"])
    rows[0]["muc"], rows[5]["tieu_muc"], rows[9]["tieu_chi"] = 2, "", "A1.2"

    outcome = runner.invoke(args=["catalog", "import-items", str(write("list.csv", csv_bytes(rows)))])

    assert outcome.exit_code != 0
    for line in ("Dòng 2, cột muc", "Dòng 7, cột tieu_muc", "Dòng 11, cột tieu_chi"):
        assert line in outcome.output
    assert "Tệp có 3 lỗi" in outcome.output
    assert count_rows(app, SubItem) == 0


def test_a_missing_column_is_named(app, runner, write):
    data = csv_bytes(synthetic_rows(["A1.1"]), columns=["phan", "chuong", "tieu_chi", "ma_tieu_muc", "tieu_muc"])

    outcome = runner.invoke(args=["catalog", "import-items", str(write("list.csv", data))])

    assert outcome.exit_code != 0
    assert "Dòng 1: thiếu cột “muc”" in outcome.output
    assert count_rows(app, SubItem) == 0


@pytest.mark.parametrize("name, data, message", [
    ("list.txt", b"phan,chuong", "Chỉ nhận tệp .xlsx hoặc .csv."),
    ("list.xlsx", b"not a workbook", "không phải là bảng tính Excel .xlsx"),  # the spreadsheet guard's message
    ("list.csv", "phan,chương".encode("cp1258"), "UTF-8"),
])
def test_a_wrong_file_type_is_refused(app, name, data, message, runner, write):
    outcome = runner.invoke(args=["catalog", "import-items", str(write(name, data))])

    assert outcome.exit_code != 0
    assert message in outcome.output
    assert count_rows(app, SubItem) == 0


def test_dry_run_shows_the_preview_and_writes_nothing(app, runner, write):
    path = write("list.csv", csv_bytes(synthetic_rows(["A1.1"])))

    outcome = runner.invoke(args=["catalog", "import-items", str(path), "--dry-run"])

    assert outcome.exit_code == 0, outcome.output
    assert "11 mới" in outcome.output and "chưa ghi gì" in outcome.output
    assert count_rows(app, SubItem) == 0
    assert count_rows(app, ChangeLog) == 0


def test_a_corrected_list_updates_texts_keeps_answers_and_retires_dropped_items(app, runner, write, make):
    runner.invoke(args=["catalog", "import-items", str(write("v1.csv", csv_bytes(synthetic_rows(["A1.1", "A1.2"]))))])
    first = items()
    round_ = make.round()
    with fresh(app) as session:
        result = session.scalar(sa.select(Result).where(Result.round_id == round_.id, Result.criterion_id == first["A1.1-2.4"].criterion_id))
        result.item_answers.append(SubItemAnswer(sub_item=attach(first["A1.1-2.4"]), value="met"))
        result.item_answers.append(SubItemAnswer(sub_item=attach(first["A1.1-5.11"]), value="unmet"))
        session.commit()

    corrected = [r for r in synthetic_rows(["A1.1"]) if r["ma_tieu_muc"] != "A1.1-5.11"]
    corrected[3]["tieu_muc"] = "Nội dung đã sửa (dữ liệu thử nghiệm)"
    outcome = runner.invoke(args=["catalog", "import-items", str(write("v2.csv", csv_bytes(corrected)))])

    assert outcome.exit_code == 0, outcome.output
    assert "10 tiểu mục: 0 mới, 1 cập nhật, 9 không đổi, 12 ngừng sử dụng" in outcome.output
    after = items()
    assert after["A1.1-2.4"].id == first["A1.1-2.4"].id
    assert after["A1.1-2.4"].text == "Nội dung đã sửa (dữ liệu thử nghiệm)"
    assert not after["A1.1-5.11"].active and not after["A1.2-1.1"].active
    with fresh(app) as session:
        answers = {a.sub_item.code: a.value for a in session.scalars(sa.select(SubItemAnswer))}
        assert answers == {"A1.1-2.4": "met", "A1.1-5.11": "unmet"}
        assert "A1.1-5.11" not in [s.code for s in attach(make.criterion("A1.1")).sub_items]

    again = runner.invoke(args=["catalog", "import-items", str(write("v1.csv", csv_bytes(synthetic_rows(["A1.1"]))))])
    assert "0 mới, 2 cập nhật" in again.output  # the text is restored and the retired item comes back
    assert items()["A1.1-5.11"].active


def test_header_rows_rename_parts_chapters_and_criteria(app, runner, write, make):
    headers = [
        {"phan": "A", "ma_tieu_muc": "A0.0-0.0", "tieu_muc": "Tên phần (dữ liệu thử nghiệm)"},
        {"phan": "A", "chuong": "A1", "ma_tieu_muc": "A1.0-0.0", "tieu_muc": "Tên chương (dữ liệu thử nghiệm)"},
        {"phan": "A", "chuong": "A1", "tieu_chi": "A1.2", "ma_tieu_muc": "A1.2-0.0", "tieu_muc": "Tên tiêu chí (dữ liệu thử nghiệm)"},
    ]
    old_title = make.criterion("A1.2").title

    outcome = runner.invoke(args=["catalog", "import-items", str(write("list.csv", csv_bytes(headers + synthetic_rows(["A1.2"]))))])

    assert outcome.exit_code == 0, outcome.output
    assert f"Đổi tên A1.2: “{old_title}” → “Tên tiêu chí (dữ liệu thử nghiệm)”" in outcome.output
    with fresh(app):
        criterion = attach(make.criterion("A1.2"))
        assert (criterion.title, criterion.title_confidence) == ("Tên tiêu chí (dữ liệu thử nghiệm)", "imported")
        assert criterion.chapter.name == "Tên chương (dữ liệu thử nghiệm)"
        assert criterion.chapter.part.name == "Tên phần (dữ liệu thử nghiệm)"
    log = scalar(app, sa.select(ChangeLog).where(ChangeLog.criterion_code == "A1.2", ChangeLog.field == "title"))
    assert (log.old, log.new) == (old_title, "Tên tiêu chí (dữ liệu thử nghiệm)")
    assert runner.invoke(args=["catalog", "load"]).exit_code == 0
    criterion = reload(app, criterion)
    assert criterion.title == "Tên tiêu chí (dữ liệu thử nghiệm)"
    assert scalar(app, sa.select(Chapter).where(Chapter.code == "A1")).name != "Tên chương (dữ liệu thử nghiệm)"


def test_text_is_stored_in_nfc(runner, write):
    import unicodedata

    rows = synthetic_rows(["A1.1"])
    rows[0]["tieu_muc"] = unicodedata.normalize("NFD", "Thiếu biển (dữ liệu thử nghiệm)")

    assert runner.invoke(args=["catalog", "import-items", str(write("list.csv", csv_bytes(rows)))]).exit_code == 0

    assert items()["A1.1-1.1"].text == unicodedata.normalize("NFC", "Thiếu biển (dữ liệu thử nghiệm)")


def test_a_title_above_the_header_row_is_skipped(app, runner, write):
    data = "DANH SÁCH TIỂU MỤC, dữ liệu thử nghiệm\n\n".encode() + csv_bytes(synthetic_rows(["A1.1"]), delimiter=";")

    outcome = runner.invoke(args=["catalog", "import-items", str(write("list.csv", data))])

    assert outcome.exit_code == 0, outcome.output
    assert count_rows(app, SubItem) == 11


def test_checking_stops_after_a_hundred_errors(runner, write):
    rows = synthetic_rows([f"A1.{n}" for n in range(1, 7)] + [f"A2.{n}" for n in range(1, 6)] + ["A3.1", "A3.2"])
    for row in rows:
        row["muc"] = 9

    outcome = runner.invoke(args=["catalog", "import-items", str(write("list.csv", csv_bytes(rows)))])

    assert outcome.exit_code != 0
    assert "Dừng kiểm tra sau 100 lỗi" in outcome.output
    assert outcome.output.count("cột mức là “9”") == 100
