"""Re-importing the official sub-item list scores the rounds again (issue #12, "Scores").

When a criterion's items change, every round that is not locked gets its stored level recomputed from its
answers; one whose answers no longer decide a level needs answers; a locked round keeps its levels and
snapshot. After every import a walk over every result finds no stored level that disagrees with its
answers. All sub-items here are SYNTHETIC (tests.builders.synthetic_rows), on both databases.
"""
from __future__ import annotations

import io
import re

import sqlalchemy as sa

from quality_assess.assessments import operations, scoring
from quality_assess.assessments.models import Result, Round
from quality_assess.assessments.operations import Answer
from quality_assess.history.models import ChangeLog
from tests.assessments.conftest import levels_answer, result_of
from tests.builders import steps, synthetic_rows
from tests.catalog.files import csv_bytes
from tests.conftest import fresh, scalars

ops = steps(operations)

A11_LEVEL_3 = {**{f"A1.1-1.{n}": "absent" for n in (1, 2, 3)}, **{f"A1.1-2.{n}": "met" for n in (4, 5, 6)},
               "A1.1-3.7": "met", "A1.1-3.8": "met", "A1.1-4.9": "unmet", "A1.1-4.10": "met", "A1.1-5.11": "met"}
A12_LEVEL_3 = {code.replace("A1.1", "A1.2"): value for code, value in A11_LEVEL_3.items()}


def first_list() -> list[dict]:
    return synthetic_rows(["A1.1", "A1.2"])


def second_list() -> list[dict]:
    """A1.1 gains a level-3 item; A1.2 loses its unmet level-4 item; A1.3 gets its items for the first time."""
    rows = [r for r in first_list() if r["ma_tieu_muc"] != "A1.2-4.9"] + synthetic_rows(["A1.3"])
    extra = dict(rows[0], muc=3, ma_tieu_muc="A1.1-3.12", tieu_muc="Tiểu mục giả lập A1.1-3.12 (dữ liệu thử nghiệm)")
    return rows + [extra]


def import_list(runner, tmp_path, rows: list[dict]) -> str:
    path = tmp_path / "tieu-muc.csv"
    path.write_bytes(csv_bytes(rows))
    outcome = runner.invoke(args=["catalog", "import-items", str(path)])
    assert outcome.exit_code == 0, outcome.output
    return outcome.output


def disagreements(app) -> list[str]:
    """Every result whose stored level (or per-level answers) is not what its answers give now."""
    wrong = []
    with fresh(app) as session:
        for result in session.scalars(sa.select(Result).join(Round, Result.round_id == Round.id).where(Round.status != "locked")):
            items = result.criterion.sub_items
            if items:
                values = {a.sub_item_id: a.value for a in result.item_answers}
                answers = scoring.answers_from_items((s.level, values.get(s.id)) for s in items)
                if (result.finding_l1, result.met) != (answers.finding, dict(answers.met)):
                    wrong.append(f"{result.round_id}/{result.criterion.code}: answers")
            expected = None if result.not_applicable else scoring.level_from_answers(result.finding_l1, result.met)
            if result.level != expected:
                wrong.append(f"{result.round_id}/{result.criterion.code}: {result.level} ≠ {expected}")
    return wrong


def levels(app, round_) -> dict[str, int | None]:
    with fresh(app) as session:
        return {r.criterion.code: r.level for r in session.scalars(sa.select(Result).where(Result.round_id == round_.id))}


def test_a_re_import_rescores_open_rounds_and_leaves_locked_ones(app, runner, make, tmp_path):
    import_list(runner, tmp_path, first_list())
    office = make.user("quality")
    draft, submitted, locked = make.round(name="Nháp"), make.round(name="Đã nộp"), make.round(name="Đã khóa")
    for round_ in (draft, submitted, locked):
        ops.save_result(result_of(round_, "A1.1"), Answer(items=A11_LEVEL_3), user=office)
        ops.save_result(result_of(round_, "A1.2"), Answer(items=A12_LEVEL_3), user=office)
        ops.save_result(result_of(round_, "A1.3"), levels_answer(4), user=office)
    ops.set_round_status(submitted, "submitted", user=office, override_reason="Thử nghiệm: nộp khi chưa duyệt đủ")
    ops.set_round_status(locked, "submitted", user=office, override_reason="Thử nghiệm: nộp khi chưa duyệt đủ")
    ops.set_round_status(locked, "locked", user=office)
    locked_before, snapshot_before = levels(app, locked), scalars(app, sa.select(Round.snapshot).where(Round.id == locked.id))
    assert {code: levels(app, draft)[code] for code in ("A1.1", "A1.2", "A1.3")} == {"A1.1": 3, "A1.2": 3, "A1.3": 4}
    assert disagreements(app) == []

    output = import_list(runner, tmp_path, second_list())

    for round_ in (draft, submitted):
        now = levels(app, round_)
        assert now["A1.1"] is None      # the new level-3 item is unanswered: 2 or 3, undecided
        assert now["A1.2"] == 5         # its only unmet item was retired
        assert now["A1.3"] is None      # answered per level, now it has items nobody has answered
    assert levels(app, locked) == locked_before
    assert scalars(app, sa.select(Round.snapshot).where(Round.id == locked.id)) == snapshot_before
    assert disagreements(app) == []
    assert "Đã tính lại mức của 6 kết quả" in output and "4 tiêu chí không còn đủ câu trả lời" in output
    trail = scalars(app, sa.select(ChangeLog).where(ChangeLog.round_id == draft.id, ChangeLog.field == "level").order_by(ChangeLog.id))
    assert sorted((row.criterion_code, row.old, row.new) for row in trail[-3:]) == [("A1.1", "3", None), ("A1.2", "3", "5"), ("A1.3", "4", None)]

    ops.save_result(result_of(draft, "A1.1"), Answer(items={**A11_LEVEL_3, "A1.1-3.12": "met"}), user=office)
    assert levels(app, draft)["A1.1"] == 3
    import_list(runner, tmp_path, first_list())  # back to the first list: A1.1-3.12 retired, A1.2-4.9 back, A1.3 retired
    assert disagreements(app) == []
    assert {code: levels(app, draft)[code] for code in ("A1.1", "A1.2", "A1.3")} == {"A1.1": 3, "A1.2": 3, "A1.3": None}
    assert levels(app, locked) == locked_before


def test_a_re_import_through_the_web_shows_which_criteria_need_answers(app, client, auth, make, runner, tmp_path):
    import_list(runner, tmp_path, first_list())
    round_ = make.round()
    ops.save_result(result_of(round_, "A1.1"), Answer(items=A11_LEVEL_3), user=None)
    auth.login("admin", installation_role="admin")

    preview = client.post("/catalog/import", data={"file": (io.BytesIO(csv_bytes(second_list())), "tieu-muc.csv")},
                          content_type="multipart/form-data").get_data(as_text=True)
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', preview).group(1)
    done = client.post("/catalog/import/confirm", data={"token": token, "filename": "tieu-muc.csv"}, follow_redirects=True)

    assert "Đã tính lại mức của 1 kết quả trong các đợt đánh giá chưa khóa; 1 tiêu chí không còn đủ câu trả lời" in done.get_data(as_text=True)
    assert disagreements(app) == []
    auth.login("quality")
    unanswered = client.get(f"/rounds/{round_.id}?level=unanswered").get_data(as_text=True)
    assert f'href="/rounds/{round_.id}/criteria/A1.1"' in unanswered
    page = client.get(f"/rounds/{round_.id}/criteria/A1.1").get_data(as_text=True)
    assert "A1.1-3.12" in page and "Chưa đủ câu trả lời" in page
    assert 'name="item-A1.1-3.7" value="met" data-level="3" checked' in page  # the answers given are kept
