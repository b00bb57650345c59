"""Spreadsheets in and out: the one guard every .xlsx import opens its file through, and the one
writer every export writes its rows through.

Reading (`open_workbook`): a 5 KB file whose single cell sits at XFD1048576, or a zip whose parts
inflate to gigabytes, would tie up a worker for half a minute and gigabytes of memory. Before
openpyxl sees the file, the zip is checked (number of entries, sum of the uncompressed sizes, each
worksheet's declared `<dimension ref>`); then the workbook is opened read-only and streamed, with
hard caps on rows, columns and cells. Each refusal is a ValidationError saying why.

Writing (`append`, `text_cell`): user text starting with = + - @ tab or CR would be a formula (or be
taken for one when the cell is edited); it is written as text, prefixed with an apostrophe, and
`untext` takes the prefix off again when a workbook we wrote is imported back. Control characters
openpyxl refuses are dropped.
"""
from __future__ import annotations

import io
import re
import zipfile
from xml.parsers import expat
from collections.abc import Iterable, Iterator
from typing import IO, Any
from xml.etree.ElementTree import ParseError

from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils.cell import range_boundaries
from openpyxl.utils.exceptions import InvalidFileException

from quality_assess.domain import ValidationError

XLSX_MAGIC = b"PK\x03\x04"
MAX_ENTRIES = 200            # parts in the zip; a workbook from Excel has 10–30
MAX_UNCOMPRESSED = 10 << 20  # bytes once inflated; the official sub-item list is about 1–2 MB
MAX_ROWS = 10_000            # per sheet; the sub-item list has about 1,700 rows
MAX_COLUMNS = 50             # per sheet, cells holding a value
DECLARED_COLUMNS = 1024      # a declared dimension may reach LibreOffice's last column (AMJ)
MAX_CELLS = 50_000           # per workbook, counted as rows are read (about 1 s); the sub-item list has ~14,000
SNIFF = 64 << 10             # the dimension element sits in a worksheet's first bytes
# what openpyxl raises on a damaged or foreign file
XLSX_ERRORS = (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError, IndexError, AttributeError, ParseError, EOFError)
_WORKSHEET = re.compile(r"^xl/worksheets/[^/]+\.xml$")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*?\bref=\"([A-Za-z]{1,3}\d{1,7}(?::[A-Za-z]{1,3}\d{1,7})?)\"")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# ---------------------------------------------------------------- reading


class GuardedSheet:
    """One sheet of a guarded workbook: `iter_rows` streams rows and refuses past the caps."""

    def __init__(self, book: GuardedWorkbook, sheet: Any) -> None:
        self._book, self._sheet = book, sheet
        self.title: str = sheet.title

    def iter_rows(self, min_row: int = 1, max_row: int | None = None, values_only: bool = True) -> Iterator[tuple[Any, ...]]:
        """Rows from `min_row` (to `max_row`) as tuples of values; short rows are not padded."""
        rows = iter(self._sheet.iter_rows(values_only=True))  # dimensions reset: no padding to a declared size
        number = 0
        while max_row is None or number < max_row:
            try:
                row = next(rows)
            except StopIteration:
                return
            except XLSX_ERRORS:  # read-only mode parses while iterating: a damaged sheet fails here
                raise ValidationError("Không đọc được tệp Excel: tệp hỏng hoặc không đúng định dạng .xlsx.") from None
            number += 1
            if number > self._book.max_rows:
                raise ValidationError("Trang “%(sheet)s” có hơn %(limit)s dòng: hãy chia tệp, hoặc xóa các dòng thừa ở cuối trang.",
                                      sheet=self.title, limit=self._book.max_rows)
            width = len(row)
            while width and row[width - 1] is None:
                width -= 1
            if width > self._book.max_columns:
                raise ValidationError("Trang “%(sheet)s”, dòng %(row)s có dữ liệu ở cột thứ %(column)s, quá giới hạn %(limit)s cột.",
                                      sheet=self.title, row=number, column=width, limit=self._book.max_columns)
            self._book.count(width)
            if number >= min_row:
                yield tuple(row[:width])


class GuardedWorkbook:
    """What the imports read: sheet names, sheets by name or position, and `close()`."""

    def __init__(self, book: Any, max_rows: int, max_columns: int, max_cells: int) -> None:
        self._book = book
        self.max_rows, self.max_columns, self.max_cells = max_rows, max_columns, max_cells
        self.cells = 0
        self.sheetnames: list[str] = list(book.sheetnames)

    def __getitem__(self, name: str) -> GuardedSheet:
        return GuardedSheet(self, self._book[name])

    @property
    def worksheets(self) -> list[GuardedSheet]:
        return [GuardedSheet(self, sheet) for sheet in self._book.worksheets]

    def count(self, cells: int) -> None:
        self.cells += cells
        if self.cells > self.max_cells:
            raise ValidationError("Tệp Excel có hơn %(limit)s ô dữ liệu: quá lớn để nhập.", limit=self.max_cells)

    def close(self) -> None:
        self._book.close()


def _check_archive(data: bytes, max_rows: int) -> None:
    """The zip's entries, inflated size and declared sheet dimensions, before openpyxl parses anything."""
    if not data.startswith(XLSX_MAGIC):
        raise ValidationError("Tệp tải lên không phải là bảng tính Excel .xlsx.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ENTRIES:
                raise ValidationError("Tệp Excel có %(count)s phần nén, quá giới hạn %(limit)s: đây không phải một bảng tính bình thường.",
                                      count=len(entries), limit=MAX_ENTRIES)
            inflated = sum(entry.file_size for entry in entries)
            if inflated > MAX_UNCOMPRESSED:
                raise ValidationError("Tệp Excel giải nén ra %(size)s MB, quá giới hạn %(limit)s MB: tệp không được đọc.",
                                      size=inflated >> 20, limit=MAX_UNCOMPRESSED >> 20)
            for entry in entries:
                if _WORKSHEET.match(entry.filename):
                    with archive.open(entry) as part:
                        head = part.read(SNIFF)  # zipfile never inflates past the declared size
                    found = _DIMENSION.search(head)
                    if found:
                        _check_dimension(found.group(1).decode().upper(), max_rows)
            for entry in entries:  # within the size cap now: every XML part must be whole and well formed
                if entry.filename.endswith((".xml", ".rels")):
                    with archive.open(entry) as part:
                        _check_well_formed(part)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError):
        raise ValidationError("Không đọc được tệp Excel: tệp hỏng hoặc không đúng định dạng .xlsx.") from None


def _check_well_formed(part: IO[bytes]) -> None:
    """Parse one XML part without building anything: a part cut short or damaged is refused here, so a
    streaming import never reads the first half of a sheet as if it were all of it. No DTDs (no entities)."""
    parser = expat.ParserCreate()

    def no_doctype(*_args: Any) -> None:
        raise ValueError("DOCTYPE in a workbook part")

    parser.StartDoctypeDeclHandler = no_doctype
    try:
        while chunk := part.read(SNIFF):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError:
        raise ValueError("damaged XML part") from None


def _check_dimension(ref: str, max_rows: int) -> None:
    """A declared range past the row cap, or past LibreOffice's 1,024 columns (it declares styled empty
    columns up to AMJ; the streamed column cap then sees only the cells that hold values)."""
    _min_col, _min_row, columns, rows = range_boundaries(ref if ":" in ref else f"{ref}:{ref}")  # read from A1
    if rows > max_rows or columns > DECLARED_COLUMNS:
        raise ValidationError(
            "Một trang của tệp Excel khai báo vùng dữ liệu %(ref)s (%(rows)s dòng × %(columns)s cột), quá giới hạn %(max_rows)s dòng "
            "hoặc %(max_columns)s cột: tệp không được đọc.",
            ref=ref, rows=rows, columns=columns, max_rows=max_rows, max_columns=DECLARED_COLUMNS,
        )


def open_workbook(data: bytes, *, max_rows: int = MAX_ROWS, max_columns: int = MAX_COLUMNS, max_cells: int = MAX_CELLS) -> GuardedWorkbook:
    """Uploaded bytes as a guarded, read-only workbook (values, not formulas), or a ValidationError."""
    _check_archive(data, max_rows)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except XLSX_ERRORS:
        raise ValidationError("Không đọc được tệp Excel: tệp hỏng hoặc không đúng định dạng .xlsx.") from None
    try:
        for sheet in book.worksheets:
            if hasattr(sheet, "reset_dimensions"):  # stream what is there, not a declared (or forged) size
                sheet.reset_dimensions()
    except XLSX_ERRORS:
        book.close()
        raise ValidationError("Không đọc được tệp Excel: tệp hỏng hoặc không đúng định dạng .xlsx.") from None
    return GuardedWorkbook(book, max_rows, max_columns, max_cells)


# ---------------------------------------------------------------- writing


def text_cell(value: Any) -> Any:
    """A value as it goes into a cell: text never becomes a formula, illegal control characters go."""
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return "'" + value if value.startswith(FORMULA_START) else value


def untext(value: str) -> str:
    """Text read back from a workbook `text_cell` wrote: the apostrophe it added is taken off."""
    if value.startswith("'") and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


def append(ws: Any, values: Iterable[Any]) -> None:
    """`ws.append(values)` through `text_cell`: every row of every export is written here."""
    ws.append([text_cell(v) for v in values])
