"""The database: an engine with the settings each kind needs, and migrations at start."""

from __future__ import annotations

import logging
import secrets
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, insert, select
from sqlalchemy.engine import Connection

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
            connect_args={"timeout": 30, "check_same_thread": False},
            pool_size=8,
            max_overflow=16,
        )

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
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
    return create_engine(config.database_url, pool_size=10, max_overflow=20, pool_pre_ping=True)


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


def open_database(config: Config) -> tuple[Engine, Engine]:
    """(writer, reader) engines on a migrated database; the same engine twice on PostgreSQL."""
    engine = make_engine(config)
    migrate(engine)
    return engine, (make_engine(config, reader=True) if config.is_sqlite else engine)
