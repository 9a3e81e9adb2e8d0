"""The dashboard's figures, kept up to date at ingest.

Each push that writes a resident, training, attendance or help session also writes its *fact*
(the fields the figures need, as columns) and marks the team's years it touches as dirty, in
the same transaction. The refresher (a thread of the service) then computes each dirty year of
the team again from its facts, for the year, its quarters and its months, into `roll_*` rows.
Pages and exports read only those rows.

Why computed again per team-year rather than adjusted per change: the counts of distinct
residents (trained, of them women and 60+, assisted) cannot be summed over months, and a
change to a training (its day, its status) moves every attendance of it. One team's year is
small (a large ward's is 150,000 attendances, read in a fraction of a second), the result is
exactly the laptops' overview by construction, and a refresh is idempotent: a missed or
repeated one never drifts. The refresher runs a second after the last push, so a team
sending its first year in many batches is computed a few times, not once per batch.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, delete, insert, select, update
from sqlalchemy.engine import Connection

from central import denominators
from central import tables as T
from sotay.domain.periods import ELDERLY_AGE, Period, PeriodKind, simplest
from sotay.domain.standard import Figure, Tally, item_code

if TYPE_CHECKING:
    from central.db import WriterQueue

log = logging.getLogger(__name__)


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


FACT_ENTITIES = ("resident", "training", "attendance", "assist")
# Catalogue items: their standard indicator code decides which figures their records count
# in, so a write of one computes the team's every year again (rare: the leader maps an item).
CODED = ("topic", "service")
WATCHED = FACT_ENTITIES + CODED  # what ingest hands record_facts
FIGURES = (
    "trainings_held",
    "trainings_planned",
    "trainings_cancelled",
    "attendances",
    "residents_trained",
    "women_trained",
    "elderly_trained",
    "assists",
    "assisted_residents",
)
OUTCOMES = ("done", "not_done", "referred")


def period_key(period: Period) -> str:
    period = simplest(period)  # January to March is kept as the first quarter
    match period.kind:
        case PeriodKind.MONTH:
            return f"{period.year}-{period.index:02d}"
        case PeriodKind.QUARTER:
            return f"{period.year}-Q{period.index}"
        case PeriodKind.YEAR_TO_DATE:
            return f"{period.year}-Y{period.index:02d}"
    return str(period.year)


# The years so far that are not a month, a quarter or the year (kept for roll_team only: the
# comparisons beside each figure, issue 23; a page reads them with the period, in one query).
YTD_MONTHS = (2, 4, 5, 6, 7, 8, 9, 10, 11)


def year_keys(year: int) -> list[str]:
    return [
        str(year),
        *(f"{year}-Q{q}" for q in range(1, 5)),
        *(f"{year}-{m:02d}" for m in range(1, 13)),
        *(f"{year}-Y{m:02d}" for m in YTD_MONTHS),
    ]


def month_keys(year: int, month: int) -> tuple[str, str, str]:
    """The periods a month counts in: itself, its quarter, its year."""
    return f"{year}-{month:02d}", f"{year}-Q{(month - 1) // 3 + 1}", str(year)


def team_keys(year: int, month: int) -> tuple[str, ...]:
    """The periods a month counts in for a team's figures: also every year so far it is in."""
    return (*month_keys(year, month), *(f"{year}-Y{m:02d}" for m in YTD_MONTHS if m >= month))


# --- facts, at ingest ---------------------------------------------------------------------------


def _year_month(day: Any) -> tuple[int, int] | None:
    try:
        text = str(day)
        year, month = int(text[:4]), int(text[5:7])
    except (TypeError, ValueError):
        return None
    return (year, month) if 1 <= month <= 12 else None


def _ref(value: Any) -> str | None:
    return value[:36] if isinstance(value, str) and value else None


def fact(
    entity: str, team_id: str, record_id: str, deleted: bool, p: dict[str, Any]
) -> dict[str, Any] | None:
    """The fact row of a record as stored (its payload checked at ingest), or None when it has
    none (deleted, or a day that is not a day)."""
    if entity == "resident":
        return {
            "team_id": team_id,
            "id": record_id,
            "full_name": str(p.get("full_name") or ""),
            "gender": p.get("gender"),
            "birth_year": p.get("birth_year"),
            "deleted": deleted,
            "neighbourhood_id": _ref(p.get("neighbourhood_id")),
        }
    if deleted:
        return None
    if entity == "attendance":
        return {
            "team_id": team_id,
            "id": record_id,
            "training_id": p["training_id"],
            "resident_id": p["resident_id"],
            "present": bool(p.get("present", 1)),
        }
    when = _year_month(p.get("day"))
    if when is None:
        return None
    row: dict[str, Any] = {"team_id": team_id, "id": record_id, "day": str(p["day"])[:10]}
    row |= {"year": when[0], "month": when[1]}
    if entity == "training":
        return row | {
            "status": str(p.get("status", ""))[:10],
            "place": str(p.get("place") or ""),
            "topics": ",".join(p.get("topic_ids") or []),
        }
    return row | {
        "resident_id": p["resident_id"],
        "member_id": p["member_id"],
        "service_id": p["service_id"],
        "outcome": str(p.get("outcome", ""))[:10],
    }


def record_facts(
    conn: Connection,
    team_id: str,
    written: Iterable[tuple[str, str, bool, dict[str, Any]]],
    *,
    mark: bool = True,
) -> set[int]:
    """Write the facts of records just written, as (entity, id, deleted, payload), and mark
    the team's years whose figures they change. Returns those years."""
    by_entity: dict[str, dict[str, tuple[bool, dict[str, Any]]]] = defaultdict(dict)
    coded = False
    for entity, record_id, deleted, payload in written:
        if entity in FACT_ENTITIES:
            by_entity[entity][record_id] = (deleted, payload)
        coded = coded or entity in CODED
    years: set[int] = set()
    every_year = False
    if coded:
        years.update(team_years(conn, team_id))
    for entity, records in by_entity.items():
        table = getattr(T, f"f_{entity}")
        ids = list(records)
        old: dict[str, Any] = {}
        for chunk in _chunks(ids):
            for found in conn.execute(
                select(table).where(table.c.team_id == team_id, table.c.id.in_(chunk))
            ):
                old[found.id] = found
        rows = [
            row
            for rid, (deleted, p) in records.items()
            if (row := fact(entity, team_id, rid, deleted, p)) is not None
        ]
        if entity == "resident":
            for row in rows:
                before = old.get(row["id"])
                if before is None or (
                    before.gender,
                    before.birth_year,
                    before.neighbourhood_id,
                ) != (row["gender"], row["birth_year"], row["neighbourhood_id"]):
                    every_year = True  # who counts as a woman or 60+, or where, changed
        elif entity in ("training", "assist"):
            years.update(old[i].year for i in old)
            years.update(row["year"] for row in rows)
        else:  # attendance: the years of its training, before and after
            trainings = {old[i].training_id for i in old} | {row["training_id"] for row in rows}
            for chunk in _chunks(sorted(trainings)):
                years.update(
                    conn.execute(
                        select(T.f_training.c.year)
                        .where(T.f_training.c.team_id == team_id, T.f_training.c.id.in_(chunk))
                        .distinct()
                    ).scalars()
                )
        for chunk in _chunks(ids):
            conn.execute(delete(table).where(table.c.team_id == team_id, table.c.id.in_(chunk)))
        if rows:
            conn.execute(insert(table), rows)
    if every_year:
        years.update(
            conn.execute(
                select(T.f_training.c.year).where(T.f_training.c.team_id == team_id).distinct()
            ).scalars()
        )
    if mark and years:
        mark_dirty(conn, team_id, years)
    return years


def team_years(conn: Connection, team_id: str) -> set[int]:
    """Every year the team has a training or a help session in."""
    return set(
        conn.execute(
            select(T.f_training.c.year)
            .where(T.f_training.c.team_id == team_id)
            .union(select(T.f_assist.c.year).where(T.f_assist.c.team_id == team_id))
        ).scalars()
    )


def mark_dirty(conn: Connection, team_id: str, years: Iterable[int]) -> None:
    now = utcnow()
    d = T.roll_dirty.c
    for year in sorted(set(years)):
        done = conn.execute(
            update(T.roll_dirty).where(d.team_id == team_id, d.year == year).values(marked_at=now)
        )
        if done.rowcount == 0:
            conn.execute(insert(T.roll_dirty).values(team_id=team_id, year=year, marked_at=now))


def _chunks[V](items: list[V], size: int = 500) -> Iterable[list[V]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def backfill(conn: Connection) -> None:
    """Facts of every record already stored (the migration that brings the dashboard), and
    every team's years marked to be computed."""
    r = T.record.c
    for entity in FACT_ENTITIES:
        teams = list(conn.execute(select(r.team_id).where(r.entity == entity).distinct()).scalars())
        for team_id in teams:
            rows = conn.execute(
                select(r.id, r.deleted, r.payload).where(r.team_id == team_id, r.entity == entity)
            )
            batch: list[tuple[str, str, bool, dict[str, Any]]] = []
            for row in rows:
                batch.append((entity, row.id, row.deleted, json.loads(row.payload)))
                if len(batch) >= 2000:
                    record_facts(conn, team_id, batch, mark=False)
                    batch = []
            record_facts(conn, team_id, batch, mark=False)
    for team_id, year in conn.execute(
        select(T.f_training.c.team_id, T.f_training.c.year)
        .union(select(T.f_assist.c.team_id, T.f_assist.c.year))
        .subquery()
        .select()
    ).all():
        mark_dirty(conn, team_id, [year])


# --- computing a team's year ----------------------------------------------------------------------


@dataclass(slots=True)
class YearFigures:
    team: dict[str, dict[str, int]] = field(default_factory=dict)
    topics: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    services: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    trained: dict[str, set[str]] = field(default_factory=dict)  # residents, by period
    # Each resident trained or helped: the months (bits, January = 1) of each (roll_person).
    months: dict[str, list[int]] = field(default_factory=dict)
    codes: dict[str, list[Figure]] = field(default_factory=dict)  # by period key


def item_codes(conn: Connection, team_id: str) -> dict[tuple[str, str], str]:
    """The team's catalogue items that carry a standard indicator code, by (kind, id)."""
    r = T.record.c
    out: dict[tuple[str, str], str] = {}
    for entity, record_id, payload in conn.execute(
        select(r.entity, r.id, r.payload).where(r.team_id == team_id, r.entity.in_(CODED))
    ):
        code = item_code(entity, record_id, json.loads(payload))
        if code is not None:
            out[(entity, record_id)] = code
    return out


def compute(conn: Connection, team_id: str, year: int) -> YearFigures:
    """A team's figures for a year, its quarters and months, from its facts: the laptop's
    overview (desktop/store/queries.overview), period by period."""
    out = YearFigures(team={k: dict.fromkeys(FIGURES, 0) for k in year_keys(year)})
    codes = item_codes(conn, team_id)
    tallies = {k: Tally() for k in year_keys(year)}
    t = T.f_training.c
    held: dict[str, tuple[int, list[str]]] = {}
    for row in conn.execute(
        select(t.id, t.month, t.status, t.topics).where(t.team_id == team_id, t.year == year)
    ):
        figure = f"trainings_{row.status}"
        for k in team_keys(year, row.month):
            if figure in out.team[k]:
                out.team[k][figure] += 1
        if row.status == "held":
            held[row.id] = (row.month, [x for x in row.topics.split(",") if x])
    a = T.f_attendance.c
    present: Counter[str] = Counter()
    people: dict[str, set[str]] = defaultdict(set)
    for training_id, resident_id in conn.execute(
        select(a.training_id, a.resident_id)
        .join(T.f_training, (t.team_id == a.team_id) & (t.id == a.training_id))
        .where(a.team_id == team_id, t.year == year, t.status == "held", a.present.is_(True))
    ):
        present[training_id] += 1
        month, topic_ids = held[training_id]
        topic_codes = {c for i in topic_ids if (c := codes.get(("topic", i))) is not None}
        for k in month_keys(year, month):
            tallies[k].attended(resident_id, topic_codes)
        for k in team_keys(year, month):
            people[k].add(resident_id)
        out.months.setdefault(resident_id, [0, 0])[0] |= 1 << (month - 1)
    r = T.f_resident.c
    residents = {
        row.id: (row.gender, row.birth_year)
        for row in conn.execute(select(r.id, r.gender, r.birth_year).where(r.team_id == team_id))
    }
    for training_id, (month, topic_ids) in held.items():
        n = present[training_id]
        for k in team_keys(year, month):
            out.team[k]["attendances"] += n
        for k in month_keys(year, month):
            for topic_id in topic_ids:
                item = out.topics.setdefault((k, topic_id), [0, 0])
                item[0] += 1
                item[1] += n
    out.trained = people
    for k, ids in people.items():
        known = [residents[i] for i in ids if i in residents]
        figures = out.team[k]
        figures["residents_trained"] = len(known)
        figures["women_trained"] = sum(g == "female" for g, _ in known)
        figures["elderly_trained"] = sum(
            b is not None and year - b >= ELDERLY_AGE for _, b in known
        )
    s = T.f_assist.c
    assisted: dict[str, set[str]] = defaultdict(set)
    for month, resident_id, service_id, outcome in conn.execute(
        select(s.month, s.resident_id, s.service_id, s.outcome).where(
            s.team_id == team_id, s.year == year
        )
    ):
        if outcome not in OUTCOMES:
            continue
        code = codes.get(("service", service_id))
        for k in team_keys(year, month):
            out.team[k]["assists"] += 1
            assisted[k].add(resident_id)
        out.months.setdefault(resident_id, [0, 0])[1] |= 1 << (month - 1)
        for k in month_keys(year, month):
            tallies[k].helped(resident_id, code, outcome)
            out.services.setdefault((k, service_id), [0, 0, 0])[OUTCOMES.index(outcome)] += 1
    for k, ids in assisted.items():
        out.team[k]["assisted_residents"] = len(ids)
    out.codes = {k: tally.figures() for k, tally in tallies.items()}
    return out


def refresh(conn: Connection, team_id: str, year: int) -> bool:
    """Compute a team's year again and store it; False when the team is gone."""
    team = conn.execute(
        select(T.team.c.province_code, T.team.c.commune_code)
        .where(T.team.c.id == team_id)
        .with_for_update()  # one at a time with the team's pushes, which lock it too
    ).one_or_none()
    if team is None:
        return False
    figures = compute(conn, team_id, year)
    keys = year_keys(year)
    now = utcnow()
    for table in (T.roll_team, T.roll_topic, T.roll_service, T.roll_code):
        conn.execute(delete(table).where(table.c.team_id == team_id, table.c.period.in_(keys)))
    denominators.store_reach(conn, team_id, keys, figures.trained)
    p = T.roll_person.c
    conn.execute(delete(T.roll_person).where(p.team_id == team_id, p.year == year))
    people = [
        {"team_id": team_id, "year": year, "resident_id": resident_id, "trained": trained,
         "assisted": assisted}
        for resident_id, (trained, assisted) in figures.months.items()
    ]  # fmt: skip
    for chunk in _chunks(people, 5000):
        conn.execute(insert(T.roll_person), chunk)
    conn.execute(
        insert(T.roll_team),
        [
            {
                "team_id": team_id,
                "period": k,
                "province_code": team.province_code,
                "commune_code": team.commune_code,
                **values,
                "updated_at": now,
            }
            for k, values in figures.team.items()
        ],
    )
    if figures.topics:
        conn.execute(
            insert(T.roll_topic),
            [
                {
                    "team_id": team_id,
                    "period": k,
                    "topic_id": topic_id,
                    "trainings": n,
                    "attendances": m,
                }
                for (k, topic_id), (n, m) in figures.topics.items()
            ],
        )
    coded = [
        {"team_id": team_id, "period": k, "code": f.code, "province_code": team.province_code,
         "commune_code": team.commune_code, "people": f.people, "count": f.count}
        for k, found in figures.codes.items()
        for f in found
        if f.people or f.count
    ]  # fmt: skip
    if coded:
        conn.execute(insert(T.roll_code), coded)
    if figures.services:
        conn.execute(
            insert(T.roll_service),
            [
                {"team_id": team_id, "period": k, "service_id": sid}
                | dict(zip(OUTCOMES, counts, strict=True))
                for (k, sid), counts in figures.services.items()
            ],
        )
    return True


def refresh_pending(
    writer: Engine,
    queue: WriterQueue | None = None,
    limit: int | None = None,
    refreshed: Callable[[int], None] | None = None,
) -> int:
    """Compute every dirty team-year, each in its own short transaction. Returns how many.
    `refreshed(year)` is told of each, once committed (the feed's snapshots of that year go)."""
    from central.db import writing

    # Read in a writer's turn too: on SQLite any transaction of the writers' engine is
    # BEGIN IMMEDIATE, which outside the queue would barge in ahead of waiting pushes.
    with writing(writer, queue) as conn:
        pending = conn.execute(
            select(T.roll_dirty.c.team_id, T.roll_dirty.c.year, T.roll_dirty.c.marked_at)
            .order_by(T.roll_dirty.c.marked_at)
            .limit(limit)
        ).all()
    d = T.roll_dirty.c
    for team_id, year, marked_at in pending:
        with writing(writer, queue) as conn:
            refresh(conn, team_id, year)
            # Marked again meanwhile (a push after the read above): left for the next round.
            conn.execute(
                delete(T.roll_dirty).where(
                    d.team_id == team_id, d.year == year, d.marked_at == marked_at
                )
            )
        if refreshed is not None:
            refreshed(year)
    return len(pending)


def quiet_moment(poked: threading.Event, stop: threading.Event, quiet: float, rounds: int) -> None:
    """Wait until `poked` stays unset for `quiet` seconds, at most `rounds` times over (a
    steady stream of pokes still gets its turn), or until `stop`. The refresher's and the
    feed's threads wait so for the changes of a round to be done."""
    for _ in range(rounds):
        if not poked.is_set() or stop.is_set():
            return
        poked.clear()
        stop.wait(quiet)


class Refresher:
    """The service's thread that keeps the rollups current: woken by each push, it waits for
    a quiet second, then computes what the pushes marked. It also looks every minute, for
    what the admin command line changed."""

    QUIET = 1.0
    EVERY = 60.0
    ROUND = 50  # team-years per round

    FORGET_EVERY = 24 * 3600.0  # refused changes' payloads past their time (central/retention)

    def __init__(
        self, writer: Engine, queue: WriterQueue | None = None, refused_days: int | None = None
    ) -> None:
        from central.retention import REFUSED_DAYS

        self.writer, self.queue = writer, queue
        self.refused_days = REFUSED_DAYS if refused_days is None else refused_days
        self._forgot_at: float | None = None  # monotonic time of the last forget()
        self._poked = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.last_run: datetime | None = None
        # Told of each year computed again (central/figurefeed.FeedCache.invalidate).
        self.refreshed: Callable[[int], None] | None = None

    def start(self) -> None:
        """Start (again: an app's lifespan may run more than once, as under a test client)."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="rollups", daemon=True)
        self._thread.start()
        self.poke()

    def poke(self) -> None:
        self._poked.set()

    def stop(self) -> None:
        self._stop.set()
        self._poked.set()
        if self._thread is not None:
            self._thread.join(10)

    def _forget_if_due(self) -> None:
        """At the service's start, then daily: refusals past their time lose their payload."""
        from central import retention
        from central.db import writing

        if self._forgot_at is not None and time.monotonic() - self._forgot_at < self.FORGET_EVERY:
            return
        with writing(self.writer, self.queue) as conn:
            forgotten = retention.forget(conn, utcnow(), self.refused_days)
        self._forgot_at = time.monotonic()
        if forgotten:
            log.info("forgot the content of %d refused changes (settled or too old)", forgotten)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._poked.wait(self.EVERY)
            if self._stop.is_set():
                return
            # A quiet second: the pushes of a team sending a year in many batches are
            # computed together.
            # At most a few seconds: a long first upload still shows its figures as it goes.
            quiet_moment(self._poked, self._stop, self.QUIET, 5)
            try:
                started = time.monotonic()
                # Only a full round means more is waiting. Team-years marked again during the
                # round (their pushes go on) wait for the next quiet moment: going round
                # again at once kept the writer's turn for the refresher, and a large ward's
                # first push ran at a sixth of its speed (1,900 changes/s instead of 10,400).
                while (
                    refresh_pending(self.writer, self.queue, self.ROUND, self.refreshed)
                    == self.ROUND
                ):
                    if self._stop.is_set():
                        return
                self.last_run = utcnow()
                self._forget_if_due()
                # Never more than about a sixth of the writer's time, however big the team.
                self._stop.wait(min(self.EVERY, 5 * (time.monotonic() - started)))
            except Exception:
                log.exception("computing the dashboard's figures failed; trying again later")
                self._stop.wait(5)
