"""The app's installers hosted by the service (issue 20): each release's signed manifest, the
key that signed it, and whether it is offered to the laptops or held back.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "app_release",
        sa.Column("platform", sa.String(40), nullable=False),
        sa.Column("version", sa.String(24), nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("notes", sa.Text, nullable=False),
        sa.Column("signature", sa.Text, nullable=False),
        sa.Column("key_id", sa.String(16), nullable=False),
        sa.Column("state", sa.String(8), nullable=False),
        sa.Column("published_at", sa.DateTime, nullable=False),
        sa.Column("published_by", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("platform", "version", name="pk_app_release"),
    )


def downgrade() -> None:
    op.drop_table("app_release")
