"""The section "by responsible department" as the round report's documents print it: the ranked table
and the department × chapter heatmap as rows of text (PDF, Word), the workbook sheet "Theo khoa phòng",
and the colour of each band. The figures come from reports/departments.py (pure)."""
from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from openpyxl.styles import Font, PatternFill
from reportlab.lib import colors
from reportlab.platypus import TableStyle

from quality_assess.assessments.scoring import LEVELS
from quality_assess.i18n import number
from quality_assess.render import docx, pdf
from quality_assess.render.xlsx import append
from quality_assess.reports.departments import Cell, DepartmentReport, DepartmentRow

SHEET = "Theo khoa phòng"
MEAN_FORMAT = "0.00"
# Light tints of the level colours (static/css/app.css --l1 … --l5), dark enough to tell apart and
# light enough for the black number printed in every cell: colour is never the only cue.
BAND_COLOURS = {1: "#f5b7b1", 2: "#f8c9a0", 3: "#fbe79a", 4: "#c5e1a5", 5: "#81c784"}
NO_MEAN_COLOUR = "#e3e7ec"


def title() -> str:
    return _("Kết quả theo khoa/phòng phụ trách")


def rule() -> str:
    """How the mean and the rank are made, printed under the table."""
    return _("Điểm trung bình có hệ số của các tiêu chí áp dụng đã có mức, cùng cách tính với kết quả chung. "
             "Xếp hạng theo điểm trung bình từ cao xuống thấp; bằng điểm thì cùng hạng; khoa/phòng chưa có điểm "
             "không được xếp hạng và đứng sau; các tiêu chí chưa phân công khoa/phòng chủ trì đứng cuối.")


def none_assigned() -> str:
    return _("Chưa có tiêu chí nào được phân công khoa/phòng chủ trì trong đợt này.")


def heatmap_title() -> str:
    return _("Điểm trung bình theo khoa/phòng và chương")


def heatmap_note() -> str:
    return _("Mỗi ô: điểm trung bình và (số tiêu chí) của khoa/phòng trong chương; ô trống: không có tiêu chí.")


def name(row: DepartmentRow) -> str:
    return row.name if row.name is not None else _("Chưa phân công")


def header() -> list[str]:
    return [_("Hạng"), _("Khoa/phòng chủ trì"), _("Số tiêu chí"), _("Điểm trung bình"), _("Mức 1"), _("Mức 2"), _("Chưa đánh giá")]


def table_rows(report: DepartmentReport) -> list[list[str]]:
    """The ranked table with its header, numbers in the reader's locale (3,60)."""
    rows = [header()]
    rows += [[str(r.rank) if r.rank else "—", name(r), str(r.criteria), number(r.mean), str(r.level_1), str(r.level_2), str(r.unanswered)]
             for r in report.rows]
    return rows


def cell_text(cell: Cell | None, separator: str = " ") -> str:
    """"3,50 (3)": the mean and the number of criteria; empty when the department has none in the chapter."""
    if cell is None:
        return ""
    return f"{number(cell.mean)}{separator}({cell.criteria})"


def heatmap_rows(report: DepartmentReport, separator: str = " ") -> list[list[str]]:
    rows = [[_("Khoa/phòng chủ trì"), *report.chapters]]
    rows += [[name(r), *(cell_text(r.chapters.get(c), separator) for c in report.chapters)] for r in report.rows]
    return rows


def colour(cell: Cell | None) -> str | None:
    """The fill of a heatmap cell ("#rrggbb"), None for an empty one."""
    if cell is None:
        return None
    return BAND_COLOURS[cell.band] if cell.band else NO_MEAN_COLOUR


def colours(report: DepartmentReport) -> list[tuple[int, int, str]]:
    """(row, column, colour) of every filled heatmap cell, indexes into heatmap_rows (header row 0, name column 0)."""
    out = []
    for i, r in enumerate(report.rows, start=1):
        for j, chapter in enumerate(report.chapters, start=1):
            fill = colour(r.chapters.get(chapter))
            if fill:
                out.append((i, j, fill))
    return out


def legend() -> list[tuple[str, str]]:
    """(css class, label) of each band, lowest first, then the cells without a mean."""
    items = [(f"band-{n}", _("Từ %(low)s đến dưới %(high)s", low=number(n), high=number(n + 1))) for n in LEVELS[:-1]]
    items.append((f"band-{LEVELS[-1]}", number(LEVELS[-1])))
    items.append(("band-none", _("Chưa có điểm")))
    return items


def legend_colours() -> list[str]:
    """The fill of each legend item, in legend() order."""
    return [BAND_COLOURS[n] for n in LEVELS] + [NO_MEAN_COLOUR]


def write_sheet(wb: Any, report: DepartmentReport) -> None:
    """The sheet "Theo khoa phòng": the ranked table, then the mean and the count per department and
    chapter. Numbers stay numbers (a number format prints 3,60 in a Vietnamese Excel); every text goes
    through render.xlsx.append, so a department named "=…" stays text."""
    ws = wb.create_sheet(SHEET)
    bold = Font(bold=True)
    append(ws, [title()])
    ws.cell(ws.max_row, 1).font = bold
    append(ws, header())
    for cell in ws[ws.max_row]:
        cell.font = bold
    for r in report.rows:
        append(ws, [r.rank, name(r), r.criteria, r.mean, r.level_1, r.level_2, r.unanswered])
        ws.cell(ws.max_row, 4).number_format = MEAN_FORMAT
    append(ws, [rule()])
    matrices = ((heatmap_title(), True), (_("Số tiêu chí theo khoa/phòng và chương"), False))
    for heading, means in matrices:
        append(ws, [])
        append(ws, [heading])
        ws.cell(ws.max_row, 1).font = bold
        append(ws, [_("Khoa/phòng chủ trì"), *report.chapters])
        for cell in ws[ws.max_row]:
            cell.font = bold
        for r in report.rows:
            cells = [r.chapters.get(c) for c in report.chapters]
            append(ws, [name(r), *(None if c is None else (c.mean if means else c.criteria) for c in cells)])
            if means:
                for j, c in enumerate(cells, start=2):
                    fill = colour(c)
                    if fill:
                        ws.cell(ws.max_row, j).fill = PatternFill(fill_type="solid", start_color=fill[1:].upper())
                        ws.cell(ws.max_row, j).number_format = MEAN_FORMAT
    ws.column_dimensions["A"].width = ws.column_dimensions["B"].width = 32


def pdf_section(report: DepartmentReport, st: dict, width: float) -> list[Any]:
    """The section for the PDF's landscape pages: the ranked table, the rule, the heatmap with its note."""
    story: list[Any] = [pdf.para(title(), st["h2"])]
    if not report.assigned:
        return story + [pdf.para(none_assigned(), st["body"])]
    story.append(pdf.table(table_rows(report), [width * w for w in (0.06, 0.4, 0.1, 0.12, 0.08, 0.08, 0.16)]))
    story.append(pdf.para(rule(), st["small"]))
    story.append(pdf.para(heatmap_title(), st["h2"]))
    first = 0.16
    rest = (1 - first) / max(len(report.chapters), 1)
    grid = pdf.table(heatmap_rows(report, "\n"), [width * first] + [width * rest] * len(report.chapters), cell_style=st["small"])
    grid.setStyle(TableStyle([("BACKGROUND", (j, i), (j, i), colors.HexColor(fill)) for i, j, fill in colours(report)]))
    story.append(grid)
    story.append(pdf.para(heatmap_note(), st["small"]))
    labels = legend()
    key = pdf.table([[label for _css, label in labels]], [width / len(labels)] * len(labels), header_rows=0, cell_style=st["small"])
    key.setStyle(TableStyle([("BACKGROUND", (j, 0), (j, 0), colors.HexColor(fill)) for j, fill in enumerate(legend_colours())]))
    story.append(key)
    return story


def docx_section(doc: Any, report: DepartmentReport) -> None:
    """The same section in the Word report (landscape pages): two real tables, the heatmap's cells shaded."""
    docx.heading(doc, title(), level=2)
    if not report.assigned:
        docx.paragraph(doc, none_assigned())
        return
    docx.table(doc, table_rows(report), (0.06, 0.4, 0.1, 0.12, 0.08, 0.08, 0.16), size=10)
    docx.paragraph(doc, rule(), italic=True, size=10)
    docx.heading(doc, heatmap_title(), level=2)
    first = 0.16
    rest = (1 - first) / max(len(report.chapters), 1)
    grid = docx.table(doc, heatmap_rows(report, "\n"), [first] + [rest] * len(report.chapters), size=8)
    for i, j, fill in colours(report):
        docx.shade(grid.rows[i].cells[j], fill)
    docx.paragraph(doc, heatmap_note(), italic=True, size=10)
    labels = legend()
    key = docx.table(doc, [[label for _css, label in labels]], [1 / len(labels)] * len(labels), header_rows=0, size=9)
    for j, fill in enumerate(legend_colours()):
        docx.shade(key.rows[0].cells[j], fill)
