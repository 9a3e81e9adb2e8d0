"""Trainings: the form with its roll-call, and the list."""

from __future__ import annotations

from concurrent.futures import Executor, Future
from datetime import date
from functools import partial

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTime
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.printing.documents import attendance_document
from desktop.store import commands, lists, queries
from desktop.store.store import Store
from desktop.ui.display import (
    heading_width,
    name_width,
    show_date,
    show_day,
)
from desktop.ui.forms import Form, FormDialog, Unreadable
from desktop.ui.listpage import ListPage, fill_filter
from desktop.ui.preview import PreviewDialog
from desktop.ui.residents import ResidentDialog
from desktop.ui.tasks import run_modal, save_and_close, when_done
from desktop.ui.texts import gender_text, status_text
from desktop.ui.theme import bold, fit_window, screen_room
from desktop.ui.widgets import DateEdit, ResidentSearch, TimeEdit
from sotay.domain.dates import is_time
from sotay.domain.models import Attendance, Training, TrainingStatus
from sotay.domain.validation import check_training


def checklist(items: list[tuple[str, str]], checked: set[str]) -> QListWidget:
    widget = QListWidget()
    for text, data in items:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, data)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if data in checked else Qt.CheckState.Unchecked)
        widget.addItem(item)
    # A click on the name ticks it too, not only one on the small box: older users clicked
    # the topic's words, saw the row turn blue and thought it chosen.
    pressed: dict[str, Qt.CheckState] = {}
    widget.itemPressed.connect(lambda item: pressed.update(state=item.checkState()))

    def clicked(item: QListWidgetItem) -> None:
        if item.checkState() == pressed.pop("state", None):  # the box did not toggle it
            checked = item.checkState() == Qt.CheckState.Checked
            item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    widget.itemClicked.connect(clicked)
    return widget


def fit_checklist(widget: QListWidget, rows: int | None = None) -> None:
    """As tall as `rows` items (all of them if None) and as wide as the longest: a topic
    scrolled out of sight or cut short is a topic the leader does not tick."""
    widget.ensurePolished()  # the high-contrast sheet's check boxes make rows taller
    count = widget.count()
    shown = count if rows is None else min(rows, count)
    frame = widget.frameWidth() * 2
    row = widget.sizeHintForRow(0) if count else widget.fontMetrics().height()
    widget.setFixedHeight(row * max(shown, 1) + frame)
    bar = widget.verticalScrollBar().sizeHint().width() if shown < count else 0
    # Two digits to spare: the high-contrast sheet's larger check boxes paint wider than
    # the rows' size hints say (the longest topic lost its last letters).
    spare = widget.fontMetrics().horizontalAdvance("00")
    widget.setMinimumWidth(widget.sizeHintForColumn(0) + frame + bar + spare)
    widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)


def checked_data(widget: QListWidget) -> list[str]:
    return [
        widget.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(widget.count())
        if widget.item(i).checkState() == Qt.CheckState.Checked
    ]


class RollCall(QGroupBox):
    """Who came: add residents by search or create them inline; tick present or absent. At a
    class not held (planned or cancelled) everyone on it is registered, with no tick: nobody
    is present at a class before it takes place (sotay.domain.validation.settle_roll_call)."""

    COLUMNS = 4

    def __init__(
        self, store: Store, roster: queries.Roster, actor: str | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Roll-call"))
        self.store, self.roster, self.actor = store, roster, actor
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.search = ResidentSearch(store)
        self.search.setPlaceholderText(self.tr("Add a resident: type a name or phone"))
        self.search.setAccessibleName(self.tr("Add a resident"))
        self.search.chosen.connect(self.add)
        self.new_button = QPushButton(self.tr("New resident…"))
        self.new_button.clicked.connect(self.new_resident)
        self.earlier_button = QPushButton(self.tr("From an earlier class…"))
        self.earlier_button.setToolTip(
            self.tr("Add everyone on an earlier class's roll-call (the same group meets again)")
        )
        self.earlier_button.clicked.connect(self.from_earlier)
        # The search has the whole width (its hint was cut short at 150 %); the two ways to
        # add someone else sit under it.
        layout.addWidget(self.search)
        row.addWidget(self.new_button)
        row.addWidget(self.earlier_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Full name"),
                self.tr("Birth year"),
                self.tr("Neighbourhood"),
                self.tr("Present"),
            ]
        )
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.fit_columns()
        self.table.itemChanged.connect(self._item_changed)
        self.table.installEventFilter(self)
        layout.addWidget(self.table, 1)
        # Why a class not held has no ticks, and what became of the ticks it had.
        self.note = QLabel()
        self.note.setObjectName("rollNote")
        self.note.setWordWrap(True)
        self.note.hide()
        layout.addWidget(self.note)
        bottom = QHBoxLayout()
        self.counts = QLabel()
        self.counts.setObjectName("counts")
        self.counts.setWordWrap(True)  # two lines beside the buttons at 150 %, not a wider form
        bold(self.counts)
        bottom.addWidget(self.counts, 1)
        self.all_present = QPushButton(self.tr("All present"))
        self.remove_button = QPushButton(self.tr("Remove from list"))
        bottom.addWidget(self.all_present)
        bottom.addWidget(self.remove_button)
        self.all_present.clicked.connect(lambda: self._set_all(Qt.CheckState.Checked))
        self.remove_button.clicked.connect(self.remove_selected)
        layout.addLayout(bottom)
        self.ids: list[str] = []
        # A class held has present and absent people; one not held has registered people.
        self.held = True
        # The ticks a class had when it stopped being held in this form: back if it is again.
        self.ticks: dict[str, bool] = {}
        self.update_counts()

    def set_status(self, status: TrainingStatus) -> None:
        """Ticks for a class held, "registered" for one not held. Ticks a class had turn into
        registrations, and the note says so; they come back if the class is held again."""
        held = status == TrainingStatus.HELD
        moved = 0
        if held != self.held:
            if not held:
                self.ticks = {rid: self.is_present(row) for row, rid in enumerate(self.ids)}
                moved = sum(self.ticks.values())
            self.held = held
            self.table.blockSignals(True)
            for row, rid in enumerate(self.ids):
                self._show_tick(self.table.item(row, 3), held and self.ticks.get(rid, False))
            self.table.blockSignals(False)
            if held:
                self.ticks = {}
        self.table.horizontalHeaderItem(3).setText(
            self.tr("Present") if held else self.tr("Registered")
        )
        if status == TrainingStatus.PLANNED:
            reason = self.tr(
                "A planned class: the people added are registered. Tick who came once it is held."
            )
        elif status == TrainingStatus.CANCELLED:
            reason = self.tr("A cancelled class: the people on it were registered, none present.")
        else:
            reason = ""
        if moved:
            reason = (
                self.tr("%1 people ticked present are now registered.").replace("%1", str(moved))
                + " "
                + reason
            )
        self.note.setText(reason)
        self.note.setVisible(not held)
        self.all_present.setEnabled(held)
        self.all_present.setToolTip(reason)  # a disabled button still shows why
        self.update_counts()

    def _fit_sections(self) -> None:
        """The birth year, the neighbourhood and the tick as wide as their heading or their
        words: the name (stretched) has the rest."""
        table, header = self.table, self.table.horizontalHeader()
        metrics = table.fontMetrics()
        for col in (1, 2):
            header.resizeSection(col, max(heading_width(table, col), table.sizeHintForColumn(col)))
        words = max(
            metrics.horizontalAdvance(w)
            for w in (self.tr("present"), self.tr("absent"), self.tr("registered"))
        )
        # The box (the high-contrast one is larger than the style says) and the margins.
        box = table.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth) * 2
        spare = metrics.horizontalAdvance("00")
        header.resizeSection(3, max(heading_width(table, 3), words + box + spare))

    def fit_columns(self) -> None:
        """The table no narrower than the other columns and a long full name: at 150 % the
        name column was squeezed to "Hoàng ..." and nobody could tell whom they ticked."""
        self._fit_sections()
        table, header = self.table, self.table.horizontalHeader()
        name = max(name_width(table), table.sizeHintForColumn(0))
        numbers = max(
            table.verticalHeader().sizeHint().width(),
            table.fontMetrics().horizontalAdvance("000") + 8,  # up to 999 people
        )
        frame = table.frameWidth() * 2 + table.verticalScrollBar().sizeHint().width()
        others = sum(header.sectionSize(c) for c in range(1, self.COLUMNS))
        table.setMinimumWidth(numbers + name + others + frame)

    def _show_tick(self, item: QTableWidgetItem, present: bool) -> None:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.held:
            item.setFlags(flags | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if present else Qt.CheckState.Unchecked)
        else:  # no box to tick: nobody is present at a class not held
            item.setFlags(flags)
            item.setData(Qt.ItemDataRole.CheckStateRole, None)
        item.setText(self._tick_text(present))

    def _tick_text(self, checked: bool) -> str:
        if not self.held:
            return self.tr("registered")
        return self.tr("present") if checked else self.tr("absent")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Space ticks the chosen row's box from any of its cells: the whole row is
        highlighted, and only its last cell took Space (three Right presses first, unseen)."""
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Space and event.modifiers() in (
                Qt.KeyboardModifier.NoModifier,
                Qt.KeyboardModifier.KeypadModifier,
            ):
                row = self.table.currentRow()
                tick = self.table.item(row, 3) if row >= 0 else None
                if tick is not None and self.held:  # a class not held has no ticks
                    state = Qt.CheckState
                    checked = tick.checkState() == state.Checked
                    tick.setCheckState(state.Unchecked if checked else state.Checked)
                return True
        return super().eventFilter(watched, event)

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == 3 and self.held:
            self.table.blockSignals(True)
            item.setText(self._tick_text(item.checkState() == Qt.CheckState.Checked))
            self.table.blockSignals(False)
        self.update_counts()

    def add(self, hit: queries.ResidentHit, present: bool | None = None) -> None:
        if present is None:  # added now: present at a class held, registered for one not held
            present = self.held
        if hit.id in self.ids:
            self.table.selectRow(self.ids.index(hit.id))
            return
        self.table.blockSignals(True)
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.ids.append(hit.id)
        name = QTableWidgetItem(hit.full_name)
        name.setToolTip(
            " · ".join(filter(None, [hit.full_name, gender_text(hit.gender), hit.phone]))
        )
        self.table.setItem(row, 0, name)
        self.table.setItem(row, 1, QTableWidgetItem(str(hit.birth_year or "")))
        self.table.setItem(row, 2, QTableWidgetItem(hit.neighbourhood))
        tick = QTableWidgetItem()
        self._show_tick(tick, present)
        self.table.setItem(row, 3, tick)
        self.table.blockSignals(False)
        self._fit_sections()
        self.update_counts()

    def new_resident(self) -> None:
        dialog = ResidentDialog(
            self.store, self.roster, self.actor, name=self.search.text(), parent=self
        )
        if run_modal(dialog) and dialog.hit is not None:
            self.add(dialog.hit)
            self.search.clear()

    training_id: str | None = None  # the class this roll-call belongs to (not offered)

    def from_earlier(self) -> None:
        when_done(
            self.store.read(queries.earlier_trainings, self.training_id),
            self._choose_earlier,
            context=self,
        )

    def _choose_earlier(self, trainings: list[tuple[str, date | str, str, str, int]]) -> None:
        dialog = EarlierClassDialog(trainings, self)
        if run_modal(dialog) and dialog.chosen is not None:
            self.copy_from(dialog.chosen)

    def copy_from(self, training_id: str) -> None:
        """Everyone on that class's roll-call, added to this one (present for a class held,
        registered for a planned one); who is already here stays as ticked."""

        def add_all(hits: list[queries.ResidentHit]) -> None:
            for hit in hits:
                if hit.id not in self.ids:
                    self.add(hit)

        when_done(self.store.read(queries.roll_call_of, training_id), add_all, context=self)

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for row in rows:
            self.table.removeRow(row)
            del self.ids[row]
        self.update_counts()

    def _set_all(self, state: Qt.CheckState) -> None:
        if not self.held:  # the button is disabled then; a shortcut must not tick either
            return
        for row in range(self.table.rowCount()):
            self.table.item(row, 3).setCheckState(state)

    def absent_word(self) -> str:
        return self.tr("absent")

    def is_present(self, row: int) -> bool:
        return self.held and self.table.item(row, 3).checkState() == Qt.CheckState.Checked

    def attendance(self, existing: dict[str, Attendance]) -> list[Attendance]:
        result = []
        for row, resident_id in enumerate(self.ids):
            a = existing.get(resident_id) or Attendance(resident_id=resident_id)
            a.present = self.is_present(row)
            result.append(a)
        return result

    def update_counts(self) -> None:
        total = len(self.ids)
        present = sum(self.is_present(r) for r in range(self.table.rowCount()))
        if not self.held:
            # Nobody is present or absent at a class not held: only who signed up counts.
            self.counts.setText(self.tr("Registered: %1").replace("%1", str(total)))
            return
        self.counts.setText(
            self.tr("Registered: %1 · Present: %2 · Absent: %3")
            .replace("%1", str(total))
            .replace("%2", str(present))
            .replace("%3", str(total - present))
            # Wrapped at 150 %, a line breaks only between two figures ("Có mặt: 0" whole).
            .replace(" ", "\u00a0")
            .replace("\u00a0·\u00a0", " · ")
        )


class EarlierClassDialog(QDialog):
    """Pick an earlier class whose roll-call a new one starts from."""

    def __init__(
        self, trainings: list[tuple[str, date | str, str, str, int]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Start from an earlier class"))
        fit_window(self, 640, 420)
        self.chosen: str | None = None
        self.ids = [t[0] for t in trainings]
        layout = QVBoxLayout(self)
        self.list = QListWidget()
        for _id, day, place, topics, people in trainings:
            self.list.addItem(
                self.tr("%1 · %2 · %3 · %4 people")
                .replace("%1", show_day(day))
                .replace("%2", topics or "–")
                .replace("%3", place or "–")
                .replace("%4", str(people))
            )
        if trainings:
            self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _item: self.accept())
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(
            self.tr("Add these people"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok.setEnabled(bool(trainings))
        layout.addWidget(buttons)

    def accept(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.ids):
            self.chosen = self.ids[row]
            super().accept()


class TrainingDialog(FormDialog):
    def __init__(
        self,
        store: Store,
        roster: queries.Roster,
        actor: str | None,
        training: Training | None = None,
        people: list[tuple[queries.ResidentHit, bool]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store, self.roster, self.actor = store, roster, actor
        # A new class dated today or earlier was held (the leader records it afterwards); one
        # dated later is planned. The status follows the date until the user picks one.
        self.training = training or Training(
            day=date.today(), start_time="08:00", end_time="10:00", status=TrainingStatus.HELD
        )
        self.status_chosen = training is not None
        if training is None and actor:
            self.training.trainer_ids = [actor]
        self.setWindowTitle(self.tr("New training") if training is None else self.tr("Training"))
        fit_window(self, 1100, 640)
        outer = QVBoxLayout(self)
        self.form = Form()
        f = self.form
        t = self.training
        self.day = f.add("day", self.tr("Date"), DateEdit())
        if t.day:
            self.day.setDate(QDate(t.day.year, t.day.month, t.day.day))
        self.start = f.add("start_time", self.tr("Start"), TimeEdit())
        self.end = f.add("end_time", self.tr("End"), TimeEdit())
        for edit, value in ((self.start, t.start_time), (self.end, t.end_time)):
            edit.setTime(QTime.fromString(value, "HH:mm"))
        self.unreadable = Unreadable(f)
        if training is not None:
            if t.day is None:
                self.day.setDate(QDate.currentDate())
                self.unreadable.mark("day", self.day)
            for key, edit, value in (
                ("start_time", self.start, t.start_time),
                ("end_time", self.end, t.end_time),
            ):
                if value and not is_time(value):
                    self.unreadable.mark(key, edit)
        self.place = f.add("place", self.tr("Place"), QLineEdit(t.place))
        self.place.setPlaceholderText(self.tr("e.g. Nhà văn hóa khu phố"))
        self.topics = f.add(
            "topics",
            self.tr("Topics"),
            checklist(
                [(x.name, x.id) for x in roster.topics if x.active or x.id in t.topic_ids],
                set(t.topic_ids),
            ),
        )
        self.trainers = f.add(
            "trainers",
            self.tr("Trainers"),
            checklist(self._trainer_choices(t), set(t.trainer_ids)),
        )
        fit_checklist(self.topics)  # every topic in sight
        fit_checklist(self.trainers, rows=3)  # a large team scrolls (768 px high at 150 %)
        self.status = f.add("status", self.tr("Status"), QComboBox())
        for s in TrainingStatus:
            self.status.addItem(status_text(s), s)
        self.status.setCurrentIndex(self.status.findData(t.status))
        self.status.activated.connect(self._status_picked)
        self.day.dateChanged.connect(self._day_changed)
        self.note = f.add("note", self.tr("Note"), QPlainTextEdit(t.note))
        self.note.setFixedHeight(self.fontMetrics().height() * 2 + 12)
        fields = QWidget()
        left = QVBoxLayout(fields)
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(f)
        left.addStretch(1)  # the fields packed at the top, each label beside its field
        self.roll = RollCall(store, roster, actor)
        self.roll.training_id = t.id
        self.roll.set_status(t.status)
        self.status.currentIndexChanged.connect(
            lambda _i: self.roll.set_status(self.status.currentData())
        )
        for hit, present in people or []:
            self.roll.add(hit, present)
        self.roll.fit_columns()  # the longest name here has its room too
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(
            self.tr("Save"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        cancel = buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)
        self.stacked = not self._fits_side_by_side(fields, buttons)
        bottom = QHBoxLayout()
        if self.stacked:
            # A small screen (1366x768 at 150 %: 911x512) or large text: the fields, then the
            # roll-call the form's whole width, scrolled. Side by side, the names were cut.
            page = QWidget()
            column = QVBoxLayout(page)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(fields)
            column.addWidget(self.roll)
            table = self.roll.table
            rows = table.verticalHeader().defaultSectionSize() * 6
            table.setMinimumHeight(table.horizontalHeader().sizeHint().height() + rows + 4)
            scroll = QScrollArea()
            scroll.setObjectName("trainingPage")
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QScrollArea.Shape.NoFrame)
            scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the first field has the keyboard
            # Always there: it says there is more below.
            scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
            scroll.setWidget(page)
            outer.addWidget(scroll, 1)
            # Below the fold, the roll-call is out of sight: a button at hand, named as its
            # box, goes there (on the left, apart from Save and Cancel).
            self.to_roll = QPushButton(f"{self.roll.title()} ↓")
            self.to_roll.clicked.connect(lambda: self._show_roll(scroll))
            # Not in the Tab order: Tab goes on from the fields into the roll-call, which the
            # page scrolls to; the button is for the mouse.
            self.to_roll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            bottom.addWidget(self.to_roll)
        else:
            columns = QHBoxLayout()
            columns.addWidget(fields, 4)
            columns.addWidget(self.roll, 5)
            outer.addLayout(columns, 1)
        bottom.addWidget(buttons, 1)
        outer.addLayout(bottom)
        f.recheck = lambda: check_training(self.collect(), date.today())
        self.unreadable.say()

    def _fits_side_by_side(self, fields: QWidget, buttons: QWidget) -> bool:
        """Whether the fields and the roll-call (with a long name whole) fit the screen side
        by side, with the buttons under them."""
        room = screen_room(self)
        spacing = self.style().pixelMetric(QStyle.PixelMetric.PM_LayoutHorizontalSpacing)
        margins = self.style().pixelMetric(QStyle.PixelMetric.PM_LayoutLeftMargin) * 2
        left, right = fields.minimumSizeHint(), self.roll.minimumSizeHint()
        width = left.width() + right.width() + max(spacing, 6) + margins
        height = max(left.height(), right.height()) + buttons.sizeHint().height() + margins + 6
        # The title bar and frame are outside (as fit_window leaves them their room).
        return width <= room.width() - 16 and height <= room.height() - 40

    def _show_roll(self, scroll: QScrollArea) -> None:
        scroll.verticalScrollBar().setValue(self.roll.y())
        self.roll.search.setFocus()

    def _status_picked(self, _index: int) -> None:
        self.status_chosen = True

    def _day_changed(self, day: QDate) -> None:
        future = day > QDate.currentDate()
        if future and self.status.currentData() == TrainingStatus.HELD:
            # A class moved to a later day is not held yet, whoever picked "held" before; the
            # date leads again (moved back, it is held again, with its ticks).
            self.status_chosen = False
        elif self.status_chosen:
            return
        wanted = TrainingStatus.PLANNED if future else TrainingStatus.HELD
        self.status.setCurrentIndex(self.status.findData(wanted))

    def snapshot(self) -> tuple:
        return (
            self.day.date(),
            self.start.time(),
            self.end.time(),
            self.place.text(),
            tuple(checked_data(self.topics)),
            tuple(checked_data(self.trainers)),
            self.status.currentData(),
            self.note.toPlainText(),
            tuple((rid, self.roll.is_present(row)) for row, rid in enumerate(self.roll.ids)),
        )

    def load_stored(self) -> Future[tuple[Training, list] | None] | None:
        return self.store.read(queries.get_training, self.training.id)

    def mine(self) -> tuple[Training, list[tuple[str, bool]]]:
        names = [self.roll.table.item(row, 0).text() for row in range(len(self.roll.ids))]
        present = [self.roll.is_present(row) for row in range(len(self.roll.ids))]
        return self.collect(), list(zip(names, present, strict=True))

    def describe(self, record: tuple[Training, list]) -> list[tuple[str, str]]:
        t, people = record
        topics = {x.id: x.name for x in self.roster.topics}
        members = {m.id: m.full_name for m in self.roster.members} | self.roster.removed_members
        names = [
            (p.full_name if isinstance(p, queries.ResidentHit) else p, present)
            for p, present in people
        ]
        # Absent only from a class held; at one not held everyone listed is registered.
        absent = self.roll.absent_word() if t.status == TrainingStatus.HELD else ""
        return [
            (self.tr("Date"), show_date(t.day.isoformat() if t.day else None)),
            (self.tr("Start"), t.start_time),
            (self.tr("End"), t.end_time),
            (self.tr("Place"), t.place),
            (self.tr("Topics"), ", ".join(sorted(topics.get(i, "…") for i in t.topic_ids))),
            (self.tr("Trainers"), ", ".join(sorted(members.get(i, "…") for i in t.trainer_ids))),
            (self.tr("Status"), status_text(t.status)),
            (self.tr("Note"), t.note),
            (
                self.roll.title(),
                ", ".join(
                    sorted(n if here or not absent else f"{n} ({absent})" for n, here in names)
                ),
            ),
        ]

    def adopt_version(self, stored: tuple[Training, list] | None) -> None:
        self.training.version = stored[0].version if stored else 0

    def _trainer_choices(self, t: Training) -> list[tuple[str, str]]:
        """The team's members, and any trainer of this training removed since."""
        choices = [(m.full_name, m.id) for m in self.roster.members]
        known = {m.id for m in self.roster.members}
        for member_id in t.trainer_ids:
            if member_id not in known:
                name = self.roster.removed_members.get(member_id, "…")
                choices.append((self.tr("%1 (removed)").replace("%1", name), member_id))
        return choices

    def collect(self) -> Training:
        t = self.training
        qd = self.day.date()
        existing = {a.resident_id: a for a in t.attendance}
        lost = self.unreadable
        return Training(
            day=None if "day" in lost else date(qd.year(), qd.month(), qd.day()),
            start_time="" if "start_time" in lost else self.start.time().toString("HH:mm"),
            end_time="" if "end_time" in lost else self.end.time().toString("HH:mm"),
            place=self.place.text(),
            status=self.status.currentData(),
            note=self.note.toPlainText(),
            topic_ids=checked_data(self.topics),
            trainer_ids=checked_data(self.trainers),
            attendance=self.roll.attendance(existing),
            id=t.id,
            version=t.version,
        )

    def save(self) -> None:
        training = self.collect()
        if self.form.show_errors(check_training(training, date.today())):
            return
        future = self.store.write(commands.save_training, training, self.actor)
        save_and_close(self, self.save_button, future, lambda: setattr(self, "training", training))


class SheetOptions(QDialog):
    """Which attendance sheet: before the class (with blank rows) or after it."""

    def __init__(self, held: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Print attendance sheet"))
        layout = QVBoxLayout(self)
        self.before = QRadioButton(
            self.tr("Before the class: registered residents and blank rows for walk-ins")
        )
        self.after = QRadioButton(self.tr("After the class: those present, with the counts"))
        chosen = self.after if held else self.before
        chosen.setChecked(True)
        if not held:  # a class not held has no one present to list
            self.after.setEnabled(False)
            self.after.setToolTip(
                self.tr("For a class held: set its status to Held and tick who came first.")
            )
        row = QHBoxLayout()
        row.addSpacing(24)
        row.addWidget(QLabel(self.tr("Blank rows:")))
        self.blanks = QSpinBox()
        self.blanks.setRange(0, 200)
        self.blanks.setValue(10)
        self.blanks.setAccessibleName(self.tr("Blank rows"))
        row.addWidget(self.blanks)
        row.addStretch(1)
        layout.addWidget(self.before)
        layout.addLayout(row)
        layout.addWidget(self.after)
        self.before.toggled.connect(self.blanks.setEnabled)
        self.blanks.setEnabled(self.before.isChecked())
        buttons = QDialogButtonBox()
        ok = buttons.addButton(self.tr("Preview"), QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        ok.clicked.connect(self.accept)
        cancel.clicked.connect(self.reject)
        layout.addWidget(buttons)
        chosen.setFocus()  # not the first button: Space there would choose the other sheet


class TrainingsPage(ListPage):
    export_name = "buoi-tap-huan"
    table = "training"
    # date, time, topics, place, status, registered, present
    column_chars = (10, 11, 36, 24, 11, 7, 7)
    short_columns = frozenset({0, 1, 4, 5, 6})

    def __init__(self, store: Store, documents: Executor, parent: QWidget | None = None) -> None:
        super().__init__(store, documents, parent)
        self.setWindowTitle(self.tr("Trainings"))  # the exported sheet's name
        self.roster = queries.Roster()
        self.new_button.setText(self.tr("New training"))
        self.print_button = QPushButton(self.tr("Print sheet…"))
        self.actions.insertWidget(2, self.print_button)
        self.row_buttons.append(self.print_button)
        self.print_button.clicked.connect(self.print_sheet)
        self.search.setPlaceholderText(self.tr("Search place or note"))
        self.period = self.period_filter()
        self.topic = self.filter_combo(self.tr("Topic"))
        self.neighbourhood = self.filter_combo(self.tr("Neighbourhood"))
        self.attach(
            lists.ListQuery("training"),
            [
                self.tr("Date"),
                self.tr("Time"),
                self.tr("Topics"),
                self.tr("Place"),
                self.tr("Status"),
                self.tr("Registered"),
                self.tr("Present"),
            ],
            {"day": show_date, "status": status_text},
        )
        self.fit_columns()

    def set_roster(self, roster: queries.Roster) -> None:
        self.roster = roster
        fill_filter(self.topic, self.tr("All topics"), [(t.name, t.id) for t in roster.topics])
        fill_filter(
            self.neighbourhood,
            self.tr("All neighbourhoods"),
            [(n.name, n.id) for n in roster.neighbourhoods],
        )

    def query_filters(self) -> dict:
        start, end = self.period.span()
        return {
            **super().query_filters(),
            "start": start,
            "end": end,
            "topic_id": self.topic.currentData(),
            "neighbourhood_id": self.neighbourhood.currentData(),
        }

    def print_sheet(self) -> None:
        row = self.current_row()
        training_id = self.model.row_id(row) if self.model and row >= 0 else None
        if not training_id:
            return
        options = SheetOptions(self.model.value(row, "status") == "held", self)
        if not run_modal(options):
            return
        before, blanks = options.before.isChecked(), options.blanks.value()
        prepared_by = self.roster.member_name(self.actor)
        run_modal(
            PreviewDialog(
                self.tr("Attendance sheet"),
                partial(attendance_document, self.store, training_id, before, blanks, prepared_by),
                self.documents,
                self,
            )
        )

    def delete_question(self, row: int) -> str:
        day, topics = self.shown(row, "day"), self.shown(row, "topics")
        if not topics:
            return self.tr("Delete the training of %1 and its roll-call?").replace("%1", day)
        return (
            self.tr("Delete the training of %1 (%2) and its roll-call?")
            .replace("%1", day)
            .replace("%2", topics)
        )

    def new_record(self) -> None:
        dialog = TrainingDialog(self.store, self.roster, self.actor, parent=self)
        if run_modal(dialog):
            self.saved_record()

    def open_record(self, record_id: str) -> None:
        when_done(self.store.read(queries.get_training, record_id), self._edit, context=self)

    def _edit(self, found: tuple[Training, list] | None) -> None:
        if found is None:
            return
        training, people = found
        dialog = TrainingDialog(self.store, self.roster, self.actor, training, people, self)
        if run_modal(dialog):
            self.saved_record()
