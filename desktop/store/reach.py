"""The team's reach and its share of the commune's targets (issue 23), read offline: residents
trained over each neighbourhood's adults (the commune's figure when it set one), and the
year's figure of each target's indicator against the team's share, as the commune's page
shows them (central/denominators.py)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date

from desktop.store.queries import commune_figures, standard_figures
from sotay.domain.dates import parse_day
from sotay.domain.denominators import (
    Figures,
    Progress,
    Reach,
    judge,
    mark_weak,
    overall,
    winning,
    year_gone,
)
from sotay.domain.periods import Period, PeriodKind
from sotay.domain.standard import BY_CODE, TRAINED
from sotay.domain.text import collation_key


@dataclass(slots=True)
class TeamReach:
    period: Period
    rows: list[Reach] = field(default_factory=list)  # per neighbourhood, weakest first
    whole: Reach = field(default_factory=lambda: Reach("", 0, None))
    # (indicator's name, the team's progress to its share, how the share was split)
    targets: list[tuple[str, Progress, str]] = field(default_factory=list)


def _trained_by_neighbourhood(conn: sqlite3.Connection, period: Period) -> dict[str, int]:
    """Distinct residents present at a held training of the period, per neighbourhood id
    ("" for none). Each resident has one neighbourhood, so the values sum to the team's."""
    span = (period.start.isoformat(), period.end.isoformat())
    # CROSS JOIN: the period's trainings first (training_list), as queries.by_neighbourhood.
    rows = conn.execute(
        """SELECT COALESCE(r.neighbourhood_id, ''), COUNT(DISTINCT a.resident_id)
           FROM training t CROSS JOIN attendance a ON a.training_id = t.id
           JOIN resident r ON r.id = a.resident_id
           WHERE t.deleted_at IS NULL AND t.status = 'held' AND t.day >= ? AND t.day < ?
             AND a.deleted_at IS NULL AND a.present = 1
           GROUP BY r.neighbourhood_id""",
        span,
    )
    return dict(rows.fetchall())


def indicator_value(conn: sqlite3.Connection, code: str, year: int) -> int | None:
    """The team's figure of the indicator `code` for the year, as the overview's standard
    indicators count it (sotay.domain.standard.Figure.value)."""
    period = Period(PeriodKind.YEAR, year)
    if code == TRAINED:
        return sum(_trained_by_neighbourhood(conn, period).values())
    return next((f.value for f in standard_figures(conn, period) if f.code == code), None)


def team_reach(conn: sqlite3.Connection, period: Period, today: date) -> TeamReach:
    out = TeamReach(period)
    commune = commune_figures(conn)
    theirs = commune.neighbourhoods if commune else {}
    trained = _trained_by_neighbourhood(conn, period)
    rows = []
    for nb_id, name, adults, households, counted in conn.execute(
        "SELECT id, name, adults, households, counted_on FROM neighbourhood"
        " WHERE deleted_at IS NULL"
    ):
        own = Figures(adults, households, parse_day(counted or "")) if adults is not None else None
        f = winning(own, theirs.get(nb_id))
        rows.append(
            Reach(
                name,
                trained.get(nb_id, 0),
                f.adults if f else None,
                by_commune=bool(f and f.by_commune),
                key=nb_id,
            )
        )
    rows.sort(key=lambda r: collation_key(r.name))
    out.whole = overall(rows)
    target_rate = None
    gone = year_gone(period.year, today)
    for target, share, basis in commune.shares if commune else []:
        if target.year != period.year or target.code not in BY_CODE:
            continue
        value = indicator_value(conn, target.code, target.year)
        shown: float | None = None if value is None else float(value)
        if target.unit == "percent":
            # The year's rate, over the neighbourhoods whose adults are known.
            year_rows = _trained_by_neighbourhood(conn, Period(PeriodKind.YEAR, period.year))
            known = [r for r in rows if r.adults]
            adults = sum(r.adults or 0 for r in known)
            shown = (
                100.0 * sum(year_rows.get(r.key, 0) for r in known) / adults
                if adults and target.code == TRAINED
                else None
            )
            if target.code == TRAINED:
                target_rate = target.value
        progress = judge(Progress("", shown, share, target.unit, key=target.code), gone)
        out.targets.append((target.code, progress, basis))
    out.rows = mark_weak(rows, out.whole.rate, target_rate)
    return out
