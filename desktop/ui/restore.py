"""Backups brought back. File → Restore a backup…: every backup with its date, kind, size and
what it holds (read in the background, read-only), so the user picks knowingly. Then the swap,
`restore`, the one way a backup comes back (chosen here, or offered after damage by
recovery.py): the Controller's work, since the store and the window are replaced."""

from __future__ import annotations

import logging
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.paths import Paths
from desktop.store import backup, health
from desktop.store.db import DatabaseDamaged
from desktop.store.store import Store
from desktop.ui.display import show_moment
from desktop.ui.tasks import run_modal, show_failure, when_done
from desktop.ui.theme import fit_window
from sotay.words import data_size, number

log = logging.getLogger(__name__)


class Controller(Protocol):
    """What bringing a backup back needs of desktop.app.Controller, which owns the store and
    the window being replaced (mypy checks the real one against this). A protocol, not an
    import of desktop.app: that imports these screens, and the two would import each other."""

    recovering: bool  # the backup offer is on screen (recovery.py)

    @property
    def app(self) -> Any: ...  # the QApplication: exit(3) when the user gives up
    @property
    def paths(self) -> Paths: ...
    @property
    def store(self) -> Store: ...
    @property
    def window(self) -> QMainWindow: ...
    @property
    def restore_lane(self) -> Executor: ...  # looking through backups, putting one in place
    def stop_sync(self) -> None: ...
    def reopen(self, *, start_empty: bool = False, mend: bool = False) -> None: ...


@dataclass(frozen=True, slots=True)
class BackupInfo:
    size: int | None
    counts: health.Counts | None  # None: damaged or unreadable, cannot be restored


def describe(path: Path) -> BackupInfo:
    """On a background thread: what the backup holds, read-only."""
    try:
        size: int | None = path.stat().st_size
    except OSError:
        size = None
    try:
        counts: health.Counts | None = health.read_backup(path)
    except (DatabaseDamaged, OSError) as exc:
        log.warning("backup %s cannot be used: %s", path.name, exc)
        counts = None
    return BackupInfo(size, counts)


def local_time(path: Path) -> str:
    return show_moment(backup.backup_time(path))


def kind_name(path: Path) -> str:
    reason = backup.backup_reason(path)
    names = {
        "daily": QCoreApplication.translate("Restore", "Daily"),
        "premigration": QCoreApplication.translate("Restore", "Before an update"),
        "preupdate": QCoreApplication.translate("Restore", "Before an update"),
        "manual": QCoreApplication.translate("Restore", "Made by hand"),
    }
    return names.get(reason, reason)


class RestoreDialog(QDialog):
    COLUMNS = 6  # when, kind, size, residents, trainings, help sessions

    def __init__(self, folder: Path, reading: Executor, parent: QWidget | None = None) -> None:
        """`reading`: the lane the backups are read on, its owner's; never the one that
        restores, so a restore does not queue behind the reading."""
        super().__init__(parent)
        self.reading = reading
        self.setWindowTitle(self.tr("Restore a backup"))
        fit_window(self, 760, 420)
        self.chosen: Path | None = None
        self.paths: list[Path] = []
        self.usable: dict[int, Path] = {}  # row → a backup read whole and sound
        self._pending = 0
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "The app keeps a backup every day, before each update and when you ask for "
                "one. Choose the one to go back to."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Made on"),
                self.tr("Kind"),
                self.tr("Size"),
                self.tr("Residents"),
                self.tr("Trainings"),
                self.tr("Help sessions"),
            ]
        )
        self.table.setAccessibleName(self.tr("Backups"))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.itemDoubleClicked.connect(lambda _item: self.confirm())
        layout.addWidget(self.table, 1)
        self.note = QLabel(self.tr("Reading the backups…"))
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        buttons = QDialogButtonBox()
        self.restore_button = buttons.addButton(
            self.tr("Restore this backup…"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setEnabled(False)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.confirm)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        when_done(self.reading.submit(backup.list_backups, folder), self._listed, context=self)

    @property
    def ready(self) -> bool:
        """Every backup listed has been read (or found damaged)."""
        return bool(self.paths) and self._pending == 0

    def _listed(self, paths: list[Path]) -> None:
        self.paths = paths
        if not paths:
            self.note.setText(self.tr("There are no backups yet."))
            return
        self._pending = len(paths)
        self.table.setRowCount(len(paths))
        for row, path in enumerate(paths):
            cells = [local_time(path), kind_name(path), "…", "…", "…", "…"]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.NoItemFlags)  # chosen only once read
                if column >= 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
            when_done(
                self.reading.submit(describe, path),
                lambda info, row=row: self._described(row, info),
                lambda exc, row=row: self._unusable(row, exc),
                context=self,
            )

    def _described(self, row: int, info: BackupInfo) -> None:
        if info.size is not None:  # "276 kB", "1,6 MB": the units people know, written their way
            self.table.item(row, 2).setText(data_size(info.size))
        if info.counts is None:
            self._unusable(row, gone=info.size is None)
            return
        counts = (info.counts.residents, info.counts.trainings, info.counts.assists)
        for column, count in enumerate(counts, start=3):
            self.table.item(row, column).setText(number(count))  # 1.234, as the overview
        for column in range(self.COLUMNS):
            self.table.item(row, column).setFlags(
                Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            )
        self.usable[row] = self.paths[row]
        self._one_done()

    def _unusable(self, row: int, exc: BaseException | None = None, *, gone: bool = False) -> None:
        if exc is not None:
            log.warning("backup %s not read: %s", self.paths[row].name, type(exc).__name__)
        self.table.setSpan(row, 3, 1, 3)
        damaged = self.table.item(row, 3)
        # Gone: removed since the list was read (the app running twice on one profile).
        damaged.setText(
            self.tr("No longer there") if gone else self.tr("Damaged: cannot be restored")
        )
        damaged.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        self._one_done()

    def _one_done(self) -> None:
        self._pending -= 1
        if self._pending == 0:
            self.note.setText(
                self.tr("Choose a backup, then Restore.")
                if self.usable
                else self.tr("None of the backups can be read.")
            )

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def selected(self) -> Path | None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        return self.usable.get(rows.pop()) if len(rows) == 1 else None

    def select(self, row: int) -> None:
        self.table.selectRow(row)

    def confirm(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        box = QMessageBox(self)
        box.setObjectName("confirmRestore")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Restore a backup"))
        box.setText(
            self.tr(
                "Go back to the backup made on %1?\n\nWork recorded on this laptop after that "
                "time will be replaced by what the backup holds. The current data file is kept "
                "aside first, in the data folder: nothing is deleted."
            ).replace("%1", local_time(chosen))
        )
        restore = box.addButton(self.tr("Restore"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        run_modal(box)
        if box.clickedButton() is restore:
            self.chosen = chosen
            self.accept()


def restore(controller: Controller, chosen: Path, *, after_damage: bool = False) -> None:
    """Put the `chosen` backup in place of the data file and open it: the file there now is
    kept aside, named for why ("damaged", or "before-restore" when the user chose an older
    backup). The store is closed first (Windows refuses to rename an open file), and sync
    before it: its thread writes, and not into a file being replaced.

    After damage the offer's box has said it all; a backup chosen from the menu gets a word
    while it is put in place, and another once it is the data."""
    window = controller.window
    if not after_damage:
        window.setEnabled(False)
        window.statusBar().showMessage(
            QCoreApplication.translate("Restore", "Restoring the backup…")
        )
    controller.stop_sync()
    store, db = controller.store, controller.paths.db
    why = "damaged" if after_damage else "before-restore"

    def swap() -> Path:
        store.close()
        aside = backup.restore(chosen, db, aside_as=why)
        health.forget_full_check(db)  # another file now: check it soon
        return aside

    def restored(aside: Path) -> None:
        log.info("backup %s restored; the previous file is %s", chosen.name, aside.name)
        controller.reopen()
        if after_damage:
            return
        QMessageBox.information(
            controller.window,
            QCoreApplication.translate("Restore", "Backup restored"),
            QCoreApplication.translate(
                "Restore",
                "The backup made on %1 is now your data. The file you had before is kept in "
                "the data folder as %2.",
            )
            .replace("%1", local_time(chosen))
            .replace("%2", aside.name),
        )

    def failed(exc: BaseException) -> None:
        # Whatever is in place now is opened: the file as it was, or (if the copy was cut
        # short) one that fails its check and gets the usual backup offer. The store was
        # closed for the copy, so it is opened again before anything is said.
        controller.reopen()
        title = None if after_damage else QCoreApplication.translate("Restore", "Restore")
        show_failure(controller.window, exc, title)

    when_done(controller.restore_lane.submit(swap), restored, failed)
