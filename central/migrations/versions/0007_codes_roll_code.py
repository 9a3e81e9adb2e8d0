"""Standard indicator codes (issue 23): the figures of each team by indicator code
(`roll_code`), and the seed catalogue items the server holds given their codes, as the
laptops' migration m006 gives theirs. Every team's years are marked to be computed, so the
refresher fills `roll_code` from the facts already there.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-14
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

ID = 36

# A frozen copy of sotay/domain/standard.SEED_CODES by the seeds' ids, as this revision was
# written: a later change of the domain never changes what it does.
SEED_CODES = {
    ("service", "b63b7577-55d0-5411-a170-164ff50e9781"): "vneid_l2",
    ("service", "4e978316-884b-51d0-8bd3-b839346fcccd"): "online_dossier",
    ("service", "52397e66-adfc-5cfb-9b86-ef694883857c"): "cashless",
    ("service", "c764168b-e11a-5a80-b3d2-41c45b9a211b"): "scam_awareness",
    ("topic", "abfa36d5-8893-5810-99b4-01130b50df8f"): "basic_skills",
}


def upgrade() -> None:
    op.create_table(
        "roll_code",
        sa.Column("team_id", sa.String(ID), nullable=False),
        sa.Column("period", sa.String(8), nullable=False),
        sa.Column("code", sa.String(20), nullable=False),
        sa.Column("province_code", sa.Integer, nullable=False),
        sa.Column("commune_code", sa.Integer, nullable=False),
        sa.Column("people", sa.Integer, nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("team_id", "period", "code", name="pk_roll_code"),
    )
    op.create_index("ix_roll_code_commune_code_period", "roll_code", ["commune_code", "period"])
    op.create_index("ix_roll_code_province_code_period", "roll_code", ["province_code", "period"])
    conn = op.get_bind()
    _seed_codes(conn)
    _mark_every_year(conn)


def _seed_codes(conn: sa.Connection) -> None:
    """The seeds' records get their code in the payload, where they have none. Neither their
    version nor their hash changes: nothing is sent to the laptops, which fill the same codes
    themselves, and a laptop's resent change of one is still known for what it was."""
    record = sa.table(
        "record",
        sa.column("team_id"),
        sa.column("entity"),
        sa.column("id"),
        sa.column("payload"),
    )
    r = record.c
    for (entity, record_id), code in SEED_CODES.items():
        rows = conn.execute(
            sa.select(r.team_id, r.payload).where(r.entity == entity, r.id == record_id)
        ).all()
        for team_id, payload in rows:
            fields = json.loads(payload)
            if "code" in fields or set(fields) <= {"deleted_at"}:
                continue  # coded already, or only a tombstone is known
            fields["code"] = code
            conn.execute(
                sa.update(record)
                .where(r.team_id == team_id, r.entity == entity, r.id == record_id)
                .values(payload=json.dumps(fields, ensure_ascii=False, separators=(",", ":")))
            )


def _mark_every_year(conn: sa.Connection) -> None:
    """Every team's years with a training or a help session, to be computed again."""
    now = datetime.now(UTC).replace(tzinfo=None)
    dirty = sa.table(
        "roll_dirty", sa.column("team_id"), sa.column("year"), sa.column("marked_at", sa.DateTime)
    )
    training = sa.table("f_training", sa.column("team_id"), sa.column("year"))
    assist = sa.table("f_assist", sa.column("team_id"), sa.column("year"))
    years = set(
        conn.execute(
            sa.select(training.c.team_id, training.c.year).union(
                sa.select(assist.c.team_id, assist.c.year)
            )
        ).all()
    )
    marked = set(conn.execute(sa.select(dirty.c.team_id, dirty.c.year)).all())
    rows = [{"team_id": t, "year": y, "marked_at": now} for t, y in sorted(years - marked)]
    if rows:
        conn.execute(sa.insert(dirty), rows)


def downgrade() -> None:
    op.drop_index("ix_roll_code_province_code_period", table_name="roll_code")
    op.drop_index("ix_roll_code_commune_code_period", table_name="roll_code")
    op.drop_table("roll_code")
