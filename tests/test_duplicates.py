"""A team set up twice by hand (issue 21): the pairs that look the same, and their merge as
ordinary edits and a delete, on the store and end to end through the real central service."""

from __future__ import annotations

import json
from datetime import date

import pytest

from central import dashboard
from desktop.store import commands, duplicates, queries, syncdata
from desktop.store.store import Store
from sotay.domain.models import (
    Assist,
    Attendance,
    Member,
    Neighbourhood,
    Outcome,
    Resident,
    Role,
    Training,
    TrainingStatus,
)
from sotay.domain.periods import Period, PeriodKind
from tests.helpers import Laptop, result, roster
from tests.servers import computed

YEAR = Period(PeriodKind.YEAR, 2026)


def live(conn, sql: str, *params) -> list[tuple]:
    return [tuple(r) for r in conn.execute(sql, params)]


def training_by(trainers: list[str], residents: list[str], topic: str) -> Training:
    return Training(
        day=date(2026, 3, 10),
        start_time="08:00",
        end_time="10:00",
        place="Nhà văn hóa khu phố 3",
        status=TrainingStatus.HELD,
        topic_ids=[topic],
        trainer_ids=trainers,
        attendance=[Attendance(r, present=True) for r in residents],
    )


def help_by(member: str, resident: str, service: str) -> Assist:
    return Assist(
        day=date(2026, 3, 11),
        resident_id=resident,
        member_id=member,
        service_id=service,
        outcome=Outcome.DONE,
    )


# --- the store ----------------------------------------------------------------------------------


def test_the_finder_pairs_names_that_fold_alike_oldest_first(team_store: Store) -> None:
    r = roster(team_store)
    lan = next(m for m in r.members if m.full_name == "Trần Thị Lan")
    kp3 = next(n for n in r.neighbourhoods if n.name == "Khu phố 3")
    assert result(team_store.read(duplicates.duplicate_pairs)) == []
    # Typed on the second laptop without the tones and in another case: the same place.
    result(team_store.write(commands.save_neighbourhood, Neighbourhood(name="khu pho 3")))
    twin = Member(full_name="Trần thị Lan", role=Role.MEMBER, phone="0987654321")
    result(team_store.write(commands.save_member, twin))
    pairs = result(team_store.read(duplicates.duplicate_pairs))
    assert [(p.kind, p.keep.name, p.drop.name) for p in pairs] == [
        ("neighbourhood", "Khu phố 3", "khu pho 3"),
        ("member", "Trần Thị Lan", "Trần thị Lan"),
    ]
    assert pairs[0].keep.id == kp3.id and pairs[1].keep.id == lan.id
    assert pairs[1].drop.phone == "0987654321"


def test_a_merge_moves_every_reference_queues_the_edits_and_deletes_the_twin(
    team_store: Store,
) -> None:
    r = roster(team_store)
    lan = next(m for m in r.members if m.full_name == "Trần Thị Lan")
    minh = next(m for m in r.members if m.full_name == "Lê Văn Minh")
    kp3 = next(n for n in r.neighbourhoods if n.name == "Khu phố 3")
    place = Neighbourhood(name="Khu Phố 3")
    twin = Member(full_name="Trần Thị Lan", role=Role.MEMBER)
    result(team_store.write(commands.save_neighbourhood, place))
    result(team_store.write(commands.save_member, twin))
    mine = Resident(full_name="Nguyễn Thị Hoa", neighbourhood_id=kp3.id)
    theirs = Resident(full_name="Đặng Văn Bình", neighbourhood_id=place.id, birth_year=1950)
    gone = Resident(full_name="Lò Văn Páo", neighbourhood_id=place.id)
    for person in (mine, theirs, gone):
        result(team_store.write(commands.save_resident, person, lan.id))
    result(team_store.write(commands.delete, "resident", gone.id, lan.id))
    topic = r.topics[0].id
    both = training_by([lan.id, twin.id], [mine.id, theirs.id], topic)
    with_minh = training_by([twin.id, minh.id], [theirs.id], topic)
    for t in (both, with_minh):
        result(team_store.write(commands.save_training, t, lan.id))
    helped = help_by(twin.id, theirs.id, r.services[0].id)
    result(team_store.write(commands.save_assist, helped, twin.id))
    result(team_store.write(lambda db: db.conn.execute("DELETE FROM outbox")))  # "synced"

    pairs = result(team_store.read(duplicates.duplicate_pairs))
    assert [(p.kind, p.keep.id, p.drop.id) for p in pairs] == [
        ("neighbourhood", kp3.id, place.id),
        ("member", lan.id, twin.id),
    ]
    assert [p.drop.uses for p in pairs] == [1, 3]  # a live resident; two trainings, a help
    chosen = [(p.kind, p.keep.id, p.drop.id) for p in pairs]
    edited = result(team_store.write(duplicates.merge_pairs, chosen, lan.id))
    assert edited == 4

    def read(conn):
        return {
            "residents": live(conn, "SELECT id, neighbourhood_id FROM resident ORDER BY id"),
            "trainers": live(
                conn, "SELECT training_id, member_id FROM training_trainer ORDER BY 1, 2"
            ),
            "helps": live(conn, "SELECT member_id FROM assist"),
            "gone": live(
                conn,
                "SELECT id FROM neighbourhood WHERE deleted_at IS NOT NULL"
                " UNION ALL SELECT id FROM member WHERE deleted_at IS NOT NULL",
            ),
            "outbox": live(conn, "SELECT entity, entity_id, op, payload FROM outbox ORDER BY seq"),
        }

    got = result(team_store.read(read))
    assert dict(got["residents"]) == {
        mine.id: kp3.id,
        theirs.id: kp3.id,
        gone.id: place.id,  # deleted before: its history is left as it was
    }
    assert sorted(got["trainers"]) == sorted(
        [(both.id, lan.id), (with_minh.id, lan.id), (with_minh.id, minh.id)]
    )
    assert got["helps"] == [(lan.id,)]
    assert sorted(got["gone"]) == sorted([(place.id,), (twin.id,)])
    # Every edit is queued as a save would queue it; the twins as deletes.
    queued = {(e, i, op): json.loads(p) for e, i, op, p in got["outbox"]}
    assert set(queued) == {
        ("resident", theirs.id, "upsert"),
        ("training", both.id, "upsert"),
        ("training", with_minh.id, "upsert"),
        ("assist", helped.id, "upsert"),
        ("neighbourhood", place.id, "delete"),
        ("member", twin.id, "delete"),
    }
    assert queued[("resident", theirs.id, "upsert")]["neighbourhood_id"] == kp3.id
    assert queued[("resident", theirs.id, "upsert")]["birth_year"] == 1950
    assert queued[("training", both.id, "upsert")]["trainer_ids"] == [lan.id]
    assert queued[("training", both.id, "upsert")]["topic_ids"] == [topic]
    assert sorted(queued[("training", with_minh.id, "upsert")]["trainer_ids"]) == sorted(
        [lan.id, minh.id]
    )
    assert queued[("assist", helped.id, "upsert")]["member_id"] == lan.id
    # The roll-calls did not move: nothing about them changed.
    _training, people = result(team_store.read(queries.get_training, both.id))
    assert {p.id for p, present in people if present} == {mine.id, theirs.id}
    assert result(team_store.read(duplicates.duplicate_pairs)) == []
    # Merged again (the same choice made on the other laptop came first): nothing written.
    before = result(team_store.read(lambda c: c.execute("SELECT COUNT(*) FROM outbox").fetchone()))
    assert result(team_store.write(duplicates.merge_pairs, chosen, lan.id)) == 0
    after = result(team_store.read(lambda c: c.execute("SELECT COUNT(*) FROM outbox").fetchone()))
    assert tuple(after) == tuple(before)
    # The opposite choice, made on the other laptop, came first: the kept one is gone.
    with pytest.raises(commands.NotFound):
        result(team_store.write(duplicates.merge, "member", twin.id, lan.id, lan.id))

    # A record still pointing to the twin (another laptop's offline edit, kept in a conflict)
    # makes the pair show again, the twin marked deleted; merging it moves that record only.
    late = Resident(full_name="Huỳnh Ngọc Ẩn", neighbourhood_id=place.id)
    result(team_store.write(commands.save_resident, late, lan.id))
    (stray,) = result(team_store.read(duplicates.duplicate_pairs))
    assert (stray.keep.id, stray.drop.id, stray.drop.deleted, stray.drop.uses) == (
        kp3.id,
        place.id,
        True,
        1,
    )
    assert result(team_store.write(duplicates.merge, "neighbourhood", kp3.id, place.id, None)) == 1
    assert (
        dict(result(team_store.read(live, "SELECT id, neighbourhood_id FROM resident")))[late.id]
        == kp3.id
    )
    assert result(team_store.read(duplicates.duplicate_pairs)) == []


def test_a_twin_phone_is_not_lost(team_store: Store) -> None:
    minh = next(m for m in roster(team_store).members if m.full_name == "Lê Văn Minh")
    twin = Member(full_name="Lê Văn Minh", role=Role.MEMBER, phone="0911222333")
    result(team_store.write(commands.save_member, twin))
    result(team_store.write(duplicates.merge, "member", minh.id, twin.id, None))
    kept = next(m for m in roster(team_store).members if m.id == minh.id)
    assert kept.phone == "0911222333"
    assert [m.full_name for m in roster(team_store).members].count("Lê Văn Minh") == 1


# --- end to end, through the real central service ----------------------------------------------


def record_work(laptop: Laptop, person: str) -> Resident:
    """A resident of the laptop's own "Khu phố 3", trained and helped by its own leader."""
    r = laptop.read(queries.load_roster)
    (place,) = r.neighbourhoods
    (leader,) = r.members
    resident = Resident(full_name=person, neighbourhood_id=place.id, birth_year=1950)
    laptop.write(commands.save_resident, resident, leader.id)
    laptop.write(
        commands.save_training, training_by([leader.id], [resident.id], r.topics[0].id), leader.id
    )
    laptop.write(commands.save_assist, help_by(leader.id, resident.id, r.services[0].id), leader.id)
    return resident


def team_on(laptop: Laptop) -> dict[str, list]:
    q = laptop.query
    return {
        "places": q("SELECT id FROM neighbourhood WHERE deleted_at IS NULL"),
        "members": q("SELECT id FROM member WHERE deleted_at IS NULL"),
        "residents' places": q(
            "SELECT DISTINCT neighbourhood_id FROM resident WHERE deleted_at IS NULL"
        ),
        "trainers": q(
            "SELECT DISTINCT member_id FROM training_trainer tt JOIN training t"
            " ON t.id = tt.training_id WHERE t.deleted_at IS NULL"
        ),
        "helpers": q("SELECT DISTINCT member_id FROM assist WHERE deleted_at IS NULL"),
    }


def two_teams_set_up_by_hand(central, laptops) -> tuple[object, Laptop, Laptop]:
    """Two laptops set the same team up before connecting (the same neighbourhood and leader,
    other ids), record a little each, then connect and sync."""
    team = central.admin_ops.team()
    first, second = laptops("first"), laptops("second")
    first.set_up()
    second.set_up()
    record_work(first, "Nguyễn Thị Hoa")
    record_work(second, "Đặng Văn Bình")
    for laptop in (first, second):
        laptop.connect(central.url, central.admin_ops.code(team.id))
        assert laptop.sync.run_once().state == "synced"
    assert first.sync.run_once().state == "synced"  # the second's records
    return team, first, second


@pytest.mark.parametrize("central", ["sqlite"], indirect=True)
def test_a_team_set_up_twice_is_merged_once_and_counted_once(central, laptops) -> None:
    team, first, second = two_teams_set_up_by_hand(central, laptops)
    for laptop in (first, second):
        assert len(team_on(laptop)["places"]) == len(team_on(laptop)["members"]) == 2
    computed(central)
    engine = central.admin_ops.engine
    with engine.connect() as conn:
        row = dashboard.team_row(conn, team.id, YEAR)
    assert row is not None and row.neighbourhoods == ["Khu phố 3", "Khu phố 3"]

    # The second laptop's leader sees the pairs; the first laptop's records are the older.
    pairs = second.read(duplicates.duplicate_pairs)
    assert [(p.kind, p.keep.name, p.drop.name) for p in pairs] == [
        ("neighbourhood", "Khu phố 3", "Khu phố 3"),
        ("member", "Trần Thị Lan", "Trần Thị Lan"),
    ]
    place, leader = (p.keep.id for p in pairs)
    assert [(place,)] == first.query("SELECT id FROM neighbourhood ORDER BY rowid LIMIT 1")
    assert first.read(duplicates.duplicate_pairs) == pairs  # the same suggestion there
    chosen = [(p.kind, p.keep.id, p.drop.id) for p in pairs]
    second.write(duplicates.merge_pairs, chosen, leader)
    for laptop in (second, first):
        assert laptop.sync.run_once().state == "synced"

    for laptop in (first, second):
        assert team_on(laptop) == {
            "places": [(place,)],
            "members": [(leader,)],
            "residents' places": [(place,)],
            "trainers": [(leader,)],
            "helpers": [(leader,)],
        }
        assert laptop.query("SELECT COUNT(*) FROM outbox") == [(0,)]
        assert laptop.query("SELECT COUNT(*) FROM sync_attention") == [(0,)]
        assert laptop.read(duplicates.duplicate_pairs) == []
        # The team's own figures by neighbourhood: one line, both residents in it.
        assert laptop.read(queries.by_neighbourhood, YEAR) == [("Khu phố 3", 2, 2, 2, 2)]

    # The server: one of each, every reference on the kept ones, each counted once.
    ops = central.admin_ops
    for entity in ("neighbourhood", "member"):
        assert ops.column(
            "SELECT id FROM record WHERE team_id = :t AND entity = :e AND NOT deleted",
            t=team.id,
            e=entity,
        ) == [place if entity == "neighbourhood" else leader]
    payloads = ops.column(
        "SELECT payload FROM record WHERE team_id = :t AND entity IN ('resident', 'assist',"
        " 'training') AND NOT deleted",
        t=team.id,
    )
    refs = [json.loads(p) for p in payloads]
    assert {p["neighbourhood_id"] for p in refs if "neighbourhood_id" in p} == {place}
    assert {p["member_id"] for p in refs if "member_id" in p} == {leader}
    assert {m for p in refs for m in p.get("trainer_ids", [])} == {leader}
    assert set(ops.column("SELECT member_id FROM f_assist WHERE team_id = :t", t=team.id)) == {
        leader
    }
    computed(central)
    with engine.connect() as conn:
        row = dashboard.team_row(conn, team.id, YEAR)
        figures = dashboard.overview(conn, [team.id], YEAR)
    assert row is not None and row.neighbourhoods == ["Khu phố 3"]
    assert (figures.residents_trained, figures.trainings_held, figures.assists) == (2, 2, 2)
    for laptop in (first, second):
        assert laptop.read(queries.overview, YEAR) == figures


@pytest.mark.parametrize("central", ["sqlite"], indirect=True)
def test_an_edit_made_elsewhere_during_the_merge_is_a_conflict_then_merged_too(
    central, laptops
) -> None:
    """The first laptop edits the second's resident (still in the twin neighbourhood) while
    the second merges: the ordinary conflict; kept, the resident points to the merged-away
    twin, and the pair shows again until it is merged on."""
    _team, first, second = two_teams_set_up_by_hand(central, laptops)
    pairs = second.read(duplicates.duplicate_pairs)
    place = pairs[0].keep.id
    twin = pairs[0].drop.id
    second.write(duplicates.merge_pairs, [(p.kind, p.keep.id, p.drop.id) for p in pairs], None)
    ((binh, in_place),) = first.query(
        "SELECT id, neighbourhood_id FROM resident WHERE full_name = 'Đặng Văn Bình'"
    )
    assert in_place == twin
    edited = first.read(queries.get_resident, binh)
    edited.phone = "0912000111"
    first.write(commands.save_resident, edited, None)
    assert second.sync.run_once().state == "synced"
    status = first.sync.run_once()
    assert status.state == "synced" and status.attention == 1
    (item,) = first.read(syncdata.attention)
    assert (item.entity, item.entity_id, item.status) == ("resident", binh, "conflict")
    first.write(syncdata.keep_mine, item.id)
    for laptop in (first, second):
        assert laptop.sync.run_once().state == "synced"
    for laptop in (first, second):
        (stray,) = laptop.read(duplicates.duplicate_pairs)
        assert (stray.keep.id, stray.drop.id, stray.drop.deleted) == (place, twin, True)
    first.write(duplicates.merge, "neighbourhood", place, twin, None)
    for laptop in (first, second, first):
        assert laptop.sync.run_once().state == "synced"
    for laptop in (first, second):
        assert team_on(laptop)["residents' places"] == [(place,)]
        assert laptop.query("SELECT phone FROM resident WHERE id = ?", binh) == [("0912000111",)]
        assert laptop.read(duplicates.duplicate_pairs) == []
