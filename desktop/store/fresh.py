"""A new profile's database, made in one step from the schema that every migration together
builds (`fresh.sql`), as Rails loads schema.rb instead of replaying history.

Replaying the migrations through sqlite-utils cost a first start ~150 ms of imports (click,
dateutil, pluggy) and ~70 ms of work on a laptop that waits for it; this costs a few. The
migrations stay the one source: `fresh.sql` is written from them (`python -m
desktop.store.fresh`), and tests/test_store.py fails when it no longer matches."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from desktop.store.schema import MIGRATIONS

SCRIPT = Path(__file__).with_name("fresh.sql")
MIGRATION_SET = "sotay"  # desktop/store/migrations.py: Migrations("sotay")
HEADER = (
    "-- The schema of a new profile: what desktop/store/migrations.py builds, written by\n"
    "-- `python -m desktop.store.fresh`. Never edit by hand; add a migration, then rewrite it.\n"
)


def statements(script: str) -> list[str]:
    """The script's statements, whole (a trigger's body holds semicolons)."""
    done, statement = [], ""
    for line in script.splitlines(keepends=True):
        if not statement and line.startswith("--"):
            continue
        statement += line
        if sqlite3.complete_statement(statement):
            done.append(statement.strip())
            statement = ""
    if statement.strip():
        raise ValueError(f"incomplete SQL statement: {statement[:80]!r}")
    return done


def create(conn: sqlite3.Connection) -> None:
    """Build the current schema in an empty database, in one transaction, with every
    migration recorded as applied (as sqlite-utils records it), so later ones apply on top."""
    applied_at = str(datetime.now(UTC))
    conn.execute("BEGIN IMMEDIATE")
    try:
        for statement in statements(SCRIPT.read_text(encoding="utf-8")):
            conn.execute(statement)
        conn.executemany(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, ?, ?)",
            [(MIGRATION_SET, name, applied_at) for name in MIGRATIONS],
        )
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def dump(conn: sqlite3.Connection) -> str:
    """The schema of `conn` as a script: tables, then indexes, views and triggers, each in the
    order they were made; SQLite's own tables and a virtual table's shadows are left out
    (they come with what makes them)."""
    shadows = {row[1] for row in conn.execute("PRAGMA table_list") if row[2] == "shadow"}
    order = {"table": 0, "index": 1, "view": 2, "trigger": 3}
    rows = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid"
    ).fetchall()
    kept = [
        (order[kind], i, sql)
        for i, (kind, name, sql) in enumerate(rows)
        if name not in shadows and not name.startswith("sqlite_")
    ]
    return HEADER + "".join(f"\n{sql.strip()};\n" for _kind, _i, sql in sorted(kept))


def migrated() -> sqlite3.Connection:
    """An in-memory database built by replaying every migration, as an old profile was."""
    from sqlite_utils import Database

    from desktop.store.db import connect
    from desktop.store.migrations import migrations

    conn = connect(Path(":memory:"))
    migrations.apply(Database(conn))
    return conn


def main() -> None:
    SCRIPT.write_text(dump(migrated()), encoding="utf-8", newline="\n")
    print(f"written: {SCRIPT}")


if __name__ == "__main__":
    main()
