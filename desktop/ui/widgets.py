"""Small widgets shared by the forms: a combo box that finds items without diacritics, a
resident search box fed from the store as you type, a date field typed as a date is written."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QDate,
    QModelIndex,
    QStringListModel,
    Qt,
    QTime,
    QTimer,
    Signal,
    SignalInstance,
)
from PySide6.QtGui import QFocusEvent, QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QDateTimeEdit,
    QLineEdit,
    QTimeEdit,
    QWidget,
)

from desktop.store import queries
from desktop.store.store import Store
from desktop.ui.display import DATE_FORMAT, show_day
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


# The typing fields' base for type checking: at run time each is a QDateTimeEdit through its
# other base (a Qt class cannot have two).
if TYPE_CHECKING:
    _Base = QDateTimeEdit
else:
    _Base = object

# --- a date typed as it is written ---------------------------------------------------------------

DATE_SEPARATORS = "/-. "


class Typed(Enum):
    DATE = "date"
    NOT_ON_CALENDAR = "not_on_calendar"  # 31/02/2026
    UNFINISHED = "unfinished"  # 15/11, 1511


def read_typed_date(text: str) -> tuple[Typed, date | None, str]:
    """A date as people write it, day first: 15/11/2026, 15-11-2026, 15.11.26, 1/2/2026,
    15112026 or 151126 (a two-digit year is this century's). Also the text written with
    slashes, to name what was typed (31022026 is said as 31/02/2026)."""
    parts = [p for p in re.split(r"[/\-. ]+", text.strip()) if p]
    if not all(p.isdigit() for p in parts):
        return Typed.UNFINISHED, None, text.strip()
    if len(parts) == 1 and len(parts[0]) in (6, 8):
        day, month, year = parts[0][:2], parts[0][2:4], parts[0][4:]
    elif len(parts) == 3 and len(parts[0]) <= 2 and len(parts[1]) <= 2 and len(parts[2]) in (2, 4):
        day, month, year = parts
    else:
        return Typed.UNFINISHED, None, text.strip()
    written = f"{day}/{month}/{year}"
    try:
        full_year = int(year) + (2000 if len(year) == 2 else 0)
        return Typed.DATE, date(full_year, int(month), int(day)), written
    except ValueError:
        return Typed.NOT_ON_CALENDAR, None, written


def _whole_as_typed(text: str) -> bool:
    """Typed to its last digit: eight digits, or a four-digit year after two separators (a
    two-digit year or six digits wait for Enter or Tab: more digits may be coming)."""
    parts = [p for p in re.split(r"[/\-. ]+", text) if p]
    return (len(parts) == 1 and len(parts[0]) == 8) or (len(parts) == 3 and len(parts[2]) == 4)


class TypedEdit(_Base):
    """What DateEdit and TimeEdit share: a value typed the way it is written, wherever the
    click left the cursor. Qt's own typing goes section by section from the cursor: after a
    click into the year (or the minutes), digits did nothing (or changed the wrong part).

    What is typed is kept while it is not a value yet; `problem_changed` says why in words
    (the form shows them under the field and does not save), and "" once it is one. A
    subclass declares the two signals and says how its text is read (`_take`, `_whole`)."""

    SEPARATORS = ""  # typed between the parts, once a part was typed
    LONGEST = 0  # characters the longest way of writing it has
    problem_changed: SignalInstance
    picked: SignalInstance  # the user set the value (typed or chosen), even to the one shown

    def _start_typing(self) -> None:
        self._typed: str | None = None  # the text typed since the field last showed a value
        self._replace = False  # the next digit starts over (what was kept is all selected)
        self._problem = ""
        self.dateTimeChanged.connect(lambda _value: self._settled())

    def problem(self) -> str:
        return self._problem

    def is_typing(self) -> bool:
        return self._typed is not None

    def _take(self, text: str) -> bool:
        """Set the value `text` writes, or say what is wrong with it; True when it was set."""
        raise NotImplementedError

    def _whole(self, text: str) -> bool:
        """Typed to its last digit: taken at once, without waiting for Enter or Tab."""
        raise NotImplementedError

    # --- keys -----------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        plain = not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        )
        key = event.key()
        digit = len(text) == 1 and text.isdecimal()  # "²" is a digit to isdigit, and no number
        going_on = bool(self._typed) and not self._replace
        separator = len(text) == 1 and text in self.SEPARATORS and going_on
        if plain and (digit or separator):
            typed = "" if self._typed is None or self._replace else self._typed
            if len(typed) < self.LONGEST:
                self._type(typed + text)
            event.accept()
            return
        if self._typed is None:
            super().keyPressEvent(event)
            return
        if key == Qt.Key.Key_Backspace:
            rest = "" if self._replace else self._typed[:-1]
            if rest:
                self._type(rest)
            else:
                self._give_up()
            event.accept()
        elif key == Qt.Key.Key_Escape:
            self._give_up()  # the value shown before; the form stays open
            event.accept()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.finish_typing():
                super().keyPressEvent(event)  # the form goes on to the next field
            else:
                event.accept()  # stays here, with what is wrong said under it
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            self._give_up()  # a step from the value shown before
            super().keyPressEvent(event)
        else:
            event.accept()  # the cursor keys would edit Qt's sections of a half-typed value

    def _type(self, text: str) -> None:
        self._typed, self._replace = text, False
        self._show(text)
        if self._whole(text):
            self.finish_typing()

    def finish_typing(self) -> bool:
        """Take what was typed as the value if it is one, or say what is wrong with it (and
        keep it). True when the field holds a value."""
        if self._typed is None:
            return not self._problem
        return self._take(self._typed)

    def _taken(self) -> None:
        self._settled()  # the same value as before changes nothing: shown anew
        self.picked.emit()

    def _give_up(self) -> None:
        self._settled()

    def _settled(self) -> None:
        """The field shows its value again (set by a program, a step, a pick or typing)."""
        self._typed, self._replace = None, False
        self._show(self.textFromDateTime(self.dateTime()))
        self._set_problem("")

    def _show(self, text: str) -> None:
        # Past the spin box's own parsing (its validator, and its signals): a half-typed value
        # is none to it, and it pads and rewrites what it can read (7/12/2 became 07/12/2).
        edit = self.lineEdit()
        validator = edit.validator()
        edit.blockSignals(True)
        edit.setValidator(None)
        if edit.text() != text:
            edit.setText(text)
        edit.setCursorPosition(len(text))
        edit.setValidator(validator)
        edit.blockSignals(False)

    def _set_problem(self, text: str) -> None:
        if text != self._problem:
            self._problem = text
            self.problem_changed.emit(text)

    # --- focus ----------------------------------------------------------------------------------

    def focusNextPrevChild(self, next: bool) -> bool:
        if self._typed is not None:
            # Tab leaves a value being typed (Qt's own Tab goes through its parts).
            return QWidget.focusNextPrevChild(self, next)
        return super().focusNextPrevChild(next)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.finish_typing()
        kept = self._typed
        super().focusOutEvent(event)  # shows the value it holds
        if kept is not None:
            self._show(kept)  # what was typed stays in sight, with what is wrong under it

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if self._typed is not None:
            self._show(self._typed)
            self._replace = True
            self.lineEdit().selectAll()


class DateEdit(TypedEdit, QDateEdit):
    """A date field with a calendar that takes a date typed the way it is written
    (15/11/2026 or 15112026), wherever the click left the cursor."""

    problem_changed = Signal(str)
    picked = Signal()
    SEPARATORS = DATE_SEPARATORS
    LONGEST = len("15/11/2026")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat(DATE_FORMAT)
        self._start_typing()
        # A day picked on the calendar, even the one shown, is the user's choice.
        self.calendarWidget().clicked.connect(lambda _d: self._taken())

    def _whole(self, text: str) -> bool:
        return _whole_as_typed(text)

    def _take(self, text: str) -> bool:
        state, day, written = read_typed_date(text)
        if state is Typed.DATE and day is not None:
            chosen = QDate(day.year, day.month, day.day)
            if self.minimumDate() <= chosen <= self.maximumDate():
                self.setDate(chosen)
                self._taken()
                return True
            message = self.tr("%1: check the year.").replace("%1", show_day(day))
        elif state is Typed.NOT_ON_CALENDAR:
            message = self.tr("%1 is not a date on the calendar.").replace("%1", written)
        else:
            message = self.tr("Type the whole date: day, month and year, for example 15/11/2026.")
        self._set_problem(message)
        return False


# --- a time typed as it is written ---------------------------------------------------------------

TIME_SEPARATORS = ":.hHgG"  # 8:30, 8.30, 8h30, 8g30 (giờ)
_TIME_PARTS = re.compile(f"[{re.escape(TIME_SEPARATORS)}]")


def read_typed_time(text: str) -> tuple[Typed, tuple[int, int] | None, str]:
    """A time of day as people write it: 8:30, 08:30, 8h30, 8g30, 8.30, 830, 0830, 8h or 8
    (on the hour); also the text written with a colon, to name what was typed."""
    text = text.strip()
    parts = _TIME_PARTS.split(text)
    if len(parts) == 1 and parts[0].isdecimal() and len(parts[0]) <= 4:
        digits = parts[0]
        hour, minute = (digits, "00") if len(digits) <= 2 else (digits[:-2], digits[-2:])
    elif (
        len(parts) == 2
        and parts[0].isdecimal()
        and len(parts[0]) <= 2
        and (parts[1] == "" or (parts[1].isdecimal() and len(parts[1]) == 2))
    ):
        hour, minute = parts[0], parts[1] or "00"
    else:
        return Typed.UNFINISHED, None, text
    written = f"{int(hour):02d}:{minute}"
    if int(hour) > 23 or int(minute) > 59:
        return Typed.NOT_ON_CALENDAR, None, written
    return Typed.DATE, (int(hour), int(minute)), written


class TimeEdit(TypedEdit, QTimeEdit):
    """A time field that takes a time typed the way it is written (8:30, 8h30, 0830),
    wherever the click left the cursor."""

    problem_changed = Signal(str)
    picked = Signal()
    SEPARATORS = TIME_SEPARATORS
    LONGEST = len("08:30")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat("HH:mm")
        self._start_typing()

    def _whole(self, text: str) -> bool:
        """Four digits, or two minutes after a separator (8 or 8h wait: more may come)."""
        parts = _TIME_PARTS.split(text)
        return (len(parts) == 1 and len(text) == 4) or (len(parts) == 2 and len(parts[1]) == 2)

    def _take(self, text: str) -> bool:
        state, found, written = read_typed_time(text)
        if state is Typed.DATE and found is not None:
            self.setTime(QTime(*found))
            self._taken()
            return True
        if state is Typed.NOT_ON_CALENDAR:
            message = self.tr("%1 is not a time of day.").replace("%1", written)
        else:
            message = self.tr("Type the time as hours and minutes, for example 8:30.")
        self._set_problem(message)
        return False
