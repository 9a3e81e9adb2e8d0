"""The laptop's own key sent with its enrolment code (issue 18): the same code and key get the
same device again while the laptop has not yet used it (its first answer was lost).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("enrolment_code") as batch:
        batch.add_column(sa.Column("key_hash", sa.String(64)))


def downgrade() -> None:
    with op.batch_alter_table("enrolment_code") as batch:
        batch.drop_column("key_hash")
