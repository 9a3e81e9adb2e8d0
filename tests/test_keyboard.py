"""Everything from the keyboard: the menus show a key for each action of the screens, the keys
work on the real window, and each form's Tab order goes from top to bottom."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QLineEdit,
    QMessageBox,
    QScrollArea,
    QWidget,
)

from desktop.store import queries
from desktop.store.store import Store
from desktop.ui.assists import AssistDialog
from desktop.ui.residents import ResidentDialog
from desktop.ui.team import TeamDialog
from desktop.ui.trainings import TrainingDialog
from tests.helpers import result
from tests.qt_helpers import activate, leader_window, type_text, when_modal


def shown_actions(window) -> dict[str, list]:
    """Each menu's actions by title, '&' removed."""
    menus = {}
    for top in window.menuBar().actions():
        menu = top.menu()
        if menu is not None:
            menus[top.text().replace("&", "")] = [a for a in menu.actions() if not a.isSeparator()]
    return menus


def test_the_menus_show_a_key_for_every_action_of_the_screens(qtbot, team_store, tmp_path):
    window = leader_window(qtbot, team_store, tmp_path)
    menus = shown_actions(window)
    for title in ("Records", "View"):
        for action in menus[title]:
            if action.menu() is None:  # "Language" opens a submenu
                assert not action.shortcut().isEmpty(), f"{title} › {action.text()}"
    keys = [k.toString() for actions in menus.values() for a in actions for k in a.shortcuts()]
    assert len(keys) == len(set(keys)), "a key used twice"
    for key in ("Ctrl+N", "Ctrl+F", "Ctrl+P", "Ctrl+E", "Ctrl+I", "Ctrl+1", "Ctrl+4", "F5"):
        assert key in keys
    assert QKeySequence(QKeySequence.StandardKey.Delete).toString() in keys


def test_a_resident_recorded_found_opened_and_deleted_from_the_keyboard(
    qtbot, team_store, tmp_path
) -> None:
    window = leader_window(qtbot, team_store, tmp_path)
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    page = window.current_list()
    assert page is window.list_page("residents") and page.view.hasFocus()

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, ResidentDialog)
        try:  # typing goes to the first field
            qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.name, timeout=3000)
        finally:
            type_text(dialog.name, "Đỗ Thị Mai")
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)  # Enter: the next field
        assert dialog.focusWidget() is not dialog.name and dialog.isVisible()
        qtbot.keyClick(
            dialog.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
        )  # Ctrl+Enter saves

    when_modal(qtbot, fill)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.model is not None and page.model.rowCount() == 1, timeout=10000)

    activate(qtbot, window)  # back from the form
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()
    type_text(page.search, "mai")
    qtbot.keyClick(page.search, Qt.Key.Key_Delete)  # edits the text, deletes no record
    qtbot.keyClick(page.search, Qt.Key.Key_Home)
    qtbot.keyClick(page.search, Qt.Key.Key_Delete)
    assert page.search.text() == "ai"
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)

    page.view.setFocus()
    page.view.setCurrentIndex(page.model.index(0, 0))
    opened: list[str] = []

    def look(dialog: QDialog) -> None:
        opened.append(dialog.name.text())
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    when_modal(qtbot, look)
    qtbot.keyClick(page.view, Qt.Key.Key_Return)  # Enter opens the chosen row
    qtbot.waitUntil(lambda: opened == ["Đỗ Thị Mai"], timeout=5000)

    def confirm(box: QDialog) -> None:
        assert isinstance(box, QMessageBox)
        role = QMessageBox.ButtonRole.DestructiveRole
        next(b for b in box.buttons() if box.buttonRole(b) == role).click()

    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    activate(qtbot, window)
    page.view.setFocus()  # where the user left it (under load, focus came back late)
    qtbot.waitUntil(page.view.hasFocus)
    when_modal(qtbot, confirm)
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=10000)


def tab_chain(dialog: QWidget, first: QWidget) -> list[QWidget]:
    """The fields Tab visits from `first` until it comes back."""
    chain = [first]
    widget = first.nextInFocusChain()
    while widget is not first and len(chain) < 200:
        if (
            widget.isVisible()
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and isinstance(widget, QLineEdit | QComboBox | QAbstractSpinBox | QAbstractButton)
            and widget.window() is dialog
        ):
            chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


def unrolled(dialog: QWidget, widget: QWidget) -> QPoint:
    """Where a widget is on the form as if its scrolled page were unrolled: what is under the
    page (Save) comes after the page's hidden part (the training form on a small screen)."""
    at = widget.mapTo(dialog, QPoint(0, 0))
    for area in dialog.findChildren(QScrollArea):
        page = area.widget()
        if page is None or not area.isVisible():
            continue
        if page.isAncestorOf(widget):  # where it is on the page, not where it is scrolled to
            return widget.mapTo(page, QPoint(0, 0)) + area.viewport().mapTo(dialog, QPoint(0, 0))
        if at.y() >= area.mapTo(dialog, QPoint(0, area.height())).y():
            at += QPoint(0, max(page.height() - area.viewport().height(), 0))
    return at


def out_of_order(dialog: QWidget, chain: list[QWidget]) -> list[str]:
    """Fields Tab reaches after one that is lower on the form, in the same column (a form in
    two columns goes down the first, then down the second)."""
    bad = []
    for before, after in itertools.pairwise(chain):
        a, b = unrolled(dialog, before), unrolled(dialog, after)
        next_column = b.x() >= a.x() + before.width()
        if b.y() + after.height() <= a.y() and not next_column:
            bad.append(f"{type(after).__name__} '{getattr(after, 'text', lambda: '')()}'")
    return bad


def test_the_chosen_row_stays_chosen_when_the_list_reloads(qtbot, team_store, tmp_path) -> None:
    """A save elsewhere, a sync or a search typed a moment ago reloads the list: the row the
    user chose stays chosen, so Delete or Enter still acts on it (it came back unchosen, and
    Delete then did nothing, silently)."""
    from desktop.store import commands
    from sotay.domain.models import Resident

    for name in ("Lê Văn Bình", "Phạm Thị Cúc"):
        result(team_store.write(commands.save_resident, Resident(full_name=name), None))
    window = leader_window(qtbot, team_store, tmp_path)
    window.go_to(1 + 2)  # Người dân
    page = window.list_page("residents")
    qtbot.waitUntil(lambda: page.model is not None and page.model.rowCount() == 2)
    page.view.setCurrentIndex(page.model.index(1, 0))
    chosen = page.model.row_id(1)
    # Another laptop's resident arrives, sorted before the chosen one: the rows shift.
    result(team_store.write(commands.save_resident, Resident(full_name="An Thị Ánh"), None))
    page.reload()
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    assert page.model.row_id(page.current_row()) == chosen
    assert page.delete_button.isEnabled()


def test_tab_goes_down_each_form_from_top_to_bottom(qtbot, team_store: Store) -> None:
    roster = result(team_store.read(queries.load_roster))
    leader = roster.members[0].id
    forms = [
        (ResidentDialog(team_store, roster, leader), "name"),
        (TrainingDialog(team_store, roster, leader), None),
        (AssistDialog(team_store, roster, leader), None),
        (TeamDialog(team_store, roster), None),
    ]
    for dialog, _ in forms:
        qtbot.addWidget(dialog)
        dialog.resize(1000, 700)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        qtbot.waitUntil(lambda d=dialog: d.focusWidget() is not None)
        first = dialog.focusWidget()
        assert isinstance(first, QLineEdit | QComboBox | QAbstractSpinBox), type(dialog).__name__
        chain = tab_chain(dialog, first)
        assert len(chain) > 3, type(dialog).__name__
        assert out_of_order(dialog, chain) == [], type(dialog).__name__
        dialog.close()
