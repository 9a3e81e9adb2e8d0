"""A spreadsheet file as rows of cell values: XLSX (openpyxl, read-only) or CSV in the
encodings a Vietnamese Windows writes. The kind of file is told by its content, not its name,
and a file that cannot be read is refused with a reason the screen words for the user."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

# A neighbourhood's list is a few thousand people, a ward's some tens of thousands. More is
# another kind of file (a whole commune's register) or a sheet formatted down to its end.
MAX_ROWS = 20_000
MAX_BYTES = 50 * 1024 * 1024

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Office 97-2003, and encrypted Office 2007+
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_ZIP = b"PK\x03\x04"
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)([0-9]+):([A-Z]+)([0-9]+)"')


class Reason(StrEnum):
    NOT_FOUND = "not_found"
    EMPTY = "empty"
    TOO_BIG = "too_big"
    TOO_MANY_ROWS = "too_many_rows"
    NOT_A_SPREADSHEET = "not_a_spreadsheet"
    DAMAGED = "damaged"
    OLD_EXCEL = "old_excel"  # .xls: Excel 97-2003
    OPEN_DOCUMENT = "open_document"  # .ods: LibreOffice
    ENCRYPTED = "encrypted"
    UNKNOWN_ENCODING = "unknown_encoding"
    MERGED_HEADER = "merged_header"


class Refused(Exception):
    """A file that cannot be imported, and why. `detail` (a cell, a sheet) and `limit` fill
    the message."""

    def __init__(self, reason: Reason, detail: str = "", limit: int | None = None) -> None:
        super().__init__(f"{reason}: {detail}" if detail else str(reason))
        self.reason, self.detail, self.limit = reason, detail, limit


@dataclass(frozen=True, slots=True)
class Merge:
    """A merged range, 1-based and inclusive, as Excel numbers rows and columns."""

    first_row: int
    first_col: int
    last_row: int
    last_col: int

    @property
    def ref(self) -> str:
        return f"{column_letter(self.first_col)}{self.first_row}:" + (
            f"{column_letter(self.last_col)}{self.last_row}"
        )


@dataclass(slots=True)
class Sheet:
    name: str
    rows: list[list[object]]  # rows[0] is the file's row 1; trailing empty cells dropped
    merges: list[Merge] = field(default_factory=list)


def column_letter(col: int) -> str:
    """1 -> A, 27 -> AA: how the user finds a column in Excel."""
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def read_sheets(path: Path) -> list[Sheet]:
    """Every sheet of an XLSX, or the one table of a CSV. Raises Refused."""
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(8)
    except FileNotFoundError as exc:
        raise Refused(Reason.NOT_FOUND, path.name) from exc
    if size == 0:
        raise Refused(Reason.EMPTY)
    if size > MAX_BYTES:
        raise Refused(Reason.TOO_BIG, limit=MAX_BYTES // (1024 * 1024))
    if head.startswith(_OLE):
        data = path.read_bytes()
        raise Refused(Reason.ENCRYPTED if _ENCRYPTED in data else Reason.OLD_EXCEL)
    if head.startswith(_ZIP):
        sheets = _read_xlsx(path)
    elif path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods") or _binary(path):
        raise Refused(Reason.NOT_A_SPREADSHEET)
    else:
        sheets = [_read_csv(path)]
    if not any(sheet.rows for sheet in sheets):
        raise Refused(Reason.EMPTY)
    return sheets


def _binary(path: Path) -> bool:
    """A picture or a PDF with a .csv name: control bytes a text never holds."""
    with path.open("rb") as f:
        sample = f.read(4096)
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 text: Excel's "Unicode Text"
    return b"\x00" in sample or sample.startswith(b"%PDF")


# --- XLSX --------------------------------------------------------------------------------------


def _read_xlsx(path: Path) -> list[Sheet]:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile as exc:
        raise Refused(Reason.DAMAGED) from exc
    if "xl/workbook.xml" not in names:
        if "content.xml" in names:
            raise Refused(Reason.OPEN_DOCUMENT)
        raise Refused(Reason.NOT_A_SPREADSHEET)  # a Word file, a zip of photos

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a broken part
        raise Refused(Reason.DAMAGED) from exc
    try:
        sheets = []
        for ws in book.worksheets:
            if getattr(ws, "sheet_state", "visible") != "visible":
                continue
            rows = _sheet_rows(ws.iter_rows(values_only=True), ws.title)
            sheets.append(Sheet(ws.title, rows, _merges(book, ws)))
        return sheets
    except Refused:
        raise
    except Exception as exc:
        raise Refused(Reason.DAMAGED) from exc
    finally:
        book.close()


def _sheet_rows(source, name: str) -> list[list[object]]:
    rows: list[list[object]] = []
    filled = 0
    empty = 0  # empty rows not yet kept: a sheet formatted far down ends at its last value
    for values in source:
        row = list(values)
        while row and (row[-1] is None or (isinstance(row[-1], str) and not row[-1].strip())):
            row.pop()
        if not row:
            empty += 1
            continue
        rows.extend([] for _ in range(empty))
        empty = 0
        rows.append(row)
        filled += 1
        if filled > MAX_ROWS + 50:
            raise Refused(Reason.TOO_MANY_ROWS, name, MAX_ROWS)  # the header, a title above
    return rows


def _merges(book, ws) -> list[Merge]:
    """Merged ranges: read-only worksheets do not parse them, so read the sheet's XML."""
    try:
        with book._archive.open(ws._worksheet_path) as f:
            data = f.read()
    except (AttributeError, KeyError):
        return []
    return [
        Merge(int(r1), _column_number(c1), int(r2), _column_number(c2))
        for c1, r1, c2, r2 in _MERGE.findall(data)
    ]


# --- CSV ---------------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    """UTF-8 with or without its BOM, UTF-16 (Excel's Unicode Text), else Windows-1258 (what
    a Vietnamese Windows's Excel writes as "CSV")."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise Refused(Reason.UNKNOWN_ENCODING) from exc
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise Refused(Reason.UNKNOWN_ENCODING)


def _read_csv(path: Path) -> Sheet:
    text = _decode(path.read_bytes())
    sample = "\n".join(text.splitlines()[:50])
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, ",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        rows = _sheet_rows(reader, path.name)
    except csv.Error as exc:
        raise Refused(Reason.DAMAGED) from exc
    return Sheet(path.stem, rows)
