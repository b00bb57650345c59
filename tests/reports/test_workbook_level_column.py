"""The workbook's "Mức" column does what the import page promises (issue #12, "Scores").

Filled in alone, on a blank row or on a row whose per-level answers are only partly given, it stands for
the per-level answers it decides; a filled answer that contradicts it is refused, naming the cell. For a
criterion with sub-items the level comes from the "Tiểu mục" sheet, and the refusal says so.
Sub-items here are SYNTHETIC (make.sub_items).
"""
from __future__ import annotations

from quality_assess.assessments import operations
from quality_assess.assessments.operations import Answer
from quality_assess.reports import workbook as workbooks
from tests.assessments.conftest import result_of
from tests.builders import steps
from tests.conftest import fresh
from tests.reports.conftest import levels_of
from tests.reports.test_workbook import edited, export, row_of, upload

ops, workbook = steps(operations), steps(workbooks)


def test_a_level_alone_works_on_blank_and_partly_answered_rows(app, client, auth, make):
    auth.login("quality")
    round_ = make.round()
    ops.save_result(result_of(round_, "A1.2"), Answer(finding=False), user=None)             # "không" in G, the rest blank
    ops.save_result(result_of(round_, "A1.3"), Answer(met={2: True, 3: True}), user=None)    # levels 2 and 3 met, no finding answer
    assert (levels_of(round_)["A1.2"], levels_of(round_)["A1.3"]) == (None, None)
    data = export(client, round_)
    a12, a13, a14 = (row_of(data, code) for code in ("A1.2", "A1.3", "A1.4"))
    data = edited(data, "Tiêu chí", {f"L{a12}": 3, f"L{a13}": 1, f"L{a14}": 5})

    preview = upload(client, round_, data).get_data(as_text=True)

    assert "Lưu 3 thay đổi" in preview and "tính được" not in preview
    assert client.post(f"/reports/rounds/{round_.id}/import/confirm").status_code == 302
    assert {code: levels_of(round_)[code] for code in ("A1.2", "A1.3", "A1.4")} == {"A1.2": 3, "A1.3": 1, "A1.4": 5}
    with fresh(app):
        a13_result = result_of(round_, "A1.3")
        assert (a13_result.finding_l1, a13_result.met) == (True, {2: True, 3: True, 4: None, 5: None})  # the finding it implies
        a12_result = result_of(round_, "A1.2")
        assert (a12_result.finding_l1, a12_result.met) == (False, {2: True, 3: True, 4: False, 5: None})


def test_a_level_that_contradicts_a_filled_answer_is_refused_naming_the_cell(client, auth, make):
    auth.login("quality")
    round_ = make.round()
    data = export(client, round_)
    row = row_of(data, "A1.2")
    before = levels_of(round_)

    page = upload(client, round_, edited(data, "Tiêu chí", {f"I{row}": "không", f"L{row}": 4})).get_data(as_text=True)

    assert f"Trang “Tiêu chí”, dòng {row}, cột L: mức 4 trái với các câu trả lời đã điền ở dòng này." in page
    assert "không có thay đổi nào được lưu" in page and levels_of(round_) == before


def test_partial_answers_without_a_level_leave_the_criterion_unanswered(client, auth, make):
    auth.login("quality")
    round_ = make.round()
    data = export(client, round_)
    row = row_of(data, "A1.2")

    plan = workbook.plan_import(round_, edited(data, "Tiêu chí", {f"G{row}": "không", f"H{row}": "có", f"J{row}": "có"}))

    assert [(c.code, c.new_level) for c in plan.changes] == [("A1.2", None)]


def test_a_criterion_with_sub_items_takes_its_level_from_the_sub_item_sheet(client, auth, make):
    make.sub_items("A1.1")  # SYNTHETIC test sub-items
    auth.login("quality")
    round_ = make.round()
    data = export(client, round_)
    row = row_of(data, "A1.1")

    page = upload(client, round_, edited(data, "Tiêu chí", {f"L{row}": 3})).get_data(as_text=True)

    assert (f"Trang “Tiêu chí”, dòng {row}, cột L: tiêu chí A1.1 có danh sách tiểu mục: mức được tính từ các câu trả lời "
            "ở trang “Tiểu mục” (tính được: chưa đủ câu trả lời).") in page
    answers = {f"E{i}": ("không" if i <= 4 else "đạt") for i in range(2, 13)} | {"E10": "không đạt"}  # item 9, level 4
    both = edited(edited(data, "Tiểu mục", answers), "Tiêu chí", {f"L{row}": 3})
    assert [(c.code, c.new_level) for c in workbook.plan_import(round_, both).changes] == [("A1.1", 3)]
