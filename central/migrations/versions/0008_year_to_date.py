"""Each team's years computed again, so that its rollups hold the years so far (issue 23:
every figure shown beside the year so far): no schema change, the refresher does the work.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-20
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Every team-year that has figures, marked dirty unless it already is (the refresher,
    # central/rollups.py, computes them again a moment after the service starts).
    now = datetime.now(UTC).replace(tzinfo=None)
    op.get_bind().execute(
        sa.text(
            "INSERT INTO roll_dirty (team_id, year, marked_at)"
            " SELECT y.team_id, y.year, :now FROM"
            " (SELECT team_id, year FROM f_training UNION SELECT team_id, year FROM f_assist) y"
            " WHERE NOT EXISTS (SELECT 1 FROM roll_dirty d"
            "  WHERE d.team_id = y.team_id AND d.year = y.year)"
        ).bindparams(sa.bindparam("now", type_=sa.DateTime)),
        {"now": now},
    )


def downgrade() -> None:
    # The years so far are extra rows of roll_team that nothing older reads: left in place.
    pass
