"""The SQL schema: the instrument document plus link tables for everything queries filter on.

The document (JSON, JSONB on PostgreSQL) is the source of truth; the other columns and the link tables are
projections of it, rewritten in the same transaction. Migrations in ``migrations/`` build exactly this schema.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
)
from sqlalchemy.dialects.postgresql import JSONB

__all__ = ["LINKS", "areas", "history", "instruments", "master", "metadata", "ratings", "refs"]

metadata = MetaData()
_ID = 200
Document = JSON().with_variant(JSONB(), "postgresql")

instruments = Table(
    "eva_instrument",
    metadata,
    Column("id", String(_ID), primary_key=True),
    Column("organisation_id", String(_ID), nullable=False, index=True),
    Column("provider_id", String(_ID), nullable=False, index=True),
    Column("version", Integer, nullable=False),
    Column("document", Document, nullable=False),
    Column("publish", Boolean, nullable=False),
    Column("complete", Boolean, nullable=False),
    Column("publish_from", Date),
    Column("publish_until", Date),
    Column("restricted", Boolean, nullable=False),
    Column("total_costs", Numeric(14, 2)),
    Column("duration_days", Float),
    Column("intensity_hours_per_week", Integer),
)


def _link(name: str, column: str) -> Table:
    return Table(
        f"eva_instrument_{name}",
        metadata,
        Column("instrument_id", String(_ID), ForeignKey("eva_instrument.id", ondelete="CASCADE"), primary_key=True),
        Column(column, String(_ID), primary_key=True),
        Index(f"ix_eva_instrument_{name}_{column}", column, "instrument_id"),
    )


LINKS: dict[str, tuple[Table, str]] = {
    "tiles": (_link("tile", "tile"), "tile"),
    "client_characteristics": (_link("characteristic", "characteristic"), "characteristic"),
    "execution_forms": (_link("execution_form", "execution_form"), "execution_form"),
    "group_forms": (_link("group_form", "group_form"), "group_form"),
    "location_types": (_link("location_type", "location_type"), "location_type"),
    "target_groups": (_link("target_group", "target_group_id"), "target_group_id"),
}

areas = Table(
    "eva_instrument_area",
    metadata,
    Column("instrument_id", String(_ID), ForeignKey("eva_instrument.id", ondelete="CASCADE"), primary_key=True),
    Column("kind", String(20), primary_key=True),
    Column("code", String(_ID), primary_key=True),
    Index("ix_eva_instrument_area_code", "kind", "code", "instrument_id"),
)

master = Table(
    "eva_master",
    metadata,
    Column("kind", String(40), primary_key=True),
    Column("id", String(_ID), primary_key=True),
    Column("document", Document, nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("owner", String(_ID)),  # None: shared, looked after by a curator
)

refs = Table(
    "eva_instrument_ref",
    metadata,
    Column("instrument_id", String(_ID), ForeignKey("eva_instrument.id", ondelete="CASCADE"), primary_key=True),
    Column("kind", String(40), primary_key=True),
    Column("ref_id", String(_ID), primary_key=True),
    ForeignKeyConstraint(["kind", "ref_id"], ["eva_master.kind", "eva_master.id"], ondelete="RESTRICT"),
    Index("ix_eva_instrument_ref_target", "kind", "ref_id"),
)

history = Table(
    "eva_history",
    metadata,
    # The change feed's order: numbered in commit order (see `_queries.log`); SQLite's INTEGER is 64-bit already.
    Column("seq", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("kind", String(40), nullable=False, server_default="instrument"),  # a master kind, or "rating"
    Column("instrument_id", String(_ID), nullable=False, index=True),  # the instrument's or master record's id
    Column("version", Integer, nullable=False),  # 0 for a rating
    Column("professional", String(_ID)),  # a rating's professional
    Column("action", String(10), nullable=False),
    Column("actor", Text, nullable=False),
    Column("organisation", String(_ID), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("changes", Document, nullable=False),
    Index("ix_eva_history_organisation", "organisation", "seq"),
    Index("ix_eva_history_at", "at"),
)

ratings = Table(
    "eva_rating",
    metadata,
    Column("instrument_id", String(_ID), ForeignKey("eva_instrument.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation", String(_ID), primary_key=True),
    Column("professional", String(_ID), primary_key=True),
    Column("on", Date, nullable=False),
    Column("general", Integer, nullable=False),
    Column("result", Integer, nullable=False),
    Column("execution", Integer, nullable=False),
    Column("document", Document, nullable=False),
)
