"""The round's result report as a PDF, in the layout of a Vietnamese hospital result report."""
from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext as _
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.spider import SpiderChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from quality_assess.assessments.forms import KIND_CHOICES
from quality_assess.assessments.scoring import LEVELS
from quality_assess.i18n import day, number, percent
from quality_assess.reports import department_tables
from quality_assess.reports.content import Group, RoundReport
from quality_assess.reports.models import SECTIONS
from quality_assess.render.pdf import (
    FONT, LANDSCAPE, PORTRAIT, Signer, build_mixed_pdf, national_header, para, place_date, signature_block, styles, table,
    to_landscape, to_portrait,
)

WIDTH = PORTRAIT[0] - 30 * mm
WIDE = LANDSCAPE[0] - 30 * mm
KINDS = dict(KIND_CHOICES)


def level_text(level: int | None, na: bool = False) -> str:
    if na:
        return _("KAD")
    return str(level) if level else "—"


def change_text(change: int | None) -> str:
    if change is None:
        return ""
    return f"+{change}" if change > 0 else str(change)


def result_block(report: RoundReport) -> list[list[Any]]:
    s = report.summary
    rows: list[list[Any]] = [[_("Chỉ số"), _("Kết quả")]]
    rows.append([_("Số tiêu chí áp dụng"), f"{s.applicable}/{s.criteria} ({percent(s.applicable_pct, 0)})"])
    rows.append([_("Số tiêu chí đã có mức"), f"{s.answered}/{s.applicable}"])
    rows.append([_("Tổng điểm các tiêu chí áp dụng"), str(s.total)])
    rows.append([_("Tổng điểm có hệ số"), str(s.total_weighted)])
    rows.append([_("Điểm trung bình chung"), number(s.mean)])
    for n in LEVELS:
        rows.append([_("Số tiêu chí đạt Mức %(n)s", n=n), f"{s.levels[n].count} ({percent(s.levels[n].pct)})"])
    return rows


def mean_text(group: Group) -> str:
    """A group's mean, or "không áp dụng" for a chapter none of whose criteria applies."""
    return number(group.mean) if group.applicable else _("Không áp dụng")


def bar_drawing(parts: list[Group]) -> Drawing:
    """Bars of the parts given (the charted ones): a part with no mean yet has no bar, not a bar at 0."""
    drawing = Drawing(WIDTH, 170)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 25, WIDTH - 60, 125
    chart.data = [[g.mean for g in parts] or [0]]
    chart.categoryAxis.categoryNames = [g.code for g in parts] or ["—"]
    chart.categoryAxis.labels.fontName = chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 5, 1
    chart.bars[0].fillColor = colors.HexColor("#0b6e4f")
    chart.barLabelFormat = lambda v: number(v)
    chart.barLabels.fontName = FONT
    chart.barLabels.nudge = 7
    drawing.add(chart)
    drawing.add(String(WIDTH / 2, 158, _("Điểm trung bình theo phần"), fontName=FONT, fontSize=9, textAnchor="middle"))
    return drawing


def spider_drawing(chapters: list[Group]) -> Drawing:
    drawing = Drawing(WIDTH, 260)
    chart = SpiderChart()
    chart.x, chart.y, chart.width, chart.height = WIDTH / 2 - 110, 10, 220, 220
    chart.data = [[g.mean or 0 for g in chapters] or [0], [5] * max(len(chapters), 1)]  # the Mức 5 ring fixes the scale
    chart.labels = [g.code for g in chapters]
    chart.strands[0].fillColor = colors.Color(0.04, 0.43, 0.31, alpha=0.25)
    chart.strands[0].strokeColor = colors.HexColor("#0b6e4f")
    chart.strands[1].fillColor = None
    chart.strands[1].strokeColor = colors.lightgrey
    chart.spokeLabels.fontName = FONT
    chart.spokeLabels.fontSize = 7
    drawing.add(chart)
    drawing.add(String(WIDTH / 2, 248, _("Điểm trung bình theo chương"), fontName=FONT, fontSize=9, textAnchor="middle"))
    return drawing


def hospital_info(report: RoundReport) -> list[list[Any]]:
    h = report.round.hospital
    rows = [[_("Tên bệnh viện"), h.name], [_("Hạng"), h.grade], [_("Tỉnh/thành phố"), h.province],
            [_("Địa chỉ"), h.address], [_("Giám đốc"), h.director_name],
            [_("Đợt đánh giá"), f"{report.round.name} — {KINDS.get(report.round.kind, report.round.kind)} — {report.round.year}"]]
    if report.previous is not None:
        rows.append([_("So sánh với đợt"), f"{report.previous.name} ({report.previous.year})"])
    return rows


def signatures(report: RoundReport, today: date) -> Any:
    """Người lập, the head of the quality office, the director: the block the report ends with."""
    h = report.round.hospital
    return signature_block([
        Signer(_("NGƯỜI LẬP"), _("(Ký, ghi rõ họ tên)")),
        Signer(_("TRƯỞNG PHÒNG/TỔ QUẢN LÝ CHẤT LƯỢNG"), _("(Ký, ghi rõ họ tên)")),
        Signer(_("GIÁM ĐỐC"), _("(Ký tên, đóng dấu)"), h.director_name),
    ], WIDTH, place=h.province, on=today)


def build_story(report: RoundReport, st: dict, today: date) -> list[Any]:
    place = report.round.hospital.province
    story: list[Any] = [national_header(report.round.hospital.name, place_date(place, today), WIDTH, report.round.hospital.managing_agency), Spacer(1, 8 * mm)]
    story.append(para(_("BÁO CÁO KẾT QUẢ ĐÁNH GIÁ CHẤT LƯỢNG BỆNH VIỆN NĂM %(year)s", year=report.round.year), st["title"]))
    story.append(para(report.round.name, st["center"]))
    story.append(para(_("I. Thông tin bệnh viện"), st["h1"]))
    story.append(table(hospital_info(report), [WIDTH * 0.3, WIDTH * 0.7], header_rows=0))
    story.append(para(_("II. Kết quả chung"), st["h1"]))
    story.append(table(result_block(report), [WIDTH * 0.6, WIDTH * 0.4]))
    story.append(para(_("III. Kết quả theo phần và chương"), st["h1"]))
    rows: list[list[Any]] = [[_("Mã"), _("Phần / chương"), _("Điểm trung bình")]]
    for part in report.parts:
        rows.append([para(part.code, st["cell_bold"]), para(part.name, st["cell_bold"]), para(mean_text(part), st["cell_bold"])])
        rows += [[c.code, c.name, mean_text(c)] for c in part.chapters]
    story.append(table(rows, [WIDTH * 0.1, WIDTH * 0.7, WIDTH * 0.2]))
    story.append(Spacer(1, 4 * mm))
    story.append(bar_drawing(report.charted_parts))
    story.append(spider_drawing(report.charted_chapters))

    story += to_landscape()
    story.append(para(_("IV. Kết quả từng tiêu chí"), st["h1"]))
    rows = [[_("Mã"), _("Tiêu chí"), _("Mức"), _("Mức đợt trước"), _("Thay đổi"), _("Khoa/phòng phụ trách")]]
    rows += [[r.code, r.title, level_text(r.level, r.not_applicable), level_text(r.previous), change_text(r.change), r.department]
             for r in report.rows]
    story.append(table(rows, [WIDE * w for w in (0.07, 0.55, 0.07, 0.1, 0.07, 0.14)]))
    if report.departments is not None:
        story += department_tables.pdf_section(report.departments, st, WIDE)
    story += to_portrait()

    story.append(para(_("Các tiêu chí ở Mức 1 và Mức 2"), st["h2"]))
    if report.low:
        rows = [[_("Mã"), _("Tiêu chí"), _("Mức"), _("Kế hoạch cải tiến")]]
        rows += [[r.code, r.title, str(r.level), status or _("Chưa có kế hoạch")] for r, status in report.low]
        story.append(table(rows, [WIDTH * w for w in (0.1, 0.55, 0.08, 0.27)]))
    else:
        story.append(para(_("Không có tiêu chí nào ở Mức 1 hoặc Mức 2."), st["body"]))
    story.append(para(_("Kết quả Xanh – Sạch – Đẹp năm %(year)s", year=report.round.year), st["h2"]))
    if report.xsd_results:
        rows = [[_("Khoa/phòng"), _("Ngày"), _("Điểm"), _("Tiêu chí bắt buộc không đạt")]]
        rows += [[x.get("department", ""), day(x.get("date")), percent(x.get("score")), str(x.get("critical_failed", 0))] for x in report.xsd_results]
        story.append(table(rows, [WIDTH * w for w in (0.4, 0.2, 0.15, 0.25)]))
    else:
        story.append(para(_("Chưa có kết quả đánh giá Xanh – Sạch – Đẹp năm %(year)s.", year=report.round.year), st["body"]))
    story.append(para(_("Mục tiêu năm %(year)s và kết quả thực tế", year=report.round.year), st["h2"]))
    if report.targets:
        rows = [[_("Chỉ số"), _("Mục tiêu"), _("Thực tế")]] + [[what, target, actual] for what, target, actual in report.targets]
        story.append(table(rows, [WIDTH * 0.5, WIDTH * 0.25, WIDTH * 0.25]))
    else:
        story.append(para(_("Chưa đặt mục tiêu cho năm này."), st["body"]))

    for field, heading in SECTIONS:
        story.append(para(_(heading), st["h1"]))
        text = getattr(report.texts, field, "") if report.texts else ""
        story.append(para(text or _("(Chưa viết)"), st["body"]))
    story.append(signatures(report, today))
    return story


def render(report: RoundReport, *, author: str, today: date, logo: str | None = None) -> bytes:
    """The PDF bytes; a "BẢN NHÁP" watermark until the round is locked."""
    st = styles()
    round_ = report.round
    return build_mixed_pdf(
        build_story(report, st, today),
        title=_("Báo cáo kết quả đánh giá chất lượng bệnh viện — %(name)s", name=round_.name),
        author=author,
        header=round_.hospital.name,
        watermark=None if round_.locked else _("BẢN NHÁP"),
        logo=logo,
    )
