"""Every figure beside the period before, the same period a year before and the year so far
(issue 23, item 4), read from the rollups in one query per page: roll_team holds each team's
months, quarters, years and years so far (central/rollups.py, team_keys). And which teams of a
commune synced this month, which recorded nothing, since when (the completeness list)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from central import tables as T
from central.rollups import FIGURES, period_key
from sotay.domain.periods import Period, comparisons
from sotay.words import period_text

# What each comparison is called on the page, as the laptop's overview calls it.
LABELS = {
    "previous": "Kỳ trước",
    "year_before": "Cùng kỳ năm trước",
    "year_to_date": "Từ đầu năm",
}


@dataclass(slots=True)
class Beside:
    """One figure beside another period's: its value, and the change to this period's (None
    for the year so far, which holds this period: a change to it says nothing)."""

    name: str  # "previous", "year_before", "year_to_date"
    label: str
    period: str  # the other period, in words
    value: int
    change: int | None

    @property
    def arrow(self) -> str:
        """Said in a sign and an arrow, never by colour alone."""
        if self.change is None:
            return ""
        if self.change > 0:
            return f"▲ +{self.change:,}".replace(",", ".")
        if self.change < 0:
            return f"▼ −{-self.change:,}".replace(",", ".")
        return "= 0"

    @property
    def direction(self) -> str:
        """The arrow's class on the pages: "up", "down" or "same" (no change, or none said)."""
        if not self.change:
            return "same"
        return "up" if self.change > 0 else "down"

    @property
    def words(self) -> str:
        """The change read out (a screen reader, the hover text)."""
        if self.change is None:
            return f"{self.label} ({self.period}): {self.value}"
        how = "tăng" if self.change > 0 else "giảm" if self.change < 0 else "không đổi"
        amount = f" {abs(self.change)}" if self.change else ""
        return f"{how}{amount} so với {self.label.lower()} ({self.period}: {self.value})"


@dataclass(slots=True)
class Comparison:
    period: Period
    others: list[tuple[str, Period]]
    # period key -> figures, summed over the scope; and per group (team or commune)
    total: dict[str, dict[str, int]] = field(default_factory=dict)
    groups: dict[Any, dict[str, dict[str, int]]] = field(default_factory=dict)
    # (name, key, words) of each period compared with: asked for each of a page's 300 figures
    _others: list[tuple[str, str, str]] = field(
        default_factory=list, init=False, repr=False, compare=False
    )

    def beside(self, figure: str, group: Any = None) -> list[Beside]:
        source = self.total if group is None else self.groups.get(group, {})
        now = source.get(period_key(self.period), {}).get(figure, 0)
        if not self._others:
            self._others = [(n, period_key(p), period_text(p)) for n, p in self.others]
        out = []
        for name, key, words in self._others:
            value = source.get(key, {}).get(figure, 0)
            change = None if name == "year_to_date" else now - value
            out.append(Beside(name, LABELS[name], words, value, change))
        return out

    def __call__(self, figure: str, group: Any = None) -> list[Beside]:
        return self.beside(figure, group)


def compared(
    conn: Connection,
    period: Period,
    *,
    team_id: str | None = None,
    commune_code: int | None = None,
    province_code: int | None = None,
) -> Comparison:
    """The scope's figures for the period and those it is compared with, in one query: by team
    for a commune or a team, by commune for a province (each a few rows per group)."""
    others = comparisons(period)
    keys = [period_key(period), *(period_key(p) for _, p in others)]
    r = T.roll_team.c
    if team_id is not None:
        group, where = r.team_id, r.team_id == team_id
    elif commune_code is not None:
        group, where = r.team_id, r.commune_code == commune_code
    else:
        group, where = r.commune_code, r.province_code == province_code
    rows = conn.execute(
        select(group.label("g"), r.period, *(func.sum(getattr(r, k)).label(k) for k in FIGURES))
        .where(where, r.period.in_(keys))
        .group_by(group, r.period)
    ).all()
    out = Comparison(period, others)
    total: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(FIGURES, 0))
    for row in rows:
        figures = {k: int(getattr(row, k) or 0) for k in FIGURES}
        out.groups.setdefault(row.g, {})[row.period] = figures
        for k, v in figures.items():
            total[row.period][k] += v
    out.total = dict(total)
    return out


# --- completeness -------------------------------------------------------------------------------


@dataclass(slots=True)
class Standing:
    """A team as the completeness list shows it."""

    row: Any  # its TeamRow (name, last sync, when it was added)
    last_record: str | None  # the latest day of work it recorded up to the month's end


@dataclass(slots=True)
class Completeness:
    """A commune's teams in a month: who synced in it, who recorded nothing dated in it, and
    since when (their last sync, their last day of work)."""

    month: Period
    synced: list[Standing]
    not_synced: list[Standing]
    silent: list[Standing]


def last_records(conn: Connection, team_ids: list[str], before: str) -> dict[str, str]:
    """Each team's latest day of work (a training held, a help session) before `before`: a
    planned class is not work done, and a day typed in the future is not this month's. The
    teams by their ids, not by a subquery of the commune's: PostgreSQL then reads each team's
    days by its index, where the subquery had it scan every training of the province."""
    if not team_ids:
        return {}
    tm = T.team.c

    def latest(table: Any, *where: Any) -> Any:
        # Read backwards along the (team, year, day) index until the first that counts: a
        # team's max(day) had PostgreSQL read every day of the team, 10 ms for a commune.
        c = table.c
        return (
            select(c.day)
            .where(c.team_id == tm.id, c.day < before, *where)
            .order_by(c.year.desc(), c.day.desc())
            .limit(1)
            .scalar_subquery()
        )

    held = T.f_training.c.status == "held"
    rows = conn.execute(
        select(tm.id, latest(T.f_training, held), latest(T.f_assist)).where(
            tm.id.in_(sorted(team_ids))
        )
    )
    return {
        team_id: max(d for d in days if d is not None)
        for team_id, *days in rows
        if any(d is not None for d in days)
    }


def completeness(conn: Connection, rows: list[Any], month: Period) -> Completeness:
    """`rows`: the commune's TeamRows (their last sync). A team synced in the month when a
    laptop of it pushed or pulled since the month's first midnight in Vietnam."""
    from central.web.format import VIETNAM

    start = datetime.combine(month.start, time(), VIETNAM).astimezone(UTC).replace(tzinfo=None)
    last = last_records(conn, [row.id for row in rows], month.end.isoformat())
    out = Completeness(month, [], [], [])
    for row in rows:
        standing = Standing(row, last.get(row.id))
        if row.last_sync is not None and row.last_sync >= start:
            out.synced.append(standing)
        else:
            out.not_synced.append(standing)
        if standing.last_record is None or standing.last_record < month.start.isoformat():
            out.silent.append(standing)
    return out
