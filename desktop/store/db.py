"""Opening the database: health check, backups before migrations, pragmas."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from desktop.failures import Failure
from sotay.domain.text import fold

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000


class Db:
    """What write functions receive: the writer's connection, inside its transaction.

    (sqlite_utils.Database has the same `.conn`; sqlite-utils is imported only to migrate,
    keeping its ~0.2 s import off every start.)
    """

    __slots__ = ("conn",)

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn


class DatabaseDamaged(Exception):
    """The file failed SQLite's checks. It must not be written to."""

    failure = Failure.DAMAGED


class DataFileMissing(DatabaseDamaged):
    """The data file is missing or empty while backups exist: work was lost (a sync tool, a
    disk tool, a slip in the file manager), not a first start. The newest backup is offered."""


class ReadOnlyProfile(Exception):
    """The data folder cannot be written to: the data can be looked at, not changed."""

    failure = Failure.READ_ONLY


class NewerData(Exception):
    """The data file was changed by a newer version of the app (its schema has steps this one
    does not know). Opening it would risk it: an older app never writes to it."""

    failure = Failure.NEWER_DATA


def is_damage(exc: BaseException) -> bool:
    """SQLite met a damaged page or a file that is not a database (read by any query)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return isinstance(code, int) and code & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def connect(path: Path, *, readonly: bool = False, immutable: bool = False) -> sqlite3.Connection:
    """A connection with the pragmas every connection of ours needs.

    Default (legacy) transaction handling: sqlite-utils requires it; our writes always open
    their transaction explicitly.
    """
    if readonly:
        # immutable: a read-only folder where SQLite cannot make the WAL's shared-memory file
        # (nothing else can write there either)
        query = "immutable=1" if immutable else "mode=ro"
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?{query}", uri=True, check_same_thread=False
        )
    else:
        conn = sqlite3.connect(path, check_same_thread=False)
    try:
        conn.row_factory = sqlite3.Row
        # fold(): the same Vietnamese folding as names, for searches over free text.
        conn.create_function("fold", 1, fold, deterministic=True)
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys=ON")
        if not readonly:
            conn.execute("PRAGMA journal_mode=WAL")  # fails on a full disk (the -wal file)
            # A laptop battery dies: an acknowledged record must survive.
            conn.execute("PRAGMA synchronous=FULL")
    except BaseException:
        conn.close()
        raise
    return conn


def check_health(path: Path, *, immutable: bool = False) -> None:
    """Raise DatabaseDamaged unless `PRAGMA quick_check` passes. Opens read-only."""
    if not path.exists():
        return
    try:
        conn = connect(path, readonly=True, immutable=immutable)
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:  # "file is not a database", malformed header...
        raise DatabaseDamaged(str(exc)) from exc
    result = [r[0] for r in rows]
    if result != ["ok"]:
        raise DatabaseDamaged("; ".join(result[:5]))
