"""The schema, in SQLAlchemy Core. Every table holding a team's data is keyed by `team_id`
first, so it can later be distributed by team (Citus needs the distribution column in every
primary key). Times are naive UTC. Changes go through Alembic (central/migrations)."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "pk": "pk_%(table_name)s",
    }
)

ID = 36  # a UUID as text

# Key/value facts about this server: its id (which a laptop checks every answer against).
server = Table(
    "server",
    metadata,
    Column("key", String(40), primary_key=True),
    Column("value", Text, nullable=False),
)

team = Table(
    "team",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("name", Text, nullable=False),
    Column("province_code", Integer, nullable=False),
    Column("province_name", Text, nullable=False),
    Column("commune_code", Integer, nullable=False, index=True),
    Column("commune_name", Text, nullable=False),
    # The team's change counter: each written record takes the next number; pulls page by it.
    # Locked by every ingest of the team, so numbers commit in order (no cursor skips a row).
    Column("seq", BigInteger, nullable=False, default=0),
    # Changed when the server is restored from a backup: laptops then restore and resend.
    Column("epoch", String(32), nullable=False),
    Column("created_at", DateTime, nullable=False),
)

enrolment_code = Table(
    "enrolment_code",
    metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("team_id", String(ID), nullable=False, index=True),
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
    Column("used_at", DateTime),
    Column("device_id", String(ID)),
)

device = Table(
    "device",
    metadata,
    Column("team_id", String(ID), primary_key=True),
    Column("id", String(ID), primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("name", Text, nullable=False, default=""),
    Column("app_version", String(40), nullable=False, default=""),
    Column("enrolled_at", DateTime, nullable=False),
    Column("revoked_at", DateTime),
    Column("last_seen_at", DateTime),
    Column("last_push_at", DateTime),
    Column("last_pull_at", DateTime),
    # The highest outbox sequence number of this laptop the server has processed.
    Column("last_seq", BigInteger, nullable=False, default=0),
)

# The latest state of every record of every team, as JSON (the fields of desktop/sync/protocol).
record = Table(
    "record",
    metadata,
    Column("team_id", String(ID), primary_key=True),
    Column("entity", String(20), primary_key=True),
    Column("id", String(ID), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("deleted", Boolean, nullable=False, default=False),
    Column("payload", Text, nullable=False),
    Column("hash", String(32), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("device_id", String(ID)),  # who wrote the current version
    # The version the current writer's run of changes started from (see ingest.judge).
    Column("lineage", Integer, nullable=False, default=0),
    Column("updated_at", DateTime, nullable=False),
    Index("ix_record_team_seq", "team_id", "seq", unique=True),
)

# One row per change a laptop sent: a retried batch gets the very same receipts back.
receipt = Table(
    "receipt",
    metadata,
    Column("team_id", String(ID), primary_key=True),
    Column("device_id", String(ID), primary_key=True),
    Column("seq", BigInteger, primary_key=True),
    Column("hash", String(32), nullable=False),
    Column("status", String(10), nullable=False),
    Column("version", Integer),
    Column("code", String(30)),
)

# Changes that were rejected or in conflict, kept for the commune to see.
problem = Table(
    "problem",
    metadata,
    Column("team_id", String(ID), primary_key=True),
    Column("device_id", String(ID), primary_key=True),
    Column("seq", BigInteger, primary_key=True),
    Column("entity", String(20), nullable=False),
    Column("record_id", String(ID), nullable=False),
    Column("status", String(10), nullable=False),
    Column("code", String(30), nullable=False),
    Column("message", Text, nullable=False),
    Column("payload", Text, nullable=False),
    Column("created_at", DateTime, nullable=False),
)
