"""What the dashboard shows, read from the rollups (central/rollups.py) and never from raw rows:
a team's, a commune's or a province's figures for a period, the rows of its table, the trend
by month. The pages and the exports call the same functions, so every figure is the page's."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.engine import Connection

from central import standard
from central import tables as T
from central.rollups import FIGURES, period_key, utcnow
from sotay.domain.indicators import Overview
from sotay.domain.periods import Period
from sotay.domain.text import collation_key

STALE_AFTER = timedelta(days=7)  # a team that has not synced for a week is marked


@dataclass(slots=True)
class TeamRow:
    id: str
    name: str
    commune_code: int
    commune_name: str
    figures: dict[str, int]
    neighbourhoods: list[str] = field(default_factory=list)
    laptops: int = 0
    last_sync: datetime | None = None
    created_at: datetime | None = None  # when the commune added it

    @property
    def stale(self) -> bool:
        """Silent for over a week: since its last sync, or since it was added if it never
        synced (a team added a minute ago is not silent, it is new)."""
        since = self.last_sync or self.created_at
        return since is None or utcnow() - since > STALE_AFTER

    @property
    def active(self) -> bool:
        """Worked in the period: a training held or a resident helped."""
        return bool(self.figures["trainings_held"] or self.figures["assists"])


@dataclass(slots=True)
class CommuneRow:
    code: int
    name: str
    teams: int
    active_teams: int
    stale_teams: int
    figures: dict[str, int]


@dataclass(slots=True)
class Scope:
    """What an account may see: a province, or one commune of it."""

    province_code: int
    commune_code: int | None = None

    def allows_commune(self, code: int, province_code: int) -> bool:
        if self.commune_code is not None:
            return code == self.commune_code
        return province_code == self.province_code

    def allows_team(self, team: Any) -> bool:
        return self.allows_commune(team.commune_code, team.province_code)


def zero() -> dict[str, int]:
    return dict.fromkeys(FIGURES, 0)


def total(rows: list[dict[str, int]]) -> dict[str, int]:
    out = zero()
    for figures in rows:
        for k in FIGURES:
            out[k] += figures[k]
    return out


def _figures(row: Any) -> dict[str, int]:
    return {k: int(getattr(row, k) or 0) for k in FIGURES}


def team_rows(conn: Connection, commune_code: int, period: Period) -> list[TeamRow]:
    """Every team of a commune with its figures for the period, its neighbourhoods, its
    laptops and when it last synced."""
    return _rows(conn, period, T.team.c.commune_code == commune_code)


def province_team_rows(conn: Connection, province_code: int, period: Period) -> list[TeamRow]:
    """Every team of a province, by commune: the same rows, in three queries whatever the
    number of teams."""
    rows = _rows(conn, period, T.team.c.province_code == province_code)
    return sorted(rows, key=lambda row: (collation_key(row.commune_name), collation_key(row.name)))


def team_row(conn: Connection, team_id: str, period: Period) -> TeamRow | None:
    found = _rows(conn, period, T.team.c.id == team_id)
    return found[0] if found else None


def present_at_held() -> Any:
    """A training fact's count of people present, as a correlated subquery: present only at a
    class held (a planned class's people are registered; a laptop's sync may still join a
    present row to a class another laptop set back to planned)."""
    t, a = T.f_training.c, T.f_attendance.c
    return (
        select(func.count())
        .where(
            a.team_id == t.team_id,
            a.training_id == t.id,
            a.present.is_(True),
            t.status == "held",
        )
        .scalar_subquery()
    )


def figure_rows(conn: Connection, period: Period, which: Any) -> list[TeamRow]:
    """The teams `which` selects with their figures for the period, by commune then by name,
    and nothing else of them (no laptops, no neighbourhoods): the feed's lines, in one query."""
    return sorted(
        _figure_rows(conn, period, which).values(),
        key=lambda row: (collation_key(row.commune_name), collation_key(row.name)),
    )


def _figure_rows(conn: Connection, period: Period, which: Any) -> dict[str, TeamRow]:
    t, r = T.team.c, T.roll_team.c
    rows = conn.execute(
        select(
            t.id,
            t.name,
            t.commune_code,
            t.commune_name,
            t.created_at,
            *(getattr(r, k) for k in FIGURES),
        )
        .outerjoin(T.roll_team, (r.team_id == t.id) & (r.period == period_key(period)))
        .where(which)
    ).all()
    return {
        row.id: TeamRow(
            row.id,
            row.name,
            row.commune_code,
            row.commune_name,
            _figures(row),
            created_at=row.created_at,
        )
        for row in rows
    }


def _rows(conn: Connection, period: Period, which: Any) -> list[TeamRow]:
    out = _figure_rows(conn, period, which)
    if not out:
        return []
    # The teams by their ids, not a subquery of `which`: PostgreSQL read a commune's records
    # by the subquery's plan in 5 ms, by the ids' in 1.
    ids = list(out)
    d = T.device.c
    # Laptops in use; the last sync of any laptop, a revoked one's too (the team did sync).
    for team_id, laptops, pushed, pulled in conn.execute(
        select(
            d.team_id,
            func.count().filter(d.revoked_at.is_(None)),
            func.max(d.last_push_at),
            func.max(d.last_pull_at),
        )
        .where(d.team_id.in_(ids))
        .group_by(d.team_id)
    ):
        out[team_id].laptops = laptops
        seen = [x for x in (pushed, pulled) if x is not None]
        out[team_id].last_sync = max(seen) if seen else None
    rec = T.record.c
    for team_id, payload in conn.execute(
        select(rec.team_id, rec.payload).where(
            rec.team_id.in_(ids), rec.entity == "neighbourhood", rec.deleted.is_(False)
        )
    ):
        out[team_id].neighbourhoods.append(str(json.loads(payload).get("name", "")))
    for row in out.values():
        row.neighbourhoods.sort(key=collation_key)
    return sorted(out.values(), key=lambda row: collation_key(row.name))


def commune_rows(conn: Connection, province_code: int, period: Period) -> list[CommuneRow]:
    """Every commune of a province that has teams, with their summed figures."""
    t, r = T.team.c, T.roll_team.c
    rows = conn.execute(
        select(
            t.commune_code,
            t.commune_name,
            func.count().label("teams"),
            *(func.coalesce(func.sum(getattr(r, k)), 0).label(k) for k in FIGURES),
            func.count(r.team_id)
            .filter((r.trainings_held > 0) | (r.assists > 0))
            .label("active_teams"),
        )
        .outerjoin(T.roll_team, (r.team_id == t.id) & (r.period == period_key(period)))
        .where(t.province_code == province_code)
        .group_by(t.commune_code, t.commune_name)
    ).all()
    # A team's last sync is its latest push or pull (a laptop with nothing to send only
    # pulls) by any of its laptops, as on the commune page; a team that never synced is
    # silent once it was added over a week ago (TeamRow.stale).
    d = T.device.c
    last = (
        select(
            d.team_id,
            func.max(d.last_push_at).label("pushed"),
            func.max(d.last_pull_at).label("pulled"),
        )
        .join(T.team, T.team.c.id == d.team_id)
        .where(T.team.c.province_code == province_code)
        .group_by(d.team_id)
        .subquery()
    )
    cutoff = utcnow() - STALE_AFTER
    silent = (
        ((last.c.pushed.is_(None)) | (last.c.pushed < cutoff))
        & ((last.c.pulled.is_(None)) | (last.c.pulled < cutoff))
        & ((last.c.pushed.is_not(None)) | (last.c.pulled.is_not(None)) | (t.created_at < cutoff))
    )
    stale: dict[int, int] = dict(
        conn.execute(
            select(t.commune_code, func.count())
            .select_from(T.team)
            .outerjoin(last, last.c.team_id == t.id)
            .where(t.province_code == province_code, silent)
            .group_by(t.commune_code)
        ).all()
    )
    return [
        CommuneRow(
            row.commune_code,
            row.commune_name,
            row.teams,
            row.active_teams,
            stale.get(row.commune_code, 0),
            _figures(row),
        )
        for row in rows
    ]


def overview(
    conn: Connection,
    team_ids: list[str],
    period: Period,
    figures: list[dict[str, int]] | None = None,
) -> Overview:
    """The teams' figures summed, as the app's overview: with every topic and service by name
    (the seed items share their ids across teams; items of the same name are one line).
    `figures`: the teams' own for the period, when the caller has read them already."""
    ov = Overview(period=period)
    key = period_key(period)
    ov.standard = standard.figures(conn, period, team_ids=team_ids)
    if not team_ids:
        return ov
    r = T.roll_team.c
    if figures is None:
        figures = [
            _figures(row)
            for row in conn.execute(
                select(*(getattr(r, k) for k in FIGURES)).where(
                    r.team_id.in_(team_ids), r.period == key
                )
            )
        ]
    sums = total(figures)
    for k, v in sums.items():
        setattr(ov, k, v)
    names = {
        (kind, item_id): (sort, name) for _, kind, item_id, sort, name in catalogue(conn, team_ids)
    }
    topics: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    tp = T.roll_topic.c
    for topic_id, n, m in conn.execute(
        select(tp.topic_id, func.sum(tp.trainings), func.sum(tp.attendances))
        .where(tp.team_id.in_(team_ids), tp.period == key)
        .group_by(tp.topic_id)
    ):
        if ("topic", topic_id) in names:
            topics[names[("topic", topic_id)][1]][0] += int(n)
            topics[names[("topic", topic_id)][1]][1] += int(m)
    services: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    sv = T.roll_service.c
    for service_id, done, not_done, referred in conn.execute(
        select(sv.service_id, func.sum(sv.done), func.sum(sv.not_done), func.sum(sv.referred))
        .where(sv.team_id.in_(team_ids), sv.period == key)
        .group_by(sv.service_id)
    ):
        if ("service", service_id) in names:
            line = services[names[("service", service_id)][1]]
            line[0] += int(done)
            line[1] += int(not_done)
            line[2] += int(referred)
    order = catalogue_order(names.items())
    ov.by_topic = [(name, *topics.get(name, [0, 0])) for name in order["topic"]]  # type: ignore[misc]
    ov.by_service = [(name, *services.get(name, [0, 0, 0])) for name in order["service"]]  # type: ignore[misc]
    return ov


def catalogue(conn: Connection, teams: Any) -> Iterator[tuple[str, str, str, int, str]]:
    """(team, kind, id, sort, name) of each live topic and service of the teams (`teams`: their
    ids, or a query of them). Each record's text is read once: the commune's published items
    reach its teams' catalogues as the same text, so a province's 30,000 items are a few
    hundred texts."""
    rec = T.record.c
    read: dict[str, tuple[int, str]] = {}
    for team_id, kind, item_id, payload in conn.execute(
        select(rec.team_id, rec.entity, rec.id, rec.payload).where(
            rec.team_id.in_(teams), rec.entity.in_(("topic", "service")), rec.deleted.is_(False)
        )
    ):
        found = read.get(payload)
        if found is None:
            item = json.loads(payload)
            found = read[payload] = (int(item.get("sort", 0) or 0), str(item.get("name", "")))
        yield team_id, kind, item_id, *found


def catalogue_order(
    items: Iterable[tuple[tuple[str, str], tuple[int, str]]],
) -> dict[str, list[str]]:
    """The names of each kind ("topic", "service") of items ((kind, id), (sort, name)), each
    once, in the catalogue's order: by the least `sort` among the items of a name, then in
    Vietnamese order (the seed items share their ids across teams; items of one name are one
    line)."""
    least: dict[tuple[str, str], int] = {}
    for (kind, _id), (sort, name) in items:
        seen = least.get((kind, name))
        if seen is None or sort < seen:
            least[(kind, name)] = sort
    ordered = sorted(least, key=lambda x: (least[x], collation_key(x[1])))
    return {kind: [name for k, name in ordered if k == kind] for kind in ("topic", "service")}


def trend(
    conn: Connection, year: int, *, commune_code: int | None = None, team_id: str | None = None,
    province_code: int | None = None,
) -> list[dict[str, int]]:  # fmt: skip
    """The figures of each month of `year` (12 entries), summed over the scope."""
    r = T.roll_team.c
    keys = [f"{year}-{m:02d}" for m in range(1, 13)]
    query = select(r.period, *(func.sum(getattr(r, k)).label(k) for k in FIGURES)).where(
        r.period.in_(keys)
    )
    if team_id is not None:
        query = query.where(r.team_id == team_id)
    elif commune_code is not None:
        query = query.where(r.commune_code == commune_code)
    else:
        query = query.where(r.province_code == province_code)
    found = {row.period: _figures(row) for row in conn.execute(query.group_by(r.period))}
    return [found.get(k, zero()) for k in keys]


def pending(conn: Connection, commune_code: int) -> int:
    """The commune's team-years waiting to be computed (the page says it is updating)."""
    return int(
        conn.scalar(
            select(func.count())
            .select_from(T.roll_dirty)
            .join(T.team, T.team.c.id == T.roll_dirty.c.team_id)
            .where(T.team.c.commune_code == commune_code)
        )
        or 0
    )


# --- a team's own lists -------------------------------------------------------------------------

PAGE = 50


@dataclass(slots=True)
class Page:
    rows: list[dict[str, Any]]
    total: int
    page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE))


def names_of(conn: Connection, team_id: str, *entities: str) -> dict[str, str]:
    """Names of a team's catalogue items, neighbourhoods or members, by id (deleted ones too:
    old records still name them)."""
    rec = T.record.c
    out = {}
    for record_id, payload in conn.execute(
        select(rec.id, rec.payload).where(rec.team_id == team_id, rec.entity.in_(entities))
    ):
        item = json.loads(payload)
        out[record_id] = str(item.get("name") or item.get("full_name") or "")
    return out


def _in_period(table: Any, team_id: str, period: Period) -> list[Any]:
    """A team's dated facts in the period: an index range (team, year, day)."""
    c = table.c
    return [c.team_id == team_id, c.day >= period.start.isoformat(), c.day < period.end.isoformat()]


def _counted(conn: Connection, table: Any, where: list[Any], page: int) -> tuple[int, int]:
    """How many rows match, and the asked page brought within the pages there are."""
    total = conn.scalar(select(func.count()).select_from(table).where(*where)) or 0
    return total, max(1, min(page, Page([], total, page).pages))


TRAINING_SORTS = {
    "day": (T.f_training.c.day, T.f_training.c.id),
    "-day": (T.f_training.c.day.desc(), T.f_training.c.id),
    "place": (T.f_training.c.place, T.f_training.c.day),
    "status": (T.f_training.c.status, T.f_training.c.day),
}


def team_trainings(
    conn: Connection,
    team_id: str,
    period: Period,
    *,
    status: str = "",
    topic: str = "",
    sort: str = "-day",
    page: int = 1,
) -> Page:
    """One page of a team's trainings in the period, filtered and sorted, each with its topics'
    names and the number present. Reads an index range of the team's facts, never the year."""
    t = T.f_training.c
    where = _in_period(T.f_training, team_id, period)
    if status:
        where.append(t.status == status)
    if topic:  # one of its comma-separated topic ids, whole
        where.append(("," + t.topics + ",").contains(f",{topic},", autoescape=True))
    total, page = _counted(conn, T.f_training, where, page)
    present = present_at_held()
    rows = conn.execute(
        select(t.id, t.day, t.status, t.place, t.topics, present.label("present"))
        .where(*where)
        .order_by(*TRAINING_SORTS.get(sort, TRAINING_SORTS["-day"]))
        .limit(PAGE)
        .offset((page - 1) * PAGE)
    ).all()
    topics = names_of(conn, team_id, "topic")
    return Page(
        [
            {
                "id": r.id,
                "day": r.day,
                "status": r.status,
                "place": r.place,
                "topics": [topics.get(x, "?") for x in r.topics.split(",") if x],
                "present": r.present,
            }
            for r in rows
        ],
        total,
        page,
    )


ASSIST_SORTS = {
    "day": (T.f_assist.c.day, T.f_assist.c.id),
    "-day": (T.f_assist.c.day.desc(), T.f_assist.c.id),
    "outcome": (T.f_assist.c.outcome, T.f_assist.c.day),
}


def team_assists(
    conn: Connection,
    team_id: str,
    period: Period,
    *,
    service: str = "",
    outcome: str = "",
    sort: str = "-day",
    page: int = 1,
) -> Page:
    s, r = T.f_assist.c, T.f_resident.c
    where = _in_period(T.f_assist, team_id, period)
    if service:
        where.append(s.service_id == service)
    if outcome:
        where.append(s.outcome == outcome)
    total, page = _counted(conn, T.f_assist, where, page)
    rows = conn.execute(
        select(s.id, s.day, s.outcome, s.service_id, s.member_id, r.full_name)
        .outerjoin(T.f_resident, (r.team_id == s.team_id) & (r.id == s.resident_id))
        .where(*where)
        .order_by(*ASSIST_SORTS.get(sort, ASSIST_SORTS["-day"]))
        .limit(PAGE)
        .offset((page - 1) * PAGE)
    ).all()
    names = names_of(conn, team_id, "service", "member")
    return Page(
        [
            {
                "id": x.id,
                "day": x.day,
                "outcome": x.outcome,
                "service": names.get(x.service_id, "?"),
                "member": names.get(x.member_id, "?"),
                "resident": x.full_name or "?",
            }
            for x in rows
        ],
        total,
        page,
    )


@dataclass(slots=True)
class Problem:
    """A refused change as the team page lists it."""

    created_at: datetime
    device: str  # the laptop that sent it, by its name
    entity: str
    record: str  # which record: its name or label ("" when nothing names it)
    status: str
    code: str
    message: str


LABEL = 120  # characters of a record's label (a refused name may be 2,000 long)


def _unresolved(p: Any, r: Any) -> Any:
    """A refusal still open: no version of its record was written after it (a later change of
    the record accepted, from any laptop, settles it). Read at once from `record`'s key."""
    return or_(r.id.is_(None), r.updated_at <= p.created_at)


def _problem_joins() -> Any:
    p, r = T.problem.c, T.record.c
    return T.problem.outerjoin(
        T.record, (r.team_id == p.team_id) & (r.entity == p.entity) & (r.id == p.record_id)
    )


def has_open_problems(conn: Connection, team_id: str) -> bool:
    p, r = T.problem.c, T.record.c
    return (
        conn.scalar(
            select(p.seq)
            .select_from(_problem_joins())
            .where(p.team_id == team_id, _unresolved(p, r))
            .limit(1)
        )
        is not None
    )


def team_problems(conn: Connection, team_id: str, limit: int = 200) -> tuple[list[Problem], int]:
    """The team's refused changes still open, newest first, each naming its record (from the
    refused payload, else the record as the server has it); and how many were settled since."""
    p, r, d = T.problem.c, T.record.c, T.device.c
    joined = _problem_joins().outerjoin(T.device, (d.team_id == p.team_id) & (d.id == p.device_id))
    rows = conn.execute(
        select(
            p.created_at, p.entity, p.record_id, p.status, p.code, p.message, p.payload,
            r.payload.label("stored"), d.name.label("device"),
        )
        .select_from(joined)
        .where(p.team_id == team_id, _unresolved(p, r))
        .order_by(p.created_at.desc(), p.seq.desc())
        .limit(limit)
    ).all()  # fmt: skip
    settled = (
        conn.scalar(
            select(func.count())
            .select_from(_problem_joins())
            .where(p.team_id == team_id, r.updated_at > p.created_at)
        )
        or 0
    )
    fields = [_fields(row.payload, row.stored) for row in rows]
    names = _referred(conn, team_id, fields)
    return [
        Problem(
            row.created_at,
            row.device or "",
            row.entity,
            _label(row.entity, f, names),
            row.status,
            row.code,
            row.message,
        )
        for row, f in zip(rows, fields, strict=True)
    ], int(settled)


def _json_object(text: str | None) -> dict[str, Any]:
    try:
        value = json.loads(text) if text else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _fields(refused: str, stored: str | None) -> dict[str, Any]:
    """The record's fields as the refused change had them, over the server's version (a
    delete, or a payload missing its name, is still named by the record it was about)."""
    sent = {k: v for k, v in _json_object(refused).items() if v not in (None, "", [])}
    return _json_object(stored) | sent


def _referred(conn: Connection, team_id: str, fields: list[dict[str, Any]]) -> dict[str, str]:
    """Names of what refused records point to: residents by name, trainings by day, topics and
    services by name; by id, read by the record table's key."""
    wanted: dict[str, set[str]] = {"resident": set(), "training": set()}
    for f in fields:
        for key, entity in (("resident_id", "resident"), ("training_id", "training")):
            if isinstance(f.get(key), str):
                wanted[entity].add(f[key])
    out = names_of(conn, team_id, "topic", "service")
    rec = T.record.c
    for entity, ids in wanted.items():
        for chunk in (sorted(ids)[i : i + 500] for i in range(0, len(ids), 500)):
            for record_id, payload in conn.execute(
                select(rec.id, rec.payload).where(
                    rec.team_id == team_id, rec.entity == entity, rec.id.in_(chunk)
                )
            ):
                item = _json_object(payload)
                out[record_id] = (
                    _text(item.get("full_name"))
                    if entity == "resident"
                    else "buổi tập huấn " + _day(item.get("day"))
                )
    return out


def _text(value: Any) -> str:
    """A stored value as a label's text: printable, without what UTF-8 cannot carry (a refused
    payload may hold a lone surrogate), cut to a label's length."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return ""
    text = "".join(
        c if c.isprintable() and not 0xD800 <= ord(c) <= 0xDFFF else " " for c in str(value)
    )
    text = " ".join(text.split())
    return text if len(text) <= LABEL else text[: LABEL - 1] + "…"


def _day(value: Any) -> str:
    text = _text(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return f"{text[8:10]}/{text[5:7]}/{text[:4]}"
    return text


def _label(entity: str, f: dict[str, Any], names: dict[str, str]) -> str:
    """Which record, as the team would name it: a resident by name (and birth year), a
    training by its topics and day, a help session by resident, service and day."""

    def ref(key: str) -> str:
        value = f.get(key)
        return names.get(value, "") if isinstance(value, str) else ""

    match entity:
        case "resident":
            name, year = _text(f.get("full_name")), f.get("birth_year")
            parts = [f"{name} ({year})" if name and type(year) is int else name]
        case "member":
            parts = [_text(f.get("full_name"))]
        case "training":
            ids = f.get("topic_ids")
            topics = (
                [names.get(t, "") for t in ids if isinstance(t, str)]
                if isinstance(ids, list)
                else []
            )
            what = ", ".join(t for t in topics if t) or _text(f.get("place"))
            parts = [what, _day(f.get("day"))]
        case "assist":
            parts = [ref("resident_id"), ref("service_id"), _day(f.get("day"))]
        case "attendance":
            parts = [ref("resident_id"), ref("training_id")]
        case _:
            parts = [_text(f.get("name"))]
    return _text(" · ".join(p for p in parts if p))


def areas(conn: Connection, commune_code: int) -> list[str]:
    return sorted(
        conn.execute(select(T.area.c.name).where(T.area.c.commune_code == commune_code)).scalars(),
        key=collation_key,
    )


def coverage(declared: list[str], rows: list[TeamRow]) -> tuple[int, int]:
    """(neighbourhoods of the commune with an active team, neighbourhoods declared): names
    compared folded, so "Khu pho 3" on a laptop matches the commune's "Khu phố 3"."""
    from sotay.domain.text import fold

    covered = {fold(n) for row in rows if row.active for n in row.neighbourhoods}
    return sum(fold(n) in covered for n in declared), len(declared)


def commune_view(conn: Connection, commune_code: int, period: Period) -> dict[str, Any]:
    """What the commune's page shows, and its exports from the same figures."""
    rows = team_rows(conn, commune_code, period)
    total = overview(conn, [r.id for r in rows], period, [r.figures for r in rows])
    by_month = trend(conn, period.year, commune_code=commune_code)
    declared = areas(conn, commune_code)
    return {
        "rows": rows,
        "total": total,
        "trend": by_month,
        "declared": declared,
        "coverage": coverage(declared, rows),
        "pending": pending(conn, commune_code),
    }
