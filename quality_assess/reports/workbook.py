"""A round as an .xlsx workbook and back: export, then import a filled copy (all or nothing).

Sheets: "Kết quả" (the result block, not read back), "Tiêu chí" (the 83 criteria with their answers),
"Tiểu mục" (sub-item answers, when a sub-item list is loaded), "Theo khoa phòng" (results by lead
department, reports/department_tables.py; not read back). Every bad cell is named by sheet, row
and column, in Vietnamese.
"""
from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from quality_assess.assessments import scoring
from quality_assess.assessments.models import Result, Round
from quality_assess.assessments.operations import Answer, save_result, stored_items, summarize_round
from quality_assess.assessments.rules import ensure_editable
from quality_assess.auth.models import User
from quality_assess.catalog.models import Chapter, Criterion
from quality_assess.database import db
from quality_assess.domain import ValidationError
from quality_assess.i18n import N_
from quality_assess.render.xlsx import append, open_workbook, untext
from quality_assess.reports import department_tables
from quality_assess.reports.content import department_report

RESULT_SHEET, CRITERIA_SHEET, ITEMS_SHEET = "Kết quả", "Tiêu chí", "Tiểu mục"
CRITERIA_HEADER = ("Phần", "Chương", "Mã tiêu chí", "Tiêu chí", "Không áp dụng", "Lý do không áp dụng",
                   "Có phát hiện mức 1", "Đạt mức 2", "Đạt mức 3", "Đạt mức 4", "Đạt mức 5", "Mức", "Ghi chú")
ITEMS_HEADER = ("Mã tiêu chí", "Mã tiểu mục", "Mức", "Nội dung", "Trả lời")
COL = {name: i + 1 for i, name in enumerate(CRITERIA_HEADER)}
YES, NO = "có", "không"
ITEM_LABELS = {scoring.PRESENT: "có", scoring.ABSENT: "không", scoring.MET: "đạt", scoring.UNMET: "không đạt", scoring.NA: "không áp dụng"}
MEAN_FORMAT, PCT_FORMAT = "0.00", "0.0"   # the mean with two decimals, percentages (0–100) with one


# What a criterion row and its sub-item rows print, loaded in three queries (one per criterion was 280).
ROW_LOADING = (
    joinedload(Result.criterion).options(joinedload(Criterion.chapter).joinedload(Chapter.part), selectinload(Criterion.sub_items)),
    selectinload(Result.item_answers),
)


def _yes_no(value: bool | None) -> str:
    return "" if value is None else (YES if value else NO)


# ---------------------------------------------------------------- export


def _header(ws: Any, names: tuple[str, ...]) -> None:
    append(ws, list(names))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"


def export_round(round_: Round) -> bytes:
    summary = summarize_round(round_)
    wb = Workbook()
    ws = wb.active
    ws.title = RESULT_SHEET
    append(ws, [_("Bệnh viện"), round_.hospital.name])
    append(ws, [_("Đợt đánh giá"), round_.name])
    append(ws, [_("Năm"), round_.year])
    append(ws, [_("Số tiêu chí áp dụng"), summary.applicable, summary.criteria])
    append(ws, [_("Tỷ lệ tiêu chí áp dụng (%)"), round(summary.applicable_pct, 1)])
    append(ws, [_("Tổng điểm"), summary.total])
    append(ws, [_("Tổng điểm có hệ số"), summary.total_weighted])
    append(ws, [_("Điểm trung bình chung"), round(summary.mean, 2) if summary.mean is not None else None])
    for n in scoring.LEVELS:
        append(ws, [_("Mức %(n)s: số tiêu chí, tỷ lệ (%%)", n=n), summary.levels[n].count, round(summary.levels[n].pct, 1)])
    # Numbers stay numbers with a number format: Excel prints the decimal separator of the reader's
    # locale (3,60 in a Vietnamese Excel, 3.60 in an English one), and sums still work.
    ws["B5"].number_format = PCT_FORMAT
    ws["B8"].number_format = MEAN_FORMAT
    for row in range(9, 9 + len(scoring.LEVELS)):
        ws.cell(row, 3).number_format = PCT_FORMAT
    ws.column_dimensions["A"].width = 40

    ws = wb.create_sheet(CRITERIA_SHEET)
    _header(ws, CRITERIA_HEADER)
    results = db.session.scalars(
        sa.select(Result).join(Criterion).where(Result.round_id == round_.id).order_by(Criterion.position)
        .options(*ROW_LOADING)
    ).all()
    for r in results:
        c = r.criterion
        append(ws, [c.chapter.part.code, c.chapter.code, c.code, c.title, YES if r.not_applicable else "", r.na_reason,
                   _yes_no(r.finding_l1), *(_yes_no(r.met[n]) for n in scoring.UPPER_LEVELS), r.level, r.note])
    for letter, width in (("D", 60), ("F", 30), ("M", 40)):
        ws.column_dimensions[letter].width = width
    for row in ws.iter_rows(min_row=2, min_col=4, max_col=4):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")

    if any(r.criterion.sub_items for r in results):
        ws = wb.create_sheet(ITEMS_SHEET)
        _header(ws, ITEMS_HEADER)
        for r in results:
            answers = {a.sub_item_id: a.value for a in r.item_answers}
            for item in r.criterion.sub_items:
                append(ws, [r.criterion.code, item.code, item.level, item.text, ITEM_LABELS.get(answers.get(item.id, ""), "")])
        ws.column_dimensions["D"].width = 60
    department_tables.write_sheet(wb, department_report(round_))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- import


@dataclass(frozen=True)
class CellError:
    sheet: str
    row: int
    column: str
    text: str

    def __str__(self) -> str:
        return _("Trang “%(sheet)s”, dòng %(row)s, cột %(column)s: %(text)s", sheet=self.sheet, row=self.row, column=self.column, text=self.text)


class WorkbookInvalid(ValidationError):
    """The workbook has bad cells; nothing was changed."""

    def __init__(self, errors: list[CellError]) -> None:
        super().__init__(N_("Tệp Excel có %(count)s lỗi; không có thay đổi nào được lưu."), count=len(errors))
        self.errors = errors


@dataclass(frozen=True)
class PlannedChange:
    result_id: int
    code: str
    old_level: int | None
    new_level: int | None
    old_na: bool
    new_na: bool
    answer: Answer


@dataclass
class ImportPlan:
    round_id: int
    changes: list[PlannedChange] = field(default_factory=list)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return untext(unicodedata.normalize("NFC", str(value)).strip())


def read_workbook(data: bytes) -> Any:
    """Open uploaded bytes through the spreadsheet guard (render.xlsx): size caps, then streamed read-only."""
    return open_workbook(data)


class _Reader:
    """Reads the cells of one sheet, collecting every bad one."""

    def __init__(self, sheet: str, errors: list[CellError]) -> None:
        self.sheet, self.errors = sheet, errors

    def error(self, row: int, col: int, text: str) -> None:
        self.errors.append(CellError(self.sheet, row, get_column_letter(col), text))

    def yes_no(self, value: Any, row: int, col: int) -> bool | None:
        text = _text(value).lower()
        if not text:
            return None
        if text in {YES, "x", "1", "true"}:
            return True
        if text in {NO, "0", "false"}:
            return False
        self.error(row, col, _("giá trị “%(value)s” không hợp lệ (chấp nhận: có, không hoặc để trống).", value=_text(value)))
        return None

    def level(self, value: Any, row: int, col: int) -> int | None:
        text = _text(value)
        if not text:
            return None
        if text.isascii() and text.isdigit() and int(text) in scoring.LEVELS:
            return int(text)
        self.error(row, col, _("mức “%(value)s” không hợp lệ (chấp nhận: 1 đến 5 hoặc để trống).", value=text))
        return None


def _check_header(ws: Any, expected: tuple[str, ...], reader: _Reader) -> bool:
    found = [_text(c) for c in next(ws.iter_rows(min_row=1, max_row=1, values_only=True), ())]
    ok = True
    for i, name in enumerate(expected, start=1):
        if (found[i - 1] if i <= len(found) else "") != name:
            reader.error(1, i, _("tiêu đề cột phải là “%(name)s”.", name=name))
            ok = False
    return ok


def _read_items(wb: Any, criteria: dict[str, Criterion], errors: list[CellError]) -> dict[str, dict[str, str | None]]:
    """criterion code → {sub-item code: value} from the "Tiểu mục" sheet (empty when absent)."""
    if ITEMS_SHEET not in wb.sheetnames:
        return {}
    ws, reader = wb[ITEMS_SHEET], _Reader(ITEMS_SHEET, errors)
    if not _check_header(ws, ITEMS_HEADER, reader):
        return {}
    labels = {label: value for value, label in ITEM_LABELS.items()}
    items_by_code = {s.code: s for c in criteria.values() for s in c.sub_items}
    out: dict[str, dict[str, str | None]] = {}
    for row_no, row in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        cells = [_text(v) for v in row[: len(ITEMS_HEADER)]] + [""] * (len(ITEMS_HEADER) - len(row))
        if not any(cells):
            continue
        code, answer = cells[1], cells[4].lower()
        item = items_by_code.get(code)
        if item is None:
            reader.error(row_no, 2, _("không có tiểu mục mã “%(code)s” trong danh sách đã nạp.", code=code))
            continue
        value = labels.get(answer) if answer else None
        allowed = ("có", "không") if item.level == 1 else ("đạt", "không đạt", "không áp dụng")
        if answer and answer not in allowed:
            reader.error(row_no, 5, _("giá trị “%(value)s” không hợp lệ cho tiểu mục mức %(level)s (chấp nhận: %(allowed)s hoặc để trống).",
                                      value=cells[4], level=item.level, allowed=", ".join(allowed)))
            continue
        out.setdefault(item.criterion.code, {})[code] = value
    return out


def _unchanged(result: Result, answer: Answer) -> bool:
    if answer.not_applicable or result.not_applicable:
        return answer.not_applicable == result.not_applicable and answer.na_reason == result.na_reason and answer.note == result.note
    if answer.items is not None:
        current = {a.sub_item.code: a.value for a in result.item_answers}
        same_items = all(current.get(code) == value for code, value in answer.items.items())
        return same_items and answer.note == result.note
    return (answer.finding == result.finding_l1 and all(answer.met.get(n) == result.met[n] for n in scoring.UPPER_LEVELS)
            and answer.note == result.note)


def plan_import(round_: Round, data: bytes) -> ImportPlan:
    """What the workbook would change in the round (old → new level), or WorkbookInvalid."""
    ensure_editable(round_)
    wb = read_workbook(data)
    try:
        return _plan(round_, wb)
    finally:
        wb.close()


def _plan(round_: Round, wb: Any) -> ImportPlan:
    errors: list[CellError] = []
    if CRITERIA_SHEET not in wb.sheetnames:
        raise WorkbookInvalid([CellError(CRITERIA_SHEET, 1, "A", _("thiếu trang “%(sheet)s” (trang có: %(found)s).",
                                                                  sheet=CRITERIA_SHEET, found=", ".join(wb.sheetnames)))])
    ws, reader = wb[CRITERIA_SHEET], _Reader(CRITERIA_SHEET, errors)
    if not _check_header(ws, CRITERIA_HEADER, reader):
        raise WorkbookInvalid(errors)
    results = {r.criterion.code: r for r in db.session.scalars(
        sa.select(Result).join(Criterion).join(Chapter).where(Result.round_id == round_.id).order_by(Criterion.position))}
    criteria = {code: r.criterion for code, r in results.items()}
    items = _read_items(wb, criteria, errors)
    plan, seen = ImportPlan(round_.id), set()
    for row_no, row in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        row = tuple(row) + (None,) * (len(CRITERIA_HEADER) - len(row))
        if not any(_text(v) for v in row):
            continue
        code = _text(row[COL["Mã tiêu chí"] - 1])
        result = results.get(code)
        if result is None:
            reader.error(row_no, COL["Mã tiêu chí"], _("không có tiêu chí mã “%(code)s” trong đợt đánh giá.", code=code))
            continue
        if code in seen:
            reader.error(row_no, COL["Mã tiêu chí"], _("tiêu chí %(code)s xuất hiện hai lần.", code=code))
            continue
        seen.add(code)
        answer = _read_answer(reader, row_no, row, result, items.get(code))
        if answer is not None and not _unchanged(result, answer):
            new_level = None if answer.not_applicable else (
                scoring.level_from_items(_item_pairs(result.criterion, answer.items)) if answer.items is not None
                else scoring.level_from_answers(answer.finding, answer.met))
            plan.changes.append(PlannedChange(result.id, code, result.level, new_level, result.not_applicable, answer.not_applicable, answer))
    if errors:
        raise WorkbookInvalid(errors)
    return plan


def _item_pairs(criterion: Criterion, items: dict[str, str | None]) -> list[tuple[int, str | None]]:
    return [(s.level, items.get(s.code)) for s in criterion.sub_items]


def _read_answer(reader: _Reader, row_no: int, row: tuple, result: Result, items: dict[str, str | None] | None) -> Answer | None:
    """One criterion row as an Answer (None when a cell of it is bad)."""
    before = len(reader.errors)
    na = reader.yes_no(row[COL["Không áp dụng"] - 1], row_no, COL["Không áp dụng"])
    reason = _text(row[COL["Lý do không áp dụng"] - 1])
    note = _text(row[COL["Ghi chú"] - 1])
    level = reader.level(row[COL["Mức"] - 1], row_no, COL["Mức"])
    if na:
        if not reason:
            reader.error(row_no, COL["Lý do không áp dụng"], _("cần ghi lý do khi tiêu chí không áp dụng."))
        return Answer(not_applicable=True, na_reason=reason, note=note) if len(reader.errors) == before else None
    criterion = result.criterion
    if criterion.sub_items:
        # The level of a criterion with sub-items comes from its items (the "Tiểu mục" sheet); "Mức" is only checked.
        current = stored_items(result)
        answer = Answer(items={s.code: (items if items is not None else current).get(s.code) for s in criterion.sub_items}, note=note)
        computed = scoring.level_from_items(_item_pairs(criterion, answer.items))  # type: ignore[arg-type]
        if len(reader.errors) > before:
            return None
        if level is not None and computed != level:
            reader.error(row_no, COL["Mức"], _(
                "tiêu chí %(code)s có danh sách tiểu mục: mức được tính từ các câu trả lời ở trang “%(sheet)s” (tính được: %(computed)s). "
                "Hãy trả lời các tiểu mục ở trang đó, hoặc để trống cột “Mức”.",
                code=criterion.code, sheet=ITEMS_SHEET, computed=computed if computed is not None else _("chưa đủ câu trả lời")))
            return None
        return answer
    finding = reader.yes_no(row[COL["Có phát hiện mức 1"] - 1], row_no, COL["Có phát hiện mức 1"])
    met = {n: reader.yes_no(row[COL[f"Đạt mức {n}"] - 1], row_no, COL[f"Đạt mức {n}"]) for n in scoring.UPPER_LEVELS}
    if len(reader.errors) > before:
        return None
    if level is not None:
        # "Mức" alone (or with some answers): the answers it decides fill the empty cells; a filled one must agree.
        completed = scoring.answers_for_level(level, finding, met)
        if completed is None:
            computed = scoring.level_from_answers(finding, met)
            reader.error(row_no, COL["Mức"], _("mức %(level)s không khớp với các câu trả lời của dòng này (tính được: %(computed)s).",
                                              level=level, computed=computed) if computed is not None else
                         _("mức %(level)s trái với các câu trả lời đã điền ở dòng này.", level=level))
            return None
        finding, met = completed.finding, dict(completed.met)
    return Answer(finding=finding, met=met, note=note)


def apply_import(round_: Round, plan: ImportPlan, *, user: User | None) -> int:
    """Save every planned change in the request's one transaction: a refusal rolls everything back."""
    ensure_editable(round_, user)
    for change in plan.changes:
        result = db.session.get(Result, change.result_id)
        if result is None or result.round_id != round_.id:
            raise ValidationError("Dữ liệu đợt đánh giá đã thay đổi; hãy tải tệp lên lại.")
        save_result(result, change.answer, user=user)
    return len(plan.changes)
