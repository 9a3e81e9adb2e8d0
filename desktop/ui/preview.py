"""Print preview: the document is made in the background, shown with QtPdf, then printed on
A4 through Qt's print dialog or saved as PDF / XLSX. The window never waits on the work: it
goes to the documents lane the main window makes and hands in."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Executor
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QImageWriter, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from desktop.printing.documents import Document, write_file
from desktop.ui import folders
from desktop.ui.tasks import show_failure, when_done
from desktop.ui.theme import fit_window

log = logging.getLogger(__name__)

PRINT_DPI = 300


class PrinterError(Exception):
    """The printer could not be started (offline, out of paper, driver refused)."""


def print_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Draw each page of `pdf` onto `printer` at its resolution. Runs on the documents lane
    (painting on a QPrinter and rendering with a QPdfDocument owned by this thread are safe
    off the GUI thread). Returns the number of pages printed."""
    document = QPdfDocument()
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    count = document.pageCount()
    first, last = printer.fromPage(), printer.toPage()
    pages = range(first - 1, last) if first > 0 else range(count)
    painter = QPainter()
    if not painter.begin(printer):
        raise PrinterError(printer.printerName())
    try:
        rect = painter.viewport()
        # Pages are drawn as images: at 300 dpi at most (an A4 page at 1200 dpi would be a
        # 0.5 GB image on a 4 GB laptop); the printer scales them to the page.
        scale = min(1.0, PRINT_DPI / max(1, printer.resolution()))
        size = QSize(int(rect.width() * scale), int(rect.height() * scale))
        for n, index in enumerate(pages):
            if n:
                printer.newPage()
            image = document.render(index, size)
            painter.drawImage(rect, image)
    finally:
        painter.end()
        document.close()
    return len(pages)


class PreviewDialog(QDialog):
    def __init__(
        self,
        title: str,
        make: Callable[[], Document],
        documents: Executor,
        parent: QWidget | None = None,
    ) -> None:
        """`documents`: the lane (one thread, its owner's) that makes, writes and prints the
        document off the GUI thread."""
        super().__init__(parent)
        self.documents = documents
        self.setWindowTitle(title)
        fit_window(self, 900, 700)
        self.made: Document | None = None
        layout = QVBoxLayout(self)
        self.status = QLabel(self.tr("Preparing the document…"))
        layout.addWidget(self.status)
        self.pdf = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.pdf)
        layout.addWidget(self.view, 1)
        buttons = QDialogButtonBox()
        role = QDialogButtonBox.ButtonRole
        self.print_button = buttons.addButton(self.tr("Print…"), role.ActionRole)
        self.pdf_button = buttons.addButton(self.tr("Save as PDF…"), role.ActionRole)
        self.xlsx_button = buttons.addButton(self.tr("Save as XLSX…"), role.ActionRole)
        close = buttons.addButton(self.tr("Close"), role.RejectRole)
        for b in (self.print_button, self.pdf_button, self.xlsx_button):
            b.setEnabled(False)
        self.xlsx_button.hide()
        self.print_button.clicked.connect(self.print_document)
        self.pdf_button.clicked.connect(lambda: self.save("pdf"))
        self.xlsx_button.clicked.connect(lambda: self.save("xlsx"))
        close.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self._buffer: QBuffer | None = None
        when_done(self.documents.submit(make), self._made, self._failed, context=self)

    def _made(self, document: Document) -> None:
        self.made = document
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(document.pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.pdf.load(self._buffer)
        pages = self.pdf.pageCount()
        self.status.setText(self.tr("%n page(s)", None, pages))
        self.print_button.setEnabled(True)
        self.pdf_button.setEnabled(True)
        self.xlsx_button.setVisible(document.xlsx is not None)
        self.xlsx_button.setEnabled(document.xlsx is not None)

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(self.tr("The document could not be made."))
        show_failure(self, exc, self.tr("No document"))

    # --- save -----------------------------------------------------------------------------------

    def save(self, kind: str) -> None:
        assert self.made is not None
        data = self.made.pdf if kind == "pdf" else self.made.xlsx
        assert data is not None
        suggested = str(folders.save_folder() / f"{self.made.name}.{kind}")
        caption = self.tr("Save as PDF") if kind == "pdf" else self.tr("Save as XLSX")
        pattern = (
            self.tr("PDF document (*.pdf)") if kind == "pdf" else self.tr("Excel workbook (*.xlsx)")
        )
        path, _ = QFileDialog.getSaveFileName(self, caption, suggested, pattern)
        if path:
            folders.remember(Path(path))
            self.save_to(Path(path).with_suffix(f".{kind}"), data)

    def save_to(self, path: Path, data: bytes) -> None:
        self.status.setText(self.tr("Saving…"))
        when_done(
            self.documents.submit(write_file, path, data),
            self._saved,
            self._save_failed,
            context=self,
        )

    def _saved(self, path: Path) -> None:
        self.status.setText(self.tr("Saved: %1").replace("%1", str(path)))

    def _save_failed(self, exc: BaseException) -> None:
        self.status.setText(self.tr("Not saved."))
        show_failure(self, exc)

    # --- print ----------------------------------------------------------------------------------

    def print_document(self) -> None:
        assert self.made is not None
        if not QPrinterInfo.availablePrinters():
            QMessageBox.information(
                self,
                self.tr("No printer"),
                self.tr(
                    "No printer is installed on this computer. Save the document as PDF and print "
                    "it from another computer, or install the printer and try again."
                ),
            )
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setResolution(PRINT_DPI)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        printer.setPageOrientation(self._orientation())
        printer.setFullPage(True)  # the PDF carries its own margins
        printer.setFromTo(1, self.pdf.pageCount())
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.start_print(printer)

    def start_print(self, printer: QPrinter) -> None:
        assert self.made is not None
        # Qt loads its image-format plugins the first time a PDF printer draws an image. Done
        # on the documents lane, that load waited for a lock the GUI thread held while the
        # GUI thread waited for Python's lock, held by the lane: the app froze (seen once in
        # CI). Loaded here first, on the GUI thread, the lane never loads them.
        QImageWriter.supportedImageFormats()
        self.status.setText(self.tr("Printing…"))
        self.print_button.setEnabled(False)
        when_done(
            self.documents.submit(print_pdf, self.made.pdf, printer),
            self._printed,
            self._print_failed,
            context=self,
        )

    def _orientation(self) -> QPageLayout.Orientation:
        size = self.pdf.pagePointSize(0)
        wide = size.width() > size.height()
        return QPageLayout.Orientation.Landscape if wide else QPageLayout.Orientation.Portrait

    def _printed(self, pages: int) -> None:
        self.print_button.setEnabled(True)
        self.status.setText(self.tr("Sent %n page(s) to the printer.", None, pages))

    def _print_failed(self, exc: BaseException) -> None:
        self.print_button.setEnabled(True)
        self.status.setText(self.tr("Not printed."))
        if isinstance(exc, PrinterError):
            QMessageBox.warning(
                self,
                self.tr("Not printed"),
                self.tr(
                    "The printer did not start. Check that it is switched on, connected and has "
                    "paper, then try again. You can also save the document as PDF."
                ),
            )
        else:
            show_failure(self, exc, self.tr("Not printed"))
