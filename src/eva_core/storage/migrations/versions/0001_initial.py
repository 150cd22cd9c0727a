"""The first schema: instruments with link tables, master data, references and history.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_ID = 200
_DOCUMENT = sa.JSON().with_variant(JSONB(), "postgresql")
_LINKS = {
    "tile": "tile",
    "characteristic": "characteristic",
    "execution_form": "execution_form",
    "group_form": "group_form",
    "location_type": "location_type",
    "target_group": "target_group_id",
}


def upgrade() -> None:
    op.create_table(
        "eva_instrument",
        sa.Column("id", sa.String(_ID), primary_key=True),
        sa.Column("organisation_id", sa.String(_ID), nullable=False),
        sa.Column("provider_id", sa.String(_ID), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("document", _DOCUMENT, nullable=False),
        sa.Column("publish", sa.Boolean, nullable=False),
        sa.Column("complete", sa.Boolean, nullable=False),
        sa.Column("publish_from", sa.Date),
        sa.Column("publish_until", sa.Date),
        sa.Column("restricted", sa.Boolean, nullable=False),
        sa.Column("total_costs", sa.Numeric(14, 2)),
        sa.Column("duration_days", sa.Float),
        sa.Column("intensity_hours_per_week", sa.Integer),
    )
    op.create_index("ix_eva_instrument_organisation_id", "eva_instrument", ["organisation_id"])
    op.create_index("ix_eva_instrument_provider_id", "eva_instrument", ["provider_id"])
    for name, column in _LINKS.items():
        op.create_table(
            f"eva_instrument_{name}",
            sa.Column(
                "instrument_id",
                sa.String(_ID),
                sa.ForeignKey("eva_instrument.id", ondelete="CASCADE"),
                primary_key=True,
            ),
            sa.Column(column, sa.String(_ID), primary_key=True),
        )
        op.create_index(f"ix_eva_instrument_{name}_{column}", f"eva_instrument_{name}", [column, "instrument_id"])
    op.create_table(
        "eva_instrument_area",
        sa.Column(
            "instrument_id", sa.String(_ID), sa.ForeignKey("eva_instrument.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("kind", sa.String(20), primary_key=True),
        sa.Column("code", sa.String(_ID), primary_key=True),
    )
    op.create_index("ix_eva_instrument_area_code", "eva_instrument_area", ["kind", "code", "instrument_id"])
    op.create_table(
        "eva_master",
        sa.Column("kind", sa.String(40), primary_key=True),
        sa.Column("id", sa.String(_ID), primary_key=True),
        sa.Column("document", _DOCUMENT, nullable=False),
    )
    op.create_table(
        "eva_instrument_ref",
        sa.Column(
            "instrument_id", sa.String(_ID), sa.ForeignKey("eva_instrument.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("kind", sa.String(40), primary_key=True),
        sa.Column("ref_id", sa.String(_ID), primary_key=True),
        sa.ForeignKeyConstraint(["kind", "ref_id"], ["eva_master.kind", "eva_master.id"], ondelete="RESTRICT"),
    )
    op.create_index("ix_eva_instrument_ref_target", "eva_instrument_ref", ["kind", "ref_id"])
    op.create_table(
        "eva_history",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("instrument_id", sa.String(_ID), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("action", sa.String(10), nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("organisation", sa.String(_ID), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changes", _DOCUMENT, nullable=False),
    )
    op.create_index("ix_eva_history_instrument_id", "eva_history", ["instrument_id"])


def downgrade() -> None:
    op.drop_table("eva_history")
    op.drop_table("eva_instrument_ref")
    op.drop_table("eva_master")
    op.drop_table("eva_instrument_area")
    for name in _LINKS:
        op.drop_table(f"eva_instrument_{name}")
    op.drop_table("eva_instrument")
