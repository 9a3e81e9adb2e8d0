"""Updates on screen: the status bar's "Update available" button, the dialog where the leader
chooses when, and what the first start of a new version says. The download and its checks
are desktop/update's, on the sync thread; the hand-over to the installer is the Controller's
(desktop/app.py), once the app has closed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

import desktop
from desktop.ui.theme import fit_window

if TYPE_CHECKING:
    from desktop.update.handover import NotUpdated, Updated


def size_text(size: int) -> str:
    return QCoreApplication.translate("Update", "%1 MB").replace(
        "%1", f"{size / 1_000_000:.1f}".replace(".", ",")
    )


def problem_text(problem: str) -> str:
    """Plain words for why an update stopped or was refused (sotay.releases.Refusal values and
    desktop.failures.Failure values)."""
    if problem in REFUSALS:
        return QCoreApplication.translate(
            "Update",
            "The update the commune's server offers is not signed by the makers of Sổ tay CNS, "
            "so it was refused and nothing of it will run. This laptop keeps the version it "
            "has. Please tell the commune's IT person.",
        )
    if problem in ("size", "hash"):
        return QCoreApplication.translate(
            "Update",
            "The downloaded file was not exactly the signed update (the connection may have "
            "damaged it), so it was deleted and will be downloaded again. This laptop keeps "
            "the version it has.",
        )
    if problem == "disk_full":
        return QCoreApplication.translate(
            "Update",
            "The disk is full, so the update could not be downloaded to the end. Free some "
            "space (for example empty the Recycle Bin): the download then goes on where it "
            "stopped.",
        )
    if problem == "read_only":
        return QCoreApplication.translate(
            "Update", "The update could not be saved: the app's data folder cannot be written to."
        )
    return QCoreApplication.translate(
        "Update",
        "The download stopped (the connection to the commune's server was lost). It goes on "
        "by itself where it stopped, the next time the laptop is connected.",
    )


REFUSALS = ("signature", "no_keys", "format", "platform")


def refused(update: Any) -> bool:
    """The server offered something that is not a signed release: nothing to install, but
    the leader is told (the commune must hear of it)."""
    return update is not None and update.release is None and update.problem in REFUSALS


def button_text(update: Any, on_close: bool) -> str:
    if refused(update):
        return QCoreApplication.translate("Update", "Update refused")
    version = update.release.version
    if on_close:
        return QCoreApplication.translate(
            "Update", "Version %1 installs when the app is closed"
        ).replace("%1", version)
    return QCoreApplication.translate("Update", "Update available: %1").replace("%1", version)


class UpdateDialog(QDialog):
    """What the new version brings, how far its download is, and when to install it."""

    NOW = 2
    ON_CLOSE = 3

    changed = Signal()

    def __init__(self, update: Any, on_close: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Update Sổ tay CNS"))
        release = update.release
        layout = QVBoxLayout(self)
        head = QLabel(
            self.tr("Version %1 of Sổ tay CNS is available. This laptop has version %2.")
            .replace("%1", release.version)
            .replace("%2", desktop.__version__)
        )
        head.setWordWrap(True)
        layout.addWidget(head)
        layout.addWidget(QLabel(self.tr("What changes:")))
        self.notes = QPlainTextEdit(release.notes or self.tr("(The release has no notes.)"))
        self.notes.setReadOnly(True)
        self.notes.setTabChangesFocus(True)
        layout.addWidget(self.notes, 1)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        layout.addWidget(self.progress)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.state)
        how = QLabel(
            self.tr(
                "To install, the app makes a backup of your data, closes, installs the new "
                "version and opens again, in about a minute. Your data stays as it is."
            )
        )
        how.setWordWrap(True)
        layout.addWidget(how)
        buttons = QDialogButtonBox()
        self.now_button = QPushButton(self.tr("Update &now"))
        self.close_button = QPushButton(self.tr("Update when I &close the app"))
        later = QPushButton(self.tr("&Later"))
        for button, role in (
            (self.now_button, QDialogButtonBox.ButtonRole.AcceptRole),
            (self.close_button, QDialogButtonBox.ButtonRole.ActionRole),
            (later, QDialogButtonBox.ButtonRole.RejectRole),
        ):
            buttons.addButton(button, role)
            button.setAutoDefault(False)
        later.setDefault(True)  # Enter chooses nothing that closes the app
        self.now_button.clicked.connect(lambda: self.done(self.NOW))
        self.close_button.clicked.connect(lambda: self.done(self.ON_CLOSE))
        later.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.on_close = on_close
        self.show_status(update)
        fit_window(self, 560, 440)
        later.setFocus()

    def show_status(self, update: Any) -> None:
        """The sync thread's news, while the dialog is open."""
        if update is None or update.release is None:
            self.reject()  # the commune withdrew the offer meanwhile
            return
        size = update.release.size
        ready = update.ready is not None
        self.progress.setValue(1000 if ready else int(1000 * min(update.downloaded, size) / size))
        if ready:
            text = self.tr("Downloaded and checked: ready to install.")
            if self.on_close:
                text += " " + self.tr("It will install when you close the app.")
        else:
            text = (
                self.tr("Downloading: %1 of %2.")
                .replace("%1", size_text(update.downloaded))
                .replace("%2", size_text(size))
            )
            text += " " + self.tr(
                "You can go on working; the buttons below can be used once it is done."
            )
        if update.problem:
            text = problem_text(update.problem)
        self.state.setText(text)
        self.now_button.setEnabled(ready)
        self.close_button.setEnabled(ready and not self.on_close)


def show_outcome(parent: QWidget | None, outcome: Updated | NotUpdated) -> None:
    """Said once, at the first start after the installer ran."""
    from desktop.update.handover import Updated

    if isinstance(outcome, Updated):
        text = QCoreApplication.translate(
            "Update", "Sổ tay CNS is now version %1. Your data is all here."
        ).replace("%1", outcome.version)
        if outcome.notes:
            text += (
                "\n\n"
                + QCoreApplication.translate("Update", "What changed:")
                + "\n"
                + outcome.notes
            )
        QMessageBox.information(parent, QCoreApplication.translate("Update", "Updated"), text)
        return
    QMessageBox.warning(
        parent,
        QCoreApplication.translate("Update", "Not updated"),
        QCoreApplication.translate(
            "Update",
            "Version %1 could not be installed, so this laptop still runs version %2, with "
            "all its data. Close other windows of the app and choose the update again from "
            "the status bar; if it fails again, tell the commune's IT person.",
        )
        .replace("%1", outcome.version)
        .replace("%2", desktop.__version__),
    )
