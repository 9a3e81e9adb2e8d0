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
from typing import TYPE_CHECKING, NamedTuple

from sqlalchemy import Engine, create_engine, event, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.pool import ConnectionPoolEntry

from central import tables
from central.config import Config

if TYPE_CHECKING:
    from alembic.config import Config as AlembicConfig

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class Engines(NamedTuple):
    """The service's engines, named here once by what each is for; create_app, the routes'
    dependencies (central/deps.py) and the command line use these names.

    `writer`: every write goes through it (on SQLite one at a time, WriterQueue below).
    `current`: reads that must see the latest commit (a device's token, a session, a team just
    added, the record a push is judged against): SQLite's read-only engine, whose transactions
    stay deferred so reads never queue behind a batch being written; on PostgreSQL the
    writer's own.
    `figures` (open_figures): reads that may lag a moment, the dashboard's figures and lists:
    a PostgreSQL read replica when one is configured, else `current`. A replica a little
    behind shows figures a moment older, never a signed-out session; the laptops' sync never
    reads from it (a pull behind the push it follows would only cost a resend, but a push must
    judge against the current record)."""

    writer: Engine
    current: Engine


def make_engine(config: Config, *, read_only: bool = False) -> Engine:
    """The writers' engine, or with `read_only` the one for `current` reads on SQLite (its
    transactions stay deferred, so reads never queue behind a batch being written)."""
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
            if read_only:
                cur.execute("PRAGMA query_only=ON")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn: Connection) -> None:
            conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

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


def alembic_config(conn: Connection) -> AlembicConfig:
    """Alembic's configuration for our revisions, run on `conn` (env.py takes it from there)."""
    from alembic.config import Config as AlembicConfig

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = conn
    return cfg


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (Alembic), then make sure the server has an id."""
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
    with engine.begin() as conn:
        if conn.scalar(select(tables.server.c.value).where(tables.server.c.key == "id")) is None:
            conn.execute(insert(tables.server).values(key="id", value=secrets.token_hex(8)))


def server_id(engine: Engine) -> str:
    with engine.connect() as conn:
        value = conn.scalar(select(tables.server.c.value).where(tables.server.c.key == "id"))
    if value is None:
        raise RuntimeError("database not migrated")
    return value


def open_figures(config: Config, current: Engine) -> Engine:
    """The engine for the dashboard's figures (Engines above): the read replica when one is
    configured (PostgreSQL only), else `current`."""
    if not config.read_database_url or config.is_sqlite:
        return current
    return create_engine(
        config.read_database_url,
        pool_size=10,
        max_overflow=20,
        pool_pre_ping=True,
        hide_parameters=True,
        connect_args={"application_name": "sotay-dashboard"},
    )


def open_database(config: Config) -> Engines:
    """The writer and current engines on a migrated database (one engine twice on PostgreSQL)."""
    writer = make_engine(config)
    migrate(writer)
    current = make_engine(config, read_only=True) if config.is_sqlite else writer
    return Engines(writer, current)
