"""Shared PDF building blocks (reportlab): the embedded DejaVu font, styles, escaped paragraphs,
and a document that prints "Trang N/M", an optional header line and an optional watermark.
"""
from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from flask_babel import gettext as _

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate, Frame, KeepTogether, NextPageTemplate, PageBreak, PageTemplate, Paragraph, SimpleDocTemplate, Spacer,
    Table, TableStyle,
)

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT, FONT_BOLD = "DejaVuSans", "DejaVuSans-Bold"
PORTRAIT, LANDSCAPE = A4, landscape(A4)


def register_fonts() -> None:
    """Register the Unicode font shipped with the package (reportlab's own fonts lack Vietnamese)."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)


def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5),
        "cell_bold": ParagraphStyle("cell_bold", parent=base, fontName=FONT_BOLD, fontSize=8.5, leading=10.5),
        "title": ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=15, leading=19, alignment=1, spaceAfter=6),
        "h1": ParagraphStyle("h1", parent=base, fontName=FONT_BOLD, fontSize=12, leading=15, spaceBefore=8, spaceAfter=4),
        "h2": ParagraphStyle("h2", parent=base, fontName=FONT_BOLD, fontSize=10.5, leading=13, spaceBefore=6, spaceAfter=3),
        "center": ParagraphStyle("center", parent=base, alignment=1),
        "center_bold": ParagraphStyle("center_bold", parent=base, fontName=FONT_BOLD, alignment=1),
        "right": ParagraphStyle("right", parent=base, alignment=2),
    }


def para(text: Any, style: ParagraphStyle) -> Paragraph:
    """A Paragraph of plain text: escaped first, line breaks kept."""
    return Paragraph(escape("" if text is None else str(text)).replace("\n", "<br/>"), style)


PADDING = 3  # points left and right of a table cell's text


def _cell(value: Any, style: ParagraphStyle, width: float) -> Any:
    """A flowable as it is; text that fits on one line as a plain string (reportlab draws it directly,
    about a tenth of a Paragraph's cost: a 200-action plan has 2,000 cells); longer text wraps as a Paragraph."""
    if hasattr(value, "wrap"):
        return value
    text = "" if value is None else str(value)
    if "\n" not in text and pdfmetrics.stringWidth(text, style.fontName, style.fontSize) <= width - 2 * PADDING:
        return text
    return para(text, style)


def table(rows: Iterable[Iterable[Any]], col_widths: list[float], *, header_rows: int = 1, cell_style: ParagraphStyle | None = None) -> Table:
    """A grid table; plain values become wrapped Paragraphs; the header repeats on every page."""
    st = styles()
    cell = cell_style or st["cell"]
    data = []
    for i, row in enumerate(rows):
        style = st["cell_bold"] if i < header_rows else cell
        data.append([_cell(v, style, col_widths[j] if j < len(col_widths) else 0) for j, v in enumerate(row)])
    t = Table(data, colWidths=col_widths, repeatRows=header_rows)
    body_font = [("FONTNAME", (0, header_rows), (-1, -1), cell.fontName), ("FONTSIZE", (0, header_rows), (-1, -1), cell.fontSize),
                 ("LEADING", (0, header_rows), (-1, -1), cell.leading),
                 ("ALIGN", (0, header_rows), (-1, -1), ("LEFT", "CENTER", "RIGHT", "LEFT")[cell.alignment])]
    head_font = [("FONTNAME", (0, 0), (-1, header_rows - 1), st["cell_bold"].fontName), ("FONTSIZE", (0, 0), (-1, header_rows - 1), st["cell_bold"].fontSize),
                 ("LEADING", (0, 0), (-1, header_rows - 1), st["cell_bold"].leading)] if header_rows else []
    t.setStyle(TableStyle([
        *body_font, *head_font,
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#e6f2ed")) if header_rows else ("BOX", (0, 0), (-1, -1), 0.4, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING), ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
    ]))
    return t


def _numbered_canvas(header: str, watermark: str | None, page_label: str, logo: str | None = None):
    class NumberedCanvas(rl_canvas.Canvas):
        """Defers page output so every page can print "Trang N/M"."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab API)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            width, height = self._pagesize
            self.saveState()
            if watermark:
                self.setFont(FONT_BOLD, 60)
                self.setFillColor(colors.Color(0.8, 0.1, 0.1, alpha=0.15))
                self.translate(width / 2, height / 2)
                self.rotate(35)
                self.drawCentredString(0, 0, watermark)
                self.rotate(-35)
                self.translate(-width / 2, -height / 2)
            self.setFillColor(colors.grey)
            self.setFont(FONT, 7.5)
            header_x = 15 * mm
            if logo:
                self.drawImage(logo, header_x, height - 12 * mm, width=8 * mm, height=8 * mm, preserveAspectRatio=True, mask="auto")
                header_x += 10 * mm
            if header:
                self.drawString(header_x, height - 10 * mm, header)
            self.drawRightString(width - 15 * mm, 8 * mm, f"{page_label} {self._pageNumber}/{total}")
            self.restoreState()

    return NumberedCanvas


def build_pdf(
    story: list[Any], *, title: str, author: str = "", pagesize: tuple[float, float] = PORTRAIT,
    header: str = "", watermark: str | None = None, page_label: str = "Trang",
) -> bytes:
    """Render `story` to PDF bytes with title/author metadata, page numbers, header and watermark."""
    register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=pagesize, title=title, author=author, creator="quality_assess",
        leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm, bottomMargin=15 * mm,
    )
    doc.build(story, canvasmaker=_numbered_canvas(header, watermark, page_label))
    return buffer.getvalue()


def national_header(hospital_name: str, place_date: str, width: float, agency: str = "") -> Table:
    """The Vietnamese administrative header: the managing agency (when given) above the hospital on the left,
    the national motto right, place and date."""
    st = styles()
    left = ([para(agency.upper(), st["center"])] if agency else []) + [para(hospital_name.upper(), st["center_bold"])]
    right = [para("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", st["center_bold"]), para("Độc lập - Tự do - Hạnh phúc", st["center_bold"]), para(place_date, st["center"])]
    t = Table([[left, right]], colWidths=[width * 0.42, width * 0.58])
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return t


def place_date(place: str, on: date) -> str:
    """“Hà Nội, ngày 2 tháng 12 năm 2026”: the line a Vietnamese document is dated with."""
    return _("%(place)s, ngày %(d)s tháng %(m)s năm %(y)s", place=place or "……", d=on.day, m=on.month, y=on.year)


@dataclass(frozen=True)
class Signer:
    """One column of a signature block: the title in capitals, how to sign, the name printed under the space."""

    title: str
    hint: str
    name: str = ""


def signature_block(signers: Sequence[Signer], width: float, *, place: str, on: date) -> KeepTogether:
    """The signatures that end a report: the place-and-date line over the last column, then one column per
    signer with room to sign. `on` is the date of the document in the hospital's time (the caller's clock)."""
    st = styles()
    n = len(signers)
    dated = [""] * (n - 1) + [para(place_date(place, on), st["center"])]
    sign = Table(
        [dated, [para(s.title, st["center_bold"]) for s in signers], [para(s.hint, st["center"]) for s in signers],
         [para(s.name, st["center_bold"]) if s.name else "" for s in signers]],
        colWidths=[width / n] * n, rowHeights=[None, None, 26 * mm, None],
    )
    sign.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP")])
    return KeepTogether([Spacer(1, 8 * mm), sign])


def to_landscape() -> list[Any]:
    """Story items that continue on a new landscape page (for `build_mixed_pdf`)."""
    return [NextPageTemplate("landscape"), PageBreak()]


def to_portrait() -> list[Any]:
    return [NextPageTemplate("portrait"), PageBreak()]


def build_mixed_pdf(
    story: list[Any], *, title: str, author: str = "", header: str = "", watermark: str | None = None,
    page_label: str = "Trang", logo: str | None = None,
) -> bytes:
    """Like `build_pdf`, with portrait and landscape pages (switch with `to_landscape`/`to_portrait`)
    and an optional logo image file drawn beside the header line on every page."""
    register_fonts()
    buffer = io.BytesIO()
    margin = 15 * mm
    doc = BaseDocTemplate(buffer, title=title, author=author, creator="quality_assess", pagesize=PORTRAIT)
    doc.addPageTemplates([
        PageTemplate(id=name, pagesize=size, frames=[Frame(margin, margin, size[0] - 2 * margin, size[1] - 2 * margin, id=name)])
        for name, size in (("portrait", PORTRAIT), ("landscape", LANDSCAPE))
    ])
    doc.build(story, canvasmaker=_numbered_canvas(header, watermark, page_label, logo))
    return buffer.getvalue()
