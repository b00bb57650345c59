"""PDFs of an audit and of a month's results, built with the shared render/pdf.py toolkit."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from flask_babel import gettext as _
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Image, Table

from quality_assess.i18n import day, number
from quality_assess.render.pdf import LANDSCAPE, Signer, build_pdf, para, signature_block, styles, table

WIDTH = 180 * mm


PHOTO_BOX = (85 * mm, 60 * mm)  # two photos a row


def _photo(path: Path | None) -> Image | None:
    """The photo scaled into PHOTO_BOX, or None when the file is gone or is not an image reportlab can draw."""
    if path is None or not path.is_file():
        return None
    try:
        width, height = ImageReader(str(path)).getSize()
    except Exception:  # checked by its first bytes on upload, yet it may not decode
        return None
    scale = min(PHOTO_BOX[0] / width, PHOTO_BOX[1] / height)
    return Image(str(path), width=width * scale, height=height * scale)


def _photos(audit: Any, photo_dir: Path, st: dict) -> list[Any]:
    """The audit's photos, each with its item code and finding, two a row."""
    cells = []
    for group in audit.template.groups:
        for item in group.items:
            answer = audit.answer_for(item.id)
            if not answer or not answer.photo_name:
                continue
            image = _photo(photo_dir / answer.photo_name)
            caption = para(f"{item.code} – {answer.note}" if answer.note else item.code, st["small"])
            cells.append(Table([[image or para(_("(không đọc được ảnh)"), st["small"])], [caption]], colWidths=[WIDTH / 2 - 8]))
    if not cells:
        return []
    rows: list[list[Any]] = [[cells[i], cells[i + 1] if i + 1 < len(cells) else ""] for i in range(0, len(cells), 2)]
    return [para(_("Ảnh minh họa"), st["h2"]), table(rows, [WIDTH / 2, WIDTH / 2], header_rows=0)]


def _follow_ups(follow_ups: list[dict[str, Any]], st: dict) -> list[Any]:
    if not follow_ups:
        return []
    rows: list[list[Any]] = [[_("Mục"), _("Hành động khắc phục"), _("Phụ trách"), _("Hạn"), _("Trạng thái")]]
    for f in follow_ups:
        rows.append([f["item"] or "", f["text"], f["department"] + (f" · {f['owner']}" if f["owner"] else ""),
                     day(f["due_date"]) + (f" ({_('quá hạn')})" if f["overdue"] else ""), _(f["status_label"])])
    return [para(_("Hành động khắc phục"), st["h2"]), table(rows, [14 * mm, 70 * mm, 44 * mm, 26 * mm, 26 * mm])]


def audit_pdf(audit: Any, result: Any, band: str | None, hospital: Any, *, photo_dir: Path,
              follow_ups: list[dict[str, Any]] | None = None) -> bytes:
    """The audit as printed for the department: score, items, photos, follow-ups, then the signatures
    of the auditor and of the audited department's head."""
    hospital_name = hospital.name
    st = styles()
    story: list[Any] = [
        para(hospital_name, st["center_bold"]),
        para("PHIẾU KIỂM TRA XANH – SẠCH – ĐẸP", st["title"]),
        para(f"Khoa/phòng: {audit.department.name}", st["body"]),
        para(f"Ngày kiểm tra: {day(audit.audit_date)}    Người kiểm tra: {audit.auditor.display_name if audit.auditor else ''}", st["body"]),
        para(f"Mẫu: {audit.template.label}", st["small"]),
        para(f"Điểm: {number(result.score)} / 100 ({result.points}/{result.applicable_max} điểm áp dụng)"
             + (f" – {band}" if band else ""), st["h2"]),
    ]
    if result.critical_failed:
        story.append(para(f"⚑ Mục trọng yếu chưa đạt: {result.critical_failed}", st["h2"]))
    if result.severe_failed:
        story.append(para(f"Không đạt do tiêu chí nguy cơ cao: {', '.join(result.severe_failed)}", st["h2"]))
    rows: list[list[Any]] = [["Mã", "Nội dung", "Tối đa", "Điểm", "Tồn tại / ghi chú"]]
    for group in audit.template.groups:
        rows.append([group.name.upper(), "", "", "", ""])
        for item in group.items:
            answer = audit.answer_for(item.id)
            points = "KAD" if answer and answer.not_applicable else ("" if not answer or answer.points is None else answer.points)
            rows.append([item.code + (" ⚑" if item.critical else ""), item.text, item.max_points, points, answer.note if answer else ""])
    story.append(table(rows, [14 * mm, 86 * mm, 14 * mm, 14 * mm, 52 * mm]))
    story += _photos(audit, photo_dir, st)
    story += _follow_ups(follow_ups or [], st)
    story.append(signature_block([
        Signer(_("NGƯỜI KIỂM TRA"), _("(Ký, ghi rõ họ tên)"), audit.auditor.display_name if audit.auditor else ""),
        Signer(_("TRƯỞNG KHOA/PHÒNG ĐƯỢC KIỂM TRA"), _("(Ký, ghi rõ họ tên)")),
    ], WIDTH, place=hospital.province, on=audit.audit_date))
    return build_pdf(story, title=f"Xanh – Sạch – Đẹp – {audit.department.name}", author=hospital_name, header=hospital_name,
                     watermark=None if audit.submitted else "NHÁP")


def month_pdf(title: str, rows: list[dict[str, Any]], hospital_score: float | None, target: float, hospital_name: str) -> bytes:
    st = styles()
    story: list[Any] = [
        para(hospital_name, st["center_bold"]),
        para(title, st["title"]),
        para(f"Điểm bệnh viện: {number(hospital_score)}    Mục tiêu: ≥ {number(target)}", st["h2"]),
    ]
    data: list[list[Any]] = [["Khoa/phòng", "Ngày kiểm tra", "Điểm", "Xếp loại", "Đạt mục tiêu", "Mục trọng yếu chưa đạt"]]
    for row in rows:
        reached = "" if row["score"] is None else ("Đạt" if row["score"] >= target else "Chưa đạt")
        data.append([row["department"], day(row["date"]), number(row["score"]), row["band"] or "", reached, row["critical_failed"] or ""])
    story.append(table(data, [80 * mm, 30 * mm, 25 * mm, 35 * mm, 30 * mm, 40 * mm]))
    return build_pdf(story, title=title, author=hospital_name, header=hospital_name, pagesize=LANDSCAPE)
