"""Denominators and targets (issue 23): residents' neighbourhoods among the facts, residents
trained per neighbourhood, the commune's own figures for a team's neighbourhoods, and the
year's targets per indicator. Every team's years are marked to be computed again, so that
the new per-neighbourhood figures exist for the years already stored.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

ID = 36


def upgrade() -> None:
    op.add_column("f_resident", sa.Column("neighbourhood_id", sa.String(ID)))
    op.create_table(
        "roll_neighbourhood",
        sa.Column("team_id", sa.String(ID), nullable=False),
        sa.Column("period", sa.String(8), nullable=False),
        sa.Column("neighbourhood_id", sa.String(ID), nullable=False),
        sa.Column("residents_trained", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint(
            "team_id", "period", "neighbourhood_id", name="pk_roll_neighbourhood"
        ),
    )
    op.create_table(
        "nb_figure",
        sa.Column("team_id", sa.String(ID), nullable=False),
        sa.Column("neighbourhood_id", sa.String(ID), nullable=False),
        sa.Column("adults", sa.Integer, nullable=False),
        sa.Column("households", sa.Integer),
        sa.Column("counted_on", sa.String(10), nullable=False),
        sa.Column("set_by", sa.String(ID), nullable=False),
        sa.Column("set_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("team_id", "neighbourhood_id", name="pk_nb_figure"),
    )
    op.create_table(
        "target",
        sa.Column("scope", sa.String(10), nullable=False),
        sa.Column("code", sa.Integer, nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("indicator", sa.String(40), nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("unit", sa.String(10), nullable=False),
        sa.Column("set_by", sa.String(ID), nullable=False),
        sa.Column("set_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("scope", "code", "year", "indicator", name="pk_target"),
    )
    # The residents' neighbourhoods, from their stored records (written as the live code's
    # fact() writes them; nothing of the live code is imported here).
    conn = op.get_bind()
    record = sa.table(
        "record",
        sa.column("team_id"),
        sa.column("entity"),
        sa.column("id"),
        sa.column("payload"),
    )
    fact = sa.table(
        "f_resident", sa.column("team_id"), sa.column("id"), sa.column("neighbourhood_id")
    )
    update = (
        fact.update()
        .where(fact.c.team_id == sa.bindparam("t"), fact.c.id == sa.bindparam("i"))
        .values(neighbourhood_id=sa.bindparam("n"))
    )
    batch: list[dict[str, str]] = []
    rows = conn.execute(
        sa.select(record.c.team_id, record.c.id, record.c.payload).where(
            record.c.entity == "resident"
        )
    )
    for team_id, record_id, payload in rows:
        try:
            nb = json.loads(payload).get("neighbourhood_id")
        except ValueError:
            continue
        if isinstance(nb, str) and nb:
            batch.append({"t": team_id, "i": record_id, "n": nb[:ID]})
    for start in range(0, len(batch), 2000):
        conn.execute(update, batch[start : start + 2000])
    # Every team-year computed again (the refresher fills roll_neighbourhood).
    now = datetime.now(UTC).replace(tzinfo=None)
    years = conn.execute(
        sa.text("SELECT team_id, year FROM f_training UNION SELECT team_id, year FROM f_assist")
    ).all()
    dirty = sa.table("roll_dirty", sa.column("team_id"), sa.column("year"), sa.column("marked_at"))
    marked = {tuple(r) for r in conn.execute(sa.select(dirty.c.team_id, dirty.c.year)).all()}
    new = [{"team_id": t, "year": y, "marked_at": now} for t, y in years if (t, y) not in marked]
    if new:
        conn.execute(dirty.insert(), new)


def downgrade() -> None:
    op.drop_table("target")
    op.drop_table("nb_figure")
    op.drop_table("roll_neighbourhood")
    with op.batch_alter_table("f_resident") as batch:  # SQLite drops a column by copying
        batch.drop_column("neighbourhood_id")
