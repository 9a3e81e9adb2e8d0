"""The one way to run work in the background: a Future from the store (or any executor) whose
success and failure callbacks run on the GUI thread. Failures the world causes (disk full,
locked, read-only: their kind told by desktop.failures) get a calm message; anything else is a
bug and gets the crash report."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

import desktop
from desktop.failures import Failure, classify

if TYPE_CHECKING:
    from PySide6.QtWidgets import QAbstractButton, QDialog, QWidget

log = logging.getLogger(__name__)


class _Bridge(QObject):
    done = Signal(object, object)  # (callbacks, future)

    @Slot(object, object)
    def deliver(self, callbacks: tuple[Any, ...], future: Future[Any]) -> None:
        success, failure, context = callbacks
        if context is not None and not shiboken6.isValid(context):
            return  # the widget that asked is gone
        exc = future.exception()
        if exc is None:
            if success is not None:
                success(future.result())
        elif failure is not None:
            failure(exc)
        else:
            from PySide6.QtWidgets import QWidget

            show_failure(context if isinstance(context, QWidget) else None, exc)


_bridge: _Bridge | None = None


def _get_bridge() -> _Bridge:
    global _bridge
    if _bridge is None:
        _bridge = _Bridge()
        _bridge.done.connect(_bridge.deliver)
    return _bridge


def when_done(
    future: Future[Any],
    success: Callable[[Any], None] | None = None,
    failure: Callable[[BaseException], None] | None = None,
    *,
    context: QObject | None = None,
) -> None:
    """Call `success(result)` or `failure(exc)` on the GUI thread when `future` finishes.

    Without `failure`, a known failure shows a calm message and a bug the crash report.
    Nothing is called if `context` has been deleted meanwhile.
    """
    bridge = _get_bridge()
    future.add_done_callback(lambda f: bridge.done.emit((success, failure, context), f))


def run_modal(dialog: QDialog) -> int:
    """exec() a dialog, then free it: a dialog with a parent otherwise lives as long as its
    parent (a preview would keep its PDF in memory). Its Python attributes stay readable."""
    try:
        return dialog.exec()
    finally:
        # Gone already when the window under it was rebuilt (a backup restored meanwhile).
        if shiboken6.isValid(dialog):
            dialog.deleteLater()


def save_and_close(
    dialog: QDialog,
    button: QAbstractButton,
    future: Future[Any],
    on_saved: Callable[[], None] | None = None,
) -> None:
    """A form's Save: the button waits while the writer works; success closes the dialog;
    a failure re-enables it and says why, with everything typed still in the form."""
    button.setEnabled(False)
    dialog.setProperty("saving", True)  # FormDialog refuses Cancel/close meanwhile

    def saved(_result: Any) -> None:
        dialog.setProperty("saving", False)
        if on_saved is not None:
            on_saved()
        dialog.accept()

    def failed(exc: BaseException) -> None:
        dialog.setProperty("saving", False)
        button.setEnabled(True)
        both = getattr(dialog, "changed_meanwhile", None)
        if classify(exc) is Failure.STALE and both is not None:
            both()  # both versions side by side; the user chooses
            return
        show_failure(dialog, exc)

    when_done(future, saved, failed, context=dialog)


def known_failure_text(exc: BaseException) -> str | None:
    """A plain-words explanation for failures of the world, or None for a bug."""
    return kind_text(classify(exc), exc)


def kind_text(kind: Failure | None, exc: BaseException | None = None) -> str | None:
    """The words for a failure of the disk or the data file (None for other kinds); `exc`,
    when known, lets a file's own trouble be named."""
    if kind is Failure.DISK_FULL:
        return QCoreApplication.translate(
            "Errors",
            "The disk is full. Free some space (for example empty the "
            "Recycle Bin), then try again. Nothing you entered was lost.",
        )
    if kind is Failure.BUSY:
        return QCoreApplication.translate(
            "Errors", "The data file is busy. Close other copies of the app and try again."
        )
    if kind is Failure.READ_ONLY:
        return QCoreApplication.translate(
            "Errors",
            "The data folder cannot be written to. Check that the disk is "
            "not write-protected and that you have permission.",
        )
    if kind is Failure.IO_ERROR:
        if isinstance(exc, OSError):  # a file the user chose: the system says which trouble
            return QCoreApplication.translate(
                "Errors", "The file could not be read or written: %1"
            ).replace("%1", exc.strerror or str(exc))
        return QCoreApplication.translate(
            "Errors",
            "The data file could not be read or written. Check that the disk is connected "
            "and working, then try again.",
        )
    if kind is Failure.STALE:
        return QCoreApplication.translate(
            "Errors",
            "This record was changed while the form was open (by another laptop of the team, "
            "or in another window). Nothing was overwritten, and what you typed is still in "
            "the form: note it, close the form, open the record again and enter your changes.",
        )
    if kind is Failure.NEWER_DATA:
        return QCoreApplication.translate(
            "Errors",
            "This data was saved by a newer version of Sổ tay CNS than the one installed "
            "(%1). It was not opened, so nothing in it was changed. Install the newer "
            "version again (the commune's server or the person who set up the laptop has "
            "it), then open the app.",
        ).replace("%1", desktop.__version__)
    if kind is Failure.REPAIRING:
        return QCoreApplication.translate(
            "Errors",
            "The app is repairing the data file. Wait a moment, then save again. Nothing "
            "you entered was lost.",
        )
    # DAMAGED is met on opening, where the app offers a backup (recovery.py); met later, and
    # for the network's kinds (worded by sync), it goes to the crash report for now.
    return None


def show_failure(parent: QWidget | None, exc: BaseException, title: str | None = None) -> None:
    from PySide6.QtWidgets import QMessageBox

    if classify(exc) is Failure.DAMAGED:
        # The store reports damage to the Controller, which offers the newest backup: a
        # crash report beside that offer would only frighten.
        log.warning("damaged data file met (%s)", type(exc).__name__)
        return
    text = known_failure_text(exc)
    if text is not None:
        log.warning("known failure: %s (%s)", classify(exc), type(exc).__name__)
        QMessageBox.warning(
            parent, title or QCoreApplication.translate("Errors", "Could not save"), text
        )
        return
    from desktop.ui.crash import report_exception

    report_exception(type(exc), exc, exc.__traceback__)
