"""Shared Word (.docx) building blocks (python-docx) for documents the quality office edits before it signs.

Laid out as a Vietnamese administrative document (the presentation rules of Nghị định 30/2020/NĐ-CP):
A4, margins top/bottom 20 mm, left 30 mm, right 15 mm, Times New Roman; a heading of two columns — the
managing agency, the organisation and the document number on the left, the national motto and the place and
date on the right — and a signature block at the end. Tables are real Word tables (the office edits cells),
charts are PNG images drawn here in pure Python (`bar_png`): no rasteriser dependency is needed.
"""
from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from docx import Document
from flask_babel import gettext as _
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table, _Cell

from quality_assess.render.pdf import Signer, place_date

FONT = "Times New Roman"
A4 = (Mm(210), Mm(297))
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
GREEN = (11, 110, 79)


def new_document(*, title: str = "", author: str = "", size: float = 13, wide: bool = False) -> DocumentObject:
    """An empty A4 portrait (`wide`: landscape) document in Times New Roman with administrative margins and metadata."""
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(size)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    style.paragraph_format.space_after = Pt(3)
    for name in ("Heading 1", "Heading 2", "Title"):
        heading = doc.styles[name]
        heading.font.name = FONT
        heading.font.color.rgb = RGBColor(0, 0, 0)
        heading.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    doc.styles["Heading 1"].font.size = Pt(size)
    doc.styles["Heading 2"].font.size = Pt(size)
    section = doc.sections[0]
    section.page_width, section.page_height = A4
    if wide:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = A4[1], A4[0]
    _margins(section)
    doc.core_properties.title = title
    doc.core_properties.author = author
    return doc


def _margins(section: Any) -> None:
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)


def text_width(doc: DocumentObject) -> int:
    section = doc.sections[-1]
    return int((section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0))


def landscape(doc: DocumentObject) -> None:
    """Continue on a new A4 landscape page (a wide table); `portrait` goes back."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = A4[1], A4[0]
    _margins(section)


def portrait(doc: DocumentObject) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = A4
    _margins(section)


def paragraph(doc_or_cell: Any, text: Any = "", *, bold: bool = False, italic: bool = False, center: bool = False,
              size: float | None = None, style: str | None = None) -> Any:
    """A paragraph of plain text (line breaks kept as breaks) in a document or a table cell."""
    p = doc_or_cell.add_paragraph(style=style) if style else doc_or_cell.add_paragraph()
    lines = ("" if text is None else str(text)).split("\n")
    for i, line in enumerate(lines):
        run = p.add_run(line)
        run.bold, run.italic = bold or None, italic or None
        if size:
            run.font.size = Pt(size)
        if i < len(lines) - 1:
            run.add_break()
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return p


def heading(doc: DocumentObject, text: str, level: int = 1) -> Any:
    """A heading in the document's outline (Word's navigation pane), black Times New Roman, bold."""
    p = doc.add_heading("", level=level)
    run = p.add_run(text)
    run.bold = True
    run.font.name = FONT
    return p


def _cell_text(cell: _Cell, text: Any, *, bold: bool = False, italic: bool = False, center: bool = False, size: float | None = None) -> None:
    cell.text = ""
    p = cell.paragraphs[0]
    run = p.add_run("" if text is None else str(text))
    run.bold, run.italic = bold or None, italic or None
    if size:
        run.font.size = Pt(size)
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _repeat_header(row: Any) -> None:
    trpr = row._tr.get_or_add_trPr()
    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    trpr.append(mark)


def table(doc: DocumentObject, rows: Iterable[Sequence[Any]], fractions: Sequence[float], *, header_rows: int = 1,
          bold_rows: Iterable[int] = (), size: float = 11) -> Table:
    """A real Word table with a grid: header rows bold and repeated on every page; `bold_rows` (indexes
    into `rows`) bold too (a part's line among its chapters). Widths are fractions of the text width."""
    data = [list(r) for r in rows]
    bold = set(bold_rows)
    width = text_width(doc)
    t = doc.add_table(rows=len(data), cols=len(fractions))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    for i, values in enumerate(data):
        row = t.rows[i]
        if i < header_rows:
            _repeat_header(row)
        for j, value in enumerate(values):
            cell = row.cells[j]
            cell.width = int(width * fractions[j])
            _cell_text(cell, value, bold=i < header_rows or i in bold, center=i < header_rows, size=size)
    return t


def _borderless(t: Table) -> None:
    tblpr = t._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tblpr.append(borders)


def national_heading(doc: DocumentObject, *, agency: str, organisation: str, number: str, dated: str) -> Table:
    """The two-column heading: agency / ORGANISATION (bold) / Số: … on the left; the national motto (bold),
    and the place and date line in italics on the right. Borderless, so it prints as a heading."""
    width = text_width(doc)
    t = doc.add_table(rows=1, cols=2)
    _borderless(t)
    left, right = t.rows[0].cells
    left.width, right.width = int(width * 0.42), int(width * 0.58)
    _cell_text(left, agency.upper(), center=True, size=12)
    paragraph(left, organisation.upper(), bold=True, center=True, size=12)
    paragraph(left, number, center=True, size=12)
    _cell_text(right, MOTTO[0], bold=True, center=True, size=12)
    paragraph(right, MOTTO[1], bold=True, center=True, size=13)
    paragraph(right, dated, italic=True, center=True, size=13)
    return t


def managing_agency(province: str, agency: str = "") -> str:
    """The managing agency printed above the hospital: the hospital's own (its profile's "cơ quan chủ quản")
    when set, else the province's health department, else a line to fill in (edited in Word)."""
    if agency:
        return agency
    return _("Sở Y tế %(province)s", province=province) if province else "……………………"


def signature_block(doc: DocumentObject, signers: Sequence[Signer], *, place: str, on: date) -> Table:
    """As `render.pdf.signature_block`: the place-and-date line over the last column, then per signer the
    title in capitals, how to sign, room to sign and the printed name. `on` is the hospital's date."""
    doc.add_paragraph()
    n = len(signers)
    width = text_width(doc)
    t = doc.add_table(rows=5, cols=n)
    _borderless(t)
    _cell_text(t.rows[0].cells[n - 1], place_date(place, on), italic=True, center=True)
    for j, signer in enumerate(signers):
        for row in t.rows:
            row.cells[j].width = int(width / n)
        _cell_text(t.rows[1].cells[j], signer.title, bold=True, center=True, size=12)
        _cell_text(t.rows[2].cells[j], signer.hint, italic=True, center=True, size=12)
        _cell_text(t.rows[3].cells[j], "\n\n\n")
        _cell_text(t.rows[4].cells[j], signer.name, bold=True, center=True)
    return t


def image(doc: DocumentObject, png: bytes, *, width_mm: float) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run().add_picture(io.BytesIO(png), width=Mm(width_mm))


def to_bytes(doc: DocumentObject) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- a PNG bar chart without a rasteriser


def _png(width: int, height: int, pixels: bytearray) -> bytes:
    """An 8-bit RGB PNG of `pixels` (rows of width*3 bytes)."""
    raw = b"".join(b"\x00" + bytes(pixels[y * width * 3:(y + 1) * width * 3]) for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def bar_png(values: Sequence[float | None], *, maximum: float = 5, width: int = 1200, height: int = 420,
            colour: tuple[int, int, int] = GREEN) -> bytes:
    """Vertical bars of `values` on a 0..maximum scale with a grey line at each whole step; a value of
    None draws no bar (not a bar at 0). The labels go in the caption beside the image (the document's
    own text, which the office can edit), so no font is rasterised here."""
    pixels = bytearray(b"\xff" * (width * height * 3))

    def fill(x0: int, y0: int, x1: int, y1: int, rgb: tuple[int, int, int]) -> None:
        x0, x1 = max(0, x0), min(width, x1)
        row = bytes(rgb) * max(0, x1 - x0)
        for y in range(max(0, y0), min(height, y1)):
            start = (y * width + x0) * 3
            pixels[start:start + len(row)] = row

    left, right, top, bottom = 30, width - 20, 20, height - 30
    plot = bottom - top
    for step in range(int(maximum) + 1):
        y = bottom - round(plot * step / maximum)
        fill(left, y, right, y + (3 if step == 0 else 1), (60, 60, 60) if step == 0 else (200, 200, 200))
    fill(left, top, left + 3, bottom + 3, (60, 60, 60))
    n = max(len(values), 1)
    slot = (right - left - 10) / n
    for i, value in enumerate(values):
        if value is None:
            continue
        x0 = left + 10 + round(i * slot + slot * 0.15)
        x1 = left + 10 + round((i + 1) * slot - slot * 0.15)
        y0 = bottom - round(plot * min(max(value, 0), maximum) / maximum)
        fill(x0, y0, max(x1, x0 + 1), bottom, colour)
    return _png(width, height, pixels)


def shade(cell: _Cell, fill: str) -> None:
    """Fill a table cell with a colour ("#rrggbb"), as Word's cell shading."""
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill.lstrip("#").upper())
    cell._tc.get_or_add_tcPr().append(shading)
