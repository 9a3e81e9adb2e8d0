"""The full check of the data file, on demand (File → Check data…) and now and then, and the
WAL checkpoints while the app runs. The work is the store's (Store.full_check, checkpoint);
this says what it found in plain words.

Damage the store cannot repair goes from the store to the Controller (Store.on_damage), which
offers a backup (desktop/ui/recovery.py): nothing more is said here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMessageBox

from desktop.failures import classify
from desktop.ui.tasks import show_failure, when_done

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from desktop.store.health import CheckResult
    from desktop.store.store import Store
    from desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)

FIRST_CHECK_MS = 3 * 60_000  # after the start and the first lists, never in their way
INDEX_CHECK_MS = 5_000  # the indexes counted, once the first screen has been read
DUE_POLL_MS = 60 * 60_000  # the app may run for days: is a check due?
CHECKPOINT_MS = 5 * 60_000
MAX_AGE = timedelta(days=7)


class DataCheck(QObject):
    def __init__(self, window: MainWindow, action: QAction | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.action = action  # File → Check data…, disabled while a check runs
        self.running = False
        self._checkpoints = QTimer(self)
        self._checkpoints.setInterval(CHECKPOINT_MS)
        self._checkpoints.timeout.connect(self.checkpoint)
        self._first = QTimer(self)
        self._first.setSingleShot(True)
        self._first.setInterval(FIRST_CHECK_MS)
        self._first.timeout.connect(self.check_if_due)
        self._poll = QTimer(self)
        self._poll.setInterval(DUE_POLL_MS)
        self._poll.timeout.connect(self.check_if_due)
        self._indexes = QTimer(self)
        self._indexes.setSingleShot(True)
        self._indexes.setInterval(INDEX_CHECK_MS)
        self._indexes.timeout.connect(self.check_indexes)

    @property
    def store(self) -> Store:
        return self.window.store

    def start(self) -> None:
        """The timers, once the data is open (again after each rebuild of the window)."""
        if self._checkpoints.isActive():
            return
        self._checkpoints.start()
        self._first.start()
        self._poll.start()
        self._indexes.start()

    def checkpoint(self) -> None:
        if self.store.closed:
            return
        when_done(
            self.store.checkpoint(),
            None,
            lambda exc: log.warning("checkpoint failed: %s", classify(exc)),
            context=self,
        )

    def check_now(self) -> None:
        self._run(lambda store: store.full_check(), on_demand=True)

    def check_if_due(self) -> None:
        self._run(lambda store: store.check_if_due(MAX_AGE), on_demand=False)

    def check_indexes(self) -> None:
        self._run(lambda store: store.check_indexes(), on_demand=False)

    def _run(self, begin: Callable[[Store], Future[Any]], *, on_demand: bool) -> None:
        if self.running or self.store.closed:
            return
        self.running = True
        if self.action is not None:
            self.action.setEnabled(False)
        if on_demand:
            self.window.statusBar().showMessage(self.tr("Checking the data file…"))
        when_done(
            begin(self.store),
            lambda result: self._checked(result, on_demand),
            lambda exc: self._failed(exc, on_demand),
            context=self,
        )

    def _idle(self) -> None:
        self.running = False
        if self.action is not None:
            self.action.setEnabled(True)
        self.window.statusBar().clearMessage()

    def _checked(self, result: CheckResult | None, on_demand: bool) -> None:
        self._idle()
        if result is None or not result.ok:
            return  # not due; or damage that stays, which the Controller offers a backup for
        counts = result.counts
        checked = (
            self.tr("Checked: %1 residents, %2 trainings and %3 help sessions.")
            .replace("%1", str(counts.residents))
            .replace("%2", str(counts.trainings))
            .replace("%3", str(counts.assists))
            if counts is not None
            else ""
        )
        if result.repaired:
            QMessageBox.warning(
                self.window,
                self.tr("Check data"),
                self.tr(
                    "The check found damage in an index of the data file: a sorted list the "
                    "app keeps to find records fast, which holds no records of its own. Some "
                    "lists or searches may have missed records. The index has been rebuilt "
                    "from your records and the file now passes the check: nothing was lost."
                )
                + "\n\n"
                + checked
                + "\n\n"
                + self.tr("If this happens again, the disk may be failing: ask for help."),
            )
        elif on_demand:
            QMessageBox.information(
                self.window,
                self.tr("Check data"),
                self.tr("The data file passed the full check. Nothing needs to be done.")
                + "\n\n"
                + checked,
            )

    def _failed(self, exc: BaseException, on_demand: bool) -> None:
        self._idle()
        if self.store.closed:
            return  # the app is closing or the file is being replaced
        if on_demand:
            show_failure(self.window, exc, self.tr("Check data"))
        else:
            log.warning("full check did not run: %s (%s)", classify(exc), type(exc).__name__)
