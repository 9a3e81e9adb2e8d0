"""Refused changes keep their content (names, phones) only as long as it is needed (issue 21,
item 2; Decree 13/2023): on the central service until the record is settled or for
REFUSED_DAYS, on the laptop until the user has chosen. Then only the record's id and kind, the
reason and the dates remain, and the dashboard still lists an open one, without the content.
The real service, on SQLite and PostgreSQL; the time passed by setting the stored date back."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from central import retention
from central import tables as T
from central.ingest import utcnow
from desktop.store import syncdata
from tests.helpers import add_resident, connected_team
from tests.servers import Admin, Central
from tests.test_dashboard_rejects import (
    change,
    laptop_client,
    problem_rows,
    resident,
    signed_in,
)
from tests.test_sync_edges import conflict_on

COMMUNE = 25
NAME, PHONE = "Nguyễn Thị Hương", "0912345678"


def problems(central, team_id: str) -> list:
    with central.admin_ops.engine.connect() as conn:
        return conn.execute(
            select(T.problem).where(T.problem.c.team_id == team_id).order_by(T.problem.c.seq)
        ).all()


def age(central, team_id: str, days: int) -> None:
    """The team's refusals as if they came `days` ago."""
    with central.admin_ops.engine.begin() as conn:
        conn.execute(
            update(T.problem)
            .where(T.problem.c.team_id == team_id)
            .values(created_at=utcnow() - timedelta(days=days))
        )


def refuse(central, name: str = "Tổ khu phố 9"):
    """A team whose laptop sent a resident the server refused (a gender it does not know)."""
    team = central.admin_ops.team(name, commune=COMMUNE)
    laptop = laptop_client(central, team.id, "Máy tổ trưởng")
    person = str(uuid.uuid4())
    answer = laptop.push("a", [resident(1, person, NAME, birth_year=1960, gender="f", phone=PHONE)])
    assert answer["receipts"][0]["status"] == "rejected"
    return team, laptop, person


def test_a_refusal_keeps_its_content_90_days_then_only_its_record_and_reason(central):
    team, _laptop, person = refuse(central)
    [kept] = problems(central, team.id)
    assert NAME in json.loads(kept.payload)["full_name"] and PHONE in kept.payload
    me = signed_in(central)
    [row] = problem_rows(me.get(f"/team/{team.id}?tab=problems").text)
    assert row[3] == f"{NAME} (1960)"

    # 89 days on, the daily task leaves it; past 90 days it forgets its content.
    age(central, team.id, retention.REFUSED_DAYS - 1)
    with central.admin_ops.engine.begin() as conn:
        assert retention.forget(conn, utcnow()) == 0
    assert json.loads(problems(central, team.id)[0].payload)["full_name"] == NAME
    age(central, team.id, retention.REFUSED_DAYS + 1)
    with central.admin_ops.engine.begin() as conn:
        assert retention.forget(conn, utcnow()) == 1
    [left] = problems(central, team.id)
    assert left.payload == retention.FORGOTTEN
    assert (left.entity, left.record_id, left.status, left.code) == (
        "resident", person, "rejected", "invalid"
    )  # fmt: skip
    assert "gender" in left.message and left.created_at is not None

    # Still open, still listed for the commune: its kind, reason and date, no name or phone.
    page = me.get(f"/team/{team.id}?tab=problems").text
    [row] = problem_rows(page)
    assert row[1:3] == ["Máy tổ trưởng", "Người dân"]
    assert row[3] == "—" and "Giới tính phải là Nữ hoặc Nam" in row[5]
    assert NAME not in page and PHONE not in page and "1960" not in row[3]


def test_a_settled_refusal_loses_its_content_in_the_push_that_settles_it(central):
    team, laptop, person = refuse(central, "Tổ khu phố 10")
    other = str(uuid.uuid4())
    # The batch that settles Hương also brings a new refusal: that one keeps its content.
    laptop.push(
        "b",
        [
            resident(2, person, NAME, birth_year=1960, gender="female", phone=PHONE),
            change(3, "resident", other, {"full_name": "Lò Văn Páo", "x": 1}),
        ],
    )
    settled, fresh = problems(central, team.id)
    assert settled.payload == retention.FORGOTTEN and settled.record_id == person
    assert "Lò Văn Páo" in json.loads(fresh.payload)["full_name"]
    me = signed_in(central)
    assert [r[3] for r in problem_rows(me.get(f"/team/{team.id}?tab=problems").text)] == [
        "Lò Văn Páo"
    ]


def test_a_conflict_kept_on_the_laptop_is_forgotten_on_both_sides(central, laptops):
    team, (leader, deputy) = connected_team(central, laptops, "leader", "deputy", commune=COMMUNE)
    person = add_resident(leader, "Tạ Thị Mười")
    leader.sync.run_once()
    deputy.sync.run_once()
    item = conflict_on(leader, deputy, person.id)
    assert item.local["phone"] == "0911111111"
    [on_server] = problems(central, team.id)
    assert "0911111111" in on_server.payload

    leader.write(syncdata.keep_mine, item.id)
    stored = leader.query(
        "SELECT entity, entity_id, status, local_payload, server_payload, resolved_at"
        " FROM sync_attention"
    )
    assert stored == [("resident", person.id, "conflict", "{}", None, stored[0][5])]
    assert stored[0][5] is not None
    assert leader.sync.run_once().attention == 0
    [on_server] = problems(central, team.id)
    assert on_server.payload == retention.FORGOTTEN and on_server.record_id == person.id


def test_a_dismissed_refusal_and_one_resolved_by_an_older_version_keep_no_content(central, laptops):
    _team, (leader,) = connected_team(central, laptops, "leader", commune=COMMUNE)
    person = add_resident(leader, "Đỗ Thị Bảy")
    leader.sync.run_once()

    def refused(db) -> None:  # a change an older app made, which the server refuses
        bad = {"id": person.id, "full_name": "Đỗ Thị Bảy", "birth_year": "x", "phone": PHONE}
        db.conn.execute(
            "INSERT INTO outbox(entity, entity_id, op, payload, version, created_at)"
            " VALUES ('resident', ?, 'upsert', ?, 9, '2026-11-23')",
            (person.id, json.dumps(bad)),
        )

    leader.write(refused)
    leader.sync.run_once()
    [item] = leader.read(syncdata.attention)
    assert item.local["phone"] == PHONE
    leader.write(syncdata.dismiss, item.id)
    assert leader.query("SELECT local_payload, server_payload, code FROM sync_attention") == [
        ("{}", None, "invalid")
    ]

    # An item an older version resolved kept its content: the next sync forgets it.
    def resolved_long_ago(db) -> None:
        db.conn.execute(
            "UPDATE sync_attention SET local_payload = ?, server_payload = ?",
            (json.dumps({"full_name": "Đỗ Thị Bảy", "phone": PHONE}), json.dumps({})),
        )

    leader.write(resolved_long_ago)
    leader.sync.run_once()
    assert leader.query("SELECT local_payload, server_payload FROM sync_attention") == [
        ("{}", None)
    ]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_serve_forgets_old_refusals_at_its_start_without_a_command(backend, request, tmp_path):
    url = None
    if backend == "postgresql":
        url = request.getfixturevalue("postgres").create_database(f"retain{uuid.uuid4().hex[:8]}")
    server = Central(tmp_path / "central", url).start()
    server.admin_ops = Admin(server)
    try:
        team, _laptop, _person = refuse(server)
        server.stop()
        age(server, team.id, retention.REFUSED_DAYS + 1)
        server.start()
        # The refresher forgets at the start, in the background: waited for, as the rollups are.
        import time

        deadline = time.monotonic() + 30
        while problems(server, team.id)[0].payload != retention.FORGOTTEN:
            assert time.monotonic() < deadline, "serve did not forget the old refusal"
            time.sleep(0.1)
        assert "forgot the content of 1 refused changes" in server.log.read_text()
    finally:
        server.stop()
        server.admin_ops.engine.dispose()
