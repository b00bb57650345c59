"""Checklist templates from criteria_data/checklists/ (stub until the Xanh – Sạch – Đẹp work lands)."""
from __future__ import annotations

from pathlib import Path


def stage_templates(directory: Path) -> list[str]:
    return []
