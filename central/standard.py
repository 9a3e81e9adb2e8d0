"""The standard indicators by code (sotay/domain/standard.py) on the dashboard: each team's
figures are computed by the rollups (central/rollups.py, roll_code); a commune's, a
province's or a few teams' are their sum. Residents are a team's own, so the distinct
residents of several teams are the sum of each team's."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from central import tables as T
from central.rollups import period_key
from sotay.domain.periods import Period
from sotay.domain.standard import Figure, in_order


def figures(
    conn: Connection,
    period: Period,
    *,
    team_ids: list[str] | None = None,
    commune_code: int | None = None,
    province_code: int | None = None,
) -> list[Figure]:
    """Every indicator of the period, summed over the teams (or the commune's, or the
    province's), in the plans' order; zeros where nothing counted."""
    c = T.roll_code.c
    where = [c.period == period_key(period)]
    if team_ids is not None:
        if not team_ids:
            return in_order({})
        where.append(c.team_id.in_(team_ids))
    if commune_code is not None:
        where.append(c.commune_code == commune_code)
    if province_code is not None:
        where.append(c.province_code == province_code)
    found = {
        code: (int(people), int(count))
        for code, people, count in conn.execute(
            select(c.code, func.sum(c.people), func.sum(c.count)).where(*where).group_by(c.code)
        )
    }
    return in_order(found)
