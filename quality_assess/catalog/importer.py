"""Import the hospital's official sub-item (tiểu mục) list from .xlsx or .csv.

Three steps: `read_table` turns the file into numbered rows, `plan_import` checks every row against
the catalogue and compares with the database (the preview), `apply_import` writes the plan in one
transaction. Sub-items are matched by code, so their ids, and the answers recorded against them,
survive a re-import; items missing from a later list are retired (active=False), never deleted.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any
from collections.abc import Callable

import sqlalchemy as sa

from quality_assess.catalog import signals
from quality_assess.catalog.models import Chapter, Criterion, Part, SubItem
from quality_assess.database import db
from quality_assess.domain import ValidationError
from quality_assess.history.models import record
from quality_assess.i18n import nfc
from quality_assess.render.xlsx import open_workbook, untext

REQUIRED_COLUMNS = ("phan", "chuong", "tieu_chi", "muc", "ma_tieu_muc", "tieu_muc")
OPTIONAL_COLUMNS = ("phuong_phap", "bang_chung")
EXTENSIONS = (".xlsx", ".csv")
MAX_ERRORS = 100
MAX_TEXT = 5000
# A1.1-2.12: criterion A1.1, level 2, item 12. Header rows use zeros: A0.0-0.0, A1.0-0.0, A1.1-0.0.
CODE = re.compile(r"^([A-E])(\d+)\.(\d+)-(\d+)\.(\d+)$")


class ImportFailed(Exception):
    """The file cannot be imported; `errors` lists every problem found (Vietnamese)."""

    def __init__(self, errors: list[Issue]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


@dataclass(frozen=True)
class Issue:
    message: str
    row: int | None = None
    column: str | None = None
    sheet: str | None = None

    def __str__(self) -> str:
        where = []
        if self.sheet:
            where.append(f"trang tính “{self.sheet}”")
        if self.row:
            where.append(f"dòng {self.row}")
        if self.column:
            where.append(f"cột {self.column}")
        if not where:
            return self.message
        prefix = ", ".join(where)
        return prefix[0].upper() + prefix[1:] + ": " + self.message


@dataclass
class Table:
    sheet: str | None
    header: list[str]
    header_row: int
    rows: list[tuple[int, list[str]]]   # (row number in the file, cells)


@dataclass
class Plan:
    """What an import would do. Empty `errors` means it can be applied."""

    filename: str
    errors: list[Issue] = field(default_factory=list)
    items: dict[str, dict[str, Any]] = field(default_factory=dict)
    names: dict[str, dict[str, str]] = field(default_factory=lambda: {"part": {}, "chapter": {}, "criterion": {}})
    counts: dict[str, dict[int, int]] = field(default_factory=dict)   # criterion → level → items
    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    title_changes: list[tuple[str, str, str]] = field(default_factory=list)   # (code, old, new)
    name_changes: list[tuple[str, str, str]] = field(default_factory=list)
    rescored: int = 0      # once applied: results of rounds not locked scored again (signals.sub_items_changed)
    undecided: int = 0     # of them, results that had a level and now need answers

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        return (
            f"{len(self.items)} tiểu mục: {len(self.new)} mới, {len(self.updated)} cập nhật, "
            f"{len(self.unchanged)} không đổi, {len(self.retired)} ngừng sử dụng; "
            f"{len(self.title_changes)} tên tiêu chí thay đổi"
        )

    def lines(self) -> list[str]:
        """The preview as plain text (for the CLI)."""
        out = [f"Tệp {self.filename}: {self.summary()}"]
        for code, levels in self.counts.items():
            per_level = ", ".join(f"Mức {lv}: {levels.get(lv, 0)}" for lv in range(1, 6))
            out.append(f"  {code}: {per_level} (tổng {sum(levels.values())})")
        for code, old, new in self.name_changes + self.title_changes:
            out.append(f"  Đổi tên {code}: “{old}” → “{new}”")
        if self.retired:
            out.append("  Ngừng sử dụng: " + ", ".join(self.retired))
        return out


def column_key(header: Any) -> str:
    """'Mã tiểu mục' → 'ma_tieu_muc': no diacritics, lower case, words joined by '_'."""
    text = unicodedata.normalize("NFD", str(header or "")).replace("đ", "d").replace("Đ", "D")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return "_".join(re.findall(r"[a-z0-9]+", text))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return untext(nfc(str(value)) or "")


def read_table(filename: str, data: bytes) -> Table:
    """The first sheet of an .xlsx, or a UTF-8 .csv (comma or semicolon); raise ImportFailed."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        return _read_xlsx(data)
    if name.endswith(".csv"):
        return _read_csv(data)
    raise ImportFailed([Issue("Chỉ nhận tệp .xlsx hoặc .csv.")])


def _read_xlsx(data: bytes) -> Table:
    """The first sheet, through the spreadsheet guard (render.xlsx: size caps, then streamed read-only)."""
    try:
        book = open_workbook(data)
        try:
            sheet = book.worksheets[0]
            rows = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            title = sheet.title
        finally:
            book.close()
    except ValidationError as exc:
        raise ImportFailed([Issue(exc.text())]) from exc
    return _table(title, rows)


def _read_csv(data: bytes) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFailed([Issue("Tệp CSV phải được lưu với bảng mã UTF-8.")]) from exc
    lines = text.splitlines()[:10]
    header = next((line for line in lines if "ma_tieu_muc" in column_key(line)), lines[0] if lines else "")
    delimiter = ";" if header.count(";") > header.count(",") else ","
    try:  # newline="": a bare carriage return ends a line, as in the files Excel writes on old Macs
        rows = [[_cell(v) for v in row] for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        raise ImportFailed([Issue(f"Không đọc được tệp CSV: {exc}")]) from exc
    return _table(None, rows)


def _table(sheet: str | None, rows: list[list[str]]) -> Table:
    """The header is the first row naming `ma_tieu_muc` among the first ten (a title may sit above it)."""
    numbered = [(i, row) for i, row in enumerate(rows, start=1) if any(row)]
    if not numbered:
        raise ImportFailed([Issue("Tệp trống.", sheet=sheet)])
    at = next((k for k, (_, row) in enumerate(numbered[:10]) if "ma_tieu_muc" in map(column_key, row)), 0)
    return Table(sheet, [column_key(h) for h in numbered[at][1]], numbered[at][0], numbered[at + 1:])


def _columns(table: Table) -> dict[str, int]:
    """Column name → index; raise ImportFailed naming every missing required column."""
    found: dict[str, int] = {}
    for index, key in enumerate(table.header):
        for name in REQUIRED_COLUMNS + OPTIONAL_COLUMNS:
            exact = key == name
            if name not in found and (exact or (name in OPTIONAL_COLUMNS and key.startswith(name + "_"))):
                found[name] = index
    missing = [c for c in REQUIRED_COLUMNS if c not in found]
    if missing:
        raise ImportFailed([
            Issue(f"thiếu cột “{c}” (các cột bắt buộc: {', '.join(REQUIRED_COLUMNS)})", row=table.header_row, sheet=table.sheet) for c in missing
        ])
    return found


@dataclass
class _Catalogue:
    parts: dict[str, Part]
    chapters: dict[str, Chapter]
    criteria: dict[str, Criterion]   # in catalogue order

    @classmethod
    def load(cls) -> _Catalogue:
        return cls(
            {p.code: p for p in db.session.scalars(sa.select(Part))},
            {c.code: c for c in db.session.scalars(sa.select(Chapter))},
            {c.code: c for c in db.session.scalars(sa.select(Criterion).order_by(Criterion.position))},
        )


def plan_import(filename: str, data: bytes) -> Plan:
    """Read and check the file, and compare it with the database. Writes nothing."""
    plan = Plan(filename)
    try:
        table = read_table(filename, data)
        columns = _columns(table)
    except ImportFailed as exc:
        plan.errors = exc.errors
        return plan
    catalogue = _Catalogue.load()
    seen: dict[str, int] = {}   # code → row
    for number, cells in table.rows:
        row = {name: cells[i] if i < len(cells) else "" for name, i in columns.items()}
        _check_row(plan, catalogue, seen, row, number, table.sheet)
        if len(plan.errors) >= MAX_ERRORS:
            plan.errors.append(Issue(f"Dừng kiểm tra sau {MAX_ERRORS} lỗi; hãy sửa các lỗi trên rồi thử lại."))
            break
    if not plan.items and not plan.errors:
        plan.errors.append(Issue("Tệp không có tiểu mục nào.", sheet=table.sheet))
    if plan.ok:
        _compare(plan, catalogue)
    return plan


def _check_row(plan: Plan, catalogue: _Catalogue, seen: dict[str, int], row: dict[str, str], number: int, sheet: str | None) -> None:
    """Check row `number`; add its sub-item (or the name a header row carries) to the plan, or errors."""

    def error(message: str, column: str | None = None) -> None:
        plan.errors.append(Issue(message, number, column, sheet))

    code = row["ma_tieu_muc"].upper().replace(" ", "")
    match = CODE.match(code)
    if not match:
        error(f"mã “{code}” không đúng dạng (ví dụ A1.1-2.12)" if code else "thiếu mã tiểu mục", "ma_tieu_muc")
        return
    letter, chap, crit, level, item = match.groups()
    chapter_code, criterion_code = f"{letter}{chap}", f"{letter}{chap}.{crit}"
    if code in seen:
        error(f"mã {code} bị lặp (đã có ở dòng {seen[code]})", "ma_tieu_muc")
        return
    seen[code] = number
    text = row["tieu_muc"]
    if not text:
        error(f"{code}: nội dung tiểu mục trống", "tieu_muc")
    elif len(text) > MAX_TEXT:
        error(f"{code}: nội dung dài quá {MAX_TEXT} ký tự", "tieu_muc")
    # The part, chapter and criterion columns may be blank (merged cells); if given they must agree.
    for column, expected, applies in (("phan", letter, True), ("chuong", chapter_code, chap != "0"), ("tieu_chi", criterion_code, crit != "0")):
        given = row[column].upper().replace(" ", "")
        if applies and given and given != expected:
            error(f"{code}: giá trị “{row[column]}” không khớp với mã (phải là {expected})", column)

    if (chap, crit, level, item) == ("0", "0", "0", "0"):
        _header(plan, "part", letter, catalogue.parts, text, error)
    elif (crit, level, item) == ("0", "0", "0"):
        _header(plan, "chapter", chapter_code, catalogue.chapters, text, error)
    elif (level, item) == ("0", "0"):
        _header(plan, "criterion", criterion_code, catalogue.criteria, text, error)
    elif criterion_code not in catalogue.criteria:
        error(f"{code}: tiêu chí {criterion_code} không có trong bộ tiêu chí", "ma_tieu_muc")
    elif not ("1" <= level <= "5" and len(level) == 1) or int(item) < 1:
        error(f"{code}: mức trong mã phải từ 1 đến 5 và số thứ tự từ 1", "ma_tieu_muc")
    elif _level(row["muc"]) != level:
        error(f"{code}: cột mức là “{row['muc']}” nhưng mã thuộc mức {level}", "muc")
    else:
        plan.items[code] = {
            "criterion": criterion_code, "level": int(level), "number": int(item), "text": text,
            "method": row.get("phuong_phap", ""), "evidence": row.get("bang_chung", ""),
        }


def _level(cell: str) -> str:
    """'2', '2.0' or 'Mức 2' → '2'; anything else is returned as it is (and will not match)."""
    match = re.fullmatch(r"(?:muc_)?(\d)(?:_0+)?", column_key(cell))
    return match.group(1) if match else cell


def _header(plan: Plan, kind: str, code: str, known: dict, text: str, error: Callable[..., None]) -> None:
    label = {"part": "phần", "chapter": "chương", "criterion": "tiêu chí"}[kind]
    if code not in known:
        error(f"{label} {code} không có trong bộ tiêu chí", "ma_tieu_muc")
    elif text:
        plan.names[kind][code] = text


def _compare(plan: Plan, catalogue: _Catalogue) -> None:
    criteria = catalogue.criteria
    existing = {s.code: s for s in db.session.scalars(sa.select(SubItem))}
    order = {code: i for i, code in enumerate(criteria)}
    for code, item in sorted(plan.items.items(), key=lambda kv: (order[kv[1]["criterion"]], kv[1]["level"], kv[1]["number"])):
        levels = plan.counts.setdefault(item["criterion"], {})
        levels[item["level"]] = levels.get(item["level"], 0) + 1
        row = existing.get(code)
        if row is None:
            plan.new.append(code)
        elif row.active and all(getattr(row, k) == item[k] for k in ("level", "number", "text", "method", "evidence")):
            plan.unchanged.append(code)
        else:
            plan.updated.append(code)
    position = {c.id: i for i, c in enumerate(criteria.values())}
    dropped = [row for code, row in existing.items() if row.active and code not in plan.items]
    plan.retired = [row.code for row in sorted(dropped, key=lambda r: (position[r.criterion_id], r.level, r.number))]
    for kind, rows, attr in (("part", catalogue.parts, "name"), ("chapter", catalogue.chapters, "name"), ("criterion", criteria, "title")):
        for code, new in plan.names[kind].items():
            old = getattr(rows[code], attr)
            if old != new:
                (plan.title_changes if kind == "criterion" else plan.name_changes).append((code, old, new))


def changed_criteria(plan: Plan, existing: dict[str, SubItem], criteria: dict[str, Criterion]) -> list[Criterion]:
    """The criteria whose sub-items the plan adds, changes or retires (their rounds are scored again)."""
    codes = {plan.items[code]["criterion"] for code in plan.new + plan.updated}
    ids = {existing[code].criterion_id for code in plan.retired}
    return [c for c in criteria.values() if c.code in codes or c.id in ids]


def apply_import(plan: Plan, user: Any = None) -> None:
    """Write a checked plan in one transaction (all or nothing) and record it in the audit trail.

    Then `signals.sub_items_changed` names the criteria whose items changed, in the same transaction:
    assessments scores the rounds that are not locked again."""
    if not plan.ok:
        raise ImportFailed(plan.errors)
    try:
        criteria = {c.code: c for c in db.session.scalars(sa.select(Criterion))}
        existing = {s.code: s for s in db.session.scalars(sa.select(SubItem))}
        for code, item in plan.items.items():
            row = existing.get(code)
            if row is None:
                row = SubItem(code=code, criterion=criteria[item["criterion"]])
                db.session.add(row)
            row.level, row.number, row.position = item["level"], item["number"], item["number"]
            row.text, row.method, row.evidence, row.active = item["text"], item["method"], item["evidence"], True
        for code in plan.retired:
            existing[code].active = False
        for model, attr, kind in ((Part, "name", "part"), (Chapter, "name", "chapter")):
            for code, name in plan.names[kind].items():
                setattr(db.session.scalar(sa.select(model).where(model.code == code)), attr, name)
        hospital_id = getattr(user, "hospital_id", None)
        for code, title in plan.names["criterion"].items():
            criterion = criteria[code]
            record("catalog", criterion.id, {"title": (criterion.title, title)}, user=user, hospital_id=hospital_id, criterion_code=code)
            criterion.title, criterion.title_confidence = title, "imported"
        record("catalog", 0, {"import": (None, f"{plan.filename}: {plan.summary()}")}, user=user, hospital_id=hospital_id)
        db.session.flush()
        changed = changed_criteria(plan, existing, criteria)
        for criterion in changed:
            db.session.expire(criterion, ["sub_items"])  # the active items are read again
        if changed:
            for _receiver, answer in signals.sub_items_changed.send({c.id for c in changed}, user=user):
                plan.rescored += (answer or {}).get("rescored", 0)
                plan.undecided += (answer or {}).get("undecided", 0)
    except Exception:
        db.session.rollback()
        raise
