"""Each team's adults kept in a row (issue 23's speed): sharing a province's target among its
communes read every neighbourhood record of the province on each commune page, team page and
pull. From now on central.denominators.store_adults keeps `team_adults` when a neighbourhood
or the commune's figure of one changes; here it is filled for the teams already stored.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

MAX_COUNT = 10_000_000  # sotay.domain.denominators.MAX_COUNT when this revision was written


def upgrade() -> None:
    op.create_table(
        "team_adults",
        sa.Column("team_id", sa.String(36), nullable=False),
        sa.Column("adults", sa.Integer),
        sa.Column("neighbourhoods", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("team_id", name="pk_team_adults"),
    )
    _fill(op.get_bind())


def downgrade() -> None:
    op.drop_table("team_adults")


# A frozen copy of central.denominators' store_adults as it was when this revision was written:
# the commune's figure of a neighbourhood wins over the team's own; a team's adults are None
# when one of its live neighbourhoods is not counted.


def _own(payload: str) -> int | None:
    try:
        data: Any = json.loads(payload)
    except ValueError:
        return None
    adults = data.get("adults") if isinstance(data, dict) else None
    ok = isinstance(adults, int) and not isinstance(adults, bool) and 0 <= adults <= MAX_COUNT
    return adults if ok else None


def _fill(conn: sa.Connection) -> None:
    commune = {
        (team_id, nb_id): adults
        for team_id, nb_id, adults in conn.execute(
            sa.text("SELECT team_id, neighbourhood_id, adults FROM nb_figure")
        )
    }
    teams: dict[str, list[int | None]] = {}
    for team_id, nb_id, payload in conn.execute(
        sa.text(
            "SELECT team_id, id, payload FROM record"
            " WHERE entity = 'neighbourhood' AND NOT deleted ORDER BY team_id"
        )
    ):
        found = commune.get((team_id, nb_id))
        teams.setdefault(team_id, []).append(found if found is not None else _own(payload))
    rows = []
    for team_id, counts in teams.items():
        known = [a for a in counts if a is not None]
        adults = sum(known) if len(known) == len(counts) else None
        rows.append({"team_id": team_id, "adults": adults, "neighbourhoods": len(counts)})
    table = sa.table(
        "team_adults", sa.column("team_id"), sa.column("adults"), sa.column("neighbourhoods")
    )
    for i in range(0, len(rows), 1000):
        conn.execute(sa.insert(table), rows[i : i + 1000])
