"""Frameworks beside the 83 criteria: load a yes/no framework (TT 35/2024) from its data file, all or nothing.

A framework file is a UTF-8 CSV in criteria_data/ whose comment header (lines starting with #) carries a
line `# framework: <code> | name: <name> | version: <version>`, then the columns
code, group, group_name, heading, title, provenance (agreement is informative). Re-loading updates in place
by code; a text an administrator corrected or the hospital imported is never overwritten by the file.
"""
from __future__ import annotations

import csv
import io
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from quality_assess.catalog.models import FILE_ITEM_PROVENANCES, QD6858, Framework, FrameworkItem
from quality_assess.database import db
from quality_assess.domain import CatalogError

ITEM_CODE = re.compile(r"^(I|II|III|IV|V|VI|VII|VIII|IX|X)\.\d+(\.(\d+|[a-z]))?$")
PROTECTED = {"admin", "imported"}
COLUMNS = ("code", "group", "group_name", "heading", "title", "provenance")
META = re.compile(r"^#\s*framework:\s*(?P<code>[a-z0-9_-]+)\s*\|\s*name:\s*(?P<name>[^|]+?)\s*\|\s*version:\s*(?P<version>\S+)\s*$")


@dataclass
class FrameworkLoad:
    code: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.code}: {self.added} mới, {self.updated} cập nhật, {self.unchanged} không đổi"


def _text(value: Any) -> str:
    return unicodedata.normalize("NFC", str(value or "")).strip()


def framework_files(directory: Path) -> list[Path]:
    """The CSV files of `directory` that declare a framework in their header."""
    found = []
    for path in sorted(Path(directory).glob("*.csv")):
        with path.open(encoding="utf-8") as handle:
            head = [line for line in (handle.readline() for _ in range(12)) if line.startswith("#")]
        if any(META.match(line.strip()) for line in head):
            found.append(path)
    return found


def read_framework(path: Path) -> dict[str, Any]:
    """Parse and validate a framework file; return plain data or raise CatalogError naming the row."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError(path, None, f"không đọc được tệp: {exc}") from exc
    meta = next((m for m in (META.match(line.strip()) for line in lines if line.startswith("#")) if m), None)
    if meta is None:
        raise CatalogError(path, None, "thiếu dòng “# framework: mã | name: tên | version: phiên bản”")
    rows = list(csv.DictReader(io.StringIO("\n".join(line for line in lines if not line.startswith("#")))))
    if not rows or any(column not in rows[0] for column in COLUMNS):
        raise CatalogError(path, None, f"cần các cột {', '.join(COLUMNS)}")
    items: dict[str, dict[str, Any]] = {}
    for position, raw in enumerate(rows, start=1):
        code = _text(raw.get("code"))
        if not ITEM_CODE.match(code):
            raise CatalogError(path, code or f"dòng {position}", "mã mục không đúng dạng (ví dụ I.1, II.3.a, V.4.6)")
        if code in items:
            raise CatalogError(path, code, "mã mục bị lặp")
        values: dict[str, Any] = {key: _text(raw.get(key)) for key in COLUMNS}
        if not code.startswith(values["group"] + "."):
            raise CatalogError(path, code, f"mục không thuộc nhóm “{values['group']}”")
        for key in ("group_name", "title"):
            if not values[key]:
                raise CatalogError(path, code, f"thiếu trường “{key}”")
        if values["provenance"] not in FILE_ITEM_PROVENANCES:
            raise CatalogError(path, code, f"provenance “{values['provenance']}” không hợp lệ")
        values["position"] = position
        items[code] = values
    return {"code": meta["code"], "name": _text(meta["name"]), "version": meta["version"], "items": items}


def ensure_levels_framework(toml_path: Path) -> Framework:
    """The 83 criteria as the framework "qd6858" (the migration creates it; the load keeps its name and version)."""
    meta = tomllib.loads(toml_path.read_text(encoding="utf-8")).get("catalog") or {}
    row = db.session.scalar(sa.select(Framework).where(Framework.code == QD6858))
    if row is None:
        row = Framework(code=QD6858, kind="levels", position=1, name="", version="")
        db.session.add(row)
    row.name = _text(meta.get("name")) or row.name
    row.version = _text(meta.get("version")) or row.version
    return row


def stage_framework(path: Path) -> FrameworkLoad:
    """Validate `path`, then add or update the framework and its items in the session (the caller commits)."""
    data = read_framework(path)
    framework = db.session.scalar(sa.select(Framework).where(Framework.code == data["code"]))
    if framework is None:
        framework = Framework(code=data["code"], kind="yes_no_na", position=2, name=data["name"], version=data["version"])
        db.session.add(framework)
        db.session.flush()
    elif framework.kind != "yes_no_na":
        raise CatalogError(path, data["code"], "khung này không phải dạng Có / Không / Không áp dụng")
    framework.name, framework.version = data["name"], data["version"]
    report = FrameworkLoad(code=data["code"])
    existing = {i.code: i for i in db.session.scalars(sa.select(FrameworkItem).where(FrameworkItem.framework_id == framework.id))}
    for code, values in data["items"].items():
        row = existing.get(code)
        if row is None:
            db.session.add(FrameworkItem(framework=framework, code=code, group_code=values["group"], group_name=values["group_name"],
                                         heading=values["heading"], title=values["title"], provenance=values["provenance"],
                                         position=values["position"]))
            report.added += 1
            continue
        wanted = {"group_code": values["group"], "group_name": values["group_name"], "heading": values["heading"],
                  "position": values["position"]}
        if row.provenance in PROTECTED:
            report.kept.append(code)
        else:
            wanted.update(title=values["title"], provenance=values["provenance"])
        changed = False
        for key, value in wanted.items():
            if getattr(row, key) != value:
                setattr(row, key, value)
                changed = True
        report.updated += changed
        report.unchanged += not changed
    db.session.flush()
    return report
