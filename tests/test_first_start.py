"""The first start and the first field: typing goes where the form begins (issue 19)."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMessageBox, QWidget

from desktop.paths import Paths
from desktop.settings import Settings
from desktop.store.store import Store
from desktop.ui.assists import AssistDialog, RangeDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.residents import ResidentDialog
from desktop.ui.team import TeamDialog, WhoDialog
from desktop.ui.trainings import TrainingDialog
from tests.qt_helpers import activate, leader_window, make_controller, type_text, when_modal

CTRL = Qt.KeyboardModifier.ControlModifier


def first_field(dialog: QDialog) -> object:
    return next(iter(dialog.form.fields.values()))  # type: ignore[attr-defined]


def in_window(window: QWidget) -> bool:
    """The keyboard is in that window (a modal one may be shown before it has it)."""
    focus = QApplication.focusWidget()
    return focus is not None and focus.window() is window


def shown_errors(dialog: QDialog) -> list[str]:
    return [
        label.text()
        for label in dialog.findChildren(QLabel)
        if label.objectName() == "fieldError" and label.isVisible()
    ]


def test_first_start_typing_goes_to_the_province(qtbot, store: Store, tmp_path) -> None:
    """The set-up's hint says "Type to search, e.g. ha noi": typing it from the start searched
    nothing, it pressed Save (its space) and showed five red errors."""
    window = MainWindow(store, Paths(tmp_path), Settings())
    qtbot.addWidget(window)
    window.show()
    seen: list[str] = []

    def type_at_once(dialog: QDialog) -> None:
        assert isinstance(dialog, TeamDialog) and dialog.first
        try:
            qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=3000)
            qtbot.keyClicks(QApplication.focusWidget(), "ha noi")
            seen.append(dialog.province.currentText())
            seen.extend(shown_errors(dialog))
            popup = dialog.province.completer().popup()
            qtbot.waitUntil(popup.isVisible, timeout=3000)
            seen.append(popup.model().index(0, 0).data())
        finally:
            dialog.discard()

    when_modal(qtbot, type_at_once, TeamDialog)
    window.start()
    qtbot.waitUntil(window.isEnabled, timeout=10000)
    assert seen == ["ha noi", "Thành phố Hà Nội"]


def test_every_form_opens_with_the_typing_in_its_first_field(
    qtbot, team_store: Store, tmp_path
) -> None:
    window = leader_window(qtbot, team_store, tmp_path)
    found: list[tuple[str, str]] = []

    def look(dialog: QDialog) -> None:
        first_start = isinstance(dialog, TeamDialog) and dialog.first
        name = type(dialog).__name__ + (" (first start)" if first_start else "")
        try:
            wanted = first_field(dialog)
            qtbot.waitUntil(lambda: dialog.focusWidget() is wanted, timeout=3000)
            found.append((name, "its first field"))
        except AssertionError:
            focus = dialog.focusWidget()
            found.append((name, f"{type(focus).__name__} {getattr(focus, 'text', str)()!r}"))
        finally:
            dialog.reject()

    def opened(count: int) -> None:
        qtbot.waitUntil(lambda: len(found) == count, timeout=5000)
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)

    screens = ((Qt.Key.Key_2, TrainingDialog), (Qt.Key.Key_3, AssistDialog))
    for n, (key, kind) in enumerate((*screens, (Qt.Key.Key_4, ResidentDialog)), 1):
        activate(qtbot, window)
        qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)  # the screen
        when_modal(qtbot, look, kind)
        qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # New…
        opened(n)
    when_modal(qtbot, look, RangeDialog)  # the sign-off sheet's days
    window.go_to(2)
    window.assists.print_button.click()
    opened(4)
    when_modal(qtbot, look, TeamDialog)
    window.edit_team()  # Team › Team, neighbourhoods and members…
    opened(5)
    when_modal(qtbot, look, TeamDialog)
    TeamDialog(team_store, parent=window).exec()  # as a laptop with no team yet opens it
    opened(6)
    assert found == [
        ("TrainingDialog", "its first field"),
        ("AssistDialog", "its first field"),
        ("ResidentDialog", "its first field"),
        ("RangeDialog", "its first field"),
        ("TeamDialog", "its first field"),
        ("TeamDialog (first start)", "its first field"),
    ]


def test_text_size_and_contrast_during_set_up_and_a_cancelled_set_up_is_offered_again(
    qtbot, qapp, tmp_path, controllers
) -> None:
    """At first start the window behind the set-up is not usable: A+ and high contrast are in
    the set-up, keys included, and apply at once. Cancelled, the forms do not open to refuse
    to save: the app says a team comes first and offers the set-up again."""
    controller = make_controller(qapp, tmp_path, Settings(language="en"), controllers)
    base = qapp.font().pointSize()
    seen: list[object] = []

    def view(dialog: QDialog) -> None:
        assert isinstance(dialog, TeamDialog) and dialog.first
        try:
            qtbot.waitUntil(lambda: in_window(dialog))
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Plus, CTRL)  # A+
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Plus, CTRL)
            grown = lambda: dialog.province.font().pointSize() == base + 2  # noqa: E731
            qtbot.waitUntil(grown, timeout=3000)  # the app's font reaches it through events
            seen.append("larger")
            contrast = next(b for b in dialog.view_buttons if b.text() == "High contrast")
            contrast.click()
            seen.append(dialog.palette().color(QPalette.ColorRole.Window).name())
        finally:
            dialog.reject()  # nothing typed: closes without a question

    when_modal(qtbot, view, TeamDialog)
    controller.start()
    window = controller.window
    qtbot.waitUntil(lambda: window.isEnabled() and bool(seen), timeout=10000)
    assert seen == ["larger", "#000000"]
    saved = json.loads((tmp_path / "settings.json").read_text())
    assert saved["font_step"] == 2 and saved["high_contrast"] is True
    assert window.setup_bar.isVisible()  # says why nothing can be recorded yet

    # New resident (Ctrl+4, Ctrl+N): no form that cannot be saved; the set-up is offered.
    asked: list[str] = []

    def set_up_first(box: QDialog) -> None:
        assert isinstance(box, QMessageBox), type(box).__name__
        asked.append(box.windowTitle())
        when_modal(qtbot, fill_in, TeamDialog)
        next(b for b in box.buttons() if b.text() == "Set up the team…").click()

    def fill_in(dialog: QDialog) -> None:
        assert isinstance(dialog, TeamDialog) and dialog.first
        asked.append("set-up")
        dialog.province.select_data(1)
        dialog.commune.select_data(4)
        type_text(dialog.name, "Tổ CNSCĐ khu phố 3")
        type_text(dialog.nb_name, "Khu phố 3")
        dialog.nb_add.click()
        dialog.members.item(0, 0).setText("Trần Thị Lan")
        when_modal(qtbot, lambda who: who.accept(), WhoDialog)  # who records, once set up
        dialog.save_button.click()

    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_4, CTRL)
    when_modal(qtbot, set_up_first)
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(lambda: window.roster.team is not None, timeout=10000)
    assert asked == ["Set up your team first", "set-up"]
    qtbot.waitUntil(lambda: not window.setup_bar.isVisible())

    opened: list[str] = []

    def new_resident(dialog: QDialog) -> None:
        opened.append(type(dialog).__name__)
        dialog.reject()

    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    activate(qtbot, window)
    when_modal(qtbot, new_resident)
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)  # now the form, which can be saved
    qtbot.waitUntil(lambda: opened == ["ResidentDialog"], timeout=5000)
    window.contrast.trigger()  # the window's own button, the set-up's copy of it gone
    assert not controller.settings.high_contrast
    controller.window.close()
    controller.store.close()
