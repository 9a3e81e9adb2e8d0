"""The administrative page: A4 with the decree's margins, the two-column letterhead (issuer on
the left, national title and motto on the right), the place-and-date line, `Trang x/y` on every
page, an optional QR code on every page, and the signature blocks."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    LongTable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from sotay.domain.text import display
from sotay.printing import fonts
from sotay.printing.data import Letterhead

# Nghị định 30/2020: top and bottom 20-25 mm, left 30-35 mm, right 15-20 mm.
MARGINS = {"top": 20 * mm, "bottom": 20 * mm, "left": 30 * mm, "right": 15 * mm}
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
QR_SIZE = 16 * mm


def drawn(text: object) -> str:
    """Any value as the page draws it: NFC, no letter with more than a few combining marks
    (a name stacking dozens would be drawn over the lines around it)."""
    return display("" if text is None else str(text))


def p(text: object, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text: drawn(), escaped (a name may contain '&' or '<')."""
    return Paragraph(escape(drawn(text)), style)


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    cell: ParagraphStyle
    cell_center: ParagraphStyle
    head: ParagraphStyle
    title: ParagraphStyle
    centered: ParagraphStyle
    centered_bold: ParagraphStyle
    italic_center: ParagraphStyle

    @classmethod
    def make(cls) -> Styles:
        serif = fonts.register()
        base = ParagraphStyle("body", fontName=serif, fontSize=13, leading=16)
        return cls(
            body=base,
            cell=ParagraphStyle("cell", base, fontSize=12, leading=14),
            cell_center=ParagraphStyle("cellc", base, fontSize=12, leading=14, alignment=TA_CENTER),
            head=ParagraphStyle(
                "head",
                base,
                fontName=fonts.SERIF_BOLD,
                fontSize=12,
                leading=14,
                alignment=TA_CENTER,
            ),
            title=ParagraphStyle(
                "title",
                base,
                fontName=fonts.SERIF_BOLD,
                fontSize=14,
                leading=18,
                alignment=TA_CENTER,
                spaceBefore=6,
                spaceAfter=4,
            ),
            centered=ParagraphStyle("c", base, alignment=TA_CENTER),
            centered_bold=ParagraphStyle(
                "cb", base, fontName=fonts.SERIF_BOLD, alignment=TA_CENTER
            ),
            italic_center=ParagraphStyle(
                "ic", base, fontName=fonts.SERIF_ITALIC, alignment=TA_CENTER
            ),
        )


def date_line(day: date) -> str:
    return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def letterhead(head: Letterhead, today: date, styles: Styles, width: float) -> Table:
    left_w = width * 0.42
    right_w = width - left_w
    small_bold = ParagraphStyle("hb", styles.centered_bold, fontSize=12, leading=14)
    small = ParagraphStyle("h", styles.centered, fontSize=12, leading=14)
    motto = ParagraphStyle("m", styles.centered_bold, fontSize=13, leading=16)
    motto_w = stringWidth(MOTTO, fonts.SERIF_BOLD, 13)
    left = [
        p(f"UBND {head.commune_name.upper()}", small),
        p(head.team_name.upper(), small_bold),
        CenteredRule(left_w * 0.35, left_w),
    ]
    right = [
        p(NATIONAL_TITLE, small_bold),
        p(MOTTO, motto),
        CenteredRule(motto_w, right_w),
        Spacer(1, 4),
        p(f"{head.place}, {date_line(today)}", styles.italic_center),
    ]
    table = Table([[left, right]], colWidths=[left_w, right_w])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), fonts.SERIF),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


class CenteredRule(Flowable):
    def __init__(self, width: float, available: float) -> None:
        super().__init__()
        self.rule_width, self.width, self.height = width, available, 4

    def draw(self) -> None:
        x = (self.width - self.rule_width) / 2
        self.canv.setLineWidth(0.6)
        self.canv.line(x, 2, x + self.rule_width, 2)


def grid(
    head: Sequence[str],
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    styles: Styles,
    *,
    centered: Sequence[int] = (),
    sign_column: int | None = None,
    sign_height: float = 0,
) -> LongTable:
    """A bordered table whose header repeats on every page. Text that fits its column is drawn
    as a plain string (fast for 1,000 rows); longer text wraps inside its cell as a paragraph,
    so nothing overflows or clips."""
    serif, size, pad = fonts.SERIF, 12, 3
    body: list[list[object]] = [[p(h, styles.head) for h in head]]
    for row in rows:
        cells: list[object] = []
        for col, value in enumerate(row):
            text = drawn(value)
            if col == sign_column:
                cells.append(Spacer(1, sign_height))
            elif stringWidth(text, serif, size) <= widths[col] - 2 * pad - 1:
                cells.append(text)
            else:
                cells.append(p(text, styles.cell_center if col in centered else styles.cell))
        body.append(cells)
    # splitInRow: a row taller than a page (a very long text) continues on the next page
    # instead of failing the whole document.
    table = LongTable(body, colWidths=list(widths), repeatRows=1, splitInRow=1)
    style: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
        ("FONTNAME", (0, 0), (-1, -1), serif),
        ("FONTSIZE", (0, 1), (-1, -1), size),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
    ]
    style += [("ALIGN", (c, 1), (c, -1), "CENTER") for c in centered]
    table.setStyle(TableStyle(style))
    return table


def signatures(blocks: Sequence[tuple[str, str]], styles: Styles, width: float) -> KeepTogether:
    """Side-by-side blocks: the role in bold, '(Ký, ghi rõ họ tên)', room to sign, the name.
    A block with no role leaves its column empty (one signature on the right)."""
    hint = ParagraphStyle("hint", styles.italic_center, fontSize=12)
    cells = [
        [
            p(role, styles.centered_bold),
            p("(Ký, ghi rõ họ tên)", hint),
            Spacer(1, 22 * mm),
            p(name, styles.centered_bold),
        ]
        if role
        else ""
        for role, name in blocks
    ]
    table = Table([cells], colWidths=[width / len(blocks)] * len(blocks))
    table.setStyle(
        TableStyle(
            [("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), fonts.SERIF)]
        )
    )
    return KeepTogether([Spacer(1, 6 * mm), table])


class _NumberedCanvas(Canvas):
    """Draws `Trang x/y` (and the QR code) once the number of pages is known."""

    qr_payload: str | None = None
    # Canvas's own, which reportlab's stubs leave out: the page-count recipe needs them.
    _pagesize: tuple[float, float]
    _startPage: Callable[[], None]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._decorate(number, total)
            super().showPage()
        super().save()

    def _decorate(self, number: int, total: int) -> None:
        width, _height = self._pagesize
        self.setFont(fonts.SERIF_ITALIC, 11)
        self.drawRightString(
            width - MARGINS["right"], MARGINS["bottom"] / 2, f"Trang {number}/{total}"
        )
        if self.qr_payload:
            self._draw_qr(
                self.qr_payload, MARGINS["left"] - QR_SIZE - 4 * mm, MARGINS["bottom"] / 2 - 2 * mm
            )

    def _draw_qr(self, payload: str, x: float, y: float) -> None:
        """Module by module: reportlab's QR widget would bring a non-embedded font along."""
        from reportlab.graphics.barcode import qrencoder

        qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
        qr.addData(payload)
        qr.make()
        n = qr.getModuleCount()
        cell = QR_SIZE / (n + 8)  # a quiet zone of four modules around it
        self.saveState()
        self.setFillColor(colors.white)
        self.rect(x, y, QR_SIZE, QR_SIZE, stroke=0, fill=1)
        self.setFillColor(colors.black)
        path = self.beginPath()
        for row in range(n):
            for col in range(n):
                if qr.isDark(row, col):
                    path.rect(x + (col + 4) * cell, y + (n + 3 - row) * cell, cell, cell)
        self.drawPath(path, stroke=0, fill=1)
        self.restoreState()


def build_pdf(
    story: list[Flowable], *, title: str, wide: bool = False, qr_payload: str | None = None
) -> bytes:
    pagesize = landscape(A4) if wide else A4
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        title=drawn(title),
        # Otherwise reportlab starts each page in Helvetica, a font the PDF would not embed.
        initialFontName=fonts.SERIF,
        author="Sổ tay CNS",
        topMargin=MARGINS["top"],
        bottomMargin=MARGINS["bottom"],
        leftMargin=MARGINS["left"],
        rightMargin=MARGINS["right"],
    )

    class Canvas_(_NumberedCanvas):
        pass

    Canvas_.qr_payload = qr_payload
    doc.build(story, canvasmaker=Canvas_)
    return buffer.getvalue()


def text_width(pagesize_wide: bool) -> float:
    width = (landscape(A4) if pagesize_wide else A4)[0]
    return width - MARGINS["left"] - MARGINS["right"]
