"""Residents from a spreadsheet: which column holds what (by its Vietnamese header, with or
without diacritics), each row read as a resident and checked, the rows that are not people
(the place, date, signatures and totals under a commune's list), and the likely duplicates of
people already recorded or of an earlier row of the file. No Qt, no SQL: the screen shows the
plan, the store writes the chosen rows."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import IntEnum, StrEnum

from desktop.importing.reading import Decoding, Reason, Refused, Sheet, column_letter, garbled
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
    ERROR = 3  # cannot be imported (no name, garbled letters)
    NOT_PERSON = 4  # the list's footer or a total: shown, never imported


class NotPerson(StrEnum):
    """Why a row is not a person: what a commune's list has under its people."""

    PLACE_DATE = "place_date"  # "Minh Đức, ngày 15 tháng 11 năm 2026"
    SIGNER = "signer"  # "NGƯỜI LẬP BIỂU", "TỔ TRƯỞNG", "XÁC NHẬN CỦA UBND XÃ"
    SIGNATURE = "signature"  # "(Ký, ghi rõ họ tên)"
    TOTAL = "total"  # "Tổng cộng: 120 người"
    SIGNER_NAME = "signer_name"  # a name alone under the footer: who signed


class Issue(StrEnum):
    NAME_MISSING = "name_missing"
    NAME_INVALID = "name_invalid"
    NAME_TOO_LONG = "name_too_long"
    GENDER_UNKNOWN = "gender_unknown"
    BIRTH_YEAR_INVALID = "birth_year_invalid"
    PHONE_INVALID = "phone_invalid"
    NOTE_TOO_LONG = "note_too_long"
    GARBLED = "garbled"  # read in the wrong encoding: "Nguyá»…n"


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
    not_person: NotPerson | None = None

    @property
    def status(self) -> Status:
        if self.not_person is not None:
            return Status.NOT_PERSON
        if any(i in _FATAL for i, _ in self.issues):
            return Status.ERROR
        if self.same_as or self.same_line:
            return Status.DUPLICATE
        return Status.PROBLEM if self.issues else Status.READY


# Garbled letters would be recorded as such, and read by no one: never imported.
_FATAL = (Issue.NAME_MISSING, Issue.NAME_INVALID, Issue.NAME_TOO_LONG, Issue.GARBLED)

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
    for name in ("full_name", "neighbourhood", "note"):
        value = cell(name)  # as decoded: cleaning drops the control characters it may hold
        if isinstance(value, str) and garbled(value):
            issues.append((Issue.GARBLED, _text(value)))
            break
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


# --- rows that are not people -----------------------------------------------------------------

# What a commune's list has under its people, folded (header_key). Titles match the whole cell
# (a title, or a title and whose: "TỔ TRƯỞNG TỔ CNSCĐ", "TM. UBND XÃ"), so that "Tô Trường
# Giang" and "Tống Văn Công" stay people.
_TITLES = (
    r"nguoi lap( bieu| danh sach| bang)?",
    r"nguoi (duyet|kiem tra|tong hop)",
    r"(to truong|to pho|truong (khu pho|ap|thon|ban|xom|khu|to dan pho))"
    r"( \d+| (to|khu|ap|thon|ban|xom)\b.*)?",
    r"xac nhan( cua\b.*)?",
    r"(tm|kt|tl|tuq) .+",  # "TM. UBND XÃ": on behalf of
    r"(pho )?chu tich( (ubnd|uy ban|xa|phuong|mttq|hoi)\b.*)?",
    r"bi thu( (chi bo|dang uy)\b.*)?",
    r"(can bo|cong chuc)( .*)?",
    r"(ubnd|uy ban nhan dan)( .*)?",
    r"thu truong( don vi)?",
    r"(dai dien|lanh dao)( .*)?",
)
_FOOTER: tuple[tuple[NotPerson, re.Pattern[str]], ...] = (
    (
        NotPerson.PLACE_DATE,  # "ngày ... tháng ... năm 2026", "ngày 15/11/2026"
        re.compile(
            r"\bngay( \d{1,2})? thang( \d{1,2})? nam\b(?! sinh)|\bngay \d{1,2} \d{1,2} \d{4}\b"
        ),
    ),
    (NotPerson.SIGNER, re.compile("^(?:" + "|".join(_TITLES) + ")$")),
    (NotPerson.SIGNATURE, re.compile(r"^(da )?ky( va| ten| ghi ro| ho| dong dau| ghi)+$|^da ky$")),
    (
        NotPerson.TOTAL,  # a count with it: "Tống Văn Công" is a name
        re.compile(r"^(tong cong|tong so|tong|cong|total)\b.*\d|^(tong cong|tong so|total)$"),
    ),
)


def footer_kind(text: str) -> NotPerson | None:
    """What part of a list's footer the cell's text is, if any."""
    key = header_key(text)
    if not key:
        return None
    for kind, pattern in _FOOTER:
        if pattern.search(key):
            return kind
    return None


def _footer(cells: Sequence[object], columns: dict[str, int]) -> NotPerson | None:
    """The footer part a row holds. A note may say "ngày 5 tháng 11 năm 2026" of a person:
    its column counts only on a row with no name."""
    note, name = columns.get("note"), columns.get("full_name")
    named = name is not None and name < len(cells) and bool(_text(cells[name]))
    for col, value in enumerate(cells):
        if value is None or (col == note and named):
            continue
        if (kind := footer_kind(_text(value))) is not None:
            return kind
    return None


def _has_data(row: Row) -> bool:
    """A gender, a birth year or a phone the file gave and the check kept: what a person's
    row has and a footer's does not."""
    r = row.resident
    return r.gender is not None or r.birth_year is not None or bool(r.phone)


def _mark_not_people(rows: list[Row], footers: list[NotPerson | None]) -> None:
    """The footer's rows, and the rows with no data under the footer: the signers' names,
    written alone under their titles. The footer starts at its first row after the last
    row with a person's data and after the first person: a name alone above it, among
    people after a subtotal, or under a date written below the header, is a person."""
    for row, kind in zip(rows, footers, strict=True):
        if kind is not None and not _has_data(row):
            row.not_person = kind
    last_data = max((i for i, r in enumerate(rows) if _has_data(r)), default=-1)
    first_person = next((i for i, r in enumerate(rows) if r.not_person is None), len(rows))
    after = max(last_data, first_person)
    start = next((i for i, r in enumerate(rows) if i > after and r.not_person is not None), None)
    if start is None:
        return
    for row in rows[start:]:
        if row.not_person is None:  # no data: the last data row is above
            row.not_person = NotPerson.SIGNER_NAME


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
    # Named by a row that can be imported (not a footer's, not a garbled one), that the team
    # does not have: folded name -> the name as first written.
    new_neighbourhoods: dict[str, str]
    blank: int = 0  # empty rows skipped

    def count(self, status: Status) -> int:
        return sum(1 for r in self.rows if r.status == status)

    def chosen(self) -> list[Row]:
        return [r for r in self.rows if r.chosen and r.status < Status.ERROR]

    def neighbourhoods_to_add(self) -> list[str]:
        """The new neighbourhoods the chosen rows name: those an import would make."""
        keys = {fold(r.neighbourhood) for r in self.chosen() if r.neighbourhood}
        return sorted(name for key, name in self.new_neighbourhoods.items() if key in keys)


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
    footers: list[NotPerson | None] = []
    blank = 0
    for index in range(start, len(sheet.rows)):
        cells = sheet.rows[index]
        if (under := merged.get(index)) is not None:
            width = max(len(cells), max(under) + 1)
            cells = [under.get(c, cells[c] if c < len(cells) else None) for c in range(width)]
        if not any(_text(v) for v in cells):
            blank += 1
            continue
        rows.append(read_row(index + 1, cells, layout.columns, today))
        footers.append(_footer(cells, layout.columns))
    _mark_not_people(rows, footers)
    for row in rows:
        r = row.resident
        if row.status >= Status.ERROR:
            row.chosen = False
            continue  # neither a neighbourhood to make nor someone to be a duplicate of
        if row.neighbourhood:
            key = fold(row.neighbourhood)
            if key in ours:
                r.neighbourhood_id = ours[key].id
            else:
                new.setdefault(key, row.neighbourhood)
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


def sample_names(choices: Sequence[Decoding], count: int = 4) -> list[list[str]]:
    """A few names as each encoding reads them, for the user to see which reads right: the
    rows they differ on first. The columns are found in the least garbled reading (its
    header is the likeliest to be matched); without a name column, each row's first text."""
    sheets = [c.sheet for c in choices]
    layout = find_layout(sheets[0])
    column = layout.columns.get("full_name")

    def name(sheet: Sheet, index: int) -> str:
        cells = sheet.rows[index] if index < len(sheet.rows) else []
        if column is not None:
            return _text(cells[column]) if column < len(cells) else ""
        return next((t for v in cells if (t := _text(v)) and not t.isdecimal()), "")

    start = layout.first_data_row if layout.header_row >= 0 else 0
    rows = [i for i in range(start, len(sheets[0].rows)) if name(sheets[0], i)]
    differ = [i for i in rows if len({name(s, i) for s in sheets}) > 1]
    picked = sorted((differ + [i for i in rows if i not in differ])[:count])
    return [[name(s, i)[:40] for i in picked] for s in sheets]
