"""Export a round to Excel, fill it offline, import it back: preview, then all or nothing."""
from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from quality_assess.assessments.models import Result
from quality_assess.assessments.operations import Answer, save_result, set_round_status
from quality_assess.database import db
from quality_assess.domain import Locked
from quality_assess.reports import workbook as workbooks
from tests.reports.conftest import levels_of, set_levels
from tests.conftest import attach, fresh, scalar, scalars, step, steps

workbook = steps(workbooks)  # each function runs as a step in its own fresh session

save_result, set_round_status = step(save_result), step(set_round_status)  # steps: each runs in its own fresh session


def export(client, round_) -> bytes:
    response = client.get(f"/reports/rounds/{round_.id}/export.xlsx")
    assert response.status_code == 200
    return response.data


def edited(data: bytes, sheet: str, cells: dict[str, object]) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    for ref, value in cells.items():
        wb[sheet][ref] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def row_of(data: bytes, code: str) -> int:
    ws = load_workbook(io.BytesIO(data))["Tiêu chí"]
    return next(cell.row for cell in ws["C"] if cell.value == code)


def upload(client, round_, data: bytes, name: str = "ket-qua.xlsx"):
    return client.post(f"/reports/rounds/{round_.id}/import", data={"file": (io.BytesIO(data), name)})


def test_the_export_holds_the_result_block_and_all_83_criteria(client, auth, round_2017):
    auth.login("director")
    wb = load_workbook(io.BytesIO(export(client, round_2017)))
    assert wb.sheetnames[:2] == ["Kết quả", "Tiêu chí"]
    result = {row[0]: row[1:] for row in wb["Kết quả"].iter_rows(values_only=True)}
    assert result["Tổng điểm có hệ số"][0] == 324
    assert result["Điểm trung bình chung"][0] == pytest.approx(3.60)
    criteria = list(wb["Tiêu chí"].iter_rows(min_row=2, values_only=True))
    assert len(criteria) == 83
    assert criteria[0][:4] == ("A", "A1", "A1.1", "Người bệnh được chỉ dẫn rõ ràng, đón tiếp và hướng dẫn khoa học, cụ thể")
    assert criteria[0][6:12] == ("không", "có", "không", None, None, 2)


def test_export_then_import_gives_the_same_results(client, auth, make, round_2017):
    auth.login("quality")
    data = export(client, round_2017)
    assert workbook.plan_import(round_2017, data).changes == []          # nothing to change in the same round
    offline = make.round(name="Đợt nhập từ Excel", year=2017)
    response = upload(client, offline, data)
    assert response.status_code == 200
    assert "Lưu 83 thay đổi" in response.get_data(as_text=True)
    assert set(levels_of(offline).values()) == {None}                  # the preview saved nothing
    response = client.post(f"/reports/rounds/{offline.id}/import/confirm")
    assert response.status_code == 302
    assert levels_of(offline) == levels_of(round_2017)


def test_the_preview_shows_old_and_new_level_and_a_level_alone_is_enough(app, client, auth, make):
    auth.login("quality")
    round_ = make.round()
    set_levels(round_, {"A1.1": 3})
    data = export(client, round_)
    row = row_of(data, "A1.2")
    data = edited(data, "Tiêu chí", {f"L{row}": 4, f"M{row}": "Làm offline"})
    plan = workbook.plan_import(round_, data)
    assert [(c.code, c.old_level, c.new_level) for c in plan.changes] == [("A1.2", None, 4)]
    assert upload(client, round_, data).status_code == 200
    client.post(f"/reports/rounds/{round_.id}/import/confirm")
    result = scalar(app, sa.select(Result).where(Result.round_id == round_.id, Result.criterion_id == make.criterion("A1.2").id))
    assert (result.level, result.note) == (4, "Làm offline")


@pytest.mark.parametrize(
    ("cells", "named"),
    [
        ({"I{row}": "có lẽ"}, "Trang “Tiêu chí”, dòng {row}, cột I"),             # bad per-level answer
        ({"L{row}": 7}, "Trang “Tiêu chí”, dòng {row}, cột L"),                   # bad level value
        ({"L{row}": 5}, "Trang “Tiêu chí”, dòng {row}, cột L"),                   # level that contradicts the answers
        ({"C{row}": "Z9.9"}, "Trang “Tiêu chí”, dòng {row}, cột C"),              # unknown code
        ({"E{row}": "có"}, "Trang “Tiêu chí”, dòng {row}, cột F"),                # not applicable without a reason
    ],
)
def test_a_bad_cell_is_named_and_nothing_changes(client, auth, make, cells, named):
    auth.login("quality")
    round_ = make.round()
    set_levels(round_, {"A1.1": 3})
    data = export(client, round_)
    row = row_of(data, "A1.1")
    good_row = row_of(data, "A1.2")
    bad = edited(data, "Tiêu chí", {f"L{good_row}": 4, **{ref.format(row=row): v for ref, v in cells.items()}})
    before = levels_of(round_)
    response = upload(client, round_, bad)
    page = response.get_data(as_text=True)
    assert named.format(row=row) in page
    assert "không có thay đổi nào được lưu" in page
    assert "Xem trước các thay đổi" not in page      # no preview, nothing to confirm
    assert levels_of(round_) == before


def test_a_workbook_without_the_criteria_sheet_is_refused(client, auth, make):
    auth.login("quality")
    round_ = make.round()
    wb = load_workbook(io.BytesIO(export(client, round_)))
    wb["Tiêu chí"].title = "Sheet2"
    out = io.BytesIO()
    wb.save(out)
    page = upload(client, round_, out.getvalue()).get_data(as_text=True)
    assert "Trang “Tiêu chí”, dòng 1, cột A: thiếu trang “Tiêu chí”" in page


def test_a_file_that_is_not_xlsx_is_refused(client, auth, make):
    auth.login("quality")
    round_ = make.round()
    page = upload(client, round_, b"a,b,c\n", name="ket-qua.csv").get_data(as_text=True)
    assert "Chỉ nhận tệp Excel .xlsx." in page
    page = upload(client, round_, b"not a zip at all", name="ket-qua.xlsx").get_data(as_text=True)
    assert "không phải là bảng tính Excel .xlsx" in page


def test_an_error_while_applying_rolls_everything_back(app, make, monkeypatch):
    with fresh(app):
        round_ = attach(make.round())
        plan = workbook.ImportPlan(round_.id, [
            workbook.PlannedChange(r.id, r.criterion.code, None, 3, False, False, Answer(finding=False, met={2: True, 3: True, 4: False}))
            for r in scalars(app, sa.select(Result).where(Result.round_id == round_.id).limit(3))
        ])
        calls = []

        def failing_save(result, answer, **kw):
            calls.append(result.id)
            if len(calls) == 3:
                raise RuntimeError("disk full")
            return save_result(result, answer, **kw)

        monkeypatch.setattr(workbooks, "save_result", failing_save)
        with pytest.raises(RuntimeError):
            workbook.apply_import(round_, plan, user=None)
        db.session.rollback()  # what the request does with an exception: nothing was committed half-way
        assert set(levels_of(round_).values()) == {None}


def test_a_locked_round_refuses_the_import(client, auth, round_2017):
    user = auth.login("quality")
    data = export(client, round_2017)
    set_round_status(round_2017, "submitted", user=user, override_reason="Thử nghiệm: nộp khi chưa duyệt đủ")
    set_round_status(round_2017, "locked", user=user)
    with pytest.raises(Locked):
        workbook.plan_import(round_2017, data)
    page = upload(client, round_2017, data).get_data(as_text=True)
    assert "đã khóa" in page


def test_sub_item_answers_travel_in_their_own_sheet(client, auth, make):
    make.sub_items("A1.1")  # SYNTHETIC test sub-items
    auth.login("quality")
    round_ = make.round()
    data = export(client, round_)
    ws = load_workbook(io.BytesIO(data))["Tiểu mục"]
    rows = {r[1]: r[0] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows["A1.1-1.1"] == "A1.1" and len(rows) == 11
    answers = {f"E{i}": ("không" if i <= 4 else "đạt") for i in range(2, 2 + 11)}
    answers["E12"] = "không đạt"   # the level-5 item
    data = edited(data, "Tiểu mục", answers)
    plan = workbook.plan_import(round_, data)
    assert [(c.code, c.new_level) for c in plan.changes] == [("A1.1", 4)]
    assert workbook.plan_import(round_, edited(data, "Tiểu mục", {"E12": None, "D12": None})).changes[0].new_level is None  # an unanswered item leaves it open
    bad = edited(data, "Tiểu mục", {"E3": "đạt"})  # a level-1 finding answered like a level-2 item
    with pytest.raises(workbook.WorkbookInvalid) as info:
        workbook.plan_import(round_, bad)
    assert "Trang “Tiểu mục”, dòng 3, cột E" in str(info.value.errors[0])


@pytest.mark.parametrize("role", ["assessor", "director"])
def test_only_the_quality_office_imports(client, auth, make, role):
    auth.login(role)
    round_ = make.round()
    assert client.get(f"/reports/rounds/{round_.id}/import").status_code == 403
