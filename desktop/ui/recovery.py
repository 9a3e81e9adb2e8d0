"""A damaged database: say so in plain words and offer the newest good backup."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox

from desktop.store import backup
from desktop.ui.tasks import when_done

log = logging.getLogger(__name__)
_pool = ThreadPoolExecutor(1, thread_name_prefix="recovery")


def recover(controller: Any, exc: BaseException) -> None:
    log.error("database damaged: %s", exc)
    paths = controller.paths
    window = controller.window

    def found(candidate: Any) -> None:
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
        when = backup.backup_time(candidate).astimezone().strftime("%d/%m/%Y %H:%M")
        box.setText(
            QCoreApplication.translate(
                "Recovery",
                "The data file is damaged (for example by a power cut). The app has not "
                "written to it.\n\nThe newest good backup is from %1. Restore it? Work "
                "recorded after that time will need to be entered again. The damaged "
                "file is kept aside.",
            ).replace("%1", when)
        )
        restore = box.addButton(
            QCoreApplication.translate("Recovery", "Restore the backup"),
            QMessageBox.ButtonRole.AcceptRole,
        )
        box.addButton(
            QCoreApplication.translate("Recovery", "Close the app"),
            QMessageBox.ButtonRole.RejectRole,
        )
        box.exec()
        if box.clickedButton() is not restore:
            controller.app.exit(3)
            return

        def close_then_restore() -> object:
            # The damaged file must be closed first: Windows refuses to rename an open file.
            controller.store.close()
            return backup.restore(candidate, paths.db)

        when_done(_pool.submit(close_then_restore), lambda _aside: controller.reopen())

    when_done(_pool.submit(backup.newest_good_backup, paths.backups), found)
