"""Crash handler: a bug gets a dialog with a copyable report, and goes to the log."""

from __future__ import annotations

import logging
import sys
from types import TracebackType

from PySide6.QtWidgets import QApplication

import desktop

log = logging.getLogger("desktop.crash")
_showing = False
_interactive = True


def build_report(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> str:
    # Only code locations: tracebacks show no local values, so no resident data leaks here.
    import platform
    import traceback

    lines = traceback.format_exception(exc_type, exc, tb)
    from PySide6 import __version__ as pyside_version

    head = (
        f"Sổ tay CNS {desktop.__version__} / Python {platform.python_version()} / "
        f"PySide6 {pyside_version} / {platform.platform()}\n\n"
    )
    return head + "".join(lines)


def report_exception(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    global _showing
    report = build_report(exc_type, exc, tb)
    log.error("unexpected error\n%s", report)
    if QApplication.instance() is None or _showing or not _interactive:
        sys.__stderr__.write(report)
        if not _interactive and QApplication.instance() is not None:
            QApplication.exit(1)  # a self-test fails at once instead of waiting on a dialog
        return
    _showing = True
    try:
        from desktop.ui.crashdialog import CrashDialog  # only when something went wrong

        CrashDialog(report).exec()
    finally:
        _showing = False


def install(interactive: bool = True) -> None:
    global _interactive
    _interactive = interactive
    sys.excepthook = report_exception
