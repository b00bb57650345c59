"""CSV files people open in Excel: UTF-8 with a byte order mark (so Excel reads Vietnamese), CRLF rows,
and text that can never run as a formula (the same guard as the workbooks: `xlsx.text_cell`)."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from quality_assess.render.xlsx import text_cell


def write(rows: Iterable[Sequence[Any]]) -> bytes:
    """The rows as CSV bytes; a text cell starting with = + - @ tab or CR gets a leading apostrophe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([text_cell(value) for value in row])
    return out.getvalue().encode("utf-8-sig")
