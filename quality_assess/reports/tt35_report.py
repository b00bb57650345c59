"""The report of a TT 35/2024 round in the standards' own layout (group, item, answer, evidence, note):
as PDF (render/pdf), as an editable Word document (render/docx) and as a workbook (render/xlsx).

The item texts printed are those of the catalogue, with their provenance: they are transcriptions until
the hospital imports or corrects them (criteria_data/tt35-2024.csv)."""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from openpyxl import Workbook
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from quality_assess.assessments import scoring_tt35
from quality_assess.assessments.items import ItemAnswer, item_result_select, item_results, save_item, score_round
from quality_assess.assessments.models import ItemResult, Round
from quality_assess.auth.models import User
from quality_assess.database import db
from quality_assess.i18n import N_, nfc
from quality_assess.render import docx, xlsx
from quality_assess.reports.workbook import CellError, WorkbookInvalid
from quality_assess.render.pdf import (
    PORTRAIT, Signer, build_pdf, national_header, para, place_date, signature_block, styles, table,
)

WIDTH = PORTRAIT[0] - 30 * mm
COLUMNS = (N_("Nhóm"), N_("Mã"), N_("Nội dung mục"), N_("Trả lời"), N_("Lý do không áp dụng"), N_("Minh chứng"), N_("Ghi chú"),
           N_("Nguồn nội dung"))


def answer_text(answer: str | None) -> str:
    return {"yes": _("Có"), "no": _("Không"), "na": _("Không áp dụng")}.get(answer or "", _("Chưa trả lời"))


def provenance_text(provenance: str) -> str:
    return {"two-transcriptions": _("hai bản chép công khai giống nhau"), "one-transcription": _("chỉ một bản chép công khai"),
            "admin": _("quản trị viên đã sửa"), "imported": _("nhập từ danh sách chính thức")}.get(provenance, provenance)


def result_text(passed: bool | None) -> str:
    return _("Đạt") if passed else (_("Không đạt") if passed is False else _("Chưa kết luận"))


@dataclass
class Tt35Report:
    round: Round
    result: scoring_tt35.Tt35Result
    groups: list[tuple[str, str, list[ItemResult]]]   # (group code, group name, its items' answers)


def tt35_report(round_: Round) -> Tt35Report:
    groups: dict[str, tuple[str, list[ItemResult]]] = {}
    for row in item_results(round_):
        groups.setdefault(row.item.group_code, (row.item.group_name, []))[1].append(row)
    return Tt35Report(round_, score_round(round_), [(code, name, rows) for code, (name, rows) in groups.items()])


def summary_rows(report: Tt35Report) -> list[list[str]]:
    r = report.result
    rows = [[_("Nhóm"), _("Số mục"), _("Có"), _("Không"), _("Không áp dụng"), _("Chưa trả lời")]]
    for code, name, _rows in report.groups:
        g = r.groups[code]
        rows.append([f"{code}. {name}", str(g.items), str(g.yes), str(g.no), str(g.na), str(g.unanswered)])
    rows.append([_("Tổng"), str(r.items), str(r.yes), str(r.no), str(r.na), str(r.unanswered)])
    return rows


def item_title(row: ItemResult) -> str:
    return f"{row.item.heading}: {row.item.title}" if row.item.heading else row.item.title


def provenance_note() -> str:
    return _("Nội dung các mục lấy theo hai bản chép công khai độc lập của Thông tư 35/2024/TT-BYT (không phải văn bản chính thức); nguồn của từng mục ghi ở trang của mục.")


def heading_lines(report: Tt35Report) -> tuple[str, str]:
    return (_("BÁO CÁO TỰ ĐÁNH GIÁ TIÊU CHUẨN CHẤT LƯỢNG CƠ BẢN NĂM %(year)s", year=report.round.year),
            _("Theo Thông tư 35/2024/TT-BYT · Kết quả: %(result)s", result=result_text(report.result.passed)))


def signers(report: Tt35Report) -> list[Signer]:
    return [Signer(_("NGƯỜI LẬP"), _("(Ký, ghi rõ họ tên)")),
            Signer(_("TRƯỞNG PHÒNG/TỔ QUẢN LÝ CHẤT LƯỢNG"), _("(Ký, ghi rõ họ tên)")),
            Signer(_("GIÁM ĐỐC"), _("(Ký tên, đóng dấu)"), report.round.hospital.director_name)]


def render_pdf(report: Tt35Report, *, author: str, today: date) -> bytes:
    st = styles()
    h = report.round.hospital
    title, subtitle = heading_lines(report)
    story: list = [national_header(h.name, place_date(h.province, today), WIDTH), Spacer(1, 8 * mm),
                   para(title, st["title"]), para(report.round.name, st["center"]), para(subtitle, st["center_bold"]),
                   para(_("I. Kết quả chung"), st["h1"]),
                   table(summary_rows(report), [WIDTH * w for w in (0.45, 0.11, 0.11, 0.11, 0.11, 0.11)])]
    story.append(para(_("II. Kết quả từng mục"), st["h1"]))
    for code, name, rows in report.groups:
        story.append(para(f"{code}. {name}", st["h2"]))
        cells = [[_("Mã"), _("Nội dung mục"), _("Trả lời"), _("Minh chứng"), _("Ghi chú")]]
        cells += [[r.item.code, item_title(r), answer_text(r.answer) + (f" ({r.reason})" if r.answer == "na" else ""),
                   r.evidence, r.note] for r in rows]
        story.append(table(cells, [WIDTH * w for w in (0.09, 0.43, 0.14, 0.17, 0.17)]))
    story.append(para(provenance_note(), st["body"]))
    story.append(signature_block(signers(report), WIDTH, place=h.province, on=today))
    return build_pdf(story, title=title, author=author, header=h.name,
                     watermark=None if report.round.locked else _("BẢN NHÁP"))


def render_docx(report: Tt35Report, *, author: str, today: date) -> bytes:
    h = report.round.hospital
    title, subtitle = heading_lines(report)
    doc = docx.new_document(title=title, author=author)
    docx.national_heading(doc, agency=docx.managing_agency(h.province), organisation=h.name, number=_("Số: ……/BC-BV"),
                          dated=docx.place_date(h.province, today))
    docx.paragraph(doc)
    docx.paragraph(doc, title, bold=True, center=True, size=14)
    docx.paragraph(doc, report.round.name, center=True)
    docx.paragraph(doc, subtitle, bold=True, center=True)
    if not report.round.locked:
        docx.paragraph(doc, _("BẢN NHÁP"), bold=True, center=True)
    docx.heading(doc, _("I. Kết quả chung"))
    docx.table(doc, summary_rows(report), (0.45, 0.11, 0.11, 0.11, 0.11, 0.11))
    docx.heading(doc, _("II. Kết quả từng mục"))
    for code, name, rows in report.groups:
        docx.heading(doc, f"{code}. {name}", level=2)
        cells = [[_("Mã"), _("Nội dung mục"), _("Trả lời"), _("Minh chứng"), _("Ghi chú")]]
        cells += [[r.item.code, item_title(r), answer_text(r.answer) + (f" ({r.reason})" if r.answer == "na" else ""),
                   r.evidence, r.note] for r in rows]
        docx.table(doc, cells, (0.09, 0.43, 0.14, 0.17, 0.17), size=10)
    docx.paragraph(doc, provenance_note(), italic=True, size=10)
    docx.signature_block(doc, signers(report), place=h.province, on=today)
    return docx.to_bytes(doc)


def render_xlsx(report: Tt35Report) -> bytes:
    """One sheet: a row per item (group, code, text, answer, reason, evidence, note, provenance), written formula-safe."""
    wb = Workbook()
    ws = wb.active
    ws.title = "TT35"
    xlsx.append(ws, [report.round.hospital.name, report.round.name, report.round.year, result_text(report.result.passed)])
    xlsx.append(ws, [_(c) for c in COLUMNS])
    for code, name, rows in report.groups:
        for r in rows:
            xlsx.append(ws, [f"{code}. {name}", r.item.code, item_title(r), answer_text(r.answer), r.reason, r.evidence, r.note,
                             provenance_text(r.item.provenance)])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- importing the filled workbook back

ANSWER_WORDS = {"có": "yes", "yes": "yes", "không": "no", "no": "no", "không áp dụng": "na", "na": "na", "kad": "na",
                "not applicable": "na", "": None, "chưa trả lời": None, "not answered": None}


@dataclass(frozen=True)
class ItemChange:
    code: str
    old: str
    new: str
    answer: ItemAnswer


@dataclass
class ItemWorkbookPlan:
    changes: list[ItemChange]


def _cell_text(value: object) -> str:
    return xlsx.untext(nfc(str(value)) or "").strip() if value is not None else ""


def plan_item_workbook(round_: Round, data: bytes) -> ItemWorkbookPlan:
    """The answers of a workbook exported by `render_xlsx` and filled in: what would change (nothing written).
    Every bad cell is named at once (WorkbookInvalid); an item not applicable needs its reason."""
    book = xlsx.open_workbook(data)
    try:
        ws = book.worksheets[0]
        sheet, rows = ws.title, list(ws.iter_rows(values_only=True))
    finally:
        book.close()
    by_code = {r.item.code: r for r in item_results(round_)}
    errors: list[CellError] = []
    changes: list[ItemChange] = []
    seen: set[str] = set()
    for number, raw in enumerate(rows[2:], start=3):
        cells = [_cell_text(v) for v in (list(raw) + [None] * 8)[:8]]
        if not any(cells):
            continue
        code, answer_cell, reason, evidence, note = cells[1], cells[3], cells[4], cells[5], cells[6]
        row = by_code.get(code)
        if row is None or code in seen:
            errors.append(CellError(sheet, number, "B", _("Mã mục “%(code)s” không có trong đợt này hoặc bị lặp.", code=code)))
            continue
        seen.add(code)
        word = answer_cell.lower()
        if word not in ANSWER_WORDS:
            errors.append(CellError(sheet, number, "D", _("Trả lời phải là “Có”, “Không” hoặc “Không áp dụng”.")))
            continue
        answer = ANSWER_WORDS[word]
        if answer == "na" and not reason:
            errors.append(CellError(sheet, number, "E", _("Mục %(code)s: cần ghi lý do khi chọn “Không áp dụng”.", code=code)))
            continue
        wanted = ItemAnswer(answer=answer, reason=reason if answer == "na" else "", note=note, evidence=evidence)
        if (row.answer, row.reason, row.note, row.evidence) != (wanted.answer, wanted.reason, wanted.note, wanted.evidence):
            changes.append(ItemChange(code, answer_text(row.answer), answer_text(answer), wanted))
    if errors:
        raise WorkbookInvalid(errors)
    return ItemWorkbookPlan(changes)


def apply_item_workbook(round_: Round, plan: ItemWorkbookPlan, *, user: User | None) -> int:
    """Save every planned answer in the request's one transaction: a refusal rolls everything back."""
    for change in plan.changes:
        save_item(db.session.scalars(item_result_select(round_, change.code)).one(), change.answer, user=user)
    return len(plan.changes)
