"""Checklists from the hospital's own workbooks: one template per sheet, whatever the layout is near.

Hospitals keep their department checklists in Excel: a title block, then a header row such as
`STT | Mã nhóm | Nhóm nội dung | Nội dung kiểm tra | Điểm tối đa | Điểm đạt | Minh chứng cần xem |
Thành viên phụ trách`, group cells merged over their rows, a "Tổng cộng" row, a signature block.
`read_sheet` works on the rows of one sheet (plain tuples of values, as `render.xlsx.open_workbook`
streams them) and returns a `SheetPreview`: the header row and columns it found (or was given), the
groups and items, the total, and each problem naming its row and column. No Flask, no database.

Header names are compared without diacritics, case or spaces (see HEADER_NAMES). Layouts recognised:
- the header row anywhere in the first HEADER_SCAN rows (title rows above it are skipped; the row with
  the most known names wins, it needs at least the item text and the maximum points), also written on
  two rows ("Điểm" merged over "Tối đa | Đạt" reads as "Điểm tối đa", "Điểm đạt");
- groups from a group column (a merged cell, or a value given once, carries down to the rows below it),
  or from heading rows (a row with text and no points, e.g. "I | XANH");
- item codes from a code column, else from STT (prefixed by the group code when STT restarts per group),
  else numbered within their group;
- reading stops at the first total row ("Tổng", "Tổng cộng", "Tổng điểm", "Cộng"); its points, when
  given, must equal the sum of the items;
- a severe-risk column ("nguy cơ cao", "trọng yếu") marks an item with x / có / 1 / yes.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any
from collections.abc import Mapping, Sequence

from openpyxl.utils import get_column_letter

from quality_assess.checklists.loader import CODE, TemplateError, validate_template
from quality_assess.render.xlsx import open_workbook, untext

HEADER_SCAN = 30   # rows searched for the header

# field → its Vietnamese label (for messages) and the header names it is known by (normalized).
FIELDS: dict[str, str] = {
    "stt": "STT",
    "code": "Mã mục",
    "group_code": "Mã nhóm",
    "group": "Nhóm nội dung",
    "text": "Nội dung kiểm tra",
    "max_points": "Điểm tối đa",
    "guidance": "Minh chứng / hướng dẫn",
    "severe": "Nguy cơ cao",
    "member": "Thành viên phụ trách",
}
HEADER_NAMES: dict[str, tuple[str, ...]] = {
    "stt": ("stt", "tt", "so tt", "so thu tu"),
    "code": ("ma muc", "ma tieu chi", "ma noi dung", "ma"),
    "group_code": ("ma nhom", "ma nhom noi dung"),
    "group": ("nhom", "nhom noi dung", "ten nhom", "ten nhom noi dung", "noi dung nhom", "nhom tieu chi"),
    "text": ("noi dung", "noi dung kiem tra", "noi dung danh gia", "tieu chi", "tieu chi kiem tra", "noi dung tieu chi"),
    "max_points": ("diem toi da", "diem chuan", "so diem toi da", "diem toi da (diem)", "thang diem"),
    "guidance": ("minh chung", "minh chung can xem", "huong dan", "huong dan kiem tra", "phuong phap kiem tra"),
    "severe": ("nguy co cao", "trong yeu", "tieu chi nguy co cao", "muc trong yeu", "nguy co cao (x)"),
    "member": ("thanh vien phu trach", "nguoi phu trach", "nguoi cham", "thanh vien cham"),
}
REQUIRED = ("text", "max_points")
TOTAL = re.compile(r"^(tong|tong cong|tong diem|tong so diem|cong)\b")
TITLE = re.compile(r"^(bang kiem|phieu kiem tra|phieu danh gia|bang diem|bang tieu chi|tieu chi danh gia)")
YES, NO = {"x", "co", "1", "yes", "true", "v", "✓", "✔"}, {"", "khong", "0", "no", "false", "-"}
DEFAULT_SOURCE = "Nhập từ bảng tính của bệnh viện"


def normalize(value: Any) -> str:
    """Header text as compared: no diacritics (đ → d), lower case, single spaces, no trailing colon."""
    text = unicodedata.normalize("NFD", cell_text(value).replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if unicodedata.category(c) != "Mn").lower()
    return re.sub(r"\s+", " ", text).strip(" :.*")


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return untext(unicodedata.normalize("NFC", str(value)).strip())


def slug(text: str, limit: int = 60) -> str:
    """A template or group code from a name: "Khoa Nội tổng hợp" → "khoa-noi-tong-hop"."""
    return re.sub(r"[^a-z0-9]+", "-", normalize(text)).strip("-")[:limit].strip("-")


def signature(row: Sequence[Any]) -> str:
    """The layout key of a header row: its normalized cells, in order (the mapping is remembered by it)."""
    cells = [normalize(v) for v in row]
    while cells and not cells[-1]:
        cells.pop()
    return hashlib.sha256("|".join(cells).encode()).hexdigest() if any(cells) else ""


def guess_columns(header: Sequence[Any]) -> dict[str, int]:
    """field → column number (1 = A) of the cells of `header` whose text is a known name."""
    found: dict[str, int] = {}
    for number, value in enumerate(header, start=1):
        name = normalize(value)
        for key, names in HEADER_NAMES.items():
            if name in names and key not in found:
                found[key] = number
                break
    return found


@dataclass
class ColumnMapping:
    header_row: int
    columns: dict[str, int]


@dataclass
class SheetPreview:
    sheet: str
    code: str = ""
    name: str = ""
    header_row: int | None = None
    columns: dict[str, int] = field(default_factory=dict)
    headers: list[str] = field(default_factory=list)   # the header row's texts (the mapping form's choices)
    width: int = 0                                     # columns holding a value somewhere in the sheet
    signature: str = ""
    remembered: bool = False                           # the mapping came from an earlier import
    groups: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    data: dict[str, Any] | None = None                 # the validated template when there is no problem

    @property
    def items(self) -> list[dict[str, Any]]:
        return [item for g in self.groups for item in g["items"]]

    @property
    def max_points(self) -> int:
        return sum(item["max_points"] for item in self.items)

    def summary(self) -> dict[str, Any]:
        """What `import-sheet --json` prints for the sheet."""
        return {"sheet": self.sheet, "code": self.code, "name": self.name, "groups": len(self.groups),
                "items": len(self.items), "max_points": self.max_points, "problems": list(self.problems)}


def _where(row: int, column: int | None = None, key: str | None = None) -> str:
    return f"Dòng {row}" + (f", cột {get_column_letter(column)} ({FIELDS[key]})" if column and key else "")


def two_row_header(top: Sequence[Any], below: Sequence[Any]) -> list[str]:
    """A header written on two rows ("Điểm" merged over "Tối đa | Đạt") as one: each column's top text
    (carried right over a merged cell) and the text below it, "Điểm tối đa", "Điểm đạt"."""
    combined, carried = [], ""
    for number in range(max(len(top), len(below))):
        upper = cell_text(top[number]) if number < len(top) else ""
        lower = cell_text(below[number]) if number < len(below) else ""
        if upper:
            carried = upper
        elif lower:
            upper = carried
        combined.append(f"{upper} {lower}".strip())
    return combined


def _find_header(rows: Sequence[Sequence[Any]], remembered: Mapping[str, ColumnMapping]) -> tuple[int | None, dict[str, int], bool]:
    """(header row number, columns, remembered?): a remembered layout first, else the best-named row
    (alone, or with the row below it when the header is written on two rows)."""
    best: tuple[int, int | None, dict[str, int]] = (0, None, {})
    for number, row in enumerate(rows[:HEADER_SCAN], start=1):
        key = signature(row)
        if key and key in remembered:
            return number, dict(remembered[key].columns), True
        if not any(cell_text(v) for v in row):
            continue
        columns = guess_columns(row)
        if not all(k in columns for k in REQUIRED) and number < len(rows):
            columns = guess_columns(two_row_header(row, rows[number]))
        if all(k in columns for k in REQUIRED) and len(columns) > best[0]:
            best = (len(columns), number, columns)
    return best[1], best[2], False


def _title(rows: Sequence[Sequence[Any]], header_row: int) -> str:
    """The checklist's title from the rows above the header ("BẢNG KIỂM ..." / "PHIẾU KIỂM TRA ...")."""
    for row in rows[:header_row - 1]:
        for value in row:
            text = cell_text(value)
            if TITLE.match(normalize(text)):
                text = re.sub(r"\s+", " ", text)
                return text[0] + text[1:].lower() if text.isupper() else text
    return ""


def template_name(sheet: str, title: str) -> str:
    """Named from its title row, with the sheet's name (usually the department) when the title lacks it."""
    if not title:
        return sheet
    return title if normalize(sheet) in normalize(title) else f"{title} – {sheet}"


def _points(text: str) -> int | None:
    if text.isascii() and text.isdigit():
        return int(text)
    if re.fullmatch(r"\d+[.,]0+", text):
        return int(re.split(r"[.,]", text)[0])
    return None


def read_sheet(rows: Sequence[Sequence[Any]], sheet: str, *, mapping: ColumnMapping | None = None,
               remembered: Mapping[str, ColumnMapping] | None = None, code: str | None = None) -> SheetPreview:
    """One sheet as a template preview. `mapping` (the user's correction) wins over a remembered layout
    (by header signature), which wins over the names found in the header row."""
    preview = SheetPreview(sheet=sheet, width=max((len(r) for r in rows), default=0))
    header_row: int | None
    if mapping is not None:
        header_row, columns, preview.remembered = mapping.header_row, dict(mapping.columns), False
        if not columns and 1 <= header_row <= len(rows):   # a header row chosen, its columns not yet: guess them
            columns = guess_columns(rows[header_row - 1])
            if not all(k in columns for k in REQUIRED) and header_row < len(rows):
                columns = guess_columns(two_row_header(rows[header_row - 1], rows[header_row]))
    else:
        header_row, columns, preview.remembered = _find_header(rows, remembered or {})
    if header_row is not None and not 1 <= header_row <= len(rows):
        preview.code, preview.name, preview.header_row = code or slug(sheet) or "bang-kiem", sheet, header_row
        preview.problems.append(f"Dòng tiêu đề {header_row} không có trong trang (trang có {len(rows)} dòng).")
        return preview
    if header_row is None:
        preview.code, preview.name = code or slug(sheet) or "bang-kiem", sheet
        preview.problems.append("Không tìm thấy dòng tiêu đề cột (cần ít nhất các cột “Nội dung kiểm tra” và “Điểm tối đa”): "
                                "hãy chọn dòng tiêu đề và các cột.")
        return preview
    header = rows[header_row - 1]
    preview.header_row, preview.columns = header_row, columns
    preview.headers = [cell_text(v) for v in header]
    preview.signature = signature(header)
    preview.name = template_name(sheet, _title(rows, header_row))
    preview.code = code or slug(sheet) or "bang-kiem"
    for key in REQUIRED:
        if key not in columns:
            preview.problems.append(f"Dòng {header_row}: không thấy cột “{FIELDS[key]}”: hãy chọn cột đó.")
    for key, number in columns.items():
        if key not in FIELDS or not 1 <= number <= max(preview.width, 1):
            preview.problems.append(f"Cột {FIELDS.get(key, key)}: số cột {number} không có trong trang.")
    if preview.problems:
        return preview
    _read_items(rows, header_row, columns, preview)
    if not preview.problems:
        _validate(preview)
    return preview


def _read_items(rows: Sequence[Sequence[Any]], header_row: int, columns: dict[str, int], preview: SheetPreview) -> None:
    def get(row: Sequence[Any], key: str) -> str:
        number = columns.get(key)
        return cell_text(row[number - 1]) if number and number <= len(row) else ""

    groups: list[dict[str, Any]] = []
    group_rows: dict[int, int] = {}              # group index → its first row (for "no items" problems)
    carried = {"group": "", "group_code": ""}   # merged or given-once group cells carry down
    for number in range(header_row + 1, len(rows) + 1):
        row = rows[number - 1]
        values = {key: get(row, key) for key in FIELDS}
        if not any(values.values()):
            continue
        if number == header_row + 1 and not values["text"] and _points(values["max_points"]) is None:
            continue   # the second row of a two-row header ("Tối đa" under "Điểm")
        first_words = normalize(values["stt"] or values["group"] or values["text"] or values["group_code"])
        if TOTAL.match(first_words) or TOTAL.match(normalize(values["text"])):
            stated = _points(values["max_points"])
            counted = sum(item["max_points"] for g in groups for item in g["items"])
            if values["max_points"] and stated is not None and stated != counted:
                preview.problems.append(f"{_where(number, columns['max_points'], 'max_points')}: dòng tổng ghi {stated} điểm "
                                        f"nhưng các mục cộng lại {counted} điểm.")
            break
        for key in ("group", "group_code"):
            if key in columns:
                if values[key]:
                    carried[key] = values[key]
                else:
                    values[key] = carried[key]
        if not values["max_points"]:
            if values["text"] and not ("group" in columns and values["group"]):
                # a heading row: "I | XANH" starts a group
                name = values["text"]
                gcode = values["group_code"] or values["stt"] or str(len(groups) + 1)
                groups.append({"code": gcode, "name": name, "items": [], "heading": True})
                group_rows[len(groups) - 1] = number
                continue
            if values["text"] or (values["stt"] and values["group"]):
                preview.problems.append(f"{_where(number, columns['max_points'], 'max_points')}: ô trống.")
            continue
        points = _points(values["max_points"])
        if points is None or not 1 <= points <= 100:
            preview.problems.append(f"{_where(number, columns['max_points'], 'max_points')}: “{values['max_points']}” "
                                    "không phải số nguyên từ 1 đến 100.")
            continue
        if not values["text"]:
            preview.problems.append(f"{_where(number, columns['text'], 'text')}: ô trống.")
            continue
        severe = normalize(values["severe"])
        if severe not in YES | NO:
            preview.problems.append(f"{_where(number, columns['severe'], 'severe')}: ghi “x” hoặc “có”, hoặc để trống "
                                    f"(đang là “{values['severe']}”).")
            continue
        group = _group_for(groups, values, group_rows, number)
        if group is None:
            preview.problems.append(f"{_where(number)}: mục không thuộc nhóm nào (thiếu cột “{FIELDS['group']}” "
                                    "hoặc dòng tên nhóm phía trên).")
            continue
        group["items"].append({"row": number, "stt": values["stt"], "code": values["code"], "text": values["text"],
                               "max_points": points, "severe_risk": severe in YES, "guidance": values["guidance"],
                               "member": values["member"]})
    for index, group in enumerate(groups):
        if not group["items"]:
            preview.problems.append(f"{_where(group_rows[index])}: nhóm “{group['name']}” không có mục nào.")
    _number_items(groups, columns, preview)
    preview.groups = groups


def _group_for(groups: list[dict[str, Any]], values: dict[str, str], group_rows: dict[int, int], number: int) -> dict[str, Any] | None:
    name, gcode = values["group"], values["group_code"]
    if not name and not gcode:
        return groups[-1] if groups and groups[-1].get("heading") else None
    for group in groups:
        if (gcode and group["code"] == gcode) or (not gcode and group["name"] == name):
            if name and not group["name"]:
                group["name"] = name
            return group
    groups.append({"code": gcode or str(len(groups) + 1), "name": name or gcode, "items": [], "heading": False})
    group_rows[len(groups) - 1] = number
    return groups[-1]


def _clean_code(text: str) -> str:
    code = re.sub(r"[^A-Za-z0-9_.\-]+", "", normalize(text).upper() if not text.isascii() else text.replace(" ", ""))
    return code.strip(".")[:20]


def _number_items(groups: list[dict[str, Any]], columns: dict[str, int], preview: SheetPreview) -> None:
    """Item and group codes: given ones, else STT (with the group's code when STT repeats), else numbered."""
    for gi, group in enumerate(groups, start=1):
        group["code"] = _clean_code(group["code"]) or f"N{gi}"
    stts = [item["stt"] for g in groups for item in g["items"]]
    stt_unique = all(stts) and len(set(stts)) == len(stts)
    seen: dict[str, int] = {}
    for group in groups:
        for n, item in enumerate(group["items"], start=1):
            if item["code"]:
                code = _clean_code(item["code"])
            elif item["stt"] and stt_unique:
                code = _clean_code(item["stt"])
            elif item["stt"]:
                code = _clean_code(f"{group['code']}.{item['stt']}")
            else:
                code = f"{group['code']}.{n}"
            if not code or not CODE.match(code):
                code = f"{group['code']}.{n}"
            if code in seen:
                where = _where(item["row"], columns.get("code") or columns.get("stt"), "code" if "code" in columns else "stt")
                preview.problems.append(f"{where}: mã mục “{code}” trùng với dòng {seen[code]}.")
            seen.setdefault(code, item["row"])
            item["code"] = code


def _validate(preview: SheetPreview) -> None:
    """The shared template rules (codes, points, groups) over what was read; a problem names its row."""
    rows = {item["code"]: item["row"] for item in preview.items}
    meta = {"code": preview.code, "name": preview.name, "source": f"{DEFAULT_SOURCE} (trang “{preview.sheet}”)",
            "total_points": preview.max_points}
    groups = [{"code": g["code"], "name": g["name"]} for g in preview.groups]
    items = [{"group": g["code"], "code": i["code"], "text": i["text"], "max_points": i["max_points"],
              "critical": i["severe_risk"], "severe_risk": i["severe_risk"], "guidance": i["guidance"]}
             for g in preview.groups for i in g["items"]]
    try:
        preview.data = validate_template(meta, groups, items)
    except TemplateError as exc:
        at = f"Dòng {rows[exc.code]}: " if exc.code in rows else ""
        preview.problems.append(f"{at}{exc.message}")


@dataclass
class WorkbookPreview:
    sheetnames: list[str]
    sheets: list[SheetPreview]

    @property
    def ok(self) -> bool:
        return bool(self.sheets) and not any(s.problems for s in self.sheets)

    def summary(self) -> dict[str, Any]:
        return {"templates": [s.summary() for s in self.sheets]}


def read_workbook(data: bytes, sheets: Sequence[str] | None = None, *, mappings: Mapping[str, ColumnMapping] | None = None,
                  remembered: Mapping[str, ColumnMapping] | None = None) -> WorkbookPreview:
    """The chosen sheets (all when `sheets` is None) of an uploaded workbook, read through the hostile-file
    guard (render.xlsx.open_workbook: a refusal is a ValidationError). `mappings`: sheet → the user's mapping."""
    book = open_workbook(data)
    try:
        names = list(book.sheetnames)
        chosen = list(names if sheets is None else sheets)
        previews = []
        for name in chosen:
            if name not in names:
                previews.append(SheetPreview(sheet=name, code=slug(name), name=name,
                                             problems=[f"Tệp không có trang “{name}” (có: {', '.join(names)})."]))
                continue
            rows = list(book[name].iter_rows(values_only=True))
            previews.append(read_sheet(rows, name, mapping=(mappings or {}).get(name), remembered=remembered))
    finally:
        book.close()
    codes: dict[str, str] = {}
    for preview in previews:
        if preview.code in codes:
            preview.problems.append(f"Trang “{preview.sheet}” cho cùng mã mẫu “{preview.code}” với trang “{codes[preview.code]}”: "
                                    "hãy đổi tên một trang.")
            preview.data = None
        codes.setdefault(preview.code, preview.sheet)
    return WorkbookPreview(names, previews)
