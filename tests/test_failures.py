"""Failures told apart by kind, from real SQLite and system errors where they are cheap to
cause, never by their message text; and the calm sentence each known kind gets."""

from __future__ import annotations

import errno
import socket
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.failures import Failure, classify
from desktop.store.db import DatabaseDamaged, check_health
from tests.helpers import disk_full_error


def caught(conn: sqlite3.Connection, sql: str) -> sqlite3.Error:
    with pytest.raises(sqlite3.Error) as info:
        conn.execute(sql)
    return info.value


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "data.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")  # as the app's data file
    conn.execute("CREATE TABLE t (x)")
    with conn:  # one transaction: autocommit would sync the file once per row
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO t VALUES (?)", [("x" * 50,)] * 500)
    conn.close()
    yield path


def test_a_full_database_is_a_full_disk() -> None:
    exc = disk_full_error()
    assert exc.sqlite_errorcode == sqlite3.SQLITE_FULL
    assert classify(exc) is Failure.DISK_FULL


def test_writing_through_a_read_only_connection(db: Path) -> None:
    conn = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
    try:
        assert classify(caught(conn, "INSERT INTO t VALUES (1)")) is Failure.READ_ONLY
    finally:
        conn.close()


def test_a_file_another_connection_holds_is_busy(db: Path) -> None:
    holder = sqlite3.connect(db, isolation_level=None)
    other = sqlite3.connect(db, isolation_level=None, timeout=0)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        holder.execute("INSERT INTO t VALUES (1)")
        assert classify(caught(other, "INSERT INTO t VALUES (2)")) is Failure.BUSY
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        other.close()


def test_a_file_that_is_not_a_database_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / "data.db"
    path.write_bytes(b"not a database, only text " * 200)
    conn = sqlite3.connect(path)
    try:
        exc = caught(conn, "SELECT * FROM sqlite_master")
    finally:
        conn.close()
    assert exc.sqlite_errorcode == sqlite3.SQLITE_NOTADB
    assert classify(exc) is Failure.DAMAGED
    with pytest.raises(DatabaseDamaged) as info:
        check_health(path)  # what the store raises on opening it
    assert classify(info.value) is Failure.DAMAGED


def test_a_damaged_page_is_damaged(db: Path) -> None:
    data = bytearray(db.read_bytes())
    data[4096 : 4096 + 100] = b"\xff" * 100  # the table's first page
    db.write_bytes(bytes(data))
    conn = sqlite3.connect(db)
    try:
        exc = caught(conn, "SELECT count(*), max(x) FROM t")
    finally:
        conn.close()
    assert exc.sqlite_errorcode == sqlite3.SQLITE_CORRUPT
    assert classify(exc) is Failure.DAMAGED


def test_extended_codes_are_read_by_their_primary_code() -> None:
    exc = sqlite3.OperationalError("disk I/O error")
    exc.sqlite_errorcode = sqlite3.SQLITE_IOERR_WRITE
    assert classify(exc) is Failure.IO_ERROR
    exc.sqlite_errorcode = sqlite3.SQLITE_READONLY_DBMOVED
    assert classify(exc) is Failure.READ_ONLY
    exc.sqlite_errorcode = sqlite3.SQLITE_BUSY_SNAPSHOT
    assert classify(exc) is Failure.BUSY


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), Failure.DISK_FULL),
        (OSError(errno.EDQUOT, "Disk quota exceeded"), Failure.DISK_FULL),
        (OSError(errno.EROFS, "Read-only file system"), Failure.READ_ONLY),
        (PermissionError(errno.EACCES, "Permission denied"), Failure.READ_ONLY),
        (PermissionError(errno.EPERM, "Operation not permitted"), Failure.READ_ONLY),
        (OSError(errno.EIO, "Input/output error"), Failure.IO_ERROR),
        (OSError("no errno"), Failure.IO_ERROR),
        (ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused"), Failure.OFFLINE),
        (socket.gaierror(-2, "Name or service not known"), Failure.OFFLINE),
        (TimeoutError("timed out"), Failure.TIMEOUT),
    ],
    ids=lambda v: v.name if isinstance(v, Failure) else type(v).__name__,
)
def test_system_errors_by_errno_and_type(exc: OSError, kind: Failure) -> None:
    assert classify(exc) is kind


def test_a_missing_folder_is_an_io_error(tmp_path: Path) -> None:
    with pytest.raises(OSError) as info:
        (tmp_path / "no such folder" / "x.pdf").write_bytes(b"%PDF")
    assert classify(info.value) is Failure.IO_ERROR


def test_an_exception_carrying_its_kind() -> None:
    class SyncError(Exception):
        def __init__(self, failure: Failure) -> None:
            super().__init__(failure.value)
            self.failure = failure

    for kind in Failure:
        assert classify(SyncError(kind)) is kind

    class NotAKind(Exception):
        failure = "offline"  # a string is not a kind

    assert classify(NotAKind()) is None


def test_the_kinds_sync_raises_are_there() -> None:
    names = {f.name for f in Failure}
    assert {
        "DISK_FULL",
        "READ_ONLY",
        "BUSY",
        "IO_ERROR",
        "DAMAGED",
        "OFFLINE",
        "TIMEOUT",
        "PORTAL",
        "UNAUTHORIZED",
        "REVOKED",
        "SERVER_BUSY",
        "SERVER_ERROR",
        "SERVER_FULL",
        "BAD_CODE",
        "CODE_EXPIRED",
        "CODE_USED",
        "WRONG_SERVER",
        "CLOCK_SKEW",
    } <= names


# --- the message text decides nothing ----------------------------------------------------------


def test_full_in_the_message_is_not_a_full_disk(db: Path) -> None:
    conn = sqlite3.connect(db)
    try:
        exc = caught(conn, "SELECT * FROM full")  # "no such table: full": a bug
    finally:
        conn.close()
    assert "full" in str(exc) and classify(exc) is None
    assert classify(OSError(errno.ENOENT, "full")) is Failure.IO_ERROR
    assert classify(RuntimeError("database or disk is full")) is None
    # Made by hand, without SQLite's code: not a failure SQLite reported.
    assert classify(sqlite3.OperationalError("database or disk is full")) is None
    locked = sqlite3.IntegrityError("UNIQUE constraint failed: t.locked")
    assert classify(locked) is None


def test_bugs_are_not_known_failures() -> None:
    assert classify(ValueError("readonly")) is None
    assert classify(KeyError("busy")) is None
    conn = sqlite3.connect(":memory:")
    conn.close()
    with pytest.raises(sqlite3.ProgrammingError) as info:
        conn.execute("SELECT 1")  # a closed connection: raised by the module, no SQLite code
    assert classify(info.value) is None


# --- the calm sentences ------------------------------------------------------------------------


def test_each_known_kind_gets_its_sentence(db: Path) -> None:
    from desktop.ui.tasks import known_failure_text

    assert "disk is full" in known_failure_text(disk_full_error())
    assert "disk is full" in known_failure_text(OSError(errno.ENOSPC, "No space left"))
    assert "cannot be written to" in known_failure_text(PermissionError(errno.EACCES, "denied"))
    holder = sqlite3.connect(db, isolation_level=None)
    other = sqlite3.connect(db, isolation_level=None, timeout=0)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        busy = caught(other, "INSERT INTO t VALUES (2)")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        other.close()
    assert "busy" in known_failure_text(busy)
    missing = known_failure_text(FileNotFoundError(errno.ENOENT, "No such file or directory"))
    assert missing == "The file could not be read or written: No such file or directory"
    io = sqlite3.OperationalError("disk I/O error")
    io.sqlite_errorcode = sqlite3.SQLITE_IOERR_WRITE
    assert "data file could not be read or written" in known_failure_text(io)


def test_bugs_and_text_that_only_looks_like_a_failure_get_the_crash_report() -> None:
    from desktop.ui.tasks import known_failure_text

    assert known_failure_text(ValueError("disk full")) is None
    assert known_failure_text(sqlite3.OperationalError("database is locked")) is None
