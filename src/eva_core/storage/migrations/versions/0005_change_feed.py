"""The change feed: history numbers as 64-bit, rating changes in the history, indexes for history queries.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29

From this revision every write numbers its history rows in commit order (`eva_core.storage._queries.log`), so
the history table is the change feed. Rows written before keep their numbers; they were written before any
reader of the feed existed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_ID = 200


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("eva_history", "seq", type_=sa.BigInteger, existing_nullable=False)
        op.execute("ALTER SEQUENCE eva_history_seq_seq AS bigint")
    with op.batch_alter_table("eva_history") as batch:
        batch.add_column(sa.Column("professional", sa.String(_ID)))
    op.create_index("ix_eva_history_organisation", "eva_history", ["organisation", "seq"])
    op.create_index("ix_eva_history_at", "eva_history", ["at"])


def downgrade() -> None:
    raise NotImplementedError("eva_core does not downgrade: restore a backup instead")
