"""The figures' feed for the province's systems (GET /v1/feed/figures, central/routes/figures.py):
the dashboard's figures as flat rows, one number each, for a period and a level (each team, each
commune, the province), as far as the account sees.

The numbers are the pages' own: a team's figures are its row of the commune's table
(dashboard.team_rows), a commune's and the province's are the overview its page shows
(dashboard.overview, which the exports use too), all read from the rollups. Only a team's
topics and services are read here for many teams at once (`team_items`), with overview's rules
for one team (tests/test_feed.py checks they agree team by team).

A snapshot of a (period, scope, level) is made once and kept (FeedCache) until the rollups'
refresher computes one of its year's team-years again, or a minute passes (for a team added on
the command line, or a replica a moment behind); pages of it are slices of its rows, written
as JSON once."""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from central import dashboard
from central import tables as T
from central.dashboard import Scope
from central.rollups import FIGURES, period_key
from sotay.domain.periods import Period
from sotay.domain.text import collation_key

LEVELS = ("team", "commune", "province")
# A topic's and a service's figures, by stable names (the item's name goes in `item`).
TOPIC_FIGURES = ("topic_trainings", "topic_attendances")
SERVICE_FIGURES = ("service_done", "service_not_done", "service_referred")


class OutOfScope(Exception):
    """A level or commune the account does not see (its pages would answer 404)."""


@dataclass(frozen=True, slots=True)
class Ask:
    """What a snapshot is of: the cache's key."""

    period: str  # period_key: "2026", "2026-Q4", "2026-11"
    province_code: int
    commune_code: int | None  # the account's commune, or the commune asked for, or None
    level: str

    @property
    def year(self) -> int:
        return int(self.period[:4])


def ask_for(scope: Scope, period: Period, level: str, commune: int | None) -> Ask:
    """The account's question, within its scope (else OutOfScope)."""
    if scope.commune_code is not None:
        if level == "province":
            raise OutOfScope("a commune account sees its commune: level=province is not its")
        if commune is not None and commune != scope.commune_code:
            raise OutOfScope(f"this account sees commune {scope.commune_code} only")
        commune = scope.commune_code
    elif commune is not None:
        from central import teams

        try:
            code, _name, province_code, _pname = teams.commune(commune)
        except teams.UnknownCommune:
            raise OutOfScope(f"no commune {commune}") from None
        if province_code != scope.province_code:
            raise OutOfScope(f"commune {commune} is not of province {scope.province_code}")
        if level == "province":
            raise OutOfScope("level=province is the whole province: leave out commune")
        commune = code
    return Ask(period_key(period), scope.province_code, commune, level)


def _row(
    ask: Ask, figure: str, value: int, *, item: str | None = None, indicator: str | None = None,
    province: str = "", commune: tuple[int, str] | None = None,
    team: tuple[str, str] | None = None,
) -> dict[str, Any]:  # fmt: skip
    return {
        "figure": figure,
        "indicator": indicator,
        "item": item,
        "period": ask.period,
        "province_code": ask.province_code,
        "province": province,
        "commune_code": commune[0] if commune else None,
        "commune": commune[1] if commune else None,
        "team_id": team[0] if team else None,
        "team": team[1] if team else None,
        "value": int(value),
    }


def _overview_rows(ov: Any, make: Callable[..., dict[str, Any]]) -> list[dict[str, Any]]:
    """An overview's figures, then its topics and services (those with a count: a catalogue
    item nobody used is left out, its figures are 0)."""
    rows = [make(k, getattr(ov, k)) for k in FIGURES]
    rows += _item_rows(ov.by_topic, ov.by_service, make)
    return rows


def _item_rows(
    by_topic: Iterable[tuple[Any, ...]],
    by_service: Iterable[tuple[Any, ...]],
    make: Callable[..., dict[str, Any]],
) -> list[dict[str, Any]]:
    rows = []
    for line, names in ((by_topic, TOPIC_FIGURES), (by_service, SERVICE_FIGURES)):
        for name, *counts in line:
            # The indicator code an item carries goes in `indicator` (issue 23, item 1): see
            # the report for where the codes join.
            rows += [
                make(figure, n, item=name) for figure, n in zip(names, counts, strict=True) if n
            ]
    return rows


def team_items(
    conn: Connection, period: Period, which: Any
) -> dict[str, tuple[list[tuple[str, int, int]], list[tuple[str, int, int, int]]]]:
    """Each team's topics and services as dashboard.overview(conn, [team], period) gives them
    (by name, in the catalogue's order, zeros included), for the teams `which` selects: three
    queries whatever the number of teams (overview would be three per team)."""
    ids = select(T.team.c.id).where(which)
    key = period_key(period)
    names: dict[str, dict[tuple[str, str], tuple[int, str]]] = defaultdict(dict)
    rec = T.record.c
    for team_id, entity, record_id, payload in conn.execute(
        select(rec.team_id, rec.entity, rec.id, rec.payload).where(
            rec.team_id.in_(ids), rec.entity.in_(("topic", "service")), rec.deleted.is_(False)
        )
    ):
        item = json.loads(payload)
        names[team_id][(entity, record_id)] = (
            int(item.get("sort", 0) or 0),
            str(item.get("name", "")),
        )
    counts: dict[str, dict[tuple[str, str], list[int]]] = defaultdict(dict)
    tp, sv = T.roll_topic.c, T.roll_service.c
    for team_id, topic_id, n, m in conn.execute(
        select(tp.team_id, tp.topic_id, tp.trainings, tp.attendances).where(
            tp.team_id.in_(ids), tp.period == key
        )
    ):
        known = names[team_id].get(("topic", topic_id))
        if known is not None:
            line = counts[team_id].setdefault(("topic", known[1]), [0, 0])
            line[0] += int(n)
            line[1] += int(m)
    for team_id, service_id, done, not_done, referred in conn.execute(
        select(sv.team_id, sv.service_id, sv.done, sv.not_done, sv.referred).where(
            sv.team_id.in_(ids), sv.period == key
        )
    ):
        known = names[team_id].get(("service", service_id))
        if known is not None:
            line = counts[team_id].setdefault(("service", known[1]), [0, 0, 0])
            for i, n in enumerate((done, not_done, referred)):
                line[i] += int(n)
    out = {}
    for team_id, items in names.items():
        order: dict[str, dict[str, int]] = {"topic": {}, "service": {}}
        for (entity, _id), (sort, name) in items.items():
            seen = order[entity].get(name)
            if seen is None or sort < seen:
                order[entity][name] = sort
        mine = counts.get(team_id, {})

        def ordered(entity: str) -> list[str]:
            return sorted(order[entity], key=lambda n: (order[entity][n], collation_key(n)))  # noqa: B023

        out[team_id] = (
            [(n, *mine.get(("topic", n), [0, 0])) for n in ordered("topic")],
            [(n, *mine.get(("service", n), [0, 0, 0])) for n in ordered("service")],
        )
    return out  # type: ignore[return-value]


def build(conn: Connection, ask: Ask, period: Period) -> list[dict[str, Any]]:
    """Every row of the snapshot, in a stable order: communes and teams by name (Vietnamese
    order), then FIGURES' order, then the topics and the services."""
    province = _province_name(ask.province_code)
    if ask.level == "province":
        ids = list(
            conn.execute(
                select(T.team.c.id).where(T.team.c.province_code == ask.province_code)
            ).scalars()
        )
        ov = dashboard.overview(conn, ids, period)
        return _overview_rows(ov, lambda f, v, **kw: _row(ask, f, v, province=province, **kw))
    if ask.commune_code is not None:
        which = T.team.c.commune_code == ask.commune_code
        teams = dashboard.team_rows(conn, ask.commune_code, period)
    else:
        which = T.team.c.province_code == ask.province_code
        teams = dashboard.province_team_rows(conn, ask.province_code, period)
    rows: list[dict[str, Any]] = []
    if ask.level == "commune":
        by_commune: dict[int, list[dashboard.TeamRow]] = defaultdict(list)
        for team in teams:
            by_commune[team.commune_code].append(team)
        for code, members in sorted(
            by_commune.items(), key=lambda x: collation_key(x[1][0].commune_name)
        ):
            where = (code, members[0].commune_name)
            # The commune page's own cards and lines (commune_view's `total`).
            ov = dashboard.overview(conn, [t.id for t in members], period)
            rows += _overview_rows(
                ov, lambda f, v, w=where, **kw: _row(ask, f, v, province=province, commune=w, **kw)
            )
        return rows
    items = team_items(conn, period, which)
    for team in teams:

        def make(f: str, v: int, t: dashboard.TeamRow = team, **kw: Any) -> dict[str, Any]:
            return _row(
                ask, f, v, province=province, commune=(t.commune_code, t.commune_name),
                team=(t.id, t.name), **kw,
            )  # fmt: skip

        rows += [make(k, team.figures[k]) for k in FIGURES]
        by_topic, by_service = items.get(team.id, ([], []))
        rows += _item_rows(by_topic, by_service, make)
    return rows


def _province_name(code: int) -> str:
    from central import teams

    return teams.province(code) or ""


# --- the snapshots, kept -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Snapshot:
    rows: list[bytes]  # each row as JSON, written once
    etag: str  # of the whole snapshot: a page's ETag adds its place in it
    made_at: float


def snapshot(rows: list[dict[str, Any]], made_at: float) -> Snapshot:
    encoded = [json.dumps(r, ensure_ascii=False, separators=(",", ":")).encode() for r in rows]
    digest = hashlib.sha256()
    for line in encoded:
        digest.update(line)
        digest.update(b"\n")
    return Snapshot(encoded, digest.hexdigest()[:24], made_at)


class FeedCache:
    """Snapshots by what they are of, kept until the refresher computes one of their year's
    team-years again (`invalidate`, called by central/rollups.Refresher) or TTL passes."""

    TTL = 60.0
    SIZE = 64  # snapshots kept (a province's year by team is some 20 MB of JSON)

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._kept: dict[Ask, Snapshot] = {}
        self._changed: dict[int, int] = defaultdict(int)  # year -> refreshes seen
        self._lock = threading.Lock()
        self.made = 0  # snapshots made (a test tells a cached answer from a new one)

    def get(self, ask: Ask, make: Callable[[], list[dict[str, Any]]]) -> Snapshot:
        now = self.clock()
        with self._lock:
            kept = self._kept.get(ask)
            if kept is not None and now - kept.made_at < self.TTL:
                return kept
            generation = self._changed[ask.year]
        made = snapshot(make(), now)
        with self._lock:
            self.made += 1
            # Computed again meanwhile: this one may be older than the rollups, not kept.
            if self._changed[ask.year] == generation:
                if len(self._kept) >= self.SIZE:
                    self._kept.pop(next(iter(self._kept)))
                self._kept[ask] = made
        return made

    def invalidate(self, year: int) -> None:
        with self._lock:
            self._changed[year] += 1
            for ask in [a for a in self._kept if a.year == year]:
                del self._kept[ask]
