"""A base_version the server never issued (issue 18): raw batches over HTTP, on both databases.

A version ahead of the server's is legitimate only after the server was restored from a backup
(tests/test_sync.py restores one); otherwise it is a conflict like any stale base. A version
near the integer column's limit costs only its own change: the rest of the batch goes in, and
no later batch of another laptop is refused for it."""

from __future__ import annotations

import uuid
from typing import Any

import requests
from sqlalchemy import text

from desktop.sync.client import Client


def clients(central, *names: str) -> list[Client]:
    team = central.admin_ops.team()
    made = []
    for name in names:
        client = Client(central.url)
        client.token = client.enrol(central.admin_ops.code(team.id), name)["token"]
        made.append(client)
    return made


def change(seq: int, record: str, base: int, op: str = "upsert", **payload: Any) -> dict:
    if op == "delete":
        payload = {"deleted_at": "2026-11-30 08:00:00"}
    return {
        "seq": seq,
        "entity": "resident",
        "id": record,
        "op": op,
        "base_version": base,
        "payload": payload,
    }


def on_server(central, record: str) -> tuple[int, bool]:
    sql = "SELECT {} FROM record WHERE id = :i"
    version = central.admin_ops.scalar(sql.format("version"), i=record)
    return version, bool(central.admin_ops.scalar(sql.format("deleted"), i=record))


def x_saves_and_edits(x: Client, record: str) -> None:
    """Laptop X saves a resident (v1) and edits it (v2)."""
    [first] = x.push("x1", [change(1, record, 0, full_name="Hà Thị Một")])["receipts"]
    [second] = x.push("x2", [change(2, record, 1, full_name="Hà Thị Hai")])["receipts"]
    assert (first["version"], second["version"]) == (1, 2)


def test_a_base_version_above_the_servers_does_not_overwrite_another_laptops_edit(central):
    x, y = clients(central, "x", "y")
    record = str(uuid.uuid4())
    x_saves_and_edits(x, record)
    [honest] = y.push("y1", [change(1, record, 1, full_name="Hà Thị Ba")])["receipts"]
    assert (honest["status"], honest["version"]) == ("conflict", 2)
    [ahead] = y.push("y2", [change(2, record, 3, full_name="Hà Thị Ba")])["receipts"]
    assert (ahead["status"], ahead["version"]) == ("conflict", 2)
    assert ahead["server"]["payload"]["full_name"] == "Hà Thị Hai"
    assert on_server(central, record) == (2, False)


def test_a_delete_with_a_base_version_above_the_servers_is_a_conflict(central):
    x, y = clients(central, "x", "y")
    record = str(uuid.uuid4())
    x_saves_and_edits(x, record)
    [ahead] = y.push("y1", [change(1, record, 5, "delete")])["receipts"]
    assert (ahead["status"], ahead["version"]) == ("conflict", 2)
    assert on_server(central, record) == (2, False)


def test_a_version_near_the_integer_limit_costs_only_its_own_change(central):
    x, y = clients(central, "x", "y")
    record, other = str(uuid.uuid4()), str(uuid.uuid4())
    # The schema's old maximum, on a record nobody has yet (a new record takes base + 1).
    [huge] = x.push("x1", [change(1, record, 2**31 - 10, full_name="Quá Lớn")])["receipts"]
    assert huge["status"] == "rejected" and huge["code"] == "bad_version", huge
    assert huge["message"]
    # Any version the server may hold is a base the schema takes: never a 422 for the batch.
    body = {
        "batch_id": "y1",
        "changes": [
            change(1, record, 2**31 - 1, full_name="Sửa Lại"),
            change(2, other, 0, full_name="Không Liên Quan"),
        ],
    }
    answer = requests.post(
        central.url + "/v1/sync/push",
        json=body,
        headers={"Authorization": f"Bearer {y.token}"},
        timeout=10,
    )
    assert answer.status_code == 200, answer.text
    first, second = answer.json()["receipts"]
    assert first["status"] == "rejected" and first["code"] == "bad_version"
    assert (second["status"], second["version"]) == ("accepted", 1)
    assert on_server(central, other) == (1, False)
    # The same record, honestly made afterwards by another laptop, is edited as usual.
    [made] = y.push("y2", [change(3, record, 0, full_name="Bình Thường")])["receipts"]
    [edited] = x.push("x2", [change(2, record, 1, full_name="Bình Thường Hai")])["receipts"]
    assert (made["status"], made["version"]) == ("accepted", 1)
    assert (edited["status"], edited["version"]) == ("accepted", 2)
    # A record a server took such a base for before this rule: its honest edits still go in.
    with central.admin_ops.engine.begin() as conn:
        conn.execute(
            text("UPDATE record SET version = :v WHERE id = :i"), {"v": 2**31 - 9, "i": record}
        )
    [near] = x.push("x3", [change(3, record, 2**31 - 9, full_name="Gần Giới Hạn")])["receipts"]
    assert (near["status"], near["version"]) == ("accepted", 2**31 - 8)


def test_after_a_restore_only_a_record_as_the_backup_had_it_takes_a_base_ahead(central):
    x, y = clients(central, "x", "y")
    kept, edited = str(uuid.uuid4()), str(uuid.uuid4())
    x.push("x1", [change(1, kept, 0, full_name="Từ Bản Sao"), change(2, edited, 0, full_name="A")])
    # What `after-restore` does, for this team alone (the server is shared by other tests).
    team_id = central.admin_ops.scalar("SELECT team_id FROM record WHERE id = :i", i=kept)
    with central.admin_ops.engine.begin() as conn:
        conn.execute(
            text("UPDATE team SET restored_seq = seq, epoch = 'restored' WHERE id = :t"),
            {"t": team_id},
        )
    [after] = x.push("x2", [change(3, edited, 1, full_name="Sau Khôi Phục")])["receipts"]
    assert (after["status"], after["version"]) == ("accepted", 2)
    # Y saw version 2 of `kept` before the disk died: the backup lacks it, Y's edit goes in.
    [lost] = y.push("y1", [change(1, kept, 2, full_name="Của Máy Y")])["receipts"]
    assert (lost["status"], lost["version"]) == ("accepted", 3)
    # `edited` was written since the restore: a version ahead of it was never issued.
    [ahead] = y.push("y2", [change(2, edited, 4, full_name="Ghi Đè")])["receipts"]
    assert (ahead["status"], ahead["version"]) == ("conflict", 2)
    assert on_server(central, edited) == (2, False)
