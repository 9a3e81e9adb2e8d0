"""The people behind a team's figures about people (issue 23's speed): for each resident
trained or helped in a year, the months they were (roll_person, written by rollups.refresh).
The drill-down's lists of people read it instead of sorting a commune's year of attendances.
Filled here from the facts for the years already stored.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "roll_person",
        sa.Column("team_id", sa.String(36), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("resident_id", sa.String(36), nullable=False),
        sa.Column("trained", sa.Integer, nullable=False),
        sa.Column("assisted", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("team_id", "year", "resident_id", name="pk_roll_person"),
    )
    _fill(op.get_bind())


def downgrade() -> None:
    op.drop_table("roll_person")


# A frozen copy of central.rollups.compute's rule for roll_person as it was when this revision
# was written: trained, present at a held class; helped, a help session with an outcome (the
# outcomes of central.rollups.OUTCOMES then).


def _fill(conn: sa.Connection) -> None:
    people: dict[tuple[str, int, str], list[int]] = {}
    trained = sa.text(
        "SELECT DISTINCT a.team_id, t.year, a.resident_id, t.month FROM f_attendance a"
        " JOIN f_training t ON t.team_id = a.team_id AND t.id = a.training_id"
        " WHERE t.status = 'held' AND a.present"
    )
    for team_id, year, resident_id, month in conn.execute(trained):
        people.setdefault((team_id, year, resident_id), [0, 0])[0] |= 1 << (month - 1)
    assisted = sa.text(
        "SELECT DISTINCT team_id, year, resident_id, month FROM f_assist"
        " WHERE outcome IN ('done', 'not_done', 'referred')"
    )
    for team_id, year, resident_id, month in conn.execute(assisted):
        people.setdefault((team_id, year, resident_id), [0, 0])[1] |= 1 << (month - 1)
    table = sa.table(
        "roll_person",
        *(sa.column(c) for c in ("team_id", "year", "resident_id", "trained", "assisted")),
    )
    rows = [
        {"team_id": k[0], "year": k[1], "resident_id": k[2], "trained": v[0], "assisted": v[1]}
        for k, v in people.items()
    ]
    for i in range(0, len(rows), 5000):
        conn.execute(sa.insert(table), rows[i : i + 5000])
