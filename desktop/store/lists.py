"""The big lists (residents, trainings, help sessions): filtered and sorted in SQL, read a page
at a time, so a ward's 50,000 residents show as fast as fifty.

A page is read in two steps: the ids of the page (only the joins the filter and the sort need),
then the displayed columns for those ids alone. Pages past the middle are read from the other
end, so jumping to the end of a list is as fast as its start.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sotay.domain.phone import phone_prefix, phone_range
from sotay.domain.text import fold, fts_query


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    select: str
    order: str | None  # None: not sortable


@dataclass(frozen=True, slots=True)
class ListSpec:
    table: str
    base: str  # "<table> r"
    columns: tuple[Column, ...]
    tiebreak: str  # unique key(s) that keep paging stable when sort values are equal
    joins: dict[str, str] = field(default_factory=dict)  # alias -> JOIN clause
    date_column: str | None = None

    def source(self, sql: str | None = None) -> str:
        """FROM clause with every join (sql=None) or only those `sql` refers to."""
        wanted = [
            j for alias, j in self.joins.items() if sql is None or re.search(rf"\b{alias}\.", sql)
        ]
        return " ".join([self.base, *wanted])


RESIDENTS = ListSpec(
    table="resident",
    base="resident r",
    joins={"n": "LEFT JOIN neighbourhood n ON n.id = r.neighbourhood_id"},
    columns=(
        Column("full_name", "r.full_name", "r.sort_key"),
        Column("gender", "r.gender", "r.gender"),
        Column("birth_year", "r.birth_year", "r.birth_year"),
        Column("neighbourhood", "n.name", "n.name"),
        Column("phone", "r.phone", "r.phone"),
        Column("note", "r.note", None),
    ),
    tiebreak="r.rid",
)

TRAININGS = ListSpec(
    table="training",
    base="training r",
    columns=(
        Column("day", "r.day", "r.day"),
        Column("time", "r.start_time || '–' || r.end_time", "r.start_time"),
        Column(
            "topics",
            "(SELECT group_concat(tp.name, '; ') FROM training_topic x"
            " JOIN topic tp ON tp.id = x.topic_id WHERE x.training_id = r.id)",
            None,
        ),
        Column("place", "r.place", "r.place"),
        Column("status", "r.status", "r.status"),
        Column(
            "registered",
            "(SELECT COUNT(*) FROM attendance a WHERE a.training_id = r.id"
            " AND a.deleted_at IS NULL)",
            None,
        ),
        Column(
            "present",
            # Only a class held has people present; a planned one's are registered.
            "(SELECT COUNT(*) FROM attendance a WHERE a.training_id = r.id"
            " AND a.deleted_at IS NULL AND a.present = 1 AND r.status = 'held')",
            None,
        ),
    ),
    tiebreak="r.start_time, r.id",
    date_column="r.day",
)

ASSISTS = ListSpec(
    table="assist",
    base="assist r",
    joins={
        "p": "JOIN resident p ON p.id = r.resident_id",
        "s": "JOIN service s ON s.id = r.service_id",
        "m": "LEFT JOIN member m ON m.id = r.member_id",
    },
    columns=(
        Column("day", "r.day", "r.day"),
        Column("resident", "p.full_name", "p.sort_key"),
        Column("service", "s.name", "s.sort"),
        Column("outcome", "r.outcome", "r.outcome"),
        Column("member", "m.full_name", "m.full_name"),
        Column("reason", "r.reason", None),
    ),
    tiebreak="r.id",
    date_column="r.day",
)

SPECS = {s.table: s for s in (RESIDENTS, TRAININGS, ASSISTS)}


@dataclass(frozen=True, slots=True)
class ListQuery:
    table: str
    search: str = ""
    start: date | None = None  # inclusive
    end: date | None = None  # exclusive
    topic_id: str | None = None
    service_id: str | None = None
    neighbourhood_id: str | None = None
    # Residents only: NEVER_TRAINED, or a topic id (present at a class held on it)
    trained: str | None = None
    sort: str | None = None  # None: the first column; newest first for dated lists
    descending: bool = False

    @property
    def spec(self) -> ListSpec:
        return SPECS[self.table]


NEVER_TRAINED = "never"
# Who was present at a class held (a planned or cancelled one taught nobody).
_PRESENT = (
    "SELECT a.resident_id FROM attendance a JOIN training t ON t.id = a.training_id"
    " WHERE a.deleted_at IS NULL AND a.present = 1 AND t.deleted_at IS NULL"
    " AND t.status = 'held'"
)


def _where(q: ListQuery) -> tuple[str, list[Any]]:
    spec = q.spec
    clauses = ["r.deleted_at IS NULL"]
    params: list[Any] = []
    if spec.date_column and q.start:
        clauses.append(f"{spec.date_column} >= ?")
        params.append(q.start.isoformat())
    if spec.date_column and q.end:
        clauses.append(f"{spec.date_column} < ?")
        params.append(q.end.isoformat())
    if q.topic_id and q.table == "training":
        clauses.append("r.id IN (SELECT training_id FROM training_topic WHERE topic_id = ?)")
        params.append(q.topic_id)
    if q.service_id and q.table == "assist":
        clauses.append("r.service_id = ?")
        params.append(q.service_id)
    if q.neighbourhood_id:
        if q.table == "resident":
            clauses.append("r.neighbourhood_id = ?")
        elif q.table == "assist":
            clauses.append("r.resident_id IN (SELECT id FROM resident WHERE neighbourhood_id = ?)")
        else:
            clauses.append(
                "r.id IN (SELECT a.training_id FROM attendance a JOIN resident x"
                " ON x.id = a.resident_id WHERE x.neighbourhood_id = ?"
                " AND a.deleted_at IS NULL)"
            )
        params.append(q.neighbourhood_id)
    if q.trained and q.table == "resident":
        if q.trained == NEVER_TRAINED:  # who to invite next
            clauses.append(f"r.id NOT IN ({_PRESENT})")
        else:
            clauses.append(
                f"r.id IN ({_PRESENT} AND t.id IN"
                " (SELECT training_id FROM training_topic WHERE topic_id = ?))"
            )
            params.append(q.trained)
    text = q.search.strip()
    if text:
        if q.table in ("resident", "assist"):
            person = "r" if q.table == "resident" else "x"
            digits = phone_prefix(text)
            if digits:
                cond = f"{person}.phone != '' AND {person}.phone >= ? AND {person}.phone < ?"
                params += phone_range(digits)
            elif (match := fts_query(text)) is not None:
                cond = (
                    f"{person}.rid IN (SELECT rowid FROM resident_fts WHERE resident_fts MATCH ?)"
                )
                params.append(match)
            else:
                cond = ""
            if cond and q.table == "assist":
                cond = f"r.resident_id IN (SELECT x.id FROM resident x WHERE {cond})"
            if cond:
                clauses.append(cond)
        else:
            # Escaped, not dropped: a place written "Phòng_2" or "100%" is found as written.
            folded = re.sub(r"([\\%_])", r"\\\1", fold(text))
            clauses.append("(fold(r.place) LIKE ? ESCAPE '\\' OR fold(r.note) LIKE ? ESCAPE '\\')")
            params += [f"%{folded}%", f"%{folded}%"]
    return " AND ".join(clauses), params


def _order(q: ListQuery, reverse: bool = False) -> str:
    spec = q.spec
    column = next((c for c in spec.columns if c.key == q.sort and c.order), None)
    if column is None:
        column = spec.columns[0]
        descending = (q.sort is None and spec.date_column is not None) or q.descending
    else:
        descending = q.descending
    direction = " DESC" if descending != reverse else ""
    terms = [column.order or "", *(t.strip() for t in spec.tiebreak.split(","))]
    return ", ".join(f"{t}{direction}" for t in terms)


def count(conn: sqlite3.Connection, q: ListQuery) -> int:
    where, params = _where(q)
    sql = f"SELECT COUNT(*) FROM {q.spec.source(where)} WHERE {where}"
    return conn.execute(sql, params).fetchone()[0]


def page(
    conn: sqlite3.Connection, q: ListQuery, offset: int, limit: int, total: int | None = None
) -> list[tuple[Any, ...]]:
    """Rows as tuples: the record id first, then one value per column.

    Give `total` (the count) to let pages past the middle be read from the end.
    """
    where, params = _where(q)
    reverse = total is not None and offset > total // 2
    if reverse:
        assert total is not None
        end = min(offset + limit, total)
        offset, limit = max(0, total - end), max(0, end - offset)
    order = _order(q, reverse)
    ids_sql = (
        f"SELECT r.id FROM {q.spec.source(f'{where} {order}')} WHERE {where}"
        f" ORDER BY {order} LIMIT ? OFFSET ?"
    )
    ids = [r[0] for r in conn.execute(ids_sql, (*params, limit, offset))]
    if reverse:
        ids.reverse()
    if not ids:
        return []
    select = ", ".join(c.select for c in q.spec.columns)
    rows = conn.execute(
        f"SELECT r.id, {select} FROM {q.spec.source()}"
        " WHERE r.id IN (SELECT value FROM json_each(?))",
        (json.dumps(ids),),
    )
    by_id = {r[0]: tuple(r) for r in rows}
    return [by_id[i] for i in ids]


def every_row(conn: sqlite3.Connection, q: ListQuery, chunk: int = 5000) -> list[tuple[Any, ...]]:
    """Every row of the list, in its order (its filters and sort): for an export."""
    out: list[tuple[Any, ...]] = []
    offset = 0
    while True:
        rows = page(conn, q, offset, chunk)
        out += rows
        if len(rows) < chunk:
            return out
        offset += chunk
