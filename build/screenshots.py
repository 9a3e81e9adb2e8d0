"""Screenshots of the real app for the README: a demo profile at 1366x768.

QT_QPA_PLATFORM=xcb xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python build/screenshots.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop import app as app_module  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.mkdtemp(prefix="sotay-shots-"))
    lang = sys.argv[1] if len(sys.argv) > 1 else "vi"

    def shoot() -> None:
        window = next(
            w
            for w in QApplication.topLevelWidgets()
            if w.objectName() == "" and w.isVisible() and hasattr(w, "nav")
        )
        window.resize(1366, 740)  # a 1366x768 screen less the taskbar
        steps = [(0, "overview"), (1, "trainings"), (2, "help"), (3, "residents")]

        def step(i: int) -> None:
            if i == len(steps):
                opener()
                return
            row, name = steps[i]
            window.nav.setCurrentRow(row)
            QTimer.singleShot(
                700, lambda: (window.grab().save(str(OUT / f"{name}-{lang}.png")), step(i + 1))
            )

        def opener() -> None:
            window.nav.setCurrentRow(1)
            page = window.trainings
            page.view.selectRow(0)
            QTimer.singleShot(300, lambda: page.open_row(0))

            def grab_dialog() -> None:
                modal = QApplication.activeModalWidget()
                if modal is None:
                    QTimer.singleShot(200, grab_dialog)
                    return
                modal.grab().save(str(OUT / f"training-{lang}.png"))
                modal.reject()
                QApplication.instance().exit(0)

            QTimer.singleShot(800, grab_dialog)

        step(0)

    def on_ready() -> None:
        QTimer.singleShot(500, shoot)

    def accept_who() -> None:
        # The demo asks who is using the app: take the first member (the team leader).
        modal = QApplication.activeModalWidget()
        if modal is not None and type(modal).__name__ == "WhoDialog":
            modal.grab().save(str(OUT / f"who-{lang}.png"))
            modal.accept()
            return
        QTimer.singleShot(200, accept_who)

    original = app_module.Controller.show_window

    def show_window(self: app_module.Controller) -> None:
        original(self)
        self.window.ready.connect(on_ready)
        QTimer.singleShot(200, accept_who)

    app_module.Controller.show_window = show_window  # type: ignore[method-assign]
    return app_module.main(["--data-dir", str(profile), "--demo", "--lang", lang])


if __name__ == "__main__":
    raise SystemExit(main())
