"""Area rows for the one area rule: an 'in-municipality' row per district an instrument names.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29

Queries find an instrument that names only a district when they look for its municipality or region
(`eva_core.domain.area_keys`); instruments stored before this revision get those rows from their document.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_KIND = "in-municipality"


def upgrade() -> None:
    connection = op.get_bind()
    instruments = sa.table("eva_instrument", sa.column("id", sa.String), sa.column("document", sa.JSON))
    areas = sa.table(
        "eva_instrument_area",
        sa.column("instrument_id", sa.String),
        sa.column("kind", sa.String),
        sa.column("code", sa.String),
    )
    rows = []
    for instrument_id, document in connection.execute(sa.select(instruments.c.id, instruments.c.document)):
        data: Any = json.loads(document) if isinstance(document, str) else document
        codes = {d["municipality"] for d in data.get("available_districts") or ()}
        rows += [{"instrument_id": instrument_id, "kind": _KIND, "code": code} for code in sorted(codes)]
    if rows:
        connection.execute(sa.insert(areas), rows)


def downgrade() -> None:
    raise NotImplementedError("eva_core does not downgrade: restore a backup instead")
