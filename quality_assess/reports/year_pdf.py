"""The year-over-year table as a printable PDF (A4 landscape): the national heading, which rounds and
which plan were read, the lists with their counts, and the table grouped by chapter."""
from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from quality_assess.render import pdf
from quality_assess.reports import year_over_year as yoy
from quality_assess.reports.year_workbook import plan_line
from quality_assess.reports.years import YearReport

WIDTH = pdf.LANDSCAPE[0] - 30 * mm


def _level(level: yoy.Level) -> str:
    if not level.applicable:
        return _("KAD")
    return str(level.level) if level.level is not None else "—"


def _change(row: yoy.Row) -> str:
    change = row.change
    return "—" if change is None else f"{change:+d}" if change else "0"


def render(report: YearReport, *, author: str, today: date) -> bytes:
    st = pdf.styles()
    round_, table = report.round, report.table
    hospital = round_.hospital
    title = _("KẾT QUẢ QUA CÁC NĂM VÀ SO VỚI KẾ HOẠCH")
    story: list[Any] = [
        pdf.national_header(hospital.name, pdf.place_date(hospital.province, today), WIDTH), Spacer(1, 6 * mm),
        pdf.para(title, st["title"]),
        pdf.para(f"{round_.name} ({round_.year})", st["center"]),
        pdf.para(_("So với") + ": " + ("; ".join(f"{p.name} ({p.year})" for p in report.previous) or _("Không có đợt trước")), st["body"]),
        pdf.para(plan_line(report), st["body"]),
        pdf.para(_("Tiêu chí không áp dụng hoặc chưa đánh giá ở một trong hai đợt không được tính là thay đổi."), st["small"]),
        Spacer(1, 3 * mm),
    ]
    lists = [(_("Tăng mức"), table.gained), (_("Giảm mức"), table.lost), (_("Giữ nguyên mức"), table.unchanged),
             (_("Dưới mức mục tiêu"), table.below_target)]
    story.append(pdf.table([[_("Danh sách"), _("Số tiêu chí"), _("Mã tiêu chí")]]
                           + [[label, str(len(rows)), ", ".join(r.code for r in rows)] for label, rows in lists],
                           [WIDTH * 0.2, WIDTH * 0.1, WIDTH * 0.7]))
    story.append(pdf.para(_("Từng tiêu chí theo chương"), st["h1"]))
    earlier = [f"{p.name} ({p.year})" for p in report.previous]
    header = [_("Mã"), _("Tiêu chí"), _("Mục tiêu"), *earlier, f"{round_.name} ({round_.year})", _("Thay đổi")]
    rows: list[list[Any]] = [header]
    for chapter, chapter_rows in table.chapters.items():
        rows.append([pdf.para(chapter, st["cell_bold"]), pdf.para(report.chapter_names.get(chapter, ""), st["cell_bold"]),
                     *[""] * (len(header) - 2)])
        for r in chapter_rows:
            rows.append([r.code, report.titles.get(r.code, ""), str(r.target) if r.target else "—",
                         *(_level(e) for e in r.earlier), _level(r.current), _change(r)])
    level_col = 0.09
    title_col = 1 - 0.06 - 0.07 - level_col * (len(earlier) + 1) - 0.07
    story.append(pdf.table(rows, [WIDTH * f for f in (0.06, title_col, 0.07, *[level_col] * (len(earlier) + 1), 0.07)]))
    return pdf.build_pdf(story, title=title, author=author, pagesize=pdf.LANDSCAPE, header=hospital.name,
                         watermark=None if round_.locked else _("BẢN NHÁP"))
