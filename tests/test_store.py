"""The store on real SQLite files: migrations, pragmas, commands + outbox, search, overview,
paged lists."""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from dataclasses import asdict
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlite_utils import Database

from desktop.store import commands, fresh, lists, queries
from desktop.store.lists import ListQuery
from desktop.store.migrations import migrations
from desktop.store.store import Store
from sotay.domain.catalogue import SEED_SERVICES, SEED_TOPICS
from sotay.domain.models import (
    Assist,
    Attendance,
    Gender,
    Member,
    Neighbourhood,
    Outcome,
    Resident,
    Role,
    Team,
    Training,
    TrainingStatus,
)
from sotay.domain.periods import Period, PeriodKind
from sotay.domain.text import sort_key
from sotay.domain.validation import check_resident

TIMEOUT = 10
TABLES = {
    "team",
    "neighbourhood",
    "member",
    "resident",
    "resident_fts",
    "topic",
    "service",
    "training",
    "training_topic",
    "training_trainer",
    "attendance",
    "assist",
    "outbox",
    "sync_state",
    "sync_attention",
    "_sqlite_migrations",
}


# --- helpers ------------------------------------------------------------------------------------


def write(store: Store, fn, *args):
    return store.write(fn, *args).result(timeout=TIMEOUT)


def read(store: Store, fn, *args):
    return store.read(fn, *args).result(timeout=TIMEOUT)


def rows(store: Store, sql: str, *params) -> list[tuple]:
    return read(store, lambda c: [tuple(r) for r in c.execute(sql, params)])


def outbox(store: Store, entity: str | None = None) -> list[tuple]:
    """(entity, entity_id, op, version, payload) in order."""
    where, params = ("WHERE entity = ?", (entity,)) if entity else ("", ())
    return [
        (e, i, op, v, json.loads(p))
        for e, i, op, v, p in rows(
            store,
            f"SELECT entity, entity_id, op, version, payload FROM outbox {where} ORDER BY seq",
            *params,
        )
    ]


def open_store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "data" / "sotay.sqlite3", tmp_path / "backups")
    store.opened.result(timeout=TIMEOUT)
    return store


class TeamData:
    """What set_up seeds; referenced by the tests."""

    def __init__(self) -> None:
        self.team = Team(
            name="Tổ CNS phường Ba Đình",
            province_code=1,
            province_name="Thành phố Hà Nội",
            commune_code=4,
            commune_name="Phường Ba Đình",
        )
        self.nb = [Neighbourhood(name=n) for n in ("Tổ dân phố 1", "Tổ dân phố 2", "Đội 3")]
        self.members = [
            Member(full_name="Trần Văn Tổ", role=Role.LEADER, phone="0912000001"),
            Member(full_name="Lê Thị Phó", role=Role.DEPUTY, phone="0912000002"),
            Member(full_name="Hoàng An", role=Role.MEMBER),
        ]


@pytest.fixture
def team(store):
    t = TeamData()
    write(store, commands.set_up, t.team, t.nb, t.members)
    roster = read(store, queries.load_roster)
    t.topics = roster.topics
    t.services = roster.services
    return t


def add_resident(store: Store, name: str, **kw) -> Resident:
    r = Resident(full_name=name, **kw)
    assert check_resident(r, date(2026, 1, 1)) == []
    write(store, commands.save_resident, r, "tester")
    return r


# --- migrations and pragmas ---------------------------------------------------------------------


def table_names(store: Store) -> set[str]:
    return {
        r[0]
        for r in rows(store, "SELECT name FROM sqlite_master WHERE type IN ('table')")
        if not r[0].startswith(("sqlite_", "resident_fts_"))
    }


def test_migrations_on_fresh_file(tmp_path, store):
    assert table_names(store) == TABLES
    applied = rows(store, "SELECT migration_set, name FROM _sqlite_migrations")
    assert applied == [("sotay", m.name) for m in migrations._migrations]
    assert ("sotay", "m001_initial") in applied
    # a fresh file has nothing to back up
    assert not (tmp_path / "backups").exists() or not list((tmp_path / "backups").iterdir())


def test_a_new_file_has_the_schema_every_migration_builds(store):
    """A new profile is made from fresh.sql, an old one by its migrations: both must end the
    same, and a later migration must apply to either."""
    made = read(store, fresh.dump)
    old = fresh.migrated()
    try:
        assert made == fresh.dump(old)
    finally:
        old.close()
    # Written by `python -m desktop.store.fresh`: stale once a migration is added.
    assert fresh.SCRIPT.read_text(encoding="utf-8") == made


def test_reopening_applies_nothing_and_keeps_data(tmp_path):
    s = open_store(tmp_path)
    r = add_resident(s, "Đặng Văn Bình", birth_year=1960)
    before = rows(s, "SELECT * FROM _sqlite_migrations")
    s.close()

    s = open_store(tmp_path)
    try:
        assert rows(s, "SELECT * FROM _sqlite_migrations") == before  # same applied_at too
        assert read(s, queries.get_resident, r.id) == r
        assert read(s, lambda c: migrations.pending(Database(c))) == []
        assert table_names(s) == TABLES
    finally:
        s.close()


def test_writer_pragmas(store):
    def pragmas(db):
        return {
            name: db.conn.execute(f"PRAGMA {name}").fetchone()[0]
            for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        }

    assert write(store, pragmas) == {
        "journal_mode": "wal",
        "synchronous": 2,
        "foreign_keys": 1,
        "busy_timeout": 5000,
    }


def test_reader_is_read_only(store):
    from desktop.failures import Failure, classify

    with pytest.raises(sqlite3.OperationalError) as info:
        read(store, lambda c: c.execute("CREATE TABLE x(a)"))
    assert classify(info.value) is Failure.READ_ONLY  # by SQLite's code, not its message


def test_foreign_keys_are_enforced_and_write_rolls_back(store, team):
    a = Assist(
        day=date(2025, 3, 1),
        resident_id="no-such-resident",
        member_id=team.members[0].id,
        service_id=team.services[0].id,
    )
    n = len(outbox(store))
    with pytest.raises(sqlite3.IntegrityError):
        write(store, commands.save_assist, a, None)
    assert rows(store, "SELECT COUNT(*) FROM assist") == [(0,)]
    assert len(outbox(store)) == n  # the outbox row went with the failed change


def test_a_failing_write_leaves_nothing(store):
    def save_then_fail(db):
        commands.save_resident(db, Resident(full_name="Ma"), None)
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        write(store, save_then_fail)
    assert rows(store, "SELECT COUNT(*) FROM resident") == [(0,)]
    assert rows(store, "SELECT COUNT(*) FROM outbox") == [(0,)]
    # and the writer still works
    add_resident(store, "An")
    assert rows(store, "SELECT COUNT(*) FROM resident") == [(1,)]


# --- set-up and residents -----------------------------------------------------------------------


def test_set_up_seeds_catalogues(store, team):
    assert [t.name for t in team.topics] == list(SEED_TOPICS)
    assert len(team.topics) == 8
    assert [s.name for s in team.services] == list(SEED_SERVICES)
    assert len(team.services) == 6
    roster = read(store, queries.load_roster)
    assert roster.team == team.team
    assert [m.role for m in roster.members] == [Role.LEADER, Role.DEPUTY, Role.MEMBER]
    assert {n.name for n in roster.neighbourhoods} == {n.name for n in team.nb}
    # seeding twice adds nothing
    write(store, commands.seed_catalogues)
    assert rows(store, "SELECT COUNT(*) FROM topic") == [(8,)]
    assert rows(store, "SELECT COUNT(*) FROM service") == [(6,)]
    ents = [e for e, *_ in outbox(store)]
    assert ents.count("topic") == 8 and ents.count("service") == 6 and ents.count("team") == 1


def test_a_team_keeps_one_leader(store, team):
    """Issue 19: a second leader was saved without a word. The store refuses a roster of two
    (nothing of that save is kept) and takes a swap saved in one go."""
    leader, deputy, _ = team.members
    deputy.role = Role.LEADER
    n = len(outbox(store))
    with pytest.raises(commands.TwoLeaders):
        write(store, commands.save_roster, team.team, [], [deputy], [])
    assert rows(store, "SELECT full_name FROM member WHERE role = 'leader'") == [("Trần Văn Tổ",)]
    assert len(outbox(store)) == n
    leader.role = Role.MEMBER
    write(store, commands.save_roster, team.team, [], [leader, deputy], [])
    assert rows(store, "SELECT full_name FROM member WHERE role = 'leader'") == [("Lê Thị Phó",)]
    with pytest.raises(commands.TwoLeaders):  # first start too
        write(store, commands.set_up, team.team, [], [Member(full_name="Mai", role=Role.LEADER)])


def test_save_edit_delete_resident(store, team):
    typed = unicodedata.normalize("NFD", "  Đặng   Văn Bình ")
    r = add_resident(
        store, typed, gender=Gender.MALE, birth_year=1960, phone="0912 345 678", note="n"
    )
    stored = rows(store, "SELECT full_name, name_folded, sort_key, phone, version FROM resident")
    key = sort_key("Đặng Văn Bình")
    assert stored == [("Đặng Văn Bình", "dang van binh", key, "0912345678", 1)]
    assert unicodedata.is_normalized("NFC", stored[0][0])

    [(entity, rid, op, version, payload)] = outbox(store, "resident")
    assert (entity, rid, op, version) == ("resident", r.id, "upsert", 1)
    assert payload["full_name"] == "Đặng Văn Bình"
    assert payload["recorded_by"] == "tester"
    assert "name_folded" not in payload and "sort_key" not in payload  # local-only keys

    r.full_name = "Đặng Văn Bính"
    write(store, commands.save_resident, r, "other")
    assert r.version == 2
    ob = outbox(store, "resident")
    assert [(op, v) for _, _, op, v, _ in ob] == [("upsert", 1), ("upsert", 2)]
    assert ob[1][4]["full_name"] == "Đặng Văn Bính"
    assert ob[1][4]["recorded_by"] == "tester"  # who first recorded it stays
    assert ob[1][4]["created_at"] == ob[0][4]["created_at"]
    assert [h.id for h in read(store, queries.search_residents, "binh")] == [r.id]

    write(store, commands.delete, "resident", r.id, "other")
    [(deleted_at, version)] = rows(store, "SELECT deleted_at, version FROM resident")
    assert deleted_at is not None and version == 3
    last = outbox(store, "resident")[-1]
    assert last[:4] == ("resident", r.id, "delete", 3)
    assert last[4]["deleted_by"] == "other"
    assert read(store, queries.search_residents, "dang") == []
    assert read(store, queries.search_residents, "0912") == []
    assert read(store, queries.get_resident, r.id) is None
    q = ListQuery("resident")
    assert read(store, lists.count, q) == 0
    assert read(store, lists.page, q, 0, 50) == []
    with pytest.raises(commands.NotFound):
        write(store, commands.delete, "resident", r.id, "other")


@pytest.fixture
def people(store, team):
    return {
        "binh": add_resident(store, "Đặng Văn Bình", birth_year=1960, phone="0912345678"),
        "huong": add_resident(store, "Nguyễn Thị Hương", birth_year=1975, phone="0987654321"),
        "duc": add_resident(store, "Dương Văn Đức", birth_year=1960),
        "an": add_resident(store, "Trần Bình An", birth_year=2000, phone="0912999888"),
        "gone": add_resident(store, "Đặng Văn Bình", birth_year=1990, phone="0333444555"),
    }


@pytest.mark.parametrize(
    "typed",
    [
        "dang",
        "đặng",
        "Đặng",
        "DANG BINH",
        "ĐẶNG BÌNH",
        "  dang   van  ",
        unicodedata.normalize("NFD", "Đặng Văn Bình"),
        "dan bin",  # prefixes of each word
        "bình đặng",  # any order
    ],
)
def test_search_by_name(store, people, typed):
    write(store, commands.delete, "resident", people["gone"].id, None)
    assert [h.id for h in read(store, queries.search_residents, typed)] == [people["binh"].id]


def test_search_results(store, people):
    write(store, commands.delete, "resident", people["gone"].id, None)
    # every 'binh', ordered by given name then whole name: 'an tran binh an' < 'binh dang ...'
    assert [h.full_name for h in read(store, queries.search_residents, "binh")] == [
        "Trần Bình An",
        "Đặng Văn Bình",
    ]
    assert [h.full_name for h in read(store, queries.search_residents, "d")] == [
        "Đặng Văn Bình",
        "Dương Văn Đức",
    ]
    assert read(store, queries.search_residents, "xyz") == []
    assert read(store, queries.search_residents, "   ") == []
    assert read(store, queries.search_residents, '"') == []


def test_search_by_phone_prefix(store, people):
    search = lambda t: [h.full_name for h in read(store, queries.search_residents, t)]  # noqa: E731
    assert search("0912") == ["Trần Bình An", "Đặng Văn Bình"]
    assert search("0912 345") == ["Đặng Văn Bình"]
    assert search("0912.345.678") == ["Đặng Văn Bình"]
    assert search("0987") == ["Nguyễn Thị Hương"]
    assert search("0333") == ["Đặng Văn Bình"]  # not yet deleted
    write(store, commands.delete, "resident", people["gone"].id, None)
    assert search("0333") == []
    assert search("0555") == []  # a prefix, not a substring
    assert search("+84 912 345") == ["Đặng Văn Bình"]  # international form of 0912 345
    q = ListQuery("resident", search="+84912")
    assert [r[1] for r in read(store, lists.page, q, 0, 10)] == ["Trần Bình An", "Đặng Văn Bình"]
    hit = read(store, queries.search_residents, "0987")[0]
    assert (hit.birth_year, hit.phone, hit.neighbourhood) == (1975, "0987654321", "")


def test_similar_residents(store, people):
    def similar(r: Resident) -> list[str]:
        return [h.id for h in read(store, queries.similar_residents, r)]

    binh = people["binh"]
    for typed in ("dang van binh", "ĐẶNG  VĂN   BÌNH", "Đặng Văn Bính", "  đặng văn bình "):
        assert similar(Resident(full_name=typed, birth_year=1960)) == [binh.id], typed
    # same phone, whatever the name
    assert similar(Resident(full_name="Người khác", phone="0912345678")) == [binh.id]
    # not the record itself
    assert similar(binh) == []
    # same name, different year: a different person (the 1990 one is only found by its year)
    assert similar(Resident(full_name="Đặng Văn Bình", birth_year=1961)) == []
    assert similar(Resident(full_name="Đặng Văn Bình", birth_year=1990)) == [people["gone"].id]
    # no year, no phone: nothing to compare
    assert similar(Resident(full_name="Đặng Văn Bình")) == []
    # deleted ones are not flagged
    write(store, commands.delete, "resident", people["gone"].id, None)
    assert similar(Resident(full_name="Đặng Văn Bình", birth_year=1990)) == []
    assert similar(Resident(full_name="X", phone="0333444555")) == []


# --- trainings ----------------------------------------------------------------------------------


def test_save_training_attendance_changes(store, team, people):
    a, b, c = people["binh"], people["huong"], people["duc"]
    t = Training(
        day=date(2025, 3, 5),
        start_time="08:00",
        end_time="10:00",
        place="Nhà văn hóa",
        status=TrainingStatus.HELD,
        topic_ids=[team.topics[0].id, team.topics[1].id],
        trainer_ids=[team.members[0].id],
        attendance=[Attendance(a.id), Attendance(b.id), Attendance(c.id)],
    )
    write(store, commands.save_training, t, "tester")
    ob = outbox(store, "attendance")
    assert [(op, v) for _, _, op, v, _ in ob] == [("upsert", 1)] * 3
    ids = {p["resident_id"]: p["id"] for *_, p in ob}
    [(_, _, _, _, tp)] = outbox(store, "training")
    assert tp["topic_ids"] == [team.topics[0].id, team.topics[1].id]
    assert tp["trainer_ids"] == [team.members[0].id]

    def attendance_rows():
        return rows(
            store,
            "SELECT resident_id, present, version, deleted_at IS NOT NULL FROM attendance"
            " ORDER BY resident_id",
        )

    def new_outbox(n_before):
        return [(e, i, op, v) for e, i, op, v, _ in outbox(store)[n_before:]]

    # c removed, a and b unchanged (fresh Attendance objects, as a form would build them)
    n = len(outbox(store))
    t.attendance = [Attendance(a.id), Attendance(b.id)]
    write(store, commands.save_training, t, "tester")
    assert new_outbox(n) == [
        ("training", t.id, "upsert", 2),
        ("attendance", ids[c.id], "delete", 2),
    ]
    assert sorted(attendance_rows()) == sorted([(a.id, 1, 1, 0), (b.id, 1, 1, 0), (c.id, 1, 2, 1)])
    assert [x.id for x in t.attendance] == [ids[a.id], ids[b.id]]  # ids reused

    # b marked absent: one attendance row
    n = len(outbox(store))
    t.attendance = [Attendance(a.id), Attendance(b.id, present=False)]
    write(store, commands.save_training, t, "tester")
    assert new_outbox(n) == [
        ("training", t.id, "upsert", 3),
        ("attendance", ids[b.id], "upsert", 2),
    ]
    assert outbox(store)[-1][4]["present"] == 0

    # c comes back: the same row is revived, not a second one
    n = len(outbox(store))
    t.attendance = [Attendance(a.id), Attendance(b.id, present=False), Attendance(c.id)]
    write(store, commands.save_training, t, "tester")
    assert new_outbox(n) == [
        ("training", t.id, "upsert", 4),
        ("attendance", ids[c.id], "upsert", 3),
    ]
    assert sorted(attendance_rows()) == sorted([(a.id, 1, 1, 0), (b.id, 0, 2, 0), (c.id, 1, 3, 0)])

    # topics replaced, read back
    t.topic_ids = [team.topics[2].id]
    write(store, commands.save_training, t, "tester")
    got, people_rows = read(store, queries.get_training, t.id)
    assert got.topic_ids == [team.topics[2].id]
    assert got.trainer_ids == [team.members[0].id]
    assert (got.day, got.place, got.status, got.version) == (
        date(2025, 3, 5),
        "Nhà văn hóa",
        TrainingStatus.HELD,
        5,
    )
    assert [(h.full_name, present) for h, present in people_rows] == [
        ("Đặng Văn Bình", True),
        ("Dương Văn Đức", True),
        ("Nguyễn Thị Hương", False),
    ]


# --- overview -----------------------------------------------------------------------------------


def test_overview(store, team):
    tp, sv, mem = team.topics, team.services, team.members[0].id
    P = lambda name, g, y: add_resident(store, name, gender=g, birth_year=y)  # noqa: E731
    r1 = P("Bà Một", Gender.FEMALE, 1950)  # elderly woman, attends twice
    r2 = P("Ông Hai", Gender.MALE, 1990)
    r3 = P("Bà Ba", Gender.FEMALE, 1965)  # elderly, but only absent / non-counting
    r4 = P("Ông Bốn", Gender.MALE, 1940)  # elderly man
    r5 = P("Người Năm", None, None)
    r6 = P("Bà Sáu", Gender.FEMALE, 1965)  # exactly 60 in 2025

    def training(day, status, topics, present, absent=()):
        t = Training(
            day=day,
            start_time="08:00",
            end_time="09:00",
            place="Hội trường",
            status=status,
            topic_ids=[x.id for x in topics],
            attendance=[Attendance(r.id) for r in present]
            + [Attendance(r.id, present=False) for r in absent],
        )
        write(store, commands.save_training, t, None)
        return t

    H, PL, C = TrainingStatus.HELD, TrainingStatus.PLANNED, TrainingStatus.CANCELLED
    training(date(2025, 3, 1), H, [tp[0]], [r1, r2], absent=[r3])
    training(date(2025, 3, 31), H, [tp[0], tp[1]], [r1, r4, r5, r6])
    training(date(2025, 3, 20), PL, [tp[2]], [r3, r2])
    training(date(2025, 3, 10), C, [tp[0]], [r3])
    training(date(2025, 4, 1), H, [tp[0]], [r3])  # outside (the period's end is exclusive)
    training(date(2025, 2, 28), H, [tp[3]], [r3])  # outside
    gone = training(date(2025, 3, 15), H, [tp[0]], [r3, r2])
    write(store, commands.delete, "training", gone.id, None)

    def assist(day, resident, service, outcome, reason=""):
        a = Assist(
            day=day,
            resident_id=resident.id,
            member_id=mem,
            service_id=service.id,
            outcome=outcome,
            reason=reason,
        )
        write(store, commands.save_assist, a, None)
        return a

    D, ND, RF = Outcome.DONE, Outcome.NOT_DONE, Outcome.REFERRED
    assist(date(2025, 3, 1), r1, sv[0], D)
    assist(date(2025, 3, 2), r1, sv[0], ND, "Mất SIM")
    assist(date(2025, 3, 15), r2, sv[1], RF, "Công an phường")
    assist(date(2025, 3, 31), r2, sv[0], D)
    assist(date(2025, 3, 31), r5, sv[5], ND, "Không có điện thoại")
    assist(date(2025, 4, 1), r3, sv[0], D)  # outside
    assist(date(2025, 2, 28), r3, sv[2], D)  # outside
    write(store, commands.delete, "assist", assist(date(2025, 3, 3), r6, sv[0], D).id, None)

    period = Period(PeriodKind.MONTH, 2025, 3)
    ov = read(store, queries.overview, period)
    assert ov.period == period
    assert (ov.trainings_held, ov.trainings_planned, ov.trainings_cancelled) == (2, 1, 1)
    assert ov.attendances == 6  # r1 twice, r2, r4, r5, r6; the absent r3 not
    assert ov.residents_trained == 5
    assert ov.women_trained == 2  # r1, r6 (r5 unknown, r3 absent)
    assert ov.elderly_trained == 3  # r1, r4, r6
    assert ov.assists == 5
    assert ov.assisted_residents == 3
    expected_topics = [(t.name, 0, 0) for t in tp]
    expected_topics[0] = (tp[0].name, 2, 6)
    expected_topics[1] = (tp[1].name, 1, 4)
    assert ov.by_topic == expected_topics
    expected_services = [(s.name, 0, 0, 0) for s in sv]
    expected_services[0] = (sv[0].name, 2, 1, 0)
    expected_services[1] = (sv[1].name, 0, 0, 1)
    expected_services[5] = (sv[5].name, 0, 1, 0)
    assert ov.by_service == expected_services

    # the quarter holds the February and April ones too
    q1 = read(store, queries.overview, Period(PeriodKind.QUARTER, 2025, 1))
    assert (q1.trainings_held, q1.attendances, q1.residents_trained) == (3, 7, 6)
    assert (q1.women_trained, q1.elderly_trained, q1.assists) == (3, 4, 6)
    assert q1.by_topic[3] == (tp[3].name, 1, 1)
    assert q1.by_service[2] == (sv[2].name, 1, 0, 0)

    empty = read(store, queries.overview, Period(PeriodKind.MONTH, 2024, 3))
    assert (empty.trainings_held, empty.attendances, empty.residents_trained) == (0, 0, 0)
    assert (empty.women_trained, empty.elderly_trained, empty.assists) == (0, 0, 0)
    assert empty.assisted_residents == 0
    assert empty.by_topic == [(t.name, 0, 0) for t in tp]
    assert empty.by_service == [(s.name, 0, 0, 0) for s in sv]


# --- lists --------------------------------------------------------------------------------------


@pytest.fixture
def dataset(store, team):
    """Residents, trainings and assists with ties in every sortable column."""
    nb = team.nb  # Tổ dân phố 1, Tổ dân phố 2, Đội 3
    spec = [
        ("Nguyễn Văn An", Gender.MALE, 1950, nb[0], "0912000101"),
        ("Trần Thị Bình", Gender.FEMALE, 1980, nb[1], "0912000102"),
        ("Lê Văn Bình", Gender.MALE, 1980, nb[0], "0987000103"),
        ("Đặng Thị Đào", Gender.FEMALE, 1965, nb[2], "0912000104"),
        ("Phạm Văn Dũng", Gender.MALE, 1999, nb[1], "0351000105"),
        ("Hoàng Thị Yến", Gender.FEMALE, 1950, nb[2], "0912000106"),
        ("Vũ Văn Cường", Gender.MALE, 1972, nb[0], "0987000107"),
        ("Bùi Thị Ánh", Gender.FEMALE, 1988, nb[1], "0351000108"),
        ("Đỗ Văn Hải", Gender.MALE, 1950, nb[2], "0912000109"),
        ("Ngô Thị Lan", Gender.FEMALE, 1991, nb[0], "0912000110"),
        ("Dương Văn Bình", Gender.MALE, 1965, nb[1], "0987000111"),
    ]
    residents = []
    for name, g, y, n, phone in spec:
        r = add_resident(store, name, gender=g, birth_year=y, neighbourhood_id=n.id, phone=phone)
        residents.append(SimpleNamespace(**asdict(r), nb_name=n.name))
    gone = add_resident(store, "Nguyễn Văn Bình", neighbourhood_id=nb[0].id, phone="0912000999")
    write(store, commands.delete, "resident", gone.id, None)

    tp = team.topics
    H, PL, C = TrainingStatus.HELD, TrainingStatus.PLANNED, TrainingStatus.CANCELLED
    tspec = [
        (date(2025, 3, 5), "08:00", "Nhà văn hóa tổ 1", H, [tp[0]], [0, 1, 2]),
        (date(2025, 3, 5), "14:00", "Hội trường phường", H, [tp[1]], [3, 4]),
        (date(2025, 3, 12), "08:00", "Nhà văn hóa tổ 2", PL, [tp[0], tp[2]], [5]),
        (date(2025, 2, 20), "09:00", "Trường tiểu học", C, [tp[2]], []),
        (date(2025, 4, 2), "08:00", "Hội trường phường", H, [tp[0]], [6, 7, 8]),
        (date(2025, 3, 12), "07:30", "Điểm bưu điện", H, [tp[3]], [9]),
        (date(2025, 1, 15), "08:00", "Nhà văn hóa tổ 1", PL, [tp[1]], [10]),
    ]
    trainings = []
    for day, start, place, status, topics, att in tspec:
        t = Training(
            day=day,
            start_time=start,
            end_time="23:00",
            place=place,
            status=status,
            note="mang CCCD" if place.startswith("Hội") else "",
            topic_ids=[x.id for x in topics],
            attendance=[Attendance(residents[i].id) for i in att],
        )
        write(store, commands.save_training, t, None)
        trainings.append(t)
    t_gone = Training(
        day=date(2025, 3, 6), start_time="08:00", end_time="09:00", place="Nhà văn hóa tổ 1",
        topic_ids=[tp[0].id],
    )  # fmt: skip
    write(store, commands.save_training, t_gone, None)
    write(store, commands.delete, "training", t_gone.id, None)

    sv, m = team.services, team.members
    D, ND, RF = Outcome.DONE, Outcome.NOT_DONE, Outcome.REFERRED
    aspec = [
        (date(2025, 3, 1), 0, sv[0], D, m[0]),
        (date(2025, 3, 1), 1, sv[1], ND, m[1]),
        (date(2025, 3, 9), 2, sv[0], RF, m[2]),
        (date(2025, 2, 27), 3, sv[3], D, m[0]),
        (date(2025, 3, 30), 1, sv[5], D, m[2]),
        (date(2025, 4, 1), 4, sv[0], ND, m[1]),
        (date(2025, 3, 9), 10, sv[2], D, m[0]),
        (date(2025, 3, 15), 5, sv[1], RF, m[2]),
    ]
    assists = []
    for day, who, service, outcome, member in aspec:
        a = Assist(
            day=day,
            resident_id=residents[who].id,
            member_id=member.id,
            service_id=service.id,
            outcome=outcome,
            reason="" if outcome == D else "lý do",
        )
        write(store, commands.save_assist, a, None)
        assists.append(
            SimpleNamespace(**asdict(a), resident=residents[who], service=service, member=member)
        )
    a_gone = Assist(
        day=date(2025, 3, 1), resident_id=residents[0].id, member_id=m[0].id,
        service_id=sv[0].id,
    )  # fmt: skip
    write(store, commands.save_assist, a_gone, None)
    write(store, commands.delete, "assist", a_gone.id, None)

    rids = dict(rows(store, "SELECT id, rid FROM resident"))
    for r in residents:
        r.rid = rids[r.id]
    return residents, trainings, assists


def page_ids(store, q: ListQuery, offset=0, limit=1000) -> list[str]:
    return [row[0] for row in read(store, lists.page, q, offset, limit)]


def ordered(items, value, tiebreak, descending):
    """Python's model of ORDER BY value, tiebreak (same direction on both; NULLs lowest)."""

    def key(x):
        v = value(x)
        return (v is not None, v if v is not None else 0, tiebreak(x))

    return [x.id for x in sorted(items, key=key, reverse=descending)]


RESIDENT_SORTS = {
    "full_name": lambda r: sort_key(r.full_name),
    "gender": lambda r: str(r.gender),
    "birth_year": lambda r: r.birth_year,
    "neighbourhood": lambda r: r.nb_name,
    "phone": lambda r: r.phone,
}


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("column", list(RESIDENT_SORTS))
def test_resident_list_sorts(store, dataset, column, descending):
    residents, _, _ = dataset
    q = ListQuery("resident", sort=column, descending=descending)
    expected = ordered(residents, RESIDENT_SORTS[column], lambda r: r.rid, descending)
    assert page_ids(store, q) == expected
    assert read(store, lists.count, q) == len(residents)


def test_resident_list_default_and_unsortable(store, dataset):
    residents, _, _ = dataset
    by_name = ordered(residents, RESIDENT_SORTS["full_name"], lambda r: r.rid, False)
    assert page_ids(store, ListQuery("resident")) == by_name
    # a column that is not sortable falls back to the name order
    assert page_ids(store, ListQuery("resident", sort="note")) == by_name
    assert page_ids(store, ListQuery("resident", sort="nonsense")) == by_name
    row = read(store, lists.page, ListQuery("resident"), 0, 1)[0]
    first = next(r for r in residents if r.id == by_name[0])
    assert row == (first.id, "Nguyễn Văn An", "male", 1950, "Tổ dân phố 1", "0912000101", "")


def test_resident_list_filters(store, dataset, team):
    residents, _, _ = dataset

    def names(**kw):
        q = ListQuery("resident", **kw)
        got = read(store, lists.page, q, 0, 1000)
        assert read(store, lists.count, q) == len(got)
        return [row[1] for row in got]

    assert names(search="binh") == ["Dương Văn Bình", "Lê Văn Bình", "Trần Thị Bình"]
    assert names(search="BÌNH trần") == ["Trần Thị Bình"]
    assert names(search="dao") == ["Đặng Thị Đào"]
    assert names(search="0351") == ["Bùi Thị Ánh", "Phạm Văn Dũng"]
    assert names(search="0987 000") == ["Dương Văn Bình", "Lê Văn Bình", "Vũ Văn Cường"]
    assert names(search="zzz") == []
    assert names(neighbourhood_id=team.nb[2].id) == [
        "Đặng Thị Đào",
        "Đỗ Văn Hải",
        "Hoàng Thị Yến",
    ]
    assert names(neighbourhood_id=team.nb[0].id, search="binh") == ["Lê Văn Bình"]
    # a period means nothing for residents; it is ignored
    assert len(names(start=date(2030, 1, 1), end=date(2030, 2, 1))) == len(residents)


TRAINING_SORTS = {
    "day": lambda t: t.day.isoformat(),
    "time": lambda t: t.start_time,
    "place": lambda t: t.place,
    "status": lambda t: str(t.status),
}


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("column", list(TRAINING_SORTS))
def test_training_list_sorts(store, dataset, column, descending):
    _, trainings, _ = dataset
    q = ListQuery("training", sort=column, descending=descending)
    expected = ordered(
        trainings, TRAINING_SORTS[column], lambda t: (t.start_time, t.id), descending
    )
    assert page_ids(store, q) == expected


def test_training_list_default_is_newest_first_and_columns(store, dataset, team):
    _, trainings, _ = dataset
    expected = ordered(trainings, TRAINING_SORTS["day"], lambda t: (t.start_time, t.id), True)
    assert page_ids(store, ListQuery("training")) == expected
    rows_ = read(store, lists.page, ListQuery("training"), 0, 100)
    by_id = {r[0]: r for r in rows_}
    t2 = trainings[2]
    got = by_id[t2.id]
    assert got[:3] == (t2.id, "2025-03-12", "08:00–23:00")
    assert sorted(got[3].split("; ")) == sorted([team.topics[0].name, team.topics[2].name])
    # planned: the one on its roll-call is registered, not present (issue 19, item 10)
    assert got[4:] == ("Nhà văn hóa tổ 2", "planned", 1, 0)
    assert by_id[trainings[0].id][-2:] == (3, 3)
    assert by_id[trainings[3].id][-2:] == (0, 0)


def test_training_list_filters(store, dataset, team):
    _, trainings, _ = dataset
    t = trainings

    def ids(**kw):
        q = ListQuery("training", sort="day", **kw)
        got = page_ids(store, q)
        assert read(store, lists.count, q) == len(got)
        return got

    march = dict(start=date(2025, 3, 1), end=date(2025, 4, 1))
    assert ids(**march) == [t[0].id, t[1].id, t[5].id, t[2].id]
    assert ids(start=date(2025, 3, 12)) == [t[5].id, t[2].id, t[4].id]
    assert ids(end=date(2025, 3, 5)) == [t[6].id, t[3].id]
    assert ids(topic_id=team.topics[0].id) == [t[0].id, t[2].id, t[4].id]
    assert ids(topic_id=team.topics[0].id, **march) == [t[0].id, t[2].id]
    assert ids(topic_id=team.topics[7].id) == []
    assert ids(search="hội trường") == [t[1].id, t[4].id]
    assert ids(search="CCCD") == [t[1].id, t[4].id]  # the note too
    assert ids(search="Nhà văn hóa tổ 1") == [t[6].id, t[0].id]
    # trainings attended by someone from the neighbourhood
    # nb[0] residents: 0, 2, 6, 9; nb[2]: 3, 5, 8
    assert ids(neighbourhood_id=team.nb[0].id) == [t[0].id, t[5].id, t[4].id]
    assert ids(neighbourhood_id=team.nb[2].id) == [t[1].id, t[2].id, t[4].id]


@pytest.mark.parametrize("typed", ["nha van hoa to 2", "HỘI TRƯỜNG"])
def test_training_search_folds_like_other_searches(store, dataset, typed):
    q = ListQuery("training", search=typed)
    assert read(store, lists.count, q) > 0


ASSIST_SORTS = {
    "day": lambda a: a.day.isoformat(),
    "resident": lambda a: sort_key(a.resident.full_name),
    "service": lambda a: a.service.sort,
    "outcome": lambda a: str(a.outcome),
    "member": lambda a: a.member.full_name,
}


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("column", list(ASSIST_SORTS))
def test_assist_list_sorts(store, dataset, column, descending):
    _, _, assists = dataset
    q = ListQuery("assist", sort=column, descending=descending)
    assert page_ids(store, q) == ordered(assists, ASSIST_SORTS[column], lambda a: a.id, descending)


def test_assist_list_default_columns_and_filters(store, dataset, team):
    _, _, a = dataset
    assert page_ids(store, ListQuery("assist")) == ordered(
        a, ASSIST_SORTS["day"], lambda x: x.id, True
    )
    row = read(store, lists.page, ListQuery("assist", sort="day"), 0, 1)[0]
    assert row == (
        a[3].id,
        "2025-02-27",
        "Đặng Thị Đào",
        team.services[3].name,
        "done",
        team.members[0].full_name,
        "",
    )

    def ids(**kw):
        q = ListQuery("assist", sort="day", **kw)
        got = page_ids(store, q)
        assert read(store, lists.count, q) == len(got)
        return set(got)

    march = dict(start=date(2025, 3, 1), end=date(2025, 4, 1))
    assert ids(**march) == {a[i].id for i in (0, 1, 2, 4, 6, 7)}
    assert ids(service_id=team.services[0].id) == {a[0].id, a[2].id, a[5].id}
    assert ids(service_id=team.services[0].id, **march) == {a[0].id, a[2].id}
    assert ids(search="binh") == {a[1].id, a[2].id, a[4].id, a[6].id}
    assert ids(search="tran binh") == {a[1].id, a[4].id}
    assert ids(search="0912000102") == {a[1].id, a[4].id}
    assert ids(search="0351") == {a[5].id}
    # residents 0, 2, 6, 9 live in nb[0]
    assert ids(neighbourhood_id=team.nb[0].id) == {a[0].id, a[2].id}
    assert ids(neighbourhood_id=team.nb[0].id, search="an") == {a[0].id}
    # the topic filter is for trainings only
    assert len(ids(topic_id=team.topics[0].id)) == len(a)


@pytest.mark.parametrize(
    "q",
    [
        ListQuery("resident"),
        ListQuery("resident", sort="gender", descending=True),
        ListQuery("resident", sort="birth_year"),
        ListQuery("resident", sort="neighbourhood", descending=True),
        ListQuery("training"),
        ListQuery("training", sort="status"),
        ListQuery("training", sort="place", descending=True),
        ListQuery("assist"),
        ListQuery("assist", sort="outcome"),
        ListQuery("assist", sort="member", descending=True),
        ListQuery("assist", sort="service"),
    ],
    ids=lambda q: f"{q.table}-{q.sort}-{'desc' if q.descending else 'asc'}",
)
def test_paging_is_stable(store, dataset, q):
    whole = read(store, lists.page, q, 0, 1000)
    assert len(whole) == read(store, lists.count, q) > 5
    for size in (1, 2, 3):
        pages = []
        from_end = []  # pages past the middle are read from the other end when total is known
        for offset in range(0, len(whole) + size, size):
            pages += read(store, lists.page, q, offset, size)
            from_end += read(store, lists.page, q, offset, size, len(whole))
        assert pages == whole, size
        assert from_end == whole, size


def test_release_migration_list_matches_the_migrations() -> None:
    """desktop/store/schema.py lets a start skip importing sqlite-utils: it must name them all."""
    from desktop.store.schema import MIGRATIONS

    assert list(MIGRATIONS) == [m.name for m in migrations._migrations]


def test_reads_start_before_the_full_check_but_writes_wait(tmp_path, monkeypatch):
    """On a large ward quick_check takes ~0.4 s: screens read meanwhile, writes wait for it."""
    import threading

    import desktop.store.store as store_module

    s = open_store(tmp_path)
    write(s, commands.save_resident, Resident(full_name="Trần Văn Một"), None)
    s.close()
    gate = threading.Event()
    real_check = store_module.check_health

    def slow_check(path, **kw):
        assert gate.wait(10)
        real_check(path, **kw)

    monkeypatch.setattr(store_module, "check_health", slow_check)
    s = Store(tmp_path / "data" / "sotay.sqlite3", tmp_path / "backups")
    try:
        hits = s.read(queries.search_residents, "mot").result(TIMEOUT)
        assert [h.full_name for h in hits] == ["Trần Văn Một"]
        assert not s.opened.done()
        saving = s.write(commands.save_resident, Resident(full_name="Lê Thị Hai"), None)
        assert not saving.done()
        gate.set()
        saving.result(TIMEOUT)
        s.opened.result(TIMEOUT)
    finally:
        gate.set()
        s.close()


def test_a_failed_commit_leaves_the_writer_usable(store, team):
    """A COMMIT can fail (a full disk; here a deferred foreign key): the next save works."""

    def orphan(db):
        db.conn.execute("PRAGMA defer_foreign_keys = ON")
        db.conn.execute(
            "INSERT INTO attendance(id, training_id, resident_id, present, version, created_at,"
            " updated_at) VALUES ('a', 'no-training', 'no-resident', 1, 1, 'x', 'x')"
        )

    with pytest.raises(sqlite3.IntegrityError):
        store.write(orphan).result(TIMEOUT)
    saved = add_resident(store, "Vẫn Lưu Được")
    assert read(store, queries.get_resident, saved.id).full_name == "Vẫn Lưu Được"


def test_re_adding_an_attendee_says_it_is_no_longer_deleted(store, team, people):
    r = read(store, queries.load_roster)
    who = next(iter(people.values()))
    t = Training(
        day=date(2026, 11, 2),
        start_time="08:00",
        end_time="09:00",
        place="Đình",
        topic_ids=[r.topics[0].id],
        attendance=[Attendance(who.id)],
    )
    write(store, commands.save_training, t, None)
    t.attendance = []
    write(store, commands.save_training, t, None)
    t.attendance = [Attendance(who.id)]
    write(store, commands.save_training, t, None)
    ops = [
        (op, json.loads(payload).get("deleted_at", "missing"))
        for op, payload in rows(
            store, "SELECT op, payload FROM outbox WHERE entity = 'attendance' ORDER BY seq"
        )
    ]
    assert [op for op, _ in ops] == ["upsert", "delete", "upsert"]
    assert ops[-1][1] is None


def test_the_residents_list_is_in_vietnamese_alphabetical_order(store, team):
    # typed in no order; the list reads as a Vietnamese class list does
    for name in ("Trần Văn Lộc", "Lê Thị Ẳm", "Phạm Văn Long", "Nguyễn Thị An",
                 "Đỗ Văn Đức", "Vũ Văn Dũng", "Hồ Thị Án"):  # fmt: skip
        write(store, commands.save_resident, Resident(full_name=name), None)
    got = [row[1] for row in read(store, lists.page, ListQuery("resident"), 0, 100)]
    assert got == [
        "Nguyễn Thị An",
        "Hồ Thị Án",
        "Lê Thị Ẳm",
        "Vũ Văn Dũng",
        "Đỗ Văn Đức",
        "Phạm Văn Long",
        "Trần Văn Lộc",
    ]


def test_the_overview_by_neighbourhood(store, team):
    from sotay.domain.models import Neighbourhood, Outcome
    from sotay.domain.periods import Period, PeriodKind

    r = read(store, queries.load_roster)
    leader = r.members[0].id
    east = Neighbourhood(name="Ấp 10")
    west = Neighbourhood(name="Ấp 2")
    for n in (east, west):
        write(store, commands.save_neighbourhood, n)
    people = [
        Resident(full_name="Lê Thị Ánh", neighbourhood_id=east.id),
        Resident(full_name="Vũ Văn Bảo", neighbourhood_id=east.id),
        Resident(full_name="Phạm Thị Cúc", neighbourhood_id=west.id),
        Resident(full_name="Đỗ Văn Dũng"),  # no neighbourhood
    ]
    for p in people:
        write(store, commands.save_resident, p, leader)
    day = date(2026, 4, 6)
    for present in ((0, 1, 2), (0, 3)):  # two classes; Ánh comes twice
        t = Training(day=day, start_time="08:00", end_time="10:00", status=TrainingStatus.HELD,
                     topic_ids=[r.topics[0].id],
                     attendance=[Attendance(people[i].id) for i in present])  # fmt: skip
        write(store, commands.save_training, t, leader)
    for _ in range(2):  # Cúc helped twice
        help_ = Assist(day=day, resident_id=people[2].id, member_id=leader,
                       service_id=r.services[0].id, outcome=Outcome.DONE)  # fmt: skip
        write(store, commands.save_assist, help_, leader)
    got = read(store, queries.by_neighbourhood, Period(PeriodKind.MONTH, 2026, 4))
    # Ấp 2 before Ấp 10; (residents trained, attendances, help sessions, residents helped)
    assert got == [("Ấp 2", 1, 1, 2, 1), ("Ấp 10", 2, 3, 0, 0), ("", 1, 1, 0, 0)]
    assert read(store, queries.by_neighbourhood, Period(PeriodKind.MONTH, 2026, 5)) == []


def test_residents_never_trained_and_trained_on_a_topic(store, team):
    r = read(store, queries.load_roster)
    leader = r.members[0].id
    names = ("Lê Thị Ánh", "Vũ Văn Bảo", "Phạm Thị Cúc", "Đỗ Văn Dũng")
    people = [Resident(full_name=n) for n in names]
    for p in people:
        write(store, commands.save_resident, p, leader)
    vneid, scams = r.topics[0].id, r.topics[1].id

    def training(topic: str, status: TrainingStatus, who: dict[int, bool]) -> None:
        roll_call = [Attendance(people[i].id, present=p) for i, p in who.items()]
        t = Training(day=date(2026, 4, 6), start_time="08:00", end_time="10:00", status=status,
                     topic_ids=[topic], attendance=roll_call)  # fmt: skip
        write(store, commands.save_training, t, leader)

    training(vneid, TrainingStatus.HELD, {0: True, 1: False})  # Bảo registered, absent
    training(scams, TrainingStatus.HELD, {2: True})
    training(vneid, TrainingStatus.PLANNED, {3: True})  # planned: Dũng not taught yet

    def names_where(trained: str) -> list[str]:
        rows = read(store, lists.page, ListQuery("resident", trained=trained), 0, 100)
        return [row[1] for row in rows]

    assert names_where(lists.NEVER_TRAINED) == ["Vũ Văn Bảo", "Đỗ Văn Dũng"]
    assert names_where(vneid) == ["Lê Thị Ánh"]
    assert names_where(scams) == ["Phạm Thị Cúc"]
    assert read(store, lists.count, ListQuery("resident", trained=lists.NEVER_TRAINED)) == 2
