"""A list screen: a filter bar, a paged table sorted in SQL, and New / Open / Delete."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from concurrent.futures import Executor
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.store import commands, lists
from desktop.store.roster import Roster
from desktop.store.store import Store
from desktop.ui import theme
from desktop.ui.display import heading_width, name_width, show_date
from desktop.ui.forms import ask_delete
from desktop.ui.listmodel import PagedTableModel
from desktop.ui.period import PeriodPicker
from desktop.ui.tasks import show_failure, when_done
from sotay.domain.dates import parse_day


class ListPage(QWidget):
    """Subclasses set `table`, `headers`, `formatters`, add their filters, and open records."""

    table = ""
    # Each column's room, in digits ("0"), so that it grows with A+. The `short` ones (a
    # date, a time, a count, a status) are never cut; the others share what those leave, in
    # proportion (down to their heading: their full text is in the cell's tooltip).
    column_chars: tuple[int, ...] = ()
    short_columns: frozenset[int] = frozenset()
    # A person's name is never shrunk below its room (NAME_CHARS): cut to "Nguyễn Thị Ho..."
    # at 150 %, it no longer told two residents apart. The list scrolls sideways instead.
    name_columns: frozenset[int] = frozenset()
    changed = Signal()  # a record was saved or deleted here
    exported = Signal(str)  # the path of a list just exported
    roster_changed = Signal()  # the team's reference data changed here (an import's places)
    needs_team = Signal()  # a form was asked for while no team is set up

    def __init__(self, store: Store, documents: Executor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.documents = documents  # the window's lane for files: exports, prints, imports
        self.actor: str | None = None
        self.roster = Roster()  # the team's; set_roster gives it
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
        # Enter on a row opens it, as a double click does (activated is both).
        self.view.activated.connect(lambda index: self.open_row(index.row()))
        self.view.viewport().installEventFilter(self)  # its width shares the columns out
        layout.addWidget(self.view, 1)

        self.actions = buttons = QHBoxLayout()
        self.count_label = QLabel()
        # Wrapped beside the buttons rather than widening the window past a 150 % screen.
        self.count_label.setWordWrap(True)
        self.count_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        buttons.addWidget(self.count_label, 1)
        self.new_button = QPushButton()
        self.open_button = QPushButton(self.tr("Open"))
        self.delete_button = QPushButton(self.tr("Delete"))
        self.row_buttons = [self.open_button, self.delete_button]  # need a chosen row
        self.export_button = QPushButton(QCoreApplication.translate("ListPage", "Export to Excel…"))
        self.export_button.setToolTip(
            QCoreApplication.translate(
                "ListPage", "The list as shown (its filters and order), as an XLSX workbook"
            )
        )
        self.export_button.clicked.connect(self.export)
        for b in (self.export_button, self.new_button, self.open_button, self.delete_button):
            buttons.addWidget(b)
        layout.addLayout(buttons)
        # The file buttons (import, export, print) go under the others when one row is wider
        # than the screen has room for (Windows at 150 % with A+: the residents' row made the
        # window 1038 px wide on a 911 px screen, A+, Open and Delete past its edge).
        self.more_actions = QHBoxLayout()
        self.more_actions.addStretch(1)
        layout.addLayout(self.more_actions)
        self.new_button.clicked.connect(lambda: self.team_ready() and self.new_record())
        self.open_button.clicked.connect(lambda: self.open_row(self.current_row()))
        self.delete_button.clicked.connect(self.delete_current)

        self._search_timer = QTimer(self, singleShot=True, interval=40)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.model: PagedTableModel | None = None
        self._notice = ""  # said once beside the count, after a save or a delete
        self._chosen: str | None = None  # the chosen row's record, across a reload

    # --- export ---------------------------------------------------------------------------------

    export_name = "danh-sach"  # the suggested file name; subclasses name their list

    def export(self) -> None:
        if self.model is None:
            return
        path = self.ask_xlsx(
            self.export_name, QCoreApplication.translate("ListPage", "Export to Excel")
        )
        if path is not None:
            self.export_to(path)

    def ask_xlsx(self, name: str, caption: str) -> Path | None:
        """Where to save a workbook: the dialog starts in the folder last saved into, which
        the choice then becomes."""
        from PySide6.QtWidgets import QFileDialog

        from desktop.ui import folders

        suggested = str(folders.save_folder() / f"{name}.xlsx")
        path, _ = QFileDialog.getSaveFileName(
            self,
            caption,
            suggested,
            QCoreApplication.translate("ListPage", "Excel workbook (*.xlsx)"),
        )
        if not path:
            return None
        folders.remember(Path(path))
        return Path(path).with_suffix(".xlsx")

    def write_xlsx(
        self,
        path: Path,
        title: str,
        headers: list[str],
        rows: list[list[object]],
        failure: str,
        done: Callable[[Path], None] | None = None,
    ) -> None:
        """The table as a workbook, written on the documents lane."""
        from desktop.printing.documents import write_file
        from desktop.printing.table import table_xlsx

        when_done(
            self.documents.submit(lambda: write_file(path, table_xlsx(title, headers, rows))),
            done or self._exported,
            lambda exc: show_failure(self, exc, failure),
            context=self,
        )

    def export_to(self, path: Path) -> None:
        """Every row of the list as it is filtered and sorted now, read on the store's reader,
        written on the documents lane."""
        assert self.model is not None
        query, headers = self.model.query, list(self.model.headers)
        keys, formatters = list(self.model.keys), dict(self.model.formatters)

        def cell(key: str, value: object) -> object:
            if formatters.get(key) is show_date and isinstance(value, str):
                # A real date in Excel (it sorts and filters as one); a day no calendar has
                # stays text, as the list shows it.
                return parse_day(value) or show_date(value)
            if key in formatters:
                return formatters[key](value)
            return "" if value is None else value

        def shown(rows: list[tuple]) -> None:
            table = [[cell(k, v) for k, v in zip(keys, row[1:], strict=True)] for row in rows]
            title = self.windowTitle() or self.export_name
            failure = QCoreApplication.translate("ListPage", "Not exported")
            self.write_xlsx(path, title, headers, table, failure)

        self.count_label.setText(QCoreApplication.translate("ListPage", "Exporting…"))
        when_done(self.store.read(lists.every_row, query), shown, context=self)

    def _exported(self, path: Path) -> None:
        self.count_label.setText(
            QCoreApplication.translate("ListPage", "Exported: %1").replace("%1", str(path))
        )
        self.exported.emit(str(path))

    def filter_combo(self, name: str, *, stretch: int = 0) -> QComboBox:
        """A filter drop-down in the bar; choosing in it filters the list."""
        combo = QComboBox()
        combo.setAccessibleName(name)
        combo.setMinimumContentsLength(14)  # two side by side fit a 150 % screen (911 px)
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
        # The hint says what the search finds; at 150 % the box is narrower than the hint.
        self.search.setToolTip(self.search.placeholderText())
        self.model = PagedTableModel(self.store, query, headers, formatters, self)
        # Fixed row heights before the model is attached: no per-row measuring.
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.view.setModel(self.model)
        newest_first = query.spec.date_column is not None and query.sort is None
        self.view.horizontalHeader().setSortIndicator(
            0, Qt.SortOrder.DescendingOrder if newest_first else Qt.SortOrder.AscendingOrder
        )
        self.model.modelAboutToBeReset.connect(self._remember_chosen)
        self.model.loaded.connect(self._loaded)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self._update_buttons()

    def fit_columns(self) -> None:
        """The columns' widths for the text size and the list's width of the moment."""
        if self.model is None or not self.column_chars:
            return
        digit = self.view.fontMetrics().horizontalAdvance("0")
        heading = [heading_width(self.view, c) for c in range(len(self.column_chars))]
        # A digit more for the cell's margins; a heading also has its sort arrow.
        want = [max((chars + 1) * digit, heading[c]) for c, chars in enumerate(self.column_chars)]
        for c in self.name_columns:
            want[c] = max(want[c], name_width(self.view))
        least = list(want)
        shared = [c for c in range(len(want)) if c not in self.short_columns]
        fixed = sum(w for c, w in enumerate(want) if c in self.short_columns)
        wanted = sum(want[c] for c in shared)
        room = self.view.viewport().width()
        if wanted:  # short of room they shrink, with room to spare they grow: not the last one
            share = max(room - fixed, 0) / wanted
            for c in shared:
                floor = least[c] if c in self.name_columns else heading[c]
                want[c] = max(floor, int(want[c] * share))
        header = self.view.horizontalHeader()
        for c, width in enumerate(want):
            header.resizeSection(c, width)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.view.viewport():
            old, new = event.oldSize().width(), event.size().width()
            if old != new:
                self.fit_columns()
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            # After the table and its header have their new font too (the order is Qt's).
            QTimer.singleShot(0, self.fit_columns)
            QTimer.singleShot(0, self.arrange_actions)
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.arrange_actions()

    def file_buttons(self) -> list[QWidget]:
        """Import, export and print: what is neither a record's button nor the count."""
        moved = [self.more_actions.itemAt(i).widget() for i in range(self.more_actions.count())]
        kept = [self.actions.itemAt(i).widget() for i in range(self.actions.count())]
        records = {self.count_label, self.new_button, *self.row_buttons}
        return [w for w in moved + kept if isinstance(w, QPushButton) and w not in records]

    def arrange_actions(self) -> None:
        """The buttons on one row when the screen has room for it, on two when not."""
        self.ensurePolished()  # measured as drawn (a style sheet's padding, high contrast)
        files = self.file_buttons()
        for b in files:  # one row first, measured by the layout itself
            if self.actions.indexOf(b) < 0:
                self.more_actions.removeWidget(b)
                self.actions.insertWidget(self.actions.indexOf(self.new_button), b)
        self.actions.invalidate()
        # The minimum: what the row forces on the window (a wrapped count has a small hint).
        need = max(self.actions.sizeHint().width(), self.actions.minimumSize().width())
        # The count's room too (its text comes later): squeezed, it wrapped a letter a line.
        need += self.count_label.fontMetrics().horizontalAdvance("0") * 20
        outside = self.window().width() - self.width() if self.isVisible() else 240
        margins = self.layout().contentsMargins()
        room = theme.screen_room(self).width() - outside - margins.left() - margins.right()
        if need > room:
            for b in files:
                self.actions.removeWidget(b)
                self.more_actions.addWidget(b)

    def _remember_chosen(self) -> None:
        # A reload (a save elsewhere, a sync, a filter typed a moment ago) keeps the row the
        # user chose: it came back unchosen, and Delete or Enter then did nothing, silently.
        row = self.current_row()
        self._chosen = self.model.row_id(row) if self.model is not None and row >= 0 else None

    def _loaded(self, rows: int) -> None:
        if self._chosen is not None and self.model is not None:
            row = self.model.row_of(self._chosen)
            if row >= 0:
                self.view.setCurrentIndex(self.model.index(row, 0))
            self._chosen = None
        # The base class's context: PySide6 looks a plural up under the subclass's name only.
        text = QCoreApplication.translate("ListPage", "%n record(s)", None, rows)
        if self._notice:
            text, self._notice = f"{text} · {self._notice}", ""
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

    def team_ready(self) -> bool:
        """Whether a form can be saved: not before the team is set up (its neighbourhoods,
        members and topics are what the forms choose from). If not, the window says so."""
        if self.roster.team is None:
            self.needs_team.emit()
            return False
        return True

    def new_record(self) -> None:
        raise NotImplementedError

    def delete_question(self, row: int) -> str:
        """The "Delete …?" question, naming the row's record (its person, its day and topic)."""
        raise NotImplementedError

    def shown(self, row: int, key: str) -> str:
        """A column's value in a row, as the list shows it."""
        assert self.model is not None
        value = self.model.value(row, key)
        formatter = self.model.formatters.get(key)
        return "" if value is None else str(formatter(value) if formatter else value)

    def open_record(self, record_id: str) -> None:
        raise NotImplementedError

    def delete_current(self) -> None:
        row = self.current_row()
        if self.model is None or row < 0:
            return
        record_id = self.model.row_id(row)
        if not record_id:
            return
        delete = QCoreApplication.translate("ListPage", "Delete")
        if not ask_delete(self, delete, self.delete_question(row), delete):
            return
        when_done(
            self.store.write(commands.delete, self.table, record_id, self.actor),
            lambda _v: self.saved(QCoreApplication.translate("ListPage", "Deleted.")),
            context=self,
        )

    def saved(self, notice: str = "") -> None:
        """Reload after a write; `notice` ("Saved.") is said beside the count once the list
        shows it (a record otherwise just appeared, with no word that it was kept)."""
        self._notice = notice
        self.reload()
        self.changed.emit()

    def saved_record(self) -> None:
        self.saved(QCoreApplication.translate("ListPage", "Saved."))


def fill_filter(combo: QComboBox, all_text: str, items: list[tuple[str, str]]) -> None:
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(all_text, None)
    for text, data in items:
        combo.addItem(text, data)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    combo.blockSignals(False)
