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
from quality_assess.province.queries import Row
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
