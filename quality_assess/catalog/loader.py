"""Load the criteria catalogue from criteria_data/*.toml: validate everything, then write (all or nothing).

Re-loading updates in place by code: nothing is duplicated and no assessment result is touched.
"""
from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from quality_assess.catalog.models import FILE_PROVENANCES, Chapter, Criterion, Part
from quality_assess.database import db
from quality_assess.domain import CatalogError

CRITERION_CODE = re.compile(r"^([A-E])(\d+)\.(\d+)$")
CHAPTER_CODE = re.compile(r"^([A-E])(\d+)$")
CONFIDENCE = set(FILE_PROVENANCES)
APPLICABILITY = {"all", "obstetrics", "paediatrics"}
# Titles an admin corrected, or that came from the official sub-item list, are never overwritten
# by the titles of the data file; every other title (and its provenance) follows the file on each load.
PROTECTED_TITLES = {"admin", "imported"}


@dataclass
class LoadReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_titles: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.added} mới, {self.updated} cập nhật, {self.unchanged} không đổi"


def _text(value: Any) -> str:
    return unicodedata.normalize("NFC", str(value)).strip()


def read_catalog(path: Path) -> dict[str, Any]:
    """Parse and validate a catalogue file; return plain data or raise CatalogError."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CatalogError(path, None, f"không đọc được tệp: {exc}") from exc

    def need(mapping: dict, key: str, code: str | None, kind: type = str) -> Any:
        value = mapping.get(key)
        if value is None or (kind is str and not _text(value)):
            raise CatalogError(path, code, f"thiếu trường “{key}”")
        if not isinstance(value, kind) or isinstance(value, bool):
            raise CatalogError(path, code, f"trường “{key}” phải là {kind.__name__}")
        return _text(value) if kind is str else value

    meta = data.get("catalog") or {}
    expected_total = need(meta, "criteria_count", "catalog", int)
    levels = data.get("levels") or {}
    if sorted(levels) != ["1", "2", "3", "4", "5"]:
        raise CatalogError(path, "levels", "phải có đúng 5 mức, từ 1 đến 5")

    parts: dict[str, dict] = {}
    for i, raw in enumerate(data.get("parts") or [], start=1):
        code = need(raw, "code", f"parts[{i}]")
        if code in parts:
            raise CatalogError(path, code, "mã phần bị lặp")
        parts[code] = {"code": code, "name": need(raw, "name", code), "count": need(raw, "criteria_count", code, int), "position": i}

    chapters: dict[str, dict] = {}
    for i, raw in enumerate(data.get("chapters") or [], start=1):
        code = need(raw, "code", f"chapters[{i}]")
        m = CHAPTER_CODE.match(code)
        if not m:
            raise CatalogError(path, code, "mã chương không đúng dạng (ví dụ A1, C10)")
        if code in chapters:
            raise CatalogError(path, code, "mã chương bị lặp")
        part = need(raw, "part", code)
        if part not in parts or m.group(1) != part:
            raise CatalogError(path, code, f"chương thuộc phần “{part}” không tồn tại hoặc không khớp mã")
        coefficient = need(raw, "coefficient", code, int)
        if coefficient not in (1, 2):
            raise CatalogError(path, code, "hệ số phải là 1 hoặc 2")
        applicability = raw.get("applicability", "all")
        if applicability not in APPLICABILITY:
            raise CatalogError(path, code, f"phạm vi áp dụng “{applicability}” không hợp lệ")
        chapters[code] = {
            "code": code, "part": part, "name": need(raw, "name", code), "count": need(raw, "criteria_count", code, int),
            "coefficient": coefficient, "applicability": applicability, "position": i,
        }

    criteria: dict[str, dict] = {}
    for i, raw in enumerate(data.get("criteria") or [], start=1):
        code = need(raw, "code", f"criteria[{i}]")
        m = CRITERION_CODE.match(code)
        if not m:
            raise CatalogError(path, code, "mã tiêu chí không đúng dạng (ví dụ A1.1)")
        if code in criteria:
            raise CatalogError(path, code, "mã tiêu chí bị lặp")
        chapter = need(raw, "chapter", code)
        if chapter not in chapters or f"{m.group(1)}{m.group(2)}" != chapter:
            raise CatalogError(path, code, f"tiêu chí không thuộc chương “{chapter}” hoặc chương không tồn tại")
        coefficient = need(raw, "coefficient", code, int)
        if coefficient != chapters[chapter]["coefficient"]:
            raise CatalogError(path, code, f"hệ số {coefficient} khác hệ số của chương {chapter} ({chapters[chapter]['coefficient']})")
        confidence = raw.get("title_confidence", "recalled")
        if confidence not in CONFIDENCE:
            raise CatalogError(path, code, f"title_confidence “{confidence}” không hợp lệ")
        criteria[code] = {
            "code": code, "chapter": chapter, "title": need(raw, "title", code), "coefficient": coefficient,
            "confidence": confidence, "applicability": chapters[chapter]["applicability"], "position": i,
        }

    for code, ch in chapters.items():
        n = sum(1 for c in criteria.values() if c["chapter"] == code)
        if n != ch["count"]:
            raise CatalogError(path, code, f"chương có {n} tiêu chí, khai báo {ch['count']}")
    for code, p in parts.items():
        n = sum(1 for c in criteria.values() if chapters[c["chapter"]]["part"] == code)
        if n != p["count"]:
            raise CatalogError(path, code, f"phần có {n} tiêu chí, khai báo {p['count']}")
    if len(criteria) != expected_total:
        raise CatalogError(path, "catalog", f"có {len(criteria)} tiêu chí, khai báo {expected_total}")
    return {"parts": parts, "chapters": chapters, "criteria": criteria}


def stage_catalog(path: Path) -> LoadReport:
    """Validate `path`, then add or update its rows in the session (the caller commits)."""
    data = read_catalog(path)
    report = LoadReport()
    part_rows = {p.code: p for p in db.session.scalars(sa.select(Part))}
    chapter_rows = {c.code: c for c in db.session.scalars(sa.select(Chapter))}
    criterion_rows = {c.code: c for c in db.session.scalars(sa.select(Criterion))}

    def upsert(rows: dict, model: type, code: str, values: dict) -> Any:
        row = rows.get(code)
        if row is None:
            row = model(code=code, **values)
            db.session.add(row)
            rows[code] = row
            report.added += 1
            return row
        changed = False
        for key, value in values.items():
            if getattr(row, key) != value:
                setattr(row, key, value)
                changed = True
        report.updated += changed
        report.unchanged += not changed
        return row

    for code, p in data["parts"].items():
        upsert(part_rows, Part, code, {"name": p["name"], "position": p["position"]})
    for code, c in data["chapters"].items():
        upsert(chapter_rows, Chapter, code, {
            "name": c["name"], "position": c["position"], "coefficient": c["coefficient"], "part": part_rows[c["part"]],
        })
    for code, c in data["criteria"].items():
        values = {
            "chapter": chapter_rows[c["chapter"]], "coefficient": c["coefficient"],
            "applicability": c["applicability"], "position": c["position"],
        }
        existing = criterion_rows.get(code)
        if existing is not None and existing.title_confidence in PROTECTED_TITLES:
            report.kept_titles.append(code)
        else:
            values.update(title=c["title"], title_confidence=c["confidence"])
        upsert(criterion_rows, Criterion, code, values)
    db.session.flush()
    return report


def criteria_files(directory: Path) -> list[Path]:
    return sorted(Path(directory).glob("*.toml"))
