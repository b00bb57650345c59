"""The import template (.xlsx and .csv): the exact columns, one header row and the five sub-items
verified word for word in the reference (criteria-83.md). Nothing else official is written here."""
from __future__ import annotations

import csv
import io

from quality_assess.catalog.importer import OPTIONAL_COLUMNS, REQUIRED_COLUMNS
from quality_assess.render.xlsx import append

COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS

# (phan, chuong, tieu_chi, muc, ma_tieu_muc, tieu_muc): a criterion header row (its verified
# title), then the only verified sub-item texts. Method and evidence are left for the hospital.
EXAMPLE_ROWS: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("A", "A1", "A1.1", "", "A1.1-0.0", "Người bệnh được chỉ dẫn rõ ràng, đón tiếp và hướng dẫn khoa học, cụ thể"),
    ("A", "A1", "A1.1", "1", "A1.1-1.1", "Thiếu biển hiệu bệnh viện hoặc biển hiệu bị mất chữ, mất nét, méo, xệ."),
    ("A", "A1", "A1.1", "1", "A1.1-1.2", "Chưa có bàn/quầy và nhân viên đón tiếp, hướng dẫn người bệnh."),
    ("A", "A1", "A1.1", "1", "A1.1-1.3", "Giá tiền trông xe ghi không rõ ràng hoặc có dấu hiệu tẩy xóa, thay đổi liên tục."),
    ("A", "A1", "A1.1", "2", "A1.1-2.12", "Bàn tiếp đón có nhân viên y tế (mặc đồng phục và mang biển tên hoặc đeo băng vải để người bệnh dễ nhận biết) trực thường xuyên (trong giờ hành chính) tiếp đón, hướng dẫn và giải đáp cho người bệnh."),  # noqa: E501  (verified official text, kept whole)
    ("C", "C2", "C2.2", "4", "C2.2-4.10", "Mỗi người bệnh điều trị tại bệnh viện được cung cấp một mã xác định (do bệnh viện hoặc cơ quan quản lý quy định và thống nhất cách đặt mã)."),
)


def _rows() -> list[list[str]]:
    return [list(COLUMNS)] + [list(row) + ["", ""] for row in EXAMPLE_ROWS]


def template_xlsx() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "tieu_muc"
    for row in _rows():
        append(sheet, [int(v) if v.isdigit() else (v or None) for v in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEFGH", (6, 8, 9, 5, 12, 90, 40, 40)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def template_csv() -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(_rows())
    return out.getvalue().encode("utf-8-sig")
