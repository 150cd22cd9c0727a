"""The SQL adapter's statements: the projected columns and link rows of an instrument, and criteria as a clause."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from eva_core.convert import load_stored
from eva_core.domain import Criteria, Instrument, duration_in_days
from eva_core.storage import _schema as s
from eva_core.storage._core import references
from eva_core.storage._protocol import MASTER_KINDS, Actor, MasterRecord

__all__ = [
    "MasterCache",
    "chunks",
    "delete_links",
    "history_row",
    "insert_links",
    "instrument_row",
    "master_lookup",
    "where_clause",
]

_CHUNK = 500


def chunks(items: list[str]) -> Iterator[list[str]]:
    """*items* in slices small enough for an ``IN (...)`` list."""
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def master_lookup(connection: Connection, kind: str, record_id: str) -> MasterRecord | None:
    """The registered master record, or None."""
    document = connection.scalar(
        sa.select(s.master.c.document).where(s.master.c.kind == kind, s.master.c.id == record_id)
    )
    return None if document is None else load_stored(document, MASTER_KINDS[kind])


class MasterCache:
    """Looks master records up once per write transaction."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._seen: dict[tuple[str, str], MasterRecord | None] = {}

    def __call__(self, kind: str, record_id: str) -> MasterRecord | None:
        key = (kind, record_id)
        if key not in self._seen:
            self._seen[key] = master_lookup(self._connection, kind, record_id)
        return self._seen[key]


def instrument_row(instrument: Instrument, version: int, document: dict[str, Any]) -> dict[str, Any]:
    """The instruments table's row: *document* (the instrument dumped once) and the columns queries filter on."""
    return {
        "id": instrument.id,
        "organisation_id": instrument.organisation.id,
        "provider_id": instrument.provider.id,
        "version": version,
        "document": document,
        "publish": instrument.publish,
        "complete": instrument.is_complete,
        "publish_from": instrument.publish_from,
        "publish_until": instrument.publish_until,
        "restricted": instrument.has_area_restriction,
        "total_costs": instrument.total_costs,
        "duration_days": duration_in_days(instrument),
        "intensity_hours_per_week": instrument.intensity_hours_per_week,
    }


def _link_values(instrument: Instrument, name: str) -> list[str]:
    if name == "location_types":
        return sorted({loc.type.value for loc in instrument.locations})
    if name == "target_groups":
        return sorted({g.id for g in instrument.target_groups})
    values: frozenset[Any] = getattr(instrument, name)
    return sorted(v.value for v in values)


def insert_links(connection: Connection, batch: Sequence[Instrument]) -> None:
    """Insert the link, area and reference rows of *batch*."""
    for name, (table, column) in s.LINKS.items():
        rows = [{"instrument_id": i.id, column: value} for i in batch for value in _link_values(i, name)]
        if rows:
            connection.execute(sa.insert(table), rows)
    area_rows = [
        {"instrument_id": i.id, "kind": kind, "code": code}
        for i in batch
        for kind, codes in (
            ("region", i.available_regions),
            ("municipality", i.available_municipalities),
            ("district", {d.id for d in i.available_districts}),
        )
        for code in sorted(codes)
    ]
    if area_rows:
        connection.execute(sa.insert(s.areas), area_rows)
    ref_rows = [
        {"instrument_id": i.id, "kind": kind, "ref_id": ref_id}
        for i in batch
        for kind, ref_id in sorted({(kind, record.id) for kind, record in references(i)})
    ]
    if ref_rows:
        connection.execute(sa.insert(s.refs), ref_rows)


def delete_links(connection: Connection, instrument_ids: Sequence[str]) -> None:
    """Delete the link, area and reference rows of the instruments."""
    for chunk in chunks(list(instrument_ids)):
        for table, _ in s.LINKS.values():
            connection.execute(sa.delete(table).where(table.c.instrument_id.in_(chunk)))
        connection.execute(sa.delete(s.areas).where(s.areas.c.instrument_id.in_(chunk)))
        connection.execute(sa.delete(s.refs).where(s.refs.c.instrument_id.in_(chunk)))


def history_row(  # noqa: PLR0913, PLR0917 - one column each
    instrument_id: str, version: int, action: str, by: Actor, at: dt.datetime, changes: dict[str, Any]
) -> dict[str, Any]:
    """The history table's row for one change."""
    return {
        "instrument_id": instrument_id,
        "version": version,
        "action": action,
        "actor": by.label,
        "organisation": by.organisation,
        "at": at,
        "changes": {key: list(pair) for key, pair in changes.items()},
    }


def _in_link(name: str, values: Iterable[str]) -> Any:  # noqa: ANN401 - a SQLAlchemy clause
    table, column = s.LINKS[name]
    return s.instruments.c.id.in_(sa.select(table.c.instrument_id).where(table.c[column].in_(sorted(values))))


def where_clause(c: Criteria) -> Any:  # noqa: ANN401, C901, PLR0912 - one clause per part, as in Criteria.matches
    """The criteria as a WHERE clause over the instruments table; the same instruments `Criteria.matches` takes."""
    i = s.instruments.c
    clauses: list[Any] = []
    if c.tiles:
        clauses.append(_in_link("tiles", (t.value for t in c.tiles)))
    if c.characteristics:
        clauses.append(_in_link("client_characteristics", (x.value for x in c.leaves)))
    if c.execution_forms:
        clauses.append(_in_link("execution_forms", (f.value for f in c.execution_forms)))
    if c.group_forms:
        clauses.append(_in_link("group_forms", (g.value for g in c.group_forms)))
    if c.location_types:
        clauses.append(_in_link("location_types", (t.value for t in c.location_types)))
    if c.target_groups:
        clauses.append(_in_link("target_groups", c.target_groups))
    if c.providers:
        clauses.append(i.provider_id.in_(sorted(c.providers)))
    if c.organisations:
        clauses.append(i.organisation_id.in_(sorted(c.organisations)))
    if c.asks_for_area:
        places = [
            sa.and_(s.areas.c.kind == kind, s.areas.c.code == code)
            for kind, code in (("municipality", c.municipality), ("region", c.region), ("district", c.district))
            if code is not None
        ]
        here = sa.select(s.areas.c.instrument_id).where(sa.or_(*places))
        clauses.append(sa.or_(i.restricted.is_(False), i.id.in_(here)))
    if c.published_on is not None:
        day = c.published_on
        clauses += [
            i.publish.is_(True),
            i.complete.is_(True),
            sa.or_(i.publish_from.is_(None), i.publish_from <= day),
            sa.or_(i.publish_until.is_(None), i.publish_until >= day),
        ]
    for column, low, high in (
        (i.total_costs, c.min_costs, c.max_costs),
        (i.duration_days, c.min_duration_days, c.max_duration_days),
        (i.intensity_hours_per_week, c.min_hours_per_week, c.max_hours_per_week),
    ):
        if low is not None or high is not None:
            clauses.append(column.is_not(None))
        if low is not None:
            clauses.append(column >= low)
        if high is not None:
            clauses.append(column <= high)
    return sa.and_(sa.true(), *clauses)
