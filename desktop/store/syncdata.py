"""The local side of sync, in SQL: batches read from the outbox, receipts and pulled records
applied, the binding to a central service, and the changes that need the user's attention.

Writes run on the store's writer like every other write; records arriving from the server
are applied without writing outbox rows (they must not go back up)."""

from __future__ import annotations

import json
import logging
import secrets
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from desktop.store.commands import utcnow
from desktop.store.db import Db
from desktop.store.schema import SYNCED
from sotay.domain.cleaning import clean_record
from sotay.domain.fields import COMMON, FIELDS, OPTIONAL
from sotay.domain.standard import item_code
from sotay.domain.text import fold, sort_key

log = logging.getLogger(__name__)

ACKNOWLEDGED = ("accepted", "duplicate")
NEEDS_ATTENTION = ("conflict", "rejected")

LISTS = {"training": ("topic_ids", "trainer_ids")}  # kept in link tables, not columns
LINKS = {
    "topic_ids": ("training_topic", "topic_id"),
    "trainer_ids": ("training_trainer", "member_id"),
}


@dataclass(slots=True)
class Outgoing:
    """One record's pending change: the newest state of its outbox rows in the batch.
    `seq` (the largest of `seqs`) identifies it to the server."""

    seq: int
    seqs: list[int]
    entity: str
    id: str
    op: str
    base_version: int
    payload: dict[str, Any]

    def wire(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "entity": self.entity,
            "id": self.id,
            "op": self.op,
            "base_version": self.base_version,
            "payload": self.payload,
        }


def wire_payload(entity: str, op: str, stored: dict[str, Any]) -> dict[str, Any]:
    """The outbox row's payload as it travels: only the protocol's fields."""
    if op == "delete":
        return {"deleted_at": stored.get("deleted_at"), "recorded_by": stored.get("deleted_by")}
    keys = (*FIELDS.get(entity, ()), *COMMON)
    return {k: stored[k] for k in keys if k in stored}


def _chunks(values: list[Any], size: int = 500) -> Iterator[tuple[list[Any], str]]:
    """`values` in slices small enough for one `IN (...)`, each with its placeholders."""
    for start in range(0, len(values), size):
        chunk = values[start : start + size]
        yield chunk, ",".join("?" * len(chunk))


def _server_versions(conn: sqlite3.Connection, entity: str, ids: list[str]) -> dict[str, int]:
    """The server version each of these records was last seen at; absent ones are missing."""
    found: dict[str, int] = {}
    for chunk, marks in _chunks(ids):
        sql = f"SELECT id, server_version FROM {entity} WHERE id IN ({marks})"
        found.update(conn.execute(sql, chunk).fetchall())
    return found


# --- state --------------------------------------------------------------------------------------


def state(conn: sqlite3.Connection) -> dict[str, str]:
    return {r[0]: r[1] for r in conn.execute("SELECT key, value FROM sync_state")}


def set_state(db: Db, values: dict[str, str | None]) -> None:
    for key, value in values.items():
        if value is None:
            db.conn.execute("DELETE FROM sync_state WHERE key = ?", (key,))
        else:
            db.conn.execute(
                "INSERT INTO sync_state(key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )


def enrol_key(db: Db) -> str:
    """This profile's key sent with an enrolment code, made once: a retry whose first answer
    was lost (even after a restart) gets the same device from the server, not `code_used`."""
    row = db.conn.execute("SELECT value FROM sync_state WHERE key = 'enrol_key'").fetchone()
    if row is not None:
        return str(row[0])
    key = secrets.token_urlsafe(24)
    set_state(db, {"enrol_key": key})
    return key


@dataclass(slots=True)
class Counts:
    waiting: int = 0  # outbox rows
    attention: int = 0  # unresolved conflicts and rejections


def counts(conn: sqlite3.Connection) -> Counts:
    # Records with changes waiting (several saves of one record are one change to send).
    waiting = conn.execute(
        "SELECT COUNT(*) FROM (SELECT DISTINCT entity, entity_id FROM outbox)"
    ).fetchone()[0]
    attention = conn.execute(
        "SELECT COUNT(*) FROM sync_attention WHERE resolved_at IS NULL"
    ).fetchone()[0]
    return Counts(waiting, attention)


def is_demo(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sync_state WHERE key = 'demo'").fetchone() is not None


# --- binding ------------------------------------------------------------------------------------


class OtherTeam(Exception):
    """This profile holds another team's records: it never connects to a second team."""


def bind(db: Db, server_url: str, server_id: str, device_id: str, team: dict[str, Any]) -> None:
    """Bind this profile to a team of a central service. The local team takes the server's
    id, name and commune; the first sync then restores what the server has, then pushes."""
    conn = db.conn
    if is_demo(conn):
        raise PermissionError("a demo profile never connects")
    before = state(conn)
    if before.get("team_id", team["id"]) != team["id"]:
        raise OtherTeam(before["team_id"])
    now = utcnow()
    if before.get("server_id", server_id) != server_id:
        # Another server (the old one was replaced without its data): it has none of the
        # records this laptop saw on the old one, so all of them go to the new one.
        for table in SYNCED:
            conn.execute(f"UPDATE {table} SET server_version = 0")
        conn.execute("DELETE FROM outbox")
        queue_everything(db)
    local = conn.execute("SELECT id FROM team WHERE deleted_at IS NULL LIMIT 1").fetchone()
    team = clean_record("team", team)
    values = (
        team["name"],
        team["province_code"],
        team["province_name"],
        team["commune_code"],
        team["commune_name"],
    )
    if local is None:
        conn.execute(
            "INSERT INTO team (id, name, province_code, province_name, commune_code,"
            " commune_name, version, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)",
            (team["id"], *values, now, now),
        )
    else:
        conn.execute(
            "UPDATE team SET id = ?, name = ?, province_code = ?, province_name = ?,"
            " commune_code = ?, commune_name = ?, version = version + 1, updated_at = ?,"
            " server_version = 0 WHERE id = ?",
            (team["id"], *values, now, local[0]),
        )
    # The team as the laptop had it is replaced by the server's: its queued edits go.
    conn.execute("DELETE FROM outbox WHERE entity = 'team'")
    set_state(
        db,
        {
            "server_url": server_url,
            "server_id": server_id,
            "device_id": device_id,
            "team_id": team["id"],
            "bound_at": now,
            "cursor": "",
            "restored": None,
            "acked": None,  # another device's, or another server's
        },
    )


def unbind(db: Db) -> None:
    """Forget the server (a revoked laptop); the data and the outbox stay."""
    for key in ("server_url", "server_id", "device_id", "team_id", "cursor", "restored", "acked"):
        db.conn.execute("DELETE FROM sync_state WHERE key = ?", (key,))


# --- push ---------------------------------------------------------------------------------------


def read_batch(conn: sqlite3.Connection, rows: int, max_bytes: int) -> list[Outgoing]:
    """The oldest outbox rows (at most `rows`, about `max_bytes` of payload), one change per
    record: its newest state in this range, labelled with the range's largest seq of it."""
    picked: dict[tuple[str, str], Outgoing] = {}
    size = 0
    for seq, entity, entity_id, op, payload in conn.execute(
        "SELECT seq, entity, entity_id, op, payload FROM outbox ORDER BY seq LIMIT ?", (rows,)
    ):
        if picked and size + len(payload) > max_bytes:
            break
        size += len(payload)
        key = (entity, entity_id)
        stored = json.loads(payload)
        change = picked.get(key)
        if change is None:
            picked[key] = Outgoing(seq, [seq], entity, entity_id, op, 0, {})
            change = picked[key]
        else:
            change.seq = seq
            change.seqs.append(seq)
            change.op = op
        change.payload = wire_payload(entity, op, stored)
    changes = sorted(picked.values(), key=lambda c: c.seq)
    by_entity: dict[str, list[Outgoing]] = {}
    for c in changes:
        by_entity.setdefault(c.entity, []).append(c)
    for entity, group in by_entity.items():
        if entity not in SYNCED:
            continue
        versions = _server_versions(conn, entity, [c.id for c in group])
        for c in group:
            c.base_version = versions.get(c.id, 0)
    _with_counted_fields(conn, by_entity.get("resident", []))
    return changes


# What the commune's figures count a resident by. A resident deleted after a class still
# counts as trained (the roll-call holds), as a woman or as 60+: a delete carries them, for a
# server that never had the resident (added and deleted between two syncs, or a server
# replaced without its data).
COUNTED = ("gender", "birth_year")


def _with_counted_fields(conn: sqlite3.Connection, residents: list[Outgoing]) -> None:
    deletes = {c.id: c for c in residents if c.op == "delete"}
    for chunk, marks in _chunks(list(deletes)):
        for rid, gender, birth_year in conn.execute(
            f"SELECT id, gender, birth_year FROM resident WHERE id IN ({marks})", chunk
        ):
            deletes[rid].payload |= {"gender": gender, "birth_year": birth_year}


@dataclass(slots=True)
class Applied:
    acknowledged: int = 0
    attention: int = 0
    kept: int = 0  # no receipt: stays queued


def apply_receipts(db: Db, changes: list[Outgoing], receipts: list[dict[str, Any]]) -> Applied:
    """Acknowledged changes leave the outbox; conflicts and rejections leave it too, into the
    attention list; a change without a receipt stays queued. One transaction."""
    conn = db.conn
    by_seq = {r.get("seq"): r for r in receipts}
    done = Applied()
    now = utcnow()
    gone: list[tuple[int]] = []
    versions: dict[str, list[tuple[int, str]]] = {}
    replaced: list[dict[str, Any]] = []
    for c in changes:
        r = by_seq.get(c.seq) or {}
        status = r.get("status")
        if status not in ACKNOWLEDGED and status not in NEEDS_ATTENTION:
            done.kept += 1
            continue
        gone += [(s,) for s in c.seqs]
        if status in ACKNOWLEDGED:
            done.acknowledged += 1
            if isinstance(r.get("version"), int) and c.entity in SYNCED:
                versions.setdefault(c.entity, []).append((r["version"], c.id))
            server = r.get("server")
            if isinstance(server, dict) and isinstance(server.get("payload"), dict):
                # The server kept its own version (the commune's item): it comes here too.
                replaced.append(
                    {
                        "entity": c.entity,
                        "id": c.id,
                        "version": server.get("version") or 0,
                        "deleted": bool(server.get("deleted")),
                        "payload": server["payload"],
                    }
                )
            continue
        done.attention += 1
        server = r.get("server") or {}
        _note_attention(
            conn,
            c,
            str(status),
            str(r.get("code") or ""),
            str(r.get("message") or "")[:500],
            server.get("payload"),
            server.get("version"),
            now,
        )
    conn.executemany("DELETE FROM outbox WHERE seq = ?", gone)
    for entity, pairs in versions.items():
        conn.executemany(
            f"UPDATE {entity} SET server_version = MAX(server_version, ?) WHERE id = ?", pairs
        )
    if replaced:
        waiting = {(e, i) for e, i in conn.execute("SELECT DISTINCT entity, entity_id FROM outbox")}
        apply_records(
            db, [r for r in replaced if (r["entity"], r["id"]) not in waiting], force=True
        )
    return done


def _note_attention(
    conn: sqlite3.Connection,
    c: Outgoing,
    status: str,
    code: str,
    message: str,
    server_payload: Any,
    server_version: Any,
    now: str,
) -> None:
    # An open item of the same record is replaced by this one: resolved, its content forgotten.
    conn.execute(
        f"UPDATE sync_attention SET resolved_at = ?, {FORGET}"
        " WHERE entity = ? AND entity_id = ? AND resolved_at IS NULL",
        (now, c.entity, c.id),
    )
    conn.execute(
        "INSERT INTO sync_attention (entity, entity_id, status, code, message, op,"
        " local_payload, server_payload, server_version, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            c.entity,
            c.id,
            status,
            code,
            message,
            c.op,
            json.dumps(c.payload, ensure_ascii=False),
            None if server_payload is None else json.dumps(server_payload, ensure_ascii=False),
            server_version if isinstance(server_version, int) else None,
            now,
        ),
    )


def rebase(db: Db, server_last_seq: int) -> None:
    """After a restore from a local backup. The backup's own queued rows keep their numbers:
    sent again, the server answers those it has processed with their old receipts (a conflict
    is told again in full), the others apply as new. Rows made since the restore are moved
    above every number the server has seen from this laptop (a second restore of the same
    backup would otherwise reuse them). Then the next pull restores in full: the laptop's own
    work after the backup comes back, and what the server lacks is queued again."""
    conn = db.conn
    upto = int(state(conn).get("rebase_upto") or 0)
    _move_above(conn, server_last_seq, after=upto)
    set_state(
        db,
        {"rebase": None, "rebase_upto": None, "restored": None, "recover": "1", "cursor": ""},
    )


# After a restore from a backup, new outbox rows start this far above the old ones: they can
# never reuse a number the server has seen, whatever happened after the backup was made.
REBASE_JUMP = 1 << 40


def mark_restored_copy(conn: sqlite3.Connection) -> None:
    """Called on a database just restored from a backup (store/backup.py)."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not {"outbox", "sync_state", "sqlite_sequence"} <= tables:
        return  # a backup from before sync: never connected
    top = conn.execute(
        "SELECT COALESCE(MAX(seq), 0) FROM sqlite_sequence WHERE name = 'outbox'"
    ).fetchone()[0]
    conn.execute("UPDATE sqlite_sequence SET seq = ? WHERE name = 'outbox'", (top + REBASE_JUMP,))
    if conn.execute("SELECT 1 FROM sync_state WHERE key = 'server_url'").fetchone():
        conn.executemany(
            "INSERT OR REPLACE INTO sync_state(key, value) VALUES (?, ?)",
            [("rebase", "1"), ("rebase_upto", str(top))],
        )


def renumber_outbox(db: Db, above: int) -> None:
    """Move every queued change above `above` (the server already holds lower numbers from
    this laptop with other content: the data was restored from an older copy)."""
    _move_above(db.conn, above)


def _move_above(conn: sqlite3.Connection, above: int, *, after: int = 0) -> None:
    """Renumber the outbox rows numbered over `after`, in order, so that the lowest is over
    `above`; new rows are numbered over `above` too."""
    low = conn.execute("SELECT MIN(seq) FROM outbox WHERE seq > ?", (after,)).fetchone()[0]
    if low is not None and low <= above:
        # Through negatives: shifting in place would collide with the rows not yet moved.
        conn.execute("UPDATE outbox SET seq = -seq WHERE seq > ?", (after,))
        conn.execute("UPDATE outbox SET seq = -seq + ? WHERE seq < 0", (above - low + 1,))
    _raise_sequence(conn, above)


def _raise_sequence(conn: sqlite3.Connection, at_least: int) -> None:
    top = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM outbox").fetchone()[0]
    conn.execute(
        "UPDATE sqlite_sequence SET seq = MAX(seq, ?, ?) WHERE name = 'outbox'", (top, at_least)
    )


# --- pull ---------------------------------------------------------------------------------------


def _pending(conn: sqlite3.Connection, entity: str, ids: list[str]) -> set[str]:
    """Which of these records have local changes not yet settled: a pull must not overwrite
    them (the push of those changes finds the conflict, and the user chooses). Looked up by
    id (outbox_entity index): reading the whole outbox for every page made a restore onto a
    laptop with a long queue quadratic."""
    found: set[str] = set()
    for chunk, marks in _chunks(ids):
        for table, unsettled in (("outbox", ""), ("sync_attention", " AND resolved_at IS NULL")):
            sql = f"SELECT entity_id FROM {table} WHERE entity = ? AND entity_id IN ({marks})"
            found.update(r[0] for r in conn.execute(sql + unsettled, (entity, *chunk)))
    return found


@dataclass(slots=True)
class Pulled:
    applied: int = 0
    skipped: int = 0
    tables: set[str] = field(default_factory=set)


def apply_records(db: Db, records: Iterable[dict[str, Any]], *, force: bool = False) -> Pulled:
    """Records from the server, newest state each, written without outbox rows. A record
    with local changes waiting is left alone unless `force` (the user took the server's)."""
    conn = db.conn
    out = Pulled()
    by_entity: dict[str, list[dict[str, Any]]] = {}
    for rec in records:
        entity = rec.get("entity")
        if entity not in SYNCED or not isinstance(rec.get("payload"), dict):
            out.skipped += 1
            continue
        by_entity.setdefault(entity, []).append(rec)
    now = utcnow()
    for entity, recs in by_entity.items():
        if not force:
            pending = _pending(conn, entity, [r["id"] for r in recs])
            if pending:
                out.skipped += sum(1 for r in recs if r["id"] in pending)
                _refresh_conflicts(conn, entity, [r for r in recs if r["id"] in pending])
                recs = [r for r in recs if r["id"] not in pending]
        local = _server_versions(conn, entity, [r["id"] for r in recs])
        fresh = [r for r in recs if force or local.get(r["id"], -1) < int(r.get("version") or 0)]
        out.skipped += len(recs) - len(fresh)
        if fresh:
            applied = _upsert_records(conn, entity, fresh, set(local), now)
            out.applied += applied
            out.skipped += len(fresh) - applied
            out.tables.add(entity)
    return out


def _refresh_conflicts(conn: sqlite3.Connection, entity: str, recs: list[dict[str, Any]]) -> None:
    """A newer server version of a record whose conflict is still open goes into the open item:
    the pull skips the record and its cursor moves past it, so without this "take theirs" would
    apply the older version first shown, and the laptop would keep it for good."""
    conn.executemany(
        "UPDATE sync_attention SET server_payload = ?, server_version = ?"
        " WHERE entity = ? AND entity_id = ? AND resolved_at IS NULL"
        " AND COALESCE(server_version, 0) < ?",
        [
            (json.dumps(r["payload"], ensure_ascii=False), v, entity, r["id"], v)
            for r in recs
            for v in (int(r.get("version") or 0),)
        ],
    )


# One row per pair in these tables (a unique index): a training's roll-call has a resident once.
PAIRS = {"attendance": ("training_id", "resident_id")}


def _unclaimed(
    conn: sqlite3.Connection, entity: str, columns: list[str], rows: list[list[Any]]
) -> list[list[Any]]:
    """The rows whose pair is free here or already theirs. Two laptops that add the same
    resident to a training offline make two records (two ids) for one pair; the second cannot
    be stored, and failing the page would stop every later pull of this laptop for good."""
    first, second = PAIRS[entity]
    a, b = columns.index(first) + 1, columns.index(second) + 1  # values start with the id
    owners: dict[tuple[Any, Any], str] = {}
    for chunk, marks in _chunks(sorted({row[a] for row in rows})):
        sql = f"SELECT id, {first}, {second} FROM {entity} WHERE {first} IN ({marks})"
        owners.update(((x, y), owner) for owner, x, y in conn.execute(sql, chunk))
    kept = []
    for row in rows:
        if owners.setdefault((row[a], row[b]), row[0]) == row[0]:
            kept.append(row)
        else:
            log.warning(
                "%s %s: its %s/%s pair is another record's here", entity, row[0], first, second
            )
    return kept


def _upsert_records(
    conn: sqlite3.Connection,
    entity: str,
    recs: list[dict[str, Any]],
    existing: set[str],
    now: str,
) -> int:
    lists = LISTS.get(entity, ())
    columns = [f for f in FIELDS[entity] if f not in lists]
    extra = ["name_folded", "sort_key"] if entity == "resident" else []
    names = ["id", *columns, *extra, "created_at", "recorded_by", "deleted_at"]
    names += ["updated_at", "version", "server_version"]
    marks = ", ".join("?" * len(names))
    updates = ", ".join(
        f"{n} = excluded.{n}" for n in names if n not in ("id", "version", "created_at")
    )
    sql = (
        f"INSERT INTO {entity} ({', '.join(names)}) VALUES ({marks})"
        f" ON CONFLICT(id) DO UPDATE SET {updates}, version = {entity}.version + 1"
    )
    optional = OPTIONAL.get(entity, ())
    required = [c for c in columns if c not in optional]
    held = _held(conn, entity, optional, [r["id"] for r in recs if r["id"] in existing])
    rows, tombstones, link_rows = [], [], []
    for rec in recs:
        # Cleaned as a form's text is: an older laptop, or the server before it cleaned, may
        # have let a control character or a look-alike letter through.
        p = clean_record(entity, rec["payload"])
        version = int(rec.get("version") or 0)
        deleted_at = p.get("deleted_at") or (now if rec.get("deleted") else None)
        if any(c not in p for c in required):
            # Only a tombstone is known (made and deleted elsewhere before it ever synced).
            if rec["id"] in existing and deleted_at:
                tombstones.append((deleted_at, now, version, rec["id"]))
            continue
        if any(c not in p for c in optional):
            # An older laptop's record, written before these fields: what is held here stays
            # (a code mapped here, a neighbourhood's adults), or a seed's own code, or None.
            base: dict[str, Any] = dict.fromkeys(optional)
            if "code" in optional:
                base["code"] = item_code(entity, rec["id"], {})
            p = base | held.get(rec["id"], {}) | p
        values = [rec["id"], *(p[c] for c in columns)]
        if extra:
            values += [fold(p["full_name"]), sort_key(p["full_name"])]
        values += [p.get("created_at") or now, p.get("recorded_by"), deleted_at, now, 1, version]
        rows.append(values)
        for key in lists:
            table, column = LINKS[key]
            link_rows.append((table, column, rec["id"], p.get(key) or []))
    if rows and entity in PAIRS:
        rows = _unclaimed(conn, entity, columns, rows)
    if rows:
        conn.executemany(sql, rows)
    if tombstones:
        conn.executemany(
            f"UPDATE {entity} SET deleted_at = ?, updated_at = ?, version = version + 1,"
            " server_version = ? WHERE id = ?",
            tombstones,
        )
    for table, column, owner, values in link_rows:
        conn.execute(f"DELETE FROM {table} WHERE training_id = ?", (owner,))
        conn.executemany(
            f"INSERT OR IGNORE INTO {table} (training_id, {column}) VALUES (?, ?)",
            [(owner, v) for v in dict.fromkeys(values)],
        )
    return len(rows) + len(tombstones)


def _held(
    conn: sqlite3.Connection, entity: str, names: tuple[str, ...], ids: list[str]
) -> dict[str, dict[str, Any]]:
    """The `names` columns of the records `ids` as this laptop holds them."""
    if not names or not ids:
        return {}
    out: dict[str, dict[str, Any]] = {}
    for chunk, marks in _chunks(ids):
        sql = f"SELECT id, {', '.join(names)} FROM {entity} WHERE id IN ({marks})"
        for record_id, *values in conn.execute(sql, chunk):
            out[record_id] = dict(zip(names, values, strict=True))
    return out


# --- attention ----------------------------------------------------------------------------------


@dataclass(slots=True)
class Attention:
    id: int
    entity: str
    entity_id: str
    status: str
    code: str
    message: str
    op: str
    local: dict[str, Any]
    server: dict[str, Any] | None
    server_version: int | None
    created_at: str


def attention(conn: sqlite3.Connection) -> list[Attention]:
    return [
        Attention(
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            r[5],
            r[6],
            json.loads(r[7]),
            None if r[8] is None else json.loads(r[8]),
            r[9],
            r[10],
        )
        for r in conn.execute(
            "SELECT id, entity, entity_id, status, code, message, op, local_payload,"
            " server_payload, server_version, created_at FROM sync_attention"
            " WHERE resolved_at IS NULL ORDER BY id"
        )
    ]


# What a resolved item keeps: its record's kind and id, the reason and the dates. The changes'
# content (names, phones) was needed only for the user's choice (Decree 13/2023: no longer).
FORGET = "local_payload = '{}', server_payload = NULL"


def _resolved(conn: sqlite3.Connection, item_id: int, now: str) -> None:
    conn.execute(
        f"UPDATE sync_attention SET resolved_at = ?, {FORGET} WHERE id = ?", (now, item_id)
    )


def forget_resolved(conn: sqlite3.Connection) -> None:
    """Items resolved before their content was forgotten at once (an older version) lose it."""
    conn.execute(
        f"UPDATE sync_attention SET {FORGET} WHERE resolved_at IS NOT NULL"
        " AND (local_payload <> '{}' OR server_payload IS NOT NULL)"
    )


def _open_item(conn: sqlite3.Connection, item_id: int) -> Attention:
    found = [a for a in attention(conn) if a.id == item_id]
    if not found:
        raise LookupError(item_id)
    return found[0]


def keep_mine(db: Db, item_id: int) -> None:
    """Resolve a conflict with this laptop's version: the record as it is now (with any edit
    made since the conflict) goes again, based on the server's version, so it applies."""
    conn = db.conn
    item = _open_item(conn, item_id)
    now = utcnow()
    if item.server_version is not None and item.entity in SYNCED:
        conn.execute(
            f"UPDATE {item.entity} SET server_version = ? WHERE id = ?",
            (item.server_version, item.entity_id),
        )
    # Its rows still queued (edits after the conflict) would go with the old base: replaced.
    conn.execute(
        "DELETE FROM outbox WHERE entity = ? AND entity_id = ?", (item.entity, item.entity_id)
    )
    queue_everything(db, only={(item.entity, item.entity_id)})
    _resolved(conn, item_id, now)


def take_theirs(db: Db, item_id: int) -> set[str]:
    """Resolve a conflict with the server's version: it replaces the local record, and the
    laptop's own queued edits of it are dropped (they were what the user chose against)."""
    conn = db.conn
    item = _open_item(conn, item_id)
    _resolved(conn, item_id, utcnow())
    conn.execute(
        "DELETE FROM outbox WHERE entity = ? AND entity_id = ?", (item.entity, item.entity_id)
    )
    return _apply_server_side(db, item)


def _apply_server_side(db: Db, item: Attention) -> set[str]:
    if item.server is None:
        return set()
    record = {
        "entity": item.entity,
        "id": item.entity_id,
        "version": item.server_version or 0,
        "deleted": bool(item.server.get("deleted_at")),
        "payload": item.server,
    }
    return apply_records(db, [record], force=True).tables


def dismiss(db: Db, item_id: int) -> set[str]:
    """A refused change the user has seen: it leaves the list. If the server has a version of
    the record (another laptop's), it comes in: the refused change never applied there."""
    conn = db.conn
    item = _open_item(conn, item_id)
    _resolved(conn, item_id, utcnow())
    if conn.execute(
        "SELECT 1 FROM outbox WHERE entity = ? AND entity_id = ? LIMIT 1",
        (item.entity, item.entity_id),
    ).fetchone():
        return set()  # edited again since: that edit goes as usual
    return _apply_server_side(db, item)


def queue_lost(db: Db, on_server: dict[tuple[str, str], int]) -> int:
    """Queue again the records the server has lost: it no longer has them, or has an older
    version than this laptop last saw there (it was restored from an old backup). Records with
    changes already waiting are left to those."""
    lost: set[tuple[str, str]] = set()
    for entity in SYNCED:
        behind = [
            record_id
            for record_id, version in db.conn.execute(
                f"SELECT id, server_version FROM {entity} WHERE server_version > 0"
            )
            if on_server.get((entity, record_id), 0) < version
        ]
        pending = _pending(db.conn, entity, behind)
        lost.update((entity, record_id) for record_id in behind if record_id not in pending)
    return queue_everything(db, only=lost) if lost else 0


def queue_everything(db: Db, only: set[tuple[str, str]] | None = None) -> int:
    """Queue every record as it is now (including deleted ones, as deletes): for a server that
    lost data (restored from an old backup) and for the benchmarks. Returns the rows queued.
    Records already on the server with the same content come back as duplicates."""
    conn = db.conn
    now = utcnow()
    queued = 0
    for entity in SYNCED:
        lists = LISTS.get(entity, ())
        columns = [f for f in FIELDS[entity] if f not in lists]
        select = ", ".join(["id", *columns, "created_at", "recorded_by", "deleted_at", "version"])
        links: dict[str, dict[str, list[str]]] = {}
        for key in lists:
            table, column = LINKS[key]
            found: dict[str, list[str]] = {}
            for owner, value in conn.execute(f"SELECT training_id, {column} FROM {table}"):
                found.setdefault(owner, []).append(value)
            links[key] = found
        rows = []
        for row in conn.execute(f"SELECT {select} FROM {entity} ORDER BY rowid"):
            record_id, *values = row
            if only is not None and (entity, record_id) not in only:
                continue
            version = values.pop()
            keys = [*columns, "created_at", "recorded_by", "deleted_at"]
            payload = dict(zip(keys, values, strict=True))
            payload["id"] = record_id
            for key in lists:
                payload[key] = links[key].get(record_id, [])
            op = "upsert"
            if payload["deleted_at"]:
                op = "delete"
                payload = {
                    "id": record_id,
                    "deleted_at": payload["deleted_at"],
                    "deleted_by": payload["recorded_by"],
                }
            rows.append(
                (entity, record_id, op, json.dumps(payload, ensure_ascii=False), version, now)
            )
        conn.executemany(
            "INSERT INTO outbox(entity, entity_id, op, payload, version, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )
        queued += len(rows)
    return queued
