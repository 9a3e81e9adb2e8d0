"""Every write. Each function runs inside the writer's transaction and writes its outbox rows
in that same transaction, so a change and its sync entry exist together or not at all."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from desktop.failures import Failure
from desktop.store.db import Db
from sotay.domain.catalogue import SEED_SERVICES, SEED_TOPICS, seed_id
from sotay.domain.models import (
    Assist,
    CatalogueItem,
    Member,
    Neighbourhood,
    Resident,
    Team,
    Training,
    attendance_id,
)
from sotay.domain.standard import SEED_CODES, valid_item_code
from sotay.domain.text import clean, clean_note, fold, sort_key
from sotay.domain.validation import settle_roll_call

CATALOGUES = ("topic", "service")


class NotFound(LookupError):
    pass


class Stale(Exception):
    """The record changed since the form loaded it (a sync brought another laptop's edit, or
    another window saved it): saving would silently overwrite that change."""

    failure = Failure.STALE

    def __init__(self, table: str, record_id: str) -> None:
        super().__init__(f"{table} {record_id}")
        self.table, self.record_id = table, record_id


class TwoLeaders(ValueError):
    """A save would leave the team two leaders (the team form asks to swap them first)."""


def one_leader(db: Db) -> None:
    """Refuse, with the transaction, a roster of more than one leader."""
    count = db.conn.execute(
        "SELECT COUNT(*) FROM member WHERE deleted_at IS NULL AND role = 'leader'"
    ).fetchone()[0]
    if count > 1:
        raise TwoLeaders(f"{count} team leaders")


def utcnow() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def outbox(
    conn: sqlite3.Connection,
    entity: str,
    entity_id: str,
    op: str,
    payload: dict[str, Any],
    version: int,
    now: str,
) -> None:
    conn.execute(
        "INSERT INTO outbox(entity, entity_id, op, payload, version, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (entity, entity_id, op, json.dumps(payload, ensure_ascii=False, default=str), version, now),
    )


def upsert(
    conn: sqlite3.Connection,
    table: str,
    values: dict[str, Any],
    actor: str | None,
    *,
    local: dict[str, Any] | None = None,
    extra_payload: dict[str, Any] | None = None,
    now: str | None = None,
    expected: int = 0,
) -> int:
    """Insert or update one record by id, bump its version, queue it. Returns the new version.

    `local` columns are stored but not synced (derived search keys). `expected`: the version
    the caller loaded (0 for a new record or when unknown); another one now raises Stale.
    """
    now = now or utcnow()
    row = conn.execute(
        f"SELECT version, created_at, recorded_by FROM {table} WHERE id = ?", (values["id"],)
    ).fetchone()
    columns = {**values, **(local or {})}
    if row is None:
        version, created_at, recorded_by = 1, now, actor
        columns |= {"version": 1, "created_at": now, "updated_at": now, "recorded_by": actor}
        names = ", ".join(columns)
        marks = ", ".join("?" * len(columns))
        conn.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", tuple(columns.values()))
    else:
        if expected and row[0] != expected:
            raise Stale(table, values["id"])
        version, created_at, recorded_by = row[0] + 1, row[1], row[2]
        columns |= {"version": version, "updated_at": now, "deleted_at": None}
        sets = ", ".join(f"{k} = ?" for k in columns if k != "id")
        params = [v for k, v in columns.items() if k != "id"]
        conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", (*params, values["id"]))
    payload = {
        **values,
        **(extra_payload or {}),
        "created_at": created_at,
        "updated_at": now,
        "recorded_by": recorded_by,
        "deleted_at": None,  # an upsert also revives a deleted record (a re-added attendee)
    }
    outbox(conn, table, values["id"], "upsert", payload, version, now)
    return version


def soft_delete(
    conn: sqlite3.Connection, table: str, record_id: str, actor: str | None, now: str | None = None
) -> int:
    """A delete is a change that syncs: mark the row, bump its version, queue it."""
    now = now or utcnow()
    row = conn.execute(
        f"SELECT version FROM {table} WHERE id = ? AND deleted_at IS NULL", (record_id,)
    ).fetchone()
    if row is None:
        raise NotFound(f"{table} {record_id}")
    version = row[0] + 1
    conn.execute(
        f"UPDATE {table} SET deleted_at = ?, updated_at = ?, version = ? WHERE id = ?",
        (now, now, version, record_id),
    )
    outbox(
        conn,
        table,
        record_id,
        "delete",
        {"id": record_id, "deleted_at": now, "deleted_by": actor},
        version,
        now,
    )
    return version


# --- team, roster, catalogues ----------------------------------------------------------------
# Each save cleans its record's text once more (domain/cleaning.py; cleaning twice is cleaning
# once): the forms' checks clean what they check, but neighbourhoods and catalogue items come
# with no check, and nothing stored may escape the rule.


def save_team(db: Db, team: Team, actor: str | None = None) -> int:
    team.name = clean(team.name)
    team.province_name = clean(team.province_name)
    team.commune_name = clean(team.commune_name)
    team.version = upsert(
        db.conn,
        "team",
        {
            "id": team.id,
            "name": team.name,
            "province_code": team.province_code,
            "province_name": team.province_name,
            "commune_code": team.commune_code,
            "commune_name": team.commune_name,
        },
        actor,
    )
    return team.version


def save_neighbourhood(db: Db, item: Neighbourhood, actor: str | None = None) -> int:
    item.name = clean(item.name)
    item.version = upsert(
        db.conn,
        "neighbourhood",
        {
            "id": item.id,
            "name": item.name,
            "adults": item.adults,
            "households": item.households,
            "counted_on": item.counted_on.isoformat() if item.counted_on else None,
        },
        actor,
    )
    return item.version


def save_member(db: Db, member: Member, actor: str | None = None) -> int:
    member.full_name = clean(member.full_name)
    member.version = upsert(
        db.conn,
        "member",
        {
            "id": member.id,
            "full_name": member.full_name,
            "role": str(member.role),
            "phone": member.phone,
        },
        actor,
    )
    return member.version


def save_catalogue_item(db: Db, kind: str, item: CatalogueItem, actor: str | None = None) -> int:
    if kind not in CATALOGUES:
        raise ValueError(kind)
    if not valid_item_code(kind, item.code):
        raise ValueError(f"{kind} code {item.code!r}")
    item.name = clean(item.name)
    item.code = item.code or None
    item.version = upsert(
        db.conn,
        kind,
        {
            "id": item.id,
            "name": item.name,
            "active": int(item.active),
            "sort": item.sort,
            "code": item.code,
        },
        actor,
    )
    return item.version


def delete(db: Db, table: str, record_id: str, actor: str | None = None) -> int:
    if table not in ("neighbourhood", "member", "resident", "training", "assist", *CATALOGUES):
        raise ValueError(table)
    return soft_delete(db.conn, table, record_id, actor)


def seed_catalogues(db: Db, actor: str | None = None) -> None:
    for kind, names in (("topic", SEED_TOPICS), ("service", SEED_SERVICES)):
        if db.conn.execute(f"SELECT 1 FROM {kind} LIMIT 1").fetchone():
            continue
        for sort, name in enumerate(names):
            code = SEED_CODES.get((kind, name))  # type: ignore[arg-type]
            item = CatalogueItem(name=name, sort=sort, code=code, id=seed_id(kind, name))
            save_catalogue_item(db, kind, item, actor)


def set_up(
    db: Db, team: Team, neighbourhoods: Iterable[Neighbourhood], members: Iterable[Member]
) -> None:
    """First start: the team, its neighbourhoods and members, and the seed catalogues."""
    save_team(db, team)
    for n in neighbourhoods:
        save_neighbourhood(db, n)
    for m in members:
        save_member(db, m)
    one_leader(db)
    seed_catalogues(db)


# --- residents --------------------------------------------------------------------------------


def save_resident(db: Db, resident: Resident, actor: str | None) -> int:
    resident.full_name = clean(resident.full_name)
    resident.note = clean_note(resident.note)
    resident.version = upsert(
        db.conn,
        "resident",
        {
            "id": resident.id,
            "full_name": resident.full_name,
            "gender": str(resident.gender) if resident.gender else None,
            "birth_year": resident.birth_year,
            "neighbourhood_id": resident.neighbourhood_id,
            "phone": resident.phone,
            "note": resident.note,
        },
        actor,
        local={"name_folded": fold(resident.full_name), "sort_key": sort_key(resident.full_name)},
        expected=resident.version,
    )
    return resident.version


@dataclass(frozen=True, slots=True)
class Imported:
    """What an import wrote: the report says this, not what the preview planned."""

    added: int
    updated: int
    neighbourhoods: list[str]  # made by the import, as saved


def import_residents(
    db: Db, residents: list[Resident], neighbourhoods: list[Neighbourhood], actor: str | None
) -> Imported:
    """Residents from a spreadsheet, with the neighbourhoods it named that the team did not
    have, in the caller's one transaction: all of them or none. A neighbourhood recorded
    since the preview (a sync, another import) is not made twice: its residents join it."""
    recorded = {
        fold(name): id_
        for id_, name in db.conn.execute(
            "SELECT id, name FROM neighbourhood WHERE deleted_at IS NULL"
        )
    }
    joined: dict[str, str] = {}  # planned id -> the recorded one
    made = []
    for item in neighbourhoods:
        if (same := recorded.get(fold(item.name))) is not None:
            joined[item.id] = same
            continue
        save_neighbourhood(db, item, actor)
        recorded[fold(item.name)] = item.id
        made.append(item.name)
    added = updated = 0
    for resident in residents:
        if resident.neighbourhood_id in joined:
            resident.neighbourhood_id = joined[resident.neighbourhood_id]
        if save_resident(db, resident, actor) == 1:
            added += 1
        else:
            updated += 1
    return Imported(added, updated, made)


# --- trainings --------------------------------------------------------------------------------


def save_training(db: Db, training: Training, actor: str | None) -> int:
    """The training, its topics and trainers, and its roll-call, in one transaction.

    Only attendance rows that changed are written and queued.
    """
    conn = db.conn
    now = utcnow()
    training.place = clean(training.place)
    training.note = clean_note(training.note)
    settle_roll_call(training)  # a class not held has its people registered, none present
    training.version = upsert(
        conn,
        "training",
        {
            "id": training.id,
            "day": training.day.isoformat() if training.day else None,
            "start_time": training.start_time,
            "end_time": training.end_time,
            "place": training.place,
            "status": str(training.status),
            "note": training.note,
        },
        actor,
        extra_payload={
            "topic_ids": list(training.topic_ids),
            "trainer_ids": list(training.trainer_ids),
        },
        now=now,
        expected=training.version,
    )
    conn.execute("DELETE FROM training_topic WHERE training_id = ?", (training.id,))
    conn.executemany(
        "INSERT INTO training_topic(training_id, topic_id) VALUES (?, ?)",
        [(training.id, t) for t in dict.fromkeys(training.topic_ids)],
    )
    conn.execute("DELETE FROM training_trainer WHERE training_id = ?", (training.id,))
    conn.executemany(
        "INSERT INTO training_trainer(training_id, member_id) VALUES (?, ?)",
        [(training.id, m) for m in dict.fromkeys(training.trainer_ids)],
    )

    existing = {
        r["resident_id"]: r
        for r in conn.execute(
            "SELECT id, resident_id, present, deleted_at FROM attendance WHERE training_id = ?",
            (training.id,),
        )
    }
    wanted = set()
    for a in training.attendance:
        wanted.add(a.resident_id)
        old = existing.get(a.resident_id)
        if old is None:
            a.id = attendance_id(training.id, a.resident_id)
        else:
            a.id = old["id"]
            if old["deleted_at"] is None and bool(old["present"]) == a.present:
                continue
        a.version = upsert(
            conn,
            "attendance",
            {
                "id": a.id,
                "training_id": training.id,
                "resident_id": a.resident_id,
                "present": int(a.present),
            },
            actor,
            now=now,
        )
    for resident_id, old in existing.items():
        if resident_id not in wanted and old["deleted_at"] is None:
            soft_delete(conn, "attendance", old["id"], actor, now=now)
    return training.version


# --- help sessions ----------------------------------------------------------------------------


def save_assist(db: Db, assist: Assist, actor: str | None) -> int:
    assist.reason = clean(assist.reason)
    assist.note = clean_note(assist.note)
    assist.version = upsert(
        db.conn,
        "assist",
        {
            "id": assist.id,
            "day": assist.day.isoformat() if assist.day else None,
            "resident_id": assist.resident_id,
            "member_id": assist.member_id,
            "service_id": assist.service_id,
            "outcome": str(assist.outcome),
            "reason": assist.reason,
            "note": assist.note,
        },
        actor,
        expected=assist.version,
    )
    return assist.version


def save_roster(
    db: Db,
    team: Team,
    neighbourhoods: list[Neighbourhood],
    members: list[Member],
    removed: list[tuple[str, str]],
    actor: str | None = None,
) -> None:
    """The team screen's changes in one transaction. First start seeds the catalogues too."""
    first = db.conn.execute("SELECT 1 FROM team LIMIT 1").fetchone() is None
    save_team(db, team, actor)
    for n in neighbourhoods:
        save_neighbourhood(db, n, actor)
    for m in members:
        save_member(db, m, actor)
    for table, record_id in removed:
        delete(db, table, record_id, actor)
    one_leader(db)
    if first:
        seed_catalogues(db, actor)


def save_catalogue(db: Db, kind: str, items: list[CatalogueItem], actor: str | None = None) -> None:
    for item in items:
        save_catalogue_item(db, kind, item, actor)
