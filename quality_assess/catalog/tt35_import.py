"""Import the official TT 35/2024 item list from a spreadsheet (.xlsx or .csv): check everything, preview,
then write all or nothing — like the sub-item list (catalog/importer.py).

Columns (header names without diacritics also work): `ma` (I.1, II.3.a …), `nhom` (I–V), `noi_dung`
(the item's text), optional `tieu_de` (the sub-heading). Imported texts get the provenance "imported" and
are kept by later `catalog load`s. An item the file does not name is kept as it is (rounds refer to it); a
new code is added to its group.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from quality_assess.auth.models import User
from quality_assess.catalog.frameworks import ITEM_CODE
from quality_assess.catalog.importer import ImportFailed, Issue, _cell, column_key
from quality_assess.catalog.models import TT35, Framework, FrameworkItem
from quality_assess.database import db, utcnow
from quality_assess.domain import ValidationError
from quality_assess.history.models import record
from quality_assess.render.xlsx import open_workbook

REQUIRED = ("ma", "nhom", "noi_dung")
MAX_TEXT = 2000


@dataclass
class ItemChange:
    code: str
    group: str
    heading: str
    old: str | None       # None: a new item
    new: str


@dataclass
class ItemImport:
    errors: list[Issue] = field(default_factory=list)
    changes: list[ItemChange] = field(default_factory=list)
    unchanged: int = 0
    absent: list[str] = field(default_factory=list)    # items of the catalogue the file does not name (kept)

    @property
    def ok(self) -> bool:
        return not self.errors


def _rows(filename: str, data: bytes) -> list[tuple[int, list[str]]]:
    if Path(filename).suffix.lower() == ".xlsx":
        try:
            book = open_workbook(data)
        except ValidationError as exc:
            raise ImportFailed([Issue(exc.text())]) from exc
        try:
            return [(i, [_cell(v) for v in row]) for i, row in enumerate(book.worksheets[0].iter_rows(values_only=True), start=1)]
        finally:
            book.close()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFailed([Issue("Tệp CSV phải được lưu với bảng mã UTF-8.")]) from exc
    delimiter = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    try:
        return [(i, [_cell(v) for v in row]) for i, row in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1)]
    except csv.Error as exc:
        raise ImportFailed([Issue(f"Không đọc được tệp CSV: {exc}")]) from exc


def plan_item_import(filename: str, data: bytes) -> ItemImport:
    """What importing the file would change; nothing is written."""
    plan = ItemImport()
    framework = db.session.scalar(sa.select(Framework).where(Framework.code == TT35))
    if framework is None:
        plan.errors.append(Issue("Chưa nạp danh mục TT 35/2024: chạy `flask catalog load` trước."))
        return plan
    try:
        rows = [(n, r) for n, r in _rows(filename, data) if any(r)]
    except ImportFailed as exc:
        plan.errors.extend(exc.errors)
        return plan
    at = next((k for k, (_, r) in enumerate(rows[:10]) if "ma" in map(column_key, r)), None)
    if at is None:
        plan.errors.append(Issue("Không tìm thấy dòng tiêu đề có các cột: " + ", ".join(REQUIRED) + "."))
        return plan
    header = [column_key(h) for h in rows[at][1]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        plan.errors.append(Issue("Thiếu cột: " + ", ".join(missing) + ".", row=rows[at][0]))
        return plan
    index = {name: header.index(name) for name in (*REQUIRED, "tieu_de") if name in header}
    existing = {i.code: i for i in db.session.scalars(sa.select(FrameworkItem).where(FrameworkItem.framework_id == framework.id))}
    groups = {i.group_code for i in existing.values()}
    seen: set[str] = set()
    for number, row in rows[at + 1:]:
        def cell(name: str, row: list[str] = row) -> str:
            i = index.get(name)
            return row[i].strip() if i is not None and i < len(row) else ""

        code, group, text, heading = cell("ma"), cell("nhom"), cell("noi_dung"), cell("tieu_de")
        if not ITEM_CODE.match(code):
            plan.errors.append(Issue(f"mã “{code}” không đúng dạng (ví dụ I.1, II.3.a, V.4.6)", row=number, column="ma"))
            continue
        if code in seen:
            plan.errors.append(Issue(f"mã {code} bị lặp", row=number, column="ma"))
            continue
        seen.add(code)
        if group not in groups or not code.startswith(group + "."):
            plan.errors.append(Issue(f"nhóm “{group}” không có hoặc không khớp mã {code}", row=number, column="nhom"))
            continue
        if not text:
            plan.errors.append(Issue(f"mục {code} chưa có nội dung", row=number, column="noi_dung"))
            continue
        if len(text) > MAX_TEXT:
            plan.errors.append(Issue(f"nội dung mục {code} dài quá {MAX_TEXT} ký tự", row=number, column="noi_dung"))
            continue
        old = existing.get(code)
        if old is not None and old.title == text and (not heading or old.heading == heading):
            plan.unchanged += 1
        else:
            plan.changes.append(ItemChange(code, group, heading or (old.heading if old else ""), old.title if old else None, text))
    if not seen and not plan.errors:
        plan.errors.append(Issue("Tệp không có mục nào."))
    plan.absent = sorted(set(existing) - seen, key=lambda c: existing[c].position)
    return plan


def apply_item_import(plan: ItemImport, user: User | None) -> int:
    """Write every change of a previewed plan (the caller commits once); refuse a plan with errors."""
    if not plan.ok:
        raise ValidationError("Tệp còn lỗi: không nhập gì cả.", field="file")
    framework = db.session.scalar(sa.select(Framework).where(Framework.code == TT35))
    assert framework is not None
    items = {i.code: i for i in db.session.scalars(sa.select(FrameworkItem).where(FrameworkItem.framework_id == framework.id))}
    last = max((i.position for i in items.values()), default=0)
    names = {i.group_code: i.group_name for i in items.values()}
    for change in plan.changes:
        row = items.get(change.code)
        if row is None:
            last += 1
            row = FrameworkItem(framework=framework, code=change.code, group_code=change.group, group_name=names[change.group],
                                heading=change.heading, title=change.new, provenance="imported", position=last)
            db.session.add(row)
            db.session.flush()
        else:
            record("framework_item", row.id, {"title": (row.title, change.new), "provenance": (row.provenance, "imported")},
                   user=user, hospital_id=user.hospital_id if user else None, criterion_code=row.code)
            row.title, row.heading, row.provenance = change.new, change.heading, "imported"
        row.corrected_by_id, row.corrected_at = (user.id if user else None), utcnow()
    db.session.flush()
    return len(plan.changes)
