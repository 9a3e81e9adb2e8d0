"""Sync at its edges, each seen going wrong in review: choices made in the attention list,
a laptop restored from its own backup, a replaced server, two laptops set up apart, the same
person added to one class on two laptops, and hostile input on both databases."""

from __future__ import annotations

import json
import uuid

import pytest
import requests

from desktop.store import backup, commands, queries, syncdata
from desktop.sync.client import Client
from desktop.sync.service import State
from tests.helpers import Laptop, add_resident, connected_team, names, outbox


def server_resident(central, team_id: str, record_id: str) -> dict:
    found = central.admin_ops.scalar(
        "SELECT payload FROM record WHERE team_id = :t AND id = :i", t=team_id, i=record_id
    )
    return json.loads(found)


def conflict_on(leader, deputy, person_id: str) -> syncdata.Attention:
    theirs = deputy.read(queries.get_resident, person_id)
    theirs.note = "của tổ phó"
    deputy.write(commands.save_resident, theirs, None)
    deputy.sync.run_once()
    mine = leader.read(queries.get_resident, person_id)
    mine.phone = "0911111111"
    leader.write(commands.save_resident, mine, None)
    leader.sync.run_once()
    [item] = leader.read(syncdata.attention)
    return item


def test_keep_mine_sends_the_record_as_it_is_now(central, laptops):
    team, (leader, deputy) = connected_team(central, laptops, "leader", "deputy")
    person = add_resident(leader, "Tạ Thị Năm")
    leader.sync.run_once()
    deputy.sync.run_once()
    item = conflict_on(leader, deputy, person.id)
    later = leader.read(queries.get_resident, person.id)  # edited again before choosing
    later.phone, later.birth_year = "0922222222", 1970
    leader.write(commands.save_resident, later, None)
    leader.write(syncdata.keep_mine, item.id)
    leader.sync.run_once()
    on_server = server_resident(central, team.id, person.id)
    assert (on_server["phone"], on_server["birth_year"]) == ("0922222222", 1970)
    deputy.sync.run_once()
    assert deputy.read(queries.get_resident, person.id).phone == "0922222222"


def test_take_theirs_drops_the_laptops_queued_edits(central, laptops):
    team, (leader, deputy) = connected_team(central, laptops, "leader", "deputy")
    person = add_resident(leader, "Tạ Văn Sáu")
    leader.sync.run_once()
    deputy.sync.run_once()
    item = conflict_on(leader, deputy, person.id)
    again = leader.read(queries.get_resident, person.id)
    again.phone = "0933333333"
    leader.write(commands.save_resident, again, None)
    leader.write(syncdata.take_theirs, item.id)
    assert outbox(leader) == 0
    leader.sync.run_once()
    on_server = server_resident(central, team.id, person.id)
    assert on_server["note"] == "của tổ phó" and on_server["phone"] == ""
    assert leader.read(queries.get_resident, person.id).note == "của tổ phó"


def test_a_dismissed_refusal_lets_the_other_laptops_version_in(central, laptops):
    _team, (leader, deputy) = connected_team(central, laptops, "leader", "deputy")
    person = add_resident(leader, "Đỗ Thị Bảy")
    leader.sync.run_once()
    deputy.sync.run_once()

    def refused(db) -> None:  # a change an older app made, which the server refuses
        bad = {"id": person.id, "full_name": "Đỗ Thị Bảy", "birth_year": "x"}
        db.conn.execute(
            "INSERT INTO outbox(entity, entity_id, op, payload, version, created_at)"
            " VALUES ('resident', ?, 'upsert', ?, 9, '2026-11-23')",
            (person.id, json.dumps(bad)),
        )

    leader.write(refused)
    leader.sync.run_once()
    theirs = deputy.read(queries.get_resident, person.id)
    theirs.note = "cập nhật từ máy tổ phó"
    deputy.write(commands.save_resident, theirs, None)
    deputy.sync.run_once()
    leader.sync.run_once()  # skipped while the refusal is open
    [item] = leader.read(syncdata.attention)
    leader.write(syncdata.dismiss, item.id)
    assert leader.read(queries.get_resident, person.id).note == "cập nhật từ máy tổ phó"


def test_a_lost_answer_to_a_conflict_is_told_again_in_full(central):
    team = central.admin_ops.team()
    a, b = Client(central.url), Client(central.url)
    for client in (a, b):
        client.token = client.enrol(central.admin_ops.code(team.id), "x")["token"]
    record = str(uuid.uuid4())
    change = {"seq": 1, "entity": "resident", "id": record, "op": "upsert", "base_version": 0}
    a.push("a1", [{**change, "payload": {"full_name": "Lý Thị Tám"}}])
    first = b.push("b1", [{**change, "payload": {"full_name": "Lý Thị Chín"}}])["receipts"][0]
    again = b.push("b1", [{**change, "payload": {"full_name": "Lý Thị Chín"}}])["receipts"][0]
    assert first["status"] == again["status"] == "conflict"
    assert again["server"]["payload"]["full_name"] == "Lý Thị Tám"


def test_a_laptop_restored_from_its_own_backup_loses_nothing_and_reverts_nothing(
    central, laptops, tmp_path
):
    team, (leader, deputy) = connected_team(central, laptops, "leader", "deputy")
    person = add_resident(leader, "Trương Thị Mười")
    leader.sync.run_once()
    copy = leader.store.backup_now().result(timeout=30)  # last night's backup

    # After the backup: several saves of one record (folded into one change), a new one.
    for phone in ("0901000001", "0901000002", "0901000003"):
        r = leader.read(queries.get_resident, person.id)
        r.phone = phone
        leader.write(commands.save_resident, r, None)
    after = add_resident(leader, "Sau Bản Sao")
    leader.sync.run_once()

    # The disk is damaged; the app restores last night's backup.
    leader.close()
    backup.restore(copy, leader.folder / "sotay.sqlite3")
    leader = Laptop(leader.folder)
    fresh = add_resident(leader, "Ghi Sau Khôi Phục")  # recorded before any sync
    for _ in range(2):
        assert leader.sync.run_once().state == State.SYNCED
    assert server_resident(central, team.id, fresh.id)["full_name"] == "Ghi Sau Khôi Phục"
    assert server_resident(central, team.id, person.id)["phone"] == "0901000003"  # not reverted
    # The laptop's own work after the backup came back from the server.
    assert leader.read(queries.get_resident, person.id).phone == "0901000003"
    assert after.id in {r[0] for r in leader.query("SELECT id FROM resident")}
    deputy.sync.run_once()
    assert names(deputy) == names(leader)
    assert outbox(leader) == 0 and leader.read(syncdata.attention) == []
    leader.close()


def test_a_replaced_server_gets_everything_from_the_laptop(central, laptops, tmp_path):
    from tests.servers import Admin, Central

    team, (leader, _deputy) = connected_team(central, laptops, "leader", "deputy")
    add_resident(leader, "Phùng Văn Một")
    leader.sync.run_once()
    spare = Central(tmp_path / "new-central").start()  # the old one died with its disk
    try:
        admin = Admin(spare)
        other = admin.team("Tổ khác", team.commune_code)
        with pytest.raises(Exception) as caught:  # another team of the new server: refused
            leader.connect(spare.url, admin.code(other.id))
        assert caught.value.failure.value == "other_team"
        # The commune re-creates the team under its old id (the laptop's About box shows it).
        admin.team(team.name, team.commune_code, team.id)
        leader.connect(spare.url, admin.code(team.id))
        assert leader.sync.run_once().state == State.SYNCED
        count = admin.scalar(
            "SELECT COUNT(*) FROM record WHERE team_id = :t AND entity = 'resident'", t=team.id
        )
        assert count == 1
        admin.engine.dispose()
    finally:
        spare.stop()


def test_two_laptops_set_up_apart_share_one_catalogue_without_conflicts(central, laptops):
    team = central.admin_ops.team()
    a, b = laptops("a"), laptops("b")
    a.set_up()
    b.set_up()
    for laptop in (a, b):
        laptop.connect(central.url, central.admin_ops.code(team.id))
        laptop.sync.run_once()
    a.sync.run_once()
    assert a.read(syncdata.attention) == b.read(syncdata.attention) == []
    topics = central.admin_ops.scalar(
        "SELECT COUNT(*) FROM record WHERE team_id = :t AND entity = 'topic'", t=team.id
    )
    assert topics == len(a.read(queries.load_roster).topics)


def test_hostile_input_gets_a_4xx_or_a_refusal_never_a_500(central):
    team = central.admin_ops.team()
    client = Client(central.url)
    answer = client.enrol(central.admin_ops.code(team.id), "x\x00y")  # NUL in a name
    headers = {"Authorization": f"Bearer {answer['token']}", "Content-Type": "application/json"}
    push = central.url + "/v1/sync/push"

    def send(change: dict) -> requests.Response:
        body = json.dumps({"batch_id": "h", "changes": [change]})
        return requests.post(push, data=body, headers=headers, timeout=10)

    base = {"seq": 1, "id": str(uuid.uuid4()), "op": "upsert", "base_version": 0}
    answers = [
        send({**base, "entity": "resi\x00dent", "payload": {}}),
        send({**base, "entity": "resident", "payload": {"full_name": "\ud800"}}),
        send({**base, "entity": "resident", "base_version": 2**31 - 1, "payload": {}}),
        send(
            {
                **base,
                "entity": "assist",
                "payload": {
                    "day": "2026-11-20",
                    "resident_id": "a",
                    "service_id": "b",
                    "outcome": "done",
                    "member_id": None,
                },
            }
        ),
        requests.get(
            central.url + "/v1/sync/pull", params={"cursor": "x.²"}, headers=headers, timeout=10
        ),
    ]
    for got in answers:
        assert got.status_code < 500, got.text
        assert got.headers.get("X-Sotay-Server")
    refused = [a.json()["receipts"][0]["status"] for a in answers if a.status_code == 200]
    assert refused and set(refused) == {"rejected"}


def test_a_form_opened_before_a_pull_cannot_overwrite_what_the_pull_brought(central, laptops):
    from desktop.failures import Failure, classify

    team, (leader, deputy) = connected_team(central, laptops, "leader", "deputy")
    person = add_resident(leader, "Mạc Thị Hai")
    leader.sync.run_once()
    deputy.sync.run_once()
    opened = leader.read(queries.get_resident, person.id)  # the leader opens the form
    theirs = deputy.read(queries.get_resident, person.id)
    theirs.note = "đã có VNeID mức 2"
    deputy.write(commands.save_resident, theirs, None)
    deputy.sync.run_once()
    leader.sync.run_once()  # the pull brings it while the form is open
    opened.phone = "0944444444"
    with pytest.raises(commands.Stale) as caught:
        leader.write(commands.save_resident, opened, None)
    assert classify(caught.value) is Failure.STALE
    leader.sync.run_once()
    assert server_resident(central, team.id, person.id)["note"] == "đã có VNeID mức 2"
    assert leader.read(queries.get_resident, person.id).note == "đã có VNeID mức 2"


def test_restoring_the_same_backup_twice_still_loses_nothing(central, laptops):
    team, (leader, _deputy) = connected_team(central, laptops, "leader", "deputy")
    person = add_resident(leader, "Kiều Thị Ba")
    leader.sync.run_once()
    copy = leader.store.backup_now().result(timeout=30)
    for round_ in range(2):  # the same backup restored twice, with work in between
        leader.close()
        backup.restore(copy, leader.folder / "sotay.sqlite3")
        leader = Laptop(leader.folder)
        added = add_resident(leader, f"Sau Lần {round_ + 1}")
        edited = leader.read(queries.get_resident, person.id)
        edited.phone = f"090900000{round_}"
        leader.write(commands.save_resident, edited, None)
        for _ in range(2):
            assert leader.sync.run_once().state == State.SYNCED
        assert server_resident(central, team.id, added.id)["full_name"] == f"Sau Lần {round_ + 1}"
        assert server_resident(central, team.id, person.id)["phone"] == f"090900000{round_}"
        assert leader.read(queries.get_resident, person.id).phone == f"090900000{round_}"
        assert outbox(leader) == 0
    assert {"Sau Lần 1", "Sau Lần 2"} <= names(leader)
    leader.close()
