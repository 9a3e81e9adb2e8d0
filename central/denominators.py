"""Denominators and targets on the central service (issue 23, items 2 and 3).

- A neighbourhood's adults: the team's own figure travels in its neighbourhood record (fields
  of the record, sotay/domain/fields.py); the commune's figure is kept apart (`nb_figure`) and
  wins. The commune's figures are not records of a laptop: no laptop edits them, and making
  them records would give them versions, conflicts and a place in the team's change feed. So
  the pull's last page carries them whole, beside the records (`pull_block`, under "commune"):
  a few rows per team, sent again at every pull, idempotent, ignored by older laptops.
- Rates: residents trained in the period (distinct residents with an attendance at a held
  training: the `trained` indicator) per neighbourhood (`roll_neighbourhood`, computed with
  the team's other figures), over its adults.
- Targets: a year's target per indicator code, of a commune or a province, and each team's
  share of it (sotay/domain/denominators.py says how it is split).

The indicator values other than `trained` come from the standard indicators' rollups
(`indicator_values` is the one place that asks for them)."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, insert, or_, select
from sqlalchemy.engine import Connection

from central import tables as T
from sotay.domain.dates import parse_day
from sotay.domain.denominators import (
    COUNT,
    PERCENT,
    Figures,
    Progress,
    Reach,
    Target,
    judge,
    mark_weak,
    overall,
    split,
    winning,
    year_gone,
)
from sotay.domain.standard import BY_CODE, INDICATORS, TRAINED, Figure, Indicator

# --- residents trained per neighbourhood (written by rollups.refresh) ----------------------------


def store_reach(
    conn: Connection, team_id: str, keys: list[str], trained: dict[str, set[str]]
) -> None:
    """The team's residents trained per neighbourhood, for the periods `keys` (its year, its
    quarters and months), from the residents trained in each (rollups.compute)."""
    n = T.roll_neighbourhood.c
    conn.execute(delete(T.roll_neighbourhood).where(n.team_id == team_id, n.period.in_(keys)))
    r = T.f_resident.c
    where = {
        row.id: row.neighbourhood_id or ""
        for row in conn.execute(select(r.id, r.neighbourhood_id).where(r.team_id == team_id))
    }
    rows = [
        {"team_id": team_id, "period": k, "neighbourhood_id": nb, "residents_trained": count}
        for k, ids in trained.items()
        for nb, count in Counter(where[i] for i in ids if i in where).items()
    ]
    if rows:
        conn.execute(insert(T.roll_neighbourhood), rows)


# --- a team's neighbourhoods and their figures ---------------------------------------------------


@dataclass(slots=True)
class Hood:
    team_id: str
    team_name: str
    id: str
    name: str
    own: Figures | None
    commune: Figures | None

    @property
    def figures(self) -> Figures | None:
        return winning(self.own, self.commune)


def hoods(conn: Connection, teams: dict[str, str]) -> list[Hood]:
    """The live neighbourhoods of these teams (id -> name), with the team's own figures and the
    commune's."""
    if not teams:
        return []
    ids = list(teams)
    rec = T.record.c
    f = T.nb_figure.c
    commune = {
        (row.team_id, row.neighbourhood_id): Figures(
            row.adults, row.households, parse_day(row.counted_on), by_commune=True
        )
        for row in conn.execute(select(T.nb_figure).where(f.team_id.in_(ids)))
    }
    out = []
    for team_id, nb_id, payload in conn.execute(
        select(rec.team_id, rec.id, rec.payload).where(
            rec.team_id.in_(ids), rec.entity == "neighbourhood", rec.deleted.is_(False)
        )
    ):
        p = json.loads(payload)
        out.append(
            Hood(
                team_id,
                teams[team_id],
                nb_id,
                str(p.get("name") or ""),
                Figures.read(p),
                commune.get((team_id, nb_id)),
            )
        )
    return out


def commune_teams(conn: Connection, commune_code: int) -> dict[str, str]:
    t = T.team.c
    rows = conn.execute(select(t.id, t.name).where(t.commune_code == commune_code)).all()
    return {team_id: name for team_id, name in rows}


def team_adults(hs: Iterable[Hood]) -> dict[str, int | None]:
    """Each team's adults: the sum over its neighbourhoods, None when one is not counted."""
    out: dict[str, int | None] = {}
    for h in hs:
        adults = h.figures.adults if h.figures else None
        if h.team_id not in out:
            out[h.team_id] = adults
        elif out[h.team_id] is not None:
            out[h.team_id] = None if adults is None else (out[h.team_id] or 0) + adults
    return out


def store_adults(conn: Connection, team_id: str) -> None:
    """Compute the team's row of `team_adults` again (after a change of a neighbourhood of it,
    or of the commune's figure of one)."""
    hs = hoods(conn, {team_id: ""})
    conn.execute(delete(T.team_adults).where(T.team_adults.c.team_id == team_id))
    conn.execute(
        insert(T.team_adults).values(
            team_id=team_id, adults=team_adults(hs).get(team_id), neighbourhoods=len(hs)
        )
    )


def stored_adults(conn: Connection, *where: Any) -> dict[str, tuple[int, int | None]]:
    """Each team's (commune, adults) as `team_adults` keeps them, for the teams `where` picks
    (conditions on the team table); adults None when not all counted, or no neighbourhood."""
    t, a = T.team.c, T.team_adults.c
    rows = conn.execute(
        select(t.id, t.commune_code, a.adults)
        .select_from(T.team.outerjoin(T.team_adults, a.team_id == t.id))
        .where(*where)
    )
    return {team_id: (commune, adults) for team_id, commune, adults in rows}


# --- rates ---------------------------------------------------------------------------------------


@dataclass(slots=True)
class ReachTable:
    rows: list[Reach]  # per neighbourhood, weakest first
    teams: dict[str, Reach]  # per team
    whole: Reach  # the commune
    counted: int  # neighbourhoods with adults known
    hoods: list[Hood] = field(default_factory=list)


def reach(
    conn: Connection, teams: dict[str, str], key: str, target_rate: float | None = None
) -> ReachTable:
    """Residents trained in the period `key` over the adults, per neighbourhood (weakest first,
    the weak marked), per team and in all. Only counted neighbourhoods enter a sum."""
    hs = hoods(conn, teams)
    n = T.roll_neighbourhood.c
    trained: dict[tuple[str, str], int] = {}
    if teams:
        for team_id, nb_id, count in conn.execute(
            select(n.team_id, n.neighbourhood_id, n.residents_trained).where(
                n.team_id.in_(list(teams)), n.period == key
            )
        ):
            trained[(team_id, nb_id)] = count
    rows = []
    for h in hs:
        f = h.figures
        rows.append(
            Reach(
                h.name,
                trained.get((h.team_id, h.id), 0),
                f.adults if f else None,
                by_commune=bool(f and f.by_commune),
                team=h.team_name,
                key=h.id,
                counted_on=f.counted_on if f else None,
            )
        )
    whole = overall(rows)
    per_team: dict[str, list[Reach]] = defaultdict(list)
    for h, r in zip(hs, rows, strict=True):
        per_team[h.team_id].append(r)
    teams_reach = {t: overall(per_team.get(t, [])) for t in teams}
    rows = mark_weak(rows, whole.rate, target_rate)
    return ReachTable(rows, teams_reach, whole, sum(1 for r in rows if r.adults), hs)


# --- targets -------------------------------------------------------------------------------------


def targets(conn: Connection, scope: str, code: int, year: int) -> dict[str, Target]:
    return _targets(conn, year, (scope, code))[scope, code]


def _targets(
    conn: Connection, year: int, *of: tuple[str, int]
) -> dict[tuple[str, int], dict[str, Target]]:
    """The year's targets of each (scope, code), in one query."""
    t = T.target.c
    out: dict[tuple[str, int], dict[str, Target]] = {k: {} for k in of}
    for row in conn.execute(
        select(T.target).where(
            t.year == year, or_(*((t.scope == scope) & (t.code == code) for scope, code in of))
        )
    ):
        if row.indicator in BY_CODE:
            out[row.scope, row.code][row.indicator] = Target(
                row.indicator, row.year, row.value, row.unit
            )
    return out


def set_target(
    conn: Connection,
    scope: str,
    code: int,
    target: Target,
    account_id: str,
    now: datetime,
) -> None:
    t = T.target.c
    where = (
        (t.scope == scope)
        & (t.code == code)
        & (t.year == target.year)
        & (t.indicator == target.code)
    )
    conn.execute(delete(T.target).where(where))
    conn.execute(
        insert(T.target).values(
            scope=scope,
            code=code,
            year=target.year,
            indicator=target.code,
            value=target.value,
            unit=target.unit,
            set_by=account_id,
            set_at=now,
        )
    )


def clear_target(conn: Connection, scope: str, code: int, year: int, indicator: str) -> None:
    t = T.target.c
    conn.execute(
        delete(T.target).where(
            t.scope == scope, t.code == code, t.year == year, t.indicator == indicator
        )
    )


def indicator_values(
    conn: Connection, codes: Iterable[str], team_ids: list[str], key: str
) -> dict[str, dict[str, int]]:
    """Each indicator's figure per team for the period `key` (code -> team -> value):
    `trained` from roll_team (residents trained), every other code from the standard
    indicators' rollups (roll_code), as sotay.domain.standard.Figure.value counts it; 0 where
    nothing counted. Two queries however many codes (a page asked once per target)."""
    codes = list(codes)
    out = {code: dict.fromkeys(team_ids, 0) for code in codes}
    if not (team_ids and codes):
        return out
    if TRAINED in out:
        r = T.roll_team.c
        for team_id, value in conn.execute(
            select(r.team_id, r.residents_trained).where(r.team_id.in_(team_ids), r.period == key)
        ):
            out[TRAINED][team_id] = value or 0
    others = [code for code in codes if code != TRAINED]
    if others:
        c = T.roll_code.c
        for code, team_id, people, count in conn.execute(
            select(c.code, c.team_id, c.people, c.count).where(
                c.team_id.in_(team_ids), c.period == key, c.code.in_(others)
            )
        ):
            out[code][team_id] = Figure(code, people, count).value or 0
    return out


@dataclass(slots=True)
class TargetProgress:
    indicator: Indicator
    target: Target  # the commune's (its own, or its share of the province's)
    source: str  # "commune" or "province"
    whole: Progress
    teams: list[Progress]
    basis: str  # how the target was split among the teams: "adults" or "equal"

    @property
    def behind(self) -> list[Progress]:
        return [p for p in self.teams if p.behind]


def _value(unit: str, value: int | None, adults: int | None) -> float | None:
    if value is None:
        return None
    if unit == PERCENT:
        return 100.0 * value / adults if adults else None
    return float(value)


def commune_target(
    conn: Connection, commune_code: int, province_code: int, year: int
) -> dict[str, tuple[Target, str]]:
    """The commune's targets of the year: its own, else its share of the province's (split
    among the province's communes by their adults when all are counted, else equally)."""
    both = _targets(conn, year, ("commune", commune_code), ("province", province_code))
    own, province = both["commune", commune_code], both["province", province_code]
    out = {k: (v, "commune") for k, v in own.items()}
    missing = [v for k, v in province.items() if k not in own]
    if not missing:
        return out
    # Each commune's adults, None when a team of it has not all counted: summed by the
    # database (a province's 1,500 teams were read row by row on each commune page).
    t, a = T.team.c, T.team_adults.c
    communes = {
        str(code): int(total) if counted == teams and total is not None else None
        for code, total, teams, counted in conn.execute(
            select(t.commune_code, func.sum(a.adults), func.count(), func.count(a.adults))
            .select_from(T.team.outerjoin(T.team_adults, a.team_id == t.id))
            .where(t.province_code == province_code)
            .group_by(t.commune_code)
        )
    }
    for target in missing:
        if target.unit == PERCENT:
            share = target.value
        else:
            share = split(target.value, communes)[0].get(str(commune_code), 0.0)
        out[target.code] = (Target(target.code, year, share, target.unit), "province")
    return out


def progress(
    conn: Connection,
    commune_code: int,
    province_code: int,
    year: int,
    today: date,
    teams: dict[str, str] | None = None,
) -> list[TargetProgress]:
    """Each target of the commune's year: the commune's figure against it, and each team's
    against its share, the teams behind marked (sotay/domain/denominators.py)."""
    wanted = commune_target(conn, commune_code, province_code, year)
    if not wanted:
        return []
    teams = commune_teams(conn, commune_code) if teams is None else teams
    held = stored_adults(conn, T.team.c.id.in_(list(teams))) if teams else {}
    adults = {team_id: held[team_id][1] if team_id in held else None for team_id in teams}
    gone = year_gone(year, today)
    all_values = indicator_values(conn, wanted, list(teams), str(year))
    out = []
    for indicator in INDICATORS:
        if indicator.code not in wanted:
            continue
        target, source = wanted[indicator.code]
        values = all_values[indicator.code]
        if target.unit == PERCENT:
            shares, basis = dict.fromkeys(teams, target.value), "rate"
        else:
            shares, basis = split(target.value, adults)
        team_rows = [
            judge(
                Progress(
                    teams[t],
                    _value(target.unit, values[t], adults[t]),
                    shares[t],
                    target.unit,
                    key=t,
                ),
                gone,
            )
            for t in teams
        ]
        known = [values[t] for t in teams if values[t] is not None]
        if target.unit == PERCENT:
            counted = [t for t in teams if adults[t] and values[t] is not None]
            whole_adults = sum(adults[t] or 0 for t in counted)
            whole_value = (
                100.0 * sum(values[t] or 0 for t in counted) / whole_adults
                if whole_adults
                else None
            )
        else:
            whole_value = float(sum(v or 0 for v in known)) if known else None
        whole = judge(Progress("", whole_value, target.value, target.unit), gone)
        team_rows.sort(key=lambda p: (not p.behind, p.percent or 0.0, p.name))
        out.append(TargetProgress(indicator, target, source, whole, team_rows, basis))
    return out


def province_progress(
    conn: Connection, province_code: int, year: int, today: date
) -> list[tuple[Indicator, Progress]]:
    """The province's own targets of the year, each with the province's figure against it (the
    province's workbook): a count summed over its teams, a rate over the teams whose adults
    are all counted, as `progress` sums a commune's."""
    wanted = targets(conn, "province", province_code, year)
    if not wanted:
        return []
    held = stored_adults(conn, T.team.c.province_code == province_code)
    teams = dict.fromkeys(held, "")
    adults = {team_id: a for team_id, (_, a) in held.items()}
    gone = year_gone(year, today)
    all_values = indicator_values(conn, wanted, list(teams), str(year))
    out = []
    for indicator in INDICATORS:
        target = wanted.get(indicator.code)
        if target is None:
            continue
        values = all_values[indicator.code]
        if target.unit == PERCENT:
            counted = [k for k in teams if adults.get(k) and values[k] is not None]
            whole_adults = sum(adults.get(k) or 0 for k in counted)
            value = _value(PERCENT, sum(values[k] or 0 for k in counted), whole_adults)
        else:
            known = [v for v in values.values() if v is not None]
            value = float(sum(known)) if known else None
        out.append((indicator, judge(Progress("", value, target.value, target.unit), gone)))
    return out


# --- what the pull carries -----------------------------------------------------------------------


def pull_block(conn: Connection, team_id: str, today: date) -> dict[str, Any]:
    """The commune's figures for the team's neighbourhoods and the year's targets with the
    team's share of each: what the laptop shows (sotay.domain.denominators.CommuneFigures)."""
    f = T.nb_figure.c
    neighbourhoods = {
        row.neighbourhood_id: Figures(
            row.adults, row.households, parse_day(row.counted_on)
        ).as_json()
        for row in conn.execute(select(T.nb_figure).where(f.team_id == team_id))
    }
    t = T.team.c
    team = conn.execute(
        select(t.commune_code, t.province_code).where(t.id == team_id)
    ).one_or_none()
    shares = []
    if team is not None:
        found = progress(
            conn,
            team.commune_code,
            team.province_code,
            today.year,
            today,
            teams=commune_teams(conn, team.commune_code),
        )
        for p in found:
            mine = next((x for x in p.teams if x.key == team_id), None)
            if mine is not None:
                shares.append(
                    p.target.as_json()
                    | {"value": p.target.value, "share": mine.target, "basis": p.basis}
                )
    return {"neighbourhoods": neighbourhoods, "targets": shares}


def units_of(indicator: Indicator) -> tuple[str, ...]:
    """The units a target of this indicator may be given in."""
    return (COUNT, PERCENT) if indicator.rate else (COUNT,)


# --- the pages ------------------------------------------------------------------------------------


def _trained_rate_target(found: list[TargetProgress]) -> float | None:
    return next(
        (p.target.value for p in found if p.indicator.code == TRAINED and p.target.unit == PERCENT),
        None,
    )


def commune_view(
    conn: Connection,
    commune_code: int,
    province_code: int,
    key: str,
    year: int,
    today: date,
    teams: dict[str, str] | None = None,
) -> dict[str, Any]:
    """What the commune page shows of reach and targets (templates _reach.html, _targets.html).
    `teams`: the commune's (id -> name), when the caller has read them already."""
    teams = commune_teams(conn, commune_code) if teams is None else teams
    found = progress(conn, commune_code, province_code, year, today, teams)
    return {
        "reach": reach(conn, teams, key, _trained_rate_target(found)),
        "targets": found,
        "target_year": year,
        "indicators": [(i, units_of(i)) for i in INDICATORS],
    }


def team_view(
    conn: Connection,
    team_id: str,
    commune_code: int,
    province_code: int,
    key: str,
    year: int,
    today: date,
) -> dict[str, Any]:
    """A team's page: its neighbourhoods' reach and its share of each target."""
    teams = commune_teams(conn, commune_code)
    found = progress(conn, commune_code, province_code, year, today, teams)
    mine = [(p, share) for p in found for share in p.teams if share.key == team_id]
    table = reach(conn, {team_id: teams.get(team_id, "")}, key, _trained_rate_target(found))
    return {"reach": table, "team_targets": mine, "target_year": year}


def province_view(conn: Connection, province_code: int, year: int) -> dict[str, Any]:
    """The province's own targets of the year (the form on the province page)."""
    return {
        "province_targets": targets(conn, "province", province_code, year),
        "target_year": year,
        "indicators": [(i, units_of(i)) for i in INDICATORS],
    }
