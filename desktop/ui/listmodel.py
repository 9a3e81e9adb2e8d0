"""A table model over a SQL list: it knows the row count, fetches pages of rows from the reader
thread as the view scrolls to them, and sorts in SQL (QSortFilterProxyModel and
ResizeToContents are unusable at 50,000 rows)."""

from __future__ import annotations

import dataclasses
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from desktop.store import lists
from desktop.store.store import Store
from desktop.ui.tasks import when_done

PAGE = 200
MAX_PAGES = 40  # pages kept in memory; older ones are fetched again when scrolled back to

Index = QModelIndex | QPersistentModelIndex


class PagedTableModel(QAbstractTableModel):
    loaded = Signal(int)  # row count, after each new query

    def __init__(
        self,
        store: Store,
        query: lists.ListQuery,
        headers: list[str],
        formatters: dict[str, Callable[[Any], str]] | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.query = query
        self.headers = headers
        self.keys = [c.key for c in query.spec.columns]
        self.formatters = formatters or {}
        self._rows = 0
        self._pages: OrderedDict[int, list[tuple[Any, ...]]] = OrderedDict()
        self._pending: set[int] = set()
        self._generation = 0
        self.ready = False

    # --- loading ------------------------------------------------------------------------------

    def set_query(self, query: lists.ListQuery) -> None:
        self.query = query
        self.reload()

    def reload(self) -> None:
        self._generation += 1
        generation = self._generation
        query = self.query

        def first(conn: Any) -> tuple[int, list[tuple[Any, ...]]]:
            return lists.count(conn, query), lists.page(conn, query, 0, PAGE)

        when_done(self.store.read(first), lambda res: self._reset(generation, *res), context=self)

    def _reset(self, generation: int, rows: int, first: list[tuple[Any, ...]]) -> None:
        if generation != self._generation:
            return
        self.beginResetModel()
        self._rows = rows
        self._pages = OrderedDict({0: first})
        self._pending.clear()
        self.ready = True
        self.endResetModel()
        self.loaded.emit(rows)

    def _fetch(self, page: int) -> None:
        if page in self._pending:
            return
        self._pending.add(page)
        generation, query = self._generation, self.query
        when_done(
            self.store.read(lists.page, query, page * PAGE, PAGE, self._rows),
            lambda rows: self._arrived(generation, page, rows),
            context=self,
        )

    def _arrived(self, generation: int, page: int, rows: list[tuple[Any, ...]]) -> None:
        if generation != self._generation:
            return
        self._pending.discard(page)
        self._pages[page] = rows
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)
        top = page * PAGE
        bottom = min(self._rows, top + len(rows)) - 1
        if bottom >= top:
            self.dataChanged.emit(self.index(top, 0), self.index(bottom, len(self.keys) - 1))

    def _row(self, row: int) -> tuple[Any, ...] | None:
        page, offset = divmod(row, PAGE)
        rows = self._pages.get(page)
        if rows is None:
            self._fetch(page)
            return None
        self._pages.move_to_end(page)
        return rows[offset] if offset < len(rows) else None

    def row_id(self, row: int) -> str | None:
        values = self._row(row)
        return values[0] if values else None

    def row_of(self, record_id: str) -> int:
        """The row of a record among the pages loaded (-1: not among them); never reads."""
        for page, rows in self._pages.items():
            for offset, values in enumerate(rows):
                if values[0] == record_id:
                    return page * PAGE + offset
        return -1

    def value(self, row: int, key: str) -> Any:
        values = self._row(row)
        return values[self.keys.index(key) + 1] if values else None

    # --- Qt model -----------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.keys)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        values = self._row(index.row())
        if values is None:
            return "…" if role == Qt.ItemDataRole.DisplayRole else None
        key = self.keys[index.column()]
        value = values[index.column() + 1]
        fmt = self.formatters.get(key)
        if fmt is not None:
            return fmt(value)
        return "" if value is None else str(value)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        spec_column = self.query.spec.columns[column]
        if spec_column.order is None:
            return
        self.set_query(
            dataclasses.replace(
                self.query, sort=spec_column.key, descending=order == Qt.SortOrder.DescendingOrder
            )
        )
