"""Checklist templates from criteria_data/checklists/*.toml (and from .xlsx, see xlsx.py).

Validation is shared: plain data in, a TemplateError naming the item out. Staging never changes a
template that an audit uses: changed content becomes a new version, so old audits keep theirs.
"""
from __future__ import annotations

import re
import tomllib
import unicodedata
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from quality_assess.checklists.models import Audit, ChecklistGroup, ChecklistItem, ChecklistTemplate
from quality_assess.database import db
from quality_assess.domain import CatalogError

CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,19}$")
TEMPLATE_CODE = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,59}$")


class TemplateError(Exception):
    """A problem in template data; `code` names the item (or field) at fault."""

    def __init__(self, code: str | None, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


def _text(value: Any) -> str:
    return unicodedata.normalize("NFC", str(value)).strip()


def validate_template(meta: dict[str, Any], groups: list[dict[str, Any]], items: list[dict[str, Any]]) -> dict[str, Any]:
    """Check a template given as plain data; return it normalised or raise TemplateError."""

    def need(mapping: dict, key: str, where: str, kind: type = str) -> Any:
        value = mapping.get(key)
        if value is None or (kind is str and not _text(value)):
            raise TemplateError(where, f"thiếu trường “{key}”")
        if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
            raise TemplateError(where, f"trường “{key}” phải là số nguyên")
        return _text(value) if kind is str else value

    code = need(meta, "code", "template")
    if not TEMPLATE_CODE.match(code):
        raise TemplateError("template", f"mã mẫu “{code}” chỉ gồm chữ thường không dấu, số, - và _")
    total = need(meta, "total_points", "template", int)
    clean_groups: dict[str, dict] = {}
    for i, raw in enumerate(groups, start=1):
        gcode = need(raw, "code", f"groups[{i}]")
        if gcode in clean_groups:
            raise TemplateError(gcode, "mã nhóm bị lặp")
        clean_groups[gcode] = {"code": gcode, "name": need(raw, "name", gcode), "items": []}
    if not clean_groups:
        raise TemplateError("groups", "mẫu phải có ít nhất một nhóm")
    seen: set[str] = set()
    for i, raw in enumerate(items, start=1):
        icode = need(raw, "code", f"items[{i}]")
        if not CODE.match(icode):
            raise TemplateError(icode, "mã mục không hợp lệ (chữ, số, dấu chấm, tối đa 20 ký tự)")
        if icode in seen:
            raise TemplateError(icode, "mã mục bị lặp")
        seen.add(icode)
        group = need(raw, "group", icode)
        if group not in clean_groups:
            raise TemplateError(icode, f"nhóm “{group}” không tồn tại")
        max_points = need(raw, "max_points", icode, int)
        if not 1 <= max_points <= 100:
            raise TemplateError(icode, "điểm tối đa phải từ 1 đến 100")
        critical, severe = raw.get("critical", False), raw.get("severe_risk", False)
        if not isinstance(critical, bool):
            raise TemplateError(icode, "trường “critical” phải là true hoặc false")
        if not isinstance(severe, bool):
            raise TemplateError(icode, "trường “severe_risk” phải là true hoặc false")
        clean_groups[group]["items"].append({
            "code": icode, "text": need(raw, "text", icode), "max_points": max_points,
            "critical": critical or severe, "severe_risk": severe, "guidance": _text(raw.get("guidance") or ""),
        })
    for g in clean_groups.values():
        if not g["items"]:
            raise TemplateError(g["code"], "nhóm không có mục nào")
    counted = sum(item["max_points"] for g in clean_groups.values() for item in g["items"])
    if counted != total:
        raise TemplateError("template", f"tổng điểm các mục là {counted}, khai báo {total}")
    bands = meta.get("bands") or None
    if bands is not None and not (isinstance(bands, list) and all(
            isinstance(b, dict) and isinstance(b.get("min"), int | float) and _text(b.get("label") or "") for b in bands)):
        raise TemplateError("template", "xếp loại phải là danh sách {min, label}")
    return {
        "code": code, "name": need(meta, "name", "template"), "source": _text(meta.get("source") or ""),
        "total_points": total, "groups": list(clean_groups.values()), "bands": bands,
    }


def read_template_file(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return validate_template(data.get("template") or {}, data.get("groups") or [], data.get("items") or [])
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CatalogError(path, None, f"không đọc được tệp: {exc}") from exc
    except TemplateError as exc:
        raise CatalogError(path, exc.code, exc.message) from exc


def content(template: ChecklistTemplate) -> dict[str, Any]:
    """The template as plain data, in the shape validate_template returns (to compare and export)."""
    return {
        "code": template.code, "name": template.name, "source": template.source, "total_points": template.total_points,
        "groups": [
            {"code": g.code, "name": g.name, "items": [
                {"code": i.code, "text": i.text, "max_points": i.max_points, "critical": i.critical,
                 "severe_risk": i.severe_risk, "guidance": i.guidance}
                for i in g.items
            ]}
            for g in template.groups
        ],
        "bands": template.bands or None,
    }


def latest_template(code: str, hospital_id: int | None) -> ChecklistTemplate | None:
    return db.session.scalar(
        sa.select(ChecklistTemplate)
        .where(ChecklistTemplate.code == code, ChecklistTemplate.hospital_id.is_(None) if hospital_id is None else ChecklistTemplate.hospital_id == hospital_id)
        .order_by(ChecklistTemplate.version.desc()).limit(1)
    )


def in_use(template: ChecklistTemplate) -> bool:
    return bool(db.session.scalar(sa.select(sa.exists().where(Audit.template_id == template.id))))


def _fill(template: ChecklistTemplate, data: dict[str, Any]) -> None:
    template.name, template.source, template.total_points = data["name"], data["source"], data["total_points"]
    template.bands = data.get("bands") or None
    template.groups = [
        ChecklistGroup(code=g["code"], name=g["name"], position=gi, items=[
            ChecklistItem(position=ii, **item) for ii, item in enumerate(g["items"], start=1)
        ])
        for gi, g in enumerate(data["groups"], start=1)
    ]


def stage_template(data: dict[str, Any], hospital_id: int | None, *, keep_versions: bool = False) -> tuple[ChecklistTemplate, str]:
    """Add or update one validated template in the session (no commit): 'new', 'unchanged',
    'updated' (no audit used it) or 'new version' (an audit used it: it is kept as it was; with
    `keep_versions`, every change of content is a new version, as a re-imported workbook is)."""
    data = {**data, "bands": data.get("bands") or None}
    current = latest_template(data["code"], hospital_id)
    if current is not None and content(current) == data:
        return current, "unchanged"
    if current is not None and not keep_versions and not in_use(current):
        _fill(current, data)
        db.session.flush()
        return current, "updated"
    template = ChecklistTemplate(code=data["code"], hospital_id=hospital_id, version=current.version + 1 if current else 1)
    _fill(template, data)
    db.session.add(template)
    db.session.flush()
    return template, "new version" if current else "new"


OUTCOME = {"new": "mới", "unchanged": "không đổi", "updated": "cập nhật", "new version": "phiên bản mới"}


def stage_templates(directory: Path) -> list[str]:
    """Validate every checklist file first, then stage them all (the caller commits once)."""
    paths = sorted(Path(directory).glob("*.toml")) if Path(directory).is_dir() else []
    data = [(path, read_template_file(path)) for path in paths]
    lines = []
    for path, template_data in data:
        template, outcome = stage_template(template_data, None)
        lines.append(f"{path.name}: {template.code} v{template.version} ({OUTCOME[outcome]})")
    return lines
