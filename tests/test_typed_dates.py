"""A date field takes a date typed the way people write it (15/11/2026 or 15112026), wherever
the click left the cursor, and says so plainly when what was typed is no date (issue 19)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialog

from desktop.store import commands
from desktop.store.store import Store
from desktop.ui.assists import AssistDialog
from desktop.ui.widgets import hit_label
from sotay.domain.models import Resident
from tests.helpers import count, result, roster

YEAR = date.today().year - 1  # a help session is never dated in the future


def help_form(qtbot, store: Store) -> AssistDialog:
    """A new help session for a recorded resident, on screen, with the keyboard."""
    from desktop.store import queries

    r = roster(store)
    result(store.write(commands.save_resident, Resident(full_name="Lê Thị Hồng"), None))
    hit = result(store.read(queries.search_residents, "hong"))[0]
    dialog = AssistDialog(store, r, r.members[0].id)
    qtbot.addWidget(dialog)
    dialog.set_resident(hit)
    assert dialog.chosen.text() == hit_label(hit)
    dialog.service.setCurrentIndex(0)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def click_into(qtbot, dialog: AssistDialog, x: int | None) -> None:
    """A click in the date's text: at `x` pixels from its left, or at its right end."""
    edit = dialog.day.lineEdit()
    where = QPoint(edit.width() - 3 if x is None else x, edit.height() // 2)
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=where)
    qtbot.waitUntil(dialog.day.hasFocus)


def type_keys(qtbot, text: str) -> None:
    """Keys pressed where the keyboard is (a user does not choose the widget)."""
    qtbot.keyClicks(QApplication.focusWidget(), text)


def test_a_date_is_typed_as_it_is_written_wherever_the_click_left_the_cursor(
    qtbot, team_store: Store
) -> None:
    dialog = help_form(qtbot, team_store)
    for x, typed, wanted in (
        (None, f"15/11/{YEAR}", QDate(YEAR, 11, 15)),  # clicked after the year
        (4, f"1511{YEAR}", QDate(YEAR, 11, 15)),  # clicked in the day, digits only
        (None, f"3/2/{YEAR}", QDate(YEAR, 2, 3)),  # no leading zeros
        (30, f"24-12-{YEAR}", QDate(YEAR, 12, 24)),  # clicked in the month, dashes
    ):
        dialog.day.setDate(QDate(YEAR, 6, 1))
        click_into(qtbot, dialog, x)
        type_keys(qtbot, typed)
        assert dialog.day.date() == wanted, typed
        assert dialog.day.lineEdit().text() == wanted.toString("dd/MM/yyyy")
        assert dialog.form.error_text("day") == ""

    # A two-digit year is taken on Enter, which then goes on to the next field.
    click_into(qtbot, dialog, 4)
    type_keys(qtbot, f"7/8/{YEAR % 100:02d}")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert dialog.day.date() == QDate(YEAR, 8, 7)
    assert not dialog.day.hasFocus() and dialog.isVisible()

    # Esc while typing puts back the date shown before; the form stays open.
    click_into(qtbot, dialog, None)
    type_keys(qtbot, "2911")
    assert dialog.day.lineEdit().text() == "2911"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.day.lineEdit().text() == f"07/08/{YEAR}"

    # Ctrl+Enter saves the date being typed, without leaving the field first.
    click_into(qtbot, dialog, None)
    type_keys(qtbot, f"2/9/{YEAR % 100:02d}")
    qtbot.keyClick(
        QApplication.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=5000)
    days = "SELECT COUNT(*) FROM assist WHERE day = '{}'"
    assert count(team_store, days.format(date(YEAR, 9, 2).isoformat())) == 1


def test_a_typed_date_that_is_no_date_is_said_kept_and_never_saved(
    qtbot, team_store: Store
) -> None:
    dialog = help_form(qtbot, team_store)
    dialog.day.setDate(QDate(YEAR, 6, 1))
    click_into(qtbot, dialog, None)
    type_keys(qtbot, f"3102{YEAR}")  # February has no 31st
    said = f"31/02/{YEAR} is not a date on the calendar."
    assert dialog.form.error_text("day").startswith(said)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert not dialog.day.hasFocus()
    assert dialog.day.lineEdit().text() == f"3102{YEAR}"  # what was typed is kept in sight
    dialog.save_button.click()
    assert dialog.isVisible() and count(team_store, "SELECT COUNT(*) FROM assist") == 0
    assert dialog.form.error_text("day").startswith(said)  # not the date shown before
    assert dialog.day.hasFocus()  # Save sends the user back to it

    type_keys(qtbot, "15/11")  # starts over; no year yet
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert dialog.day.hasFocus()  # Enter does not leave a date half typed
    assert dialog.form.error_text("day").startswith("Type the whole date")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backspace)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backspace)
    type_keys(qtbot, f"02/{YEAR}")
    assert dialog.day.date() == QDate(YEAR, 2, 15)
    assert dialog.form.error_text("day") == ""
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=5000)
    days = "SELECT COUNT(*) FROM assist WHERE day = '{}'"
    assert count(team_store, days.format(date(YEAR, 2, 15).isoformat())) == 1


def training_form(qtbot, store: Store):
    from desktop.ui.trainings import TrainingDialog

    r = roster(store)
    dialog = TrainingDialog(store, r, r.members[0].id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def test_a_time_is_typed_as_it_is_written_wherever_the_click_left_the_cursor(
    qtbot, team_store: Store
) -> None:
    """A click into the minutes, then "830", changed the minutes alone: the class began at
    the wrong hour. Times are typed as Vietnamese write them: 8:30, 8h30, 8g30, 0830, 14."""
    from PySide6.QtCore import QTime

    dialog = training_form(qtbot, team_store)
    start = dialog.start
    for x, typed, wanted in (
        (None, "8:30", QTime(8, 30)),  # clicked after the minutes
        (4, "0830", QTime(8, 30)),  # clicked in the hours, digits only
        (None, "14h15", QTime(14, 15)),
        (None, "7g05", QTime(7, 5)),
        (None, "930", QTime(9, 30)),  # three digits: taken on Enter
        (None, "14", QTime(14, 0)),  # the hour alone: on the hour
    ):
        start.setTime(QTime(10, 0))
        edit = start.lineEdit()
        where = QPoint(edit.width() - 3 if x is None else x, edit.height() // 2)
        qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=where)
        qtbot.waitUntil(start.hasFocus)
        type_keys(qtbot, typed)
        if start.is_typing():
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        assert start.time() == wanted, typed
        assert edit.text() == wanted.toString("HH:mm")
        assert dialog.form.error_text("start_time") == ""

    # A time no clock has is said, kept in sight, and never saved.
    start.setFocus()
    type_keys(qtbot, "25:10")
    assert dialog.form.error_text("start_time").startswith("25:10 is not a time of day.")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert not start.hasFocus() and start.lineEdit().text() == "25:10"
    dialog.save_button.click()
    assert dialog.isVisible() and count(team_store, "SELECT COUNT(*) FROM training") == 0
    assert dialog.form.error_text("start_time").startswith("25:10 is not a time of day.")
    start.setFocus()  # back to it: what was kept is chosen, the next digit starts over
    qtbot.waitUntil(start.hasFocus)
    type_keys(qtbot, "8h")  # starts over; the hour alone waits for Enter or Tab
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert start.time() == QTime(8, 0) and dialog.form.error_text("start_time") == ""

    # A key that is a digit to Python and no number ("²", one key on a French keyboard) is
    # not typed: it once reached int() and raised inside Qt's key handler.
    start.setFocus()
    qtbot.waitUntil(start.hasFocus)
    type_keys(qtbot, "1²")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert start.time() == QTime(1, 0) and dialog.form.error_text("start_time") == ""
