"""The Store: one writer thread owns the write connection; reads run on a reader thread.

Callers get `concurrent.futures.Future`s and never wait on disk themselves; the GUI turns the
futures into callbacks on its own thread (desktop/ui/tasks.py).
"""

from __future__ import annotations

import importlib
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, InvalidStateError, ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from desktop.failures import Failure, classify
from desktop.paths import secure_file
from desktop.store.db import (
    DatabaseDamaged,
    DataFileMissing,
    Db,
    NewerData,
    ReadOnlyProfile,
    check_health,
    connect,
    is_damage,
)

if TYPE_CHECKING:
    from datetime import timedelta

    from desktop.store.health import CheckResult

log = logging.getLogger(__name__)
T = TypeVar("T")
FULL_BELOW = 1024 * 1024  # bytes free under which a disk I/O error is a full disk
BACKUP_RETRY_S = 600  # a daily backup that failed (full disk) is tried again this much later
# The daily backup waits this long after the first screen (or the open, without a screen):
# the leader's first look and first clicks come before a copy of the whole file.
BACKUP_AFTER_S = 5.0


class RepairUnderWay(Exception):
    """A save during the few seconds a repaired index is checked again."""

    failure = Failure.REPAIRING


@dataclass(frozen=True, slots=True)
class Changed:
    """A committed write that changed rows. `origin` says who wrote: "local" for the
    screens' own saves, "sync" for records that arrived from the central service."""

    origin: str


class Store:
    def __init__(
        self,
        path: Path,
        backups: Path,
        *,
        start_empty: bool = False,
        mend: bool = False,
        wait_for_screen: float = 0.0,
    ) -> None:
        """`start_empty`: the user chose a new, empty file although backups exist (a missing
        or emptied data file otherwise fails with DataFileMissing). `mend`: a read or a check
        met damage in the file: find it (the full check) and rebuild what is derived from the
        tables before anything is read. `wait_for_screen`: at most this many seconds, the
        file's check at opening waits for first_screen_shown() (a cold disk serves the first
        screen's reads first; writes wait for the check either way)."""
        self.path = path
        self.backups = backups
        self.start_empty = start_empty
        self.mend = mend
        # The damage was looked for (at this start, or asked for by `mend`): what is left is a
        # backup's to undo. `mended`: the indexes and search indexes rebuilt, nothing lost.
        self.mend_tried = False
        self.mended: frozenset[str] = frozenset()
        self.mended_search = False  # what was rebuilt was the search index alone
        # The data folder cannot be written to: reads only, every write fails as READ_ONLY.
        self.read_only = False
        self.wait_for_screen = wait_for_screen
        self._screen = threading.Event()
        # The day's backup: its path, None when none was due (or the file cannot be
        # written), or why it failed (a full disk), reported once.
        self.daily_backup: Future[Path | None] = Future()
        self._backup_retry_at = 0.0
        self._daily_begun = False
        self._immutable = False
        self._reader_generation = 0
        self._writer_failed: BaseException | None = None
        self._damage_listeners: list[Callable[[BaseException], None]] = []
        self._db: Db | None = None
        self._local = threading.local()
        self._writer = ThreadPoolExecutor(1, thread_name_prefix="db-writer")
        self._reader = ThreadPoolExecutor(1, thread_name_prefix="db-reader")
        self._aside: ThreadPoolExecutor | None = None  # read_aside(), made when first asked
        self._closed = False
        self._stopping = threading.Event()
        self._listeners: list[Callable[[Changed], None]] = []
        self._readable: Future[None] = Future()
        self._opened: Future[None] = self._writer.submit(self._open)
        # The reader's first job: load the queries while the caller is busy starting up.
        self._reader.submit(importlib.import_module, "desktop.store.queries")

    @property
    def opened(self) -> Future[None]:
        """Done when the file is checked, backed up and migrated; fails with DatabaseDamaged."""
        return self._opened

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def readable(self) -> Future[None]:
        """Done as soon as reads may start: a current schema, even while the full check runs."""
        return self._readable

    def _open(self) -> None:
        try:
            self._open_checked()
        except BaseException as exc:
            if not self._readable.done():
                self._readable.set_exception(exc)
            settle(self.daily_backup, None)
            raise
        if not self._readable.done():
            self._readable.set_result(None)
        if not self._daily_begun:
            settle(self.daily_backup, None)

    def first_screen_shown(self) -> None:
        """The first screen has what it read on screen: the file's check may begin (and,
        a little later, the day's backup)."""
        self._screen.set()

    def _open_checked(self) -> None:
        from desktop.store import backup
        from desktop.store.schema import MIGRATIONS

        backup.clean_partials(self.backups)
        fresh = _empty(self.path)
        if fresh and not self.start_empty and backup.list_backups(self.backups):
            raise DataFileMissing("missing" if not self.path.exists() else "empty")
        if fresh and not _writable(self.path.parent if self.path.exists() else _folder(self.path)):
            raise ReadOnlyProfile("no data file yet, and the folder cannot be written to")
        if fresh and any(
            self.path.with_name(self.path.name + end).exists() for end in ("", "-wal", "-shm")
        ):
            backup.set_aside(self.path, "empty")  # kept, in case it mattered to someone
        if not fresh:
            # A current schema can be read at once: on a large ward quick_check takes ~0.4 s,
            # and the screens need not wait for it. Writes do.
            try:
                probe = self._probe()
                try:
                    applied = _applied(probe)
                finally:
                    probe.close()
                current = set(MIGRATIONS) <= applied
            except sqlite3.DatabaseError as exc:
                if classify(exc) is Failure.READ_ONLY or classify(exc) is Failure.IO_ERROR:
                    raise
                raise DatabaseDamaged(str(exc)) from exc
            # Steps this app does not know: a newer version wrote the file (the leader went
            # back to an older installer). Neither read nor written: its meaning has changed.
            unknown = sorted(applied - set(MIGRATIONS))
            if unknown:
                raise NewerData(", ".join(unknown))
            # Known before the screens show (the title says it), not only after the check.
            self.read_only = not _writable(self.path)
            if current and not self.mend:
                self._readable.set_result(None)
        if self._readable.done() and self.wait_for_screen:
            # Before any write, still: only the first screen's reads run meanwhile, and a
            # read that meets damage stops the start as the check would.
            self._screen.wait(self.wait_for_screen)
        try:
            check_health(self.path, immutable=self._immutable)  # read-only: nothing written
        except DatabaseDamaged as exc:
            if fresh or self._immutable or not _writable(self.path):
                raise
            self._mend(exc)  # damage in an index is rebuilt; in a table, raised
        else:
            if self.mend and not fresh and not self._immutable and _writable(self.path):
                self._mend(None)
        if not fresh and not _writable(self.path):
            self.read_only = True
            log.warning("data folder is read-only: opened for reading")
            if not self._readable.done():
                raise ReadOnlyProfile("the data file needs updating and cannot be written")
            return
        try:
            self._open_writer(fresh)
        except (OSError, sqlite3.Error) as exc:
            # A full disk at start (the WAL's files cannot be made): the screens can still
            # read, and the next save tries again, so that freeing space is enough.
            if fresh or not self._readable.done() or classify(exc) is None:
                raise
            failed = _as_disk_full(exc, self.path.parent)
            log.warning(
                "data file opened for reading until it can be written: %s", classify(failed)
            )
            self._writer_failed = failed
            return
        if not fresh and backup.daily_due(self.backups):
            self._begin_daily_backup(BACKUP_AFTER_S if self.wait_for_screen else 0.0)

    def _mend(self, damage: DatabaseDamaged | None) -> None:
        """Find where the damage is (`damage`: what quick_check said at this start; None: the
        full check looks, asked for after a read met damage). An index or a search index is
        rebuilt from its table, in place or, when its own pages stop that, into a new file
        that takes the old one's place (kept aside). Damage in a table is raised as it is."""
        from desktop.store import backup, health

        self.mend_tried = True
        full = damage is None
        try:
            # Read-only until the damage is known to be outside the tables: a file whose
            # tables are damaged is never written (the backup offer keeps it as it is).
            looking = connect(self.path, readonly=True)
            try:
                names = health.locate(looking, full=full)
            finally:
                looking.close()
            conn = connect(self.path) if names is not None else None
        except sqlite3.DatabaseError as exc:
            # Looking into a file known damaged: whatever it raises is that damage (dbstat
            # reports a damaged table's page as SQLITE_FULL, which read as a full disk).
            if damage is not None:
                raise damage from exc
            raise
        if conn is not None and full:
            try:
                names = frozenset(names or ()) | health.search_faults(conn)
            except BaseException:
                conn.close()
                raise
        if conn is None or (not names and damage is not None):
            log.error("damage in the tables: only a backup can undo it")
            if conn is not None:
                conn.close()
            raise damage or health.FaultFound(health.CheckResult(problems=("damage in tables",)))
        assert names is not None
        try:
            if not names:
                return  # the full check finds nothing: what the read met has passed
            log.error("damage in %s: rebuilding from the tables", ", ".join(sorted(names)))
            search = names <= health.search_indexes(conn)
            try:
                health.rebuild_in_place(conn, names)
                whole = health.locate(conn, full=full) == frozenset()
                whole = whole and not health.search_faults(conn)
            except sqlite3.DatabaseError as exc:
                if not (is_damage(exc) or isinstance(exc, sqlite3.IntegrityError)):
                    raise
                whole = False
        finally:
            conn.close()
        if not whole:
            try:
                rebuilt = health.rebuild_file(self.path)
            except DatabaseDamaged as exc:
                log.error("rebuilding the file failed: %s", exc)
                raise damage or health.FaultFound(health.CheckResult(problems=(str(exc),))) from exc
            with self._readers_paused():
                aside = backup.set_aside(self.path, "damaged")
                rebuilt.replace(self.path)
            log.info("data file rebuilt from its tables; the damaged one is %s", aside.name)
        self.mended, self.mended_search = names, search

    @contextmanager
    def _readers_paused(self) -> Iterator[None]:
        """The reader's connection closed, and no read begun, while the file is swapped
        (Windows refuses to move an open file). Reads resume on the new file."""
        if not self._readable.done():
            yield  # no read has begun
            return
        resume = threading.Event()

        def pause(closed: threading.Event) -> None:
            conn = getattr(self._local, "conn", None)
            if conn is not None:
                conn.close()
                self._local.conn = None
            closed.set()
            resume.wait()

        readers = [self._reader, *([self._aside] if self._aside is not None else [])]
        paused = []
        for reader in readers:
            closed = threading.Event()
            paused.append(closed)
            reader.submit(pause, closed)
        for closed in paused:
            closed.wait()
        try:
            yield
        finally:
            resume.set()

    def _open_writer(self, fresh: bool) -> None:
        from desktop.store.schema import MIGRATIONS

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = connect(self.path)
        except (OSError, sqlite3.Error) as exc:
            if classify(exc) is Failure.READ_ONLY:
                raise ReadOnlyProfile(str(exc)) from exc
            raise
        try:
            secure_file(self.path)
            if fresh:
                from desktop.store import fresh as new_file

                new_file.create(conn)
            elif not set(MIGRATIONS) <= _applied(conn):
                self._migrate(conn, fresh)
            try:
                conn.execute("PRAGMA optimize=0x10002")
            except sqlite3.OperationalError as exc:  # a full disk: statistics can wait
                log.warning("optimize skipped: %s", classify(exc))
        except BaseException:
            conn.close()
            raise
        self._db = Db(conn)
        self._writer_failed = None
        if self._immutable:  # readers may now see writes: reconnect them normally
            self._immutable = False
            self._reader_generation += 1

    def _writer_again(self) -> None:
        """The writer could not open at start (a full disk): try again for this save."""
        try:
            self._open_writer(fresh=False)
        except (OSError, sqlite3.Error) as exc:
            if classify(exc) is None:
                raise
            raise _as_disk_full(exc, self.path.parent) from exc
        log.info("data file writable again")
        from desktop.store import backup

        if backup.daily_due(self.backups):
            self._begin_daily_backup(0.0)  # the day's, now that it can be written

    def _probe(self) -> sqlite3.Connection:
        """A read-only connection for the first look; in a folder SQLite cannot write its WAL
        index to, an immutable one (nobody else can write there either)."""
        try:
            conn = connect(self.path, readonly=True, immutable=self._immutable)
            try:
                conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
            except BaseException:
                conn.close()  # a damaged file's: not left open until the collector finds it
                raise
            return conn
        except sqlite3.OperationalError as exc:
            if self._immutable or classify(exc) not in (Failure.READ_ONLY, Failure.IO_ERROR):
                raise
            self._immutable = True
            return self._probe()

    def _begin_daily_backup(self, after: float) -> None:
        """The day's backup on the background thread (desktop/store/background.py), from a
        connection of its own: a save meanwhile is not held up by a copy of the whole file.
        `after`: seconds to wait, from the first screen (or the open)."""
        try:
            pool = self._check_pool()
        except RuntimeError:  # closed meanwhile
            return
        self._daily_begun = True
        future = pool.submit(self._daily_backup, after)
        future.add_done_callback(lambda f: _settle_from(self.daily_backup, f))

    def _daily_backup(self, after: float) -> Path | None:
        """A full disk or a removed backup drive must not stop the day's work: the failure is
        reported once (daily_backup), and the backup tried again after later saves."""
        from desktop.store import backup

        if self.wait_for_screen:
            self._screen.wait(self.wait_for_screen)
        if after and self._stopping.wait(after):
            return None  # closing: the next start makes it
        if self._closed or self._fault is not None or self.read_only:
            return None  # a copy of a known fault would rotate out good backups
        try:
            source = connect(self.path, readonly=True, immutable=self._immutable)
            assert self._checking is not None
            self._checking.append(source)
            try:
                made = backup.make_backup(source, self.backups, "daily")
            finally:
                self._checking.remove(source)
                source.close()
            self._backup_retry_at = 0.0
            return made
        except (OSError, sqlite3.Error) as exc:
            if classify(exc) is None:
                raise
            log.warning("daily backup failed: %s", classify(exc))
            first = not self._backup_retry_at
            self._backup_retry_at = time.monotonic() + BACKUP_RETRY_S
            if first:
                raise
            return None

    @property
    def writer_failed(self) -> BaseException | None:
        """Why saving is paused since the start (a full disk), until a save succeeds."""
        return self._writer_failed

    def on_damage(self, listener: Callable[[BaseException], None]) -> None:
        """Call `listener` (on a store thread) when a read or write meets a damaged file."""
        self._damage_listeners.append(listener)

    def _damaged(self, exc: BaseException) -> DatabaseDamaged:
        damaged = exc if isinstance(exc, DatabaseDamaged) else DatabaseDamaged(str(exc))
        for listener in self._damage_listeners:
            try:
                listener(damaged)
            except Exception:
                log.exception("damage listener failed")
        return damaged

    def _migrate(self, conn: sqlite3.Connection, fresh: bool) -> None:
        from sqlite_utils import Database  # heavy: imported only when there is work

        from desktop.store import backup
        from desktop.store.migrations import migrations

        db = Database(conn)
        if not fresh and migrations.pending(db):
            backup.make_backup(conn, self.backups, "premigration")
        # sqlite-utils creates the migrations table and its unique index in two autocommit
        # statements: do it in one transaction, and repair a file killed between the two.
        with db.atomic():
            migrations.ensure_migrations_table(db)
            db.table(migrations.migrations_table).create_index(
                ["migration_set", "name"], unique=True, if_not_exists=True
            )
        migrations.apply(db)

    def subscribe(self, listener: Callable[[Changed], None]) -> None:
        """Call `listener` (on the writer thread) after each write that changed rows, so that
        what is open on screen can refresh, whoever wrote."""
        self._listeners.append(listener)

    def write(
        self,
        fn: Callable[..., T],
        *args: Any,
        origin: str = "local",
        foreign_keys: bool = True,
    ) -> Future[T]:
        """Run `fn(db, *args)` in one IMMEDIATE transaction on the writer thread.

        `foreign_keys=False` for records pulled from the server: a page may hold an
        attendance before the resident it names, which the next page brings."""
        return self._writer.submit(self._run_write, fn, args, origin, foreign_keys)

    def _run_write(
        self, fn: Callable[..., T], args: tuple[Any, ...], origin: str, foreign_keys: bool
    ) -> T:
        self._opened.result()
        if self.read_only:
            raise ReadOnlyProfile("opened for reading only")
        if (fault := self._fault) is not None:
            self._over_fault(fault)  # nothing is written over a known fault
        if self._db is None and self._writer_failed is not None:
            self._writer_again()
        assert self._db is not None
        conn = self._db.conn
        before = conn.total_changes
        if not foreign_keys:
            conn.execute("PRAGMA foreign_keys=OFF")  # only takes effect outside a transaction
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                result = fn(self._db, *args)
                conn.execute("COMMIT")
            except BaseException as exc:
                # A failed COMMIT (disk full, I/O error) can leave the transaction open: end
                # it, or every later save would fail too.
                if conn.in_transaction:
                    conn.rollback()
                if is_damage(exc):
                    raise self._damaged(exc) from exc
                raise
        finally:
            if not foreign_keys:
                conn.execute("PRAGMA foreign_keys=ON")
        if self._backup_retry_at and time.monotonic() >= self._backup_retry_at:
            self._backup_retry_at = time.monotonic() + BACKUP_RETRY_S  # one attempt at a time
            self._begin_daily_backup(0.0)
        if conn.total_changes != before:
            for listener in self._listeners:
                try:
                    listener(Changed(origin))
                except Exception:
                    log.exception("change listener failed")
        return result

    def read(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        """Run `fn(conn, *args)` on the reader thread's own connection."""
        return self._reader.submit(self._run_read, fn, args)

    def read_aside(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        """As read(), on a second reader thread: for summaries that take a while on a large
        ward (the figures of a whole year beside this month's), so that the screens' own
        reads never queue behind them."""
        with self._checker_lock:
            if self._closed:
                raise RuntimeError("the store is closed")
            if self._aside is None:
                self._aside = ThreadPoolExecutor(1, thread_name_prefix="db-reader-aside")
        return self._aside.submit(self._run_read, fn, args)

    def _run_read(self, fn: Callable[..., T], args: tuple[Any, ...]) -> T:
        self._readable.result()
        if self._opened.done() and (failure := self._opened.exception()) is not None:
            raise failure  # the full check found damage: stop reading it too
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None and self._local.generation != self._reader_generation:
            conn.close()
            conn = None
        if conn is None:
            conn = self._local.conn = connect(self.path, readonly=True, immutable=self._immutable)
            self._local.generation = self._reader_generation
        try:
            return fn(conn, *args)
        except sqlite3.DatabaseError as exc:
            if is_damage(exc):  # a read met a damaged page before (or after) the check
                raise self._damaged(exc) from exc
            raise

    def backup_now(self, reason: str = "manual") -> Future[Path]:
        from desktop.store import backup

        def run() -> Path:
            self._opened.result()
            if self.read_only:
                raise ReadOnlyProfile("opened for reading only")
            if (fault := self._fault) is not None:
                self._over_fault(fault)  # a copy of the damage would rotate out good backups
            if self._db is None and self._writer_failed is not None:
                self._writer_again()
            assert self._db is not None
            return backup.make_backup(self._db.conn, self.backups, reason)

        return self._writer.submit(run)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._screen.set()
        self._stopping.set()
        self._stop_checks()

        def close_reader() -> None:
            conn = getattr(self._local, "conn", None)
            if conn is not None:
                conn.close()

        with self._checker_lock:
            aside, self._aside = self._aside, None
        for reader in (self._reader, *([aside] if aside is not None else [])):
            reader.submit(close_reader)
            reader.shutdown(wait=True)

        def close_writer() -> None:
            if self._db is not None:
                self._db.conn.execute("PRAGMA optimize")
                try:
                    from desktop.store.health import checkpoint_wal

                    # The data file whole on its own, even while another connection (another
                    # process, a backup being read) keeps SQLite from doing it at close.
                    checkpoint_wal(self._db.conn)
                except sqlite3.Error as exc:  # the WAL keeps it all: nothing is lost
                    log.warning("checkpoint at close skipped: %s", classify(exc))
                self._db.conn.close()
                self._db = None

        self._writer.submit(close_writer)
        self._writer.shutdown(wait=True)

    # --- the full check, its repairs, WAL checkpoints (desktop/store/health.py) -----------------
    # Class-level defaults: nothing of this is needed on the start-up path.
    _repair_failed = False  # REINDEX could not mend it: only a backup can
    _repairing = False  # REINDEX done, the full check confirming it: saves wait
    _fault: CheckResult | None = None  # what the full check found, until repaired: no writes
    _checker: ThreadPoolExecutor | None = None
    _checking: list[sqlite3.Connection] | None = None  # a running check's, to interrupt
    _checker_lock = threading.Lock()

    @property
    def fault(self) -> CheckResult | None:
        return self._fault

    def full_check(self, *, repair: bool = True) -> Future[CheckResult]:
        """PRAGMA integrity_check on a thread and a read-only connection of its own (a large
        ward takes seconds: the lists' reads must not wait behind it). A fault stops writes
        at once; damaged indexes are rebuilt (`repair`) and the file checked again. Damage
        that stays goes to the damage listeners: the backup offer."""
        return self._check_pool().submit(self._check, repair)

    def check_if_due(self, max_age: timedelta) -> Future[CheckResult | None]:
        """The full check if the last one that passed is older than `max_age`, else None."""

        def run() -> CheckResult | None:
            from datetime import UTC, datetime

            from desktop.store import health

            last = health.last_full_check(self.path)
            if last is not None and datetime.now(UTC) - last < max_age:
                return None
            return self._check(True)

        return self._check_pool().submit(run)

    def check_indexes(self) -> Future[CheckResult]:
        """Each index counted against its table (health.index_faults), on the check's thread,
        soon after the first screen: damage quick_check cannot see, found at this start and
        not at the week's full check. An index found short is rebuilt, then the full check
        confirms it (as full_check does)."""

        def run() -> CheckResult:
            from desktop.store import health

            self._opened.result()
            if self._closed:
                raise RuntimeError("the store is closed")
            conn = connect(self.path, readonly=True, immutable=self._immutable)
            assert self._checking is not None
            self._checking.append(conn)
            try:
                found = health.index_faults(conn)
            finally:
                self._checking.remove(conn)
                conn.close()
            if found.ok or self._db is None:  # nothing wrong; or nothing can be written
                return found
            log.error("index check found damage: %s", found.summary())
            self._fault = found
            return self._repair()

        return self._check_pool().submit(run)

    def repair(self) -> Future[CheckResult]:
        """Rebuild the indexes the last check found damaged, then check again."""
        return self._check_pool().submit(self._repair)

    def checkpoint(self) -> Future[bool]:
        """Copy the WAL into the data file and empty it, on the writer (no write is half
        done); waits only a moment for readers. True when the WAL was emptied."""
        from desktop.store.health import checkpoint_wal

        def run() -> bool:
            self._opened.result()
            if self._db is None:  # opened for reading only
                return False
            return checkpoint_wal(self._db.conn)

        return self._writer.submit(run)

    def _check_pool(self) -> ThreadPoolExecutor:
        with self._checker_lock:
            if self._closed:
                raise RuntimeError("the store is closed")
            if self._checker is None:
                from desktop.store.background import lower_this_thread

                self._checking = []
                # The scheduled checks and the daily backup: never in the leader's way.
                self._checker = ThreadPoolExecutor(
                    1, thread_name_prefix="db-check", initializer=lower_this_thread
                )
            return self._checker

    def _stop_checks(self) -> None:
        """Closing: a check under way is interrupted, not waited for (seconds on a large
        ward), and its connection closed before the file may be moved (a restore)."""
        with self._checker_lock:
            checker, self._checker = self._checker, None
        if checker is None:
            return
        for conn in list(self._checking or ()):
            conn.interrupt()
        checker.shutdown(wait=True)

    def _check(self, repair: bool) -> CheckResult:
        from desktop.store import health

        self._opened.result()  # a file that did not open is the recovery's already
        if self._closed:
            raise RuntimeError("the store is closed")
        assert self._checking is not None
        result = health.full_check(self.path, self._checking, immutable=self._immutable)
        if result.ok:
            self._fault = None
            self._repair_failed = False
            health.note_full_check(self.path)
            return result
        log.error("full check found damage: %s", result.summary())
        self._fault = result
        if repair and result.repairable:
            return self._repair()
        if not result.repairable:
            self._damaged(health.FaultFound(result))
        return result

    def _over_fault(self, fault: CheckResult) -> None:
        """A write meets a fault the full check found: a damaged index is rebuilt first (here,
        on the writer), a repair under way asks to wait, anything else is the backup offer."""
        from desktop.store import health
        from desktop.store.health import FaultFound

        if not fault.repairable or self._repair_failed:
            raise self._damaged(FaultFound(fault))
        if self._repairing:
            raise RepairUnderWay("the full check is confirming a repair")
        if self._db is None:
            raise ReadOnlyProfile("opened for reading only")
        conn = self._db.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            health.reindex(conn, fault.indexes)
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                conn.rollback()
            if isinstance(exc, sqlite3.IntegrityError) or is_damage(exc):
                self._repair_failed = True  # the table is at fault: the backup offer
                raise self._damaged(FaultFound(fault)) from exc
            raise  # a full disk fails this save, calmly; the next one tries again
        self._fault = None
        log.info("rebuilt %s before a save", ", ".join(sorted(fault.indexes)))

    def _repair(self) -> CheckResult:
        from dataclasses import replace

        from desktop.store import health

        fault = self._fault
        if fault is None or not fault.repairable:
            raise ValueError("no damaged index is known")
        # The check's thread waits for the writer, never the other way round.
        self._repairing = True
        try:
            self._writer.submit(self._reindex, fault.indexes).result()
        except BaseException:
            self._repairing = False  # the next save tries the rebuild itself
            raise
        if self._closed:
            raise RuntimeError("the store is closed")
        assert self._checking is not None
        try:
            again = health.full_check(self.path, self._checking, immutable=self._immutable)
        finally:
            self._repairing = False
        if again.ok:
            log.info("rebuilt %s; the full check passes", ", ".join(sorted(fault.indexes)))
            self._fault = None
            health.note_full_check(self.path)
            return replace(again, repaired=fault.indexes)
        log.error("damage left after rebuilding indexes: %s", again.summary())
        self._fault = again
        self._repair_failed = True
        self._damaged(health.FaultFound(again))
        return again

    def _reindex(self, indexes: frozenset[str]) -> None:
        """On the writer, past the refusal of writes: the one write a known fault allows."""
        from desktop.store import health

        self._opened.result()
        if self._db is None:
            raise ReadOnlyProfile("opened for reading only")
        conn = self._db.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            health.reindex(conn, indexes)
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                conn.rollback()
            # Rows a UNIQUE index refuses, or a damaged page: the table is at fault, and the
            # check that follows says so. A full disk and the like are the caller's to hear.
            if not (isinstance(exc, sqlite3.IntegrityError) or is_damage(exc)):
                raise
            log.error("rebuilding indexes failed: %s", exc)


def _empty(path: Path) -> bool:
    """No data yet: no file, or a file of 0 bytes with no WAL beside it."""
    if not path.exists():
        return True
    wal = path.with_name(path.name + "-wal")
    return path.stat().st_size == 0 and (not wal.exists() or wal.stat().st_size == 0)


def _as_disk_full(exc: BaseException, folder: Path) -> BaseException:
    """SQLite says "disk I/O error" when it cannot grow its WAL index on a full disk: say
    "disk full" when the disk is (nearly) full, so the user is told what to do."""
    import errno
    import shutil

    if classify(exc) is Failure.IO_ERROR:
        try:
            full = shutil.disk_usage(folder).free < FULL_BELOW
        except OSError:
            full = False
        if full:
            return OSError(errno.ENOSPC, "No space left on device")
    return exc


def _folder(path: Path) -> Path:
    """The nearest folder of `path` that exists (the data folder may not, yet)."""
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def _writable(path: Path) -> bool:
    """The file and its folder (where the WAL and its index go) can be written to."""
    import os

    if path.is_dir():
        return os.access(path, os.W_OK)
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _applied(conn: sqlite3.Connection) -> set[str]:
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
    ).fetchone()
    if not exists:
        return set()
    return {
        r[0]
        for r in conn.execute("SELECT name FROM _sqlite_migrations WHERE migration_set = 'sotay'")
    }


def settle[V](future: Future[V], value: V) -> None:
    """Set a one-shot future's result; later settlers (other threads) are ignored."""
    with suppress(InvalidStateError):
        future.set_result(value)


def _settle_from[V](future: Future[V], done: Future[V]) -> None:
    """Settle `future` as `done` was; later settlers are ignored."""
    with suppress(InvalidStateError):
        if (exc := done.exception()) is not None:
            future.set_exception(exc)
        else:
            future.set_result(done.result())
