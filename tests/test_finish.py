"""Finish of what the user reads (issue 19, item 13): the trainings export's dates are dates in
Excel, the help sign-off sheet's headings keep their words whole, the window names the app
once, and file sizes are written the Vietnamese way."""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtGui import QGuiApplication

import desktop
from desktop.store.store import Store
from desktop.ui.restore import RestoreDialog
from sotay.printing import sheets
from sotay.printing.data import AssistLine
from tests.helpers import DAY, HEAD, person, result, training
from tests.qt_helpers import leader_window
from tests.test_printing import text_boxes


def test_the_trainings_export_writes_dates_excel_reads_as_dates(
    qtbot, recorded: Store, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    with closing(sqlite3.connect(recorded.path)) as conn, conn:  # as an old service wrote it
        conn.execute("UPDATE training SET day = '2025-02-30' WHERE day = ?", (DAY.isoformat(),))
    window = leader_window(qtbot, recorded, tmp_path)
    window.nav.setCurrentRow(1)
    page = window.trainings
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=5000)
    target = tmp_path / "buoi-tap-huan.xlsx"
    with qtbot.waitSignal(page.exported, timeout=10000):
        page.export_to(target)
    sheet = load_workbook(target).active
    days = [row[0] for row in sheet.iter_rows(min_row=2, max_col=1)]
    real = [c for c in days if c.is_date]
    held = DAY - timedelta(days=3)
    assert [c.value for c in real] == [datetime(held.year, held.month, held.day)]
    assert real[0].number_format == "dd/mm/yyyy"  # 17/11/2026 in any Excel, as on the screen
    assert [c.value for c in days if not c.is_date] == ["30/02/2025"]  # no calendar's: as shown


def headings_cut(pdf: bytes, head: tuple[str, ...]) -> list[str]:
    """The headings' words not drawn whole on the first page (a word split over two lines)."""
    drawn = {word for page, *_, text in text_boxes(pdf) if page == 0 for word in text.split()}
    return [word for heading in head for word in heading.split() if word not in drawn]


def test_the_sheets_headings_keep_their_words_whole() -> None:
    line = AssistLine(DAY, "Đỗ Thị Hạnh", 1950, "Khu phố 2", "Nộp hồ sơ", "done", "", "Lê Minh")
    assist = sheets.assist_sheet(HEAD, [line], DAY, DAY, today=DAY)
    assert headings_cut(assist, sheets.ASSIST_HEAD) == []  # "STT" was "ST" over "T"
    attendance = sheets.attendance_sheet(
        HEAD, training(0, people=[person(1)]), sheets.SheetKind.AFTER, today=DAY
    )
    assert headings_cut(attendance, sheets.ATTENDANCE_HEAD) == []


def shown_title(window) -> str:
    """The title the window's frame shows: Qt writes the application's display name after the
    window's own title, unless the title already ends with it (QPlatformWindow::
    formatWindowTitle, what the Windows and X11 platforms call; offscreen has no frame)."""
    title, name = window.windowTitle(), QGuiApplication.applicationDisplayName()
    if not title or title.endswith(name):
        return title or name
    return f"{title} - {name}"


def test_the_window_names_the_app_once(qtbot, qapp, team_store: Store, tmp_path: Path) -> None:
    qapp.setApplicationDisplayName(desktop.APP_NAME)  # as desktop/app.py does
    try:
        window = leader_window(qtbot, team_store, tmp_path)
        title = shown_title(window)
    finally:
        qapp.setApplicationDisplayName("")
    assert title.count(desktop.APP_NAME) == 1, title
    assert "Tổ CNSCĐ khu phố 3" in title


def test_sizes_are_written_the_vietnamese_way(qtbot, team_store: Store) -> None:
    from sotay.words import data_size

    assert [data_size(n) for n in (0, 300, 282_924, 1_258_291, 15 * 2**20, 3 * 2**30)] == [
        "0 kB", "1 kB", "276 kB", "1,2 MB", "15 MB", "3 GB"
    ]  # fmt: skip
    made = result(team_store.backup_now("manual"))
    reading = ThreadPoolExecutor(1)
    dialog = RestoreDialog(made.parent, reading)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.ready, timeout=10000)
    shown = dialog.table.item(dialog.paths.index(made), 2).text()
    reading.shutdown()
    assert shown == f"{round(made.stat().st_size / 1024)} kB"  # not "276.0 kB"
