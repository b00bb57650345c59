"""The plan as a signed A4-landscape PDF and as a workbook (one row per action)."""
from __future__ import annotations

import io
from datetime import date
from typing import Any

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer, Table

from quality_assess.i18n import day, number
from quality_assess.plans.models import Plan
from quality_assess.plans.reading import PLAN_STATUS_LABELS, action_rows, plan_view
from quality_assess.reports import pdf

COLUMNS = [
    ("part", "Phần"), ("chapter", "Chương"), ("criterion", "Mã tiêu chí"), ("title", "Tiêu chí"),
    ("current", "Mức hiện tại"), ("target", "Mức mục tiêu"), ("blocking", "Cần khắc phục để lên mức"),
    ("action", "Hành động"), ("department", "Khoa/phòng phụ trách"), ("responsible", "Người phụ trách"),
    ("start", "Bắt đầu"), ("due", "Hạn hoàn thành"), ("status", "Trạng thái"), ("evidence", "Minh chứng"),
]


def title(plan: Plan) -> str:
    return _("Kế hoạch cải tiến chất lượng năm %(year)s", year=plan.year)


def goal_lines(plan: Plan) -> list[str]:
    view = plan_view(plan)
    lines = [_("Điểm trung bình hiện tại: %(mean)s; nếu đạt mọi mục tiêu: %(wi)s.", mean=number(view.summary.mean), wi=number(view.what_if.mean))]
    t = view.targets
    if t:
        if t["mean_min"] is not None or t["mean_max"] is not None:
            lines.append(_("Mục tiêu điểm trung bình: %(lo)s – %(hi)s.", lo=number(t["mean_min"]), hi=number(t["mean_max"])))
        if t["no_level_1"]:
            lines.append(_("Không còn tiêu chí ở Mức 1 (hiện có %(n)s).", n=view.summary.levels[1].count))
        if t["xsd_target"] is not None:
            lines.append(_("Điểm Xanh – Sạch – Đẹp ≥ %(t)s (hiện tại: %(a)s).", t=number(t["xsd_target"], 0), a=number(view.xsd_actual, 1)))
    return lines


def _cell(row: dict[str, Any], key: str) -> Any:
    value = row[key]
    return day(value) if isinstance(value, date) else value


def render_pdf(plan: Plan, place: str, today: date) -> bytes:
    st = pdf.styles()
    width = pdf.LANDSCAPE[0] - 30 * mm
    story: list[Any] = [
        pdf.national_header(plan.hospital.name, _("%(place)s, ngày %(d)s tháng %(m)s năm %(y)s", place=place, d=today.day, m=today.month, y=today.year), width),
        Spacer(1, 6 * mm), pdf.para(title(plan).upper(), st["title"]),
        pdf.para(_("Trạng thái: %(s)s", s=_(PLAN_STATUS_LABELS[plan.status])) + (
            _(" — phê duyệt bởi %(who)s ngày %(d)s", who=plan.approved_by.display_name, d=day(plan.approved_at)) if plan.approved_by else ""), st["center"]),
        pdf.para(_("I. MỤC TIÊU"), st["h1"]),
        *[pdf.para("- " + line, st["body"]) for line in goal_lines(plan)],
        pdf.para(_("II. CÁC TIÊU CHÍ CẦN CẢI TIẾN VÀ HÀNH ĐỘNG"), st["h1"]),
    ]
    keys = ["criterion", "title", "current", "target", "blocking", "action", "department", "responsible", "due", "status"]
    labels = dict(COLUMNS)
    rows = [[_(labels[k]) for k in keys]] + [[_cell(r, k) for k in keys] for r in action_rows(plan)]
    fractions = [0.06, 0.15, 0.045, 0.045, 0.17, 0.19, 0.09, 0.085, 0.075, 0.09]
    story.append(pdf.table(rows, [width * f for f in fractions]))
    sign = Table([[pdf.para(_("NGƯỜI LẬP"), st["center_bold"]), pdf.para(_("GIÁM ĐỐC"), st["center_bold"])],
                  [pdf.para(_("(Ký, ghi rõ họ tên)"), st["center"]), pdf.para(_("(Ký tên, đóng dấu)"), st["center"])],
                  ["", pdf.para(plan.hospital.director_name, st["center_bold"])]],
                 colWidths=[width / 2, width / 2], rowHeights=[None, 28 * mm, None])
    sign.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP")])
    story += [Spacer(1, 8 * mm), KeepTogether(sign)]
    return pdf.build_pdf(story, title=title(plan), author=plan.hospital.name, pagesize=pdf.LANDSCAPE, header=plan.hospital.name)


def render_xlsx(plan: Plan) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Kế hoạch %(year)s", year=plan.year)
    ws.append([_(label) for _key, label in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in action_rows(plan):
        ws.append([row[key] for key, _label in COLUMNS])
    for col, width in zip("ABCDEFGHIJKLMN", (6, 8, 10, 40, 8, 8, 40, 40, 20, 20, 12, 12, 14, 30)):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if cell.column_letter in "KL" and cell.value is not None:
                cell.number_format = "DD/MM/YYYY"
    ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
