"""The Store: one writer thread owns the write connection; reads run on a reader thread.

Callers get `concurrent.futures.Future`s and never wait on disk themselves; the GUI turns the
futures into callbacks on its own thread (desktop/ui/tasks.py).
"""

from __future__ import annotations

import importlib
import logging
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from desktop.store.db import DatabaseDamaged, Db, check_health, connect

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Changed:
    """A committed write that changed rows. `origin` says who wrote: "local" for the
    screens' own saves, "sync" for records that arrived from the central service."""

    origin: str


class Store:
    def __init__(self, path: Path, backups: Path) -> None:
        self.path = path
        self.backups = backups
        self._db: Db | None = None
        self._local = threading.local()
        self._writer = ThreadPoolExecutor(1, thread_name_prefix="db-writer")
        self._reader = ThreadPoolExecutor(1, thread_name_prefix="db-reader")
        self._closed = False
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
            raise
        if not self._readable.done():
            self._readable.set_result(None)

    def _open_checked(self) -> None:
        from desktop.store import backup
        from desktop.store.schema import MIGRATIONS

        fresh = not self.path.exists()
        if not fresh:
            # A current schema can be read at once: on a large ward quick_check takes ~0.4 s,
            # and the screens need not wait for it. Writes do.
            try:
                probe = connect(self.path, readonly=True)
                try:
                    current = set(MIGRATIONS) <= _applied(probe)
                finally:
                    probe.close()
            except sqlite3.DatabaseError as exc:
                raise DatabaseDamaged(str(exc)) from exc
            if current:
                self._readable.set_result(None)
        check_health(self.path)  # read-only: a damaged file is never written to
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = connect(self.path)
        if fresh or not set(MIGRATIONS) <= _applied(conn):
            self._migrate(conn, fresh)
        conn.execute("PRAGMA optimize=0x10002")
        self._db = Db(conn)
        if not fresh and backup.daily_due(self.backups):
            backup.make_backup(conn, self.backups, "daily")

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
            db[migrations.migrations_table].create_index(
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
            except BaseException:
                # A failed COMMIT (disk full, I/O error) can leave the transaction open: end
                # it, or every later save would fail too.
                if conn.in_transaction:
                    conn.rollback()
                raise
        finally:
            if not foreign_keys:
                conn.execute("PRAGMA foreign_keys=ON")
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

    def _run_read(self, fn: Callable[..., T], args: tuple[Any, ...]) -> T:
        self._readable.result()
        if self._opened.done() and (failure := self._opened.exception()) is not None:
            raise failure  # the full check found damage: stop reading it too
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = connect(self.path, readonly=True)
        return fn(conn, *args)

    def backup_now(self, reason: str = "manual") -> Future[Path]:
        from desktop.store import backup

        def run() -> Path:
            self._opened.result()
            assert self._db is not None
            return backup.make_backup(self._db.conn, self.backups, reason)

        return self._writer.submit(run)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True

        def close_reader() -> None:
            conn = getattr(self._local, "conn", None)
            if conn is not None:
                conn.close()

        self._reader.submit(close_reader)
        self._reader.shutdown(wait=True)

        def close_writer() -> None:
            if self._db is not None:
                self._db.conn.execute("PRAGMA optimize")
                self._db.conn.close()
                self._db = None

        self._writer.submit(close_writer)
        self._writer.shutdown(wait=True)


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
