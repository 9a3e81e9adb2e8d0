"""A commune's database made before the dashboard (revision 0001) with records in it, upgraded:
revision 0002 turns the stored records into the dashboard's facts with its own frozen copy of
the rules, which must give what the live rules give today, and marks every team-year with a
training or help session to be computed."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from central import db, rollups
from central import tables as T
from central.config import Config

NOW = datetime(2026, 3, 1, 8, 0)
RECORDS = [
    # (team, entity, id, deleted, payload)
    ("t1", "resident", "r1", False, {"full_name": "Đỗ Thị Mai", "gender": "female",
                                     "birth_year": 1950}),
    ("t1", "resident", "r2", True, {"full_name": "Lê Văn Xoá", "gender": "male"}),
    ("t1", "training", "k1", False, {"day": "2025-11-20", "status": "held", "place": "Nhà văn hoá",
                                     "topic_ids": ["a", "b"]}),
    ("t1", "training", "k2", False, {"day": "2026-02-03", "status": "planned", "place": None}),
    ("t1", "training", "k3", True, {"day": "2024-05-05", "status": "held"}),
    ("t1", "training", "k4", False, {"day": "not a day", "status": "held"}),
    ("t1", "attendance", "a1", False, {"training_id": "k1", "resident_id": "r1"}),
    ("t1", "attendance", "a2", False, {"training_id": "k1", "resident_id": "r2", "present": 0}),
    ("t2", "assist", "s1", False, {"day": "2026-01-15", "resident_id": "r9", "member_id": "m1",
                                   "service_id": "v1", "outcome": "done"}),
    ("t2", "member", "m1", False, {"full_name": "Tổ trưởng"}),  # not a fact
]  # fmt: skip


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_revision_0002_turns_stored_records_into_the_live_rules_facts(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    from alembic import command

    url = None
    if backend == "postgresql":
        url = request.getfixturevalue("postgres").create_database("upgrade0001")
    engine = db.make_engine(Config.load(tmp_path, url))
    with engine.begin() as conn:
        command.upgrade(db.alembic_config(conn), "0001")
        columns = ("team_id", "entity", "id", "version", "deleted", "payload", "hash", "seq")
        record = sa.table(
            "record", *map(sa.column, columns), sa.column("lineage"),
            sa.column("updated_at", sa.DateTime),
        )  # fmt: skip
        conn.execute(
            record.insert(),
            [
                {
                    "team_id": team,
                    "entity": entity,
                    "id": rid,
                    "version": 1,
                    "deleted": deleted,
                    "payload": json.dumps(payload),
                    "hash": "0" * 32,
                    "seq": seq,
                    "lineage": 0,
                    "updated_at": NOW,
                }
                for seq, (team, entity, rid, deleted, payload) in enumerate(RECORDS, 1)
            ],
        )
    with engine.begin() as conn:
        command.upgrade(db.alembic_config(conn), "head")

    with engine.connect() as conn:
        for entity in rollups.FACT_ENTITIES:
            table = getattr(T, f"f_{entity}")
            stored = {
                row.id: {k: v for k, v in row._mapping.items()}
                for row in conn.execute(sa.select(table))
            }
            live = {
                rid: row
                for team, e, rid, deleted, payload in RECORDS
                if e == entity and (row := rollups.fact(e, team, rid, deleted, payload))
            }
            assert stored == live, entity
            assert live, entity  # every kind of fact is tried
        dirty = set(conn.execute(sa.select(T.roll_dirty.c.team_id, T.roll_dirty.c.year)).all())
    # k3 is deleted and k4 has no day: neither has a fact, so neither marks a year
    assert dirty == {("t1", 2025), ("t1", 2026), ("t2", 2026)}
    engine.dispose()
