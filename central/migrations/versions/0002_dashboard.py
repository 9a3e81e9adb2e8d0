"""The dashboard: facts of the records as columns, rollups per team and period, the commune's
neighbourhoods, accounts and browser sessions. Existing records are turned into facts, and
every team's years are marked to be computed.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

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

    from central import rollups

    rollups.backfill(op.get_bind())


def downgrade() -> None:
    for name in (
        "web_session", "account", "area", "roll_service", "roll_topic", "roll_team",
        "roll_dirty", "f_assist", "f_attendance", "f_training", "f_resident",
    ):  # fmt: skip
        op.drop_table(name)
