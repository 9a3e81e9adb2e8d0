"""The team's seq at its last restore from a backup: a base_version ahead of the server's is
taken only on a record that dates from the backup (issue 18).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # 0 for the teams there are: a base ahead of the server's is a conflict for them (the user
    # sees it). A restore not yet resent by its laptops: run `after-restore` again after this.
    with op.batch_alter_table("team") as batch:
        batch.add_column(
            sa.Column("restored_seq", sa.BigInteger, nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("team") as batch:
        batch.drop_column("restored_seq")
