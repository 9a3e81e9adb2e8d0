"""A spreadsheet file as rows of cell values: XLSX (openpyxl, read-only), XLS (Excel 97-2003,
xlrd) or CSV in the encodings a Vietnamese Windows writes. The kind of file is told by its
content, not its name, and a file that cannot be read is refused with a reason the screen
words for the user. Text read in the wrong encoding (mojibake: "Nguyá»…n") is told from
Vietnamese, so a CSV whose encoding is not sure is put to the user instead of guessed."""

from __future__ import annotations

import contextlib
import csv
import io
import re
import zipfile
from collections.abc import Iterable
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
    OPEN_DOCUMENT = "open_document"  # .ods: LibreOffice
    ENCRYPTED = "encrypted"
    UNKNOWN_ENCODING = "unknown_encoding"
    UNSURE_ENCODING = "unsure_encoding"  # EncodingUnsure: the user chooses
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
    encoding: str = ""  # a CSV's, as read


@dataclass(slots=True)
class Decoding:
    """A CSV read in one encoding, and how many of its rows still look garbled."""

    encoding: str  # a Python codec name: "utf-8", "cp1258"
    sheet: Sheet
    garbled: int


class EncodingUnsure(Refused):
    """A CSV that reads as garbled text in every encoding it could be in: the user chooses,
    seeing a few names as each would read them. `choices`: the least garbled first."""

    def __init__(self, choices: list[Decoding]) -> None:
        super().__init__(Reason.UNSURE_ENCODING)
        self.choices = choices


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


def read_sheets(path: Path, encoding: str | None = None) -> list[Sheet]:
    """Every visible sheet of an XLSX or XLS, or the one table of a CSV (read in `encoding`
    when given, else in the one its text reads right in). Raises Refused, EncodingUnsure."""
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
        sheets = _read_xls(path.read_bytes())
    elif head.startswith(_ZIP):
        sheets = _read_xlsx(path)
    elif path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods") or _binary(path):
        raise Refused(Reason.NOT_A_SPREADSHEET)
    else:
        sheets = [_read_csv(path, encoding)]
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


# --- XLS (Excel 97-2003) -----------------------------------------------------------------------


def _read_xls(data: bytes) -> list[Sheet]:
    """An Excel 97-2003 workbook, by xlrd: communes still keep their lists in .xls. An OLE
    file that holds an encrypted XLSX is refused as protected, before xlrd is asked."""
    if _ENCRYPTED in data:
        raise Refused(Reason.ENCRYPTED)
    import xlrd  # type: ignore[import-untyped]  # no stubs; imported only for an .xls

    try:
        # formatting_info: without it xlrd skips the merged ranges; logfile: its warnings.
        book = xlrd.open_workbook(
            file_contents=data, formatting_info=True, on_demand=True, logfile=io.StringIO()
        )
    except xlrd.XLRDError as exc:
        text = str(exc).lower()
        if "encrypted" in text:
            raise Refused(Reason.ENCRYPTED) from exc
        if "find workbook" in text:
            raise Refused(Reason.NOT_A_SPREADSHEET) from exc  # a Word 97-2003 document
        raise Refused(Reason.DAMAGED) from exc
    except Exception as exc:  # xlrd raises many kinds (struct, assert) on a broken file
        raise Refused(Reason.DAMAGED) from exc
    try:
        sheets = []
        for index in range(book.nsheets):
            ws = book.sheet_by_index(index)
            if ws.visibility != 0:
                continue
            rows = _sheet_rows((_xls_row(book, ws, r) for r in range(ws.nrows)), ws.name)
            merges = [Merge(r1 + 1, c1 + 1, r2, c2) for r1, r2, c1, c2 in ws.merged_cells]
            sheets.append(Sheet(ws.name, rows, merges))
        return sheets
    except Refused:
        raise
    except Exception as exc:
        raise Refused(Reason.DAMAGED) from exc
    finally:
        book.release_resources()


def _xls_row(book, ws, row: int) -> list[object]:
    """A row's values as openpyxl gives them: a date cell as a datetime (xlrd's xldate, in
    the book's 1900 or 1904 calendar), an error or an empty cell as None."""
    import xlrd

    values: list[object] = []
    for cell in ws.row(row):
        kind, value = cell.ctype, cell.value
        if kind == xlrd.XL_CELL_DATE:
            # A day number no calendar has stays a number: the birth year check reports it.
            with contextlib.suppress(xlrd.xldate.XLDateError, ValueError, OverflowError):
                value = xlrd.xldate.xldate_as_datetime(value, book.datemode)
        elif kind == xlrd.XL_CELL_BOOLEAN:
            value = bool(value)
        elif kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
            value = None
        values.append(value)
    return values


# --- garbled text ------------------------------------------------------------------------------

# What text read in the wrong encoding leaves (no library in the venv does it for Vietnamese;
# ftfy's badness() would be the one to add): each rule never meets Vietnamese, which is ASCII
# and the letters below, so a real name is never taken for a garbled one.
_VIETNAMESE_LATIN1 = set("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýÐð")  # Ð: a look-alike of Đ
_CP1252_SPECIALS = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_STRANGE = {
    ch
    for ch in [chr(c) for c in range(0xA1, 0x100)] + list(_CP1252_SPECIALS)
    if ch not in _VIETNAMESE_LATIN1
}
_LOST = re.compile(r"[^\W\d_]\?+[^\W\d_]")  # "Nguy?n": a letter the code page did not have
_RUN = re.compile(
    "[\u0080-\u00ff" + _CP1252_SPECIALS + "ĂăƠơƯưĐđ₫\u0300\u0301\u0303\u0309\u0323]{2,}"
)


def garbled(text: str) -> bool:
    """Whether `text` is mojibake: UTF-8 read as Windows-1252/1258 ("Nguyá»…n"), TCVN3 read as
    Windows-1258 ("NguyÔn V¨n"), letters a code page lost ("Nguy?n"), bytes no encoding had
    (U+FFFD), or control characters. VNI, whose letters are Vietnamese ones in the wrong
    places ("Nguyeãn"), is not told apart."""
    if not text or text.isascii():
        return "?" in text and _LOST.search(text) is not None
    if "\ufffd" in text or any("\x80" <= ch <= "\x9f" for ch in text):
        return True
    if _LOST.search(text):
        return True
    for i, ch in enumerate(text):
        # A foreign letter by a letter ("TrÇn", "Lª"), a symbol between two ("V¨n"); "37°C"
        # in a note is not garbled.
        if ch in _STRANGE:
            before = i > 0 and text[i - 1].isalpha()
            after = i + 1 < len(text) and text[i + 1].isalpha()
            if (before and after) or (ch.isalpha() and (before or after)):
                return True
    for run in _RUN.findall(text):
        # UTF-8 bytes shown one by one: they read back as UTF-8. Vietnamese letters are
        # bytes 0xC0 and above in both code pages, which UTF-8 never puts one after another.
        for page in ("cp1252", "cp1258"):
            try:
                if run.encode(page).decode("utf-8") != run:
                    return True
            except UnicodeError:
                continue
    return False


def garbled_rows(rows: Iterable[Iterable[object]]) -> int:
    return sum(1 for row in rows if any(isinstance(v, str) and garbled(v) for v in row))


# --- CSV ---------------------------------------------------------------------------------------


# The encodings a CSV made on a Vietnamese Windows is in, the likeliest first: "CSV UTF-8",
# and "CSV" as Excel writes it on a Vietnamese Windows. TCVN3 and VNI, the old font
# encodings, have no codec: their text reads garbled and the user is told to convert it.
ENCODINGS = ("utf-8", "cp1258")


def _read_csv(path: Path, encoding: str | None) -> Sheet:
    """The table, in `encoding` (its unreadable bytes shown as U+FFFD, then reported on
    their rows), or in the first encoding it reads right in; when none does, the user
    chooses (EncodingUnsure)."""
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:  # UTF-16: Excel's "Unicode Text"; its BOM says so
            return _table(data.decode("utf-16"), path, "utf-16")
        except UnicodeDecodeError as exc:
            raise Refused(Reason.UNKNOWN_ENCODING) from exc
    if data.startswith(b"\xef\xbb\xbf") and encoding is None:
        encoding = "utf-8"  # "CSV UTF-8" has its BOM
    if encoding is not None:
        codec = "utf-8-sig" if encoding == "utf-8" else encoding
        return _table(data.decode(codec, errors="replace"), path, encoding)
    choices = []
    for name in ENCODINGS:
        text = data.decode(name, errors="replace")
        sheet = _table(text, path, name)
        bad = garbled_rows(sheet.rows)
        if bad == 0:
            return sheet
        choices.append(Decoding(name, sheet, bad))
    choices.sort(key=lambda c: c.garbled)  # stable: UTF-8 first on a tie
    raise EncodingUnsure(choices)


def _table(text: str, path: Path, encoding: str) -> Sheet:
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
    return Sheet(path.stem, rows, encoding=encoding)
