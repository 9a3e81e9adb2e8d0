"""A list as the screen shows it (its columns, filters and sort), as an XLSX workbook."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from sotay.domain.text import clean

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell


DAY_FORMAT = "dd/mm/yyyy"  # as the screens show a day, whatever Excel's own locale


def table_xlsx(title: str, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    ws = book.create_sheet((clean(title) or "Danh sách")[:31])
    widths = [max(10, min(50, len(h) + 4)) for h in headers]
    rows = list(rows)
    for row in rows[:200]:  # wide enough for what most rows hold
        for n, value in enumerate(row):
            widths[n] = max(widths[n], min(50, len(str(value)) + 2))
    for n, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(n)].width = width
    ws.freeze_panes = "A2"

    def cell(value: object, bold: bool = False) -> Cell:
        day = isinstance(value, date)
        if isinstance(value, str):
            value = clean(value)
        elif isinstance(value, date):  # a day: Excel's date serial, shown as the screens do
            value = datetime(value.year, value.month, value.day)
        elif not (value is None or isinstance(value, int | float)):
            value = str(value)  # none expected: a list holds SQLite's values and formatted text
        c = WriteOnlyCell(ws, value=value)
        if isinstance(c.value, str):
            c.data_type = "s"  # a name like "=..." stays text, never a formula
        elif day:
            c.number_format = DAY_FORMAT
        if bold:
            c.font = Font(bold=True)
        return c

    ws.append([cell(h, bold=True) for h in headers])
    for row in rows:
        ws.append([cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
