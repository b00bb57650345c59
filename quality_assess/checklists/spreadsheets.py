"""Spreadsheets (openpyxl): a template to and from .xlsx (items as rows), an audit and a month's results.

Import validates every cell and names sheet, row and column in its errors; nothing is stored on error.
"""
from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from quality_assess.checklists import scoring
from quality_assess.checklists.loader import TemplateError, validate_template
from quality_assess.domain import ValidationError
from quality_assess.render.xlsx import append, open_workbook, untext

META_SHEET, ITEM_SHEET = "Mẫu", "Mục"
META_KEYS = {"ma_mau": "code", "ten": "name", "nguon": "source", "tong_diem": "total_points", "xep_loai": "bands"}
ITEM_COLUMNS = ("nhom", "ten_nhom", "ma_muc", "noi_dung", "diem_toi_da", "trong_yeu", "huong_dan")
SEVERE_COLUMN = "nguy_co_cao"   # optional (files written before it lack it): unmet, the audit gets the lowest band
YES, NO = {"có", "co", "x", "1", "true", "yes"}, {"", "không", "khong", "0", "false", "no"}
HEADER = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E6F2ED")


def _book_bytes(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _header(ws, values: list[str]) -> None:
    append(ws, values)
    for cell in ws[ws.max_row]:
        cell.font, cell.fill = HEADER, HEADER_FILL


def template_xlsx(data: dict[str, Any]) -> bytes:
    """A template (the plain data of loader.content) as a workbook that template_from_xlsx reads back."""
    wb = Workbook()
    meta = wb.active
    meta.title = META_SHEET
    _header(meta, ["khoa", "gia_tri"])
    for key, name in META_KEYS.items():
        if key == "xep_loai":
            append(meta, [key, "; ".join(f"{b['min']} {b['label']}" for b in data.get("bands") or [])])
        else:
            append(meta, [key, data[name]])
    items = wb.create_sheet(ITEM_SHEET)
    _header(items, [*ITEM_COLUMNS, SEVERE_COLUMN])
    for group in data["groups"]:
        for item in group["items"]:
            append(items, [group["code"], group["name"], item["code"], item["text"], item["max_points"],
                          "có" if item["critical"] else "", item["guidance"], "có" if item.get("severe_risk") else ""])
    for ws, widths in ((meta, (14, 80)), (items, (8, 14, 10, 80, 12, 10, 50, 12))):
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
    return _book_bytes(wb)


def _where(sheet: str, row: int, column: int | None = None, name: str | None = None) -> str:
    place = f"Trang “{sheet}”, dòng {row}"
    return place + (f", cột {get_column_letter(column)} ({name})" if column else "")


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return untext(str(value).strip())


def _bands(text: str, where: str) -> list[dict[str, Any]] | None:
    """ "90 Tốt; 80 Đạt; 0 Không đạt" (minimum, label) as bands; blank: None (the hospital's)."""
    if not text:
        return None
    bands = []
    for part in text.split(";"):
        minimum, _, label = part.strip().partition(" ")
        try:
            value = float(minimum.replace(",", "."))
        except ValueError:
            value = -1
        if not 0 <= value <= 100 or not label.strip():
            raise ValidationError("%(where)s: xếp loại ghi “90 Tốt; 80 Đạt; 0 Không đạt”.", where=where)
        bands.append({"min": int(value) if value.is_integer() else value, "label": label.strip()})
    if scoring.band_ranges_problem(scoring.ranges_from_bands(bands)) is not None:
        raise ValidationError("%(where)s: các mức xếp loại phải khác nhau và có một mức bắt đầu từ 0.", where=where)
    return sorted(bands, key=lambda b: b["min"], reverse=True)


def template_from_xlsx(data: bytes) -> dict[str, Any]:
    """Read and validate a template workbook; raise ValidationError naming sheet, row and column."""
    wb = open_workbook(data)  # the spreadsheet guard: size caps, then streamed read-only
    try:
        return _template(wb)
    finally:
        wb.close()


def _template(wb: Any) -> dict[str, Any]:
    for sheet in (META_SHEET, ITEM_SHEET):
        if sheet not in wb.sheetnames:
            raise ValidationError("Tệp thiếu trang “%(sheet)s”.", sheet=sheet)

    meta: dict[str, Any] = {}
    for r, row in enumerate(wb[META_SHEET].iter_rows(min_row=2, values_only=True), start=2):
        key = _cell_text(row[0] if row else None)
        if not key:
            continue
        if key not in META_KEYS:
            raise ValidationError("%(where)s: khóa “%(key)s” không hợp lệ.", where=_where(META_SHEET, r, 1, "khoa"), key=key)
        value = row[1] if len(row) > 1 else None
        if key == "tong_diem":
            if not (_cell_text(value).isascii() and _cell_text(value).isdigit()):  # "²".isdigit() too
                raise ValidationError("%(where)s: tổng điểm phải là số nguyên.", where=_where(META_SHEET, r, 2, "gia_tri"))
            value = int(_cell_text(value))
        if key == "xep_loai":
            meta["bands"] = _bands(_cell_text(value), _where(META_SHEET, r, 2, "gia_tri"))
            continue
        meta[META_KEYS[key]] = _cell_text(value) if key != "tong_diem" else value

    rows = wb[ITEM_SHEET].iter_rows(values_only=True)
    header = [_cell_text(v) for v in next(rows, ())]
    missing = [c for c in ITEM_COLUMNS if c not in header]
    if missing:
        raise ValidationError("Trang “%(sheet)s”, dòng 1: thiếu cột %(cols)s.", sheet=ITEM_SHEET, cols=", ".join(missing))
    col = {name: header.index(name) for name in (*ITEM_COLUMNS, SEVERE_COLUMN) if name in header}
    groups: dict[str, dict] = {}
    items: list[dict] = []
    item_rows: dict[str, int] = {}
    for r, row in enumerate(rows, start=2):
        values = {name: _cell_text(row[i] if i < len(row) else None) for name, i in col.items()}
        if not any(values.values()):
            continue
        for name in ("nhom", "ma_muc", "noi_dung", "diem_toi_da"):
            if not values[name]:
                raise ValidationError("%(where)s: ô trống.", where=_where(ITEM_SHEET, r, col[name] + 1, name))
        if not (values["diem_toi_da"].isascii() and values["diem_toi_da"].isdigit()):
            raise ValidationError("%(where)s: điểm tối đa phải là số nguyên.", where=_where(ITEM_SHEET, r, col["diem_toi_da"] + 1, "diem_toi_da"))
        critical, severe = values["trong_yeu"].lower(), values.get(SEVERE_COLUMN, "").lower()
        for name, value in (("trong_yeu", critical), (SEVERE_COLUMN, severe)):
            if value not in YES | NO:
                raise ValidationError("%(where)s: ghi “có” hoặc để trống.", where=_where(ITEM_SHEET, r, col[name] + 1, name))
        group = values["nhom"]
        if group not in groups:
            if not values["ten_nhom"]:
                raise ValidationError("%(where)s: nhóm mới cần tên nhóm.", where=_where(ITEM_SHEET, r, col["ten_nhom"] + 1, "ten_nhom"))
            groups[group] = {"code": group, "name": values["ten_nhom"]}
        item_rows.setdefault(values["ma_muc"], r)
        items.append({"group": group, "code": values["ma_muc"], "text": values["noi_dung"], "max_points": int(values["diem_toi_da"]),
                      "critical": critical in YES, "severe_risk": severe in YES, "guidance": values["huong_dan"]})
    try:
        return validate_template(meta, list(groups.values()), items)
    except TemplateError as exc:
        sheet, at = (ITEM_SHEET, item_rows[exc.code]) if exc.code in item_rows else (META_SHEET, None)
        where = _where(sheet, at) if at else f"Trang “{sheet}”"
        code = f"{exc.code}: " if exc.code and exc.code != "template" else ""
        raise ValidationError("%(where)s: %(code)s%(problem)s", where=where, code=code, problem=exc.message) from exc


def audit_xlsx(audit: Any, result: Any, number: Any, band: str | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Phiếu kiểm tra"
    append(ws, ["Khoa/phòng", audit.department.name])
    append(ws, ["Ngày kiểm tra", audit.audit_date])
    append(ws, ["Người kiểm tra", audit.auditor.display_name if audit.auditor else ""])
    append(ws, ["Mẫu", audit.template.label])
    append(ws, ["Điểm", number(result.score), f"{result.points}/{result.applicable_max}"])
    append(ws, ["Xếp loại", band or ""])
    append(ws, ["Mục trọng yếu chưa đạt", result.critical_failed])
    if result.severe_failed:
        append(ws, ["Không đạt do tiêu chí nguy cơ cao", ", ".join(result.severe_failed)])
    append(ws, [])
    _header(ws, ["Nhóm", "Mã", "Nội dung", "Điểm tối đa", "Điểm", "Trọng yếu", "Tồn tại / ghi chú"])
    for group in audit.template.groups:
        for item in group.items:
            answer = audit.answer_for(item.id)
            points = "KAD" if answer and answer.not_applicable else (answer.points if answer else None)
            append(ws, [group.name, item.code, item.text, item.max_points, points, "có" if item.critical else "", answer.note if answer else ""])
    ws.column_dimensions["C"].width = 70
    ws.column_dimensions["G"].width = 40
    return _book_bytes(wb)


def month_xlsx(title: str, rows: list[dict[str, Any]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Kết quả tháng"
    append(ws, [title])
    _header(ws, ["Khoa/phòng", "Ngày kiểm tra", "Điểm", "Xếp loại", "Mục trọng yếu chưa đạt"])
    for row in rows:
        append(ws, [row["department"], row["date"], None if row["score"] is None else round(row["score"], 2), row["band"], row["critical_failed"]])
        ws.cell(ws.max_row, 3).number_format = "0.00"   # a number: Excel shows the reader's decimal separator
    ws.column_dimensions["A"].width = 40
    return _book_bytes(wb)
