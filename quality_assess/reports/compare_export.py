"""Two rounds compared, out of the page: the chart (server-side SVG), the workbook (.xlsx) and the PDF.

All three read one `CompareReport` (reports/compare_report.py), so they show the same figures as the page:
the criteria the filters keep, grouped by part and chapter, and every chapter's means, gap A − B and counts.
"""
from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from typing import Any

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Spacer

from quality_assess.assessments.forms import KIND_CHOICES
from quality_assess.assessments.scoring import LEVELS, RoundSummary
from quality_assess.i18n import number, percent
from quality_assess.render import svg
from quality_assess.render.pdf import FONT, FONT_BOLD, PORTRAIT, build_pdf, national_header, para, place_date, styles, table
from quality_assess.render.xlsx import append
from quality_assess.reports.compare_report import CompareReport, Row

WIDTH = PORTRAIT[0] - 30 * mm
MEAN_FORMAT = "0.00"
SUMMARY_SHEET, CRITERIA_SHEET, CHAPTER_SHEET = "Tổng hợp", "Từng tiêu chí", "Theo chương"
CRITERIA_HEADER = ("Phần", "Chương", "Mã tiêu chí", "Tiêu chí / phần / chương", "A", "B", "Chênh lệch A − B")
CHAPTER_HEADER = ("Phần", "Chương", "Tên chương", "Điểm TB A", "Điểm TB B", "Chênh lệch A − B",
                  "A cao hơn B", "B cao hơn A", "Cùng mức", "Chưa so sánh được")


def series(report: CompareReport) -> tuple[str, str]:
    """The legend's names of the two rounds."""
    return f"A · {report.a.name} ({report.a.year})", f"B · {report.b.name} ({report.b.year})"


def charted(report: CompareReport) -> list[tuple[str, float | None, float | None]]:
    """Every chapter with a mean in at least one round (a chapter that applies in neither is left out, not drawn at 0)."""
    return [(c.code, c.mean_a, c.mean_b) for c in report.chapters if c.mean_a is not None or c.mean_b is not None]


def chart_svg(report: CompareReport, formatter: Callable[[float], str]) -> str:
    return svg.dumbbell_chart(charted(report), title=_("Điểm trung bình theo chương: A và B"), series=series(report),
                              formatter=formatter, names={c.code: c.name for c in report.chapters}, ident="compare-chart")


def signed(value: float | int | None, digits: int = 2) -> str:
    """A gap with its sign: +1,00, -0,50, 0,00; "—" for none."""
    if value is None:
        return "—"
    text = number(value, digits)
    return f"+{text}" if value > 0 else text


def level_text(level: int | None, na: bool) -> str:
    if na:
        return _("KAD")
    return str(level) if level else "—"


def _kind(kind: str) -> str:
    return str(dict(KIND_CHOICES).get(kind, kind))


# ---------------------------------------------------------------- workbook


def _cell_level(level: int | None, na: bool) -> int | str | None:
    return _("KAD") if na else level


def _bold_row(ws: Any) -> None:
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)


def _summary_rows(ws: Any, report: CompareReport) -> None:
    sa_, sb = report.comparison.summary_a, report.comparison.summary_b
    append(ws, [_("Chỉ số"), "A", "B"])
    _bold_row(ws)

    def line(label: str, value_of: Callable[[RoundSummary], Any], fmt: str | None = None) -> None:
        append(ws, [label, value_of(sa_), value_of(sb)])
        if fmt:
            for cell in ws[ws.max_row][1:]:
                cell.number_format = fmt

    line(_("Số tiêu chí áp dụng"), lambda s: s.applicable)
    line(_("Số tiêu chí đã có mức"), lambda s: s.answered)
    line(_("Tổng điểm có hệ số"), lambda s: s.total_weighted)
    line(_("Điểm trung bình chung"), lambda s: round(s.mean, 2) if s.mean is not None else None, MEAN_FORMAT)
    for n in LEVELS:
        append(ws, [_("Số tiêu chí đạt Mức %(n)s", n=n), sa_.levels[n].count, sb.levels[n].count])


def workbook(report: CompareReport) -> bytes:
    """Sheets "Tổng hợp" (both rounds, the filters, the counts in words, each part's gap), "Từng tiêu chí"
    (part and chapter rows, then their criteria, grouped one outline level below) and "Theo chương"."""
    wb = Workbook()
    ws = wb.active
    ws.title = SUMMARY_SHEET
    append(ws, [_("So sánh hai đợt đánh giá")])
    _bold_row(ws)
    append(ws, [_("Bệnh viện"), report.a.hospital.name])
    append(ws, [_("Đợt A"), report.a.name, report.a.year, _kind(report.a.kind)])
    append(ws, [_("Đợt B"), report.b.name, report.b.year, _kind(report.b.kind)])
    append(ws, [_("Bộ lọc"), report.filter_text()])
    append(ws, [])
    _summary_rows(ws, report)
    append(ws, [])
    for sentence in report.sentences():
        append(ws, [sentence])
    append(ws, [])
    append(ws, [_("Phần"), _("Điểm TB A"), _("Điểm TB B"), _("Chênh lệch A − B")])
    _bold_row(ws)
    for part in report.parts:
        append(ws, [f"{part.code} · {part.name}", part.mean_a, part.mean_b, part.gap])
        for cell in ws[ws.max_row][1:4]:
            cell.number_format = MEAN_FORMAT
    ws.column_dimensions["A"].width = 48
    ws.column_dimensions["B"].width = 28

    ws = wb.create_sheet(CRITERIA_SHEET)
    append(ws, list(CRITERIA_HEADER))
    _bold_row(ws)
    ws.freeze_panes = "A2"
    for part in report.parts:
        if not part.shown:
            continue
        append(ws, [part.code, None, None, part.name, part.mean_a, part.mean_b, part.gap])
        _bold_row(ws)
        for cell in ws[ws.max_row][4:7]:
            cell.number_format = MEAN_FORMAT
        for chapter in part.shown:
            append(ws, [part.code, chapter.code, None, chapter.name, chapter.mean_a, chapter.mean_b, chapter.gap])
            _bold_row(ws)
            for cell in ws[ws.max_row][4:7]:
                cell.number_format = MEAN_FORMAT
            for r in chapter.rows:
                append(ws, [part.code, chapter.code, r.code, r.title, _cell_level(r.level_a, r.na_a), _cell_level(r.level_b, r.na_b), r.gap])
                ws.row_dimensions[ws.max_row].outline_level = 1
    if not report.shown:
        append(ws, [None, None, None, _("Không có tiêu chí nào khớp bộ lọc.")])
    ws.column_dimensions["D"].width = 70

    ws = wb.create_sheet(CHAPTER_SHEET)
    append(ws, list(CHAPTER_HEADER))
    _bold_row(ws)
    ws.freeze_panes = "A2"
    for part in report.parts:
        for c in part.chapters:
            n = c.counts
            append(ws, [part.code, c.code, c.name, c.mean_a, c.mean_b, c.gap, n.a_higher, n.b_higher, n.equal, n.not_compared])
            for cell in ws[ws.max_row][3:6]:
                cell.number_format = MEAN_FORMAT
    ws.column_dimensions["C"].width = 60
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- PDF

PDF_COLOURS = tuple(colors.HexColor(c) for c in svg.SERIES_COLOURS)


def dumbbell_drawing(report: CompareReport) -> Drawing:
    """The page's chart drawn for the PDF: per chapter A (a circle) to B (a diamond), the gap at the right, a legend."""
    items = charted(report)
    row, legend_h, left, right, bottom = 15, 34, 40, 44, 18
    height = legend_h + row * max(len(items), 1) + bottom
    plot_w = WIDTH - left - right
    drawing = Drawing(WIDTH, height)
    colour_a, colour_b = PDF_COLOURS
    names = series(report)

    def x_of(value: float) -> float:
        return left + plot_w * min(max(value, 0), 5) / 5

    def y_of(i: int) -> float:  # reportlab's y runs upwards
        return height - legend_h - row * i - row / 2

    def diamond(x: float, y: float, r: float = 4.5) -> Polygon:
        return Polygon([x, y + r, x + r, y, x, y - r, x - r, y], fillColor=colour_b, strokeColor=colour_b)

    drawing.add(Circle(left + 4, height - 8, 4, fillColor=colour_a, strokeColor=colour_a))
    drawing.add(String(left + 14, height - 11, names[0], fontName=FONT, fontSize=8))
    drawing.add(diamond(left + 4, height - 22))
    drawing.add(String(left + 14, height - 25, names[1], fontName=FONT, fontSize=8))
    for tick in range(6):
        x = x_of(tick)
        drawing.add(Line(x, bottom, x, height - legend_h, strokeColor=colors.HexColor("#dde3ea"), strokeWidth=0.5))
        drawing.add(String(x, 6, str(tick), fontName=FONT, fontSize=7, textAnchor="middle", fillColor=colors.grey))
    drawing.add(String(WIDTH, height - legend_h + 2, "A − B", fontName=FONT, fontSize=7, textAnchor="end", fillColor=colors.grey))
    for i, (code, va, vb) in enumerate(items):
        y = y_of(i)
        drawing.add(String(left - 6, y - 3, code, fontName=FONT, fontSize=7.5, textAnchor="end"))
        if va is not None and vb is not None:
            drawing.add(Line(x_of(va), y, x_of(vb), y, strokeColor=colors.HexColor("#8a96a3"), strokeWidth=2))
        if va is not None:
            drawing.add(Circle(x_of(va), y, 4, fillColor=colour_a, strokeColor=colour_a))
        if vb is not None:
            drawing.add(diamond(x_of(vb), y))
        gap = None if va is None or vb is None else va - vb
        drawing.add(String(WIDTH, y - 3, signed(gap), fontName=FONT_BOLD, fontSize=7.5, textAnchor="end"))
    return drawing


def _criteria_rows(rows: list[Row]) -> list[list[Any]]:
    return [[r.code, r.title, level_text(r.level_a, r.na_a), level_text(r.level_b, r.na_b), signed(r.gap, 0)] for r in rows]


def pdf(report: CompareReport, *, author: str, today: date) -> bytes:
    """A portrait PDF: heading and date in the hospital's time, the two rounds, the filters, the results side by side,
    the counts in words, the chapter table and chart, then the criteria kept, by part and chapter.
    A "BẢN NHÁP" watermark until both rounds are locked."""
    st = styles()
    hospital = report.a.hospital
    story: list[Any] = [national_header(hospital.name, place_date(hospital.province, today), WIDTH), Spacer(1, 6 * mm)]
    story.append(para(_("SO SÁNH KẾT QUẢ HAI ĐỢT ĐÁNH GIÁ CHẤT LƯỢNG BỆNH VIỆN"), st["title"]))
    for label, r in (("A", report.a), ("B", report.b)):
        story.append(para(f"{label}: {r.name} — {_kind(r.kind)} — {r.year}", st["center"]))
    story.append(Spacer(1, 3 * mm))
    story.append(para(_("Bộ lọc: %(filters)s", filters=report.filter_text()), st["body"]))

    story.append(para(_("I. Kết quả chung"), st["h1"]))
    sa_, sb = report.comparison.summary_a, report.comparison.summary_b
    rows: list[list[Any]] = [[_("Chỉ số"), "A", "B"],
                             [_("Số tiêu chí áp dụng"), str(sa_.applicable), str(sb.applicable)],
                             [_("Tổng điểm có hệ số"), str(sa_.total_weighted), str(sb.total_weighted)],
                             [_("Điểm trung bình chung"), number(sa_.mean), number(sb.mean)]]
    rows += [[_("Số tiêu chí đạt Mức %(n)s", n=n), f"{sa_.levels[n].count} ({percent(sa_.levels[n].pct)})",
              f"{sb.levels[n].count} ({percent(sb.levels[n].pct)})"] for n in LEVELS]
    story.append(table(rows, [WIDTH * 0.5, WIDTH * 0.25, WIDTH * 0.25]))
    story.append(Spacer(1, 2 * mm))
    story += [para(sentence, st["body"]) for sentence in report.sentences()]

    story.append(para(_("II. Theo phần và chương"), st["h1"]))
    rows = [[_("Mã"), _("Phần / chương"), _("TB A"), _("TB B"), "A − B", _("A cao hơn"), _("B cao hơn"), _("Cùng mức"), _("Chưa so sánh")]]
    for part in report.parts:
        n = part.counts
        rows.append([para(x, st["cell_bold"]) for x in (part.code, part.name, number(part.mean_a), number(part.mean_b), signed(part.gap),
                                                       n.a_higher, n.b_higher, n.equal, n.not_compared)])
        rows += [[c.code, c.name, number(c.mean_a), number(c.mean_b), signed(c.gap), c.counts.a_higher, c.counts.b_higher,
                  c.counts.equal, c.counts.not_compared] for c in part.chapters]
    story.append(table(rows, [WIDTH * w for w in (0.07, 0.37, 0.07, 0.07, 0.08, 0.085, 0.085, 0.085, 0.085)]))
    story.append(Spacer(1, 4 * mm))
    story.append(para(_("Điểm trung bình theo chương: A và B"), st["h2"]))
    story.append(dumbbell_drawing(report))

    story.append(CondPageBreak(60 * mm))  # a heading is never left alone at the foot of a page
    story.append(para(_("III. Từng tiêu chí"), st["h1"]))
    if not report.shown:
        story.append(para(_("Không có tiêu chí nào khớp bộ lọc."), st["body"]))
    for part in report.parts:
        if not part.shown:
            continue
        story.append(CondPageBreak(40 * mm))
        story.append(para(f"{part.code}. {part.name}", st["h2"]))
        for chapter in part.shown:
            rows = [[_("Mã"), f"{chapter.code}. {chapter.name}", "A", "B", "A − B"], *_criteria_rows(chapter.rows)]
            story.append(table(rows, [WIDTH * w for w in (0.09, 0.67, 0.08, 0.08, 0.08)]))
            story.append(Spacer(1, 2 * mm))
    return build_pdf(
        story, title=_("So sánh kết quả hai đợt đánh giá — %(a)s / %(b)s", a=report.a.name, b=report.b.name), author=author,
        header=hospital.name, watermark=None if report.locked else _("BẢN NHÁP"),
    )
