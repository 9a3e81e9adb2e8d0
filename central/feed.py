"""Pull: a team's records changed after a cursor, in the order the server wrote them.

The cursor is `<epoch>.<seq>`: `seq` is the team's own change counter (never a clock), and
`epoch` changes when the server is restored from a backup, so that a laptop holding a cursor
from the lost future restores in full instead of missing rows."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.engine import Connection

from central import tables as T


class CursorUnknown(Exception):
    """A cursor this server never issued (restored from a backup, or another server's)."""


@dataclass(slots=True)
class Page:
    body: list[str]  # one JSON object per record, payloads kept as stored
    cursor: str
    more: bool


def parse_cursor(cursor: str, epoch: str, team_seq: int) -> int:
    if not cursor:
        return 0
    head, _, tail = cursor.rpartition(".")
    if head != epoch or not (tail.isascii() and tail.isdigit()) or int(tail) > team_seq:
        raise CursorUnknown(cursor[:80])
    return int(tail)


def pull(
    conn: Connection, team_id: str, device_id: str, cursor: str, limit: int, everything: bool
) -> Page:
    """Records after `cursor`. The laptop's own writes are left out unless `everything`
    (a full restore): it has them already."""
    team = conn.execute(select(T.team.c.seq, T.team.c.epoch).where(T.team.c.id == team_id)).one()
    after = parse_cursor(cursor, team.epoch, team.seq)
    r = T.record.c
    query = (
        select(r.entity, r.id, r.version, r.deleted, r.payload, r.seq)
        .where(r.team_id == team_id, r.seq > after)
        .order_by(r.seq)
        .limit(limit)
    )
    if not everything:
        query = query.where(or_(r.device_id.is_(None), r.device_id != device_id))
    rows = conn.execute(query).all()
    more = len(rows) == limit
    last = rows[-1].seq if more else team.seq
    return Page([_as_json(row) for row in rows], f"{team.epoch}.{last}", more)


def _as_json(row: Any) -> str:
    """A record as a pull hands it out (its payload as stored)."""
    return (
        f'{{"entity":{json.dumps(row.entity)},"id":{json.dumps(row.id)},"version":{row.version},'
        f'"deleted":{"true" if row.deleted else "false"},"payload":{row.payload}}}'
    )


def fetch(conn: Connection, team_id: str, wanted: list[tuple[str, str]]) -> list[str]:
    """The team's records of these (entity, id), as a pull hands them out: what a laptop's
    check found referred to but missing (a pull of an older version cut short). Those the
    server does not have are left out; the laptop tells its user."""
    by_entity: dict[str, list[str]] = {}
    for entity, record_id in wanted:
        by_entity.setdefault(entity, []).append(record_id)
    r = T.record.c
    body: list[str] = []
    for entity, ids in sorted(by_entity.items()):
        rows = conn.execute(
            select(r.entity, r.id, r.version, r.deleted, r.payload)
            .where(r.team_id == team_id, r.entity == entity, r.id.in_(sorted(set(ids))))
            .order_by(r.id)
        )
        body += [_as_json(row) for row in rows]
    return body
