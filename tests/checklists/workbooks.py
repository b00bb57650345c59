"""Hospital checklist workbooks as hospitals keep them, made here with openpyxl.

The item texts are SYNTHETIC (written for these tests after the practice described in
/work/shared/reference/xanh-sach-dep.md), not the official 5959 annex nor any hospital's list.
"""
from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook

# (group code, group name, [(item text, max points, severe risk, evidence)])
NOI_GROUPS = [
    ("X", "Xanh", [("Cây xanh, bồn hoa được chăm sóc, không có cây chết", 10, False, "Quan sát hành lang, sân"),
                   ("Không có rác trong bồn cây", 10, False, "Quan sát")]),
    ("S", "Sạch", [("Chất thải y tế được phân loại tại nguồn vào đúng thùng màu", 20, True, "Xem thùng đựng chất thải"),
                   ("Vật sắc nhọn trong hộp kháng thủng, không quá ¾", 15, True, "Xem hộp đựng vật sắc nhọn"),
                   ("Sàn, tường, giường bệnh sạch", 15, False, "Quan sát buồng bệnh")]),
    ("D", "Đẹp", [("Biển báo, chỉ dẫn rõ ràng, không hư hỏng", 15, False, "Quan sát"),
                  ("Nhân viên mặc trang phục, đeo thẻ tên", 15, False, "Quan sát nhân viên")]),
]
NOI_HEADER = ["STT", "Mã nhóm", "Nhóm nội dung", "Nội dung kiểm tra", "Điểm tối đa", "Điểm đạt", "Minh chứng cần xem",
              "Thành viên phụ trách", "Nguy cơ cao"]
# The same columns as another hospital spells them: capitals, no diacritics, other usual names.
NGOAI_HEADER = ["TT", "NOI DUNG", "DIEM CHUAN", "DIEM DAT", "HUONG DAN", "TRONG YEU"]


def _title_block(ws, title: str, width: int) -> None:
    ws.append(["SỞ Y TẾ TỈNH MẪU", None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"])
    ws.append(["BỆNH VIỆN ĐA KHOA MẪU", None, None, None, "Độc lập – Tự do – Hạnh phúc"])
    ws.append([])
    ws.append([title])
    ws.merge_cells(start_row=4, start_column=1, end_row=4, end_column=width)
    ws.append(["Tháng ....../2026"])


def department_sheet(wb: Workbook, name: str, *, groups=NOI_GROUPS, total: int | None = None, bad: dict[str, Any] | None = None) -> None:
    """Layout A: title block, header with diacritics, group cells merged over their rows, a total row, signatures."""
    ws = wb.create_sheet(name)
    _title_block(ws, f"BẢNG KIỂM TRA XANH – SẠCH – ĐẸP {name.upper()}", len(NOI_HEADER))
    ws.append(NOI_HEADER)
    number = 0
    for gcode, gname, items in groups:
        first = ws.max_row + 1
        for text, points, severe, evidence in items:
            number += 1
            ws.append([number, gcode, gname, text, points, None, evidence, "Điều dưỡng trưởng", "x" if severe else None])
        if len(items) > 1:  # the group's cells merged over its rows: only the first holds the value
            ws.merge_cells(start_row=first, start_column=2, end_row=ws.max_row, end_column=2)
            ws.merge_cells(start_row=first, start_column=3, end_row=ws.max_row, end_column=3)
    for (row, column), value in (bad or {}).items():
        ws.cell(int(row), int(column), value)
    counted = sum(p for _g, _n, items in groups for _t, p, _s, _e in items)
    ws.append(["Tổng cộng", None, None, None, counted if total is None else total])
    ws.append([])
    ws.append(["Người kiểm tra", None, None, "Trưởng khoa"])


def heading_sheet(wb: Workbook, name: str) -> None:
    """Layout B: no group column but heading rows ("I | XANH"), headers without diacritics, "Tong cong"."""
    ws = wb.create_sheet(name)
    ws.append([f"PHIEU KIEM TRA XANH SACH DEP - {name.upper()}"])
    ws.append([])
    ws.append(NGOAI_HEADER)
    ws.append(["I", "XANH"])
    ws.append([1, "Cây xanh trong khuôn viên khoa được chăm sóc", 20, None, "Quan sát", None])
    ws.append(["II", "SẠCH"])
    ws.append([2, "Thùng chất thải có nắp, có nhãn", 30, None, "Xem thùng", "có"])
    ws.append([3, "Nhà vệ sinh sạch, không mùi", 30, None, "Quan sát", None])
    ws.append(["III", "ĐẸP"])
    ws.append([4, "Hành lang gọn gàng, không để đồ đạc", 20, None, "", None])
    ws.append(["Tong cong", None, 100])


def two_row_header_sheet(wb: Workbook, name: str) -> None:
    """Layout C: the header on two rows, "Điểm" merged over "Tối đa | Đạt", "Nội dung" merged down."""
    ws = wb.create_sheet(name)
    ws.append([f"BẢNG KIỂM TRA XANH – SẠCH – ĐẸP {name.upper()}"])
    ws.append(["STT", "Nhóm", "Nội dung", "Điểm", None, "Ghi chú"])
    ws.append([None, None, None, "Tối đa", "Đạt", None])
    for column in (1, 2, 3, 6):
        ws.merge_cells(start_row=2, start_column=column, end_row=3, end_column=column)
    ws.merge_cells(start_row=2, start_column=4, end_row=2, end_column=5)
    ws.append([1, "Sạch", "Bồn rửa tay có xà phòng, khăn lau tay", 50, None, None])
    ws.append([2, "Đẹp", "Bảng thông báo cập nhật", 50, None, None])
    ws.append(["Tổng", None, None, 100])


def workbook_bytes(*sheets: tuple[str, str], **options: Any) -> bytes:
    """A workbook with one sheet per department: ("Khoa Nội", "A") for layout A, ("Khoa Ngoại", "B") for B, "C" for C."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, layout in sheets:
        if layout == "A":
            department_sheet(wb, name, **options.get(name, {}))
        elif layout == "C":
            two_row_header_sheet(wb, name)
        else:
            heading_sheet(wb, name)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def hospital_workbook(**options: Any) -> bytes:
    return workbook_bytes(("Khoa Nội", "A"), ("Khoa Ngoại", "B"), **options)
