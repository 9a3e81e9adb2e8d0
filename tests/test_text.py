"""Text that arrives from keyboards, pastes, old files and other laptops: cleaned by one rule
(sotay/domain/cleaning.py) before it is checked and stored, then found, printed and written
to a workbook whatever letters it holds. The rule by example, the search against SQLite's own
tokenizer, the repair of old files (m004), and property-based runs through the real pipeline:
forms' checks, the Store, the searches, the PDF sheets and the XLSX report."""

from __future__ import annotations

import io
import json
import sqlite3
import sys
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir
from pypdf import PdfReader
from sqlite_utils import Database

from desktop.store import commands, lists, queries, syncdata
from desktop.store.db import connect
from desktop.store.lists import ListQuery
from desktop.store.migrations import migrations
from desktop.store.store import Store
from sotay.domain.cleaning import FORMAT, LOOKALIKES, clean_block, clean_line, clean_record
from sotay.domain.models import (
    Assist,
    Attendance,
    CatalogueItem,
    Member,
    Neighbourhood,
    Outcome,
    Resident,
    Role,
    Team,
    Training,
    TrainingStatus,
    new_id,
)
from sotay.domain.periods import Period, PeriodKind
from sotay.domain.text import (
    MOST_MARKS,
    SQLITE_MARKS,
    clean,
    clean_note,
    display,
    fold,
    fts_query,
    sort_key,
)
from sotay.domain.validation import (
    MAX_NAME,
    FieldError,
    Problem,
    check_assist,
    check_catalogue_item,
    check_member,
    check_neighbourhood,
    check_resident,
    check_team,
    check_training,
    parse_birth_year,
)
from tests.helpers import STACKED, deepest_marks, result

TODAY = date.today()

# Hypothesis keeps caches in ./.hypothesis by default, written while the tests are collected
# (before any fixture could move them): not in the work tree.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "sotay-hypothesis")

# --- the rule, by example -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Nguyễn\x01 Văn\x00 An\x7f", "Nguyễn Văn An"),
        ("Nguyễn\tVăn\r\nAn", "Nguyễn Văn An"),  # a paste of two lines into one field
        ("Ng\u200buyễn\u200c Văn\u200d An\ufeff", "Nguyễn Văn An"),  # zero-width, BOM
        ("\u202eNguyễn\u202c \u2066Văn\u2069 \u200fAn\u200e", "Nguyễn Văn An"),  # bidi
        ("Nguy\u00adễn", "Nguyễn"),  # soft hyphen
        ("Nguyễn\ud800 Văn\udfff An", "Nguyễn Văn An"),  # lone surrogates
        ("Lan \ud83d\ude00", "Lan 😀"),  # a pair written as two code points: joined
        ("Lan\ue000\U000f0001\ufffe\ufdd0\U0001ffff\ufffc", "Lan"),  # private use, nonchars
        ("\u3164 \u115f\u1160", ""),  # Hangul fillers: letters that draw nothing
        ("Nguyễn\u00a0\u2003Văn\u3000An", "Nguyễn Văn An"),  # other spaces
        ("Ｎｇｕｙễｎ　Ｖăｎ　Ａｎ　１２", "Nguyễn Văn An 12"),  # fullwidth
        ("Tổ (CNS) <3> & \"Bình\" 'An' 100%_x\\y", "Tổ (CNS) <3> & \"Bình\" 'An' 100%_x\\y"),
    ],
)
def test_what_is_not_text_goes(typed: str, stored: str) -> None:
    assert clean(typed) == stored
    assert clean(clean(typed)) == stored


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Ðinh Công Tráng", "Đinh Công Tráng"),  # U+00D0 eth
        ("ðinh", "đinh"),
        ("Ɖặng", "Đặng"),  # U+0189 African D
        ("ɖặng", "đặng"),
        ("ÐẶNG ĐÌNH ÐÔ", "ĐẶNG ĐÌNH ĐÔ"),
        ("Trần V\u0430n", "Trần Van"),  # Cyrillic а in a Latin word
        ("L\u0443 Th\u0456 H\u043e\u0430", "Ly Thi Hoa"),  # Cyrillic у, і, о, а
        ("\u041do\u0300a", "Hòa"),  # Cyrillic Н
        ("Nguy\u0435\u0302\u0303n", "Nguyễn"),  # Cyrillic е with circumflex and tilde
        ("\u0421\u0422\u0412 TRẦN", "\u0421\u0422\u0412 TRẦN"),  # a wholly Cyrillic word stays
        ("Москва và Hà Nội", "Москва và Hà Nội"),
        ("Моsсоw", "Moscow"),  # Cyrillic look-alikes around Latin s, w
        ("Пара", "Пара"),  # Cyrillic with a letter that looks like none: left alone
        ("П\u0430ra", "П\u0430ra"),  # mixed, but П is no Latin letter: left alone
        ("\u0391\u0392\u0393", "\u0391\u0392\u0393"),  # Greek ΑΒΓ stays
        ("\u039dguyễn \u03a4\u03bfàn", "Nguyễn Toàn"),  # Greek Ν, Τ, ο in Latin words
        ("Ho\u0340a Nhu\u0341", "Hòa Nhú"),  # the old tone marks: NFC
        ("Ｈｏàｎｇ", "Hoàng"),
    ],
)
def test_look_alike_letters_become_vietnamese(typed: str, stored: str) -> None:
    assert clean(typed) == stored
    assert unicodedata.is_normalized("NFC", clean(typed))


def test_notes_keep_their_lines() -> None:
    typed = "\r\n  dòng 1\x07 \r\ndòng\t2\u2028dòng 3\rdòng 4\n\n\ndòng\u200b 5  \n\n"
    assert clean_note(typed) == "dòng 1\ndòng 2\ndòng 3\ndòng 4\n\n\ndòng 5"
    assert clean_note(clean_note(typed)) == clean_note(typed)
    assert clean_note(None) == clean_note("") == clean_note(" \n\t") == ""


def test_every_format_character_is_known() -> None:
    """FORMAT is written out (the server and the laptops clean alike whatever their Python):
    a newer Unicode's format characters must be added to it."""
    known = {c for a, b in FORMAT for c in range(a, b + 1)}
    current = {c for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"}
    assert current <= known, sorted(map(hex, current - known))
    assert clean("".join(map(chr, sorted(current))) + "x") == "x"


def test_look_alikes_map_to_latin() -> None:
    for src, dst in LOOKALIKES.items():
        assert unicodedata.name(src).startswith(("CYRILLIC", "GREEK")), src
        assert dst.isascii() and dst.isalpha()


def test_clean_record_cleans_the_typed_fields_only() -> None:
    payload = {"full_name": " Ðinh\x01 ", "note": "a\r\nb\x00", "phone": "09\x01", "x": 1}
    assert clean_record("resident", payload) == {
        "full_name": "Đinh",
        "note": "a\nb",
        "phone": "09\x01",  # phones are checked as numbers, not cleaned as text
        "x": 1,
    }
    assert payload["full_name"] == " Ðinh\x01 "  # a copy
    assert clean_record("attendance", {"present": 1}) == {"present": 1}


def test_drawn_text_keeps_every_vietnamese_letter_and_cuts_a_tower_of_marks() -> None:
    vietnamese = "".join(VIETNAMESE) + "Đđ Tổ (CNS) <3> & x"
    assert display(vietnamese) == vietnamese
    assert display(unicodedata.normalize("NFD", vietnamese)) == vietnamese  # composed
    stacked = f"Z{STACKED}algo Ệ{STACKED}"
    shown = display(stacked)
    assert deepest_marks(stacked) == 32 and deepest_marks(shown) == MOST_MARKS
    # the first three of each letter's marks, the dot below first (its canonical place)
    assert shown == unicodedata.normalize("NFC", "Z\u0301\u0300\u0302algo E\u0323\u0302\u0301")
    assert display(shown) == shown


# --- the forms' checks --------------------------------------------------------------------------


def test_checks_clean_every_text_field() -> None:
    r = Resident(
        full_name="Ðinh\u200b Công\x01 Tráng",
        phone="０９１２\u200b３４５ ６７８",
        note="dòng 1\x1b\r\ndòng 2",
    )
    assert check_resident(r, TODAY) == []
    assert (r.full_name, r.phone, r.note) == ("Đinh Công Tráng", "0912345678", "dòng 1\ndòng 2")
    assert parse_birth_year("１９５８\u200b") == 1958

    t = Training(
        day=TODAY,
        start_time="０８:００",
        end_time="10:30\u200e",
        place="Nhà văn hoá\x00 khu 3",
        note="\ufeffghi chú",
        topic_ids=["x"],
    )
    assert check_training(t, TODAY) == []
    assert (t.start_time, t.end_time, t.place, t.note) == (
        "08:00",
        "10:30",
        "Nhà văn hoá khu 3",
        "ghi chú",
    )
    # \d would take Arabic-Indic digits as a time
    arabic = Training(day=TODAY, start_time="٠٨:٣٠", end_time="10:30", place="x", topic_ids=["x"])
    assert check_training(arabic, TODAY) == [FieldError("start_time", Problem.TIME_INVALID)]

    a = Assist(
        day=TODAY,
        resident_id="r",
        member_id="m",
        service_id="s",
        outcome=Outcome.REFERRED,
        reason="\u200b",
        note="a\x01",
    )
    assert check_assist(a, TODAY) == [FieldError("reason", Problem.REASON_REQUIRED)]
    assert a.note == "a"

    team = Team(name="Tổ\x01 CNS ＫＰ３", province_code=1, commune_code=4)
    member = Member(full_name="Lê\u00a0Văn\u200dMinh", phone="")
    nb = Neighbourhood(name=" Khu phố\u00ad 3 ")
    topic = CatalogueItem(name="Kỹ năng\u202e số")
    assert check_team(team) == check_member(member) == []
    assert check_neighbourhood(nb) == check_catalogue_item(topic) == []
    assert (team.name, member.full_name, nb.name, topic.name) == (
        "Tổ CNS KP3",
        "Lê VănMinh",
        "Khu phố 3",
        "Kỹ năng số",
    )


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("\u200b\u200c\x01", Problem.REQUIRED),  # nothing left once cleaned
        ("\u3164", Problem.REQUIRED),
        ("123 \u0301", Problem.NAME_NOT_LETTERS),
        ("\u19b0\u19b1", Problem.NAME_NOT_LETTERS),  # marks to the search (SQLITE_MARKS)
        ("a" * (MAX_NAME + 1), Problem.TOO_LONG),
    ],
)
def test_names_refused_with_a_reason(typed: str, problem: Problem) -> None:
    r = Resident(full_name=typed)
    assert [e.problem for e in check_resident(r, TODAY)] == [problem]
    assert [e.problem for e in check_neighbourhood(Neighbourhood(name=typed))] == (
        [problem] if problem is not Problem.NAME_NOT_LETTERS else []
    )


# --- the search against SQLite's tokenizer -------------------------------------------------------


def test_sqlite_marks_are_exactly_the_letters_fts5_splits_on() -> None:
    """Every letter or digit is a token to FTS5's unicode61 tokenizer but SQLITE_MARKS; a
    query word made only of those would be an empty phrase, which matches nothing."""
    chars = [
        chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF and chr(c).isalnum()
    ]
    with closing(sqlite3.connect(":memory:")) as conn:
        conn.execute("CREATE VIRTUAL TABLE f USING fts5(x)")
        conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(f, 'instance')")
        conn.executemany("INSERT INTO f(rowid, x) VALUES (?, ?)", [(ord(c), c) for c in chars])
        tokens = {r[0] for r in conn.execute("SELECT DISTINCT doc FROM v")}
    assert {c for c in chars if ord(c) not in tokens} == SQLITE_MARKS


@pytest.fixture
def fts() -> Iterator[sqlite3.Connection]:
    """The residents' index as migrations.py makes it, over folded names."""
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE VIRTUAL TABLE f USING fts5(name_folded, prefix='1 2 3', tokenize='unicode61')"
    )
    yield conn
    conn.close()


def found(conn: sqlite3.Connection, stored: str, typed: str) -> bool:
    conn.execute("DELETE FROM f")
    conn.execute("INSERT INTO f(rowid, name_folded) VALUES (1, ?)", (fold(stored),))
    query = fts_query(typed)
    return query is not None and bool(
        conn.execute("SELECT 1 FROM f WHERE f MATCH ?", (query,)).fetchall()
    )


@pytest.mark.parametrize(
    "name",
    [
        "Nguyễn Văn An",
        "O'Brien Nguyễn",  # the apostrophe: once dropped from the query, kept in the index
        "H'Hen Niê",
        "Y-Moan Ênuôl",
        "Đinh_Công 100%",
        'Trần "Bé" Ba',
        "Lò Văn ꞔa",  # a letter the old [0-9a-z] query threw away
        "Trương Thị x²",
        "Ka\u19b0b",  # SQLite reads this vowel sign as a separator
        "Tran NEAR(a b) OR *",  # FTS5 syntax as data
        "Москва Νίκος 中文",
    ],
)
def test_a_name_is_found_by_itself_and_by_each_word(fts: sqlite3.Connection, name: str) -> None:
    assert found(fts, name, name)
    for word in name.split():
        if any(c.isalnum() for c in word):
            assert found(fts, name, word), word
            assert found(fts, name, word[:1] if word[:1].isalnum() else word), word


def test_look_alikes_and_invisibles_in_the_query_do_not_hide_a_name(fts) -> None:
    assert found(fts, "Đinh Công Tráng", "Ðinh")
    assert found(fts, "Đinh Công Tráng", "dinh cong")
    assert found(fts, "Đinh Công Tráng", "Tr\u200báng")
    assert found(fts, "Nguyễn Văn An", "Nguy\u0435n")  # Cyrillic е typed among Latin
    assert not found(fts, "Nguyễn Văn An", "Bình")
    assert fts_query("\u200b \x01 ,;") is None


# --- through the store --------------------------------------------------------------------------


def ids(hits: list[Any]) -> set[str]:
    return {h.id for h in hits}


def test_an_eth_name_is_stored_as_dinh_and_found_and_flagged(team_store: Store) -> None:
    typed = Resident(full_name="Ðinh Công Tráng", birth_year=1950)
    assert check_resident(typed, TODAY) == []
    result(team_store.write(commands.save_resident, typed, "t"))
    same = Resident(full_name="Đinh Công Tráng", birth_year=1950)
    for query in ("dinh", "Đinh", "Ðinh", "tráng đinh"):
        assert typed.id in ids(result(team_store.read(queries.search_residents, query))), query
    assert ids(result(team_store.read(queries.similar_residents, same))) == {typed.id}
    stored = result(team_store.read(queries.get_resident, typed.id))
    assert stored.full_name == "Đinh Công Tráng"


def test_free_text_search_keeps_like_wildcards_as_written(team_store: Store) -> None:
    roster = result(team_store.read(queries.load_roster))
    places = ["Phòng_2 nhà văn hoá", "Phòng 2 nhà văn hoá", "Sân 100% mái che", "Sân 1000 chỗ"]
    made = {}
    for place in places:
        t = Training(
            day=TODAY,
            start_time="08:00",
            end_time="09:00",
            place=place,
            status=TrainingStatus.HELD,
            topic_ids=[roster.topics[0].id],
        )
        result(team_store.write(commands.save_training, t, "t"))
        made[place] = t.id

    def search(text: str) -> set[str]:
        q = ListQuery("training", search=text)
        return {r[0] for r in result(team_store.read(lists.page, q, 0, 100))}

    assert search("Phòng_2") == {made["Phòng_2 nhà văn hoá"]}  # '_' was dropped: both matched
    assert search("100%") == {made["Sân 100% mái che"]}  # '%' was dropped: 1000 matched too
    assert search("phong 2 nha") == {made["Phòng 2 nhà văn hoá"]}


def test_pulled_records_are_cleaned(team_store: Store) -> None:
    """What an older laptop let through, applied from the server."""
    record = {
        "entity": "resident",
        "id": new_id(),
        "version": 1,
        "payload": {
            "full_name": "Ðinh\x01 Văn\u200b Lâm",
            "gender": None,
            "birth_year": 1960,
            "neighbourhood_id": None,
            "phone": "",
            "note": "a\r\nb\x07",
        },
    }
    result(team_store.write(syncdata.apply_records, [record]))
    stored = result(team_store.read(queries.get_resident, record["id"]))
    assert (stored.full_name, stored.note) == ("Đinh Văn Lâm", "a\nb")
    assert record["id"] in ids(result(team_store.read(queries.search_residents, "dinh lam")))


def test_the_report_survives_a_control_character_stored_by_any_means(team_store: Store) -> None:
    """One \\x01 in a team name stopped the team report (openpyxl refuses it, and its error
    put the team's name in the crash log)."""
    from openpyxl import load_workbook

    from desktop.printing import documents

    def dirty(db: Any) -> None:  # as no form, pull or migration would store it
        db.conn.execute("UPDATE team SET name = 'Tổ\x01 khu phố 3'")

    result(team_store.write(dirty))
    made = documents.report_document(team_store, Period(PeriodKind.YEAR, TODAY.year))
    assert made.xlsx is not None
    book = load_workbook(io.BytesIO(made.xlsx))
    assert book.active["A1"].value.startswith("Tổ khu phố 3 — ")
    assert "khuphố3" in pdf_text(made.pdf)


def test_the_central_service_cleans_what_laptops_send() -> None:
    from central import entities

    out = entities.normalise(
        "assist",
        "upsert",
        {
            "day": "2026-11-20",
            "resident_id": "r",
            "member_id": "m",
            "service_id": "s",
            "outcome": "referred",
            "reason": "Ｕ\u200bBND\x01 phường",
            "note": "a\r\n\x00b",
        },
    )
    assert (out["reason"], out["note"]) == ("UBND phường", "a\nb")
    clean_one = {"name": "Tổ CNS khu phố 3", "province_code": 1, "province_name": "Hà Nội"}
    clean_one |= {"commune_code": 4, "commune_name": "Phường Ba Đình"}
    assert {k: v for k, v in entities.normalise("team", "upsert", clean_one).items() if v} == (
        clean_one
    )
    # A lone surrogate is refused (what it stood for is lost), named by field, not by value.
    with pytest.raises(entities.Invalid, match=r"^full_name: ") as refused:
        entities.normalise("resident", "upsert", {"full_name": "An\ud800"})
    assert "An" not in str(refused.value)


# --- the repair of old files --------------------------------------------------------------------

NOW = "2026-01-02T03:04:05.000000Z"


def file_at_m003(path: Path) -> None:
    """A profile as the release before the cleaning rules left it."""
    conn = connect(path)
    migrations.apply(Database(conn), stop_before="m004_clean_text")
    rows = {
        "team": [
            ("t", "Tổ\x01 khu phố 3", 1, "Thành phố Hà Nội", 4, "Phường Ba Đình", None),
        ],
        # id, full_name, name_folded and sort_key as that release's fold made them
        "resident": [
            ("r-eth", "Ðinh Công Tráng", "ðinh cong trang", "trang ðinh cong trang", 1950, None),
            ("r-same", "Đinh Công Tráng", "dinh cong trang", "trang dinh cong trang", 1950, None),
            ("r-gone", "Lê\u200b Văn Tám", "le\u200b van tam", "tam le\u200b van tam", 1970, NOW),
        ],
        "training": [("tr", "2026-01-02", "08:00", "09:00", "NVH\u200b khu 3", "held", "a\r\nb")],
    }
    audit = (1, NOW, NOW, "laptop")
    conn.executemany(
        "INSERT INTO team (id, name, province_code, province_name, commune_code, commune_name,"
        " deleted_at, version, created_at, updated_at, recorded_by)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(*r, *audit) for r in rows["team"]],
    )
    conn.executemany(
        "INSERT INTO resident (id, full_name, name_folded, sort_key, birth_year, deleted_at,"
        " version, created_at, updated_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(*r, *audit) for r in rows["resident"]],
    )
    conn.executemany(
        "INSERT INTO training (id, day, start_time, end_time, place, status, note,"
        " version, created_at, updated_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(*r, *audit) for r in rows["training"]],
    )
    conn.commit()
    conn.close()


def test_m004_repairs_old_text_and_queues_the_repair(tmp_path: Path) -> None:
    path = tmp_path / "sotay.sqlite3"
    file_at_m003(path)
    before = connect(path, readonly=True)
    try:  # the trouble, as it was
        assert "r-eth" not in ids(queries.search_residents(before, "dinh"))
        same = Resident(full_name="Đinh Công Tráng", birth_year=1950, id="r-same")
        assert "r-eth" not in ids(queries.similar_residents(before, same))
    finally:
        before.close()

    store = Store(path, tmp_path / "backups")
    try:
        result(store.opened)
        for query in ("dinh", "Đinh", "Ðinh cong", "trang"):
            assert {"r-eth", "r-same"} <= ids(result(store.read(queries.search_residents, query)))
        assert "r-eth" in ids(result(store.read(queries.similar_residents, same)))

        def rows(conn: sqlite3.Connection, sql: str) -> list[tuple]:
            return [tuple(r) for r in conn.execute(sql)]

        residents = result(
            store.read(
                rows,
                "SELECT id, full_name, name_folded, sort_key, version FROM resident ORDER BY id",
            )
        )
        assert residents == [
            ("r-eth", "Đinh Công Tráng", "dinh cong trang", sort_key("Đinh Công Tráng"), 2),
            ("r-gone", "Lê Văn Tám", "le van tam", sort_key("Lê Văn Tám"), 1),  # repaired, not sent
            ("r-same", "Đinh Công Tráng", "dinh cong trang", sort_key("Đinh Công Tráng"), 1),
        ]
        assert result(store.read(rows, "SELECT name, version FROM team")) == [("Tổ khu phố 3", 2)]
        assert result(store.read(rows, "SELECT place, note, version FROM training")) == [
            ("NVH khu 3", "a\nb", 2)
        ]

        # Each repaired live record queued once, at its new version, as it now is.
        queued = result(store.read(syncdata.read_batch, 100, 10**6))
        assert {(c.entity, c.id) for c in queued} == {
            ("team", "t"),
            ("resident", "r-eth"),
            ("training", "tr"),
        }
        by_id = {c.id: c for c in queued}
        assert by_id["r-eth"].payload["full_name"] == "Đinh Công Tráng"
        assert by_id["r-eth"].payload["birth_year"] == 1950
        assert by_id["r-eth"].payload["recorded_by"] == "laptop"
        assert (by_id["tr"].payload["place"], by_id["tr"].payload["note"]) == ("NVH khu 3", "a\nb")
        versions = result(store.read(rows, "SELECT entity_id, version, op FROM outbox"))
        assert sorted(versions) == [("r-eth", 2, "upsert"), ("t", 2, "upsert"), ("tr", 2, "upsert")]

        def check_index(db: Any) -> None:
            db.conn.execute(
                "INSERT INTO resident_fts(resident_fts, rank) VALUES ('integrity-check', 1)"
            )

        result(store.write(check_index))
    finally:
        store.close()


# --- property-based: whatever is accepted is saved, found, printed and written --------------------

_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
VIETNAMESE = sorted(
    {
        unicodedata.normalize("NFC", base + tone)
        for base in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
        for tone in _TONES
    }
    | set("bcdđghklmnpqrstvxBCDĐGHKLMNPQRSTVX")
)
NASTY = [
    *"\x00\x01\x07\x08\t\n\r\x0b\x0c\x1b\x1c\x1f\x7f\x85\x9f",
    *"\u00ad\u200b\u200c\u200d\u200e\u200f\u202a\u202e\u2060\u2066\u2069\ufeff\U000e0041",
    *"\ud800\udbff\udc00\udfff\ud83d\ude00",  # lone, or a pair as two code points
    *"\ue000\U000f0000\ufffe\uffff\ufdd0\U0001fffe\u3164\u115f\ufffc\u19b0\u1cf2",
    *" \u00a0\u2003\u2028\u2029\u3000",
    *"<>&\"'%_\\*=-()/",
]
LOOKS = [*LOOKALIKES, *"ÐðƉɖＡＺａｚ０９（）"]
MARKS = [*"\u0300\u0301\u0302\u0303\u0306\u0309\u031b\u0323\u0340\u0341\u0344"]
CHARS = st.one_of(
    st.sampled_from(VIETNAMESE),
    st.sampled_from(NASTY),
    st.sampled_from(LOOKS),
    st.sampled_from(MARKS),
    st.characters(),
)
TEXT = st.text(CHARS, max_size=30) | st.text(CHARS, min_size=100, max_size=140)


@settings(max_examples=300, deadline=None, database=None)
@given(TEXT, st.text(CHARS, max_size=60))
def test_cleaning_once_is_cleaning_twice(line: str, note: str) -> None:
    once = clean_line(line)
    assert clean_line(once) == once
    assert clean_block(clean_block(note)) == clean_block(note)
    assert fold(line) == fold(once)  # a search typed raw finds what was stored clean
    for text in (once, clean_block(note)):
        text.encode("utf-8")  # no surrogate
        assert unicodedata.is_normalized("NFC", text)
        # Unassigned code points stay: they may be letters to a newer Unicode (an emoji).
        assert not [
            c for c in text if c != "\n" and unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co")
        ]
        assert not [c for c in text if c.isspace() and c not in " \n"]
        assert not [c for c in text if (ord(c) & 0xFFFE) == 0xFFFE or 0xFDD0 <= ord(c) <= 0xFDEF]
    assert "\n" not in once and once == once.strip()


def pdf_text(pdf: bytes) -> str:
    """A PDF's text with no white space, as it wraps any way a cell is wide."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return "".join("".join((p.extract_text() or "").split()) for p in pages)


def printed(text: str, pdf: str, cmap: dict[int, int]) -> bool:
    """Whether `text` shows in a PDF's text: characters the font has no glyph for cannot be
    read back (the PDF shows its empty box), so only text drawn whole is looked for."""
    bare = "".join(text.split())
    if not all(ord(c) in cmap for c in bare):
        return True
    return unicodedata.normalize("NFC", bare) in unicodedata.normalize("NFC", pdf)


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A profile with one record of each kind; each example rewrites them (same ids)."""
    folder = tmp_path_factory.mktemp("pipeline")
    store = Store(folder / "sotay.sqlite3", folder / "backups")
    result(store.opened)
    team = Team(
        name="Tổ CNS",
        province_code=1,
        province_name="Thành phố Hà Nội",
        commune_code=4,
        commune_name="Phường Ba Đình",
    )
    result(store.write(commands.set_up, team, [], []))
    roster = result(store.read(queries.load_roster))
    yield {
        "store": store,
        "team": team,
        "service": roster.services[0].id,
        "ids": {k: new_id() for k in ("nb", "member", "topic", "resident", "training", "assist")},
    }
    store.close()


def accept(check: Any, record: Any, fallbacks: dict[str, str]) -> list[FieldError]:
    """Check `record`; each refused text field gets a message, then a plain value, so that
    the rest of the pipeline still runs. Returns what was refused."""
    from desktop.ui.texts import problem_text

    refused = check(record)
    for error in refused:
        assert problem_text(error).strip(), error
        if error.field in fallbacks:
            setattr(record, error.field, fallbacks[error.field])
    if refused:
        assert check(record) == []
    return refused


@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    st.fixed_dictionaries(
        {
            "team": TEXT,
            "nb": TEXT,
            "member": TEXT,
            "topic": TEXT,
            "resident": TEXT,
            "resident_note": st.text(CHARS, max_size=60),
            "place": TEXT,
            "training_note": st.text(CHARS, max_size=60),
            "reason": TEXT,
            "assist_note": st.text(CHARS, max_size=60),
        }
    )
)
def test_whatever_is_accepted_is_saved_found_printed_and_written(
    qapp: Any, pipeline: dict[str, Any], typed: dict[str, str]
) -> None:
    from openpyxl import load_workbook
    from reportlab.pdfbase import pdfmetrics

    from desktop.printing import documents
    from sotay.printing import fonts

    fonts.register()
    cmap = pdfmetrics.getFont(fonts.SERIF).face.charToGlyph
    store: Store = pipeline["store"]
    ids_: dict[str, str] = pipeline["ids"]

    team: Team = pipeline["team"]
    team.name = typed["team"]
    refused = accept(check_team, team, {"name": "Tổ CNS"})
    for error in refused:  # refused for what cleaning left, and only then
        assert error.problem in (Problem.REQUIRED, Problem.TOO_LONG, Problem.NAME_NOT_LETTERS)
    if not refused:
        assert team.name == clean(typed["team"])
    nb = Neighbourhood(name=typed["nb"], id=ids_["nb"])
    accept(check_neighbourhood, nb, {"name": "Khu phố 1"})
    member = Member(full_name=typed["member"], role=Role.LEADER, id=ids_["member"])
    accept(check_member, member, {"full_name": "Trần Thị Lan"})
    topic = CatalogueItem(name=typed["topic"], id=ids_["topic"])
    accept(check_catalogue_item, topic, {"name": "Kỹ năng số"})
    result(store.write(commands.save_roster, team, [nb], [member], []))
    result(store.write(commands.save_catalogue, "topic", [topic]))

    resident = Resident(
        full_name=typed["resident"],
        birth_year=1950,
        neighbourhood_id=nb.id,
        note=typed["resident_note"],
        id=ids_["resident"],
    )
    accept(
        lambda r: check_resident(r, TODAY),
        resident,
        {"full_name": "Nguyễn Văn An", "note": ""},
    )
    result(store.write(commands.save_resident, resident, "t"))
    training = Training(
        day=TODAY,
        start_time="08:00",
        end_time="09:00",
        place=typed["place"],
        status=TrainingStatus.HELD,
        note=typed["training_note"],
        topic_ids=[topic.id],
        trainer_ids=[member.id],
        attendance=[Attendance(resident.id)],
        id=ids_["training"],
    )
    accept(
        lambda t: check_training(t, TODAY),
        training,
        {"place": "Nhà văn hoá", "note": ""},
    )
    result(store.write(commands.save_training, training, "t"))
    assist = Assist(
        day=TODAY,
        resident_id=resident.id,
        member_id=member.id,
        service_id=pipeline["service"],
        outcome=Outcome.REFERRED,
        reason=typed["reason"],
        note=typed["assist_note"],
        id=ids_["assist"],
    )
    accept(
        lambda a: check_assist(a, TODAY),
        assist,
        {"reason": "UBND phường", "note": ""},
    )
    result(store.write(commands.save_assist, assist, "t"))

    # Saved as accepted.
    stored = result(store.read(queries.get_resident, resident.id))
    assert (stored.full_name, stored.note) == (resident.full_name, resident.note)
    got = result(store.read(queries.get_training, training.id))
    assert got is not None

    # Found: by the name as stored, as typed, and by its first word; in the lists too.
    name = resident.full_name
    queries_ = [name] + ([typed["resident"]] if clean(typed["resident"]) == name else [])
    for query in queries_:
        assert resident.id in ids(result(store.read(queries.search_residents, query, 10_000)))
    first = next(w for w in name.split() if any(c.isalnum() for c in fold(w)))
    assert resident.id in ids(result(store.read(queries.search_residents, first, 10_000)))
    for table, text, wanted in (
        ("resident", name, resident.id),
        ("assist", name, assist.id),
        ("training", training.place, training.id),
        ("training", training.note, training.id),
    ):
        page = result(store.read(lists.page, ListQuery(table, search=text), 0, 10_000))
        assert wanted in {r[0] for r in page}, (table, text)

    # Printed: the attendance sheet, the help sign-off sheet and the team report.
    sheet = documents.attendance_document(store, training.id, True, 0, member.full_name)
    text = pdf_text(sheet.pdf)
    for value in (name, nb.name, training.place, topic.name, member.full_name, team.name.upper()):
        assert printed(value, text, cmap), value
    sign_off = documents.sign_off_document(store, TODAY, TODAY, member.full_name)
    assert printed(assist.reason, pdf_text(sign_off.pdf), cmap)
    made = documents.report_document(store, Period(PeriodKind.YEAR, TODAY.year))
    assert printed(team.name, pdf_text(made.pdf), cmap)

    # Written to the workbook, and read back as it was stored.
    assert made.xlsx is not None
    book = load_workbook(io.BytesIO(made.xlsx))
    head = f"{team.name} — {team.commune_name}, {team.province_name}"
    assert book["Chỉ tiêu"]["A1"].value == head
    topics = [row[1] for row in book["Theo chủ đề"].iter_rows(min_row=5, values_only=True)]
    assert topic.name in topics

    # Queued as stored; the central service's own cleaning leaves it as it is.
    from central import entities

    queued = {c.id: c for c in result(store.read(syncdata.read_batch, 10_000, 10**9))}
    for entity, record, fields in (
        ("team", team, ("name",)),
        ("resident", resident, ("full_name", "note")),
        ("training", training, ("place", "note")),
        ("assist", assist, ("reason", "note")),
    ):
        payload = queued[record.id].payload
        assert json.loads(json.dumps(payload, ensure_ascii=False).encode()) == payload
        server = entities.normalise(entity, "upsert", payload)
        for field in fields:
            assert payload[field] == server[field] == getattr(record, field), field
