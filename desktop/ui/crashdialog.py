"""The dialog that shows a bug's report, ready to copy."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
)


class CrashDialog(QDialog):
    def __init__(self, report: str) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("Something went wrong"))
        self.resize(640, 420)
        layout = QVBoxLayout(self)
        text = QLabel(
            self.tr(
                "The app met an unexpected problem. What you had saved is safe. Please copy the "
                "report below and send it to whoever supports your team."
            )
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        self.report = QPlainTextEdit(report)
        self.report.setReadOnly(True)
        layout.addWidget(self.report)
        buttons = QDialogButtonBox()
        copy = buttons.addButton(self.tr("Copy report"), QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(self.tr("Close"), QDialogButtonBox.ButtonRole.AcceptRole)
        copy.clicked.connect(lambda: QApplication.clipboard().setText(report))
        close.clicked.connect(self.accept)
        layout.addWidget(buttons)
