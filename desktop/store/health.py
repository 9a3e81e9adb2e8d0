"""The full check of the data file (PRAGMA integrity_check) and what it found, in terms the
app can act on: an index SQLite can rebuild from the tables, or damage only a backup undoes.

quick_check, run at every start (db.check_health), skips what takes long: whether each index
holds exactly its table's rows, and UNIQUE constraints. A damaged index makes lists and
searches miss records (or find ghosts), and a write through it spreads the damage, so the
full check runs now and then, off the screens' reader thread, on its own connection.
"""

from __future__ import annotations

import errno
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
class Missing:
    """A record another one refers to that this profile does not hold (a pull of an older
    version cut short: an attendance whose resident never arrived)."""

    entity: str  # its kind: the table referred to
    id: str
    referred_by: str  # "attendance.resident_id": where the first reference to it is


@dataclass(frozen=True, slots=True)
class CheckResult:
    problems: tuple[str, ...] = ()  # SQLite's own words, for the log
    indexes: frozenset[str] = frozenset()  # the damaged indexes, when only indexes are
    counts: Counts | None = None  # what a clean check covered
    repaired: frozenset[str] = frozenset()  # indexes rebuilt just before this (clean) check
    missing: tuple[Missing, ...] = ()  # records referred to but not here (a sound file)

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


def dangling(conn: sqlite3.Connection) -> tuple[Missing, ...]:
    """Every synced record referred to (by the schema's foreign keys, link tables included)
    that is not here. Pulled pages are written without the foreign keys enforced (a page may
    hold an attendance before its resident), so a pull cut short in an older version could
    leave such a reference behind, and the lists' joins hid the row. Sorted, each once."""
    from desktop.store.schema import SYNCED

    found: dict[tuple[str, str], str] = {}
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for table in sorted(tables):
        for fk in conn.execute(f"PRAGMA foreign_key_list({_quote(table)})").fetchall():
            parent, column, key = fk[2], fk[3], fk[4] or "id"
            if parent not in SYNCED:
                continue
            rows = conn.execute(
                f"SELECT DISTINCT c.{_quote(column)} FROM {_quote(table)} c"
                f" WHERE c.{_quote(column)} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM"
                f" {_quote(parent)} p WHERE p.{_quote(key)} = c.{_quote(column)})"
            )
            for (value,) in rows:
                found.setdefault((parent, str(value)), f"{table}.{column}")
    return tuple(Missing(e, i, by) for (e, i), by in sorted(found.items()))


def fault_lines(rows: list[tuple[str]]) -> list[str]:
    """An integrity or quick check's answer as lines (["ok"] when sound): a fault's first
    line comes as "*** in database main ***\n<the fault>"."""
    return [
        line
        for (text,) in rows
        for line in str(text).splitlines()
        if line and not line.startswith("*** in database")
    ]


def run_check(conn: sqlite3.Connection) -> CheckResult:
    """PRAGMA integrity_check on `conn`, its lines sorted into index and other faults."""
    try:
        rows = conn.execute(f"PRAGMA integrity_check({MAX_PROBLEMS})").fetchall()
        lines = fault_lines(rows)
        if lines == ["ok"]:
            return CheckResult(counts=count_records(conn), missing=dangling(conn))
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
    """Rebuild `indexes` (and search indexes) from their tables (inside the caller's
    transaction)."""
    known = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    for name in sorted(indexes & known):
        conn.execute('REINDEX "{}"'.format(name.replace('"', '""')))
    for name in sorted(indexes & search_indexes(conn)):
        conn.execute(f"INSERT INTO {_quote(name)}({_quote(name)}) VALUES('rebuild')")


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


# --- damage outside the tables -------------------------------------------------------------------
# An index, or the search (FTS) index, holds nothing of its own: all of it is rebuilt from the
# tables. Damage there is mended in place, keeping the work saved since the last backup; only
# damage in a table's own pages is a backup's to undo.

FTS_SHADOWS = ("data", "idx", "content", "docsize", "config")  # FTS5's own tables
_PAGE = re.compile(r"\bpage (\d+)", re.IGNORECASE)  # "Page 7: ...", "On tree page 7 cell 3"


def _quote(name: str) -> str:
    return '"{}"'.format(name.replace('"', '""'))


def search_indexes(conn: sqlite3.Connection) -> set[str]:
    return {
        name
        for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
        if sql and "USING FTS5" in sql.upper().replace("  ", " ")
    }


def derived(conn: sqlite3.Connection) -> dict[str, str]:
    """Each b-tree that only mirrors a table, and what rebuilds it: an index itself; an FTS
    index's own tables (and their indexes) the FTS index."""
    shadow = {f"{fts}_{end}": fts for fts in search_indexes(conn) for end in FTS_SHADOWS}
    made: dict[str, str] = {}
    for kind, name, table in conn.execute("SELECT type, name, tbl_name FROM sqlite_master"):
        if name in shadow:
            made[name] = shadow[name]
        elif kind == "index":
            made[name] = shadow.get(table, name)
    return made


def locate(conn: sqlite3.Connection, *, full: bool) -> frozenset[str] | None:
    """Where the damage is, table by table (quick_check, or integrity_check when `full`): the
    indexes and search indexes to rebuild (none: the check finds nothing), or None when a
    table's own pages are damaged, or damage the check cannot place (then only a backup can
    undo it). Reads only; takes about as long as the check itself."""
    try:
        made = derived(conn)
        # dbstat walks every b-tree, damaged ones too: which b-tree each page is in.
        owner = dict(conn.execute("SELECT pageno, name FROM dbstat"))
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND rootpage > 0"
            )
        ]
    except sqlite3.DatabaseError as exc:
        if not is_damage(exc):
            raise
        return None
    pragma = "integrity_check" if full else "quick_check"
    found: set[str] = set()
    for table in tables:
        try:
            rows = conn.execute(f"PRAGMA {pragma}({_quote(table)})").fetchall()
        except sqlite3.DatabaseError as exc:  # the check itself stopped on a damaged page
            if not is_damage(exc):
                raise
            if table not in made:
                return None  # the table, or one of its indexes: cannot tell, so a table
            found.add(made[table])
            continue
        lines = fault_lines(rows)
        if lines == ["ok"]:
            continue
        for line in lines:
            if index := _INDEX_FAULT.match(line):
                blamed: list[str | None] = [index.group(1)]
            else:
                blamed = [owner.get(int(page)) for page in _PAGE.findall(line)] or [None]
            for name in blamed:
                if name is None or name not in made:
                    return None
                found.add(made[name])
    return frozenset(found)


def search_faults(conn: sqlite3.Connection) -> frozenset[str]:
    """The FTS indexes that fail FTS5's own check against their table (a write connection:
    FTS5 takes the check as an INSERT; it writes nothing)."""
    faults = set()
    for fts in search_indexes(conn):
        try:
            name = _quote(fts)
            conn.execute(f"INSERT INTO {name}({name}, rank) VALUES('integrity-check', 1)")
        except sqlite3.DatabaseError as exc:
            if not is_damage(exc):
                raise
            faults.add(fts)
        finally:
            if conn.in_transaction:  # the sqlite3 module's own BEGIN before an INSERT
                conn.rollback()
    return frozenset(faults)


def rebuild_in_place(conn: sqlite3.Connection, names: frozenset[str]) -> None:
    """Rebuild `names` (indexes, FTS indexes) from their tables, in one transaction. Damage in
    their pages can stop it: SQLite frees the old pages first (rebuild_file then)."""
    fts = search_indexes(conn)
    conn.execute("BEGIN IMMEDIATE")
    try:
        for name in sorted(names):
            if name in fts:
                conn.execute(f"INSERT INTO {_quote(name)}({_quote(name)}) VALUES('rebuild')")
            else:
                conn.execute(f"REINDEX {_quote(name)}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.rollback()
        raise


def rebuild_file(path: Path) -> Path:
    """A new data file beside `path`, made from its tables alone: every index and search
    index built afresh, none of the old ones read. DatabaseDamaged when a table cannot be read
    whole, or its rows are refused (a UNIQUE index's twins): then only a backup can help."""
    target = path.with_name(path.name + ".rebuilt")
    for leftover in (target, target.with_name(target.name + "-journal")):
        leftover.unlink(missing_ok=True)
    new = sqlite3.connect(target, uri=True, isolation_level=None)  # its own BEGIN, COMMIT
    try:
        new.execute("ATTACH DATABASE ? AS old", (f"{path.resolve().as_uri()}?mode=ro",))
        schema = new.execute(
            "SELECT type, name, tbl_name, sql FROM old.sqlite_master WHERE sql IS NOT NULL "
            "ORDER BY rowid"
        ).fetchall()
        fts = {name for kind, name, _t, sql in schema if "USING FTS5" in sql.upper()}
        shadow = {f"{f}_{end}" for f in fts for end in FTS_SHADOWS}
        tables = [
            (name, sql)
            for kind, name, _t, sql in schema
            if kind == "table" and name not in fts | shadow and not name.startswith("sqlite_")
        ]
        for pragma in ("user_version", "application_id"):
            (value,) = new.execute(f"PRAGMA old.{pragma}").fetchone()
            new.execute(f"PRAGMA main.{pragma} = {int(value)}")
        new.execute("BEGIN")
        for name, sql in tables:
            new.execute(sql)
            # LIMIT -1: no bulk copy of pages, which would read the old indexes too.
            copy = f"INSERT INTO main.{_quote(name)} SELECT * FROM old.{_quote(name)} LIMIT -1"
            new.execute(copy)
        if new.execute("SELECT 1 FROM old.sqlite_master WHERE name = 'sqlite_sequence'").fetchone():
            new.execute("DELETE FROM main.sqlite_sequence")
            new.execute("INSERT INTO main.sqlite_sequence SELECT * FROM old.sqlite_sequence")
        kept = {name for name, _sql in tables}
        for kind, _name, table, sql in schema:
            if kind == "index" and table in kept:
                new.execute(sql)
        for name in sorted(fts):
            new.execute(next(sql for _k, n, _t, sql in schema if n == name))
            new.execute(f"INSERT INTO {_quote(name)}({_quote(name)}) VALUES('rebuild')")
        for kind, _name, _table, sql in schema:
            if kind in ("view", "trigger"):
                new.execute(sql)
        new.execute("COMMIT")
        new.execute("DETACH DATABASE old")
        problems = [r[0] for r in new.execute("PRAGMA integrity_check").fetchall()]
        if problems != ["ok"] or search_faults(new):
            raise DatabaseDamaged("; ".join(problems[:5]))
        new.execute("PRAGMA journal_mode=WAL")
    except sqlite3.DatabaseError as exc:
        new.close()
        target.unlink(missing_ok=True)
        if is_damage(exc) or isinstance(exc, sqlite3.IntegrityError):
            raise DatabaseDamaged(str(exc)) from exc
        raise
    except BaseException:
        new.close()
        target.unlink(missing_ok=True)
        raise
    new.close()
    return target


def index_faults(conn: sqlite3.Connection) -> CheckResult:
    """Each index's entries summed up against its table's rows (how many, the rows they point
    to, the lengths of their keys), and the search index's documents against the residents:
    damage quick_check cannot see (an index that missed writes: lists that miss records, or
    show them out of place), for a fraction of the full check's time (that looks up each
    entry; this scans each index once, and each table once). Read-only."""
    problems: list[str] = []
    indexes: set[str] = set()
    shadow = derived(conn)
    tables = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND rootpage > 0 "
        "AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    for table, table_sql in tables:
        if table in shadow or "WITHOUT ROWID" in (table_sql or "").upper():
            continue
        sums: dict[str, tuple[str, str]] = {}  # index → (what is summed, which rows)
        for index in conn.execute(f"PRAGMA index_list({_quote(table)})").fetchall():
            name, partial = index[1], index[4]
            columns = [
                _quote(c[2])
                for c in conn.execute(f"PRAGMA index_info({_quote(name)})").fetchall()
                if c[2] is not None  # an expression: its entries are counted only
            ]
            where = "1"
            if partial:
                (sql,) = conn.execute(
                    "SELECT sql FROM sqlite_master WHERE name = ?", (name,)
                ).fetchone()
                where = sql[sql.upper().rindex(" WHERE ") + 7 :]
            summed = ", ".join(["1", "rowid", *(f"length({c})" for c in columns)])
            sums[name] = (summed, where)
        if not sums:
            continue
        # One scan of the table for all its indexes: each one's sums over the rows it holds.
        parts = [
            f"total(CASE WHEN {where} THEN {term} END)"
            for summed, where in sums.values()
            for term in summed.split(", ")
        ]
        row = conn.execute(f"SELECT {', '.join(parts)} FROM {_quote(table)} NOT INDEXED").fetchone()
        expected = iter(tuple(row))
        for name, (summed, where) in sums.items():
            terms = summed.split(", ")
            want = tuple(next(expected) for _ in terms)
            got = conn.execute(
                f"SELECT {', '.join(f'total({t})' for t in terms)} "
                f"FROM {_quote(table)} INDEXED BY {_quote(name)} WHERE {where}"
            ).fetchone()
            if tuple(got) != want:
                problems.append(f"wrong # of entries in index {name}")
                indexes.add(name)
    for fts in search_indexes(conn):
        (content,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (fts,)).fetchone()
        table = re.search(r"content\s*=\s*'([^']+)'", content)
        if table is None:
            continue
        (documents,) = conn.execute(f"SELECT count(*) FROM {_quote(fts + '_docsize')}").fetchone()
        (rows_,) = conn.execute(f"SELECT count(*) FROM {_quote(table.group(1))}").fetchone()
        if documents != rows_:
            problems.append(f"wrong # of documents in search index {fts}")
            indexes.add(fts)
    return CheckResult(problems=tuple(problems), indexes=frozenset(indexes))


def read_backup(path: Path) -> Counts:
    """What a backup holds, read-only; DatabaseDamaged if it fails quick_check or cannot be
    read as ours; FileNotFoundError if it is gone (another process rotated it out). (Backups
    are self-contained files: no WAL to replay.)"""
    if not path.exists():
        raise FileNotFoundError(errno.ENOENT, "backup gone", str(path))
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
