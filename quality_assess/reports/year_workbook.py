"""The year-over-year table as an .xlsx workbook, written through render/xlsx (formula-safe):
a sheet of criteria (target, earlier levels, this level, change) and a sheet of the lists."""
from __future__ import annotations

import io

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from quality_assess.render.xlsx import append
from quality_assess.reports import year_over_year as yoy
from quality_assess.reports.years import YearReport

NA = "KAD"   # không áp dụng, as the round workbook and the pages print it


def _cell(level: yoy.Level) -> int | str | None:
    if not level.applicable:
        return NA
    return level.level


def _bold_row(ws) -> None:
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)


def plan_line(report: YearReport) -> str:
    plan = report.plan
    if plan is not None:
        return _("Mức mục tiêu: kế hoạch cải tiến năm %(year)s (số %(id)s), bổ sung bằng mục tiêu năm đã đặt.", year=plan["year"], id=plan["id"])
    if report.targets_year is not None:
        return _("Mức mục tiêu: mục tiêu năm %(year)s (chưa lập kế hoạch cải tiến).", year=report.targets_year)
    return _("Năm %(year)s chưa có kế hoạch cải tiến hay mục tiêu: không có mức mục tiêu.", year=report.round.year)


def render(report: YearReport) -> bytes:
    table, round_ = report.table, report.round
    wb = Workbook()
    ws = wb.active
    ws.title = _("Qua các năm")
    append(ws, [_("Bệnh viện"), round_.hospital.name])
    append(ws, [_("Đợt đánh giá"), f"{round_.name} ({round_.year})"])
    append(ws, [_("So với"), "; ".join(f"{p.name} ({p.year})" for p in report.previous) or _("Không có đợt trước")])
    append(ws, [plan_line(report)])
    append(ws, [])
    header = [_("Chương"), _("Mã"), _("Tiêu chí"), _("Mục tiêu"), *(f"{p.name} ({p.year})" for p in report.previous),
              f"{round_.name} ({round_.year})", _("Thay đổi"), _("Dưới mục tiêu")]
    append(ws, header)
    _bold_row(ws)
    header_row = ws.max_row
    for row in table.rows:
        append(ws, [row.chapter, row.code, report.titles.get(row.code, ""), row.target, *(_cell(e) for e in row.earlier),
                    _cell(row.current), row.change, _("Có") if row.below_target else ""])
    for letter, width in (("A", 9), ("B", 8), ("C", 60)):
        ws.column_dimensions[letter].width = width
    for cells in ws.iter_rows(min_row=header_row + 1, min_col=3, max_col=3):
        cells[0].alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = ws.cell(header_row + 1, 4)

    lists = wb.create_sheet(_("Danh sách"))
    append(lists, [_("Danh sách"), _("Số tiêu chí"), _("Mã tiêu chí")])
    _bold_row(lists)
    for label, rows in ((_("Tăng mức"), table.gained), (_("Giảm mức"), table.lost), (_("Giữ nguyên mức"), table.unchanged),
                        (_("Không so sánh được (không áp dụng hoặc chưa đánh giá)"), table.not_compared),
                        (_("Dưới mức mục tiêu"), table.below_target)):
        append(lists, [label, len(rows), ", ".join(r.code for r in rows)])
    lists.column_dimensions["A"].width = 50
    lists.column_dimensions["C"].width = 80
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
