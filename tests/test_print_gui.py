"""The print preview as a user meets it: the document is made in the background, shown,
saved, printed; failures are calm and nothing is left half-written."""

from __future__ import annotations

import errno
import io
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter

from desktop.paths import Paths
from desktop.printing.documents import Document
from desktop.settings import Settings
from desktop.ui import preview
from desktop.ui.main_window import MainWindow
from desktop.ui.preview import PreviewDialog
from tests.helpers import DAY, sample
from tests.qt_helpers import when_modal


@pytest.fixture
def documents() -> Iterator[ThreadPoolExecutor]:
    """The documents lane a main window hands its previews."""
    lane = ThreadPoolExecutor(1, thread_name_prefix="documents")
    yield lane
    lane.shutdown()


def test_document_is_made_in_the_background(qtbot, documents) -> None:
    gate = threading.Event()

    def slow() -> Document:
        assert gate.wait(10)
        return sample()

    dialog = PreviewDialog("Xem trước", slow, documents)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.wait(50)  # the window is up and answering while the document is being made
    assert dialog.made is None and not dialog.print_button.isEnabled()
    gate.set()
    qtbot.waitUntil(lambda: dialog.made is not None, timeout=10000)
    assert dialog.pdf.pageCount() == len(PdfReader(io.BytesIO(dialog.made.pdf)).pages) >= 2
    assert dialog.print_button.isEnabled() and dialog.xlsx_button.isVisible()


@pytest.fixture
def ready(qtbot, documents) -> PreviewDialog:
    dialog = PreviewDialog("Xem trước", sample, documents)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.made is not None, timeout=10000)
    return dialog


def test_save_as_pdf_and_xlsx(qtbot, ready: PreviewDialog, tmp_path: Path) -> None:
    target = tmp_path / "diem-danh.pdf"
    ready.save_to(target, ready.made.pdf)
    qtbot.waitUntil(
        lambda: target.exists() and "diem-danh.pdf" in ready.status.text(), timeout=5000
    )
    assert target.read_bytes() == ready.made.pdf
    book = tmp_path / "bao-cao.xlsx"
    ready.save_to(book, ready.made.xlsx)
    qtbot.waitUntil(book.exists, timeout=5000)
    from openpyxl import load_workbook

    assert load_workbook(book).sheetnames == ["Chỉ tiêu", "Theo chủ đề", "Hỗ trợ", "Chỉ tiêu chuẩn"]


def test_a_file_that_cannot_be_written_is_refused_calmly(qtbot, ready, tmp_path) -> None:
    seen: list[str] = []

    def read_message(box) -> None:
        seen.append(box.text())
        box.accept()

    when_modal(qtbot, read_message)
    target = tmp_path / "no such folder" / "x.pdf"
    ready.save_to(target, ready.made.pdf)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert "could not be read or written" in seen[0]
    assert ready.status.text() == "Not saved."
    assert not target.parent.exists()


def test_a_full_disk_leaves_no_half_file(qtbot, ready, tmp_path, monkeypatch) -> None:
    real_write = Path.write_bytes

    def full(self: Path, data: bytes) -> int:
        real_write(self, data[:100])  # part of it got out before the disk filled up
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full)
    seen: list[str] = []
    when_modal(qtbot, lambda box: (seen.append(box.text()), box.accept()))
    ready.save_to(tmp_path / "x.pdf", ready.made.pdf)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert "disk is full" in seen[0]
    assert list(tmp_path.iterdir()) == []  # neither the file nor a .partial


def test_no_printer_installed(qtbot, ready, monkeypatch) -> None:
    monkeypatch.setattr(preview.QPrinterInfo, "availablePrinters", staticmethod(lambda: []))
    seen: list[str] = []
    when_modal(qtbot, lambda box: (seen.append(box.text()), box.accept()))
    ready.print_button.click()
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert "No printer is installed" in seen[0]


def test_printing_draws_every_page_on_a4(qtbot, ready, tmp_path) -> None:
    out = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # a printer that writes a file
    printer.setOutputFileName(str(out))
    printer.setFullPage(True)
    ready.start_print(printer)
    qtbot.waitUntil(lambda: "Sent" in ready.status.text(), timeout=20000)
    pages = PdfReader(out).pages
    assert len(pages) == ready.pdf.pageCount()
    width, height = float(pages[0].mediabox.width), float(pages[0].mediabox.height)
    assert abs(width - 595) < 2 and abs(height - 842) < 2  # A4 in points


def test_print_sheet_from_the_trainings_list(qtbot, recorded, tmp_path) -> None:
    window = MainWindow(recorded, Paths(tmp_path), Settings(), interactive=False)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=10000):
        window.start()
    window.nav.setCurrentRow(1)
    page = window.trainings
    qtbot.waitUntil(lambda: page.model.ready and page.model.rowCount() == 2, timeout=5000)
    page.view.selectRow(0)
    shown: list[int] = []

    def options(box) -> None:
        assert type(box).__name__ == "SheetOptions"
        assert box.after.isChecked()  # a held training: the sheet of those present
        box.accept()
        when_modal(qtbot, look)

    def look(box) -> None:
        if not isinstance(box, PreviewDialog):
            return
        qtbot.waitUntil(lambda: box.made is not None, timeout=10000)
        shown.append(box.pdf.pageCount())
        text = PdfReader(io.BytesIO(box.made.pdf)).pages[0].extract_text()
        assert "Nguyễn Thị An" in text and "Lê Thị Cúc" not in text  # Cúc was absent
        box.reject()

    when_modal(qtbot, options)
    page.print_button.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=15000)
    assert shown == [1]


def test_report_from_the_overview_offers_xlsx(qtbot, recorded, tmp_path) -> None:
    window = MainWindow(recorded, Paths(tmp_path), Settings(), interactive=False)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=10000):
        window.start()
    seen: list[bool] = []

    def look(box) -> None:
        qtbot.waitUntil(lambda: box.made is not None, timeout=10000)
        seen.append(box.xlsx_button.isVisible())
        text = PdfReader(io.BytesIO(box.made.pdf)).pages[0].extract_text()
        assert f"Tháng {date.today().month} năm {date.today().year}" in text
        box.reject()

    when_modal(qtbot, look)
    window.overview.print_button.click()
    qtbot.waitUntil(lambda: bool(seen), timeout=15000)
    assert seen == [True]


def test_help_sign_off_sheet_from_the_list(qtbot, recorded, tmp_path) -> None:
    window = MainWindow(recorded, Paths(tmp_path), Settings(), interactive=False)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=10000):
        window.start()
    page = window.assists
    texts: list[str] = []

    def dates(box) -> None:
        from PySide6.QtCore import QDate

        box.first.setDate(QDate(DAY.year, DAY.month, DAY.day))
        box.last.setDate(QDate(DAY.year, DAY.month, DAY.day - 1))
        box.check()  # the end before the start: said next to the field
        assert box.form.error_text("last")
        box.last.setDate(QDate(DAY.year, DAY.month, DAY.day))
        when_modal(qtbot, look)
        box.check()

    def look(box) -> None:
        qtbot.waitUntil(lambda: box.made is not None, timeout=10000)
        texts.append(PdfReader(io.BytesIO(box.made.pdf)).pages[0].extract_text())
        box.reject()

    when_modal(qtbot, dates)
    page.print_button.click()
    qtbot.waitUntil(lambda: bool(texts), timeout=15000)
    assert "Nguyễn Thị An" in texts[0] and "Chuyển nơi khác" in texts[0]


def test_save_dialogs_start_in_documents_then_where_the_user_last_saved(
    qtbot, ready: PreviewDialog, tmp_path: Path, monkeypatch
) -> None:
    from PySide6.QtCore import QStandardPaths
    from PySide6.QtWidgets import QFileDialog

    from desktop.ui import folders

    settings = Settings()
    changed: list[str] = []
    folders.attach(settings, changed.append)
    asked: list[str] = []
    usb = tmp_path / "usb"
    usb.mkdir()

    def dialog(_parent, _caption, suggested, _pattern):
        asked.append(suggested)
        return str(usb / "bao-cao.pdf"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    ready.save("pdf")
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    # Documents, or the home folder on an account that has none (this machine's root)
    start = Path(documents) if documents and Path(documents).is_dir() else Path.home()
    assert Path(asked[0]).parent == start
    qtbot.waitUntil((usb / "bao-cao.pdf").exists, timeout=5000)
    assert settings.save_folder == str(usb) and changed == ["save_folder"]
    ready.save("xlsx")
    assert Path(asked[1]).parent == usb  # remembered
    # a folder gone since (a USB stick taken out): back to Documents
    (usb / "bao-cao.pdf").unlink()
    qtbot.waitUntil((usb / "bao-cao.xlsx").exists, timeout=5000)
    (usb / "bao-cao.xlsx").unlink()
    usb.rmdir()
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a: (asked.append(a[2]), ("", ""))[1]
    )
    ready.save("pdf")
    assert Path(asked[2]).parent == start
    folders.attach(Settings(), lambda _k: None)
