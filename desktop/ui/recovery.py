"""A damaged database: first the store looks where the damage is, and rebuilds an index or the
search index from the tables (nothing lost; say_mended tells the user). Damage in the tables
themselves: say so in plain words and offer the newest good backup. The backups are looked
through on the Controller's restore lane, where restore.restore puts one in place."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.store import backup
from desktop.store.db import DataFileMissing
from desktop.store.health import FaultFound, newest_sound_backup
from desktop.ui.display import show_moment
from desktop.ui.restore import Controller, restore
from desktop.ui.tasks import when_done

log = logging.getLogger(__name__)


def recover(controller: Controller, exc: BaseException) -> None:
    """Offer the newest good backup, once, however many reads met the damage."""
    if controller.recovering:
        return
    controller.recovering = True
    if isinstance(exc, DataFileMissing):
        log.error("data file %s while backups exist", exc)
        when_done(
            controller.restore_lane.submit(backup.newest_good_backup, controller.paths.backups),
            lambda candidate: _missing(controller, str(exc), candidate),
        )
        return
    store = controller.store
    if store.mend or store.mend_tried:
        _offer(controller, exc)  # the store has looked: damage in the tables
        return

    # Met by a read or a check while the file was in use: reopen it and let the store find
    # the damage first. (A start still checking the file may be mending it already.)
    def looked(_value: object = None) -> None:
        if store is not controller.store:
            return
        failed = store.opened.exception()
        if failed is not None:  # not even opened, or the store found it in the tables
            _offer(controller, failed)
        elif store.mended:
            controller.recovering = False  # what the read met has been rebuilt
        else:
            log.error("damage met in use (%s): looking for it", exc)
            controller.reopen(mend=True)

    when_done(store.opened, looked, looked)


def _offer(controller: Controller, exc: BaseException) -> None:
    """Damage only a backup can undo: offer the newest good one."""
    log.error("database damaged: %s", exc)
    paths = controller.paths
    window = controller.window

    def found(candidate: Path | None) -> None:
        box = QMessageBox(window)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(QCoreApplication.translate("Recovery", "Your data file is damaged"))
        if candidate is None:
            box.setText(
                QCoreApplication.translate(
                    "Recovery",
                    "The data file is damaged and no good backup was found. The app will "
                    "not write to it. Ask for help and keep the folder %1 as it is.",
                ).replace("%1", str(paths.data))
            )
            box.addButton(
                QCoreApplication.translate("Recovery", "Close"), QMessageBox.ButtonRole.RejectRole
            )
            box.exec()
            controller.app.exit(3)
            return
        when = show_moment(backup.backup_time(candidate))
        if isinstance(exc, FaultFound):  # found by the full check while the app was in use
            text = QCoreApplication.translate(
                "Recovery",
                "A check of the data file found damage that the app cannot repair (for "
                "example from a power cut or a failing disk). Nothing has been saved since."
                "\n\nThe newest good backup is from %1. Restore it? Work recorded after that "
                "time will need to be entered again. The damaged file is kept aside.",
            )
        else:
            text = QCoreApplication.translate(
                "Recovery",
                "The data file is damaged (for example by a power cut). The app has not "
                "written to it.\n\nThe newest good backup is from %1. Restore it? Work "
                "recorded after that time will need to be entered again. The damaged "
                "file is kept aside.",
            )
        box.setText(text.replace("%1", when))
        restore_button = box.addButton(
            QCoreApplication.translate("Recovery", "Restore the backup"),
            QMessageBox.ButtonRole.AcceptRole,
        )
        box.addButton(
            QCoreApplication.translate("Recovery", "Close the app"),
            QMessageBox.ButtonRole.RejectRole,
        )
        box.exec()
        if box.clickedButton() is not restore_button:
            controller.app.exit(3)
            return

        restore(controller, candidate, after_damage=True)

    # Damage the full check found may be in backups that pass quick_check: check them fully.
    finder = newest_sound_backup if isinstance(exc, FaultFound) else backup.newest_good_backup
    when_done(controller.restore_lane.submit(finder, paths.backups), found)


def say_mended(parent: QWidget, *, search: bool) -> None:
    """The store rebuilt damaged indexes (`search`: the search index alone) from the tables at
    this start: nothing was lost, but the user should know (a failing disk shows itself this
    way first)."""
    if search:
        text = QCoreApplication.translate(
            "Recovery",
            "The search index of the data file was damaged (for example by a power cut). It "
            "holds no records of its own: it has been rebuilt from your records. Nothing was "
            "lost.",
        )
    else:
        text = QCoreApplication.translate(
            "Recovery",
            "An index of the data file was damaged (for example by a power cut): a sorted "
            "list the app keeps to find records fast, which holds no records of its own. It "
            "has been rebuilt from your records. Nothing was lost.",
        )
    QMessageBox.warning(
        parent,
        QCoreApplication.translate("Recovery", "The data file was repaired"),
        text
        + "\n\n"
        + QCoreApplication.translate(
            "Recovery", "If this happens again, the disk may be failing: ask for help."
        ),
    )


def _missing(controller: Controller, how: str, candidate: Path | None) -> None:
    """The data file is gone or empty, and backups exist: not a first start. Say so, and
    offer the newest backup before anything new is written."""
    box = QMessageBox(controller.window)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("Recovery", "Your data file is missing"))
    if how == "empty":
        text = QCoreApplication.translate(
            "Recovery",
            "The data file is empty, although this laptop has backups of the team's work.",
        )
    else:
        text = QCoreApplication.translate(
            "Recovery",
            "The data file is missing, although this laptop has backups of the team's work.",
        )
    restore_button = None
    if candidate is not None:
        when = show_moment(backup.backup_time(candidate))
        text += "\n\n" + QCoreApplication.translate(
            "Recovery",
            "The newest good backup is from %1. Restore it? Work recorded after that time "
            "will need to be entered again.",
        ).replace("%1", when)
        restore_button = box.addButton(
            QCoreApplication.translate("Recovery", "Restore the backup"),
            QMessageBox.ButtonRole.AcceptRole,
        )
    else:
        text += "\n\n" + QCoreApplication.translate(
            "Recovery", "None of the backups can be read. Ask for help before starting again."
        )
    box.setText(text)
    empty = box.addButton(
        QCoreApplication.translate("Recovery", "Start with an empty notebook"),
        QMessageBox.ButtonRole.DestructiveRole,
    )
    box.addButton(
        QCoreApplication.translate("Recovery", "Close the app"), QMessageBox.ButtonRole.RejectRole
    )
    box.exec()
    clicked = box.clickedButton()
    if clicked is restore_button and candidate is not None:
        restore(controller, candidate, after_damage=True)
    elif clicked is empty:
        controller.reopen(start_empty=True)
    else:
        controller.app.exit(3)
