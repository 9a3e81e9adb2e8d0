"""Judging and applying a laptop's batch: one transaction, one receipt per change.

A change is identified by its laptop and that laptop's outbox sequence number (`seq`). The
server remembers the highest `seq` it processed for each laptop and the receipt of each change,
so a retried batch (the answer was lost) gets the very same receipts back and nothing is
applied twice.

A new change is judged against the record's current state:
- the same content as now                        -> duplicate (nothing written)
- based on the current version                   -> accepted, version + 1
- based on a version the server no longer has    -> accepted, but only on a record as the
  restored backup had it (the server was restored, see `after-restore`, and nobody has
  written the record since): anywhere else a version ahead of the server's was never
  issued, and taking it would overwrite another laptop's newer edit unseen
- based on an older version, but every version since then is this laptop's own run of
  changes (its answer was lost, then the user edited again)   -> accepted
- otherwise another laptop changed it meanwhile  -> conflict, with the server's version
- a payload that does not fit its kind           -> rejected (code, message)
- a base_version the server cannot check (a new record, a restored one) above
  VERSION_CEILING, or a version past the column's limit  -> rejected (bad_version), that
  change alone: the rest of the batch goes in
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.engine import Connection

from central import denominators, entities, retention, rollups, tables
from sotay.domain.fields import OPTIONAL
from sotay.protocol import (
    ENTITIES,
    MAX_VERSION,
    VERSION_CEILING,
    Reject,
    Status,
    change_hash,
)

T = tables


def stored(payload: dict[str, Any]) -> str:
    """A payload as the `record` table keeps it (and pulls hand it out as it is)."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(slots=True)
class Change:
    seq: int
    entity: str
    id: str
    op: str
    base_version: int
    payload: dict[str, Any]
    hash: str = ""
    invalid: str | None = None  # why the payload does not fit its kind


@dataclass(slots=True)
class Receipt:
    seq: int
    status: Status
    version: int | None = None
    code: str | None = None
    message: str | None = None
    server: dict[str, Any] | None = None  # a conflict's server side: version, deleted, payload

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"seq": self.seq, "status": str(self.status)}
        if self.version is not None:
            out["version"] = self.version
        if self.code is not None:
            out["code"] = self.code
        if self.message is not None:
            out["message"] = self.message
        if self.server is not None:
            out["server"] = self.server
        return out


class SeqConflict(Exception):
    """A change reuses a sequence number the server already holds with other content (the
    laptop's data was restored from an old copy): the laptop must renumber and resend."""

    def __init__(self, last_seq: int) -> None:
        super().__init__(last_seq)
        self.last_seq = last_seq


class UnknownTeam(LookupError):
    pass


@dataclass(slots=True)
class _Current:
    version: int
    deleted: bool
    payload: str
    hash: str
    device_id: str | None
    lineage: int
    new: bool = False  # inserted by this batch
    dirty: bool = False
    seq: int = 0

    def server_side(self) -> dict[str, Any]:
        """The record as a receipt tells it to a laptop (a conflict's other version)."""
        return {
            "version": self.version,
            "deleted": self.deleted,
            "payload": json.loads(self.payload),
        }


@dataclass(slots=True)
class PushResult:
    receipts: list[Receipt]
    last_seq: int
    written: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def push(conn: Connection, team_id: str, device_id: str, changes: list[Change]) -> PushResult:
    """Apply `changes` (in order) for the device's team. The caller commits."""
    now = utcnow()
    team = conn.execute(
        select(T.team.c.seq, T.team.c.commune_code, T.team.c.restored_seq)
        .where(T.team.c.id == team_id)
        .with_for_update()
    ).one_or_none()
    if team is None:
        raise UnknownTeam(team_id)
    team_seq = team.seq
    last_seq = conn.scalar(
        select(T.device.c.last_seq).where(T.device.c.team_id == team_id, T.device.c.id == device_id)
    )
    assert last_seq is not None

    for c in changes:
        if c.entity in ENTITIES and c.op in ("upsert", "delete"):
            try:
                c.payload = entities.normalise(c.entity, c.op, c.payload)
            except entities.Invalid as exc:
                c.invalid = str(exc)[:500]
        c.hash = change_hash(c.entity, c.id, c.op, c.payload)
    old = [c for c in changes if c.seq <= last_seq]
    stored: dict[int, Any] = {}
    if old:
        rows = conn.execute(
            select(T.receipt).where(
                T.receipt.c.team_id == team_id,
                T.receipt.c.device_id == device_id,
                T.receipt.c.seq.in_([c.seq for c in old]),
            )
        )
        stored = {r.seq: r for r in rows}
        for c in old:
            r = stored.get(c.seq)
            if r is not None and r.hash != c.hash:
                raise SeqConflict(last_seq)

    fresh = [c for c in changes if c.seq > last_seq]
    current = _load(conn, team_id, fresh)
    replayed = _replayed_problems(conn, team_id, device_id, old, stored)
    receipts: list[Receipt] = []
    new_receipts: list[dict[str, Any]] = []
    problems: list[dict[str, Any]] = []
    counts = dict.fromkeys(Status, 0)
    for c in changes:
        if c.seq <= last_seq:
            r = stored.get(c.seq)
            # No receipt: this seq was folded into a later change of the same record, which
            # the server has (the laptop split a batch it had sent whole).
            if r is None:
                receipt = Receipt(c.seq, Status.DUPLICATE)
            elif r.status in (Status.ACCEPTED, Status.DUPLICATE):
                receipt = Receipt(c.seq, Status.DUPLICATE, r.version)
            else:
                # A lost answer's conflict or refusal, told again in full: the message, and
                # the record as the server has it now.
                message, server = replayed.get(c.seq, (None, None))
                receipt = Receipt(c.seq, Status(r.status), r.version, r.code, message, server)
            receipts.append(receipt)
            counts[receipt.status] += 1
            continue
        receipt = _judge(c, current, team_id, device_id, team.commune_code, team.restored_seq)
        if receipt.status is Status.ACCEPTED:
            team_seq += 1
            current[(c.entity, c.id)].seq = team_seq
        receipts.append(receipt)
        counts[receipt.status] += 1
        new_receipts.append(
            {
                "team_id": team_id,
                "device_id": device_id,
                "seq": c.seq,
                "hash": c.hash,
                "status": str(receipt.status),
                "version": receipt.version,
                "code": receipt.code,
            }
        )
        if receipt.status in (Status.CONFLICT, Status.REJECTED):
            problems.append(
                {
                    "team_id": team_id,
                    "device_id": device_id,
                    "seq": c.seq,
                    "entity": c.entity[:20],
                    "record_id": c.id[:36],
                    "status": str(receipt.status),
                    "code": receipt.code or "",
                    "message": receipt.message or "",
                    # ASCII escapes: a refused payload may hold text UTF-8 cannot store.
                    "payload": json.dumps(c.payload, separators=(",", ":")),
                    "created_at": now,
                }
            )

    written = _write(conn, team_id, current, now)
    rollups.record_facts(
        conn,
        team_id,
        (
            (entity, record_id, cur.deleted, json.loads(cur.payload))
            for (entity, record_id), cur in current.items()
            if cur.dirty and entity in rollups.WATCHED
        ),
    )
    if any(cur.dirty for (entity, _), cur in current.items() if entity == "neighbourhood"):
        denominators.store_adults(conn, team_id)
    if written:
        conn.execute(update(T.team).where(T.team.c.id == team_id).values(seq=team_seq))
    _follow_team_name(conn, team_id, current.get(("team", team_id)))
    if new_receipts:
        conn.execute(T.receipt.insert(), new_receipts)
    # Refusals of the records written now are settled: what they held is no longer needed.
    retention.settle(conn, team_id, (key for key, cur in current.items() if cur.dirty))
    if problems:
        conn.execute(T.problem.insert(), problems)
    top = max((c.seq for c in changes), default=last_seq)
    conn.execute(
        update(T.device)
        .where(T.device.c.team_id == team_id, T.device.c.id == device_id)
        .values(last_seq=max(last_seq, top), last_push_at=now, last_seen_at=now)
    )
    return PushResult(receipts, max(last_seq, top), written, {str(k): v for k, v in counts.items()})


def _follow_team_name(conn: Connection, team_id: str, team: _Current | None) -> None:
    """A team renamed on its laptop (the team screen) is renamed here too: the dashboard, the
    exports and the next laptop's enrolment name it as its laptops do. Its commune stays the
    commune's (a team record of another commune is refused: wrong_team)."""
    if team is None or not team.dirty or team.deleted:
        return
    name = json.loads(team.payload).get("name")
    if isinstance(name, str) and name.strip():
        conn.execute(update(T.team).where(T.team.c.id == team_id).values(name=name))


def _replayed_problems(
    conn: Connection,
    team_id: str,
    device_id: str,
    old: list[Change],
    stored: dict[int, Any],
) -> dict[int, tuple[str | None, dict[str, Any] | None]]:
    again = [c for c in old if c.seq in stored and stored[c.seq].status in ("conflict", "rejected")]
    if not again:
        return {}
    p = T.problem.c
    messages = dict(
        conn.execute(
            select(p.seq, p.message).where(
                p.team_id == team_id, p.device_id == device_id, p.seq.in_([c.seq for c in again])
            )
        ).all()
    )
    now = _load(conn, team_id, [c for c in again if stored[c.seq].status == "conflict"])
    out: dict[int, tuple[str | None, dict[str, Any] | None]] = {}
    for c in again:
        cur = now.get((c.entity, c.id))
        out[c.seq] = (messages.get(c.seq), None if cur is None else cur.server_side())
    return out


def _load(conn: Connection, team_id: str, changes: list[Change]) -> dict[tuple[str, str], _Current]:
    by_entity: dict[str, set[str]] = {}
    for c in changes:
        if c.entity in ENTITIES:
            by_entity.setdefault(c.entity, set()).add(c.id)
    found: dict[tuple[str, str], _Current] = {}
    r = T.record.c
    for entity, id_set in by_entity.items():
        ids = sorted(id_set)
        for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
            # By the whole primary key (team, entity, id): with the entity left out, the
            # lookup used only the team's prefix and scanned the team's every record.
            rows = conn.execute(
                select(
                    r.id, r.version, r.deleted, r.payload, r.hash, r.device_id, r.lineage, r.seq
                ).where(r.team_id == team_id, r.entity == entity, r.id.in_(chunk))
            )
            for row in rows:
                found[(entity, row.id)] = _Current(
                    row.version,
                    row.deleted,
                    row.payload,
                    row.hash,
                    row.device_id,
                    row.lineage,
                    seq=row.seq,
                )
    return found


def _judge(
    c: Change,
    current: dict[tuple[str, str], _Current],
    team_id: str,
    device_id: str,
    commune_code: int,
    restored_seq: int,
) -> Receipt:
    if c.entity not in ENTITIES or c.op not in ("upsert", "delete"):
        return Receipt(c.seq, Status.REJECTED, code=Reject.UNKNOWN_ENTITY, message=c.entity[:40])
    if c.invalid is not None:
        return Receipt(c.seq, Status.REJECTED, code=Reject.INVALID, message=c.invalid)
    if c.entity == "team" and (
        c.id != team_id
        or c.op == "delete"  # a team is removed by the commune, not by a laptop
        or c.payload.get("commune_code") != commune_code
    ):
        return Receipt(c.seq, Status.REJECTED, code=Reject.WRONG_TEAM, message="not this team")

    key = (c.entity, c.id)
    cur = current.get(key)
    if c.base_version > VERSION_CEILING and (cur is None or c.base_version > cur.version):
        # Unchecked, it would set the record's version near the column's limit, and every
        # later edit of the record, by any laptop, past it.
        return _bad_version(c, f"base_version {c.base_version} is above {VERSION_CEILING}")
    if cur is None:
        payload = dict(c.payload)
        if c.op == "delete":
            # what a deleted resident is still counted by, when the laptop sent it
            payload = {"deleted_at": c.payload.get("deleted_at")} | {
                k: c.payload[k] for k in ("gender", "birth_year") if k in c.payload
            }
        version = max(c.base_version, 0) + 1
        current[key] = _Current(
            version,
            c.op == "delete",
            stored(payload),
            c.hash,
            device_id,
            max(c.base_version, 0),
            new=True,
            dirty=True,
        )
        return Receipt(c.seq, Status.ACCEPTED, version)
    if c.hash == cur.hash or (c.op == "delete" and cur.deleted):
        return Receipt(c.seq, Status.DUPLICATE, cur.version)
    if cur.device_id is None and c.base_version == 0 and c.entity in ("topic", "service"):
        # A laptop's own seed of an item the commune published: the commune's stays, and the
        # laptop takes it (no conflict for the user to settle).
        return Receipt(c.seq, Status.DUPLICATE, cur.version, server=cur.server_side())
    # A base ahead of the server's: a version it issued, then lost to a restore from a backup.
    # Only on a record as the backup had it (written at or before the restore's seq, so never
    # on a team not restored); elsewhere the laptop claims a version nobody was given.
    ahead = c.base_version > cur.version and cur.seq <= restored_seq
    own_run = cur.device_id == device_id and cur.lineage <= c.base_version <= cur.version
    if c.base_version == cur.version or ahead or own_run:
        if max(cur.version, c.base_version) >= MAX_VERSION:
            return _bad_version(c, f"version {cur.version} is at the limit of its column")
        lineage = cur.lineage if own_run else c.base_version
        if c.op == "delete":
            merged = json.loads(cur.payload)
            merged["deleted_at"] = c.payload.get("deleted_at")
            kept = stored(merged)
        else:
            kept = stored(_with_held(c.entity, c.payload, cur.payload))
        cur.version = max(cur.version, c.base_version) + 1
        cur.deleted = c.op == "delete"
        cur.payload, cur.hash = kept, c.hash
        cur.device_id, cur.lineage, cur.dirty = device_id, lineage, True
        return Receipt(c.seq, Status.ACCEPTED, cur.version)
    return Receipt(
        c.seq,
        Status.CONFLICT,
        cur.version,
        code="changed_elsewhere",
        server=cur.server_side(),
    )


def _with_held(entity: str, payload: dict[str, Any], held: str) -> dict[str, Any]:
    """An older laptop's edit, without the fields it does not know (an item's indicator
    code, sotay/domain/fields.OPTIONAL): what the record held of them stays."""
    missing = [name for name in OPTIONAL.get(entity, ()) if name not in payload]
    if not missing:
        return payload
    before = json.loads(held)
    return payload | {name: before[name] for name in missing if name in before}


def _bad_version(c: Change, message: str) -> Receipt:
    return Receipt(c.seq, Status.REJECTED, code=Reject.BAD_VERSION, message=message)


def _write(
    conn: Connection, team_id: str, current: dict[tuple[str, str], _Current], now: datetime
) -> int:
    inserts, updates = [], []
    for (entity, record_id), cur in current.items():
        if not cur.dirty:
            continue
        row = {
            "version": cur.version,
            "deleted": cur.deleted,
            "payload": cur.payload,
            "hash": cur.hash,
            "seq": cur.seq,
            "device_id": cur.device_id,
            "lineage": cur.lineage,
            "updated_at": now,
        }
        if cur.new:
            inserts.append({"team_id": team_id, "entity": entity, "id": record_id, **row})
        else:
            updates.append(
                {"k_team": team_id, "k_entity": entity, "k_id": record_id}
                | {f"b_{k}": v for k, v in row.items()}
            )
    if inserts:
        conn.execute(T.record.insert(), inserts)
    if updates:
        r = T.record.c
        conn.execute(
            update(T.record)
            .where(
                r.team_id == bindparam("k_team"),
                r.entity == bindparam("k_entity"),
                r.id == bindparam("k_id"),
            )
            .values({name[2:]: bindparam(name) for name in updates[0] if name.startswith("b_")}),
            updates,
        )
    return len(inserts) + len(updates)
