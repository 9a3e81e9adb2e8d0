"""The database: an engine with the settings each kind needs, and migrations at start."""

from __future__ import annotations

import logging
import secrets
import sqlite3
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.pool import ConnectionPoolEntry

from central import tables
from central.config import Config

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def make_engine(config: Config, *, reader: bool = False) -> Engine:
    """The writers' engine, or with `reader` one for reads only (on SQLite its transactions
    stay deferred, so reads never queue behind a batch being written)."""
    if config.is_sqlite:
        config.data_dir.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            config.database_url,
            hide_parameters=True,  # a failed statement's log line must not hold a resident
            connect_args={"timeout": 30, "check_same_thread": False},
            pool_size=8,
            max_overflow=16,
        )

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
            # The driver's own BEGIN is deferred; ours is IMMEDIATE (below), so two writers
            # queue on the busy timeout instead of failing on a lock upgrade.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")  # a receipt is sent only after fsync
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            if reader:
                cur.execute("PRAGMA query_only=ON")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn: Connection) -> None:
            conn.exec_driver_sql("BEGIN" if reader else "BEGIN IMMEDIATE")

        return engine
    return create_engine(
        config.database_url,
        pool_size=10,
        max_overflow=20,
        pool_pre_ping=True,
        hide_parameters=True,  # a failed statement's log line must not hold a resident
    )


class WriterQueue:
    """This process's writers, one at a time in arrival order (SQLite admits one writer).

    Left to SQLite's busy handler, waiting writers poll the lock with sleeps of up to 100 ms
    and late comers barge in: with 50 laptops pushing at once, the p95 answer took 4.1 s
    against a median of 0.7 s (1.4 s and 1.3 s queued here). Other processes (the admin
    command line) still meet the busy timeout."""

    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._waiting: deque[threading.Lock] = deque()
        self._held = False

    @contextmanager
    def turn(self) -> Iterator[None]:
        with self._mutex:
            if self._held:
                baton = threading.Lock()
                baton.acquire()
                self._waiting.append(baton)
            else:
                self._held, baton = True, None
        if baton is not None:
            baton.acquire()  # released by the writer ahead, which hands over its turn
        try:
            yield
        finally:
            with self._mutex:
                if self._waiting:
                    self._waiting.popleft().release()
                else:
                    self._held = False


@contextmanager
def writing(engine: Engine, queue: WriterQueue | None) -> Iterator[Connection]:
    """A write transaction, queued first on SQLite."""
    if queue is None:
        with engine.begin() as conn:
            yield conn
        return
    with queue.turn(), engine.begin() as conn:
        yield conn


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (Alembic), then make sure the server has an id."""
    from alembic import command
    from alembic.config import Config as AlembicConfig

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    with engine.begin() as conn:
        if conn.scalar(select(tables.server.c.value).where(tables.server.c.key == "id")) is None:
            conn.execute(insert(tables.server).values(key="id", value=secrets.token_hex(8)))


def server_id(engine: Engine) -> str:
    with engine.connect() as conn:
        value = conn.scalar(select(tables.server.c.value).where(tables.server.c.key == "id"))
    if value is None:
        raise RuntimeError("database not migrated")
    return value


def open_replica(config: Config) -> Engine | None:
    """The dashboard's read replica, when one is configured (PostgreSQL only)."""
    if not config.read_database_url or config.is_sqlite:
        return None
    return create_engine(
        config.read_database_url,
        pool_size=10,
        max_overflow=20,
        pool_pre_ping=True,
        hide_parameters=True,
        connect_args={"application_name": "sotay-dashboard"},
    )


def open_database(config: Config) -> tuple[Engine, Engine]:
    """(writer, reader) engines on a migrated database; the same engine twice on PostgreSQL."""
    engine = make_engine(config)
    migrate(engine)
    return engine, (make_engine(config, reader=True) if config.is_sqlite else engine)
