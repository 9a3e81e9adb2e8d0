"""Deleting asks about the record by its name (the person, the class's day and topic), and
"No" is the answer Enter and Esc give: a slip of the keyboard deletes nothing (issue 19)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from desktop.store.store import Store
from desktop.ui.team import TeamDialog
from tests.helpers import DAY, count, roster
from tests.qt_helpers import activate, leader_window, when_modal

DELETED = "SELECT COUNT(*) FROM {} WHERE deleted_at IS NULL"


def answer_with(qtbot, key: Qt.Key, asked: list[str]) -> None:
    """The next question is answered with `key`, pressed where the keyboard is."""

    def press(box: QMessageBox) -> None:
        default = box.defaultButton()
        asked.append(f"{box.text()} [{default.text() if default else ''}]")

        def in_box() -> bool:
            focus = QApplication.focusWidget()
            return focus is not None and focus.window() is box

        qtbot.waitUntil(in_box)
        qtbot.keyClick(QApplication.focusWidget(), key)

    when_modal(qtbot, press, QMessageBox)


def test_deleting_names_the_record_and_enter_or_esc_keep_it(qtbot, recorded: Store, tmp_path):
    r = roster(recorded)
    topic, service = r.topics[0].name, r.services[0].name
    window = leader_window(qtbot, recorded, tmp_path)
    day = DAY.strftime("%d/%m/%Y")
    for row, table in ((1, "training"), (2, "assist"), (3, "resident")):
        window.go_to(row)
        page = window.current_list()
        assert page is not None
        qtbot.waitUntil(lambda p=page: p.model is not None and p.model.rowCount() > 0)
        page.view.setCurrentIndex(page.model.index(0, 0))
        name_column = {"resident": "full_name", "assist": "resident"}.get(table)
        person = page.model.value(0, name_column) if name_column else ""
        wanted = {
            "training": f"Delete the training of {day} ({topic}) and its roll-call?",
            "assist": f"Delete the help session for {person} on {day} ({service})?",
            "resident": f"Delete the resident {person}? Their past attendance and help stay "
            "in the figures.",
        }[table]
        before = count(recorded, DELETED.format(table))
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Escape):
            asked: list[str] = []
            activate(qtbot, window)
            page.view.setFocus()
            qtbot.waitUntil(page.view.hasFocus)
            answer_with(qtbot, key, asked)
            qtbot.keyClick(page.view, Qt.Key.Key_Delete)
            qtbot.waitUntil(lambda a=asked: bool(a), timeout=5000)
            assert asked == [f"{wanted} [No]"], key
            qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
            assert count(recorded, DELETED.format(table)) == before, (table, key)


def test_removing_a_member_names_them_and_enter_keeps_them(qtbot, team_store: Store) -> None:
    dialog = TeamDialog(team_store, roster(team_store))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.members.setCurrentCell(1, 0)
    asked: list[str] = []
    answer_with(qtbot, Qt.Key.Key_Return, asked)
    dialog.member_remove.click()
    qtbot.waitUntil(lambda: bool(asked), timeout=5000)
    assert asked == [
        "Remove Lê Văn Minh from the team? The records they made keep their name. [No]"
    ]
    assert dialog.members.rowCount() == 2 and dialog.members.item(1, 0).text() == "Lê Văn Minh"

    def remove(box: QMessageBox) -> None:
        asked.append(box.text())
        next(b for b in box.findChildren(QPushButton) if b.text() == "Remove").click()

    when_modal(qtbot, remove, QMessageBox)
    dialog.member_remove.click()
    qtbot.waitUntil(lambda: dialog.members.rowCount() == 1, timeout=5000)
    dialog.member_add.click()  # a row added just now, never saved, goes without a question
    dialog.members.item(1, 0).setText("Người Mới")
    dialog.member_remove.click()
    assert dialog.members.rowCount() == 1 and len(asked) == 2
