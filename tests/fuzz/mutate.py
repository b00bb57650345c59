"""Mutations of real files: a few cells of a valid workbook or list replaced with hostile values."""
from __future__ import annotations

import io
from datetime import datetime

from hypothesis import reject
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.utils.exceptions import IllegalCharacterError

from tests.fuzz import strategies as s

cell_value = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70), st.floats(), s.text, s.number_text,
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1)),
)


@st.composite
def mutated_xlsx(draw, data: bytes) -> bytes:
    """`data` with 1–4 cells (possibly beyond the used range) changed, or a sheet renamed or removed."""
    book = load_workbook(io.BytesIO(data))
    for _ in range(draw(st.integers(1, 4))):
        sheet = book.worksheets[draw(st.integers(0, len(book.worksheets) - 1))]
        action = draw(st.sampled_from(["cell", "cell", "cell", "rename", "drop"]))
        if action == "rename":
            sheet.title = draw(st.sampled_from(["Sheet", "Tiêu chí", "x" * 31, "Ket qua"]))
        elif action == "drop" and len(book.worksheets) > 1:
            book.remove(sheet)
        else:
            row = draw(st.integers(1, sheet.max_row + 1))
            column = draw(st.integers(1, sheet.max_column + 1))
            try:
                sheet.cell(row=row, column=column).value = draw(cell_value)
            except (IllegalCharacterError, ValueError, TypeError):
                continue  # a value openpyxl itself cannot write
    out = io.BytesIO()
    try:
        book.save(out)
    except (AttributeError, ValueError, TypeError):
        reject()  # a mutation openpyxl itself cannot write
    return out.getvalue()


@st.composite
def mutated_rows(draw, rows: list[dict]) -> list[dict]:
    """Import rows with a few values replaced (any column, any type) and maybe a row duplicated or dropped."""
    rows = [dict(r) for r in rows]
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(rows) - 1))
        action = draw(st.sampled_from(["value", "value", "value", "duplicate", "drop"]))
        if action == "duplicate":
            rows.insert(i, dict(rows[i]))
        elif action == "drop" and len(rows) > 1:
            rows.pop(i)
        else:
            rows[i][draw(st.sampled_from(sorted(rows[i])))] = draw(cell_value)
    return rows
