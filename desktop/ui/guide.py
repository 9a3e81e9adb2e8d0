"""The user guide (F1, Help menu): resources/guide/index.html, offline, with pictures of the real
screens. One window, kept while the app runs; its text follows the app's size (A-/A+) and
colours (high contrast) since the page sets neither."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.paths import resource_dir
from desktop.ui.theme import screen_room

WIDTH = 1000  # the pictures are at most 900 px wide


def guide_file() -> Path:
    return resource_dir() / "guide" / "index.html"


class GuideDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, page: Path | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guide")
        self.setWindowTitle(self.tr("User guide"))
        self.setModal(False)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        buttons = QDialogButtonBox()
        role = QDialogButtonBox.ButtonRole
        self.back_button = buttons.addButton(self.tr("Back"), role.ActionRole)
        self.home_button = buttons.addButton(self.tr("Contents"), role.ActionRole)
        close = buttons.addButton(self.tr("Close"), role.RejectRole)
        self.back_button.setEnabled(False)
        self.back_button.clicked.connect(self.browser.backward)
        self.home_button.clicked.connect(self.browser.home)
        self.browser.backwardAvailable.connect(self.back_button.setEnabled)
        close.clicked.connect(self.close)
        layout.addWidget(buttons)
        self.page = page or guide_file()
        if self.page.is_file():
            # A file URL: the page's pictures load from its folder.
            self.browser.setSource(QUrl.fromLocalFile(str(self.page)))
        else:
            self.home_button.setEnabled(False)
            self.browser.setPlainText(
                self.tr(
                    "The user guide was not found on this computer. Install the app again, "
                    "or ask the person who set it up."
                )
            )
        self.fit()

    def fit(self) -> None:
        """Wide enough for the pictures, within the screen (a 1366x768 laptop)."""
        free = screen_room(self.parentWidget() or self)
        if free.width() <= 0:
            self.resize(WIDTH, 700)
            return
        self.resize(min(WIDTH, free.width() - 40), max(400, free.height() - 60))
        frame = self.frameGeometry()
        frame.moveCenter(free.center())
        self.move(frame.topLeft())
