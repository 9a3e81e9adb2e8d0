"""Dates and read-only tables as every screen shows them. Screens import these from here,
never from one another: a screen's module is not a library for the others.

Small on purpose, Qt only: the overview imports it on the start-up path."""

from __future__ import annotations

from collections.abc import Container
from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableView, QTableWidget, QTableWidgetItem, QWidget

# Day first, as Vietnamese forms write it.
DATE_FORMAT = "dd/MM/yyyy"  # Qt's pattern, for date fields


def show_day(day: date | str) -> str:
    """A day as shown; text that is no calendar day (sotay.domain.dates.day_or_text) as it is."""
    return day if isinstance(day, str) else day.strftime("%d/%m/%Y")


def show_date(iso: str | None) -> str:
    """A day kept as ISO text ("2026-01-02"), as shown; "" for none."""
    if not iso:
        return ""
    parts = iso.split("-")
    if len(parts) != 3:  # not a day (a record written by hand): shown as it is
        return iso
    y, m, d = parts
    return f"{d}/{m}/{y}"


def show_moment(when: datetime) -> str:
    """A moment (a backup's), in this computer's time zone."""
    return when.astimezone().strftime("%d/%m/%Y %H:%M")


def read_only_table(headers: list[str], stretch: int = 0) -> QTableWidget:
    """A table of figures to read: the figures' columns as wide as their headings ("Lượt
    người tham dự" was cut), the `stretch` column (the names) takes the rest."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    fit_headers(table, whole=False)
    return table


def fill_table(table: QTableWidget, rows: list[tuple], tips: Container[int] = (0,)) -> None:
    """The rows as text; the cells of the `tips` columns, if cut, still read whole in their
    tooltip (a long service name)."""
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem(str(value))
            if c in tips:
                item.setToolTip(str(value))
            table.setItem(r, c, item)


def heading_width(view: QTableView, col: int) -> int:
    """The room a column's heading needs whole, at the text size of the moment: its longest
    line, the section's margins and its sort arrow."""
    header = view.horizontalHeader()
    metrics = header.fontMetrics()
    text = str(view.model().headerData(col, Qt.Orientation.Horizontal) or "")
    widest = max((metrics.horizontalAdvance(line) for line in text.splitlines()), default=0)
    return widest + metrics.horizontalAdvance("M") * 2


def fit_headers(view: QTableView, *, whole: bool = True) -> None:
    """Every column at least as wide as its heading, at the text size of the moment (A+ made
    "Số điện thoại" wider than its 100 px), and the table as wide as all its headings, so that
    a layout never squeezes the stretched one below its own (`whole`; a list that fills its
    screen scrolls sideways instead)."""
    header = view.horizontalHeader()
    model = view.model()
    if model is None:
        return
    total = 0
    for col in range(model.columnCount()):
        if header.isSectionHidden(col):
            continue
        need = heading_width(view, col)
        total += need
        mode = header.sectionResizeMode(col)
        if mode == QHeaderView.ResizeMode.Interactive and header.sectionSize(col) < need:
            header.resizeSection(col, need)
    if whole:
        frame = view.frameWidth() * 2 + view.verticalScrollBar().sizeHint().width()
        view.setMinimumWidth(min(total + frame, 900))


# The room of a full name, in digits ("0"): a long Vietnamese one, "Nguyễn Thị Hoàng Phương
# Thảo", is whole in it. A name column is never narrower (at 150 % it was cut to "Hoàng ...").
NAME_CHARS = 29


def name_width(view: QWidget) -> int:
    """A name column's room at the text size of the moment, with the cell's margins."""
    return (NAME_CHARS + 1) * view.fontMetrics().horizontalAdvance("0")
