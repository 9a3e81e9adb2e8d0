"""A team set up twice: two laptops that each set the team up before connecting hold the same
neighbourhoods and members under different ids, and after their first sync both laptops have
both. Here: the pairs that look the same (the same folded name), and the merge of a pair.

A merge is ordinary edits, so it reaches the server and every other laptop through sync as
any change does: each live record referring to the dropped one is saved again pointing to
the kept one (a new version, an outbox row), then the dropped one is deleted (a delete that
syncs). Records deleted earlier keep their old reference: the dropped record stays as a
tombstone, so their history still names it.

A live record may still come to refer to a merged-away twin later: another laptop's edit
made offline meanwhile (its conflict settled with "keep this laptop's version"), or a record
it added before it heard of the merge. Those show as a pair again, the twin marked deleted,
and merging it moves them over (the twin is deleted already).

The suggested record to keep is the oldest (then the lowest id): every laptop suggests the
same one, so two leaders merging the same pair at once make the same edits, which the server
takes as duplicates, rather than each deleting the other's choice."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import dataclass

from desktop.store.commands import NotFound, soft_delete, upsert, utcnow
from desktop.store.db import Db
from sotay.domain.fields import FIELDS
from sotay.domain.text import fold, sort_key

KINDS = ("neighbourhood", "member")
NAME = {"neighbourhood": "name", "member": "full_name"}


@dataclass(frozen=True, slots=True)
class Candidate:
    id: str
    name: str
    phone: str  # members only
    uses: int  # live records that refer to it (residents; trainings and help sessions)
    deleted: bool = False  # merged away already, yet live records still refer to it


@dataclass(frozen=True, slots=True)
class Pair:
    kind: str  # "neighbourhood" or "member"
    keep: Candidate  # suggested: the oldest
    drop: Candidate


def _uses(conn: sqlite3.Connection, kind: str, ids: list[str]) -> dict[str, int]:
    """Live records referring to each of `ids`: asked only for the records of a pair (a
    count over every resident or help session cost a large ward ~0.4 s at each start)."""
    marks = ",".join("?" * len(ids))
    if kind == "neighbourhood":
        sqls = [
            "SELECT neighbourhood_id, COUNT(*) FROM resident"
            f" WHERE deleted_at IS NULL AND neighbourhood_id IN ({marks}) GROUP BY 1"
        ]
    else:
        sqls = [
            "SELECT tt.member_id, COUNT(*) FROM training_trainer tt"
            " JOIN training t ON t.id = tt.training_id"
            f" WHERE t.deleted_at IS NULL AND tt.member_id IN ({marks}) GROUP BY 1",
            "SELECT member_id, COUNT(*) FROM assist"
            f" WHERE deleted_at IS NULL AND member_id IN ({marks}) GROUP BY 1",
        ]
    out: dict[str, int] = {}
    for sql in sqls:
        for record_id, n in conn.execute(sql, ids):
            out[record_id] = out.get(record_id, 0) + n
    return out


APART = "kept_apart"  # sync_state key: the pairs the leader said are not the same (this laptop)


def _apart(conn: sqlite3.Connection) -> set[tuple[str, str]]:
    row = conn.execute("SELECT value FROM sync_state WHERE key = ?", (APART,)).fetchone()
    return {(a, b) for a, b in json.loads(row[0])} if row else set()


def keep_apart(db: Db, pair: Pair) -> None:
    """Two people (or places) who really share a name: the pair is not shown again here."""
    apart = _apart(db.conn) | {tuple(sorted((pair.keep.id, pair.drop.id)))}
    db.conn.execute(
        "INSERT INTO sync_state(key, value) VALUES (?, ?)"
        " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (APART, json.dumps(sorted(apart))),
    )


def duplicate_pairs(conn: sqlite3.Connection) -> list[Pair]:
    """Live neighbourhoods, then members, whose names fold alike ("Khu phố 3" and "khu pho 3"),
    as pairs of the oldest with each other one; then deleted ones named alike that live records
    still refer to. In Vietnamese order of the name; without those kept apart."""
    apart = _apart(conn)
    pairs: list[Pair] = []
    for kind in KINDS:
        phone = "phone" if kind == "member" else "''"
        rows = conn.execute(
            f"SELECT id, {NAME[kind]}, {phone}, deleted_at IS NOT NULL FROM {kind}"
            " ORDER BY created_at, id"
        ).fetchall()
        folded = [fold(name) for _, name, _, _ in rows]
        live = [key for key, row in zip(folded, rows, strict=True) if not row[3]]
        # Names a live record shares with another record (live, or deleted): pairs may be
        # found only there, so only their records' uses are counted.
        shared = {key for key, n in Counter(live).items() if n > 1}
        shared |= {key for key, row in zip(folded, rows, strict=True) if row[3]} & set(live)
        if not shared:
            continue
        ids = [row[0] for key, row in zip(folded, rows, strict=True) if key in shared]
        uses = _uses(conn, kind, ids)
        groups: dict[str, list[Candidate]] = {}
        strays: dict[str, list[Candidate]] = {}
        for key, (record_id, name, number, deleted) in zip(folded, rows, strict=True):
            if key not in shared:
                continue
            item = Candidate(record_id, name, number or "", uses.get(record_id, 0), bool(deleted))
            if not deleted:
                groups.setdefault(key, []).append(item)
            elif item.uses:
                strays.setdefault(key, []).append(item)
        for key in sorted(groups, key=lambda k: sort_key(groups[k][0].name)):
            first, *others = groups[key]
            pairs += [
                Pair(kind, first, other)
                for other in [*others, *strays.get(key, [])]
                if tuple(sorted((first.id, other.id))) not in apart
            ]
    return pairs


def merge(db: Db, kind: str, keep_id: str, drop_id: str, actor: str | None) -> int:
    """Move every live reference to `drop_id` onto `keep_id`, then delete `drop_id` (unless it
    is deleted already); in the caller's transaction. Returns the records edited (the delete
    not counted). Done again, it changes nothing."""
    if kind not in KINDS or keep_id == drop_id:
        raise ValueError(f"merge {kind} {keep_id} {drop_id}")
    conn = db.conn
    rows = {
        r["id"]: r
        for r in conn.execute(f"SELECT * FROM {kind} WHERE id IN (?, ?)", (keep_id, drop_id))
    }
    if keep_id not in rows or rows[keep_id]["deleted_at"] is not None or drop_id not in rows:
        # Deleted meanwhile (a sync brought another leader's opposite choice): look again.
        raise NotFound(f"{kind} {keep_id}")
    now = utcnow()
    edited = 0
    if kind == "neighbourhood":
        edited += _repoint(conn, "resident", "neighbourhood_id", keep_id, drop_id, actor, now)
    else:
        edited += _repoint(conn, "assist", "member_id", keep_id, drop_id, actor, now)
        edited += _repoint_trainers(conn, keep_id, drop_id, actor, now)
        keep, drop = rows[keep_id], rows[drop_id]
        if not keep["phone"] and drop["phone"] and drop["deleted_at"] is None:
            # The phone typed on the other laptop only is not lost with the dropped record.
            values = {f: keep[f] for f in FIELDS["member"]} | {"phone": drop["phone"]}
            upsert(conn, "member", {"id": keep_id, **values}, actor, now=now)
    if rows[drop_id]["deleted_at"] is None:
        soft_delete(conn, kind, drop_id, actor, now=now)
    return edited


def merge_pairs(db: Db, chosen: list[tuple[str, str, str]], actor: str | None) -> int:
    """Several merges (kind, keep id, drop id) in one transaction: all of them or none."""
    return sum(merge(db, kind, keep, drop, actor) for kind, keep, drop in chosen)


def _repoint(
    conn: sqlite3.Connection,
    table: str,
    column: str,
    keep_id: str,
    drop_id: str,
    actor: str | None,
    now: str,
) -> int:
    """Each live record of `table` whose `column` is `drop_id` saved again with `keep_id`:
    the record as it is, one field changed, a new version queued."""
    rows = conn.execute(
        f"SELECT * FROM {table} WHERE {column} = ? AND deleted_at IS NULL", (drop_id,)
    ).fetchall()
    for row in rows:
        values = {"id": row["id"], **{f: row[f] for f in FIELDS[table]}, column: keep_id}
        upsert(conn, table, values, actor, now=now)
    return len(rows)


def _repoint_trainers(
    conn: sqlite3.Connection, keep_id: str, drop_id: str, actor: str | None, now: str
) -> int:
    """Live trainings given by `drop_id`: given by `keep_id` instead (once, if both gave it)."""
    rows = conn.execute(
        "SELECT t.* FROM training t JOIN training_trainer tt ON tt.training_id = t.id"
        " WHERE tt.member_id = ? AND t.deleted_at IS NULL",
        (drop_id,),
    ).fetchall()
    lists = ("topic_ids", "trainer_ids")
    for row in rows:
        training_id = row["id"]
        topics = [
            r[0]
            for r in conn.execute(
                "SELECT topic_id FROM training_topic WHERE training_id = ?", (training_id,)
            )
        ]
        trainers = list(
            dict.fromkeys(
                keep_id if r[0] == drop_id else r[0]
                for r in conn.execute(
                    "SELECT member_id FROM training_trainer WHERE training_id = ?", (training_id,)
                )
            )
        )
        values = {"id": training_id, **{f: row[f] for f in FIELDS["training"] if f not in lists}}
        upsert(
            conn,
            "training",
            values,
            actor,
            extra_payload={"topic_ids": topics, "trainer_ids": trainers},
            now=now,
        )
        conn.execute("DELETE FROM training_trainer WHERE training_id = ?", (training_id,))
        conn.executemany(
            "INSERT INTO training_trainer(training_id, member_id) VALUES (?, ?)",
            [(training_id, m) for m in trainers],
        )
    return len(rows)
