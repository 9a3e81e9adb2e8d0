"""Alembic environment: run on the connection central/db.py hands in (or a URL for the CLI)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from central.tables import metadata

config = context.config
connection = config.attributes.get("connection")


def run(conn: Connection) -> None:
    # render_as_batch: SQLite alters tables by copying them; Alembic does it for us.
    context.configure(connection=conn, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    run(connection)
else:
    url = config.get_main_option("sqlalchemy.url")
    if url is None:
        raise RuntimeError("alembic: neither a connection nor sqlalchemy.url to migrate")
    with create_engine(url).connect() as conn:
        run(conn)
        conn.commit()
