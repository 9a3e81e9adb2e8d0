"""The dashboard: facts of the records as columns, rollups per team and period, the commune's
neighbourhoods, accounts and browser sessions. Existing records are turned into facts, and
every team's years are marked to be computed.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ID = 36


def _figures(*names: str) -> list[sa.Column]:
    return [sa.Column(n, sa.Integer, nullable=False) for n in names]


def upgrade() -> None:
    op.create_table(
        "f_resident",
        sa.Column("team_id", sa.String(ID), nullable=False),
        sa.Column("id", sa.String(ID), nullable=False),
        sa.Column("full_name", sa.Text, nullable=False),
        sa.Column("gender", sa.String(10)),
        sa.Column("birth_year", sa.Integer),
        sa.Column("deleted", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("team_id", "id", name="pk_f_resident"),
    )
    op.create_table(
        "f_training",
        sa.Column("team_id", sa.String(ID), nullable=False),
        sa.Column("id", sa.String(ID), nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("month", sa.Integer, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("place", sa.Text, nullable=False),
        sa.Column("topics", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("team_id", "id", name="pk_f_training"),
    )
    op.create_index("ix_f_training_team_id_year_day", "f_training", ["team_id", "year", "day"])
    op.create_table(
        "f_attendance",
        sa.Column("team_id", sa.String(ID), nullable=False),
        sa.Column("id", sa.String(ID), nullable=False),
        sa.Column("training_id", sa.String(ID), nullable=False),
        sa.Column("resident_id", sa.String(ID), nullable=False),
        sa.Column("present", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("team_id", "id", name="pk_f_attendance"),
    )
    op.create_index(
        "ix_f_attendance_team_id_training_id", "f_attendance", ["team_id", "training_id"]
    )
    op.create_table(
        "f_assist",
        sa.Column("team_id", sa.String(ID), nullable=False),
        sa.Column("id", sa.String(ID), nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("month", sa.Integer, nullable=False),
        sa.Column("resident_id", sa.String(ID), nullable=False),
        sa.Column("member_id", sa.String(ID), nullable=False),
        sa.Column("service_id", sa.String(ID), nullable=False),
        sa.Column("outcome", sa.String(10), nullable=False),
        sa.PrimaryKeyConstraint("team_id", "id", name="pk_f_assist"),
    )
    op.create_index("ix_f_assist_team_id_year_day", "f_assist", ["team_id", "year", "day"])
    op.create_table(
        "roll_dirty",
        sa.Column("team_id", sa.String(ID), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("marked_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("team_id", "year", name="pk_roll_dirty"),
    )
    op.create_table(
        "roll_team",
        sa.Column("team_id", sa.String(ID), nullable=False),
        sa.Column("period", sa.String(8), nullable=False),
        sa.Column("province_code", sa.Integer, nullable=False),
        sa.Column("commune_code", sa.Integer, nullable=False),
        *_figures(
            "trainings_held",
            "trainings_planned",
            "trainings_cancelled",
            "attendances",
            "residents_trained",
            "women_trained",
            "elderly_trained",
            "assists",
            "assisted_residents",
        ),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("team_id", "period", name="pk_roll_team"),
    )
    op.create_index("ix_roll_team_commune_code_period", "roll_team", ["commune_code", "period"])
    op.create_index("ix_roll_team_province_code_period", "roll_team", ["province_code", "period"])
    op.create_table(
        "roll_topic",
        sa.Column("team_id", sa.String(ID), nullable=False),
        sa.Column("period", sa.String(8), nullable=False),
        sa.Column("topic_id", sa.String(ID), nullable=False),
        *_figures("trainings", "attendances"),
        sa.PrimaryKeyConstraint("team_id", "period", "topic_id", name="pk_roll_topic"),
    )
    op.create_table(
        "roll_service",
        sa.Column("team_id", sa.String(ID), nullable=False),
        sa.Column("period", sa.String(8), nullable=False),
        sa.Column("service_id", sa.String(ID), nullable=False),
        *_figures("done", "not_done", "referred"),
        sa.PrimaryKeyConstraint("team_id", "period", "service_id", name="pk_roll_service"),
    )
    op.create_table(
        "area",
        sa.Column("commune_code", sa.Integer, nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("commune_code", "name", name="pk_area"),
    )
    op.create_table(
        "account",
        sa.Column("id", sa.String(ID), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("full_name", sa.Text, nullable=False),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("scope", sa.String(10), nullable=False),
        sa.Column("province_code", sa.Integer, nullable=False),
        sa.Column("commune_code", sa.Integer),
        sa.Column("admin", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("disabled_at", sa.DateTime),
        sa.Column("failed_logins", sa.Integer, nullable=False),
        sa.Column("locked_until", sa.DateTime),
        sa.PrimaryKeyConstraint("id", name="pk_account"),
        sa.UniqueConstraint("username", name="uq_account_username"),
    )
    op.create_table(
        "web_session",
        sa.Column("id_hash", sa.String(64), nullable=False),
        sa.Column("account_id", sa.String(ID), nullable=False),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("seen_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id_hash", name="pk_web_session"),
    )
    op.create_index("ix_web_session_account_id", "web_session", ["account_id"])

    _backfill(op.get_bind())


# --- the records already stored, turned into facts -----------------------------------------------
# A frozen copy of central.rollups' fact() and backfill() as they were when this revision was
# written, on table stubs of this revision's own columns: a later change to the live facts (a
# column added to f_training, another rule for a day) must not change, or break, what this
# revision does to a database still at 0001. The fact tables are new and empty here, so there
# is no earlier fact to compare with: each record's fact is inserted, then every team-year with
# a training or help session is marked to be computed.

_RECORD = sa.table(
    "record", sa.column("team_id"), sa.column("entity"), sa.column("id"), sa.column("deleted"),
    sa.column("payload"),
)  # fmt: skip
_FACTS = {
    "resident": ("full_name", "gender", "birth_year", "deleted"),
    "training": ("day", "year", "month", "status", "place", "topics"),
    "attendance": ("training_id", "resident_id", "present"),
    "assist": ("day", "year", "month", "resident_id", "member_id", "service_id", "outcome"),
}
# typed where SQLAlchemy, not the driver, must write the value (a time as DateTime stores it)
_DIRTY = sa.table(
    "roll_dirty", sa.column("team_id"), sa.column("year"), sa.column("marked_at", sa.DateTime)
)


def _fact_table(entity: str) -> sa.TableClause:
    return sa.table(f"f_{entity}", *map(sa.column, ("team_id", "id", *_FACTS[entity])))


def _year_month(day: Any) -> tuple[int, int] | None:
    try:
        text = str(day)
        year, month = int(text[:4]), int(text[5:7])
    except (TypeError, ValueError):
        return None
    return (year, month) if 1 <= month <= 12 else None


def _fact(entity: str, team_id: str, rid: str, deleted: bool, p: dict[str, Any]) -> dict | None:
    row: dict[str, Any] = {"team_id": team_id, "id": rid}
    if entity == "resident":
        return row | {
            "full_name": str(p.get("full_name") or ""),
            "gender": p.get("gender"),
            "birth_year": p.get("birth_year"),
            "deleted": deleted,
        }
    if deleted:
        return None
    if entity == "attendance":
        return row | {
            "training_id": p["training_id"],
            "resident_id": p["resident_id"],
            "present": bool(p.get("present", 1)),
        }
    when = _year_month(p.get("day"))
    if when is None:
        return None
    row |= {"day": str(p["day"])[:10], "year": when[0], "month": when[1]}
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


def _batches(rows: Iterator[dict[str, Any]], size: int = 2000) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _backfill(conn: sa.Connection) -> None:
    r = _RECORD.c
    for entity in _FACTS:
        teams = conn.execute(sa.select(r.team_id).where(r.entity == entity).distinct()).scalars()
        for team_id in list(teams):
            # one team at a time: a team's records fit in memory, a province's may not
            stored = conn.execute(
                sa.select(r.id, r.deleted, r.payload).where(
                    r.team_id == team_id, r.entity == entity
                )
            ).all()
            facts = (
                fact
                for row in stored
                if (fact := _fact(entity, team_id, row.id, row.deleted, json.loads(row.payload)))
            )
            for batch in _batches(facts):
                conn.execute(_fact_table(entity).insert(), batch)
    years = sa.union(
        *(sa.select(t.c.team_id, t.c.year) for t in map(_fact_table, ("training", "assist")))
    ).subquery()
    now = datetime.now(UTC).replace(tzinfo=None)
    marks = [
        {"team_id": team_id, "year": year, "marked_at": now}
        for team_id, year in conn.execute(sa.select(years.c.team_id, years.c.year)).all()
    ]
    if marks:
        conn.execute(_DIRTY.insert(), marks)


def downgrade() -> None:
    for name in (
        "web_session", "account", "area", "roll_service", "roll_topic", "roll_team",
        "roll_dirty", "f_assist", "f_attendance", "f_training", "f_resident",
    ):  # fmt: skip
        op.drop_table(name)
