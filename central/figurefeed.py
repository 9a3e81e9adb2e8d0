"""The figures' feed for the province's systems (GET /v1/feed/figures, central/routes/figures.py):
the dashboard's figures as flat rows, one number each, for a period and a level (each team, each
commune, the province), as far as the account sees.

The numbers are the pages' own: a team's figures are its row of the commune's table
(dashboard.figure_rows), a commune's and the province's are the overview its page shows
(dashboard.overview, which the exports use too), all read from the rollups. Only a team's
topics and services are read here for many teams at once (`team_items`), with overview's rules
for one team (tests/test_feed.py checks they agree team by team).

A snapshot of a (period, scope, level) is made once and kept (FeedCache) until the rollups'
refresher computes one of its year's team-years again; then it is made again ahead of the next
ask. Pages of it are slices of its rows, written as JSON once."""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from central import dashboard
from central import tables as T
from central.dashboard import Scope
from central.rollups import FIGURES, period_key, quiet_moment
from sotay.domain.periods import Period
from sotay.domain.standard import Figure, in_order
from sotay.domain.text import collation_key

log = logging.getLogger(__name__)

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


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode()


class _Rows:
    """The snapshot's rows, written as JSON as they are made (a province's year by team is
    some 65,000): what a place's rows share is written once, and each item's name once."""

    def __init__(self, ask: Ask, province: str) -> None:
        self.out: list[bytes] = []
        # Each (figure, item, indicator)'s opening, written once: a row is then that, its
        # place's fields and its value.
        self._starts: dict[tuple[str, str | None, str | None], bytes] = {}
        self._base = b'"period":%s,"province_code":%d,"province":%s' % (
            _json(ask.period),
            ask.province_code,
            _json(province),
        )

    def place(
        self, commune: tuple[int, str] | None = None, team: tuple[str, str] | None = None
    ) -> bytes:
        return self._base + b',"commune_code":%s,"commune":%s,"team_id":%s,"team":%s' % (
            _json(commune[0] if commune else None),
            _json(commune[1] if commune else None),
            _json(team[0] if team else None),
            _json(team[1] if team else None),
        )

    def add(
        self, place: bytes, figure: str, value: int, item: str | None = None,
        indicator: str | None = None,
    ) -> None:  # fmt: skip
        key = (figure, item, indicator)
        start = self._starts.get(key)
        if start is None:
            start = b'{"figure":%s,"indicator":%s,"item":%s,' % (
                _json(figure), _json(indicator), _json(item)
            )  # fmt: skip
            self._starts[key] = start
        self.out.append(b'%s%s,"value":%d}' % (start, place, int(value)))

    def figures(self, place: bytes, figures: Any) -> None:
        """The FIGURES, each always (a team with nothing that period has its zeros)."""
        for k in FIGURES:
            self.add(place, k, figures[k])

    def items(
        self,
        place: bytes,
        by_topic: Iterable[tuple[Any, ...]],
        by_service: Iterable[tuple[Any, ...]],
    ) -> None:
        """The topics' and services' figures, as an overview lists them; those with a count
        only (a catalogue item nobody used that period has no row: its figures are 0)."""
        for lines, names in ((by_topic, TOPIC_FIGURES), (by_service, SERVICE_FIGURES)):
            for name, *counts in lines:
                # The indicator code the item carries goes in `indicator` (issue 23, item 1).
                for figure, n in zip(names, counts, strict=True):
                    if n:
                        self.add(place, figure, n, item=name)

    def indicators(self, place: bytes, figures: Iterable[Figure]) -> None:
        """The standard indicators' figures (sotay/domain/standard.py), a row each with the
        code as `figure` and `indicator`: the value the pages show (Figure.value)."""
        values = [(f.code, f.value) for f in figures]
        for code, value in values:
            self.add(place, code, value, indicator=code)

    def overview(self, place: bytes, ov: Any) -> None:
        self.figures(place, {k: getattr(ov, k) for k in FIGURES})
        self.indicators(place, ov.standard)
        self.items(place, ov.by_topic, ov.by_service)


def team_items(
    conn: Connection, period: Period, which: Any
) -> dict[str, tuple[list[Any], list[Any]]]:
    """Each team's topics and services as dashboard.overview(conn, [team], period) gives them
    (by name, in the catalogue's order, zeros included), for the teams `which` selects: three
    queries whatever the number of teams (overview would be three per team)."""
    ids = select(T.team.c.id).where(which)
    key = period_key(period)
    names: dict[str, dict[tuple[str, str], tuple[int, str]]] = defaultdict(dict)
    for team_id, kind, item_id, sort, name in dashboard.catalogue(conn, ids):
        names[team_id][(kind, item_id)] = (sort, name)
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
    out: dict[str, tuple[list[Any], list[Any]]] = {}
    for team_id, items in names.items():
        order = dashboard.catalogue_order(items.items())  # overview's rule, team by team
        mine = counts.get(team_id, {})
        out[team_id] = (
            [(n, *mine.get(("topic", n), [0, 0])) for n in order["topic"]],
            [(n, *mine.get(("service", n), [0, 0, 0])) for n in order["service"]],
        )
    return out


def build(conn: Connection, ask: Ask, period: Period) -> list[bytes]:
    """Every row of the snapshot as JSON, in a stable order: communes and teams by name
    (Vietnamese order), then FIGURES' order, then the topics and the services."""
    rows = _Rows(ask, _province_name(ask.province_code))
    if ask.level == "province":
        ids = list(
            conn.execute(
                select(T.team.c.id).where(T.team.c.province_code == ask.province_code)
            ).scalars()
        )
        rows.overview(rows.place(), dashboard.overview(conn, ids, period))
        return rows.out
    if ask.commune_code is not None:
        which = T.team.c.commune_code == ask.commune_code
    else:
        which = T.team.c.province_code == ask.province_code
    teams = dashboard.figure_rows(conn, period, which)
    if ask.level == "commune":
        by_commune: dict[int, list[dashboard.TeamRow]] = defaultdict(list)
        for team in teams:
            by_commune[team.commune_code].append(team)
        for code, members in sorted(
            by_commune.items(), key=lambda x: collation_key(x[1][0].commune_name)
        ):
            # The commune page's own cards and lines (commune_view's `total`).
            ov = dashboard.overview(conn, [t.id for t in members], period)
            rows.overview(rows.place((code, members[0].commune_name)), ov)
        return rows.out
    items = team_items(conn, period, which)
    by_code = team_codes(conn, period, which)
    for team in teams:
        place = rows.place((team.commune_code, team.commune_name), (team.id, team.name))
        rows.figures(place, team.figures)  # its line of the commune's table
        rows.indicators(place, in_order(by_code.get(team.id, {})))  # its team page's
        rows.items(place, *items.get(team.id, ([], [])))
    return rows.out


def team_codes(
    conn: Connection, period: Period, which: Any
) -> dict[str, dict[str, tuple[int, int]]]:
    """Every team's figures by indicator code (roll_code, which the team page sums for one
    team: central/standard.figures), in one query."""
    c = T.roll_code.c
    out: dict[str, dict[str, tuple[int, int]]] = defaultdict(dict)
    for team_id, code, people, count in conn.execute(
        select(c.team_id, c.code, c.people, c.count)
        .join(T.team, T.team.c.id == c.team_id)
        .where(c.period == period_key(period), which)
    ):
        out[team_id][code] = (int(people), int(count))
    return out


def _province_name(code: int) -> str:
    from central import teams

    return teams.province(code) or ""


# --- the snapshots, kept -------------------------------------------------------------------------


PAGE_SIZE = 10_000  # a province's year by team (some 73,500 rows) in 8 requests, within the burst
MAX_PAGE_SIZE = 10_000


@dataclass(frozen=True, slots=True)
class Snapshot:
    rows: list[bytes]  # each row as JSON, written once
    etag: str  # of the whole snapshot: a page's ETag adds its place in it
    made_at: float
    size: int  # bytes of JSON
    # Large pages' gzip, made once: (the deflated opening, the deflater after it), page by
    # (start, size); what follows the rows (the next page's link) is deflated per request.
    _gz: dict[tuple[int, int], tuple[bytes, Any]] = field(default_factory=dict)

    GZ_KEPT = 32  # pages at most (a walk of small pages deflates each as it goes)
    GZ_FROM = 64 * 1024  # bytes of JSON: smaller pages are deflated per request
    # What a kept page's deflater holds: zlib's window and hash at level 6 (windowBits 15,
    # memLevel 8), about 256 KB; and what Python adds to each row (a bytes object, its place
    # in the list).
    DEFLATER_BYTES = 256 * 1024
    ROW_BYTES = 41

    @property
    def memory(self) -> int:
        """About what the snapshot holds in memory: its rows, and each kept page's gzip with
        its deflater (a province's year by team keeps 8: some 2 MB of deflaters beside its
        24 MB of JSON and their few MB of gzip)."""
        # A copy made in one step (a request's walk may add a page from another thread).
        gz = sum(len(head) + self.DEFLATER_BYTES for head, _ in tuple(self._gz.values()))
        return self.size + self.ROW_BYTES * len(self.rows) + gz

    def opening(self, start: int, size: int) -> bytes:
        """A page's JSON up to its rows' end: its link (if any) and closing brace follow."""
        rows = b",".join(self.rows[start : start + size])
        return b'{"@odata.count":%d,"value":[%s]' % (len(self.rows), rows)

    def gzipped(self, start: int, size: int, end: bytes) -> bytes:
        """The page (its opening, then `end`) as one gzip member, at the service's level 6:
        its opening is deflated once (a province's year is 24 MB of JSON, a quarter of a
        second to deflate at each walk), the end per request, from a copy of the deflater."""
        head, deflater = self._deflated(start, size)
        rest = deflater.copy()  # the deflater's own lock makes copies from threads safe
        return head + rest.compress(end) + rest.flush()

    def _deflated(self, start: int, size: int) -> tuple[bytes, Any]:
        kept = self._gz.get((start, size))
        if kept is None:
            opening = self.opening(start, size)
            deflater = zlib.compressobj(6, zlib.DEFLATED, 31)  # 31: with the gzip header
            kept = (deflater.compress(opening) + deflater.flush(zlib.Z_SYNC_FLUSH), deflater)
            if len(opening) >= self.GZ_FROM and len(self._gz) < self.GZ_KEPT:
                self._gz[(start, size)] = kept
        return kept

    def warm(self, size: int = PAGE_SIZE) -> None:
        """Deflate the pages of this size ahead of the walk (on the cache's thread)."""
        for start in range(0, len(self.rows), size):
            self._deflated(start, size)


def snapshot(rows: list[bytes], made_at: float) -> Snapshot:
    digest = hashlib.sha256()
    for line in rows:
        digest.update(line)
        digest.update(b"\n")
    return Snapshot(rows, digest.hexdigest()[:24], made_at, sum(map(len, rows)))


class FeedCache:
    """Snapshots by what they are of, kept until the refresher computes one of their year's
    team-years again (`invalidate`, called by central/rollups.Refresher).

    What was asked is made again ahead of the next ask: a quiet moment after the refresher's
    last change, this cache's thread makes anew the dropped snapshots of the asks seen lately,
    so a province's system that polls finds its snapshot ready (a province's year by team
    takes a second or two to make, and a walk of it under one once made). A snapshot older
    than TTL is still served, and made again behind it: what the refresher does not see (a
    team added on the command line, a replica a moment behind) shows by the next ask. (With
    the thread not started, an aged snapshot is made again at once, as the ask waits.)
    Two asks of one snapshot at once make it once."""

    TTL = 60.0
    QUIET = 2.0  # seconds without a change before the asks seen are made again
    PATIENCE = 15  # quiet waits at most: a steady stream of pushes still gets its snapshots
    REMEMBER = 7 * 24 * 3600.0  # an ask not seen for a week is no longer made ahead
    AHEAD = 16  # asks made ahead at most, the latest seen first
    # Bytes kept (Snapshot.memory: the JSON, its gzip and deflaters), the oldest snapshot
    # dropped first (a province's year by team is some 30 MB; a commune's month a few kB).
    BUDGET = 128 * 2**20

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._kept: dict[Ask, Snapshot] = {}
        self._changed: dict[int, int] = defaultdict(int)  # year -> refreshes seen
        self._seen: dict[Ask, tuple[Callable[[], list[bytes]], float]] = {}  # latest last
        self._making: dict[Ask, threading.Event] = {}
        self._due: set[Ask] = set()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.made = 0  # snapshots made (a test tells a cached answer from a new one)

    def get(self, ask: Ask, make: Callable[[], list[bytes]]) -> Snapshot:
        now = self.clock()
        with self._lock:
            self._seen.pop(ask, None)
            self._seen[ask] = (make, now)
            kept = self._kept.get(ask)
            if kept is not None and now - kept.made_at < self.TTL:
                return kept
            if kept is not None and self._thread is not None and self._thread.is_alive():
                self._due.add(ask)
                self._wake.set()
                return kept
        # Never kept, or aged without the thread to make it again (a service not started).
        return self._make(ask, make, now - self.TTL)

    def _make(self, ask: Ask, make: Callable[[], list[bytes]], since: float) -> Snapshot:
        """The snapshot of `ask` made after `since`: the one kept, the one another thread is
        making (waited for), or a new one."""
        while True:
            with self._lock:
                kept = self._kept.get(ask)
                if kept is not None and kept.made_at > since:
                    return kept
                flight = self._making.get(ask)
                if flight is None:
                    flight = self._making[ask] = threading.Event()
                    generation = self._changed[ask.year]
                    break
            flight.wait()  # then the kept one, or (computed again meanwhile) make it here
        try:
            made = snapshot(make(), self.clock())
            with self._lock:
                self.made += 1
                # Computed again meanwhile: this one may be older than the rollups, not kept.
                if self._changed[ask.year] == generation:
                    self._kept.pop(ask, None)
                    self._kept[ask] = made
                    self._trim()
        finally:
            with self._lock:
                del self._making[ask]
            flight.set()
        return made

    def _trim(self) -> None:
        """Drop the oldest snapshots past the budget (the newest is kept). Under the lock."""
        while len(self._kept) > 1 and sum(k.memory for k in self._kept.values()) > self.BUDGET:
            self._kept.pop(next(iter(self._kept)))

    def invalidate(self, year: int) -> None:
        with self._lock:
            self._changed[year] += 1
            for ask in [a for a in self._kept if a.year == year]:
                del self._kept[ask]
            self._due.update(a for a in self._seen if a.year == year)
            self._wake.set()

    # --- made ahead, on the cache's own thread ---------------------------------------------

    def start(self) -> None:
        """Start the thread that makes the asks seen again (the service's lifespan)."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="feed", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(30)

    def due(self) -> list[tuple[Ask, Callable[[], list[bytes]]]]:
        """The asks to make again now, the latest seen first; those not seen for a while are
        forgotten."""
        now = self.clock()
        with self._lock:
            for ask in [a for a, (_, at) in self._seen.items() if now - at > self.REMEMBER]:
                del self._seen[ask]
            due = [(a, make) for a, (make, _) in reversed(self._seen.items()) if a in self._due]
            self._due.clear()
        return due[: self.AHEAD]

    def make_due(self) -> int:
        """Make again what is due (what was dropped or has aged). Returns how many."""
        done = 0
        for ask, make in self.due():
            if self._stop.is_set():
                break
            try:
                self._make(ask, make, self.clock() - self.TTL).warm()
                with self._lock:
                    self._trim()  # its gzip and deflaters, kept since it was counted
                done += 1
            except Exception:  # the next ask makes it itself, and says why if it fails too
                log.exception("making the feed's snapshot %s ahead failed", ask)
        return done

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait()
            # The refresher computes a round of team-years at a time.
            quiet_moment(self._wake, self._stop, self.QUIET, self.PATIENCE)
            if not self._stop.is_set():
                self.make_due()
