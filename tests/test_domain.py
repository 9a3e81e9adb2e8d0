"""Domain rules: Vietnamese text, phones, validation, periods and administrative units."""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta

import pytest

from sotay.domain import units
from sotay.domain.models import (
    Assist,
    Gender,
    Member,
    Outcome,
    Resident,
    Role,
    Team,
    Training,
    TrainingStatus,
)
from sotay.domain.periods import Period, PeriodKind, is_elderly
from sotay.domain.phone import normalize_phone
from sotay.domain.text import clean, collation_key, fold, fts_query, sort_key
from sotay.domain.validation import (
    MAX_DAYS_AHEAD,
    MAX_NAME,
    MAX_NOTE,
    FieldError,
    Problem,
    check_assist,
    check_member,
    check_resident,
    check_team,
    check_training,
    parse_birth_year,
)

TODAY = date(2026, 6, 15)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


# --- text ---------------------------------------------------------------------------------------


class TestText:
    def test_fold_strips_marks_and_folds_d_stroke(self):
        assert fold("Đặng Thị Hương") == "dang thi huong"
        assert fold("đường Ưu Đãi") == "duong uu dai"
        assert fold("ĐĐđđ") == "dddd"
        assert fold("Nguyễn Thị Hương") == "nguyen thi huong"
        assert fold("Phường Hồ Gươm, Ô Chợ Dừa") == "phuong ho guom, o cho dua"

    def test_fold_accepts_decomposed_input(self):
        typed = nfd("Nguyễn Thị Hương")
        assert typed != "Nguyễn Thị Hương"  # really decomposed
        assert fold(typed) == "nguyen thi huong"
        assert fold(nfd("Đặng Văn Bình")) == "dang van binh"

    def test_fold_collapses_and_trims_spaces(self):
        assert fold("  Nguyễn \t Thị\n\nHương  ") == "nguyen thi huong"
        assert fold("HOÀNG\u00a0VĂN  AN") == "hoang van an"  # no-break space too

    def test_fold_empty(self):
        assert fold("") == ""
        assert fold(None) == ""
        assert fold("   ") == ""

    def test_clean_is_nfc_trimmed_and_collapsed(self):
        out = clean(nfd("  Nguyễn   Thị \t Hương "))
        assert out == "Nguyễn Thị Hương"
        assert is_nfc(out)
        assert clean(None) == ""
        assert clean("  ") == ""
        # clean keeps case and marks
        assert clean("ĐẶNG văn bình") == "ĐẶNG văn bình"

    def test_sort_key_is_given_name_first(self):
        assert sort_key("Ánh") < sort_key("An Bình") < sort_key("Bình")
        names = ["Trần Văn Đức", "Nguyễn Thị Ánh", "Lê Văn Bình", "Phạm An", "Ngô Bình"]
        assert sorted(names, key=sort_key) == [
            "Phạm An",
            "Nguyễn Thị Ánh",
            "Lê Văn Bình",
            "Ngô Bình",
            "Trần Văn Đức",
        ]

    def test_names_sort_in_vietnamese_alphabetical_order(self):
        # a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y; tones after the letters
        order = ["An", "Án", "Anh", "Ẳm", "Âu", "Dũng", "Đức", "Em", "Êm", "Long", "Lộc",
                 "Lợi", "On", "Ông", "Ơn", "Ung", "Ưng", "Vy", "Xuân", "Ý"]  # fmt: skip
        assert sorted(reversed(order), key=sort_key) == order
        # tones in dictionary order: ngang, huyền, hỏi, ngã, sắc, nặng
        tones = ["Ma", "Mà", "Mả", "Mã", "Má", "Mạ"]
        assert sorted(reversed(tones), key=sort_key) == tones
        # the same, typed in upper case, decomposed or with a look-alike Đ
        assert sort_key("LỘC") == sort_key(nfd("lộc")) == sort_key("Lộc")
        assert sort_key("\u00d0ức") == sort_key("Đức")
        assert all(ch.isascii() for ch in sort_key("Nguyễn Thị Ẳm"))

    def test_places_sort_by_letters_then_numbers_as_numbers(self):
        places = ["An Phú", "Ấp 1", "Ấp 2", "Ấp 10", "Khu phố 3", "Khu phố 12", "Thôn Đông"]
        assert sorted(reversed(places), key=collation_key) == places

    def test_fts_query_prefix_and_every_word(self):
        assert fts_query("Đặng  BÌNH") == '"dang"* AND "binh"*'
        assert fts_query(nfd("Hương")) == '"huong"*'
        assert fts_query("0912") == '"0912"*'

    def test_fts_query_drops_syntax_and_empty(self):
        assert fts_query("") is None
        assert fts_query("  ,;- ") is None
        # FTS5 operators / quotes typed by the user can't reach MATCH: each word is one quoted
        # phrase ('"' doubled), which FTS5 tokenizes as it did the stored name
        assert fts_query('an" OR "*') == '"an"""* AND "or"*'
        assert fts_query("NEAR(a b)") == '"near(a"* AND "b)"*'


# --- phone --------------------------------------------------------------------------------------


class TestPhone:
    @pytest.mark.parametrize(
        ("typed", "stored"),
        [
            ("0912345678", "0912345678"),
            ("0987654321", "0987654321"),
            ("0351234567", "0351234567"),
            ("0861234567", "0861234567"),
            ("0701234567", "0701234567"),
            ("0561234567", "0561234567"),
            ("0591234567", "0591234567"),
            ("0912 345 678", "0912345678"),
            ("0912.345.678", "0912345678"),
            ("0912-345-678", "0912345678"),
            ("+84 912 345 678", "0912345678"),
            ("+84912345678", "0912345678"),
            ("(+84) 912.345.678", "0912345678"),
        ],
    )
    def test_valid_mobiles_are_normalised(self, typed, stored):
        assert normalize_phone(typed) == stored

    @pytest.mark.parametrize(
        "typed",
        [
            "091234567",  # too short
            "0912",
            "09123456789",  # 11 digits
            "12345678901",
            "83920174652",
            "0012345678",
            "0912abc345",  # letters in the middle leave too few digits
            "+1 650 253 0000",  # foreign
            "+44 20 7946 0958",
            "+86 10 1234 5678",
        ],
    )
    def test_invalid_numbers(self, typed):
        assert normalize_phone(typed) is None

    @pytest.mark.parametrize("typed", ["abc", "không có", "0912345678x"])
    def test_letters_are_invalid(self, typed):
        assert normalize_phone(typed) is None

    def test_empty_is_empty(self):
        assert normalize_phone("") == ""
        assert normalize_phone(None) == ""
        assert normalize_phone("   ") == ""


# --- validation ---------------------------------------------------------------------------------


class TestResident:
    def test_accepted_values_come_back_normalised(self):
        r = Resident(
            full_name=nfd("  Nguyễn   Thị  Hương "),
            gender=Gender.FEMALE,
            birth_year=1958,
            phone="+84 912.345.678",
            note="  hay quên mật khẩu  ",
        )
        assert check_resident(r, TODAY) == []
        assert r.full_name == "Nguyễn Thị Hương"
        assert is_nfc(r.full_name)
        assert r.phone == "0912345678"
        assert r.note == "hay quên mật khẩu"
        assert r.birth_year == 1958

    def test_optional_fields_may_be_empty(self):
        r = Resident(full_name="An")
        assert check_resident(r, TODAY) == []
        assert r.phone == ""

    @pytest.mark.parametrize("name", ["", "   ", "\t\n"])
    def test_empty_name(self, name):
        assert check_resident(Resident(full_name=name), TODAY) == [
            FieldError("full_name", Problem.REQUIRED)
        ]

    def test_name_too_long_and_not_letters(self):
        assert check_resident(Resident(full_name="a" * (MAX_NAME + 1)), TODAY) == [
            FieldError("full_name", Problem.TOO_LONG, MAX_NAME)
        ]
        assert check_resident(Resident(full_name="a" * MAX_NAME), TODAY) == []
        assert check_resident(Resident(full_name="123 - 456"), TODAY) == [
            FieldError("full_name", Problem.NAME_NOT_LETTERS)
        ]

    @pytest.mark.parametrize("year", [1899, 0, -5, TODAY.year + 1, 20000])
    def test_birth_year_out_of_range(self, year):
        assert check_resident(Resident(full_name="An", birth_year=year), TODAY) == [
            FieldError("birth_year", Problem.BIRTH_YEAR_RANGE, TODAY.year)
        ]

    @pytest.mark.parametrize("year", [1900, 1960, TODAY.year])
    def test_birth_year_bounds_accepted(self, year):
        assert check_resident(Resident(full_name="An", birth_year=year), TODAY) == []

    def test_parse_birth_year(self):
        assert parse_birth_year("") is None
        assert parse_birth_year("  ") is None
        assert parse_birth_year(" 1958 ") == 1958
        assert parse_birth_year("năm 58") == "năm 58"

    def test_unparsable_birth_year_is_reported_not_crashing(self):
        r = Resident(full_name="An", birth_year=parse_birth_year("19a8"))
        assert check_resident(r, TODAY) == [
            FieldError("birth_year", Problem.BIRTH_YEAR_RANGE, TODAY.year)
        ]

    def test_parse_birth_year_superscript_digits(self):
        assert parse_birth_year("19²") == "19²"

    @pytest.mark.parametrize("phone", ["0912", "09123456789", "+1 650 253 0000"])
    def test_invalid_phone(self, phone):
        r = Resident(full_name="An", phone=phone)
        assert check_resident(r, TODAY) == [FieldError("phone", Problem.PHONE_INVALID)]
        assert r.phone == phone  # kept as typed so the user can correct it

    def test_note_too_long(self):
        r = Resident(full_name="An", note="x" * (MAX_NOTE + 1))
        assert check_resident(r, TODAY) == [FieldError("note", Problem.TOO_LONG, MAX_NOTE)]

    def test_several_problems_at_once(self):
        r = Resident(full_name=" ", birth_year=1800, phone="12")
        assert check_resident(r, TODAY) == [
            FieldError("full_name", Problem.REQUIRED),
            FieldError("birth_year", Problem.BIRTH_YEAR_RANGE, TODAY.year),
            FieldError("phone", Problem.PHONE_INVALID),
        ]


def good_training(**kw) -> Training:
    values = dict(
        day=TODAY,
        start_time="08:00",
        end_time="10:30",
        place="Nhà văn hóa tổ 5",
        status=TrainingStatus.HELD,
        topic_ids=["t1"],
    )
    values.update(kw)
    return Training(**values)


class TestTraining:
    def test_accepted_values_come_back_normalised(self):
        t = good_training(
            start_time=" 07:30 ",
            end_time="09:00 ",
            place=nfd("  Nhà   văn hóa  tổ 5 "),
            note="  mang CCCD  ",
        )
        assert check_training(t, TODAY) == []
        assert (t.start_time, t.end_time) == ("07:30", "09:00")
        assert t.place == "Nhà văn hóa tổ 5"
        assert is_nfc(t.place)
        assert t.note == "mang CCCD"

    @pytest.mark.parametrize(("start", "end"), [("10:00", "10:00"), ("10:00", "09:59")])
    def test_end_before_or_equal_start(self, start, end):
        assert check_training(good_training(start_time=start, end_time=end), TODAY) == [
            FieldError("end_time", Problem.END_BEFORE_START)
        ]

    @pytest.mark.parametrize("bad", ["7:30", "24:00", "08:60", "8h30", "08.30", "0830", "ab:cd"])
    def test_bad_time_text(self, bad):
        assert check_training(good_training(start_time=bad), TODAY) == [
            FieldError("start_time", Problem.TIME_INVALID)
        ]
        assert check_training(good_training(end_time=bad), TODAY) == [
            FieldError("end_time", Problem.TIME_INVALID)
        ]

    def test_times_required(self):
        assert check_training(good_training(start_time="", end_time=" "), TODAY) == [
            FieldError("start_time", Problem.REQUIRED),
            FieldError("end_time", Problem.REQUIRED),
        ]

    def test_times_at_the_edges(self):
        assert check_training(good_training(start_time="00:00", end_time="23:59"), TODAY) == []

    def test_date_too_far_ahead(self):
        ok = good_training(day=TODAY + timedelta(days=MAX_DAYS_AHEAD))
        assert check_training(ok, TODAY) == []
        far = good_training(day=TODAY + timedelta(days=MAX_DAYS_AHEAD + 1))
        assert check_training(far, TODAY) == [
            FieldError("day", Problem.DATE_TOO_FAR, MAX_DAYS_AHEAD)
        ]

    def test_past_date_is_fine(self):
        assert check_training(good_training(day=date(2020, 1, 1)), TODAY) == []

    def test_day_place_topic_required(self):
        t = good_training(day=None, place="   ", topic_ids=[])
        assert check_training(t, TODAY) == [
            FieldError("day", Problem.REQUIRED),
            FieldError("place", Problem.REQUIRED),
            FieldError("topics", Problem.NO_TOPIC),
        ]

    def test_place_too_long(self):
        assert check_training(good_training(place="x" * (2 * MAX_NAME + 1)), TODAY) == [
            FieldError("place", Problem.TOO_LONG, 2 * MAX_NAME)
        ]


def good_assist(**kw) -> Assist:
    values = dict(day=TODAY, resident_id="r", member_id="m", service_id="s")
    values.update(kw)
    return Assist(**values)


class TestAssist:
    def test_accepted(self):
        a = good_assist(reason="  ", note=" ok ")
        assert check_assist(a, TODAY) == []
        assert a.reason == ""
        assert a.note == "ok"

    def test_in_the_future(self):
        assert check_assist(good_assist(day=TODAY + timedelta(days=1)), TODAY) == [
            FieldError("day", Problem.DATE_IN_FUTURE)
        ]

    @pytest.mark.parametrize("outcome", [Outcome.NOT_DONE, Outcome.REFERRED])
    def test_reason_required_unless_done(self, outcome):
        assert check_assist(good_assist(outcome=outcome, reason="  "), TODAY) == [
            FieldError("reason", Problem.REASON_REQUIRED)
        ]
        a = good_assist(outcome=outcome, reason=nfd("  Chuyển   UBND  phường "))
        assert check_assist(a, TODAY) == []
        assert a.reason == "Chuyển UBND phường"
        assert is_nfc(a.reason)

    def test_required_links(self):
        a = Assist(day=None)
        assert check_assist(a, TODAY) == [
            FieldError("day", Problem.REQUIRED),
            FieldError("resident", Problem.REQUIRED),
            FieldError("member", Problem.REQUIRED),
            FieldError("service", Problem.REQUIRED),
        ]


class TestMemberAndTeam:
    def test_member(self):
        m = Member(full_name=nfd(" Trần  Văn Tổ "), role=Role.LEADER, phone="0912 345 678")
        assert check_member(m) == []
        assert m.full_name == "Trần Văn Tổ"
        assert m.phone == "0912345678"
        assert check_member(Member(full_name="")) == [FieldError("full_name", Problem.REQUIRED)]
        assert check_member(Member(full_name="An", phone="0912")) == [
            FieldError("phone", Problem.PHONE_INVALID)
        ]

    def test_team(self):
        t = Team(name=nfd(" Tổ  CNS  Ba Đình "), province_code=1, commune_code=4)
        assert check_team(t) == []
        assert t.name == "Tổ CNS Ba Đình"
        assert check_team(Team()) == [
            FieldError("name", Problem.REQUIRED),
            FieldError("province", Problem.REQUIRED),
            FieldError("commune", Problem.REQUIRED),
        ]


# --- periods ------------------------------------------------------------------------------------


class TestPeriods:
    @pytest.mark.parametrize(
        ("period", "start", "end"),
        [
            (Period(PeriodKind.MONTH, 2025, 1), date(2025, 1, 1), date(2025, 2, 1)),
            (Period(PeriodKind.MONTH, 2024, 2), date(2024, 2, 1), date(2024, 3, 1)),
            (Period(PeriodKind.MONTH, 2025, 11), date(2025, 11, 1), date(2025, 12, 1)),
            (Period(PeriodKind.MONTH, 2025, 12), date(2025, 12, 1), date(2026, 1, 1)),
            (Period(PeriodKind.QUARTER, 2025, 1), date(2025, 1, 1), date(2025, 4, 1)),
            (Period(PeriodKind.QUARTER, 2025, 2), date(2025, 4, 1), date(2025, 7, 1)),
            (Period(PeriodKind.QUARTER, 2025, 3), date(2025, 7, 1), date(2025, 10, 1)),
            (Period(PeriodKind.QUARTER, 2025, 4), date(2025, 10, 1), date(2026, 1, 1)),
            (Period(PeriodKind.YEAR, 2025), date(2025, 1, 1), date(2026, 1, 1)),
            (Period(PeriodKind.YEAR, 2025, 7), date(2025, 1, 1), date(2026, 1, 1)),
        ],
    )
    def test_start_end(self, period, start, end):
        assert (period.start, period.end) == (start, end)

    def test_containing(self):
        d = date(2025, 12, 31)
        assert Period.containing(PeriodKind.MONTH, d) == Period(PeriodKind.MONTH, 2025, 12)
        assert Period.containing(PeriodKind.QUARTER, d) == Period(PeriodKind.QUARTER, 2025, 4)
        assert Period.containing(PeriodKind.YEAR, d) == Period(PeriodKind.YEAR, 2025)
        for month, quarter in [(1, 1), (3, 1), (4, 2), (6, 2), (7, 3), (9, 3), (10, 4)]:
            p = Period.containing(PeriodKind.QUARTER, date(2025, month, 15))
            assert p.index == quarter
            assert p.start <= date(2025, month, 15) < p.end

    def test_is_elderly(self):
        p = Period(PeriodKind.MONTH, 2025, 3)
        assert is_elderly(1965, p)  # turns 60 this year
        assert is_elderly(1930, p)
        assert not is_elderly(1966, p)
        assert not is_elderly(None, p)


# --- administrative units -----------------------------------------------------------------------


class TestUnits:
    def test_counts(self):
        provinces = units.provinces()
        assert len(provinces) == 34
        assert len({p.code for p in provinces}) == 34
        assert sum(len(units.communes(p.code)) for p in provinces) == 3321

    def test_sorted_and_folded(self):
        provinces = units.provinces()
        assert [p.folded for p in provinces] == sorted(p.folded for p in provinces)
        assert all(p.folded == fold(p.name) for p in provinces)

    @pytest.mark.parametrize("typed", ["ha noi", "HÀ NỘI", "Hà Nội", "noi", nfd("hà nội")])
    def test_matching_province(self, typed):
        found = units.matching(units.provinces(), typed)
        assert [p.name for p in found] == ["Thành phố Hà Nội"]

    def test_matching_nothing_and_everything(self):
        provinces = units.provinces()
        assert units.matching(provinces, "hn") == []
        assert units.matching(provinces, "") == list(provinces)

    def test_matching_commune_with_d_stroke(self):
        hanoi = units.matching(units.provinces(), "ha noi")[0]
        communes = units.communes(hanoi.code)
        target = next(c for c in communes if c.name.split()[-2:] == ["Đống", "Đa"])
        found = units.matching(communes, "dong da")
        assert target in found
        assert all("dong" in c.folded and "da" in c.folded for c in found)
        # any commune spelled with Đ is found by its folded words typed with a plain d
        for c in communes:
            if "Đ" in c.name:
                assert c in units.matching(communes, c.folded)
