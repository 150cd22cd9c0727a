"""Professionals' ratings of instruments.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_ID = 200


def upgrade() -> None:
    op.create_table(
        "eva_rating",
        sa.Column(
            "instrument_id", sa.String(_ID), sa.ForeignKey("eva_instrument.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("professional", sa.String(_ID), primary_key=True),
        sa.Column("organisation", sa.String(_ID), nullable=False),
        sa.Column("on", sa.Date, nullable=False),
        sa.Column("general", sa.Integer, nullable=False),
        sa.Column("result", sa.Integer, nullable=False),
        sa.Column("execution", sa.Integer, nullable=False),
        sa.Column("document", sa.JSON().with_variant(JSONB(), "postgresql"), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("eva_rating")
