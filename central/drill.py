"""From a figure to the records behind it (issue 23, item 5): the trainings, the help sessions,
the people, within what the account may see (a team, a commune's teams, a province's), read
from the facts (f_*), the people of the rollups (roll_person: who was trained or helped in
which months, computed with the figures) and the records' payloads (for names), a page at a
time.

Pages are keyset-paginated: each asks for the rows after the last one shown, in the order of
an index (team, year, day), so a list's first page, and its hundredth, read about a page of
rows. The cursor in the address names a record by its ids, never by a person's name: a
people list's sort key (the name) is read back from the record it names.

Every list is exactly its figure (tests/test_drill.py): the rules are the rollups' own
(central/rollups.py, compute): a training counts when held, a presence at a held training,
a person once per team, a help session when its outcome is one of OUTCOMES."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import and_, false, func, or_, select, tuple_
from sqlalchemy.engine import Connection

from central import tables as T
from central.dashboard import present_at_held
from central.rollups import FIGURES, OUTCOMES, period_key
from sotay.domain.periods import ELDERLY_AGE, Period

PAGE = 50

# The list behind each figure, and what it is called.
TRAININGS, PEOPLE_TRAINED, ASSISTS, PEOPLE_HELPED = "trainings", "trained", "assists", "helped"
LISTS: dict[str, tuple[str, str]] = {
    "trainings_held": (TRAININGS, "Buổi tập huấn đã tổ chức"),
    "trainings_planned": (TRAININGS, "Buổi tập huấn dự kiến"),
    "trainings_cancelled": (TRAININGS, "Buổi tập huấn đã hủy"),
    "attendances": (TRAININGS, "Lượt người tham dự (theo buổi)"),
    "residents_trained": (PEOPLE_TRAINED, "Người dân được tập huấn"),
    "women_trained": (PEOPLE_TRAINED, "Người dân được tập huấn: nữ"),
    "elderly_trained": (PEOPLE_TRAINED, "Người dân được tập huấn: từ 60 tuổi"),
    "assists": (ASSISTS, "Lượt hỗ trợ người dân"),
    "assisted_residents": (PEOPLE_HELPED, "Người dân được hỗ trợ"),
}


@dataclass(frozen=True, slots=True)
class Where:
    """Whose records: one team, a commune's teams or a province's (never wider than the
    account's scope: the routes check it before they build one)."""

    team_id: str | None = None
    commune_code: int | None = None
    province_code: int | None = None

    def teams(self, conn: Connection) -> list[str]:
        """The teams' ids, read first: given as a list, PostgreSQL reads each team's facts
        by its index, where a subquery of the team table had it scan the whole province's."""
        t = T.team.c
        if self.team_id is not None:
            where = t.id == self.team_id
        elif self.commune_code is not None:
            where = t.commune_code == self.commune_code
        else:
            where = t.province_code == self.province_code
        return sorted(conn.execute(select(t.id).where(where)).scalars())


@dataclass(frozen=True, slots=True)
class Filters:
    topic: str = ""  # a topic's name (the breakdown's line: one name over every team)
    service: str = ""  # a service's name
    outcome: str = ""  # one of OUTCOMES


@dataclass(slots=True)
class Listing:
    figure: str
    kind: str
    title: str
    rows: list[dict[str, Any]]
    after: str  # the cursor of the next page, "" on the last one


# --- cursors ------------------------------------------------------------------------------------


def encode(values: tuple[str, ...]) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def decode(text: str, n: int) -> tuple[str, ...] | None:
    """A cursor as sent back: `n` short strings, else None (the first page)."""
    if not text or len(text) > 400:
        return None
    try:
        values = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except ValueError:
        return None
    if (
        not isinstance(values, list)
        or len(values) != n
        or not all(isinstance(v, str) and len(v) <= 40 for v in values)
    ):
        return None
    return tuple(values)


# --- names --------------------------------------------------------------------------------------


def _ids_named(conn: Connection, teams: list[str], entity: str, name: str) -> list[str]:
    """The ids of the scope's live topics or services called `name` (the breakdown joins live
    items of one name, whatever their ids: central/dashboard.py, overview). A deleted item's
    record keeps its name: its classes would be listed, not counted."""
    rec = T.record.c
    out = set()
    for record_id, payload in conn.execute(
        select(rec.id, rec.payload).where(
            rec.team_id.in_(teams), rec.entity == entity, rec.deleted.is_(False)
        )
    ):
        if str(json.loads(payload).get("name", "")) == name:
            out.add(record_id)
    return sorted(out)


def _names(
    conn: Connection, entity: str, pairs: set[tuple[str, str]]
) -> dict[tuple[str, str], Any]:
    """Payloads of records by (team, id), read by the record table's key."""
    rec = T.record.c
    out: dict[tuple[str, str], Any] = {}
    wanted = sorted(pairs)
    for i in range(0, len(wanted), 200):
        chunk = wanted[i : i + 200]
        # By the teams and the ids, the pairs picked out here: PostgreSQL plans a list of
        # (team, id) pairs as one OR per pair, slower than reading them (8 ms for 50).
        for team_id, record_id, payload in conn.execute(
            select(rec.team_id, rec.id, rec.payload).where(
                rec.entity == entity,
                rec.team_id.in_(sorted({t for t, _ in chunk})),
                rec.id.in_(sorted({i for _, i in chunk})),
            )
        ):
            if (team_id, record_id) in pairs:
                out[(team_id, record_id)] = json.loads(payload)
    return out


def _name(item: Any) -> str:
    if not isinstance(item, dict):
        return "?"
    return str(item.get("name") or item.get("full_name") or "?")


def _team_names(conn: Connection, team_ids: set[str]) -> dict[str, str]:
    if not team_ids:
        return {}
    t = T.team.c
    return dict(conn.execute(select(t.id, t.name).where(t.id.in_(sorted(team_ids)))).all())


# --- the lists ----------------------------------------------------------------------------------


def month_bits(period: Period) -> int:
    """The period's months as roll_person keeps them (a bit a month, January = 1): every
    period the pages offer is whole months of one year."""
    last = period.end - timedelta(days=1)
    return sum(1 << (m - 1) for m in range(period.start.month, last.month + 1))


def _span(table: Any, period: Period) -> list[Any]:
    """The period's days of a dated fact, by its index (team, year, day)."""
    c = table.c
    return [
        c.year == period.start.year,
        c.day >= period.start.isoformat(),
        c.day < period.end.isoformat(),
    ]


def trainings(
    conn: Connection, where: Where, period: Period, status: str, f: Filters, after: str, size: int
) -> tuple[list[dict[str, Any]], str]:
    """Trainings of a status, newest first, each with its topics, place and the number
    present (at a held one: the attendances figure is the sum of that column)."""
    t = T.f_training.c
    teams = where.teams(conn)
    conditions = [t.team_id.in_(teams), t.status == status, *_span(T.f_training, period)]
    if f.topic:
        ids = _ids_named(conn, teams, "topic", f.topic)
        conditions.append(
            or_(*(("," + t.topics + ",").contains(f",{i},", autoescape=True) for i in ids))
            if ids
            else false()
        )
    cursor = decode(after, 3)
    if cursor is not None:
        conditions.append(tuple_(t.day, t.team_id, t.id) < tuple_(*cursor))
    present = present_at_held()  # as the team page counts it
    found = conn.execute(
        select(t.team_id, t.id, t.day, t.place, t.topics, present.label("present"))
        .where(*conditions)
        .order_by(t.day.desc(), t.team_id.desc(), t.id.desc())
        .limit(size + 1)
    ).all()
    more, found = len(found) > size, found[:size]
    topics = _names(
        conn, "topic", {(r.team_id, x) for r in found for x in r.topics.split(",") if x}
    )
    team_names = _team_names(conn, {r.team_id for r in found})
    rows = [
        {
            "team": team_names.get(r.team_id, "?"),
            "day": r.day,
            "topics": [_name(topics.get((r.team_id, x))) for x in r.topics.split(",") if x],
            "place": r.place,
            "present": int(r.present or 0),
        }
        for r in found
    ]
    last = found[-1] if found else None
    return rows, encode((last.day, last.team_id, last.id)) if more and last else ""


def assists(
    conn: Connection, where: Where, period: Period, f: Filters, after: str, size: int
) -> tuple[list[dict[str, Any]], str]:
    """Help sessions, newest first: day, service, outcome, the member who helped (not the
    person helped: the people lists name them, where the figure is about people)."""
    s = T.f_assist.c
    outcomes = (f.outcome,) if f.outcome in OUTCOMES else OUTCOMES
    teams = where.teams(conn)
    conditions = [s.team_id.in_(teams), s.outcome.in_(outcomes), *_span(T.f_assist, period)]
    if f.service:
        conditions.append(s.service_id.in_(_ids_named(conn, teams, "service", f.service)))
    cursor = decode(after, 3)
    if cursor is not None:
        conditions.append(tuple_(s.day, s.team_id, s.id) < tuple_(*cursor))
    found = conn.execute(
        select(s.team_id, s.id, s.day, s.service_id, s.member_id, s.outcome)
        .where(*conditions)
        .order_by(s.day.desc(), s.team_id.desc(), s.id.desc())
        .limit(size + 1)
    ).all()
    more, found = len(found) > size, found[:size]
    services = _names(conn, "service", {(r.team_id, r.service_id) for r in found})
    members = _names(conn, "member", {(r.team_id, r.member_id) for r in found})
    team_names = _team_names(conn, {r.team_id for r in found})
    rows = [
        {
            "team": team_names.get(r.team_id, "?"),
            "day": r.day,
            "service": _name(services.get((r.team_id, r.service_id))),
            "outcome": r.outcome,
            "member": _name(members.get((r.team_id, r.member_id))),
        }
        for r in found
    ]
    last = found[-1] if found else None
    return rows, encode((last.day, last.team_id, last.id)) if more and last else ""


def people(
    conn: Connection, where: Where, period: Period, figure: str, after: str, size: int
) -> tuple[list[dict[str, Any]], str]:
    """The people behind a figure about people, by name: each once per team, as counted.
    Shown: name, year of birth, neighbourhood and team; nothing else of theirs."""
    r, p = T.f_resident.c, T.roll_person.c
    teams = where.teams(conn)
    months = p.assisted if figure == "assisted_residents" else p.trained
    who = (
        select(p.team_id.label("team_id"), p.resident_id.label("resident_id"))
        .where(
            p.team_id.in_(teams),
            p.year == period.start.year,
            months.bitwise_and(month_bits(period)) != 0,
        )
        .subquery()
    )
    name = func.coalesce(r.full_name, "")
    # The residents' side restricted to the teams as well (implied, but PostgreSQL does not
    # see it through the join): it then reads those teams' residents by index and hashes
    # them, where otherwise it scanned every resident of the province.
    joined = who.outerjoin(
        T.f_resident,
        (r.team_id == who.c.team_id) & (r.id == who.c.resident_id) & r.team_id.in_(teams),
    )
    conditions: list[Any] = []
    if figure != "assisted_residents":  # the trained are counted when their record is known
        conditions.append(r.id.is_not(None))
    if figure == "women_trained":
        conditions.append(r.gender == "female")
    elif figure == "elderly_trained":
        conditions.append(r.birth_year <= period.year - ELDERLY_AGE)
    cursor = decode(after, 2)
    if cursor is not None:
        # The sort key read back from the record named (the address never holds a name).
        known = conn.scalar(select(r.full_name).where(r.team_id == cursor[0], r.id == cursor[1]))
        key = (known or "", *cursor)
        conditions.append(tuple_(name, who.c.team_id, who.c.resident_id) > tuple_(*key))
    found = conn.execute(
        select(who.c.team_id, who.c.resident_id, r.full_name, r.birth_year)
        .select_from(joined)
        .where(*conditions)
        .order_by(name, who.c.team_id, who.c.resident_id)
        .limit(size + 1)
    ).all()
    more, found = len(found) > size, found[:size]
    records = _names(conn, "resident", {(x.team_id, x.resident_id) for x in found})
    places = _names(
        conn,
        "neighbourhood",
        {
            (team_id, str(p["neighbourhood_id"]))
            for (team_id, _), p in records.items()
            if isinstance(p, dict) and p.get("neighbourhood_id")
        },
    )
    team_names = _team_names(conn, {x.team_id for x in found})
    rows = []
    for x in found:
        payload = records.get((x.team_id, x.resident_id)) or {}
        place = payload.get("neighbourhood_id") if isinstance(payload, dict) else None
        rows.append(
            {
                "team": team_names.get(x.team_id, "?"),
                "name": x.full_name or "?",
                "birth_year": x.birth_year,
                "neighbourhood": _name(places.get((x.team_id, str(place)))) if place else "",
            }
        )
    last = found[-1] if found else None
    return rows, encode((last.team_id, last.resident_id)) if more and last else ""


def listing(
    conn: Connection,
    where: Where,
    period: Period,
    figure: str,
    f: Filters = Filters(),
    after: str = "",
    size: int = PAGE,
) -> Listing:
    """One page of the records behind `figure` (a key of LISTS; the routes check it)."""
    kind, title = LISTS[figure]
    if kind == TRAININGS:
        status = figure.removeprefix("trainings_") if figure.startswith("trainings_") else "held"
        rows, nxt = trainings(conn, where, period, status, f, after, size)
    elif kind == ASSISTS:
        rows, nxt = assists(conn, where, period, f, after, size)
    else:
        rows, nxt = people(conn, where, period, figure, after, size)
    return Listing(figure, kind, title, rows, nxt)


def every_row(
    conn: Connection, where: Where, period: Period, figure: str, f: Filters = Filters()
) -> Iterator[dict[str, Any]]:
    """Every record behind a figure, a large page at a time (the XLSX export)."""
    after = ""
    while True:
        page = listing(conn, where, period, figure, f, after, 2000)
        yield from page.rows
        if not page.after:
            return
        after = page.after


def figure_of(conn: Connection, where: Where, period: Period, figure: str) -> int:
    """The figure the list came from, as the pages show it (summed over the scope's teams)."""
    r = T.roll_team.c
    if figure not in FIGURES:
        return 0
    conditions: list[Any] = [r.period == period_key(period)]
    if where.team_id is not None:
        conditions.append(r.team_id == where.team_id)
    elif where.commune_code is not None:
        conditions.append(r.commune_code == where.commune_code)
    else:
        conditions.append(r.province_code == where.province_code)
    return int(conn.scalar(select(func.sum(getattr(r, figure))).where(and_(*conditions))) or 0)
