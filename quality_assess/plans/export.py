"""The plan as a signed A4-landscape PDF and as a workbook (one row per action)."""
from __future__ import annotations

import io
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from quality_assess.i18n import day, number
from quality_assess.plans.models import Plan
from quality_assess.plans.operations import CONTENT_STATUSES
from quality_assess.plans.reading import PlanView, action_rows, plan_status_label, plan_view
from quality_assess.render import docx, pdf
from quality_assess.render.xlsx import append

COLUMNS = [
    ("part", _l("Phần")), ("chapter", _l("Chương")), ("criterion", _l("Mã tiêu chí")), ("title", _l("Tiêu chí")),
    ("current", _l("Mức hiện tại")), ("target", _l("Mức mục tiêu")), ("blocking", _l("Cần khắc phục để lên mức")),
    ("action", _l("Hành động")), ("department", _l("Khoa/phòng phụ trách")), ("responsible", _l("Người phụ trách")),
    ("start", _l("Bắt đầu")), ("due", _l("Hạn hoàn thành")), ("status", _l("Trạng thái")), ("evidence", _l("Minh chứng")),
]

ENTRY_COLUMNS = ("title", "current", "target", "blocking")  # columns 1–4 of the PDF's action table: one per criterion
FOLLOW_UP_COLUMNS = {"text": _l("Hành động"), "department": _l("Khoa/phòng"), "due_date": _l("Hạn hoàn thành"), "status": _l("Trạng thái")}


def title(plan: Plan) -> str:
    return _("Kế hoạch cải tiến chất lượng năm %(year)s", year=plan.year)


def status_line(plan: Plan) -> str:
    """The plan's state as the PDF prints it: who approved it only while the approval stands."""
    line = _("Trạng thái: %(s)s", s=plan_status_label(plan))
    if plan.status in CONTENT_STATUSES and plan.approved_by and plan.approved_at:
        line += _(" — phê duyệt bởi %(who)s ngày %(d)s", who=plan.approved_by.display_name, d=day(plan.approved_at, plan.hospital))
    elif plan.needs_reapproval and plan.approval_withdrawn_at:
        line += _(" — phê duyệt trước đó đã bị rút lại ngày %(d)s do thay đổi nội dung", d=day(plan.approval_withdrawn_at, plan.hospital))
    return line


def goal_lines(view: PlanView) -> list[str]:
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


def _labelled(follow_up: dict[str, Any]) -> dict[str, Any]:
    """A checklist follow-up with its status in words (the checklists summary gives status_label)."""
    return {**follow_up, "status": str(follow_up.get("status_label") or follow_up.get("status") or "")}


def _cell(row: dict[str, Any], key: str) -> Any:
    value = row.get(key)
    return day(value) if isinstance(value, date) else value


def render_pdf(plan: Plan, place: str, today: date) -> bytes:
    st = pdf.styles()
    view = plan_view(plan)
    width = pdf.LANDSCAPE[0] - 30 * mm
    story: list[Any] = [
        pdf.national_header(plan.hospital.name, pdf.place_date(place, today), width, plan.hospital.managing_agency),
        Spacer(1, 6 * mm), pdf.para(title(plan).upper(), st["title"]),
        pdf.para(status_line(plan), st["center"]),
        pdf.para(_("I. MỤC TIÊU"), st["h1"]),
        *[pdf.para("- " + line, st["body"]) for line in goal_lines(view)],
        pdf.para(_("II. CÁC TIÊU CHÍ CẦN CẢI TIẾN VÀ HÀNH ĐỘNG"), st["h1"]),
    ]
    keys = ["criterion", "title", "current", "target", "blocking", "action", "department", "responsible", "due", "status"]
    labels = dict(COLUMNS)
    rows, continued = [[str(labels[k]) for k in keys]], []
    for r in action_rows(view):
        # A criterion's title, levels and what blocks it are printed on its first action's row only, and the
        # rows below read as one merged cell (the criterion's code stays on every row, for a page break).
        again = r["criterion"] == rows[-1][0]
        rows.append([("" if again and k in ENTRY_COLUMNS else _cell(r, k)) for k in keys])
        if again:
            continued.append(len(rows) - 1)
    fractions = [0.06, 0.15, 0.045, 0.045, 0.17, 0.19, 0.09, 0.085, 0.075, 0.09]
    actions_table = pdf.table(rows, [width * f for f in fractions])
    actions_table.setStyle([("LINEABOVE", (1, i), (len(ENTRY_COLUMNS), i), 0.6, colors.white) for i in continued])
    story.append(actions_table)
    if view.follow_ups:
        story.append(pdf.para(_("III. HÀNH ĐỘNG KHẮC PHỤC TỪ ĐÁNH GIÁ XANH – SẠCH – ĐẸP"), st["h1"]))
        story.append(pdf.table([[str(label) for label in FOLLOW_UP_COLUMNS.values()]]
                               + [[_cell(_labelled(f), k) for k in FOLLOW_UP_COLUMNS] for f in view.follow_ups], [width * f for f in (0.5, 0.2, 0.15, 0.15)]))
    story.append(pdf.signature_block([
        pdf.Signer(_("NGƯỜI LẬP"), _("(Ký, ghi rõ họ tên)")),
        pdf.Signer(_("GIÁM ĐỐC"), _("(Ký tên, đóng dấu)"), plan.hospital.director_name),
    ], width, place=place, on=today))
    return pdf.build_pdf(story, title=title(plan), author=plan.hospital.name, pagesize=pdf.LANDSCAPE, header=plan.hospital.name)


def render_docx(plan: Plan, place: str, today: date) -> bytes:
    """The content of `render_pdf` as an editable Word document (A4 landscape for the wide action table)."""
    view = plan_view(plan)
    h = plan.hospital
    doc = docx.new_document(title=title(plan), author=h.name, wide=True)
    docx.national_heading(doc, agency=docx.managing_agency(h.province, h.managing_agency), organisation=h.name, number=_("Số: ……/KH-BV"),
                          dated=pdf.place_date(place, today))
    docx.paragraph(doc)
    docx.paragraph(doc, title(plan).upper(), bold=True, center=True, size=14)
    docx.paragraph(doc, status_line(plan), center=True)
    docx.heading(doc, _("I. MỤC TIÊU"))
    for line in goal_lines(view):
        docx.paragraph(doc, "- " + line)
    docx.heading(doc, _("II. CÁC TIÊU CHÍ CẦN CẢI TIẾN VÀ HÀNH ĐỘNG"))
    keys = ["criterion", "title", "current", "target", "blocking", "action", "department", "responsible", "due", "status"]
    labels = dict(COLUMNS)
    rows = [[str(labels[k]) for k in keys]] + [[_cell(r, k) for k in keys] for r in action_rows(view)]
    docx.table(doc, rows, [0.06, 0.15, 0.045, 0.045, 0.17, 0.19, 0.09, 0.085, 0.075, 0.09], size=10)
    if view.follow_ups:
        docx.heading(doc, _("III. HÀNH ĐỘNG KHẮC PHỤC TỪ ĐÁNH GIÁ XANH – SẠCH – ĐẸP"))
        docx.table(doc, [[str(label) for label in FOLLOW_UP_COLUMNS.values()]]
                   + [[_cell(_labelled(f), k) for k in FOLLOW_UP_COLUMNS] for f in view.follow_ups], [0.5, 0.2, 0.15, 0.15], size=10)
    docx.signature_block(doc, [
        pdf.Signer(_("NGƯỜI LẬP"), _("(Ký, ghi rõ họ tên)")),
        pdf.Signer(_("GIÁM ĐỐC"), _("(Ký tên, đóng dấu)"), h.director_name),
    ], place=place, on=today)
    return docx.to_bytes(doc)


def render_xlsx(plan: Plan) -> bytes:
    view = plan_view(plan)
    wb = Workbook()
    ws = wb.active
    ws.title = _("Kế hoạch %(year)s", year=plan.year)
    append(ws, [str(label) for _key, label in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in action_rows(view):
        append(ws, [row[key] for key, _label in COLUMNS])
    for col, width in zip("ABCDEFGHIJKLMN", (6, 8, 10, 40, 8, 8, 40, 40, 20, 20, 12, 12, 14, 30)):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if cell.column_letter in "KL" and cell.value is not None:
                cell.number_format = "DD/MM/YYYY"
    ws.freeze_panes = "A2"
    if view.follow_ups:
        extra = wb.create_sheet(_("Xanh – Sạch – Đẹp"))
        append(extra, [str(label) for label in FOLLOW_UP_COLUMNS.values()])
        for f in view.follow_ups:
            append(extra, [_labelled(f).get(k) for k in FOLLOW_UP_COLUMNS])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
