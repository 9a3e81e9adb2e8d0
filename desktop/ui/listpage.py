"""A list screen: a filter bar, a paged table sorted in SQL, and New / Open / Delete."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.store import commands, lists
from desktop.store.store import Store
from desktop.ui.listmodel import PagedTableModel
from desktop.ui.period import PeriodPicker
from desktop.ui.tasks import run_modal, when_done


class ListPage(QWidget):
    """Subclasses set `table`, `headers`, `formatters`, add their filters, and open records."""

    table = ""
    delete_question = ""
    changed = Signal()  # a record was saved or deleted here

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.actor: str | None = None
        layout = QVBoxLayout(self)
        self.filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Search…"))
        self.search.setAccessibleName(self.tr("Search"))
        self.filters.addWidget(self.search, 2)
        layout.addLayout(self.filters)

        self.view = QTableView()
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setSortingEnabled(False)  # we sort in SQL on header clicks
        self.view.setWordWrap(False)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.sectionClicked.connect(self._sort_clicked)
        self.view.doubleClicked.connect(lambda index: self.open_row(index.row()))
        layout.addWidget(self.view, 1)

        self.actions = buttons = QHBoxLayout()
        self.count_label = QLabel()
        buttons.addWidget(self.count_label)
        buttons.addStretch(1)
        self.new_button = QPushButton()
        self.open_button = QPushButton(self.tr("Open"))
        self.delete_button = QPushButton(self.tr("Delete"))
        self.row_buttons = [self.open_button, self.delete_button]  # need a chosen row
        for b in (self.new_button, self.open_button, self.delete_button):
            buttons.addWidget(b)
        layout.addLayout(buttons)
        self.new_button.clicked.connect(self.new_record)
        self.open_button.clicked.connect(lambda: self.open_row(self.current_row()))
        self.delete_button.clicked.connect(self.delete_current)

        self._search_timer = QTimer(self, singleShot=True, interval=40)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.model: PagedTableModel | None = None

    def filter_combo(self, name: str, *, stretch: int = 0) -> QComboBox:
        """A filter drop-down in the bar; choosing in it filters the list."""
        combo = QComboBox()
        combo.setAccessibleName(name)
        combo.setMinimumContentsLength(18)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.filters.addWidget(combo, stretch)
        combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        return combo

    def period_filter(self) -> PeriodPicker:
        picker = PeriodPicker()
        self.filters.addWidget(picker)
        picker.changed.connect(self.apply_filters)
        return picker

    def attach(self, query: lists.ListQuery, headers: list[str], formatters: dict) -> None:
        self.model = PagedTableModel(self.store, query, headers, formatters, self)
        # Fixed row heights before the model is attached: no per-row measuring.
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.view.setModel(self.model)
        newest_first = query.spec.date_column is not None and query.sort is None
        self.view.horizontalHeader().setSortIndicator(
            0, Qt.SortOrder.DescendingOrder if newest_first else Qt.SortOrder.AscendingOrder
        )
        self.model.loaded.connect(self._loaded)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self._update_buttons()

    def _loaded(self, rows: int) -> None:
        # The base class's context: PySide6 looks a plural up under the subclass's name only.
        text = QCoreApplication.translate("ListPage", "%n record(s)", None, rows)
        self.count_label.setText(text)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = self.current_row() >= 0
        for button in self.row_buttons:
            button.setEnabled(has)

    def _sort_clicked(self, section: int) -> None:
        assert self.model is not None
        column = self.model.query.spec.columns[section]
        if column.order is None:
            return
        q = self.model.query
        current = q.sort or q.spec.columns[0].key
        shown_descending = q.descending or (q.sort is None and q.spec.date_column is not None)
        descending = not shown_descending if current == column.key else False
        self.view.horizontalHeader().setSortIndicator(
            section, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        )
        self.model.set_query(dataclasses.replace(q, sort=column.key, descending=descending))

    def current_row(self) -> int:
        index = self.view.currentIndex()
        return index.row() if index.isValid() else -1

    def query_filters(self) -> dict:
        """Subclasses add their own filter values."""
        return {"search": self.search.text()}

    def apply_filters(self) -> None:
        if self.model is not None:
            self.model.set_query(dataclasses.replace(self.model.query, **self.query_filters()))

    def reload(self) -> None:
        if self.model is not None:
            self.model.reload()

    def open_row(self, row: int) -> None:
        if self.model is None or row < 0:
            return
        record_id = self.model.row_id(row)
        if record_id:
            self.open_record(record_id)

    def new_record(self) -> None:
        raise NotImplementedError

    def open_record(self, record_id: str) -> None:
        raise NotImplementedError

    def delete_current(self) -> None:
        row = self.current_row()
        if self.model is None or row < 0:
            return
        record_id = self.model.row_id(row)
        if not record_id:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question, self.tr("Delete"), self.delete_question, parent=self
        )
        yes = box.addButton(self.tr("Delete"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(self.tr("Keep"), QMessageBox.ButtonRole.RejectRole)
        run_modal(box)
        if box.clickedButton() is not yes:
            return
        when_done(
            self.store.write(commands.delete, self.table, record_id, self.actor),
            lambda _v: self.saved(),
            context=self,
        )

    def saved(self) -> None:
        self.reload()
        self.changed.emit()


def fill_filter(combo: QComboBox, all_text: str, items: list[tuple[str, str]]) -> None:
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(all_text, None)
    for text, data in items:
        combo.addItem(text, data)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    combo.blockSignals(False)
