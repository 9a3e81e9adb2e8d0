"""The store reads behind the printed documents: plain SQL on a reader connection, run with
`Store.read`. They sit here, not in desktop/store, because the store knows nothing of printing."""

from __future__ import annotations

import sqlite3
from datetime import date

from sotay.domain.dates import day_or_text
from sotay.printing.data import AssistLine, Letterhead, Person, TrainingSheet


def letterhead(conn: sqlite3.Connection) -> Letterhead:
    team = conn.execute(
        "SELECT name, commune_name, province_name FROM team WHERE deleted_at IS NULL LIMIT 1"
    ).fetchone()
    leader = conn.execute(
        "SELECT full_name FROM member WHERE deleted_at IS NULL AND role = 'leader'"
        " ORDER BY created_at LIMIT 1"
    ).fetchone()
    if team is None:
        return Letterhead("", "", "")
    return Letterhead(team[1], team[2], team[0], leader[0] if leader else "")


def training_sheet(conn: sqlite3.Connection, training_id: str) -> TrainingSheet | None:
    t = conn.execute(
        "SELECT * FROM training WHERE id = ? AND deleted_at IS NULL", (training_id,)
    ).fetchone()
    if t is None:
        return None
    sheet = TrainingSheet(
        id=t["id"],
        day=day_or_text(t["day"]),
        start_time=t["start_time"],
        end_time=t["end_time"],
        place=t["place"],
        status=t["status"],
    )
    sheet.topics = [
        r[0]
        for r in conn.execute(
            "SELECT tp.name FROM training_topic x JOIN topic tp ON tp.id = x.topic_id"
            " WHERE x.training_id = ? ORDER BY tp.sort, tp.name",
            (training_id,),
        )
    ]
    sheet.trainers = [
        r[0]
        for r in conn.execute(
            "SELECT m.full_name FROM training_trainer x JOIN member m ON m.id = x.member_id"
            " WHERE x.training_id = ? ORDER BY m.full_name",
            (training_id,),
        )
    ]
    sheet.people = [
        # Present only at a class held: a planned class's sheet lists who registered.
        Person(r[0], r[1], r[2], r[3] or "", r[4], sheet.status == "held" and bool(r[5]))
        for r in conn.execute(
            "SELECT r.full_name, r.birth_year, r.gender, n.name, r.phone, a.present"
            " FROM attendance a JOIN resident r ON r.id = a.resident_id"
            " LEFT JOIN neighbourhood n ON n.id = r.neighbourhood_id"
            " WHERE a.training_id = ? AND a.deleted_at IS NULL ORDER BY r.sort_key, r.rid",
            (training_id,),
        )
    ]
    return sheet


def assist_lines(conn: sqlite3.Connection, start: date, last: date) -> list[AssistLine]:
    """Help sessions from `start` to `last`, both included, in date order."""
    return [
        AssistLine(day_or_text(r[0]), r[1], r[2], r[3] or "", r[4], r[5], r[6], r[7] or "")
        for r in conn.execute(
            "SELECT a.day, p.full_name, p.birth_year, n.name, s.name, a.outcome, a.reason,"
            " m.full_name FROM assist a JOIN resident p ON p.id = a.resident_id"
            " JOIN service s ON s.id = a.service_id LEFT JOIN member m ON m.id = a.member_id"
            " LEFT JOIN neighbourhood n ON n.id = p.neighbourhood_id"
            " WHERE a.deleted_at IS NULL AND a.day >= ? AND a.day <= ?"
            " ORDER BY a.day, p.sort_key, a.id",
            (start.isoformat(), last.isoformat()),
        )
    ]
