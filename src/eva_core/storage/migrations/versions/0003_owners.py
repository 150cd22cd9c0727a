"""Owners and versions of master records, master data in the history, ratings per organisation.

Existing master records get the owner they name (an organisation its own record, a target group its
organisation), else the one organisation whose instruments link them, else none (shared).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_ID = 200
_DOCUMENT = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("eva_master") as batch:
        batch.add_column(sa.Column("version", sa.Integer, nullable=False, server_default="1"))
        batch.add_column(sa.Column("owner", sa.String(_ID)))
    with op.batch_alter_table("eva_history") as batch:
        batch.add_column(sa.Column("kind", sa.String(40), nullable=False, server_default="instrument"))
    _set_owners()
    op.create_table(
        "eva_rating_new",
        sa.Column(
            "instrument_id", sa.String(_ID), sa.ForeignKey("eva_instrument.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("organisation", sa.String(_ID), primary_key=True),
        sa.Column("professional", sa.String(_ID), primary_key=True),
        sa.Column("on", sa.Date, nullable=False),
        sa.Column("general", sa.Integer, nullable=False),
        sa.Column("result", sa.Integer, nullable=False),
        sa.Column("execution", sa.Integer, nullable=False),
        sa.Column("document", _DOCUMENT, nullable=False),
    )
    columns = '"instrument_id", "organisation", "professional", "on", "general", "result", "execution", "document"'
    op.execute(f"INSERT INTO eva_rating_new ({columns}) SELECT {columns} FROM eva_rating")  # noqa: S608 - constants
    op.drop_table("eva_rating")
    op.rename_table("eva_rating_new", "eva_rating")


def _set_owners() -> None:
    connection = op.get_bind()
    master = sa.table(
        "eva_master", sa.column("kind"), sa.column("id"), sa.column("document", _DOCUMENT), sa.column("owner")
    )
    users: dict[tuple[str, str], set[str]] = {}
    for kind, ref_id, organisation in connection.execute(
        sa.text(
            "SELECT r.kind, r.ref_id, i.organisation_id FROM eva_instrument_ref r "
            "JOIN eva_instrument i ON i.id = r.instrument_id"
        )
    ):
        users.setdefault((kind, ref_id), set()).add(organisation)
    for kind, record_id, document in connection.execute(sa.select(master.c.kind, master.c.id, master.c.document)):
        if kind == "organisation":
            owner = record_id
        elif kind == "target_group":
            owner = document.get("organisation")
        else:
            linked = users.get((kind, record_id), set())
            owner = next(iter(linked)) if len(linked) == 1 else None
        if owner is not None:
            connection.execute(
                sa.update(master).where(master.c.kind == kind, master.c.id == record_id).values(owner=owner)
            )


def downgrade() -> None:
    raise NotImplementedError("eva_core does not downgrade: restore a backup instead")
