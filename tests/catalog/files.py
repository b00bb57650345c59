"""Files in the import format, built from SYNTHETIC sub-items (tests.builders.synthetic_rows)."""
from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import Workbook

COLUMNS = ["phan", "chuong", "tieu_chi", "muc", "ma_tieu_muc", "tieu_muc"]


def csv_bytes(rows: list[dict[str, Any]], columns: list[str] = COLUMNS, delimiter: str = ",", bom: bool = False) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    return out.getvalue().encode("utf-8-sig" if bom else "utf-8")


def xlsx_bytes(rows: list[dict[str, Any]], columns: list[str] = COLUMNS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    sheet.append(columns)
    for row in rows:
        sheet.append([row.get(c) for c in columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
