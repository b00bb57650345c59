"""How long the spreadsheet guard takes to refuse the attack files of issue #13, and to read the
largest file it accepts (run: .venv/bin/python bench/xlsx_guard.py). Without the guard the first file
tied up a worker for 21–31 s and 3.3–3.8 GB."""
from __future__ import annotations

import io
import sys
import time
import tracemalloc
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quality_assess.domain import ValidationError  # noqa: E402
from quality_assess.render.xlsx import MAX_CELLS, open_workbook  # noqa: E402
from tests.test_spreadsheets import handmade, zip_bomb  # noqa: E402


def largest_accepted() -> bytes:
    wb = Workbook()
    for r in range(MAX_CELLS // 8):
        wb.active.append([f"A1.{r}-2.{c} Tiểu mục giả lập (dữ liệu thử nghiệm)" for c in range(8)])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def measure(name: str, data: bytes) -> None:
    """Time without tracing (tracemalloc slows openpyxl several times), then the peak traced memory."""
    start = time.perf_counter()
    _read(data)
    seconds = time.perf_counter() - start
    tracemalloc.start()
    outcome = _read(data)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"{name:<34} {len(data) / 1024:>8.0f} KB {seconds:>7.3f} s {peak / 2**20:>7.1f} MB  {outcome[:90]}")


def _read(data: bytes) -> str:
    try:
        book = open_workbook(data)
        for sheet in book.worksheets:
            for _row in sheet.iter_rows():
                pass
        book.close()
    except ValidationError as refused:
        return "refused: " + refused.message % refused.params
    return "read"


if __name__ == "__main__":
    measure("cell at XFD1048576 (declared)", handmade())
    measure("cell at XFD1048576 (forged A1:A1)", handmade(dimension="A1:A1"))
    measure("zip bomb (30 MB of spaces)", zip_bomb())
    measure(f"{MAX_CELLS // 8} rows × 8 columns of text", largest_accepted())
