"""A real Excel 97-2003 (.xls) file, written here: no xls writer is installed (xlwt is gone,
LibreOffice is not on the test machines). The smallest file Excel and xlrd open: an OLE2
compound document (one 512-byte-sector FAT, one directory sector) holding a BIFF8 "Workbook"
stream with a globals part (fonts, cell formats, the sheets) and each sheet's cells (numbers,
Unicode text, dates as a number under a date format, merged ranges).

Specifications: [MS-CFB] (the container) and [MS-XLS] (the records), both Microsoft's."""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from datetime import date, datetime

SECTOR = 512
END_OF_CHAIN, FAT_SECTOR, FREE, NO_STREAM = 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF, 0xFFFFFFFF
DATE_XF = 17  # the cell format of a date: built-in number format 14, "d/m/yyyy" in Vietnam
_EXCEL_EPOCH = date(1899, 12, 30)


@dataclass
class XlsSheet:
    name: str
    rows: list[list[object]]  # None: no cell; int/float; str; date/datetime
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, r2, c1, c2
    hidden: bool = False


def record(kind: int, data: bytes) -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def unicode_string(text: str, length_bytes: int) -> bytes:
    """A BIFF8 string: its length in characters, a flag byte (1: UTF-16LE), the characters."""
    encoded = text.encode("utf-16-le")
    size = struct.pack("<B" if length_bytes == 1 else "<H", len(encoded) // 2)
    return size + b"\x01" + encoded


def _bof(kind: int) -> bytes:
    return record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 0x06))


def _font() -> bytes:
    return record(
        0x0031,
        struct.pack("<HHHHHBBBB", 200, 0, 0x7FFF, 400, 0, 0, 0, 0, 0) + unicode_string("Arial", 1),
    )


def _xf(number_format: int, style: bool) -> bytes:
    # font 0, the number format, locked; a style XF has its own bit and no parent (0xFFF)
    kind = 0xFFF5 if style else 0x0001
    return record(
        0x00E0, struct.pack("<HHHBBBBIiH", 0, number_format, kind, 0x20, 0, 0, 0, 0, 0, 0x20C0)
    )


def _cells(sheet: XlsSheet) -> bytes:
    out = []
    for r, row in enumerate(sheet.rows):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, datetime | date):
                day = value.date() if isinstance(value, datetime) else value
                serial = float((day - _EXCEL_EPOCH).days)
                out.append(record(0x0203, struct.pack("<HHHd", r, c, DATE_XF, serial)))
            elif isinstance(value, int | float):
                out.append(record(0x0203, struct.pack("<HHHd", r, c, 15, float(value))))
            else:
                label = struct.pack("<HHH", r, c, 15) + unicode_string(str(value), 2)
                out.append(record(0x0204, label))  # LABEL: xlrd and Excel read it as text
    return b"".join(out)


def _sheet_stream(sheet: XlsSheet) -> bytes:
    width = max((len(r) for r in sheet.rows), default=0)
    parts = [_bof(0x0010), record(0x0200, struct.pack("<IIHHH", 0, len(sheet.rows), 0, width, 0))]
    parts.append(_cells(sheet))
    if sheet.merges:
        ranges = b"".join(struct.pack("<HHHH", *m) for m in sheet.merges)
        parts.append(record(0x00E5, struct.pack("<H", len(sheet.merges)) + ranges))
    parts.append(record(0x000A, b""))
    return b"".join(parts)


def workbook_stream(sheets: list[XlsSheet]) -> bytes:
    head = [
        _bof(0x0005),
        record(0x0042, struct.pack("<H", 1200)),  # CODEPAGE: UTF-16
        record(0x0022, struct.pack("<H", 0)),
    ]  # DATEMODE: the 1900 calendar
    head += [_font() for _ in range(5)]  # font 4 does not exist in BIFF: five make 0-3 and 5
    head += [_xf(0, style=True) for _ in range(15)]  # Excel's 15 style XFs
    head += [_xf(0, style=False), _xf(0, style=False), _xf(14, style=False)]  # 15, 16, 17
    bodies = [_sheet_stream(s) for s in sheets]
    names = [unicode_string(s.name, 1) for s in sheets]
    size = sum(len(h) for h in head) + sum(4 + 6 + len(n) for n in names) + 4  # + EOF
    offset, bound = size, []
    for sheet, name, body in zip(sheets, names, bodies, strict=True):
        bound.append(record(0x0085, struct.pack("<IBB", offset, int(sheet.hidden), 0) + name))
        offset += len(body)
    return b"".join([*head, *bound, record(0x000A, b""), *bodies])


def _directory_entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB", len(encoded), kind, 1)  # name length, type, black
        + struct.pack("<III", NO_STREAM, NO_STREAM, child)  # left, right, child
        + b"\0" * 16  # class id
        + struct.pack("<I", 0)  # state bits
        + b"\0" * 16  # created, modified
        + struct.pack("<IQ", start, size)
    )


def compound_file(stream_name: str, stream: bytes) -> bytes:
    """One stream in an OLE2 file, in full sectors (4096 bytes or more: no mini stream)."""
    stream = stream.ljust(max(4096, -(-len(stream) // SECTOR) * SECTOR), b"\0")
    count = len(stream) // SECTOR
    directory, fat = count, count + 1
    assert fat < SECTOR // 4, "one FAT sector: a small workbook"
    entries = [i + 1 for i in range(count - 1)] + [END_OF_CHAIN, END_OF_CHAIN, FAT_SECTOR]
    fat_sector = struct.pack(f"<{SECTOR // 4}I", *entries, *[FREE] * (SECTOR // 4 - len(entries)))
    root = _directory_entry("Root Entry", 5, 1, END_OF_CHAIN, 0)
    entry = _directory_entry(stream_name, 2, NO_STREAM, 0, len(stream))
    empty = _directory_entry("", 0, NO_STREAM, 0, 0)
    header = (
        bytes.fromhex("d0cf11e0a1b11ae1")
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6)  # version 3, 512-byte sectors
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, directory, 0, 4096, END_OF_CHAIN, 0, END_OF_CHAIN, 0)
        + struct.pack("<109I", fat, *[FREE] * 108)
    )
    return header + stream + root + entry + empty + empty + fat_sector


def xls(sheets: list[XlsSheet]) -> bytes:
    return compound_file("Workbook", workbook_stream(sheets))
