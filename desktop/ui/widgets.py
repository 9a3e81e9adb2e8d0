"""Small widgets shared by the forms: a form with errors under each field, a combo box that
finds items without diacritics, a resident search box fed from the store as you type."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QModelIndex, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.text import fold
from desktop.domain.validation import FieldError
from desktop.store import queries
from desktop.store.store import Store
from desktop.ui.tasks import when_done
from desktop.ui.texts import gender_text, problem_text
from desktop.ui.theme import error_label, mark_invalid


class FormDialog(QDialog):
    """A form whose Save writes in the background. While the write is on its way the form
    cannot be cancelled or closed: the record would be saved anyway, out of the user's sight,
    and typed in again as a duplicate."""

    def is_saving(self) -> bool:
        return bool(self.property("saving"))

    def reject(self) -> None:
        if not self.is_saving():
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.is_saving():
            event.ignore()
        else:
            super().closeEvent(event)


class Form(QWidget):
    """A QFormLayout whose fields each have an error line under them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_ = QFormLayout(self)
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self._invalid: set[str] = set()

    def add(self, key: str, label: str, widget: QWidget) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        error = error_label()
        column.addWidget(error)
        self.layout_.addRow(label, box)
        self.fields[key] = widget
        self.errors[key] = error
        widget.setAccessibleName(label.replace("&", ""))
        return widget

    def show_errors(self, errors: Iterable[FieldError]) -> bool:
        """Show each problem under its field; focus the first. True if there were any."""
        self.clear_errors()
        first: QWidget | None = None
        for err in errors:
            label = self.errors.get(err.field)
            if label is None:
                continue
            label.setText(problem_text(err))
            label.show()
            widget = self.fields[err.field]
            mark_invalid(widget, True)
            self._invalid.add(err.field)
            first = first or widget
        if first is not None:
            first.setFocus()
        return first is not None

    def clear_errors(self) -> None:
        for key, label in self.errors.items():
            label.clear()
            label.hide()
            if key in self._invalid:
                mark_invalid(self.fields[key], False)
        self._invalid.clear()

    def error_text(self, key: str) -> str:
        return self.errors[key].text()


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
            self._completer.complete()

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
        self.textEdited.connect(lambda _t: self._timer.start())
        self.hits: list[queries.ResidentHit] = []

    def _search(self) -> None:
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
        self._model.clear()
        for hit in hits:
            item = QStandardItem(hit_label(hit))
            item.setData(hit, Qt.ItemDataRole.UserRole)
            self._model.appendRow(item)
        if hits:
            self._completer.complete()
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
