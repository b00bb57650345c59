"""Links between TT 35/2024 items and criteria of the 83 (criteria_data/tt35-links.csv), shown both ways.

The file is the hospital's (or the catalogue editor's) judgement, not official text: it is read as it is on
each use, so an edit shows at once; a line naming an unknown code is left out (and logged), never fatal.
"""
from __future__ import annotations

import csv
import io
import logging
from pathlib import Path

from flask import current_app

LINKS_FILE = "tt35-links.csv"
log = logging.getLogger(__name__)


def read_links(path: Path) -> list[tuple[str, str]]:
    """(TT 35 item code, criterion code) pairs, in the file's order; a missing file has none."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    rows = csv.DictReader(io.StringIO("\n".join(line for line in text.splitlines() if not line.startswith("#"))))
    pairs = []
    for row in rows:
        item, criterion = (row.get("tt35_item") or "").strip(), (row.get("criterion") or "").strip()
        if item and criterion and (item, criterion) not in pairs:
            pairs.append((item, criterion))
    return pairs


def links(known_items: set[str] | None = None, known_criteria: set[str] | None = None) -> list[tuple[str, str]]:
    """The installation's links, without the pairs that name a code the catalogue does not have."""
    pairs = read_links(Path(current_app.config["CATALOG_DIR"]) / LINKS_FILE)
    kept = [(i, c) for i, c in pairs
            if (known_items is None or i in known_items) and (known_criteria is None or c in known_criteria)]
    if len(kept) != len(pairs):
        log.warning("%s: %d liên kết nêu mã không có trong danh mục", LINKS_FILE, len(pairs) - len(kept))
    return kept


def criteria_of_item(item_code: str) -> list[str]:
    return [c for i, c in links() if i == item_code]


def items_of_criterion(criterion_code: str) -> list[str]:
    return [i for i, c in links() if c == criterion_code]
