"""The documents the app offers, ready to preview, print or save: each read from the store and
drawn by sheets/report. No Qt. They wait on the store, so they run on the documents lane,
never on the GUI thread.

This module is imported with the screens: reportlab (sheets, report) is imported inside the
functions, so it stays off the app's start-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sotay.domain.periods import Period, PeriodKind

if TYPE_CHECKING:
    from desktop.store.store import Store


@dataclass(frozen=True, slots=True)
class Document:
    name: str  # a file name without extension, e.g. "diem-danh-2026-11-22"
    pdf: bytes
    xlsx: bytes | None = None


def write_file(path: Path, data: bytes) -> Path:
    """Whole or not at all: a full disk leaves no half-written file behind."""
    partial = path.with_name(path.name + ".partial")
    try:
        partial.write_bytes(data)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def attendance_document(
    store: Store, training_id: str, before: bool, blanks: int, prepared_by: str
) -> Document:
    from desktop.printing import reads
    from sotay.printing import sheets

    head = store.read(reads.letterhead).result()
    sheet = store.read(reads.training_sheet, training_id).result()
    if sheet is None:
        raise LookupError(training_id)
    kind = sheets.SheetKind.BEFORE if before else sheets.SheetKind.AFTER
    pdf = sheets.attendance_sheet(head, sheet, kind, blanks, prepared_by=prepared_by)
    return Document(f"diem-danh-{sheet.day}", pdf)  # str(date) is ISO


def sign_off_document(store: Store, first: date, last: date, prepared_by: str) -> Document:
    from desktop.printing import reads
    from sotay.printing import sheets

    head = store.read(reads.letterhead).result()
    lines = store.read(reads.assist_lines, first, last).result()
    pdf = sheets.assist_sheet(head, lines, first, last, prepared_by=prepared_by)
    return Document(f"ky-nhan-ho-tro-{first.isoformat()}-{last.isoformat()}", pdf)


def report_document(store: Store, period: Period) -> Document:
    """The same overview query as the screen, so the same figures."""
    from desktop.printing import reads
    from desktop.store import queries, reach
    from sotay.printing import report

    head = store.read(reads.letterhead).result()
    ov = store.read(queries.overview, period).result()
    # The overview's rate and targets (ReachSummary's), as of today.
    reached = store.read(reach.team_reach, period, date.today()).result()
    kind = {PeriodKind.MONTH: "-thang-", PeriodKind.QUARTER: "-quy-"}.get(period.kind)
    stem = f"bao-cao-{period.year}" + (f"{kind}{period.index}" if kind else "")
    return Document(
        stem,
        report.team_report_pdf(head, ov, reach=reached),
        report.team_report_xlsx(head, ov, reach=reached),
    )
