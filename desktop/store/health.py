"""The full check of the data file (PRAGMA integrity_check) and what it found, in terms the
app can act on: an index SQLite can rebuild from the tables, or damage only a backup undoes.

quick_check, run at every start (db.check_health), skips what takes long: whether each index
holds exactly its table's rows, and UNIQUE constraints. A damaged index makes lists and
searches miss records (or find ghosts), and a write through it spreads the damage, so the
full check runs now and then, off the screens' reader thread, on its own connection.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from desktop.paths import Paths
from desktop.store.db import BUSY_TIMEOUT_MS, DatabaseDamaged, connect, is_damage

log = logging.getLogger(__name__)

MAX_PROBLEMS = 100  # integrity_check's own default; enough to tell an index from a table
CHECKPOINT_WAIT_MS = 200  # how long a checkpoint waits for readers before leaving the rest

# integrity_check's lines that blame an index and nothing else (SQLite 3.3 said "rowid N").
_INDEX_FAULT = re.compile(
    r"^(?:(?:row|rowid) \d+ missing from index"
    r"|wrong # of entries in index"
    r"|non-unique entry in index"
    r"|rowid not at end-of-record for row \d+ of index) (\S+)$"
)


@dataclass(frozen=True, slots=True)
class Counts:
    """Live records: what the user knows as their residents, trainings and help sessions."""

    residents: int
    trainings: int
    assists: int


@dataclass(frozen=True, slots=True)
class CheckResult:
    problems: tuple[str, ...] = ()  # SQLite's own words, for the log
    indexes: frozenset[str] = frozenset()  # the damaged indexes, when only indexes are
    counts: Counts | None = None  # what a clean check covered
    repaired: frozenset[str] = frozenset()  # indexes rebuilt just before this (clean) check

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def repairable(self) -> bool:
        """Only indexes are damaged: REINDEX rebuilds them from the tables, losing nothing."""
        return bool(self.problems) and bool(self.indexes)

    def summary(self) -> str:
        return "; ".join(self.problems[:5])


class FaultFound(DatabaseDamaged):
    """The full check found damage: nothing is written until it is repaired or replaced."""

    def __init__(self, result: CheckResult) -> None:
        super().__init__(result.summary())
        self.result = result


def count_records(conn: sqlite3.Connection) -> Counts:
    def live(table: str) -> int:
        return conn.execute(f"SELECT count(*) FROM {table} WHERE deleted_at IS NULL").fetchone()[0]

    return Counts(live("resident"), live("training"), live("assist"))


def run_check(conn: sqlite3.Connection) -> CheckResult:
    """PRAGMA integrity_check on `conn`, its lines sorted into index and other faults."""
    try:
        rows = conn.execute(f"PRAGMA integrity_check({MAX_PROBLEMS})").fetchall()
        # A fault's first line comes as "*** in database main ***\n<the fault>".
        lines = [
            line
            for (text,) in rows
            for line in str(text).splitlines()
            if line and not line.startswith("*** in database")
        ]
        if lines == ["ok"]:
            return CheckResult(counts=count_records(conn))
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    except sqlite3.DatabaseError as exc:
        if not is_damage(exc):
            raise  # busy, I/O, interrupted: no verdict on the file
        return CheckResult(problems=(str(exc),))
    blamed = [m.group(1) if (m := _INDEX_FAULT.match(line)) else None for line in lines]
    index_only = all(name is not None and name in names for name in blamed)
    indexes = frozenset(n for n in blamed if n is not None) if index_only else frozenset()
    return CheckResult(problems=tuple(lines), indexes=indexes)


def full_check(
    path: Path, opened: list[sqlite3.Connection] | None = None, *, immutable: bool = False
) -> CheckResult:
    """The full check on a read-only connection of its own. `opened` receives the connection
    while the check runs, so that closing the store can interrupt it. (`immutable`: a folder
    SQLite cannot write the WAL's index to, as db.connect.)"""
    try:
        conn = connect(path, readonly=True, immutable=immutable)
    except sqlite3.DatabaseError as exc:
        if not is_damage(exc):
            raise
        return CheckResult(problems=(str(exc),))
    if opened is not None:
        opened.append(conn)
    try:
        return run_check(conn)
    finally:
        if opened is not None:
            opened.remove(conn)
        conn.close()


def reindex(conn: sqlite3.Connection, indexes: frozenset[str]) -> None:
    """Rebuild `indexes` from their tables (inside the caller's transaction)."""
    known = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    for name in sorted(indexes & known):
        conn.execute('REINDEX "{}"'.format(name.replace('"', '""')))


def checkpoint_wal(conn: sqlite3.Connection) -> bool:
    """Copy the WAL into the data file and empty it, so that the file alone is never far
    behind (a copy of it, a crash that loses the WAL). Waits only a moment for readers: a
    long read keeps its part for the next time. True when the WAL was emptied."""
    conn.execute(f"PRAGMA busy_timeout={CHECKPOINT_WAIT_MS}")
    try:
        busy, frames, copied = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    if busy:
        log.info("checkpoint: %s of %s pages copied, readers kept the rest", copied, frames)
    return not busy


def read_backup(path: Path) -> Counts:
    """What a backup holds, read-only; DatabaseDamaged if it fails quick_check or cannot be
    read as ours. (Backups are self-contained files: no WAL to replay.)"""
    try:
        conn = connect(path, readonly=True)
        try:
            problems = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]
            if problems != ["ok"]:
                raise DatabaseDamaged("; ".join(problems[:5]))
            return count_records(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:  # not a database, or not ours (no such table)
        raise DatabaseDamaged(str(exc)) from exc


def newest_sound_backup(folder: Path) -> Path | None:
    """The newest backup that passes the full check. After damage only the full check sees,
    a backup that passes quick_check may carry the same damage: backups copy pages."""
    from desktop.store.backup import list_backups

    for candidate in list_backups(folder):
        try:
            if full_check(candidate).ok:
                return candidate
        except (sqlite3.Error, OSError) as exc:  # not ours, unreadable
            log.warning("backup %s not checked: %s", candidate.name, type(exc).__name__)
            continue
        log.warning("backup %s fails the full check, skipping", candidate.name)
    return None


# --- when the last full check passed ------------------------------------------------------------
# A small file beside the data file, not a row in it: recording the time must not be a write
# (writes wake the screens and sync, and are refused while a fault is known), and a damaged or
# restored file must not be the one to vouch for its own last check. The note names the file
# it is about (its inode): a file put in place since, by any restore, is checked soon.


def _file_id(db_path: Path) -> int | None:
    try:
        return db_path.stat().st_ino
    except OSError:
        return None


def _note(db_path: Path) -> Path:
    return Paths(db_path.parent).health  # beside the data file


def last_full_check(db_path: Path) -> datetime | None:
    try:
        data = json.loads(_note(db_path).read_text(encoding="utf-8"))
        if data.get("file") != _file_id(db_path):
            return None  # another file since
        return datetime.fromisoformat(data["full_check"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # never checked, or the note is unreadable: check


def note_full_check(db_path: Path, when: datetime | None = None) -> None:
    stamp = _note(db_path)
    partial = stamp.with_suffix(".partial")
    when = when or datetime.now(UTC)
    note = {"full_check": when.isoformat(), "file": _file_id(db_path)}
    try:
        partial.write_text(json.dumps(note), encoding="utf-8")
        partial.replace(stamp)
    except OSError as exc:  # the check runs again sooner: no harm
        log.warning("time of the full check not noted: %s", exc)


def forget_full_check(db_path: Path) -> None:
    """Another file was put in place (a restored backup): check it soon."""
    _note(db_path).unlink(missing_ok=True)
