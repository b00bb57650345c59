"""Writing user text into worksheets: openpyxl refuses control characters, users type them anyway."""
from __future__ import annotations

from typing import Any
from collections.abc import Iterable

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE


def append(ws: Any, values: Iterable[Any]) -> None:
    """`ws.append(values)` with control characters (other than tab and newlines) removed from text."""
    ws.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in values])
