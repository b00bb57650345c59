"""PDFs of an audit and of a month's results, built with the shared render/pdf.py toolkit."""
from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm

from quality_assess.i18n import day, number
from quality_assess.render.pdf import LANDSCAPE, build_pdf, para, styles, table

WIDTH = 180 * mm


def audit_pdf(audit: Any, result: Any, band: str | None, hospital_name: str) -> bytes:
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
    rows: list[list[Any]] = [["Mã", "Nội dung", "Tối đa", "Điểm", "Tồn tại / ghi chú"]]
    for group in audit.template.groups:
        rows.append([group.name.upper(), "", "", "", ""])
        for item in group.items:
            answer = audit.answer_for(item.id)
            points = "KAD" if answer and answer.not_applicable else ("" if not answer or answer.points is None else answer.points)
            rows.append([item.code + (" ⚑" if item.critical else ""), item.text, item.max_points, points, answer.note if answer else ""])
    story.append(table(rows, [14 * mm, 86 * mm, 14 * mm, 14 * mm, 52 * mm]))
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
