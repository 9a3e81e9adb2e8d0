"""Every read. Functions take a read connection; they never write."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date

from desktop.store.roster import Roster
from sotay.domain.dates import day_or_text, parse_day
from sotay.domain.denominators import COMMUNE_KEY, CommuneFigures
from sotay.domain.indicators import Overview
from sotay.domain.models import (
    Assist,
    Attendance,
    CatalogueItem,
    Gender,
    Member,
    Neighbourhood,
    Outcome,
    Resident,
    Role,
    Team,
    Training,
    TrainingStatus,
)
from sotay.domain.periods import ELDERLY_AGE, Period
from sotay.domain.phone import phone_prefix, phone_range
from sotay.domain.standard import TRAINED, Figure, in_order
from sotay.domain.text import collation_key, fold, fts_query, sort_key


def commune_figures(conn: sqlite3.Connection) -> CommuneFigures | None:
    """What the commune sent with the last pull (desktop/sync/service.py keeps it)."""
    row = conn.execute("SELECT value FROM sync_state WHERE key = ?", (COMMUNE_KEY,)).fetchone()
    if row is None:
        return None
    try:
        return CommuneFigures.read(json.loads(row[0]))
    except ValueError:
        return None


def load_roster(conn: sqlite3.Connection) -> Roster:
    roster = Roster()
    row = conn.execute("SELECT * FROM team WHERE deleted_at IS NULL LIMIT 1").fetchone()
    if row is None:
        return roster
    roster.team = Team(
        name=row["name"],
        province_code=row["province_code"],
        province_name=row["province_name"],
        commune_code=row["commune_code"],
        commune_name=row["commune_name"],
        id=row["id"],
        version=row["version"],
    )
    roster.neighbourhoods = sorted(
        (
            Neighbourhood(
                name=r["name"],
                adults=r["adults"],
                households=r["households"],
                counted_on=parse_day(r["counted_on"] or ""),
                id=r["id"],
                version=r["version"],
            )
            for r in conn.execute("SELECT * FROM neighbourhood WHERE deleted_at IS NULL")
        ),
        key=lambda n: collation_key(n.name),
    )
    rank = {Role.LEADER: 0, Role.DEPUTY: 1}
    roster.members = sorted(
        (
            Member(
                full_name=r["full_name"],
                role=Role(r["role"]),
                phone=r["phone"],
                id=r["id"],
                version=r["version"],
            )
            for r in conn.execute("SELECT * FROM member WHERE deleted_at IS NULL")
        ),
        key=lambda m: (rank.get(m.role, 2), sort_key(m.full_name)),
    )
    roster.removed_neighbourhoods = dict(
        conn.execute("SELECT id, name FROM neighbourhood WHERE deleted_at IS NOT NULL").fetchall()
    )
    roster.commune = commune_figures(conn)
    roster.removed_members = dict(
        conn.execute("SELECT id, full_name FROM member WHERE deleted_at IS NOT NULL").fetchall()
    )
    for kind in ("topic", "service"):
        items = [
            CatalogueItem(
                name=r["name"],
                active=bool(r["active"]),
                sort=r["sort"],
                code=r["code"],
                id=r["id"],
                version=r["version"],
            )
            for r in conn.execute(
                f"SELECT * FROM {kind} WHERE deleted_at IS NULL ORDER BY sort, name"
            )
        ]
        setattr(roster, kind + "s", items)
    return roster


# --- residents --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ResidentHit:
    id: str
    full_name: str
    birth_year: int | None
    gender: str | None
    neighbourhood: str
    phone: str


_HIT = """SELECT r.id, r.full_name, r.birth_year, r.gender, COALESCE(n.name, '') AS nb, r.phone
          FROM resident r LEFT JOIN neighbourhood n ON n.id = r.neighbourhood_id"""


def _hits(rows: list[sqlite3.Row]) -> list[ResidentHit]:
    return [ResidentHit(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows]


MANY_MATCHES = 2000


def search_residents(conn: sqlite3.Connection, text: str, limit: int = 20) -> list[ResidentHit]:
    """As-you-type search by name (diacritics optional) or by phone digits."""
    digits = phone_prefix(text)
    if len(digits) >= 3:
        rows = conn.execute(
            f"{_HIT} WHERE r.deleted_at IS NULL AND r.phone != '' AND r.phone >= ?"
            " AND r.phone < ? ORDER BY r.sort_key LIMIT ?",
            (*phone_range(digits), limit),
        ).fetchall()
        return _hits(rows)
    match = fts_query(text)
    if match is None:
        return []
    matches = conn.execute(
        "SELECT COUNT(*) FROM resident_fts WHERE resident_fts MATCH ?", (match,)
    ).fetchone()[0]
    # Few matches: look them up and sort them. Many ("n", "nguyen"): walk the name-order
    # index and stop at the limit ('+' keeps SQLite from driving the query by rid).
    driver = "+r.rid" if matches > MANY_MATCHES else "r.rid"
    rows = conn.execute(
        f"{_HIT} WHERE {driver} IN (SELECT rowid FROM resident_fts WHERE resident_fts MATCH ?)"
        " AND r.deleted_at IS NULL ORDER BY r.sort_key LIMIT ?",
        (match, limit),
    ).fetchall()
    return _hits(rows)


def similar_residents(conn: sqlite3.Connection, resident: Resident) -> list[ResidentHit]:
    """Who this new entry may already be: same folded name and birth year, or same phone."""
    clauses, params = [], []
    if resident.birth_year is not None:
        clauses.append("(r.name_folded = ? AND r.birth_year = ?)")
        params += [fold(resident.full_name), resident.birth_year]
    if resident.phone:
        clauses.append("r.phone = ?")
        params.append(resident.phone)
    if not clauses:
        return []
    rows = conn.execute(
        f"{_HIT} WHERE r.deleted_at IS NULL AND r.id != ? AND ({' OR '.join(clauses)})"
        " ORDER BY r.sort_key LIMIT 10",
        (resident.id, *params),
    ).fetchall()
    return _hits(rows)


def resident_keys(conn: sqlite3.Connection) -> list[tuple[str, int | None, str, str, str]]:
    """Every recorded resident as an import's duplicate check needs them: (folded name, birth
    year, phone, name, neighbourhood)."""
    return [
        tuple(r)
        for r in conn.execute(
            "SELECT r.name_folded, r.birth_year, r.phone, r.full_name, COALESCE(n.name, '')"
            " FROM resident r LEFT JOIN neighbourhood n ON n.id = r.neighbourhood_id"
            " WHERE r.deleted_at IS NULL"
        )
    ]


def get_resident(conn: sqlite3.Connection, resident_id: str) -> Resident | None:
    r = conn.execute(
        "SELECT * FROM resident WHERE id = ? AND deleted_at IS NULL", (resident_id,)
    ).fetchone()
    if r is None:
        return None
    return Resident(
        full_name=r["full_name"],
        gender=Gender(r["gender"]) if r["gender"] else None,
        birth_year=r["birth_year"],
        neighbourhood_id=r["neighbourhood_id"],
        phone=r["phone"],
        note=r["note"],
        id=r["id"],
        version=r["version"],
    )


def get_hit(conn: sqlite3.Connection, resident_id: str) -> ResidentHit | None:
    rows = conn.execute(f"{_HIT} WHERE r.id = ?", (resident_id,)).fetchall()
    return _hits(rows)[0] if rows else None


# --- trainings and help sessions --------------------------------------------------------------


def get_training(
    conn: sqlite3.Connection, training_id: str
) -> tuple[Training, list[tuple[ResidentHit, bool]]] | None:
    r = conn.execute(
        "SELECT * FROM training WHERE id = ? AND deleted_at IS NULL", (training_id,)
    ).fetchone()
    if r is None:
        return None
    t = Training(
        day=parse_day(r["day"]),  # None for a day no calendar has: the form asks for one
        start_time=r["start_time"],
        end_time=r["end_time"],
        place=r["place"],
        status=TrainingStatus(r["status"]),
        note=r["note"],
        id=r["id"],
        version=r["version"],
    )
    t.topic_ids = [
        x[0]
        for x in conn.execute(
            "SELECT topic_id FROM training_topic WHERE training_id = ?", (training_id,)
        )
    ]
    t.trainer_ids = [
        x[0]
        for x in conn.execute(
            "SELECT member_id FROM training_trainer WHERE training_id = ?", (training_id,)
        )
    ]
    people = []
    # Present only at a class held (sotay.domain.validation.settle_roll_call): a present row
    # a sync joined to a planned class reads as registered, and is saved so.
    held = t.status == TrainingStatus.HELD
    for row in conn.execute(
        "SELECT a.id AS aid, a.present, a.version AS av, r.id, r.full_name, r.birth_year,"
        " r.gender, COALESCE(n.name, '') AS nb, r.phone"
        " FROM attendance a JOIN resident r ON r.id = a.resident_id"
        " LEFT JOIN neighbourhood n ON n.id = r.neighbourhood_id"
        " WHERE a.training_id = ? AND a.deleted_at IS NULL ORDER BY r.sort_key",
        (training_id,),
    ):
        t.attendance.append(
            Attendance(
                resident_id=row["id"],
                present=held and bool(row["present"]),
                id=row["aid"],
                version=row["av"],
            )
        )
        people.append(
            (
                ResidentHit(
                    row["id"],
                    row["full_name"],
                    row["birth_year"],
                    row["gender"],
                    row["nb"],
                    row["phone"],
                ),
                held and bool(row["present"]),
            )
        )
    return t, people


def get_assist(conn: sqlite3.Connection, assist_id: str) -> tuple[Assist, ResidentHit] | None:
    r = conn.execute(
        "SELECT * FROM assist WHERE id = ? AND deleted_at IS NULL", (assist_id,)
    ).fetchone()
    if r is None:
        return None
    a = Assist(
        day=parse_day(r["day"]),  # None for a day no calendar has: the form asks for one
        resident_id=r["resident_id"],
        member_id=r["member_id"],
        service_id=r["service_id"],
        outcome=Outcome(r["outcome"]),
        reason=r["reason"],
        note=r["note"],
        id=r["id"],
        version=r["version"],
    )
    hit = get_hit(conn, r["resident_id"])
    assert hit is not None  # foreign key
    return a, hit


# --- overview ---------------------------------------------------------------------------------


# The period's held trainings (an index range, never all attendance) and who was present.
_HELD = """held AS MATERIALIZED (
              SELECT id FROM training WHERE deleted_at IS NULL AND status = 'held'
              AND day >= ? AND day < ?),
          present AS MATERIALIZED (
              SELECT a.training_id, a.resident_id FROM held t CROSS JOIN attendance a
              ON a.training_id = t.id WHERE a.deleted_at IS NULL AND a.present = 1)"""


# The topics' and the topic codes' lines of the overview's statement (kind 'p', 'c').
_CODED = """,
               coded AS (SELECT DISTINCT tt.training_id, tp.code FROM held t
                         JOIN training_topic tt ON tt.training_id = t.id
                         JOIN topic tp ON tp.id = tt.topic_id WHERE tp.code IS NOT NULL)"""
_BY_TOPIC = """UNION ALL
           SELECT 'p', tt.topic_id, COUNT(*), COALESCE(SUM(per.n), 0), 0, 0
           FROM held t JOIN training_topic tt ON tt.training_id = t.id
           LEFT JOIN per ON per.training_id = t.id
           GROUP BY tt.topic_id
           UNION ALL
           SELECT 'c', c.code, COUNT(DISTINCT p.resident_id), COUNT(*), 0, 0
           FROM coded c JOIN present p ON p.training_id = c.training_id GROUP BY c.code"""
# The services' codes: help sessions done, and the residents they helped.
_SERVICE_CODES = """SELECT s.code, COUNT(DISTINCT a.resident_id), COUNT(*)
           FROM assist a JOIN service s ON s.id = a.service_id
           WHERE a.deleted_at IS NULL AND a.day >= ? AND a.day < ? AND a.outcome = 'done'
             AND s.code IS NOT NULL
           GROUP BY s.code"""


def overview(conn: sqlite3.Connection, period: Period, *, breakdowns: bool = True) -> Overview:
    """The commune's indicators. Trainings count when held; residents count once each.
    `breakdowns`: also by topic, by service and the standard indicators (not needed for a
    period shown beside another, issue 23's comparisons)."""
    ov = Overview(period=period)
    span = (period.start.isoformat(), period.end.isoformat())
    for status, n in conn.execute(
        "SELECT status, COUNT(*) FROM training WHERE deleted_at IS NULL AND day >= ? AND day < ?"
        " GROUP BY status",
        span,
    ):
        setattr(ov, f"trainings_{status}", n)
    # One statement, so `present` is gathered once for the totals, the topics and their codes.
    coded = _CODED if breakdowns else ""
    rows = conn.execute(
        f"""WITH {_HELD},
               per AS (SELECT training_id, COUNT(*) AS n FROM present GROUP BY training_id),
               people AS (SELECT r.gender, r.birth_year FROM resident r INDEXED BY resident_stats
                          WHERE r.id IN (SELECT resident_id FROM present)){coded}
           SELECT 't', NULL, (SELECT COUNT(*) FROM present), COUNT(*),
                  COALESCE(SUM(gender = 'female'), 0),
                  COALESCE(SUM(birth_year IS NOT NULL AND ? - birth_year >= ?), 0)
           FROM people
           {_BY_TOPIC if breakdowns else ""}""",
        (*span, period.year, ELDERLY_AGE),
    ).fetchall()
    _, _, ov.attendances, ov.residents_trained, ov.women_trained, ov.elderly_trained = rows[0]
    per_topic = {r[1]: (r[2], r[3]) for r in rows[1:] if r[0] == "p"}
    # The standard indicators (standard_figures' rules), `trained` being the residents trained
    # above (a roll-call row whose resident record is missing, which the data check fetches
    # back, is left out here as it is from that figure).
    codes = {TRAINED: (ov.residents_trained, ov.attendances)}
    codes |= {r[1]: (r[2], r[3]) for r in rows[1:] if r[0] == "c"}
    if not breakdowns:
        ov.assists, ov.assisted_residents = conn.execute(
            "SELECT COUNT(*), COUNT(DISTINCT resident_id) FROM assist"
            " WHERE deleted_at IS NULL AND day >= ? AND day < ?",
            span,
        ).fetchone()
        return ov
    # The period's help sessions read once for their totals, their services and their codes
    # (three statements read a large ward's quarter three times: a fifth of the overview).
    per_service: dict[str, tuple[int, int, int]] = {}
    for kind, key, x, y, z in conn.execute(
        """WITH a AS MATERIALIZED (
               SELECT resident_id, service_id, outcome FROM assist
               WHERE deleted_at IS NULL AND day >= ? AND day < ?)
           SELECT 't', NULL, COUNT(*), COUNT(DISTINCT resident_id), 0 FROM a
           UNION ALL
           SELECT 's', service_id, SUM(outcome = 'done'), SUM(outcome = 'not_done'),
                  SUM(outcome = 'referred')
           FROM a GROUP BY service_id
           UNION ALL
           SELECT 'c', s.code, COUNT(DISTINCT a.resident_id), COUNT(*), 0
           FROM a JOIN service s ON s.id = a.service_id
           WHERE a.outcome = 'done' AND s.code IS NOT NULL
           GROUP BY s.code""",
        span,
    ):
        if kind == "t":
            ov.assists, ov.assisted_residents = x, y
        elif kind == "s":
            per_service[key] = (x, y, z)
        else:
            codes[key] = (x, y)
    ov.by_topic = [
        (name, *per_topic.get(topic_id, (0, 0)))
        for topic_id, name in conn.execute(
            "SELECT id, name FROM topic WHERE deleted_at IS NULL ORDER BY sort, name"
        )
    ]
    ov.by_service = [
        (name, *per_service.get(service_id, (0, 0, 0)))
        for service_id, name in conn.execute(
            "SELECT id, name FROM service WHERE deleted_at IS NULL ORDER BY sort, name"
        )
    ]
    ov.standard = in_order(codes)
    return ov


def standard_figures(conn: sqlite3.Connection, period: Period) -> list[Figure]:
    """The standard indicators by code (sotay/domain/standard.Tally's rules, in SQL: a large
    ward's month is thousands of roll-call rows). Items count by the code they carry now,
    retired or removed ones too: the sessions they counted were given."""
    span = (period.start.isoformat(), period.end.isoformat())
    found: dict[str, tuple[int, int]] = {}
    for code, people, count in conn.execute(
        f"""WITH {_HELD},
               coded AS (SELECT DISTINCT tt.training_id, tp.code FROM held t
                         JOIN training_topic tt ON tt.training_id = t.id
                         JOIN topic tp ON tp.id = tt.topic_id WHERE tp.code IS NOT NULL)
           SELECT ?, COUNT(DISTINCT resident_id), COUNT(*) FROM present
           UNION ALL
           SELECT c.code, COUNT(DISTINCT p.resident_id), COUNT(*)
           FROM coded c JOIN present p ON p.training_id = c.training_id GROUP BY c.code
           UNION ALL
           {_SERVICE_CODES}""",
        (*span, TRAINED, *span),
    ):
        found[code] = (people, count)
    return in_order(found)


# A training `t`'s topics by name, comma-separated (NULL when it has none).
_TOPIC_NAMES = (
    "(SELECT group_concat(tp.name, ', ') FROM training_topic x"
    " JOIN topic tp ON tp.id = x.topic_id WHERE x.training_id = t.id)"
)


def overdue_planned(
    conn: sqlite3.Connection, today: date
) -> list[tuple[str, date | str, str, str]]:
    """Trainings still planned whose day has passed: (id, day, place, topics), oldest first.
    A leader who forgot to mark a class as held sees it here, not a silent 0."""
    return [
        (training_id, day_or_text(day), place, topics or "")
        for training_id, day, place, topics in conn.execute(
            f"SELECT t.id, t.day, t.place, {_TOPIC_NAMES} FROM training t"
            " WHERE t.deleted_at IS NULL AND t.status = 'planned' AND t.day < ?"
            " ORDER BY t.day, t.id",
            (today.isoformat(),),
        )
    ]


def earlier_trainings(
    conn: sqlite3.Connection, but: str | None = None, limit: int = 60
) -> list[tuple[str, date | str, str, str, int]]:
    """The latest trainings with someone on their roll-call, newest first: (id, day, place,
    topics, people). A new class can start from one (the same group meets again)."""
    return [
        (training_id, day_or_text(day), place, topics or "", people)
        for training_id, day, place, topics, people in conn.execute(
            f"""SELECT t.id, t.day, t.place, {_TOPIC_NAMES}, COUNT(a.id)
               FROM training t JOIN attendance a ON a.training_id = t.id AND a.deleted_at IS NULL
               JOIN resident r ON r.id = a.resident_id AND r.deleted_at IS NULL
               WHERE t.deleted_at IS NULL AND t.id != ?
               GROUP BY t.id ORDER BY t.day DESC, t.id LIMIT ?""",
            (but or "", limit),
        )
    ]


def roll_call_of(conn: sqlite3.Connection, training_id: str) -> list[ResidentHit]:
    """Everyone on a training's roll-call (present or not), in name order; residents deleted
    since are left out."""
    rows = conn.execute(
        f"{_HIT} JOIN attendance a ON a.resident_id = r.id"
        " WHERE a.training_id = ? AND a.deleted_at IS NULL AND r.deleted_at IS NULL"
        " ORDER BY r.sort_key",
        (training_id,),
    ).fetchall()
    return _hits(rows)


@dataclass(frozen=True, slots=True)
class History:
    """What the team did with one resident, newest first."""

    # day, status, topics, place, present (False at a class not held: registered)
    classes: list[tuple[date | str, str, str, str, bool]]
    helps: list[tuple[date | str, str, str, str]]  # day, service, outcome, reason


def resident_history(conn: sqlite3.Connection, resident_id: str) -> History:
    services = dict(conn.execute("SELECT id, name FROM service").fetchall())
    classes = [
        (day_or_text(day), status, topics or "", place, status == "held" and bool(present))
        for day, status, topics, place, present in conn.execute(
            f"""SELECT t.day, t.status, {_TOPIC_NAMES}, t.place, a.present FROM attendance a
               JOIN training t ON t.id = a.training_id
               WHERE a.resident_id = ? AND a.deleted_at IS NULL AND t.deleted_at IS NULL
               ORDER BY t.day DESC, t.id""",
            (resident_id,),
        )
    ]
    helps = [
        (day_or_text(day), services.get(service_id, ""), outcome, reason)
        for day, service_id, outcome, reason in conn.execute(
            "SELECT day, service_id, outcome, reason FROM assist"
            " WHERE resident_id = ? AND deleted_at IS NULL ORDER BY day DESC, id",
            (resident_id,),
        )
    ]
    return History(classes, helps)


def by_neighbourhood(
    conn: sqlite3.Connection, period: Period
) -> list[tuple[str, int, int, int, int]]:
    """The period's figures per neighbourhood of the residents (for a team whose area covers
    several): (neighbourhood, residents trained, attendances, help sessions, residents
    helped), in Vietnamese order, residents with no neighbourhood last."""
    span = (period.start.isoformat(), period.end.isoformat())
    names = dict(conn.execute("SELECT id, name FROM neighbourhood").fetchall())
    figures: dict[str | None, list[int]] = {}
    for nb, people, visits in conn.execute(
        # CROSS JOIN keeps SQLite on the period's trainings first (training_list), then their
        # roll-calls: left to choose, it scanned every attendance row (218 ms a month on the
        # bench's large ward, 52 ms this way).
        """SELECT r.neighbourhood_id, COUNT(DISTINCT a.resident_id), COUNT(*)
           FROM training t CROSS JOIN attendance a ON a.training_id = t.id
           JOIN resident r ON r.id = a.resident_id
           WHERE t.deleted_at IS NULL AND t.status = 'held' AND t.day >= ? AND t.day < ?
             AND a.deleted_at IS NULL AND a.present = 1
           GROUP BY r.neighbourhood_id""",
        span,
    ):
        figures.setdefault(nb, [0, 0, 0, 0])[0:2] = [people, visits]
    for nb, helps, helped in conn.execute(
        """SELECT r.neighbourhood_id, COUNT(*), COUNT(DISTINCT s.resident_id)
           FROM assist s JOIN resident r ON r.id = s.resident_id
           WHERE s.deleted_at IS NULL AND s.day >= ? AND s.day < ?
           GROUP BY r.neighbourhood_id""",
        span,
    ):
        figures.setdefault(nb, [0, 0, 0, 0])[2:4] = [helps, helped]
    named = sorted(
        ((names.get(nb, ""), *values) for nb, values in figures.items() if nb in names),
        key=lambda row: collation_key(row[0]),
    )
    rest = [0, 0, 0, 0]
    for nb, values in figures.items():
        if nb not in names:
            rest = [a + b for a, b in zip(rest, values, strict=True)]
    return named + ([("", *rest)] if any(rest) else [])


# --- comparisons ------------------------------------------------------------------------------


def compared(conn: sqlite3.Connection, period: Period) -> dict[str, Overview]:
    """The figures beside a period's (issue 23): "previous" (January's is last December),
    "year_before" (the same period a year earlier) and "year_to_date" (1 January to the
    period's end). A year's previous period is also its year before, and its year so far is
    itself: each range is read once."""
    from sotay.domain.periods import previous, year_before, year_to_date

    wanted = {
        "previous": previous(period),
        "year_before": year_before(period),
        "year_to_date": year_to_date(period),
    }
    read: dict[Period, Overview] = {}
    for other in wanted.values():
        if other not in read:
            read[other] = overview(conn, other, breakdowns=False)
    return {name: read[other] for name, other in wanted.items()}
