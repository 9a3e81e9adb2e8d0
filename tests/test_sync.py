"""Sync end to end: real laptop profiles (store + sync service) against the real central
service on 127.0.0.1, on SQLite and on PostgreSQL."""

from __future__ import annotations

import gzip
import json
import threading
import uuid
from contextlib import closing
from datetime import date
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
import requests

from desktop.failures import Failure
from desktop.store import commands, queries, syncdata
from desktop.sync.client import Client, SyncError
from desktop.sync.service import State
from sotay.domain.models import Attendance, Resident, Training, TrainingStatus
from tests.helpers import add_resident, connected_team, names, outbox


def add_training(laptop, residents: list[Resident]) -> Training:
    topics = [t.id for t in laptop.read(queries.load_roster).topics[:2]]
    t = Training(
        day=date(2026, 11, 20),
        start_time="08:00",
        end_time="10:00",
        place="Nhà văn hóa khu phố 3",
        status=TrainingStatus.HELD,
        topic_ids=topics,
        attendance=[Attendance(r.id, present=True) for r in residents],
    )
    laptop.write(commands.save_training, t, None)
    return t


# --- the three ways a laptop connects -----------------------------------------------------------


def test_offline_laptop_pushes_its_history_and_a_new_laptop_restores_it(central, laptops):
    team = central.admin_ops.team()
    leader = laptops("leader")
    leader.set_up()
    people = [add_resident(leader, f"Nguyễn Thị Hoa {k}", 1940 + k) for k in range(30)]
    training = add_training(leader, people[:20])
    leader.write(commands.delete, "resident", people[29].id, None)
    waiting = outbox(leader)
    assert waiting > 60

    leader.connect(central.url, central.admin_ops.code(team.id))
    status = leader.sync.run_once()
    assert status.state == State.SYNCED, status
    assert outbox(leader) == 0
    # The laptop's team took the server's id; its history is on the server.
    assert leader.query("SELECT id FROM team")[0][0] == team.id
    on_server = central.admin_ops.scalar(
        "SELECT COUNT(*) FROM record WHERE team_id = :t AND entity = 'resident'", t=team.id
    )
    assert on_server == 30

    # A replacement laptop restores everything before it records anything.
    spare = laptops("spare")
    spare.connect(central.url, central.admin_ops.code(team.id))
    assert spare.sync.run_once().state == State.SYNCED
    assert names(spare) == names(leader) and len(names(spare)) == 29
    roster = spare.read(queries.load_roster)
    assert roster.team.name == team.name and roster.team.commune_code == 4
    assert [m.full_name for m in roster.members] == ["Trần Thị Lan"]
    got, people_there = spare.read(queries.get_training, training.id)
    assert {hit.id for hit, present in people_there if present} == {p.id for p in people[:20]}
    assert got.topic_ids and set(got.topic_ids) == set(training.topic_ids)
    assert outbox(spare) == 0  # restored records are not queued again


def test_two_laptops_of_a_team_see_each_others_records(central, laptops):
    _team, (leader, deputy) = connected_team(central, laptops, "leader", "deputy")
    add_resident(leader, "Lê Văn Tám")
    add_resident(deputy, "Phạm Thị Xuân")
    for laptop in (leader, deputy, leader):
        assert laptop.sync.run_once().state == State.SYNCED
    assert names(leader) == names(deputy) == {"Lê Văn Tám", "Phạm Thị Xuân"}
    assert outbox(leader) == outbox(deputy) == 0


def test_the_same_resident_edited_on_two_laptops_is_a_conflict_nothing_overwritten(
    central, laptops
):
    _team, (leader, deputy) = connected_team(central, laptops, "leader", "deputy")
    person = add_resident(leader, "Đặng Thị Hương", 1950)
    leader.sync.run_once()
    deputy.sync.run_once()

    # Both edit offline.
    mine = leader.read(queries.get_resident, person.id)
    mine.phone = "0912000111"
    leader.write(commands.save_resident, mine, None)
    theirs = deputy.read(queries.get_resident, person.id)
    theirs.note = "Cần hỗ trợ VNeID"
    deputy.write(commands.save_resident, theirs, None)

    assert deputy.sync.run_once().state == State.SYNCED  # first to the server wins the race
    status = leader.sync.run_once()
    assert status.state == State.SYNCED and status.attention == 1
    [item] = leader.read(syncdata.attention)
    assert item.status == "conflict" and item.entity == "resident"
    assert item.local["phone"] == "0912000111" and item.server["note"] == "Cần hỗ trợ VNeID"
    # Nothing was overwritten: the leader still has their edit, the server the deputy's.
    assert leader.read(queries.get_resident, person.id).phone == "0912000111"
    deputy.sync.run_once()
    assert deputy.read(queries.get_resident, person.id).phone == ""

    # A pull does not overwrite the leader's record while the conflict is open.
    leader.sync.run_once()
    assert leader.read(queries.get_resident, person.id).phone == "0912000111"

    # The leader keeps theirs: it goes again, now based on the server's version.
    leader.write(syncdata.keep_mine, item.id)
    assert leader.sync.run_once().attention == 0
    deputy.sync.run_once()
    assert deputy.read(queries.get_resident, person.id).phone == "0912000111"


def test_taking_the_servers_version_replaces_the_local_one(central, laptops):
    _team, (leader, deputy) = connected_team(central, laptops, "leader", "deputy")
    person = add_resident(leader, "Hoàng Văn Nam", 1955)
    leader.sync.run_once()
    deputy.sync.run_once()
    for laptop, year in ((deputy, 1956), (leader, 1957)):
        r = laptop.read(queries.get_resident, person.id)
        r.birth_year = year
        laptop.write(commands.save_resident, r, None)
        laptop.sync.run_once()
    [item] = leader.read(syncdata.attention)
    leader.write(syncdata.take_theirs, item.id)
    assert leader.read(queries.get_resident, person.id).birth_year == 1956
    assert leader.sync.run_once().attention == 0
    assert outbox(leader) == 0


# --- receipts, retries and refusals -------------------------------------------------------------


def enrolled_client(central, team_id: str | None = None) -> tuple[Client, str]:
    team_id = team_id or central.admin_ops.team().id
    client = Client(central.url)
    client.server_id = client.ping()["server_id"]
    answer = client.enrol(central.admin_ops.code(team_id), "test")
    client.token = answer["token"]
    return client, answer["device_id"]


def change(seq: int, record_id: str | None = None, **payload) -> dict:
    return {
        "seq": seq,
        "entity": "resident",
        "id": record_id or str(uuid.uuid4()),
        "op": "upsert",
        "base_version": 0,
        "payload": {"full_name": "Bùi Thị Mai", **payload},
    }


def test_a_retried_batch_gets_the_same_receipts_and_nothing_twice(central):
    client, _ = enrolled_client(central)
    batch = [change(1), change(2, birth_year=1961), change(3, birth_year="x")]
    first = client.push("b1", batch)["receipts"]
    again = client.push("b1", batch)["receipts"]
    assert [r["status"] for r in first] == ["accepted", "accepted", "rejected"]
    assert [r["status"] for r in again] == ["duplicate", "duplicate", "rejected"]
    assert [r.get("version") for r in again[:2]] == [1, 1]
    assert first[2]["code"] == again[2]["code"] == "invalid"
    pulled = client.pull("", everything=True)["records"]
    assert len(pulled) == 2


def test_a_day_or_time_no_calendar_has_is_refused_and_never_stored(central):
    """Such a record, passed on, stopped the other laptops' screens (issue 18)."""
    team = central.admin_ops.team()
    client, _ = enrolled_client(central, team.id)

    def training(seq: int, **payload) -> dict:
        good = {"day": "2025-02-28", "start_time": "08:00", "end_time": "10:00"}
        return {
            **change(seq),
            "entity": "training",
            "payload": {**good, "status": "held", **payload},
        }

    batch = [
        training(1, day="2025-02-30"),
        training(2, start_time="99:99"),
        training(3, day="2025-13-45"),
        training(4, end_time="24:00"),
        change(5, full_name="Bùi Thị Mai"),
        training(6),
    ]
    receipts = client.push("d1", batch)["receipts"]
    assert [r["status"] for r in receipts] == ["rejected"] * 4 + ["accepted"] * 2
    assert {r["code"] for r in receipts[:4]} == {"invalid"}
    assert [r["message"].split(":")[0] for r in receipts[:4]] == [
        "day",
        "start_time",
        "day",
        "end_time",
    ]
    stored = central.admin_ops.scalar(
        "SELECT COUNT(*) FROM record WHERE team_id = :t AND entity = 'training'", t=team.id
    )
    assert stored == 1
    pulled = client.pull("", everything=True)["records"]
    assert sorted(r["entity"] for r in pulled) == ["resident", "training"]


def test_a_change_number_reused_with_other_content_is_refused(central):
    client, _ = enrolled_client(central)
    client.push("b1", [change(1), change(2)])
    from desktop.sync.client import SeqConflict

    with pytest.raises(SeqConflict) as caught:
        client.push("b2", [change(2)])  # another record under an old number
    assert caught.value.last_seq == 2


def test_a_revoked_laptop_stops_and_keeps_its_queue(central, laptops):
    team = central.admin_ops.team()
    leader = laptops("leader")
    leader.set_up()
    leader.connect(central.url, central.admin_ops.code(team.id))
    leader.sync.run_once()
    add_resident(leader, "Võ Thị Sáu")
    device_id = leader.read(syncdata.state)["device_id"]
    assert central.admin_ops.revoke(device_id)
    status = leader.sync.run_once()
    assert status.state == State.REVOKED and status.failure is Failure.REVOKED
    assert outbox(leader) == 1


@pytest.mark.parametrize(
    ("days", "use_twice", "failure"),
    [
        (7, True, Failure.CODE_USED),
        (0, False, Failure.CODE_EXPIRED),
        (None, False, Failure.BAD_CODE),
    ],
)
def test_enrolment_codes_are_single_use_and_expire(central, days, use_twice, failure):
    team = central.admin_ops.team()
    code = central.admin_ops.code(team.id, days) if days is not None else "ACDE-FGHJ"
    client = Client(central.url)
    if use_twice:
        client.enrol(code, "first")
    with pytest.raises(SyncError) as caught:
        client.enrol(code, "second")
    assert caught.value.failure is failure


def test_a_demo_profile_never_connects(central, laptops):
    from desktop.store.demo import fill_demo

    demo = laptops("demo")
    demo.write(lambda db: fill_demo(db, residents=50, trainings=3, assists=5))
    team = central.admin_ops.team()
    with pytest.raises(SyncError) as caught:
        demo.connect(central.url, central.admin_ops.code(team.id))
    assert caught.value.failure is Failure.DEMO
    assert "server_url" not in demo.read(syncdata.state)


# --- isolation ----------------------------------------------------------------------------------


def test_one_team_can_neither_read_nor_write_another_teams_records(central):
    a, _ = enrolled_client(central)
    b, _ = enrolled_client(central)
    secret = str(uuid.uuid4())
    b.push("b", [change(1, secret, phone="0987654321")])

    # Team A sees nothing of team B's, even asking for everything.
    assert a.pull("", everything=True)["records"] == []
    # Writing and deleting under B's id touches only A's own namespace.
    a.push("a1", [change(1, secret, phone="0900000000")])
    gone = {**change(2, secret), "op": "delete", "payload": {"deleted_at": "2026-11-23"}}
    a.push("a2", [gone])
    [theirs] = b.pull("", everything=True)["records"]
    assert theirs["payload"]["phone"] == "0987654321" and not theirs["deleted"]
    # A team record that is not one's own team is refused.
    other_team = {**change(3), "entity": "team", "payload": {"name": "x"}}
    assert a.push("a3", [other_team])["receipts"][0]["status"] == "rejected"
    # A cursor of team B's means nothing to team A.
    cursor = b.pull("")["cursor"]
    from desktop.sync.client import CursorUnknown

    with pytest.raises(CursorUnknown):
        a.pull(cursor)


# --- what counts as an answer -------------------------------------------------------------------


class _Portal(BaseHTTPRequestHandler):
    """A Wi-Fi login page: HTML with status 200 to everything."""

    def _page(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = b"<html><body>Please log in to the Wi-Fi</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _page

    def log_message(self, *args) -> None:
        pass


def test_a_login_page_answering_200_acknowledges_nothing(central, laptops):
    team = central.admin_ops.team()
    leader = laptops("leader")
    leader.set_up()
    leader.connect(central.url, central.admin_ops.code(team.id))
    leader.sync.run_once()
    add_resident(leader, "Trịnh Văn Bảy")
    portal = HTTPServer(("127.0.0.1", 0), _Portal)
    threading.Thread(target=portal.serve_forever, daemon=True).start()
    try:
        leader.write(syncdata.set_state, {"server_url": f"http://127.0.0.1:{portal.server_port}"})
        status = leader.sync.run_once()
        assert status.state == State.OFFLINE and status.failure is Failure.PORTAL
        assert outbox(leader) == 1
    finally:
        portal.shutdown()
        portal.server_close()  # its listening socket
    leader.write(syncdata.set_state, {"server_url": central.url})
    assert leader.sync.run_once().state == State.SYNCED
    assert outbox(leader) == 0


def test_bodies_are_capped_before_and_after_inflating(central):
    client, _ = enrolled_client(central)
    headers = {
        "Authorization": f"Bearer {client.token}",
        "Content-Type": "application/json",
        "Content-Encoding": "gzip",
    }
    url = central.url + "/v1/sync/push"
    bomb = gzip.compress(b"[" + b" " * 50_000_000 + b"]")
    answer = requests.post(url, data=bomb, headers=headers, timeout=30)
    assert answer.status_code == 413 and answer.json()["error"] == "too_large"
    good = gzip.compress(json.dumps({"batch_id": "x", "changes": [change(1)]}).encode())
    cut = requests.post(url, data=good[: len(good) // 2], headers=headers, timeout=30)
    assert cut.status_code == 400 and cut.json()["error"] == "bad_gzip"
    huge = requests.post(url, data=b"x" * 3_000_000, headers=headers, timeout=30)
    assert huge.status_code == 413
    assert requests.post(url, data=good, headers={}, timeout=30).status_code == 401


def test_a_body_is_read_strictly_and_told_plainly(central):
    client, _ = enrolled_client(central)
    headers = {"Authorization": f"Bearer {client.token}", "Content-Type": "application/json"}
    url = central.url + "/v1/sync/push"
    good = gzip.compress(json.dumps({"batch_id": "x", "changes": [change(1)]}).encode())
    trailing = requests.post(url, data=good + b"garbage", timeout=30,
                             headers={**headers, "Content-Encoding": "gzip"})  # fmt: skip
    assert trailing.status_code == 400 and trailing.json()["error"] == "bad_gzip", trailing.text
    not_json = requests.post(url, data=b'{"batch_id": "x", "changes": [', headers=headers,
                             timeout=30)  # fmt: skip
    assert not_json.status_code == 422, not_json.text
    assert "not valid JSON" in not_json.json()["message"]
    assert client.me()["last_seq"] == 0  # nothing of either was taken


# --- the server restored from an old backup -----------------------------------------------------


@pytest.mark.parametrize("central", ["sqlite"], indirect=True)
def test_a_server_restored_from_an_old_backup_gets_back_what_it_lost(central, laptops, tmp_path):
    import sqlite3

    from tests.servers import Central

    server = Central(tmp_path / "own-central").start()  # its own: it is stopped and restored
    try:
        from tests.servers import Admin

        admin = Admin(server)
        team = admin.team()
        leader, deputy = laptops("leader"), laptops("deputy")
        leader.set_up()
        early = add_resident(leader, "Trước Sao Lưu")
        leader.connect(server.url, admin.code(team.id))
        leader.sync.run_once()
        deputy.connect(server.url, admin.code(team.id))
        deputy.sync.run_once()
        backup = tmp_path / "backup.sqlite3"
        src = sqlite3.connect(server.data_dir / "central.sqlite3")
        with closing(sqlite3.connect(backup)) as dest:
            src.backup(dest)
        src.close()

        late = add_resident(leader, "Sau Sao Lưu")
        edited = leader.read(queries.get_resident, early.id)
        edited.note = "sửa sau khi sao lưu"
        leader.write(commands.save_resident, edited, None)
        leader.sync.run_once()
        deputy.sync.run_once()
        assert names(deputy) == {"Trước Sao Lưu", "Sau Sao Lưu"}

        # The server's disk dies; the commune restores last night's backup.
        server.stop()
        admin.engine.dispose()
        (server.data_dir / "central.sqlite3").unlink()
        for side in ("-wal", "-shm"):
            (server.data_dir / f"central.sqlite3{side}").unlink(missing_ok=True)
        backup.replace(server.data_dir / "central.sqlite3")
        server.admin("after-restore")
        server.start(port=server.port)

        for laptop in (leader, deputy, leader, deputy):
            assert laptop.sync.run_once().state == State.SYNCED
        admin = Admin(server)
        with admin.engine.connect() as conn:
            on_server = {
                r[0]
                for r in conn.exec_driver_sql(
                    "SELECT payload FROM record WHERE team_id = ? AND entity = 'resident'",
                    (team.id,),
                )
            }
        assert {json.loads(p)["full_name"] for p in on_server} == {"Trước Sao Lưu", "Sau Sao Lưu"}
        assert any(json.loads(p)["note"] == "sửa sau khi sao lưu" for p in on_server)
        assert deputy.read(queries.get_resident, early.id).note == "sửa sau khi sao lưu"
        assert late.id in {r[0] for r in deputy.query("SELECT id FROM resident")}
        assert outbox(leader) == outbox(deputy) == 0
        assert leader.read(syncdata.attention) == deputy.read(syncdata.attention) == []
        admin.engine.dispose()
    finally:
        server.stop()


def test_the_communes_catalogue_update_reaches_its_teams_only(central, laptops):
    # A commune of its own: the published items go to every team of it, in other tests too.
    here = central.admin_ops.team("Tổ CNSCĐ khu phố 5", 25747)
    elsewhere = central.admin_ops.team("Tổ khác", 25750)
    ours, theirs = laptops("ours"), laptops("theirs")
    for laptop, team in ((ours, here), (theirs, elsewhere)):
        laptop.set_up()
        laptop.connect(central.url, central.admin_ops.code(team.id))
        laptop.sync.run_once()
    from central import teams

    with central.admin_ops.engine.begin() as conn:
        assert teams.publish_catalogue_item(conn, 25747, "topic", "Chữ ký số cá nhân") == 1
        # An item the laptops seeded themselves is the same item: retired for all.
        teams.publish_catalogue_item(conn, 25747, "service", "Khác", active=False)
    for laptop in (ours, theirs):
        assert laptop.sync.run_once().state == State.SYNCED
    topics = {t.name for t in ours.read(queries.load_roster).topics}
    assert "Chữ ký số cá nhân" in topics
    assert "Chữ ký số cá nhân" not in {t.name for t in theirs.read(queries.load_roster).topics}
    services = {s.name: s.active for s in ours.read(queries.load_roster).services}
    assert services["Khác"] is False
    assert outbox(ours) == 0 and ours.read(syncdata.attention) == []


def test_a_laptop_set_up_after_the_commune_retired_a_seed_takes_the_communes_choice(
    central, laptops
):
    from central import teams

    with central.admin_ops.engine.begin() as conn:
        team = teams.add_team(conn, 352, "Tổ CNSCĐ ấp 1")  # a commune no other test uses
        commune = team.commune_code
        teams.publish_catalogue_item(conn, commune, "service", "Khác", active=False)
        later = teams.add_team(conn, commune, "Tổ lập sau")  # gets the commune's items too
    laptop = laptops("late")
    laptop.set_up()  # seeds "Khác" as active, offline
    laptop.connect(central.url, central.admin_ops.code(team.id))
    assert laptop.sync.run_once().state == State.SYNCED
    assert laptop.read(syncdata.attention) == []
    services = {s.name: s.active for s in laptop.read(queries.load_roster).services}
    assert services["Khác"] is False and outbox(laptop) == 0
    fresh = laptops("fresh")
    fresh.connect(central.url, central.admin_ops.code(later.id))
    fresh.sync.run_once()
    assert {s.name for s in fresh.read(queries.load_roster).services} == {"Khác"}
