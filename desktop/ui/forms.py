"""Forms that never throw work away.

- Enter acts on the field it is typed in (a search adds its match, a one-line field moves on to
  the next field); only the Save button or Ctrl+Enter saves.
- Cancel, Esc or closing the window of a form with changes asks: save, discard or keep editing.
- An error under a field goes away as soon as the field is fixed.
- A save refused because the record changed meanwhile (a sync, another window) shows both
  versions and lets the user choose.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.failures import Failure
from desktop.ui.tasks import kind_text, run_modal, when_done
from desktop.ui.texts import problem_text
from desktop.ui.theme import error_label, fit_window, mark_invalid, screen_room
from desktop.ui.widgets import TypedEdit
from sotay.domain.validation import FieldError, Problem

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
# What a form's fields compare as, to tell whether anything was changed.
Snapshot = Any


def acts_on_enter(widget: QWidget) -> QWidget:
    """Mark a field whose Enter does its own thing (adds the typed neighbourhood): the form
    neither saves nor moves the focus on."""
    widget.setProperty("actsOnEnter", True)
    return widget


class FormDialog(QDialog):
    """A form whose Save writes in the background. (Its own words use the "FormDialog"
    context: self.tr() here would look them up under each subclass's name.)

    Subclasses give `snapshot()` (the fields' values, compared to tell a change) and `save()`;
    those whose records carry a version give `load_stored()`, `describe()` and
    `adopt_version()` so that a save refused as stale shows both versions.

    While a write is on its way the form cannot be cancelled or closed: the record would be
    saved anyway, out of the user's sight, and typed in again as a duplicate."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clean: Snapshot = None
        self._marked = False
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self._save_shortcut)

    # --- to be given by each form ---------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        return None

    def save(self) -> None:
        raise NotImplementedError

    def load_stored(self) -> Future[Any] | None:
        """The record as stored now, in the form's own shape (None: no stale check)."""
        return None

    def describe(self, record: Any) -> list[tuple[str, str]]:
        """(field label, value as shown) for a record in the form's shape."""
        return []

    def mine(self) -> Any:
        """What the form holds now, in the same shape as `load_stored()`'s."""
        return None

    def adopt_version(self, stored: Any) -> None:
        """Save over `stored` next time (the user chose their own version)."""

    # --- state ------------------------------------------------------------------------------------

    def is_saving(self) -> bool:
        return bool(self.property("saving"))

    def mark_clean(self) -> None:
        self._clean = self.snapshot()
        self._marked = True

    def is_dirty(self) -> bool:
        return self._marked and self.snapshot() != self._clean

    def showEvent(self, event: Any) -> None:
        first = not self._marked
        if first:
            self.mark_clean()  # what __init__ filled in is the starting point
        super().showEvent(event)
        if first:
            self.focus_first_field()

    def focus_first_field(self) -> None:
        """Typing goes to the form's first field. Qt would give the first show's focus to a
        button (the team set-up's "Connect…" became Save, and typing "ha noi" as the hint says
        pressed it with its space: five red errors)."""
        form = getattr(self, "form", None)
        if not isinstance(form, Form):
            return
        for widget in form.fields.values():
            if widget.isEnabled() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    def _save_shortcut(self) -> None:
        if not self.is_saving() and self.save_button_enabled():
            self.finish_typing()
            self.save()

    def finish_typing(self) -> None:
        """A date being typed is the field's value before a save that does not leave the
        field (Ctrl+Enter, Save in the unsaved-changes question)."""
        form = getattr(self, "form", None)
        if isinstance(form, Form):
            form.finish_typing()

    def save_button_enabled(self) -> bool:
        button = getattr(self, "save_button", None)
        return button is None or button.isEnabled()

    # --- Enter, Esc, Cancel, close -------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        control = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if event.key() in ENTER_KEYS and control:
            # Ctrl+Enter saves; the shortcut catches it first where a field would eat it.
            self._save_shortcut()
            event.accept()
            return
        if event.key() in ENTER_KEYS:
            # QDialog would click the default button: Save-and-close from any field.
            focus = self.focusWidget()
            if isinstance(focus, QAbstractButton):
                focus.click()
            elif isinstance(focus, QLineEdit | QComboBox | QAbstractSpinBox) and not focus.property(
                "actsOnEnter"
            ):
                self.focusNextChild()
            event.accept()
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        """Cancel, Esc and the window's close button all come here."""
        if self.is_saving():
            return
        if self.is_dirty():
            ask_unsaved(self, self._unsaved_answer)
            return
        super().reject()

    def _unsaved_answer(self, choice: str) -> None:
        if choice == "save":
            self.finish_typing()
            self.save()
        elif choice == "discard":
            super().reject()

    def discard(self) -> None:
        """Close without asking (the user chose to drop what they typed)."""
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.is_saving():
            event.ignore()
            return
        super().closeEvent(event)  # QDialog calls reject(), which asks

    # --- a save refused because the record changed meanwhile ---------------------------------

    def changed_meanwhile(self) -> None:
        future = self.load_stored()
        if future is None:
            QMessageBox.warning(
                self,
                QCoreApplication.translate("FormDialog", "Could not save"),
                kind_text(Failure.STALE) or "",
            )
            return
        when_done(future, self._show_both, context=self)

    def _show_both(self, stored: Any) -> None:
        theirs = self.describe(stored) if stored else None
        box = ConflictDialog(theirs, self.describe(self.mine()), self)

        def chosen(choice: int) -> None:
            box.deleteLater()
            if choice == ConflictDialog.MINE:
                self.adopt_version(stored)
                self.save()
            elif choice == ConflictDialog.THEIRS:
                self.accept()  # the stored version stays; the list shows it

        box.finished.connect(chosen)
        box.open()  # no nested event loop: the form stays responsive behind it


def ask_unsaved(parent: QWidget, answer: Callable[[str], None]) -> None:
    """Ask, without a nested event loop, then call `answer` with 'save', 'discard' or 'keep'
    (keep editing)."""
    if parent.findChild(QMessageBox, "unsavedChanges") is not None:
        return  # already asking (Esc pressed twice)
    box = QMessageBox(parent)
    box.setObjectName("unsavedChanges")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(QCoreApplication.translate("FormDialog", "Unsaved changes"))
    box.setText(
        QCoreApplication.translate("FormDialog", "You have changed this form. Save the changes?")
    )
    save = box.addButton(
        QCoreApplication.translate("FormDialog", "Save"), QMessageBox.ButtonRole.AcceptRole
    )
    discard = box.addButton(
        QCoreApplication.translate("FormDialog", "Discard changes"),
        QMessageBox.ButtonRole.DestructiveRole,
    )
    keep = box.addButton(
        QCoreApplication.translate("FormDialog", "Keep editing"), QMessageBox.ButtonRole.RejectRole
    )
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)

    def finished(_result: int) -> None:
        clicked = box.clickedButton()
        box.deleteLater()
        answer("save" if clicked is save else "discard" if clicked is discard else "keep")

    box.finished.connect(finished)
    box.open()


def ask_delete(parent: QWidget, title: str, question: str, delete: str) -> bool:
    """Ask before deleting; True if the user chose `delete`. The question names what goes
    (a person, a class's day and topic); "No" is the default, so Enter and Esc both keep it.
    (Qt made the first button, Delete, the default: Enter deleted.)"""
    box = QMessageBox(QMessageBox.Icon.Question, title, question, parent=parent)
    yes = box.addButton(delete, QMessageBox.ButtonRole.DestructiveRole)
    no = box.addButton(
        QCoreApplication.translate("FormDialog", "No"), QMessageBox.ButtonRole.RejectRole
    )
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    run_modal(box)
    return box.clickedButton() is yes


class ConflictDialog(QDialog):
    """Both versions of a record side by side; the user keeps theirs or takes the stored one."""

    MINE, THEIRS = 2, 3

    def __init__(
        self,
        stored: list[tuple[str, str]] | None,
        mine: list[tuple[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Changed while you were editing"))
        fit_window(self, 720, 420)
        layout = QVBoxLayout(self)
        if stored is None:
            text = self.tr(
                "This record was deleted while the form was open (by another laptop of the "
                "team, or in another window). Save yours to keep it, or let it go."
            )
        else:
            text = self.tr(
                "This record was changed while the form was open (by another laptop of the "
                "team, or in another window). Nothing was overwritten. The differences are "
                "in bold: keep yours, or take the saved one."
            )
        label = QLabel(text)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.table = QTableWidget(len(mine), 3)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Field"), self.tr("Saved now"), self.tr("Yours")]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        theirs = dict(stored or [])
        self.differences: list[str] = []
        for row, (field, value) in enumerate(mine):
            other = theirs.get(field, "") if stored is not None else self.tr("(deleted)")
            items = [QTableWidgetItem(field), QTableWidgetItem(other), QTableWidgetItem(value)]
            if other != value:
                self.differences.append(field)
                for item in items:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
            for column, item in enumerate(items):
                item.setToolTip(item.text())
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox()
        self.mine_button = buttons.addButton(
            self.tr("Save mine over it"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.theirs_button = buttons.addButton(
            self.tr("Take the saved one") if stored is not None else self.tr("Let it go"),
            QDialogButtonBox.ButtonRole.ActionRole,
        )
        self.back_button = buttons.addButton(
            self.tr("Keep editing"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.mine_button.clicked.connect(lambda: self.done(self.MINE))
        self.theirs_button.clicked.connect(lambda: self.done(self.THEIRS))
        self.back_button.clicked.connect(self.reject)
        layout.addWidget(buttons)


class Form(QWidget):
    """A QFormLayout whose fields each have an error line under them. An error goes away as
    soon as its field is fixed: `recheck` (set by the dialog) validates the current values."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_ = QFormLayout(self)
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self._invalid: set[str] = set()
        # Date fields holding typed text that is not a date (31/02/2026): what is wrong, in
        # words. Shown as soon as it is known, and again by every Save it stops.
        self._typed: dict[str, str] = {}
        self.recheck: Callable[[], Iterable[FieldError]] | None = None

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
        _on_change(widget, self.changed)
        if isinstance(widget, TypedEdit):  # a date or time typed: what is wrong, as it is typed
            widget.problem_changed.connect(lambda text: self._typed_problem(key, text))
        return widget

    def _typed_problem(self, key: str, text: str) -> None:
        if text:
            self._typed[key] = text
            self._show_typed(key)
            QTimer.singleShot(0, self._make_room)  # its lines, as show_errors gives them
        elif self._typed.pop(key, None) is not None:
            self._clear(key)

    def _show_typed(self, key: str) -> None:
        self.errors[key].setText(self._typed[key])
        self.errors[key].show()
        mark_invalid(self.fields[key], True)
        self._invalid.add(key)

    def finish_typing(self) -> None:
        """A date or time still being typed is taken now (Ctrl+Enter saves without leaving it)."""
        for widget in self.fields.values():
            if isinstance(widget, TypedEdit):
                widget.finish_typing()

    def changed(self) -> None:
        """Hide the errors the fields no longer have (new ones wait for Save)."""
        if not self._invalid or self.recheck is None:
            return
        still = {e.field for e in self.recheck()} | set(self._typed)
        for key in list(self._invalid):
            if key not in still:
                self._clear(key)

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
        for key in self._typed:  # not saved while it holds no date, whatever it showed before
            self._show_typed(key)
            first = first or self.fields[key]
        if first is not None:
            first.setFocus()
            # A window does not grow for the lines a wrapped message needs: make room once
            # the layout has them ("Chưa xong" needs a reason... was cut to one line).
            QTimer.singleShot(0, self._make_room)
        return first is not None

    def _make_room(self) -> None:
        window = self.window()
        if window is None or not window.isVisible():
            return
        layout = window.layout()
        width = window.width()
        need = layout.heightForWidth(width) if layout and layout.hasHeightForWidth() else -1
        need = max(need, window.sizeHint().height())
        room = screen_room(window).height()
        if need > window.height():
            window.resize(width, min(need, room))

    def _clear(self, key: str) -> None:
        self.errors[key].clear()
        self.errors[key].hide()
        mark_invalid(self.fields[key], False)
        self._invalid.discard(key)

    def clear_errors(self) -> None:
        for key in list(self._invalid):
            self._clear(key)
        for label in self.errors.values():
            label.hide()

    def error_text(self, key: str) -> str:
        return self.errors[key].text()


class Unreadable:
    """The fields of a record whose stored day or time no calendar has (written before the
    server refused those, or by hand). Their editors cannot show it, so they show a value
    nobody chose: each such field says so from the start and counts as empty until the user
    sets it, so that Save never writes a date or time the user did not pick."""

    def __init__(self, form: Form) -> None:
        self.form = form
        self.keys: set[str] = set()

    def mark(self, key: str, edit: QDateTimeEdit) -> None:
        self.keys.add(key)
        edit.dateTimeChanged.connect(lambda _value: self.keys.discard(key))
        if isinstance(edit, TypedEdit):  # a value typed or picked, even the one shown
            edit.picked.connect(lambda: self.keys.discard(key))
        elif isinstance(edit, QDateEdit) and edit.calendarPopup():
            # The day the editor shows, picked on the calendar, is a choice too.
            edit.calendarWidget().clicked.connect(lambda _day: self.keys.discard(key))

    def __contains__(self, key: str) -> bool:
        return key in self.keys

    def say(self) -> None:
        if self.keys:
            self.form.show_errors(FieldError(k, Problem.NOT_ON_CALENDAR) for k in sorted(self.keys))


def _on_change(widget: QWidget, slot: Callable[[], None]) -> None:
    """Call `slot` whenever the user changes `widget`'s value, whatever kind of field it is."""
    if isinstance(widget, QLineEdit):
        widget.textChanged.connect(lambda _t: slot())
    elif isinstance(widget, QPlainTextEdit):
        widget.textChanged.connect(slot)
    elif isinstance(widget, QComboBox):
        widget.currentIndexChanged.connect(lambda _i: slot())
        if widget.isEditable():
            widget.editTextChanged.connect(lambda _t: slot())
    elif isinstance(widget, QAbstractSpinBox):
        widget.editingFinished.connect(slot)
        if hasattr(widget, "dateTimeChanged"):
            widget.dateTimeChanged.connect(lambda _d: slot())
    elif isinstance(widget, QListWidget):
        widget.itemChanged.connect(lambda _i: slot())
