"""The big lists (residents, trainings, help sessions): filtered and sorted in SQL, read a page
at a time, so a ward's 50,000 residents show as fast as fifty."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from typing import Any

from desktop.domain.text import fold, fts_query


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    select: str
    order: str | None  # None: not sortable


@dataclass(frozen=True, slots=True)
class ListSpec:
    table: str
    source: str  # FROM ... JOIN ...
    columns: tuple[Column, ...]
    tiebreak: str  # keeps paging stable when the sort column has equal values
    date_column: str | None = None


RESIDENTS = ListSpec(
    table="resident",
    source="resident r LEFT JOIN neighbourhood n ON n.id = r.neighbourhood_id",
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
    source="training r",
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
            "(SELECT COUNT(*) FROM attendance a WHERE a.training_id = r.id"
            " AND a.deleted_at IS NULL AND a.present = 1)",
            None,
        ),
    ),
    tiebreak="r.start_time, r.id",
    date_column="r.day",
)

ASSISTS = ListSpec(
    table="assist",
    source="assist r JOIN resident p ON p.id = r.resident_id"
    " JOIN service s ON s.id = r.service_id LEFT JOIN member m ON m.id = r.member_id",
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
    sort: str | None = None
    descending: bool = False

    @property
    def spec(self) -> ListSpec:
        return SPECS[self.table]


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
        person = {"resident": "r", "assist": "p"}.get(q.table)
        if person:
            clauses.append(f"{person}.neighbourhood_id = ?")
            params.append(q.neighbourhood_id)
        elif q.table == "training":
            clauses.append(
                "r.id IN (SELECT a.training_id FROM attendance a JOIN resident x"
                " ON x.id = a.resident_id WHERE x.neighbourhood_id = ?"
                " AND a.deleted_at IS NULL)"
            )
            params.append(q.neighbourhood_id)
    text = q.search.strip()
    if text:
        if q.table in ("resident", "assist"):
            alias = "r" if q.table == "resident" else "p"
            digits = "".join(ch for ch in text if ch.isdigit())
            if digits and not any(ch.isalpha() for ch in text):
                clauses.append(f"{alias}.phone LIKE ?")
                params.append(digits + "%")
            elif (match := fts_query(text)) is not None:
                clauses.append(
                    f"{alias}.rid IN (SELECT rowid FROM resident_fts WHERE resident_fts MATCH ?)"
                )
                params.append(match)
        else:
            folded = fold(text).replace("%", "").replace("_", "")
            clauses.append("(fold(r.place) LIKE ? OR fold(r.note) LIKE ?)")
            params += [f"%{folded}%", f"%{folded}%"]
    return " AND ".join(clauses), params


def _order(q: ListQuery) -> str:
    spec = q.spec
    column = next((c for c in spec.columns if c.key == q.sort and c.order), None)
    if column is None:
        column = spec.columns[0]
        descending = (q.sort is None and spec.date_column is not None) or q.descending
    else:
        descending = q.descending
    direction = " DESC" if descending else ""
    ties = ", ".join(f"{t.strip()}{direction}" for t in spec.tiebreak.split(","))
    return f"{column.order}{direction}, {ties}"


def count(conn: sqlite3.Connection, q: ListQuery) -> int:
    where, params = _where(q)
    return conn.execute(f"SELECT COUNT(*) FROM {q.spec.source} WHERE {where}", params).fetchone()[0]


def page(conn: sqlite3.Connection, q: ListQuery, offset: int, limit: int) -> list[tuple[Any, ...]]:
    """Rows as tuples: the record id first, then one value per column."""
    where, params = _where(q)
    select = ", ".join(c.select for c in q.spec.columns)
    sql = (
        f"SELECT r.id, {select} FROM {q.spec.source} WHERE {where}"
        f" ORDER BY {_order(q)} LIMIT ? OFFSET ?"
    )
    return [tuple(r) for r in conn.execute(sql, (*params, limit, offset))]
