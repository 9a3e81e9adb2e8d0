"""The first schema: teams, enrolment codes, devices, records, receipts, problems.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

ID = 36


def upgrade() -> None:
    op.create_table(
        "server",
        sa.Column("key", sa.String(40), nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_server"),
    )
    op.create_table(
        "team",
        sa.Column("id", sa.String(ID), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("province_code", sa.Integer, nullable=False),
        sa.Column("province_name", sa.Text, nullable=False),
        sa.Column("commune_code", sa.Integer, nullable=False),
        sa.Column("commune_name", sa.Text, nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("epoch", sa.String(32), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_team"),
    )
    op.create_index("ix_team_commune_code", "team", ["commune_code"])
    op.create_table(
        "enrolment_code",
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("team_id", sa.String(ID), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False),
        sa.Column("used_at", sa.DateTime),
        sa.Column("device_id", sa.String(ID)),
        sa.PrimaryKeyConstraint("code_hash", name="pk_enrolment_code"),
    )
    op.create_index("ix_enrolment_code_team_id", "enrolment_code", ["team_id"])
    op.create_table(
        "device",
        sa.Column("team_id", sa.String(ID), nullable=False),
        sa.Column("id", sa.String(ID), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("app_version", sa.String(40), nullable=False),
        sa.Column("enrolled_at", sa.DateTime, nullable=False),
        sa.Column("revoked_at", sa.DateTime),
        sa.Column("last_seen_at", sa.DateTime),
        sa.Column("last_push_at", sa.DateTime),
        sa.Column("last_pull_at", sa.DateTime),
        sa.Column("last_seq", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("team_id", "id", name="pk_device"),
        sa.UniqueConstraint("token_hash", name="uq_device_token_hash"),
    )
    op.create_table(
        "record",
        sa.Column("team_id", sa.String(ID), nullable=False),
        sa.Column("entity", sa.String(20), nullable=False),
        sa.Column("id", sa.String(ID), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("deleted", sa.Boolean, nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("hash", sa.String(32), nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("device_id", sa.String(ID)),
        sa.Column("lineage", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("team_id", "entity", "id", name="pk_record"),
    )
    op.create_index("ix_record_team_seq", "record", ["team_id", "seq"], unique=True)
    op.create_table(
        "receipt",
        sa.Column("team_id", sa.String(ID), nullable=False),
        sa.Column("device_id", sa.String(ID), nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("hash", sa.String(32), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("version", sa.Integer),
        sa.Column("code", sa.String(30)),
        sa.PrimaryKeyConstraint("team_id", "device_id", "seq", name="pk_receipt"),
    )
    op.create_table(
        "problem",
        sa.Column("team_id", sa.String(ID), nullable=False),
        sa.Column("device_id", sa.String(ID), nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("entity", sa.String(20), nullable=False),
        sa.Column("record_id", sa.String(ID), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("code", sa.String(30), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("team_id", "device_id", "seq", name="pk_problem"),
    )


def downgrade() -> None:
    for name in ("problem", "receipt", "record", "device", "enrolment_code", "team", "server"):
        op.drop_table(name)
