"""Small widgets shared by the forms: a combo box that finds items without diacritics, a
resident search box fed from the store as you type."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QModelIndex, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QCompleter, QHeaderView, QLineEdit, QTableView, QWidget

from desktop.store import queries
from desktop.store.store import Store
from desktop.ui.tasks import when_done
from desktop.ui.texts import gender_text
from desktop.ui.theme import screen_room
from sotay.domain.text import fold


def complete_wide(completer: QCompleter, field: QWidget) -> None:
    """Show the completer's list as wide as its longest line, past a narrow field (the
    neighbourhood at the end of a resident's line tells two namesakes apart)."""
    popup = completer.popup()
    bar = popup.verticalScrollBar().sizeHint().width()
    need = popup.sizeHintForColumn(0) + popup.frameWidth() * 2 + bar
    room = screen_room(field).width()
    popup.setMinimumWidth(min(need, room))
    completer.complete()


class FoldedComboBox(QComboBox):
    """A combo box the user can type into; 'ha noi' finds 'Thành phố Hà Nội'."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self._folded: list[str] = []
        self._matches = QStringListModel(self)
        self._completer = QCompleter(self._matches, self)
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setMaxVisibleItems(12)
        self.setCompleter(self._completer)
        self.lineEdit().textEdited.connect(self._filter)
        self._completer.activated[str].connect(self._choose)

    def set_items(self, items: Iterable[tuple[str, Any]]) -> None:
        self.blockSignals(True)
        self.clear()
        self._folded = []
        for text, data in items:
            self.addItem(text, data)
            self._folded.append(fold(text))
        self.setCurrentIndex(-1)
        self.blockSignals(False)
        self.currentIndexChanged.emit(-1)

    def _filter(self, text: str) -> None:
        words = fold(text).split()
        hits = [self.itemText(i) for i, f in enumerate(self._folded) if all(w in f for w in words)]
        self._matches.setStringList(hits[:200])
        if hits:
            complete_wide(self._completer, self)

    def _choose(self, text: str) -> None:
        self.setCurrentIndex(self.findText(text, Qt.MatchFlag.MatchExactly))

    def current_data(self) -> Any:
        """The chosen item's data, or None while the text is not exactly an item."""
        index = self.currentIndex()
        if index < 0 or self.itemText(index) != self.currentText():
            return None
        return self.itemData(index)

    def select_data(self, data: Any) -> None:
        self.setCurrentIndex(self.findData(data))


def hit_label(hit: queries.ResidentHit) -> str:
    parts = [hit.full_name]
    if hit.birth_year:
        parts.append(str(hit.birth_year))
    if hit.gender:
        parts.append(gender_text(hit.gender))
    if hit.neighbourhood:
        parts.append(hit.neighbourhood)
    return " · ".join(parts)


class ResidentSearch(QLineEdit):
    """Type a name (with or without diacritics) or phone digits; pick from the results."""

    chosen = Signal(object)  # ResidentHit

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setClearButtonEnabled(True)
        self._model = QStandardItemModel(self)
        self._completer = QCompleter(self._model, self)
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setWidget(self)
        self._completer.activated[QModelIndex].connect(self._activated)
        self._asked = 0
        self._timer = QTimer(self, singleShot=True, interval=40)
        self._timer.timeout.connect(self._search)
        self.textEdited.connect(self._edited)
        self.hits: list[queries.ResidentHit] = []
        self._enter_pending = False

    def _edited(self, _text: str) -> None:
        self.hits = []  # what was found is for the text before this edit
        self._enter_pending = False  # typing on after Enter: that Enter is spent
        self._timer.start()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter adds the match the arrow keys chose in the list, or else the first one; it
        never reaches the dialog (which would save and close the form around the search)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            popup = self._completer.popup()
            # The completer gives Enter to this line first: without this, the first of two
            # namesakes was added whichever one was highlighted.
            highlighted = popup.currentIndex() if popup.isVisible() else QModelIndex()
            if highlighted.isValid() and highlighted.data(Qt.ItemDataRole.UserRole) is not None:
                self.choose(highlighted.data(Qt.ItemDataRole.UserRole))
            elif self._timer.isActive():  # typed faster than the search: search now
                self._timer.stop()
                self._enter_pending = True
                self._search()
            elif self.hits and self.text().strip():
                self.choose(self.hits[0])
            event.accept()
            return
        super().keyPressEvent(event)

    def _search(self) -> None:
        if self.store.closed:
            return  # the window is being rebuilt or the app is closing
        self._asked += 1
        ticket = self._asked
        text = self.text()
        when_done(
            self.store.read(queries.search_residents, text, 30),
            lambda hits: self._show(ticket, hits),
            context=self,
        )

    def _show(self, ticket: int, hits: list[queries.ResidentHit]) -> None:
        if ticket != self._asked:
            return  # an older answer arriving late
        self.hits = hits
        if self._enter_pending:
            self._enter_pending = False
            if hits and self.text().strip():
                self.choose(hits[0])
                return
        self._model.clear()
        for hit in hits:
            item = QStandardItem(hit_label(hit))
            item.setData(hit, Qt.ItemDataRole.UserRole)
            self._model.appendRow(item)
        if hits:
            complete_wide(self._completer, self)
        else:
            self._completer.popup().hide()

    def _activated(self, index: QModelIndex) -> None:
        hit = index.data(Qt.ItemDataRole.UserRole)
        if hit is not None:
            self.choose(hit)

    def choose(self, hit: queries.ResidentHit) -> None:
        self._completer.popup().hide()
        self.clear()
        self.chosen.emit(hit)


# The room of a full name, in digits ("0"): a long Vietnamese one, "Nguyễn Thị Hoàng Phương
# Thảo", is whole in it. A name column is never narrower (at 150 % it was cut to "Hoàng ...").
NAME_CHARS = 29


def name_width(view: QWidget) -> int:
    """A name column's room at the text size of the moment, with the cell's margins."""
    return (NAME_CHARS + 1) * view.fontMetrics().horizontalAdvance("0")


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
