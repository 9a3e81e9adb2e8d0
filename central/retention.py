"""How long refused changes keep what they held (Decree 13/2023: no longer than needed).

A refused or conflicting change is kept in `problem` so the commune sees it and a laptop
resending the batch gets the same receipt back; its payload (names, phones) is kept only:
- until the record is settled: a later change of it accepted (from any laptop: the user kept
  their version, or sent it again corrected). Forgotten in the very push that settles it.
- at most REFUSED_DAYS after the refusal, settled or not (a refusal the user dismissed on the
  laptop, or took the other laptop's version for, is never told to the server).
Then the row keeps only its record's id and kind, the reason and the dates: the dashboard still
lists it, named by the record as the server holds it, or not at all.

The time limit is applied by the service's refresher thread (central/rollups.py): at every
start of `serve`, then once a day, so no one has to remember a command.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import and_, exists, or_, select, update
from sqlalchemy.engine import Connection

from central import tables as T

REFUSED_DAYS = 90  # a refused change's payload is forgotten this long after it came at most
FORGOTTEN = "{}"  # the payload of a refusal whose content is forgotten (the column is NOT NULL)


def settle(conn: Connection, team_id: str, written: Iterable[tuple[str, str]]) -> None:
    """The team's earlier refusals of these (entity, id) records are settled (a version was just
    written): their payloads go. Called by the ingest before it stores the batch's own
    refusals, which are not settled by a change accepted in the same batch."""
    by_entity: dict[str, list[str]] = {}
    for entity, record_id in written:
        by_entity.setdefault(entity, []).append(record_id)
    p = T.problem.c
    for entity, ids in by_entity.items():
        for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
            conn.execute(
                update(T.problem)
                .where(
                    p.team_id == team_id,
                    p.entity == entity,
                    p.record_id.in_(chunk),
                    p.payload != FORGOTTEN,
                )
                .values(payload=FORGOTTEN)
            )


def forget(conn: Connection, now: datetime, days: int = REFUSED_DAYS) -> int:
    """Every team's refusals older than `days`, or settled (a catch-all for those settled
    before this rule), lose their payload. Returns how many did."""
    p, r = T.problem.c, T.record.c
    settled = exists(
        select(r.id).where(
            and_(
                r.team_id == p.team_id,
                r.entity == p.entity,
                r.id == p.record_id,
                r.updated_at > p.created_at,
            )
        )
    )
    done = conn.execute(
        update(T.problem)
        .where(
            p.payload != FORGOTTEN,
            or_(p.created_at < now - timedelta(days=days), settled),
        )
        .values(payload=FORGOTTEN)
    )
    return int(done.rowcount or 0)
