"""Schema history. Never edit an applied migration: add the next one.

A migration calls no live code of the app (the store's, the domain's, the protocol's): what
it needs is frozen in desktop/store/frozen.py as it was, so that a later change there cannot
change what an old migration does to a file it meets later."""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from desktop.store.frozen import (
    LINE_FIELDS_M004,
    NOTE_FIELDS_M004,
    SEED_CODES_M006,
    SYNCED_M003,
    clean_block_m004,
    clean_line_m004,
    fold_m004,
    queue_m004,
    sort_key_m004,
    sort_key_m005,
    utcnow_m004,
)

migrations = Migrations("sotay")


# Columns every synced record carries.
AUDIT = """
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    recorded_by TEXT,
    deleted_at TEXT
"""


def run_script(db: Database, script: str) -> None:
    """Run statements one by one: executescript() would COMMIT the migration's transaction."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.conn.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError(f"incomplete SQL statement: {statement[:80]!r}")


@migrations()
def m001_initial(db: Database) -> None:
    run_script(
        db,
        f"""
    CREATE TABLE team (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        province_code INTEGER NOT NULL,
        province_name TEXT NOT NULL,
        commune_code INTEGER NOT NULL,
        commune_name TEXT NOT NULL,
        {AUDIT}
    );
    CREATE TABLE neighbourhood (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        {AUDIT}
    );
    CREATE TABLE member (
        id TEXT PRIMARY KEY,
        full_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('leader', 'deputy', 'member')),
        phone TEXT NOT NULL DEFAULT '',
        {AUDIT}
    );
    -- rid: a stable integer key for the FTS index (VACUUM may renumber an implicit rowid).
    CREATE TABLE resident (
        rid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        full_name TEXT NOT NULL,
        name_folded TEXT NOT NULL,
        sort_key TEXT NOT NULL,
        gender TEXT CHECK (gender IN ('female', 'male')),
        birth_year INTEGER,
        neighbourhood_id TEXT REFERENCES neighbourhood(id),
        phone TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        {AUDIT}
    );
    CREATE INDEX resident_sort ON resident(sort_key) WHERE deleted_at IS NULL;
    CREATE INDEX resident_dup ON resident(name_folded, birth_year);
    CREATE INDEX resident_phone ON resident(phone) WHERE phone != '';
    CREATE INDEX resident_neighbourhood ON resident(neighbourhood_id, sort_key);
    CREATE VIRTUAL TABLE resident_fts USING fts5(
        name_folded, content='resident', content_rowid='rid', prefix='1 2 3'
    );
    CREATE TRIGGER resident_ai AFTER INSERT ON resident BEGIN
        INSERT INTO resident_fts(rowid, name_folded) VALUES (new.rid, new.name_folded);
    END;
    CREATE TRIGGER resident_ad AFTER DELETE ON resident BEGIN
        INSERT INTO resident_fts(resident_fts, rowid, name_folded)
        VALUES ('delete', old.rid, old.name_folded);
    END;
    CREATE TRIGGER resident_au AFTER UPDATE OF name_folded ON resident BEGIN
        INSERT INTO resident_fts(resident_fts, rowid, name_folded)
        VALUES ('delete', old.rid, old.name_folded);
        INSERT INTO resident_fts(rowid, name_folded) VALUES (new.rid, new.name_folded);
    END;

    CREATE TABLE topic (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1,
        sort INTEGER NOT NULL DEFAULT 0,
        {AUDIT}
    );
    CREATE TABLE service (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1,
        sort INTEGER NOT NULL DEFAULT 0,
        {AUDIT}
    );
    CREATE TABLE training (
        id TEXT PRIMARY KEY,
        day TEXT NOT NULL,
        start_time TEXT NOT NULL,
        end_time TEXT NOT NULL,
        place TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('planned', 'held', 'cancelled')),
        note TEXT NOT NULL DEFAULT '',
        {AUDIT}
    );
    CREATE INDEX training_day ON training(day, start_time);
    CREATE TABLE training_topic (
        training_id TEXT NOT NULL REFERENCES training(id),
        topic_id TEXT NOT NULL REFERENCES topic(id),
        PRIMARY KEY (training_id, topic_id)
    ) WITHOUT ROWID;
    CREATE INDEX training_topic_topic ON training_topic(topic_id, training_id);
    CREATE TABLE training_trainer (
        training_id TEXT NOT NULL REFERENCES training(id),
        member_id TEXT NOT NULL REFERENCES member(id),
        PRIMARY KEY (training_id, member_id)
    ) WITHOUT ROWID;
    CREATE TABLE attendance (
        id TEXT PRIMARY KEY,
        training_id TEXT NOT NULL REFERENCES training(id),
        resident_id TEXT NOT NULL REFERENCES resident(id),
        present INTEGER NOT NULL DEFAULT 1,
        {AUDIT}
    );
    CREATE UNIQUE INDEX attendance_pair ON attendance(training_id, resident_id);
    CREATE INDEX attendance_resident ON attendance(resident_id);
    CREATE TABLE assist (
        id TEXT PRIMARY KEY,
        day TEXT NOT NULL,
        resident_id TEXT NOT NULL REFERENCES resident(id),
        member_id TEXT NOT NULL REFERENCES member(id),
        service_id TEXT NOT NULL REFERENCES service(id),
        outcome TEXT NOT NULL CHECK (outcome IN ('done', 'not_done', 'referred')),
        reason TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        {AUDIT}
    );
    CREATE INDEX assist_day ON assist(day);
    CREATE INDEX assist_service ON assist(service_id, day);
    CREATE INDEX assist_resident ON assist(resident_id);

    -- Every change, written in the same transaction as the change, waiting to be synced.
    CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        op TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
        payload TEXT NOT NULL,
        version INTEGER NOT NULL,
        created_at TEXT NOT NULL
    );
    """,
    )


@migrations()
def m002_list_indexes(db: Database) -> None:
    """Indexes measured on a large ward (bench/run.py): list pages and the overview."""
    run_script(
        db,
        """
    CREATE INDEX training_list ON training(day, start_time, id) WHERE deleted_at IS NULL;
    CREATE INDEX attendance_roll ON attendance(training_id, present, resident_id)
        WHERE deleted_at IS NULL;
    CREATE INDEX assist_list ON assist(day, id) WHERE deleted_at IS NULL;
    -- the overview counts women and 60+ among trained residents from the index alone
    CREATE INDEX resident_stats ON resident(id, gender, birth_year);
    """,
    )


@migrations()
def m003_sync(db: Database) -> None:
    """Sync: the server version each record was last seen at, the binding to a central
    service, and the changes the server refused or found in conflict."""
    for table in SYNCED_M003:
        db.conn.execute(f"ALTER TABLE {table} ADD COLUMN server_version INTEGER NOT NULL DEFAULT 0")
    run_script(
        db,
        """
    CREATE INDEX outbox_entity ON outbox(entity, entity_id);
    CREATE TABLE sync_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    -- Changes that left the outbox without being applied: the user sees and settles them.
    CREATE TABLE sync_attention (
        id INTEGER PRIMARY KEY,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('conflict', 'rejected')),
        code TEXT NOT NULL DEFAULT '',
        message TEXT NOT NULL DEFAULT '',
        op TEXT NOT NULL,
        local_payload TEXT NOT NULL,
        server_payload TEXT,
        server_version INTEGER,
        created_at TEXT NOT NULL,
        resolved_at TEXT
    );
    CREATE INDEX sync_attention_open ON sync_attention(entity, entity_id)
        WHERE resolved_at IS NULL;
    """,
    )


@migrations()
def m004_clean_text(db: Database) -> None:
    """Text saved before the cleaning rules (sotay/domain/cleaning.py) repaired in place:
    control and invisible characters, look-alike letters ('Ðinh' with an eth is 'Đinh'). Each
    resident's search keys are made again too (the folding now cleans, and the FTS index
    follows name_folded). A repaired record is a change like any other: its version goes up
    and it is queued, so the central service and the team's other laptops get the repair. A
    deleted record is repaired here only: it is never sent again."""
    conn = db.conn
    now = utcnow_m004()
    repaired: set[tuple[str, str]] = set()
    for table in SYNCED_M003:
        rules = {name: clean_line_m004 for name in LINE_FIELDS_M004.get(table, ())}
        rules |= {name: clean_block_m004 for name in NOTE_FIELDS_M004.get(table, ())}
        if not rules:
            continue
        names = list(rules)
        live, tombstones = [], []
        for record_id, deleted_at, *old in conn.execute(
            f"SELECT id, deleted_at, {', '.join(names)} FROM {table}"
        ):
            new = [
                rule(v) if isinstance(v, str) else v
                for rule, v in zip(rules.values(), old, strict=True)
            ]
            if new == old:
                continue
            if deleted_at is None:
                live.append((*new, now, record_id))
                repaired.add((table, record_id))
            else:
                tombstones.append((*new, record_id))
        sets = ", ".join(f"{name} = ?" for name in names)
        conn.executemany(
            f"UPDATE {table} SET {sets}, version = version + 1, updated_at = ? WHERE id = ?", live
        )
        conn.executemany(f"UPDATE {table} SET {sets} WHERE id = ?", tombstones)
    keys = []
    for rid, name, old_folded, old_key in conn.execute(
        "SELECT rid, full_name, name_folded, sort_key FROM resident"
    ):
        if (fold_m004(name), sort_key_m004(name)) != (old_folded, old_key):
            keys.append((fold_m004(name), sort_key_m004(name), rid))
    conn.executemany("UPDATE resident SET name_folded = ?, sort_key = ? WHERE rid = ?", keys)
    if repaired:
        # As commands.upsert queues a save: the record as it now is, at its new version.
        queue_m004(conn, repaired)


@migrations()
def m005_vietnamese_order(db: Database) -> None:
    """Residents' sort keys made again in Vietnamese alphabetical order (a ă â ... then tones,
    sotay/domain/text.sort_key): "An" before "Ẳm", "Long" before "Lộc". A local column:
    nothing is queued."""
    conn = db.conn
    keys = [
        (sort_key_m005(name), rid)
        for rid, name in conn.execute("SELECT rid, full_name FROM resident")
    ]
    conn.executemany("UPDATE resident SET sort_key = ? WHERE rid = ?", keys)


@migrations()
def m006_codes_items(db: Database) -> None:
    """Each training topic and help service may carry a standard indicator's code
    (sotay/domain/standard.py); the seed items get theirs, by their ids. Not queued: every
    laptop fills the same codes into the same seeds, and the central service its own records
    of them (central/migrations 0007), so sending them would only make each of the team's
    laptops push the same five records. A seed the team renamed keeps its code: it is the
    same item."""
    conn = db.conn
    for table in ("topic", "service"):
        conn.execute(f"ALTER TABLE {table} ADD COLUMN code TEXT")
    conn.executemany(
        "UPDATE topic SET code = ? WHERE id = ?",
        [(code, i) for (kind, i), code in SEED_CODES_M006.items() if kind == "topic"],
    )
    conn.executemany(
        "UPDATE service SET code = ? WHERE id = ?",
        [(code, i) for (kind, i), code in SEED_CODES_M006.items() if kind == "service"],
    )


@migrations()
def m007_denom_figures(db: Database) -> None:
    """A neighbourhood's adults and households and the day they were counted (issue 23): the
    denominators of its rates. Empty (NULL) until the leader enters them; synced fields of
    the record, so nothing is queued here (an unchanged record has nothing to send)."""
    run_script(
        db,
        """
    ALTER TABLE neighbourhood ADD COLUMN adults INTEGER CHECK (adults >= 0);
    ALTER TABLE neighbourhood ADD COLUMN households INTEGER CHECK (households >= 0);
    ALTER TABLE neighbourhood ADD COLUMN counted_on TEXT;
    """,
    )
