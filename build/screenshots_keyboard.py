"""Issue 19's journey from the keyboard alone, as an older team leader meets it: a 1366x768
laptop with Windows at 150 % (911x512 logical pixels), the app's A+ pressed twice and high
contrast on, no mouse. The real app starts on a fresh profile and is driven with key events
only (to whatever widget has the keyboard): the first start's set-up, a resident, a training
with its roll-call, a help session, a resident deleted, the overview. Screenshots of the
active window go to docs/screenshots/kb150-*-vi.png.

QT_QPA_PLATFORM=offscreen .venv/bin/python build/screenshots_keyboard.py

(The 150 % laptop's screen is made here: an offscreen screen of 1366x768 at QT_SCALE_FACTOR
1.5, as tests/test_scaled.py makes it.) Exit status 0 when the whole journey went through.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable, Generator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"

# The screen, before Qt is imported: Qt reads both once, when the application is made.
_screen = Path(tempfile.mkdtemp(prefix="sotay-kb150-")) / "screen.json"
_laptop = {"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768}
_laptop |= {"logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
_screen.write_text(json.dumps({"screens": [_laptop]}))
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_screen}"
os.environ["QT_SCALE_FACTOR"] = "1.5"

from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget  # noqa: E402
from shiboken6 import Shiboken  # noqa: E402

from desktop import app as app_module  # noqa: E402

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
NONE = Qt.KeyboardModifier.NoModifier
WAIT_MS = 15_000  # for one step's condition (a save, a dialog) before the journey gives up

LONG_NAMES = (
    "Nguyễn Thị Hoàng Phương Thảo",
    "Phạm Nguyễn Hoàng Bảo Ngọc",
    "Tôn Nữ Thị Khánh Huyền",
)
TO_DELETE = "Lê Thị Bích Ngọc Hân"  # recorded, then deleted: nothing refers to her

# A step of the journey yields what it waits for: a condition (a callable) or milliseconds.
Step = Generator[Callable[[], Any] | int, None, None]


class Stuck(Exception):
    """A step could not be done from the keyboard (the journey's finding)."""


# --- the user's hands --------------------------------------------------------------------------


def focus() -> QWidget:
    """Where a key goes: an open list (a search's matches) first, as on a real screen."""
    popup = QApplication.activePopupWidget()
    widget = (popup.focusWidget() or popup) if popup is not None else QApplication.focusWidget()
    if widget is None:
        raise Stuck("nothing has the keyboard")
    return widget


def press(key: Key, mods: Qt.KeyboardModifier = NONE) -> None:
    """A key pressed and released on the widget that has the keyboard."""
    QTest.keyClick(focus(), key, mods)


def press_later(key: Key, mods: Qt.KeyboardModifier = NONE) -> None:
    """A key that opens a dialog: pressed from the event loop, as the dialog's exec() does
    not return until it closes (the journey goes on meanwhile)."""
    QTimer.singleShot(0, lambda: press(key, mods))


def write(text: str) -> None:
    """Typed letter by letter; a Vietnamese letter arrives as Windows' Unikey sends it, a key
    event carrying the letter."""
    for letter in text:
        if letter.isascii():
            QTest.keyClick(focus(), letter)
        else:
            QTest.sendKeyEvent(QTest.KeyAction.Click, focus(), Key.Key_unknown, letter, NONE)


def tab_to(wanted: Callable[[QWidget], bool], what: str, back: bool = False) -> None:
    """Tab (or Shift+Tab) until the keyboard is where the user wants it, as they would watch
    the focus go round."""
    for _ in range(40):
        if wanted(focus()):
            return
        if back:
            press(Key.Key_Backtab, SHIFT)
        else:
            press(Key.Key_Tab)
    raise Stuck(f"Tab never reached {what}")


def modal(kind: str) -> Callable[[], Any]:
    """The condition: a dialog of that class is open, in front, with the keyboard."""

    def there() -> Any:
        box = QApplication.activeModalWidget()
        widget = QApplication.focusWidget()
        return (
            box is not None
            and type(box).__name__ == kind
            and widget is not None
            and widget.window() is box
            and box
        )

    return there


def back_to(window: QWidget) -> Callable[[], bool]:
    """The condition: the window is in front with the keyboard again, a dialog over it closed.
    (Windows gives the keyboard back to the window under a closed dialog; the offscreen
    platform has no window manager to do it, so it is done here: no key, no click.)"""

    def there() -> bool:
        if QApplication.activeWindow() is None:
            window.activateWindow()
        return QApplication.activeWindow() is window and QApplication.focusWidget() is not None

    return there


def closed(dialog: QWidget) -> Callable[[], bool]:
    """The condition: the dialog is gone (saved and closed; the app deletes it)."""
    return lambda: not Shiboken.isValid(dialog) or not dialog.isVisible()


def on_roll_call(training: Any, name: str) -> Callable[[], bool]:
    """The condition: the name is on the training's roll-call."""
    table = training.roll.table
    return lambda: name in [table.item(r, 0).text() for r in range(table.rowCount())]


def no_modal() -> bool:
    return QApplication.activeModalWidget() is None


SHOTS: list[str] = []


def shot(name: str) -> None:
    window = QApplication.activeModalWidget() or QApplication.activeWindow()
    if window is None:
        raise Stuck(f"no window to photograph for {name}")
    path = OUT / f"kb150-{len(SHOTS) + 1:02d}-{name}-vi.png"
    window.grab().save(str(path))
    SHOTS.append(path.name)
    print("saved", path.name, window.size().toTuple(), flush=True)


# --- the journey ----------------------------------------------------------------------------------


def journey(controller: app_module.Controller) -> Step:
    yield modal("TeamDialog")
    setup = QApplication.activeModalWidget()
    # A+ twice and high contrast, from the set-up itself (the window behind is not usable yet).
    press(Key.Key_Plus, CTRL)
    press(Key.Key_Plus, CTRL)
    press(Key.Key_H, CTRL | SHIFT)
    yield lambda: controller.settings.high_contrast and controller.settings.font_step == 2
    yield 300

    # Where the team works: typed as the hint says, chosen from the list with the arrows.
    write("ha noi")
    yield lambda: setup.province.completer().popup().isVisible()
    press(Key.Key_Down)
    press(Key.Key_Return)
    yield lambda: setup.province.current_data() is not None
    press(Key.Key_Tab)
    write("ba dinh")
    yield lambda: setup.commune.completer().popup().isVisible()
    press(Key.Key_Down)
    press(Key.Key_Return)
    yield lambda: setup.commune.current_data() is not None
    press(Key.Key_Tab)
    write("Tổ CNSCĐ khu phố 3")
    tab_to(lambda w: w is setup.nb_name, "the new neighbourhood")
    write("Khu phố 3")
    press(Key.Key_Return)  # adds it
    write("Khu phố 5")
    press(Key.Key_Return)
    tab_to(lambda w: w is setup.members, "the members")
    press(Key.Key_Return)  # the first member's name, to type (a team leader already)
    write("Trần Thị Lan")
    press(Key.Key_Tab)  # her role: team leader
    press(Key.Key_Tab)  # her phone
    write("0912345678")
    press(Key.Key_Tab)  # the row is done: Add member
    if focus() is not setup.member_add:
        raise Stuck("Tab out of the members' last cell did not reach Add member")
    press(Key.Key_Space)  # a new row, its name open
    write("Lê Văn Minh")
    press(Key.Key_Return)
    yield 400
    shot("setup")
    press_later(Key.Key_Return, CTRL)  # Ctrl+Enter saves
    yield modal("WhoDialog")  # who is recording on this laptop
    yield 200
    press_later(Key.Key_Return)
    yield no_modal
    window = controller.window
    yield lambda: window.roster.team is not None and window.isEnabled()
    yield back_to(window)

    # Residents (Ctrl+4), New (Ctrl+N), each field in turn with Enter, Ctrl+Enter saves.
    press(Key.Key_4, CTRL)
    residents = window.list_page("residents")
    people = [
        (LONG_NAMES[0], "n", "1956", 1, "0912 345 678"),
        (LONG_NAMES[1], "n", "1961", 2, ""),
        (LONG_NAMES[2], "n", "1949", 1, "0987 111 222"),
        (TO_DELETE, "n", "1970", 2, ""),
    ]
    for n, (name, gender, born, place, phone) in enumerate(people, 1):
        press_later(Key.Key_N, CTRL)
        yield modal("ResidentDialog")
        form = QApplication.activeModalWidget()
        write(name)
        press(Key.Key_Return)
        write(gender)  # the gender box finds "Nữ" by its first letter
        press(Key.Key_Return)
        write(born)
        press(Key.Key_Return)
        for _ in range(place):  # the neighbourhood with the arrow keys
            press(Key.Key_Down)
        press(Key.Key_Return)
        write(phone)
        yield 200
        if n == 1:
            shot("resident")
        press_later(Key.Key_Return, CTRL)
        yield closed(form)
        yield no_modal
        yield lambda n=n: residents.model is not None and residents.model.rowCount() == n  # type: ignore[misc]
        yield back_to(window)
    yield 300
    shot("residents")

    # A training (Ctrl+2, Ctrl+N): its date typed, a place, a topic, the roll-call.
    press(Key.Key_2, CTRL)
    press_later(Key.Key_N, CTRL)
    yield modal("TrainingDialog")
    training = QApplication.activeModalWidget()
    held = date.today() - timedelta(days=3)
    write(held.strftime("%d%m%Y"))  # a date typed as written: 04122026
    for _ in range(3):  # the start, the end, the place: one Tab each
        press(Key.Key_Tab)
    if focus() is not training.place:
        raise Stuck(f"three Tabs from the date went to {type(focus()).__name__}, not the place")
    write("Nhà văn hóa khu phố 3")
    press(Key.Key_Tab)  # topics: the first one ticked with the space bar
    if focus() is not training.topics:
        raise Stuck("Tab from the place did not reach the topics")
    press(Key.Key_Home)
    press(Key.Key_Space)
    yield 300
    shot("training-date")
    tab_to(lambda w: w is training.roll.search, "the roll-call's search")
    for name, typed in zip(LONG_NAMES, ("thao", "bao ngoc", "khanh huyen"), strict=True):
        write(typed)
        yield lambda: training.roll.search.hits
        press(Key.Key_Return)  # adds the match
        yield on_roll_call(training, name)
    # Added to a class held, each is present: the second did not come, her tick removed.
    tab_to(lambda w: w is training.roll.table, "the roll-call's table")
    table = training.roll.table
    press(Key.Key_Home, CTRL)
    press(Key.Key_Down)  # the second person
    for _ in range(3):
        press(Key.Key_Right)  # her "Present" box
    press(Key.Key_Space)
    yield 300
    if training.roll.is_present(1):
        raise Stuck("Space on the roll-call's Present box did not untick it")
    tab_to(lambda w: w is training.roll.all_present, "All present")  # the counts in sight
    yield 300
    shot("roll-call")
    press_later(Key.Key_Return, CTRL)
    yield closed(training)
    yield no_modal
    trainings = window.list_page("trainings")
    yield lambda: trainings.model is not None and trainings.model.rowCount() == 1
    del table

    # A help session (Ctrl+3, Ctrl+N): the resident found by typing, a service, saved.
    yield back_to(window)
    press(Key.Key_3, CTRL)
    press_later(Key.Key_N, CTRL)
    yield modal("AssistDialog")
    helped = QApplication.activeModalWidget()
    write((date.today() - timedelta(days=1)).strftime("%d/%m/%Y"))
    press(Key.Key_Tab)
    if focus() is not helped.search:
        raise Stuck(f"Tab from the typed date went to {type(focus()).__name__}, not the search")
    write("phuong thao")
    yield lambda: helped.search.hits
    press(Key.Key_Return)
    yield lambda: helped.hit is not None
    tab_to(lambda w: w is helped.service, "the service")
    press(Key.Key_Down)  # the first service ("Kích hoạt VNeID mức 2")
    press(Key.Key_Tab)
    yield 300
    shot("help")
    press_later(Key.Key_Return, CTRL)
    yield closed(helped)
    yield no_modal
    assists = window.list_page("assists")
    yield lambda: assists.model is not None and assists.model.rowCount() == 1

    # Delete a resident: the question names her, and Enter keeps her.
    yield back_to(window)
    press(Key.Key_4, CTRL)
    yield lambda: residents.view.hasFocus()
    press(Key.Key_Home, CTRL)  # the list's first row (Home alone: the row's first column)
    row = next(
        r for r in range(residents.model.rowCount())
        if residents.model.index(r, 0).data() == TO_DELETE
    )  # fmt: skip
    for _ in range(row):
        press(Key.Key_Down)
    press_later(Key.Key_Delete)
    yield modal("QMessageBox")
    question = QApplication.activeModalWidget()
    if TO_DELETE not in question.text():
        raise Stuck(f"the question does not name {TO_DELETE}: {question.text()!r}")
    yield 200
    shot("delete-question")
    press(Key.Key_Return)  # Enter: "Không"
    yield no_modal
    yield 500
    if residents.model.rowCount() != len(people):
        raise Stuck("Enter on the delete question deleted the resident")
    yield back_to(window)
    yield residents.view.hasFocus
    press_later(Key.Key_Delete)  # now meant: Tab to "Xóa", Enter
    yield modal("QMessageBox")
    question = QApplication.activeModalWidget()
    delete = next(
        b for b in question.buttons()
        if question.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole
    )  # fmt: skip
    tab_to(lambda w: w is delete, "the Delete button", back=True)
    press(Key.Key_Return)
    yield no_modal
    yield lambda: residents.model.rowCount() == len(people) - 1

    # The overview (Ctrl+1) with this month's figures.
    yield back_to(window)
    press(Key.Key_1, CTRL)
    yield 1200
    shot("overview")
    print("journey done:", len(SHOTS), "screenshots", flush=True)


class Driver:
    """Runs the journey step by step from the event loop (a dialog's exec() included)."""

    def __init__(self, steps: Step, app: QApplication) -> None:
        self.steps, self.app = steps, app
        self.waiting: Callable[[], Any] | None = None
        self.until = 0
        self.busy = False
        self.timer = QTimer(interval=40)
        self.timer.timeout.connect(self.tick)
        self.elapsed = 0
        self.timer.start()

    def tick(self) -> None:
        if self.busy:  # a key of the journey opened a dialog and waits in its exec()
            self.elapsed += 40
            if self.elapsed > WAIT_MS:
                box = QApplication.activeModalWidget()
                self.fail(Stuck(f"a key opened {type(box).__name__} and waits in it"))
            return
        self.elapsed += 40
        if self.waiting is not None:
            try:
                met = self.waiting()
            except Exception as exc:
                self.fail(exc)
                return
            if not met:
                if self.elapsed > WAIT_MS:
                    self.fail(Stuck(f"waited {WAIT_MS} ms for {self.waiting.__qualname__}"))
                return
        elif self.elapsed < self.until:
            return
        self.busy = True
        try:
            wanted = next(self.steps)
        except StopIteration:
            self.stop(0)
            return
        except Exception as exc:  # a finding: say it, keep the picture of where it happened
            self.fail(exc)
            return
        finally:
            self.busy = False
        self.elapsed = 0
        if callable(wanted):
            self.waiting, self.until = wanted, 0
        else:
            self.waiting, self.until = None, wanted

    def fail(self, exc: BaseException) -> None:
        frame = self.steps.gi_frame
        line = frame.f_lineno if frame is not None else "?"
        print(f"journey stuck at line {line}:", type(exc).__name__, exc, flush=True)
        focused = QApplication.focusWidget()
        print("  keyboard at:", type(focused).__name__ if focused else None, flush=True)
        active = QApplication.activeWindow()
        print("  active window:", type(active).__name__ if active else None, flush=True)
        window = QApplication.activeModalWidget() or QApplication.activeWindow()
        if window is not None:
            window.grab().save(str(Path(tempfile.gettempdir()) / "kb150-stuck.png"))
        self.stop(1)

    def stop(self, code: int) -> None:
        self.timer.stop()
        # Dialogs still open are closed so that the event loop can end.
        for _ in range(10):
            box = QApplication.activeModalWidget()
            if box is None:
                break
            box.done(0)
        QTimer.singleShot(0, lambda: self.app.exit(code))


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.mkdtemp(prefix="sotay-kb150-profile-"))
    original = app_module.Controller.show_window
    drivers: list[Driver] = []

    def show_window(self: app_module.Controller) -> None:
        original(self)
        if not drivers:
            drivers.append(Driver(journey(self), self.app))

    app_module.Controller.show_window = show_window  # type: ignore[method-assign]
    return app_module.main(["--data-dir", str(profile), "--lang", "vi"])


if __name__ == "__main__":
    raise SystemExit(main())
