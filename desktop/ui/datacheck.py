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
    from concurrent.futures import ThreadPoolExecutor

    from PySide6.QtGui import QAction

    from desktop.store.health import CheckResult
    from desktop.store.store import Store
    from desktop.sync.service import Repair
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
        self._lane: ThreadPoolExecutor | None = None  # the repair's requests to the server
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
        if result is not None and result.ok and result.missing:
            self._repair_missing(result, on_demand)  # still running: until the server answers
            return
        self._idle()
        if result is None or not result.ok:
            return  # not due; or damage that stays, which the Controller offers a backup for
        self._report(result, on_demand)

    # --- records referred to but missing (a pull cut short in an older version) ---------------

    def _repair_missing(self, result: CheckResult, on_demand: bool) -> None:
        """Ask the commune's server for them, off the GUI thread; never delete what refers to
        them. Not connected: said, and kept for the next check."""
        from concurrent.futures import ThreadPoolExecutor

        from desktop.sync.service import Repair

        sync = self.window.sync
        if sync is None:
            self._repaired(result, Repair(False, 0, result.missing), on_demand)
            return
        if self._lane is None:
            self._lane = ThreadPoolExecutor(1, thread_name_prefix="repair")
        when_done(
            self._lane.submit(sync.repair_missing, result.missing),
            lambda repair: self._repaired(result, repair, on_demand),
            lambda exc: self._repair_failed(result, exc, on_demand),
            context=self,
        )

    def _missing_text(self, count: int) -> str:
        return self.tr(
            "%1 records that other records refer to were missing on this laptop (a sync cut "
            "short, in an older version of the app)."
        ).replace("%1", str(count))

    def _repaired(self, result: CheckResult, repair: Repair, on_demand: bool) -> None:
        from collections import Counter

        from desktop.ui.sync import entity_text

        self._idle()
        asked = len(result.missing)
        parts = [self._missing_text(asked)]
        if not repair.connected:
            parts.append(
                self.tr(
                    "This laptop is not connected to the commune's server, so they cannot be "
                    "brought back now. Connect it (Sync → Connect to the commune…) and check "
                    "the data again."
                )
            )
        else:
            if repair.found:
                parts.append(
                    self.tr(
                        "This laptop brought back %1 of them from the commune's server."
                    ).replace("%1", str(repair.found))
                )
            if repair.missing:
                kinds = Counter(m.entity for m in repair.missing)
                parts.append(
                    self.tr(
                        "%1 could not be found on the server either (%2). The records that "
                        "refer to them are kept as they are: ask the team's other laptops to "
                        "sync, and the next check will look again."
                    )
                    .replace("%1", str(len(repair.missing)))
                    .replace("%2", ", ".join(f"{entity_text(e)}: {n}" for e, n in kinds.items()))
                )
        parts.append(self.tr("Nothing was deleted."))
        text = " ".join(parts)
        log.warning(
            "check: %d records referred to were missing; %d brought back, %d still missing",
            asked, repair.found, len(repair.missing) if repair.connected else asked,
        )  # fmt: skip
        if repair.found:
            from dataclasses import replace

            result = replace(result, counts=None)  # counted before the records came back
        self._report(result, on_demand, text, warn=not repair.connected or bool(repair.missing))

    def _repair_failed(self, result: CheckResult, exc: BaseException, on_demand: bool) -> None:
        from desktop.sync.client import SyncError
        from desktop.ui.sync import failure_text

        self._idle()
        if not isinstance(exc, SyncError):
            show_failure(self.window, exc, self.tr("Check data"))
            return
        text = " ".join(
            (
                self._missing_text(len(result.missing)),
                self.tr("The commune's server could not be asked for them: %1").replace(
                    "%1", failure_text(exc.failure)
                ),
                self.tr("Nothing was deleted; the next check will try again."),
            )
        )
        self._report(result, on_demand, text, warn=True)

    def _report(
        self, result: CheckResult, on_demand: bool, missing: str = "", *, warn: bool = False
    ) -> None:
        """What a check that passed found, said: quietly unless asked for, or something is
        left for the user to do."""
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
                + self.tr("If this happens again, the disk may be failing: ask for help.")
                + ("\n\n" + missing if missing else ""),
            )
        elif warn:
            QMessageBox.warning(
                self.window, self.tr("Check data"), missing + ("\n\n" + checked if checked else "")
            )
        elif on_demand:
            QMessageBox.information(
                self.window,
                self.tr("Check data"),
                (missing + "\n\n" if missing else "")
                + self.tr("The data file passed the full check. Nothing needs to be done.")
                + "\n\n"
                + checked,
            )
        elif missing:
            self.window.statusBar().showMessage(missing, 60_000)

    def _failed(self, exc: BaseException, on_demand: bool) -> None:
        self._idle()
        if self.store.closed:
            return  # the app is closing or the file is being replaced
        if on_demand:
            show_failure(self.window, exc, self.tr("Check data"))
        else:
            log.warning("full check did not run: %s (%s)", classify(exc), type(exc).__name__)
