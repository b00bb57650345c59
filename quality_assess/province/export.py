"""The province table as an .xlsx workbook (numbers stay numbers; the mean keeps two decimals), and every
hospital's structured export in one archive."""
from __future__ import annotations

import io
import json
import zipfile

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from quality_assess.assessments.export import SCHEMA_VERSION, round_document
from quality_assess.assessments.scoring import LEVELS
from quality_assess.province.queries import Aggregates, HospitalScores, Row
from quality_assess.render import csvfile
from quality_assess.render.xlsx import append


def table_xlsx(rows: list[Row], year: int | None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Các bệnh viện")
    append(ws, [_("Kết quả đánh giá chất lượng các bệnh viện") + (f" – {_('năm')} {year}" if year else "")])
    append(ws, [
        _("Bệnh viện"), _("Hạng"), _("Tỉnh/thành phố"), _("Đợt đánh giá"), _("Năm"), _("Loại đợt"),
        _("Điểm trung bình"), *[_("Số tiêu chí mức %(n)s", n=n) for n in LEVELS], _("Tiêu chí áp dụng"),
        _("Tổng số tiêu chí"), _("Điểm Xanh – Sạch – Đẹp (%)"), _("Tháng Xanh – Sạch – Đẹp"),
    ])
    for cell in ws[1] + ws[2]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A3"
    for row_number, r in enumerate(rows, start=3):  # ws.max_row scans every cell: counted here, not asked per row
        f, x = r.figures, r.xsd
        append(ws, [
            r.hospital.name, r.hospital.grade, r.hospital.province,
            r.round.name if r.round else None, r.round.year if r.round else None,
            (_("Tự đánh giá đã khóa") if r.locked_self else _("Đợt mới nhất")) if r.round else None,
            round(f.mean, 2) if f and f.mean is not None else None,
            *[(f.levels[n] if f else None) for n in LEVELS],
            f.applicable if f else None, f.criteria if f else None,
            round(x.score, 1) if x and x.score is not None else None,
            f"{x.month:02d}/{x.year}" if x else None,
        ])
        ws.cell(row_number, 7).number_format = "0.00"
        ws.cell(row_number, 15).number_format = "0.0"   # the XSĐ score (%), one decimal as rounded
    for column, width in zip("ABCDEF", (40, 10, 20, 30, 8, 22)):
        ws.column_dimensions[column].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def documents_zip(rows: list[Row]) -> bytes:
    """One archive of every hospital's structured export (assessments/export.py), for the round that stands
    for it in the province table (the latest locked self-assessment, else the latest round); a hospital
    with no round has no file. `index.json` lists the files with their hospital and round."""
    out = io.BytesIO()
    index = []
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for row in rows:
            if row.round is None:
                continue
            name = f"benh-vien-{row.hospital.id}-dot-{row.round.id}.json"
            archive.writestr(name, json.dumps(round_document(row.round), ensure_ascii=False, indent=1))
            index.append({"file": name, "hospital": {"id": row.hospital.id, "name": row.hospital.name},
                          "round": {"id": row.round.id, "name": row.round.name, "year": row.round.year},
                          "locked_self_assessment": row.locked_self})
        archive.writestr("index.json", json.dumps({"schema_version": SCHEMA_VERSION, "documents": index}, ensure_ascii=False, indent=1))
    return out.getvalue()


def _round_label(h: HospitalScores) -> str | None:
    if h.round is None:
        return None
    return f"{h.round.name} ({h.round.year}) – " + (_("tự đánh giá đã khóa") if h.locked_self else _("đợt mới nhất"))


def share_rows(agg: Aggregates) -> list[list]:
    """The per-criterion table (header first), as the CSV and the first sheet hold it."""
    rows: list[list] = [[_("Tiêu chí"), _("Chương"), _("Số bệnh viện có mức"), _("Số bệnh viện ở Mức 1–2"), _("Tỷ lệ Mức 1–2 (%)")]]
    for c in agg.criteria:
        rows.append([c.code, c.chapter, c.scored, c.low, round(c.share, 1) if c.share is not None else None])
    return rows


def aggregates_csv(agg: Aggregates) -> bytes:
    return csvfile.write(share_rows(agg))


def aggregates_xlsx(agg: Aggregates) -> bytes:
    """Three sheets: the share at Mức 1–2 per criterion, the hospital × chapter means, the province mean by year."""
    wb = Workbook()
    title = _("Tổng hợp các bệnh viện") + (f" – {_('năm')} {agg.year}" if agg.year else "")
    ws = wb.active
    ws.title = _("Mức 1–2 theo tiêu chí")
    append(ws, [title])
    # Row numbers are counted (ws.max_row scans every cell: quadratic over 1,500 hospitals).
    for row_number, row in enumerate(share_rows(agg), start=2):
        append(ws, row)
        if row_number > 2:
            ws.cell(row_number, 5).number_format = "0.0"
    heat = wb.create_sheet(_("Theo chương"))
    append(heat, [title])
    append(heat, [_("Bệnh viện"), _("Đợt đánh giá"), _("Điểm trung bình"), *[c.code for c in agg.chapters]])
    for row_number, h in enumerate(agg.hospitals, start=3):
        s = h.scores
        append(heat, [h.hospital.name, _round_label(h), _rounded(s.mean) if s else None,
                      *[(_rounded(s.chapters.get(c.code)) if s else None) for c in agg.chapters]])
        for column in range(3, 4 + len(agg.chapters)):
            heat.cell(row_number, column).number_format = "0.00"
    by_year = wb.create_sheet(_("Theo năm"))
    append(by_year, [_("Điểm trung bình của tỉnh theo năm")])
    append(by_year, [_("Năm"), _("Số bệnh viện"), _("Điểm trung bình")])
    for row_number, y in enumerate(agg.years, start=3):
        append(by_year, [y.year, y.hospitals, _rounded(y.mean)])
        by_year.cell(row_number, 3).number_format = "0.00"
    for sheet in (ws, heat, by_year):
        for cell in sheet[1] + sheet[2]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A3"
    heat.column_dimensions["A"].width, heat.column_dimensions["B"].width = 40, 40
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _rounded(value: float | None) -> float | None:
    return round(value, 2) if value is not None else None


def aggregates_json(agg: Aggregates) -> dict:
    """GET /api/v1/province/aggregates: the same figures as the page and the files (means unrounded)."""
    return {
        "year": agg.year,
        "chapters": [c.code for c in agg.chapters],
        "criteria": [{"code": c.code, "chapter": c.chapter, "hospitals_scored": c.scored, "hospitals_low": c.low,
                      "low_share": c.share} for c in agg.criteria],
        "hospitals": [{
            "id": h.hospital.id, "name": h.hospital.name,
            "round": {"id": h.round.id, "name": h.round.name, "year": h.round.year, "kind": h.round.kind,
                      "locked_self_assessment": h.locked_self} if h.round else None,
            "mean": h.scores.mean if h.scores else None,
            "chapters": dict(h.scores.chapters) if h.scores else {},
        } for h in agg.hospitals],
        "years": [{"year": y.year, "hospitals": y.hospitals, "mean": y.mean} for y in agg.years],
    }
