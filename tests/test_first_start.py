"""The first start and the first field: typing goes where the form begins (issue 19)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel

from desktop.paths import Paths
from desktop.settings import Settings
from desktop.store.store import Store
from desktop.ui.assists import AssistDialog, RangeDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.residents import ResidentDialog
from desktop.ui.team import TeamDialog
from desktop.ui.trainings import TrainingDialog
from tests.qt_helpers import activate, leader_window, when_modal


def first_field(dialog: QDialog) -> object:
    return next(iter(dialog.form.fields.values()))  # type: ignore[attr-defined]


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
