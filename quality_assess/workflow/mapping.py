"""The suggested lead department per chapter, from editable data (criteria_data/workflow/)."""
from __future__ import annotations

import tomllib
import unicodedata
from pathlib import Path

from flask import current_app

from quality_assess.domain import ValidationError


def mapping_path() -> Path:
    return Path(current_app.config.get("DEPARTMENT_MAPPING") or Path(current_app.config["CATALOG_DIR"]) / "workflow" / "department-mapping.toml")


def load_mapping(path: Path | None = None) -> dict[str, str]:
    """chapter code → suggested department name (NFC); ValidationError naming the file on bad data."""
    path = path or mapping_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ValidationError("Không đọc được tệp gợi ý phân công %(file)s: %(error)s", file=path.name, error=str(exc)) from None
    chapters = data.get("chapters")
    if not isinstance(chapters, dict) or not all(isinstance(v, str) for v in chapters.values()):
        raise ValidationError("Tệp %(file)s cần bảng [chapters] dạng MÃ_CHƯƠNG = \"Tên khoa/phòng\".", file=path.name)
    return {code.strip(): unicodedata.normalize("NFC", name).strip() for code, name in chapters.items() if name.strip()}
