"""Residents imported from real XLSX, XLS and CSV files: headers matched in Vietnamese with and
without diacritics, cells as Excel stores them, CSV in Windows-1258 and UTF-8 with and without
its BOM, garbled text never ready and the encoding put to the user, broken files refused with
a reason, a commune sheet's footer not taken for people, likely duplicates shown, one
transaction reported as written, and the whole flow through the residents screen."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from desktop.importing.reading import MAX_ROWS, Reason, Refused, read_sheets
from desktop.importing.residents import (
    Issue,
    Known,
    Status,
    find_layout,
    header_field,
    make_plan,
    to_write,
)
from desktop.store import commands, queries
from desktop.store.store import Store
from sotay.domain.models import Gender, Neighbourhood, Resident
from tests.biff import XlsSheet, compound_file, xls
from tests.helpers import result

TODAY = date(2026, 11, 23)
HEADER = ["STT", "Họ và tên", "Năm sinh", "Giới tính", "Khu phố / Ấp", "Số điện thoại", "Ghi chú"]
PEOPLE = [
    [1, "Nguyễn Văn An", 1958, "Nam", "Khu phố 3", "0912345678", ""],
    [2, "Trần Thị Bích", 1962, "Nữ", "Khu phố 3", "0987654321", "Cần kính"],
    [3, "Lê Thị Cúc", 1971, "nu", "Ấp Mới", "", ""],
    [4, "Phạm Văn Dũng", 1990, "nam", "Ấp Mới", "0345678901", ""],
]


def xlsx(path: Path, rows: list[list[object]], merges: tuple[str, ...] = ()) -> Path:
    book = Workbook()
    ws = book.active
    ws.title = "Danh sách"
    for row in rows:
        ws.append(row)
    for ref in merges:
        ws.merge_cells(ref)
    book.save(path)
    return path


def plan_of(path: Path, known=(), places=()):
    sheet = read_sheets(path)[0]
    return make_plan(sheet, find_layout(sheet), list(known), list(places), TODAY)


def names(plan) -> list[str]:
    return [r.resident.full_name for r in plan.rows]


# --- columns --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Họ và tên", "full_name"),
        ("HỌ VÀ TÊN", "full_name"),
        ("Ho va ten", "full_name"),
        ("Họ tên người dân", "full_name"),
        ("Năm sinh", "birth_year"),
        ("Nam sinh", "birth_year"),
        ("Ngày, tháng, năm sinh", "birth_year"),
        ("Giới tính", "gender"),
        ("Gioi tinh", "gender"),
        ("Khu phố / Ấp", "neighbourhood"),
        ("Khu pho/Ap", "neighbourhood"),
        ("Thôn", "neighbourhood"),
        ("Số điện thoại", "phone"),
        ("SĐT", "phone"),
        ("So DT", "phone"),
        ("Ghi chú", "note"),
        ("STT", None),
        ("Địa chỉ", None),  # a whole address is not a neighbourhood
        ("Nam", None),  # the gender column's value, not "Năm sinh"
    ],
)
def test_headers_are_matched_with_and_without_diacritics(header, field) -> None:
    assert header_field(header) == field


def test_the_header_row_is_found_under_a_title_and_cells_read_as_excel_stores_them(
    tmp_path,
) -> None:
    rows = [
        ["DANH SÁCH NGƯỜI DÂN THAM GIA BÌNH DÂN HỌC VỤ SỐ"],
        ["Khu phố 3, ngày 20 tháng 11 năm 2026"],
        [],
        HEADER,
        # a year as a number, as a float, as a date cell, as text and as a date in text
        [1, "Nguyễn Văn An", 1958, "Nam", "Khu phố 3", 912345678, None],
        [2, "Trần Thị Bích", 1962.0, "Nữ", "khu pho 3", 987654321.0, None],
        [3, "Lê Thị Cúc", datetime(1971, 3, 15), "nu", "Ấp Mới", "091 234 5679", None],
        [4, "Phạm Văn Dũng", "1990", "NAM", "Ấp Mới", "+84 345 678 901", "đã có VNeID"],
        [5, "Hồ Thị Én", "15/03/1948", "Nữ", "", "không có", None],
        [],
        [6, "  Đỗ   Văn  Phúc ", 23000, "x", "Ấp Mới", "12345", None],  # 23000: a day number
        [7, "", 1970, "Nam", "", "", None],
    ]
    plan = plan_of(xlsx(tmp_path / "list.xlsx", rows), places=[Neighbourhood("Khu phố 3")])
    assert [r.line for r in plan.rows] == [5, 6, 7, 8, 9, 11, 12]
    assert plan.blank == 1
    got = [
        (r.resident.full_name, r.resident.birth_year, r.resident.gender, r.resident.phone)
        for r in plan.rows
    ]
    assert got[:6] == [
        ("Nguyễn Văn An", 1958, Gender.MALE, "0912345678"),  # the leading 0 Excel dropped
        ("Trần Thị Bích", 1962, Gender.FEMALE, "0987654321"),
        ("Lê Thị Cúc", 1971, Gender.FEMALE, "0912345679"),
        ("Phạm Văn Dũng", 1990, Gender.MALE, "0345678901"),
        ("Hồ Thị Én", 1948, Gender.FEMALE, ""),
        ("Đỗ Văn Phúc", 1962, None, ""),
    ]
    assert plan.rows[3].resident.note == "đã có VNeID"
    # "khu pho 3" is the team's Khu phố 3; "Ấp Mới" is new, made with the import.
    assert plan.rows[1].resident.neighbourhood_id == plan.rows[0].resident.neighbourhood_id
    assert plan.new_neighbourhoods == {"ap moi": "Ấp Mới"}
    statuses = [r.status for r in plan.rows]
    assert statuses == [Status.READY] * 5 + [Status.PROBLEM, Status.ERROR]
    assert plan.rows[5].issues == [
        (Issue.GENDER_UNKNOWN, "x"),
        (Issue.PHONE_INVALID, "12345"),
    ]
    assert plan.rows[6].issues == [(Issue.NAME_MISSING, "")]
    # Ready rows are ticked; a row with a problem waits for the user; no name never imports.
    assert [r.chosen for r in plan.rows] == [True] * 5 + [False, False]
    residents, places = to_write(plan)
    assert len(residents) == 5 and [p.name for p in places] == ["Ấp Mới"]
    assert residents[2].neighbourhood_id == places[0].id


def test_a_neighbourhood_merged_down_over_its_people_is_theirs(tmp_path) -> None:
    rows = [HEADER, *[[*p[:4], None, *p[5:]] for p in PEOPLE]]
    rows[1][4] = "Khu phố 3"
    rows[3][4] = "Ấp Mới"
    path = xlsx(tmp_path / "merged.xlsx", rows, merges=("E2:E3", "E4:E5"))
    plan = plan_of(path)
    assert [r.neighbourhood for r in plan.rows] == ["Khu phố 3", "Khu phố 3", "Ấp Mới", "Ấp Mới"]


def test_a_header_merged_over_two_rows_puts_the_data_below_the_second(tmp_path) -> None:
    rows = [HEADER, ["", "", "", "", "", "", ""], *PEOPLE]
    path = xlsx(tmp_path / "tall.xlsx", rows, merges=tuple(f"{c}1:{c}2" for c in "ABCDEFG"))
    assert names(plan_of(path)) == [p[1] for p in PEOPLE]


def test_a_header_merged_across_columns_is_refused_with_the_cells(tmp_path) -> None:
    # "Năm sinh" over a "Nam" and a "Nữ" column: the usual paper layout.
    rows = [
        ["STT", "Họ và tên", "Năm sinh", None, "Khu phố"],
        [None, None, "Nam", "Nữ", None],
        [1, "Nguyễn Văn An", 1958, None, "Khu phố 3"],
    ]
    path = xlsx(tmp_path / "paper.xlsx", rows, merges=("C1:D1",))
    with pytest.raises(Refused) as refused:
        plan_of(path)
    assert refused.value.reason is Reason.MERGED_HEADER and refused.value.detail == "C1:D1"


# --- CSV --------------------------------------------------------------------------------------


def csv_text(delimiter: str = ",") -> str:
    lines = [delimiter.join(HEADER)]
    lines += [delimiter.join(str(v) for v in p) for p in PEOPLE]
    return "\r\n".join(lines) + "\r\n"


def windows_1258(text: str) -> bytes:
    """As Windows writes it: a letter with its vowel mark (â, ơ, ư...) is one byte when the
    code page has it, and the tone follows as a combining mark."""
    out = []
    for ch in text:
        try:
            out.append(ch.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append((base + tones).encode("cp1258"))
    return b"".join(out)


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("cp1258", ","), ("utf-8-sig", ","), ("utf-8", ";"), ("utf-16", "\t")],
)
def test_csv_in_every_encoding_excel_writes_reads_the_same(tmp_path, encoding, delimiter) -> None:
    path = tmp_path / "list.csv"
    text = csv_text(delimiter)
    data = windows_1258(text) if encoding == "cp1258" else text.encode(encoding)
    if encoding == "cp1258":
        assert b"\xea\xde" in data  # "ễ" written as "ê" and a combining tilde, as Windows does
    path.write_bytes(data)
    plan = plan_of(path)
    assert names(plan) == [p[1] for p in PEOPLE]  # NFC, whatever the file's form
    assert [r.resident.birth_year for r in plan.rows] == [1958, 1962, 1971, 1990]
    assert all(r.status == Status.READY for r in plan.rows)


def test_windows_1258_names_come_out_composed(tmp_path) -> None:
    path = tmp_path / "w.csv"
    path.write_bytes(windows_1258(csv_text()))
    name = plan_of(path).rows[0].resident.full_name
    assert name == "Nguyễn Văn An" and len(name) == len("Nguyễn Văn An")


# --- broken files -----------------------------------------------------------------------------


def encrypted(path: Path) -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = xlsx(path.with_name("plain.xlsx"), [HEADER, PEOPLE[0]])
    out = io.BytesIO()
    with plain.open("rb") as f:
        OOXMLFile(f).encrypt("mật khẩu", out)
    path.write_bytes(out.getvalue())
    return path


def broken_files(folder: Path) -> dict[str, tuple[Path, Reason]]:
    files: dict[str, tuple[Path, Reason]] = {}

    def add(name: str, data: bytes, reason: Reason) -> None:
        path = folder / name
        path.write_bytes(data)
        files[name] = (path, reason)

    add("anh.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, Reason.NOT_A_SPREADSHEET)
    add("bao-cao.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", Reason.NOT_A_SPREADSHEET)
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    add("thu-moi.xlsx", docx.getvalue(), Reason.NOT_A_SPREADSHEET)
    add("cut.xlsx", (folder / "plain.xlsx").read_bytes()[:900], Reason.DAMAGED)
    add("rong.csv", b"", Reason.EMPTY)
    add("cu.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000, Reason.DAMAGED)
    add("thu.xls", compound_file("WordDocument", b"\xec\xa5" * 300), Reason.NOT_A_SPREADSHEET)
    files["khoa.xlsx"] = (encrypted(folder / "khoa.xlsx"), Reason.ENCRYPTED)
    empty_book = folder / "trang.xlsx"
    Workbook().save(empty_book)
    files["trang.xlsx"] = (empty_book, Reason.EMPTY)
    return files


def test_broken_files_are_refused_with_a_reason(tmp_path) -> None:
    xlsx(tmp_path / "plain.xlsx", [HEADER, PEOPLE[0]])
    for name, (path, reason) in broken_files(tmp_path).items():
        with pytest.raises(Refused) as refused:
            read_sheets(path)
        assert refused.value.reason is reason, name


@pytest.mark.slow  # openpyxl takes ~7 s to write the 100,000 rows
def test_a_list_of_100000_rows_is_refused_without_reading_it_all(tmp_path) -> None:
    book = Workbook(write_only=True)
    ws = book.create_sheet("Danh sách")
    ws.append(HEADER)
    for n in range(100_000):
        ws.append([n + 1, f"Người {n}", 1960 + n % 40, "Nam", "Khu phố 3", "", ""])
    path = tmp_path / "tinh.xlsx"
    book.save(path)
    with pytest.raises(Refused) as refused:
        read_sheets(path)
    assert refused.value.reason is Reason.TOO_MANY_ROWS and refused.value.limit == MAX_ROWS
    # A CSV of as many rows too.
    csv_path = tmp_path / "tinh.csv"
    csv_path.write_text(
        "Họ và tên\n" + "".join(f"Người {n}\n" for n in range(100_000)), encoding="utf-8"
    )
    with pytest.raises(Refused) as refused:
        read_sheets(csv_path)
    assert refused.value.reason is Reason.TOO_MANY_ROWS


def test_a_sheet_formatted_far_down_ends_at_its_last_value(tmp_path) -> None:
    book = Workbook()
    ws = book.active
    for row in [HEADER, *PEOPLE]:
        ws.append(row)
    ws.cell(row=50_000, column=2).number_format = "@"  # formatted, no value
    ws.cell(row=50_000, column=3, value="  ")
    path = tmp_path / "far.xlsx"
    book.save(path)
    assert len(read_sheets(path)[0].rows) == 1 + len(PEOPLE)


# --- duplicates -------------------------------------------------------------------------------


def test_likely_duplicates_of_recorded_residents_and_of_earlier_rows(tmp_path) -> None:
    rows = [
        HEADER,
        [1, "Nguyen Van An", 1958, "Nam", "", "", ""],  # recorded, typed without diacritics
        [2, "Vũ Thị Giang", 1980, "Nữ", "", "0987654321", ""],  # a recorded phone
        [3, "Đinh Văn Hải", 1975, "Nam", "", "", ""],
        [4, "ĐINH VĂN HẢI", 1975, "Nam", "", "", ""],  # the row above again
        [5, "Mai Thị Hoa", 1966, "Nữ", "", "0911111111", ""],
        [6, "Mai Hoa", 1967, "Nữ", "", "0911 111 111", ""],  # row 6's phone
        [7, "Nguyễn Văn An", 1959, "Nam", "", "", ""],  # another year: another person
    ]
    known = [
        Known("nguyen van an", 1958, "", "Nguyễn Văn An (1958, Khu phố 3)"),
        Known("tran thi bich", 1962, "0987654321", "Trần Thị Bích (1962)"),
    ]
    plan = plan_of(xlsx(tmp_path / "d.xlsx", rows), known=known)
    assert [(r.same_as, r.same_line) for r in plan.rows] == [
        ("Nguyễn Văn An (1958, Khu phố 3)", 0),
        ("Trần Thị Bích (1962)", 0),
        ("", 0),
        ("", 4),
        ("", 0),
        ("", 6),
        ("", 0),
    ]
    assert [r.chosen for r in plan.rows] == [False, False, True, False, True, False, True]
    plan.rows[1].chosen = True  # the user knows better
    assert len(to_write(plan)[0]) == 4


# --- the store --------------------------------------------------------------------------------


def test_the_import_is_one_transaction_all_or_nothing(team_store: Store) -> None:
    before = len(result(team_store.read(queries.resident_keys)))
    outbox = result(team_store.read(lambda c: c.execute("SELECT COUNT(*) FROM outbox").fetchone()))
    place = Neighbourhood("Ấp Mới")
    good = [Resident(full_name=f"Người {n}", neighbourhood_id=place.id) for n in range(50)]
    bad = Resident(full_name="Người lạc", neighbourhood_id="no-such-place")  # foreign key
    with pytest.raises(Exception, match="FOREIGN KEY"):
        result(team_store.write(commands.import_residents, [*good, bad], [place], None))
    assert len(result(team_store.read(queries.resident_keys))) == before
    fresh = [Resident(full_name=f"Người {n}", neighbourhood_id=place.id) for n in range(50)]
    written = result(team_store.write(commands.import_residents, fresh, [place], None))
    assert (written.added, written.updated, written.neighbourhoods) == (50, 0, ["Ấp Mới"])
    keys = result(team_store.read(queries.resident_keys))
    assert len(keys) == before + 50 and all(k[4] == "Ấp Mới" for k in keys if k[3][:5] == "Người")
    queued = result(team_store.read(lambda c: c.execute("SELECT COUNT(*) FROM outbox").fetchone()))
    assert queued[0] - outbox[0] == 51  # every resident and the place sync


# --- through the screen -------------------------------------------------------------------------


def residents_page(qtbot, team_store: Store):
    from concurrent.futures import ThreadPoolExecutor

    from desktop.store.queries import load_roster
    from desktop.ui.residents import ResidentsPage

    lane = ThreadPoolExecutor(1, thread_name_prefix="documents")  # as the window hands it
    page = ResidentsPage(team_store, lane)
    page.destroyed.connect(lambda: lane.shutdown(wait=False))
    qtbot.addWidget(page)
    page.set_roster(result(team_store.read(load_roster)))
    page.apply_filters()
    page.resize(1366, 700)
    page.show()
    return page


def test_importing_through_the_residents_screen(qtbot, team_store: Store, tmp_path) -> None:
    from desktop.ui.importer import ImportDialog
    from tests.qt_helpers import when_modal

    recorded = Resident(full_name="Nguyễn Văn An", birth_year=1958, gender=Gender.MALE)
    result(team_store.write(commands.save_resident, recorded, None))
    rows = [
        ["Danh sách người dân"],
        ["TT", "Họ và tên", "Năm sinh", "Phái", "Ấp", "Liên hệ"],  # "Liên hệ": not known
        [1, "Nguyễn Văn An", 1958, "Nam", "Khu phố 3", "0912345678"],  # recorded already
        [2, "Trần Thị Bích", 1962, "Nữ", "Khu phố 3", "0987654321"],
        [3, "Lê Thị Cúc", 1971, "Nữ", "Ấp Mới", "091 234 5679"],
        [4, "", 1980, "Nữ", "Ấp Mới", ""],
    ]
    path = xlsx(tmp_path / "ds.xlsx", rows)
    page = residents_page(qtbot, team_store)
    seen: dict[str, object] = {}

    def preview(dialog) -> None:
        assert isinstance(dialog, ImportDialog)

        def check() -> None:
            seen["count"] = dialog.model.rowCount()
            seen["phone"] = dialog.columns["phone"].currentData()
            # The phone's column is not known by its title: the user picks it.
            combo = dialog.columns["phone"]
            combo.setCurrentIndex(combo.findData(5))
            combo.activated.emit(combo.currentIndex())
            qtbot.waitUntil(lambda: dialog.plan.rows[1].resident.phone == "0987654321")
            seen["button"] = dialog.import_button.text()
            seen["status"] = dialog.model.index(0, 6).data()
            # The recorded one is not ticked; the user ticks it: a namesake after all.
            first = dialog.model.index(0, 0)
            assert first.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
            dialog.model.setData(first, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
            seen["after"] = dialog.import_button.text()
            when_modal(qtbot, report, QMessageBox)
            qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

        if dialog.plan.rows:
            check()
        else:
            dialog.planned.connect(check)

    def report(box) -> None:
        seen["report"] = box.text()
        box.accept()

    when_modal(qtbot, preview, ImportDialog)
    page.import_from(path)
    qtbot.waitUntil(lambda: "report" in seen, timeout=15000)
    assert seen["count"] == 4 and seen["phone"] == -1
    assert seen["status"] == "May already be recorded: Nguyễn Văn An (1958)"
    assert seen["button"] == "Import 2 residents" and seen["after"] == "Import 3 residents"
    assert "3 residents added." in seen["report"]
    assert "Neighbourhoods added: Ấp Mới" in seen["report"]
    assert "1 rows not imported:" in seen["report"] and "no usable name" in seen["report"]
    keys = result(team_store.read(queries.resident_keys))
    assert sorted(k[3] for k in keys) == [
        "Lê Thị Cúc",
        "Nguyễn Văn An",
        "Nguyễn Văn An",
        "Trần Thị Bích",
    ]
    qtbot.waitUntil(lambda: page.model is not None and page.model.rowCount() == 4)


def test_a_refused_file_says_why_and_adds_nothing(
    qtbot, team_store: Store, tmp_path, monkeypatch
) -> None:
    warnings: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _p, title, text, *a: warnings.append((title, text))
    )
    page = residents_page(qtbot, team_store)
    path = encrypted(tmp_path / "khoa.xlsx")
    page.import_from(path)
    qtbot.waitUntil(lambda: bool(warnings), timeout=10000)
    assert warnings[0][0] == "Cannot import this file"
    assert "protected by a password" in warnings[0][1]
    assert page.import_button.isEnabled()
    assert QApplication.activeModalWidget() is None
    assert result(team_store.read(queries.resident_keys)) == []


def test_the_rows_left_out_can_be_saved_to_fix_and_import_again(tmp_path) -> None:
    from desktop.printing.table import table_xlsx
    from desktop.ui.importer import left_out_table

    rows = [HEADER, PEOPLE[0], [2, "", 1960, "Nữ", "", "", ""], [3, "Lan", 1950, "x", "", "", ""]]
    sheet = read_sheets(xlsx(tmp_path / "l.xlsx", rows))[0]
    plan = make_plan(sheet, find_layout(sheet), [], [], TODAY)
    headers, table = left_out_table(plan)
    out = tmp_path / "left.xlsx"
    out.write_bytes(table_xlsx("Không nhập được", headers, table))
    ws = load_workbook(out).active
    got = [[c.value for c in r] for r in ws.iter_rows()]
    assert got[0][0] == "Row" and got[0][-1] == "Reason"
    assert [r[0] for r in got[1:]] == [3, 4]
    assert got[2][1] == "Lan" and got[2][2] == "x"  # the file's text, to fix
    assert got[2][3] == 1950  # a year as a number, as the file had it
    assert "Gender “x” not understood" in got[2][-1]


def test_the_left_out_rows_are_saved_where_the_user_says(
    qtbot, team_store: Store, tmp_path, monkeypatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    asked: list[str] = []

    def choose(_parent, _caption, suggested, _filter):
        asked.append(suggested)
        return str(tmp_path / "sua-lai"), ""  # typed without its extension

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    page = residents_page(qtbot, team_store)
    with qtbot.waitSignal(page.exported, timeout=10000) as saved:
        page._save_left_out(["Dòng", "Lý do"], [[4, "Thiếu họ tên"]])
    assert Path(asked[0]).name == "khong-nhap-duoc.xlsx"
    assert saved.args == [str(tmp_path / "sua-lai.xlsx")]
    rows = [[c.value for c in r] for r in load_workbook(tmp_path / "sua-lai.xlsx").active.rows]
    assert rows == [["Dòng", "Lý do"], [4, "Thiếu họ tên"]]


# --- XLS (Excel 97-2003) ----------------------------------------------------------------------


def test_an_excel_97_2003_file_is_read_with_its_dates_and_merges(tmp_path) -> None:
    """Communes keep lists in .xls: read, not refused. The file is a real BIFF8 workbook
    (tests/biff.py writes it: no .xls writer is installed here)."""
    rows: list[list[object]] = [
        ["DANH SÁCH NGƯỜI DÂN THAM GIA BÌNH DÂN HỌC VỤ SỐ"],
        ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Khu phố / Ấp", "Số điện thoại"],
        [1, "Nguyễn Văn An", date(1958, 3, 15), "Nam", "Khu phố 3", "0912345678"],
        [2, "Trần Thị Bích", 1962, "Nữ", None, 987654321],  # under the merge above
        [3, "Lê Thị Cúc", "20/10/1971", "Nữ", "Ấp Mới", ""],
    ]
    hidden = XlsSheet("Ẩn", [["Họ và tên"], ["Không phải danh sách"]], hidden=True)
    path = tmp_path / "danh-sach.xls"
    path.write_bytes(xls([XlsSheet("Danh sách", rows, merges=[(2, 3, 4, 4)]), hidden]))
    sheets = read_sheets(path)
    assert [s.name for s in sheets] == ["Danh sách"]  # the hidden sheet is not a list
    assert sheets[0].rows[2][2] == datetime(1958, 3, 15)  # a date cell is a date
    plan = plan_of(path, places=[Neighbourhood("Khu phố 3")])
    got = [
        (r.resident.full_name, r.resident.birth_year, r.neighbourhood, r.resident.phone)
        for r in plan.rows
    ]
    assert got == [
        ("Nguyễn Văn An", 1958, "Khu phố 3", "0912345678"),
        ("Trần Thị Bích", 1962, "Khu phố 3", "0987654321"),
        ("Lê Thị Cúc", 1971, "Ấp Mới", ""),
    ]
    assert all(r.status == Status.READY for r in plan.rows)


# --- a commune sheet's footer -------------------------------------------------------------------

FOOTER: list[list[object]] = [
    [None, "Tổng cộng: 4 người"],
    [],
    [None, None, None, None, "Minh Đức, ngày 15 tháng 11 năm 2026"],
    [None, "NGƯỜI LẬP BIỂU", None, None, "TỔ TRƯỞNG"],
    [None, "(Ký, ghi rõ họ tên)", None, None, "(Ký, ghi rõ họ tên)"],
    [],
    [],
    [None, "Nguyễn Thị Hạnh", None, None, "Trần Văn Bảy"],  # who signed, under the titles
    [],
    [None, None, None, None, None, None, "XÁC NHẬN CỦA UBND XÃ MINH ĐỨC"],  # in "Ghi chú"
]


def test_a_commune_sheets_footer_is_not_people_nor_neighbourhoods(tmp_path) -> None:
    from desktop.importing.residents import NotPerson

    rows = [
        ["DANH SÁCH NGƯỜI DÂN"],
        HEADER,
        *PEOPLE,
        [5, "Hoàng Văn Tư"],  # a person with a name only, above the footer: a person
        [6, "Tô Trường Giang", 1950, "Nam", "Ấp Mới", "", "ngày 5 tháng 11 năm 2026 đã học"],
        *FOOTER,
    ]
    plan = plan_of(xlsx(tmp_path / "xa.xlsx", rows))
    people = [r for r in plan.rows if r.status != Status.NOT_PERSON]
    assert names(plan)[: len(people)] == [
        *(p[1] for p in PEOPLE),
        "Hoàng Văn Tư",
        "Tô Trường Giang",
    ]
    assert [r.not_person for r in plan.rows[len(people) :]] == [
        NotPerson.TOTAL,
        NotPerson.PLACE_DATE,
        NotPerson.SIGNER,
        NotPerson.SIGNATURE,
        NotPerson.SIGNER_NAME,
        NotPerson.SIGNER,
    ]
    assert not any(r.chosen for r in plan.rows if r.status == Status.NOT_PERSON)
    # Only the people's neighbourhoods are new: none from the footer's column E.
    assert plan.new_neighbourhoods == {"khu pho 3": "Khu phố 3", "ap moi": "Ấp Mới"}
    residents, places = to_write(plan)
    assert [r.full_name for r in residents] == [r.resident.full_name for r in people]
    assert sorted(p.name for p in places) == ["Khu phố 3", "Ấp Mới"]

    # A subtotal among the people: a name alone under it, with people after, is a person.
    rows = [HEADER, PEOPLE[0], [None, "Cộng khu phố 3: 1 người"], [None, "Lê Văn Sáu"], PEOPLE[2]]
    plan = plan_of(xlsx(tmp_path / "cong.xlsx", rows))
    assert [(r.resident.full_name, r.status) for r in plan.rows] == [
        ("Nguyễn Văn An", Status.READY),
        ("Cộng khu phố 3: 1 người", Status.NOT_PERSON),
        ("Lê Văn Sáu", Status.READY),
        ("Lê Thị Cúc", Status.READY),
    ]

    # A list of names only, its date written under the header: the names are people, the
    # footer's are not.
    rows = [
        ["STT", "Họ và tên", "Khu phố"],
        [None, None, "Khu phố 3, ngày 20 tháng 11 năm 2026"],
        [1, "Lê Văn Sáu"],
        [2, "Đỗ Thị Bảy"],
        [None, "NGƯỜI LẬP BIỂU"],
        [None, "Nguyễn Thị Hạnh"],
    ]
    plan = plan_of(xlsx(tmp_path / "ten.xlsx", rows))
    assert [r.not_person for r in plan.rows] == [
        NotPerson.PLACE_DATE,
        None,
        None,
        NotPerson.SIGNER,
        NotPerson.SIGNER_NAME,
    ]


def run_import(qtbot, page, path: Path, in_preview) -> dict[str, object]:
    """Import `path` through the residents screen: `in_preview(dialog)` once the rows are
    shown, then Import is clicked; the report's text comes back."""
    from desktop.ui.importer import ImportDialog
    from tests.qt_helpers import when_modal

    seen: dict[str, object] = {}

    def preview(dialog) -> None:
        assert isinstance(dialog, ImportDialog)

        def go() -> None:
            in_preview(dialog)
            when_modal(qtbot, report, QMessageBox)
            qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

        if dialog.plan.rows:
            go()
        else:
            dialog.planned.connect(go)

    def report(box) -> None:
        seen["report"] = box.text()
        box.accept()

    when_modal(qtbot, preview, ImportDialog)
    page.import_from(path)
    qtbot.waitUntil(lambda: "report" in seen, timeout=15000)
    return seen


def neighbourhood_names(store: Store) -> list[str]:
    return sorted(
        r[0]
        for r in result(
            store.read(lambda c: c.execute("SELECT name FROM neighbourhood").fetchall())
        )
    )


def test_a_footer_is_shown_greyed_with_its_reason_and_never_imported(
    qtbot, team_store: Store, tmp_path
) -> None:
    from PySide6.QtGui import QColor

    path = xlsx(tmp_path / "xa.xlsx", [HEADER, *PEOPLE, *FOOTER])
    page = residents_page(qtbot, team_store)
    seen: dict[str, object] = {}

    def in_preview(dialog) -> None:
        model = dialog.model
        rows = range(model.rowCount())
        seen["filters"] = [dialog.filter.itemText(i) for i in range(dialog.filter.count())]
        seen["status"] = [model.index(r, 6).data() for r in rows]
        footer = [r for r in rows if r >= len(PEOPLE)]
        seen["greyed"] = all(
            isinstance(model.index(r, 1).data(Qt.ItemDataRole.ForegroundRole), QColor)
            for r in footer
        )
        seen["tickable"] = [
            bool(model.index(r, 0).flags() & Qt.ItemFlag.ItemIsUserCheckable) for r in footer
        ]
        seen["summary"] = dialog.summary.text()
        seen["button"] = dialog.import_button.text()

    seen |= run_import(qtbot, page, path, in_preview)
    assert seen["filters"] == ["All rows (10)", "Ready (4)", "Not a person (6)"]
    assert seen["status"] == ["Ready"] * 4 + [
        "Not a person: a total",
        "Not a person: the place and date",
        "Not a person: a signer's title",
        "Not a person: the line to sign on",
        "Not a person: a signer's name, under the list",
        "Not a person: a signer's title",
    ]
    assert seen["greyed"] and seen["tickable"] == [False] * 6
    assert "New neighbourhoods will be added to the team: Ấp Mới\n" in seen["summary"]
    assert "6 rows are not people" in seen["summary"]
    assert seen["button"] == "Import 4 residents"
    report = str(seen["report"])
    assert "4 residents added." in report and "Neighbourhoods added: Ấp Mới" in report
    assert "Minh Đức" not in report and "TỔ TRƯỞNG" not in report
    assert "6 rows under the list are not people" in report
    assert neighbourhood_names(team_store) == ["Khu phố 3", "Khu phố 4", "Ấp Mới"]
    keys = result(team_store.read(queries.resident_keys))
    assert sorted(k[3] for k in keys) == sorted(p[1] for p in PEOPLE)


def test_the_report_says_what_the_store_wrote(qtbot, team_store: Store, tmp_path) -> None:
    """The neighbourhoods the preview planned are not all made: those of unticked rows are
    not, nor one recorded meanwhile (a sync): the report says only what was written."""
    from desktop.ui.importer import ImportDialog

    people = [[*p[:4], "Thôn Đông" if p[4] == "Khu phố 3" else p[4], *p[5:]] for p in PEOPLE]
    path = xlsx(tmp_path / "ds.xlsx", [HEADER, *people])
    page = residents_page(qtbot, team_store)
    seen: dict[str, object] = {}

    def in_preview(dialog: ImportDialog) -> None:
        seen["before"] = dialog.summary.text()
        dialog.view.setFocus()
        for row in (0, 1):  # the two of Thôn Đông, unticked with the space bar
            dialog.view.setCurrentIndex(dialog.model.index(row, 0))
            qtbot.keyClick(dialog.view, Qt.Key.Key_Space)
        seen["after"] = dialog.summary.text()
        seen["button"] = dialog.import_button.text()
        # Meanwhile a sync records Ấp Mới: the import joins it, makes no second one.
        result(team_store.write(commands.save_neighbourhood, Neighbourhood("Ấp Mới"), None))

    seen |= run_import(qtbot, page, path, in_preview)
    assert "will be added to the team: Thôn Đông, Ấp Mới" in str(seen["before"])
    assert "will be added to the team: Ấp Mới" in str(seen["after"])
    assert seen["button"] == "Import 2 residents"
    report = str(seen["report"])
    assert report.startswith("2 residents added.")
    assert "Neighbourhoods added" not in report  # none was: Ấp Mới was there already
    assert neighbourhood_names(team_store) == ["Khu phố 3", "Khu phố 4", "Ấp Mới"]
    keys = result(team_store.read(queries.resident_keys))
    assert sorted((k[3], k[4]) for k in keys) == [
        ("Lê Thị Cúc", "Ấp Mới"),
        ("Phạm Văn Dũng", "Ấp Mới"),
    ]


# --- garbled text and the CSV's encoding ------------------------------------------------------


def vietnamese_letters() -> list[str]:
    marks = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
    return sorted(
        {unicodedata.normalize("NFC", b + m) for b in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY" for m in marks}
        | {"đ", "Đ"}
    )


def test_garbled_text_is_told_from_vietnamese() -> None:
    from desktop.importing.reading import garbled

    for letter in vietnamese_letters():
        for form in ("NFC", "NFD"):
            word = unicodedata.normalize(form, f"Ng{letter}n Th{letter}")
            assert not garbled(word), word
        if not letter.isascii():  # UTF-8 read as either Windows code page: always told
            for page in ("cp1252", "cp1258"):
                shown = f"Ng{letter}n".encode().decode(page, errors="replace")
                assert garbled(shown), (letter, page, shown)
    for text in ("Tống Văn Công", "Hồ Thị Én", "Ấp Mới", "37°C, cần kính", "O'Brien", "Khu phố 3"):
        assert not garbled(text), text
    for text in (
        "Nguyá»…n VÄƒn An",  # UTF-8 read as Windows-1252
        "NguyÔn V¨n An",  # TCVN3 (ABC) read as Windows-1258
        "TrÇn ThÞ BÝch",
        "Nguy?n V?n An",  # saved by a Western Windows: the letters it had not are lost
        "L\ufffd Th\ufffd C\ufffdc",  # bytes UTF-8 has not
    ):
        assert garbled(text), text


def mixed_csv(path: Path) -> Path:
    """A UTF-8 list with one row pasted from a "CSV" a Vietnamese Windows saved: no one
    encoding reads it all."""
    text = csv_text().split("\r\n")
    path.write_bytes(
        "\r\n".join(text[:3]).encode()
        + b"\r\n"
        + windows_1258(text[3])
        + b"\r\n"
        + "\r\n".join(text[4:]).encode()
    )
    return path


def test_a_csv_garbled_in_every_encoding_is_put_to_the_user_and_never_ready(tmp_path) -> None:
    from desktop.importing.reading import EncodingUnsure, garbled
    from desktop.importing.residents import sample_names

    path = mixed_csv(tmp_path / "tron.csv")
    with pytest.raises(EncodingUnsure) as unsure:
        read_sheets(path)
    choices = unsure.value.choices
    assert [c.encoding for c in choices] == ["utf-8", "cp1258"]
    assert choices[0].garbled == 1 < choices[1].garbled
    utf8, cp1258 = sample_names(choices)
    assert utf8[:2] == ["Nguyễn Văn An", "Trần Thị Bích"] and garbled(utf8[2])
    assert cp1258[:2] == [as_windows_reads_utf8(p[1]) for p in PEOPLE[:2]]  # "Nguyá»…n"
    assert cp1258[2] == "Lê Thị Cúc"

    # Whichever the user chooses, a garbled row is never ready, nor ticked (the columns as
    # the user would choose them when a garbled header is not matched).
    (tmp_path / "clean.csv").write_text(csv_text(), encoding="utf-8")
    columns = find_layout(read_sheets(tmp_path / "clean.csv")[0])
    for encoding, ready in (("utf-8", [0, 1, 3]), ("cp1258", [2])):
        plan = make_plan(read_sheets(path, encoding)[0], columns, [], [], TODAY)
        assert [i for i, r in enumerate(plan.rows) if r.status == Status.READY] == ready
        for r in plan.rows:
            if r.status != Status.READY:
                assert r.status == Status.ERROR and r.issues[0][0] == Issue.GARBLED
                assert not r.chosen

    # Nor is one of a file whose letters were damaged before it came: UTF-8 read as
    # Windows-1252 and saved again, or saved by a Western Windows that had not the letters.
    text = csv_text()
    for name, data in (
        ("twice.csv", text.encode().decode("cp1252", errors="replace").encode()),
        ("western.csv", text.encode("cp1252", errors="replace")),
    ):
        (tmp_path / name).write_bytes(data)
        with pytest.raises(EncodingUnsure) as unsure:
            read_sheets(tmp_path / name)
        for choice in unsure.value.choices:
            plan = make_plan(choice.sheet, columns, [], [], TODAY)
            assert plan.count(Status.READY) == 0, (name, choice.encoding, names(plan))


def as_windows_reads_utf8(name: str) -> str:
    from sotay.domain.text import clean

    return clean(name.encode().decode("cp1258"))


def test_the_wizard_asks_which_encoding_shows_names_and_keeps_garbled_rows_out(
    qtbot, team_store: Store, tmp_path
) -> None:
    from PySide6.QtWidgets import QLabel, QRadioButton

    from desktop.ui.importer import EncodingDialog, ImportDialog
    from tests.qt_helpers import when_modal

    path = mixed_csv(tmp_path / "tron.csv")
    page = residents_page(qtbot, team_store)
    seen: dict[str, object] = {}

    def asked(dialog) -> None:
        assert isinstance(dialog, EncodingDialog)
        radios = dialog.findChildren(QRadioButton)
        seen["choices"] = [(b.text(), b.isChecked()) for b in radios]
        seen["labels"] = [label.text() for label in dialog.findChildren(QLabel)]
        when_modal(qtbot, preview, ImportDialog)
        qtbot.keyClick(radios[0], Qt.Key.Key_Return)  # the one chosen already: UTF-8

    def preview(dialog) -> None:
        def look() -> None:
            model = dialog.model
            seen["rows"] = [
                (model.index(r, 1).data(), model.index(r, 6).data())
                for r in range(model.rowCount())
            ]
            seen["button"] = dialog.import_button.text()
            seen["summary"] = dialog.summary.text()
            dialog.reject()

        if dialog.plan.rows:
            look()
        else:
            dialog.planned.connect(look)

    when_modal(qtbot, asked, QDialog)
    page.import_from(path)
    qtbot.waitUntil(lambda: "rows" in seen, timeout=15000)
    assert seen["choices"] == [
        ("Unicode (UTF-8)", True),
        ("Vietnamese Windows (Windows-1258)", False),
    ]
    labels = seen["labels"]
    assert any(t.startswith("Nguyễn Văn An, Trần Thị Bích, L") for t in labels)
    garbled_names = ", ".join(as_windows_reads_utf8(p[1]) for p in PEOPLE[:2])
    assert any(t.startswith(f"{garbled_names}, Lê Thị Cúc") for t in labels)
    assert "1 rows would still be garbled and not imported." in labels
    rows = seen["rows"]
    assert rows[0] == ("Nguyễn Văn An", "Ready") and rows[3] == ("Phạm Văn Dũng", "Ready")
    assert rows[2][1].startswith("The letters of “L") and rows[2][1].endswith(
        "are garbled: the file's encoding is wrong"
    )
    assert seen["button"] == "Import 3 residents"
    assert "The letters of 1 rows are garbled" in seen["summary"]
    assert result(team_store.read(queries.resident_keys)) == []


def test_a_workbook_typed_in_an_old_font_encoding_is_told_how_to_convert_it(
    qtbot, team_store: Store, tmp_path
) -> None:
    """A commune's sheet typed with a TCVN3 font (".VnTime") reads "NguyÔn V¨n An" as Unicode.
    Saving it as "CSV UTF-8", which the line said, keeps those letters: it must be converted."""
    old = [[1, "NguyÔn V¨n An", 1958, "Nam", "Khu phè 3", "", ""], *PEOPLE[1:]]
    path = xlsx(tmp_path / "vntime.xlsx", [HEADER, *old])
    page = residents_page(qtbot, team_store)
    seen: dict[str, object] = {}

    def in_preview(dialog) -> None:
        seen["summary"] = dialog.summary.text()

    seen |= run_import(qtbot, page, path, in_preview)
    summary = str(seen["summary"])
    assert "The letters of 1 rows are garbled" in summary
    assert "TCVN3" in summary and "UniKey" in summary and "CSV UTF-8" not in summary
    assert "3 residents added." in str(seen["report"])
