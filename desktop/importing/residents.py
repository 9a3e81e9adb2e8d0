"""Residents from a spreadsheet: which column holds what (by its Vietnamese header, with or
without diacritics), each row read as a resident and checked, and the likely duplicates of
people already recorded or of an earlier row of the file. No Qt, no SQL: the screen shows the
plan, the store writes the chosen rows."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import IntEnum, StrEnum

from desktop.importing.reading import Reason, Refused, Sheet, column_letter
from sotay.domain.models import Gender, Neighbourhood, Resident
from sotay.domain.text import clean, clean_note, fold
from sotay.domain.validation import MIN_BIRTH_YEAR, Problem, check_resident

FIELDS = ("full_name", "gender", "birth_year", "neighbourhood", "phone", "note")

# Headers as lists write them, folded (no diacritics, lower case, words only). Whole-header
# matches; the longer ones also match inside a longer header ("Họ và tên người dân").
_HEADERS: dict[str, tuple[str, ...]] = {
    "full_name": ("ho va ten", "ho ten", "ten", "full name", "name", "ten nguoi dan", "hoten"),
    "gender": ("gioi tinh", "gioi", "phai", "gender", "sex", "nam nu", "gt"),
    "birth_year": (
        "nam sinh",
        "ngay sinh",
        "ngay thang nam sinh",
        "sinh nam",
        "ns",
        "birth year",
        "year of birth",
        "date of birth",
    ),
    "neighbourhood": (
        "khu pho ap",
        "khu pho",
        "ap",
        "thon",
        "to dan pho",
        "ban",
        "xom",
        "khu pho thon",
        "thon ap",
        "ap khu pho",
        "neighbourhood",
    ),
    "phone": ("so dien thoai", "dien thoai", "sdt", "so dt", "dt", "phone", "di dong"),
    "note": ("ghi chu", "note", "notes"),
}
_INSIDE = {f: tuple(h for h in hs if " " in h and len(h) > 6) for f, hs in _HEADERS.items()}
_WORDS = re.compile(r"[^0-9a-z]+")
HEADER_SCAN = 30  # rows looked at for the header: a title and a date may come first


def header_key(value: object) -> str:
    return _WORDS.sub(" ", fold(str(value))).strip() if value is not None else ""


def header_field(value: object) -> str | None:
    key = header_key(value)
    if not key:
        return None
    for name, known in _HEADERS.items():
        if key in known:
            return name
    for name, known in _INSIDE.items():
        if any(f" {h} " in f" {key} " for h in known):
            return name
    return None


@dataclass(slots=True)
class Layout:
    """Where the table sits in its sheet: its header row and a column (0-based) per field."""

    header_row: int  # 0-based index into sheet.rows; -1 when there is no header
    columns: dict[str, int]
    headers: list[str]  # the header row's texts, for the column choices

    @property
    def first_data_row(self) -> int:
        return self.header_row + 1


def find_layout(sheet: Sheet) -> Layout:
    """The row whose cells name the most fields; its columns matched to them."""
    best: tuple[int, int, dict[str, int]] | None = None
    for index, row in enumerate(sheet.rows[:HEADER_SCAN]):
        columns: dict[str, int] = {}
        for col, value in enumerate(row):
            name = header_field(value)
            if name is not None and name not in columns:
                columns[name] = col
        score = len(columns) + (1 if "full_name" in columns else 0)
        if columns and (best is None or score > best[0]):
            best = (score, index, columns)
    if best is None:  # no header: the columns are chosen by hand, the data from row 1
        width = max((len(r) for r in sheet.rows[:HEADER_SCAN]), default=0)
        return Layout(-1, {}, [""] * width)
    _, index, columns = best
    return Layout(
        index, columns, [clean(str(v)) if v is not None else "" for v in sheet.rows[index]]
    )


def best_sheet(sheets: Sequence[Sheet]) -> int:
    """The sheet that looks most like a list of people: most fields named, a name first."""

    def score(sheet: Sheet) -> tuple[bool, int, int]:
        columns = find_layout(sheet).columns
        return ("full_name" in columns, len(columns), len(sheet.rows))

    return max(range(len(sheets)), key=lambda i: score(sheets[i]))


def column_names(layout: Layout, sheet: Sheet) -> list[str]:
    """'C · Họ và tên' for each column the data has: the letter is what Excel shows."""
    width = max((len(r) for r in sheet.rows), default=0)
    width = max(width, len(layout.headers))
    names = []
    for col in range(width):
        header = layout.headers[col] if col < len(layout.headers) else ""
        names.append(f"{column_letter(col + 1)} · {header}" if header else column_letter(col + 1))
    return names


def data_start(layout: Layout, sheet: Sheet) -> int:
    """The first data row (0-based). A header cell merged over two rows (a sub-header under
    it) pushes the data down; a header merged across columns cannot be matched: refused."""
    start = layout.first_data_row
    excel_row = layout.header_row + 1
    for m in sheet.merges:
        if m.first_row <= excel_row <= m.last_row:
            if m.first_col != m.last_col:
                raise Refused(Reason.MERGED_HEADER, m.ref)
            start = max(start, m.last_row)
    return start


def _filled_merges(sheet: Sheet, start: int) -> dict[int, dict[int, object]]:
    """Cells under a merge in the data (a neighbourhood merged down over its people): each
    takes the merge's value. 0-based row -> column -> value."""
    filled: dict[int, dict[int, object]] = {}
    for m in sheet.merges:
        if m.last_row - 1 < start:
            continue
        top = m.first_row - 1
        row = sheet.rows[top] if top < len(sheet.rows) else []
        value = row[m.first_col - 1] if m.first_col - 1 < len(row) else None
        for r in range(max(top, start), m.last_row):
            cells = filled.setdefault(r, {})
            for c in range(m.first_col - 1, m.last_col):
                cells[c] = value
    return filled


# --- one row -----------------------------------------------------------------------------------


class Status(IntEnum):
    """A row's state in the preview, worst last."""

    READY = 0
    PROBLEM = 1  # a field could not be read: imported without it if chosen
    DUPLICATE = 2  # likely someone already recorded, or an earlier row
    ERROR = 3  # cannot be imported (no name)


class Issue(StrEnum):
    NAME_MISSING = "name_missing"
    NAME_INVALID = "name_invalid"
    NAME_TOO_LONG = "name_too_long"
    GENDER_UNKNOWN = "gender_unknown"
    BIRTH_YEAR_INVALID = "birth_year_invalid"
    PHONE_INVALID = "phone_invalid"
    NOTE_TOO_LONG = "note_too_long"


@dataclass(slots=True)
class Row:
    line: int  # the row's number in the file, as Excel shows it
    resident: Resident
    neighbourhood: str  # as the file wrote it, cleaned
    issues: list[tuple[Issue, str]] = field(default_factory=list)  # (issue, the cell's text)
    same_as: str = ""  # the existing resident it may be: "Name (1958, Ấp 3)"
    same_line: int = 0  # or the earlier row of the file
    chosen: bool = True
    cells: dict[str, str] = field(default_factory=dict)  # the file's text, by field

    @property
    def status(self) -> Status:
        if any(i in _FATAL for i, _ in self.issues):
            return Status.ERROR
        if self.same_as or self.same_line:
            return Status.DUPLICATE
        return Status.PROBLEM if self.issues else Status.READY


_FATAL = (Issue.NAME_MISSING, Issue.NAME_INVALID, Issue.NAME_TOO_LONG)

_MALE = {"nam", "male", "m", "ong", "trai"}
_FEMALE = {"nu", "female", "f", "ba", "gai"}
_DATE = re.compile(r"^(?:(\d{1,2})[/.\-])?(?:(\d{1,2})[/.\-])?(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})")
_EXCEL_EPOCH = date(1899, 12, 30)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 1958.0, 912345678.0: numbers as Excel stores them
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return clean(str(value))


def read_gender(value: object) -> Gender | str | None:
    """Gender, None when blank, or the text back when it is not understood."""
    text = _text(value)
    key = header_key(text)
    if not key:
        return None
    if key in _MALE:
        return Gender.MALE
    if key in _FEMALE:
        return Gender.FEMALE
    return text


def read_birth_year(value: object, today: date) -> int | str | None:
    """A year from a year (1958, "1958"), a date (a date cell, "15/03/1958", "1958-03-15"),
    or a date as Excel's day number; None when blank; the text back when it is none of them."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime | date):
        return value.year
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer():
            number = int(value)
            if MIN_BIRTH_YEAR <= number <= today.year:
                return number
            serial_today = (today - _EXCEL_EPOCH).days
            if 1 < number <= serial_today and number > today.year:
                # A date cell read without its format (a CSV of dates): a day number.
                from datetime import timedelta

                return (_EXCEL_EPOCH + timedelta(days=number)).year
        return _text(value)
    text = _text(value)
    if (m := _ISO.match(text)) is not None:
        return int(m.group(1))
    if (m := _DATE.match(text)) is not None:
        return int(m.group(3))
    if text.isascii() and text.isdecimal():
        return read_birth_year(int(text), today)
    return text


def read_phone(value: object) -> str:
    text = _text(value)
    if not any(ch.isdigit() for ch in text):
        return ""  # "không", "chưa có", "-": no number
    return text


def read_row(line: int, cells: Sequence[object], columns: dict[str, int], today: date) -> Row:
    def cell(name: str) -> object:
        col = columns.get(name)
        return cells[col] if col is not None and col < len(cells) else None

    issues: list[tuple[Issue, str]] = []
    gender = read_gender(cell("gender"))
    if gender is not None and not isinstance(gender, Gender):
        issues.append((Issue.GENDER_UNKNOWN, gender))
        gender = None
    year = read_birth_year(cell("birth_year"), today)
    resident = Resident(
        full_name=_text(cell("full_name")),
        gender=gender,
        birth_year=year,  # type: ignore[arg-type]  # a str is reported by the check
        phone=read_phone(cell("phone")),
        note=clean_note(_text(cell("note"))),
    )
    typed_phone = resident.phone
    for error in check_resident(resident, today):
        if error.field == "full_name":
            issue = {
                Problem.REQUIRED: Issue.NAME_MISSING,
                Problem.TOO_LONG: Issue.NAME_TOO_LONG,
            }.get(error.problem, Issue.NAME_INVALID)
            issues.append((issue, resident.full_name))
        elif error.field == "birth_year":
            issues.append((Issue.BIRTH_YEAR_INVALID, str(resident.birth_year)))
            resident.birth_year = None
        elif error.field == "phone":
            issues.append((Issue.PHONE_INVALID, typed_phone))
            resident.phone = ""
        elif error.field == "note":
            issues.append((Issue.NOTE_TOO_LONG, ""))
    cells_read = {name: _text(cell(name)) for name in FIELDS if name in columns}
    return Row(line, resident, _text(cell("neighbourhood")), issues, cells=cells_read)


# --- the whole file ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Known:
    """A resident already recorded, as the duplicate check needs them."""

    name_folded: str
    birth_year: int | None
    phone: str
    label: str  # "Nguyễn Văn An (1958, Ấp 3)"


@dataclass(slots=True)
class Plan:
    rows: list[Row]
    new_neighbourhoods: dict[str, str]  # folded name -> the name as first written
    blank: int = 0  # empty rows skipped

    def count(self, status: Status) -> int:
        return sum(1 for r in self.rows if r.status == status)

    def chosen(self) -> list[Row]:
        return [r for r in self.rows if r.chosen and r.status != Status.ERROR]


def make_plan(
    sheet: Sheet,
    layout: Layout,
    known: Iterable[Known],
    neighbourhoods: Iterable[Neighbourhood],
    today: date,
) -> Plan:
    """Each data row read and checked; duplicates found; ready rows chosen, others not."""
    start = data_start(layout, sheet)
    merged = _filled_merges(sheet, start)
    by_name: dict[tuple[str, int], str] = {}
    by_phone: dict[str, str] = {}
    for k in known:
        if k.birth_year is not None:
            by_name.setdefault((k.name_folded, k.birth_year), k.label)
        if k.phone:
            by_phone.setdefault(k.phone, k.label)
    ours = {fold(n.name): n for n in neighbourhoods}
    new: dict[str, str] = {}
    seen_name: dict[tuple[str, int], int] = {}
    seen_phone: dict[str, int] = {}
    rows: list[Row] = []
    blank = 0
    for index in range(start, len(sheet.rows)):
        cells = sheet.rows[index]
        if (under := merged.get(index)) is not None:
            width = max(len(cells), max(under) + 1)
            cells = [under.get(c, cells[c] if c < len(cells) else None) for c in range(width)]
        if not any(_text(v) for v in cells):
            blank += 1
            continue
        row = read_row(index + 1, cells, layout.columns, today)
        r = row.resident
        if row.neighbourhood:
            key = fold(row.neighbourhood)
            if key in ours:
                r.neighbourhood_id = ours[key].id
            else:
                new.setdefault(key, row.neighbourhood)
        if row.status != Status.ERROR:
            name_key = (fold(r.full_name), r.birth_year) if r.birth_year is not None else None
            if name_key is not None and name_key in by_name:
                row.same_as = by_name[name_key]
            elif r.phone and r.phone in by_phone:
                row.same_as = by_phone[r.phone]
            elif name_key is not None and name_key in seen_name:
                row.same_line = seen_name[name_key]
            elif r.phone and r.phone in seen_phone:
                row.same_line = seen_phone[r.phone]
            if name_key is not None:
                seen_name.setdefault(name_key, row.line)
            if r.phone:
                seen_phone.setdefault(r.phone, row.line)
        row.chosen = row.status == Status.READY
        rows.append(row)
    return Plan(rows, new, blank)


def to_write(plan: Plan) -> tuple[list[Resident], list[Neighbourhood]]:
    """The chosen residents, and the neighbourhoods the file named that the team does not
    have yet (made with them, so the residents point at them)."""
    made: dict[str, Neighbourhood] = {}
    residents = []
    for row in plan.chosen():
        key = fold(row.neighbourhood)
        if row.neighbourhood and key in plan.new_neighbourhoods:
            if key not in made:
                made[key] = Neighbourhood(name=plan.new_neighbourhoods[key])
            row.resident.neighbourhood_id = made[key].id
        residents.append(row.resident)
    return residents, list(made.values())
