"""The keyboard's rules for every window the app makes, so that someone who cannot use a mouse
well gets through every form with Tab, the arrow keys and Enter.

- Tab and Shift+Tab always go to the next or previous field. A text box (a note) took Tab as
  a character and kept the focus (18 Shift+Tabs back up a training's form to reach the
  roll-call); a table took Tab to move between its cells and never let go, so the buttons
  under it ("Add member", "Import N residents") could not be reached. The arrow keys move
  inside a table.
  A date or time field took Tab to go to its next part (day, month, year; hour, minute), so
  Tab left it after two or three presses, and after a typed date it selected the month.
- A table whose cells are edited (`EditTable`) edits on Enter, F2 or a double-click, never on
  the first key typed: Tab landing on a name and the next key replacing it lost the name.

The first rule is set where Qt prepares each widget for its style (`KeyboardStyle.polish`),
once per widget: no form can forget it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QDateTimeEdit,
    QPlainTextEdit,
    QProxyStyle,
    QStyle,
    QTableWidget,
    QTextEdit,
    QWidget,
)

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class TabLeaves(QObject):
    """Tab and Shift+Tab on a date or time field go to the next or previous field (the arrow
    keys, or typing, move through its parts)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(watched, QDateTimeEdit):
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and not event.modifiers() & (
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
            ):
                back = key == Qt.Key.Key_Backtab or bool(
                    event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                )
                # QWidget's own step (the field's override walks its parts).
                QWidget.focusNextPrevChild(watched, not back)
                return True
        return False


class RowKeys(QObject):
    """Home and End in a list of records (whole rows chosen) go to its first and last record,
    as in Windows' own lists; Qt's table took them to the row's first and last column, which
    shows nothing when the whole row is highlighted."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(watched, QAbstractItemView)
            and watched.selectionBehavior() == QAbstractItemView.SelectionBehavior.SelectRows
        ):
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Home, Qt.Key.Key_End) and event.modifiers() in (
                Qt.KeyboardModifier.NoModifier,
                Qt.KeyboardModifier.KeypadModifier,
                Qt.KeyboardModifier.ShiftModifier,
            ):
                rows = QKeyEvent(
                    QEvent.Type.KeyPress,
                    event.key(),
                    event.modifiers() | Qt.KeyboardModifier.ControlModifier,
                )
                QApplication.sendEvent(watched, rows)
                return True
        return False


class KeyboardStyle(QProxyStyle):
    """The app's style (Fusion, given to it) with the keyboard's rules for every widget."""

    def __init__(self, base: QStyle) -> None:
        super().__init__(base)
        # Children of the style: Qt may still polish while Python is shutting down, after
        # the style's Python object (and what it alone held) is gone.
        self.tab_leaves = TabLeaves(self)
        self.row_keys = RowKeys(self)

    def polish(self, target: Any) -> Any:  # a widget, the application or a palette
        if isinstance(target, QPlainTextEdit | QTextEdit):
            # Ctrl+Tab does not type one either: a saved note has its tabs made spaces.
            target.setTabChangesFocus(True)
        elif isinstance(target, QAbstractItemView):
            target.setTabKeyNavigation(False)
            target.installEventFilter(self.row_keys)  # installed again, it only moves
        elif isinstance(target, QDateTimeEdit):
            target.installEventFilter(self.tab_leaves)  # once: installed again, it moves
        return super().polish(target)


class EditTable(QTableWidget):
    """A table whose cells are edited like a form's fields.

    The arrow keys choose a cell; Enter, F2 or a double-click edits it (typing on a chosen
    cell looks a row up, it does not replace the cell). In an open editor, Tab keeps what was
    typed and goes on to the next cell of the same row, and past the row's last cell leaves
    the table; it never opens the next row's name with its text selected for the next key to
    replace."""

    def __init__(self, rows: int, columns: int, parent: QWidget | None = None) -> None:
        super().__init__(rows, columns, parent)
        triggers = QAbstractItemView.EditTrigger
        self.setEditTriggers(triggers.DoubleClicked | triggers.EditKeyPressed)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        plain = event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        )
        if event.key() in ENTER_KEYS and plain:
            # On Windows Enter does not edit (only F2 does), and a form took it to move on.
            editing = self.state() == QAbstractItemView.State.EditingState
            if not editing and self._editable(self.currentIndex()):
                self.edit(self.currentIndex())
            event.accept()
            return
        super().keyPressEvent(event)

    def _editable(self, index: QModelIndex) -> bool:
        return index.isValid() and bool(index.flags() & Qt.ItemFlag.ItemIsEditable)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        hints = QAbstractItemDelegate.EndEditHint
        if hint not in (hints.EditNextItem, hints.EditPreviousItem):
            super().closeEditor(editor, hint)
            return
        forward = hint == hints.EditNextItem
        current = self.currentIndex()
        step = 1 if forward else -1
        column = current.column() + step
        while 0 <= column < self.columnCount() and (
            self.isColumnHidden(column) or not self._editable(current.siblingAtColumn(column))
        ):
            column += step
        super().closeEditor(editor, hints.NoHint)
        if 0 <= column < self.columnCount():
            self.setCurrentCell(current.row(), column)
            self.edit(self.currentIndex())
        else:
            self.focusNextPrevChild(forward)  # the row is done: on to the next field

    def finish_editing(self) -> None:
        """Keep what an open editor holds: Ctrl+Enter saves the form from inside it. (The
        editor stays open: an Enter may have queued its closing already.)"""
        editor = self.indexWidget(self.currentIndex())
        if editor is not None and self.state() == QAbstractItemView.State.EditingState:
            self.commitData(editor)
