"""Helpers the GUI test files share (pytest-qt): Vietnamese typed as an input method commits
it (qtbot.keyClicks aborts on non-ASCII text), modal dialogs answered, the main window and the
app's controller started."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot
from shiboken6 import Shiboken

from desktop.app import Controller
from desktop.paths import Paths
from desktop.settings import Settings
from desktop.store import queries
from desktop.store.store import Store
from desktop.ui.main_window import MainWindow
from tests.helpers import result


def type_text(widget: Any, text: str) -> None:
    """Type text as an input method would commit it (works for Vietnamese)."""
    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def when_modal(qtbot: QtBot, handler: Callable[[QDialog], None], kind: type = QWidget) -> None:
    """Run `handler` on the next modal dialog of this kind that opens (exec() blocks the
    test). A kind waits past the dialog under it (a report after its form)."""

    test = TEST.number

    def poll() -> None:
        if TEST.number != test:
            return  # its test ended without that dialog: never act on another test's
        modal = QApplication.activeModalWidget()
        if not isinstance(modal, kind):
            QTimer.singleShot(20, poll)
            return
        handler(modal)

    QTimer.singleShot(0, poll)


class TEST:
    """Which test is running (tests/conftest.py counts them): a handler left waiting by a
    test that failed must not answer the next test's dialog."""

    number = 0


def started_window(qtbot: QtBot, store: Store, tmp_path: Path, settings: Settings) -> MainWindow:
    """The main window, shown and ready (its data read), as a user meets it."""
    window = MainWindow(store, Paths(tmp_path), settings)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.ready, timeout=10000):
        window.start()
    return window


def leader_window(qtbot: QtBot, store: Store, tmp_path: Path) -> MainWindow:
    """The main window, recording as the team's leader (no "who are you?" first)."""
    leader = result(store.read(queries.load_roster)).members[0].id
    return started_window(qtbot, store, tmp_path, Settings(member_id=leader))


def activate(qtbot: QtBot, window: QWidget) -> None:
    """The window in front, with the keyboard (after a dialog closed over it)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def deleted(qtbot: QtBot, widget: QWidget) -> None:
    """deleteLater(), then wait until the C++ object is gone. (Not waitSignal(destroyed):
    pytest-qt then disconnects from a deleted object, which PySide6 warns about.)"""
    widget.deleteLater()
    qtbot.waitUntil(lambda: not Shiboken.isValid(widget))


def make_controller(
    qapp: QApplication, tmp_path: Path, settings: Settings, made: list[Controller]
) -> Controller:
    """The app's controller on the profile `tmp_path`, as main() makes it; `made` is the
    `controllers` fixture, which stops it after the test."""
    from desktop.ui import theme

    theme.apply(qapp, settings)
    controller = Controller(qapp, Paths(tmp_path), settings)
    controller.install_translators()
    made.append(controller)
    return controller


# A 1366x768 laptop, as Qt's offscreen platform reads its screens from a JSON file.
LAPTOP_SCREEN = {
    "name": "laptop",
    "x": 0,
    "y": 0,
    "width": 1366,
    "height": 768,
    "logicalDpi": 96,
    "logicalBaseDpi": 96,
    "dpr": 1,
}


def run_on_laptop_screen(test_file: str, folder: Path, env: dict[str, str]) -> str:
    """Run the tests of `test_file` in a child pytest whose screen is a 1366x768 laptop's
    (Qt reads its screens and its scale once, at start; the other tests' screen is 800x800),
    with `env` added; fail on its failure, and return what it printed."""
    screen = folder / "screen.json"
    screen.write_text(json.dumps({"screens": [LAPTOP_SCREEN]}))
    child = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", test_file],
        env={**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={screen}", **env},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert child.returncode == 0, child.stdout[-6000:] + child.stderr[-2000:]
    return child.stdout
