"""The SQL adapter's statements: the projected columns and link rows of an instrument, and criteria as a clause."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

import sqlalchemy as sa
from sqlalchemy import Connection
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from eva_core.convert import converter, dump_instrument, load_stored
from eva_core.domain import Criteria, Instrument, area_keys, duration_in_days, say
from eva_core.storage import _schema as s
from eva_core.storage._batch import Written, slices
from eva_core.storage._core import references
from eva_core.storage._engine import json_text
from eva_core.storage._errors import AlreadyExists
from eva_core.storage._feed import FeedEntry, FeedFilter, RatingChange, cursor_of
from eva_core.storage._protocol import MASTER_KINDS, Change, MasterChange, MasterRecord, Stored, StoredMaster

if TYPE_CHECKING:
    from eva_core.storage._batch import Plan, WriteProgress

__all__ = [
    "FEED_CHANNEL",
    "FEED_LOCK",
    "MasterCache",
    "SqlView",
    "bulk_insert",
    "change_row",
    "chunks",
    "delete_links",
    "feed_clause",
    "feed_entry",
    "insert_ignoring_conflicts",
    "insert_links",
    "instrument_row",
    "lock_key",
    "log",
    "master_entry",
    "master_lookup",
    "master_row",
    "register_master",
    "where_clause",
    "write_plan",
]

_CHUNK = 500


def bulk_insert(connection: Connection, table: sa.Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert many rows (all with the same keys) in the current transaction, the fastest way the driver has.

    PostgreSQL gets one ``COPY ... FROM STDIN`` (psycopg's ``cursor.copy``), which a 100k import needs: an
    ``executemany`` of INSERTs made a round trip per row. SQLite gets one ``executemany`` on the driver's own
    cursor with SQLAlchemy's bind processing done here, skipping SQLAlchemy's per-row statement machinery.
    Document columns are serialised with orjson (`json_text`).
    """
    if not rows:
        return
    names = list(rows[0])
    columns = [table.c[name] for name in names]
    driver = connection.connection.driver_connection
    listed = ", ".join(f'"{name}"' for name in names)
    if connection.dialect.name == "postgresql":
        documents = [isinstance(column.type, sa.JSON) for column in columns]
        with driver.cursor() as cursor, cursor.copy(f"COPY {table.name} ({listed}) FROM STDIN") as copy:  # type: ignore[union-attr]
            for row in rows:
                copy.write_row(
                    [json_text(row[n]) if document else row[n] for n, document in zip(names, documents, strict=True)]
                )
        return
    dialect = connection.dialect
    processors = [
        (n, column.type.dialect_impl(dialect).bind_processor(dialect)) for n, column in zip(names, columns, strict=True)
    ]
    statement = f'INSERT INTO "{table.name}" ({listed}) VALUES ({", ".join("?" * len(names))})'  # noqa: S608 - names from the schema
    values = [tuple(row[n] if process is None else process(row[n]) for n, process in processors) for row in rows]
    cursor = driver.cursor()  # type: ignore[union-attr]
    try:
        cursor.executemany(statement, values)
    finally:
        cursor.close()


def chunks(items: list[str]) -> Iterator[Sequence[str]]:
    """*items* in slices small enough for an ``IN (...)`` list."""
    return slices(items, _CHUNK)


def master_lookup(connection: Connection, kind: str, record_id: str) -> MasterRecord | None:
    """The registered master record, or None."""
    entry = master_entry(connection, kind, record_id)
    return None if entry is None else entry.record


def master_entry(connection: Connection, kind: str, record_id: str, *, lock: bool = False) -> StoredMaster | None:
    """The registered master record with version and owner, or None; *lock* locks its row on PostgreSQL."""
    query = sa.select(s.master.c.document, s.master.c.version, s.master.c.owner).where(
        s.master.c.kind == kind, s.master.c.id == record_id
    )
    if lock and connection.dialect.name == "postgresql":
        query = query.with_for_update()
    row = connection.execute(query).first()
    return None if row is None else StoredMaster(load_stored(row.document, MASTER_KINDS[kind]), row.version, row.owner)


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


class SqlView:
    """What `plan` reads, inside a write transaction; on PostgreSQL the instruments read are locked."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._lock = connection.dialect.name == "postgresql"

    def current(self, ids: Collection[str]) -> dict[str, tuple[Stored, Mapping[str, Any]]]:
        """The stored instruments among *ids*, with their documents."""
        found: dict[str, tuple[Stored, Mapping[str, Any]]] = {}
        table = s.instruments
        for chunk in chunks(sorted(ids)):
            query = sa.select(table.c.id, table.c.document, table.c.version).where(table.c.id.in_(chunk))
            if self._lock:
                query = query.with_for_update()
            for row in self._connection.execute(query):
                found[row.id] = (Stored(load_stored(row.document, Instrument), row.version), row.document)
        return found

    def owned(self, organisations: Collection[str]) -> dict[str, tuple[str, int]]:
        """Every stored instrument of the organisations, with its organisation and version."""
        table = s.instruments
        query = sa.select(table.c.id, table.c.organisation_id, table.c.version).where(
            table.c.organisation_id.in_(sorted(organisations))
        )
        if self._lock:
            query = query.with_for_update()
        return {row.id: (row.organisation_id, row.version) for row in self._connection.execute(query)}

    def registered(self, keys: Collection[tuple[str, str]]) -> dict[tuple[str, str], MasterRecord]:
        """The registered master records among *keys*."""
        by_kind: dict[str, list[str]] = {}
        for kind, record_id in keys:
            by_kind.setdefault(kind, []).append(record_id)
        found: dict[tuple[str, str], MasterRecord] = {}
        for kind, ids in by_kind.items():
            for chunk in chunks(sorted(ids)):
                rows = self._connection.execute(
                    sa.select(s.master.c.id, s.master.c.document).where(
                        s.master.c.kind == kind, s.master.c.id.in_(chunk)
                    )
                )
                found.update({(kind, row.id): load_stored(row.document, MASTER_KINDS[kind]) for row in rows})
        return found


def insert_ignoring_conflicts(connection: Connection, table: sa.Table) -> Any:  # noqa: ANN401 - a statement
    """``INSERT ... ON CONFLICT DO NOTHING`` on either dialect."""
    insert = postgresql_insert if connection.dialect.name == "postgresql" else sqlite_insert
    return insert(table).on_conflict_do_nothing()


def register_master(connection: Connection, entries: Sequence[StoredMaster]) -> None:
    """Insert new master records; one that another transaction registered meanwhile must be identical.

    ON CONFLICT makes two imports that register the same new provider at the same moment both succeed,
    where a plain INSERT would fail the second with a unique violation.
    """
    connection.execute(insert_ignoring_conflicts(connection, s.master), [master_row(e) for e in entries])
    stored = SqlView(connection).registered([(e.kind, e.record.id) for e in entries])
    for entry in entries:
        if stored.get((entry.kind, entry.record.id)) != entry.record:
            what = say(f"record.{entry.kind}")
            raise AlreadyExists(say("error.already-exists.differs", what=what, id=entry.record.id))


def write_plan(connection: Connection, plan: Plan, progress: WriteProgress | None = None) -> None:
    """Make the writes of *plan*, which `plan` decided in this transaction; *progress* is told as they go.

    Instruments are written in id order, `EVERY` at a time with their link rows: every index they touch (the
    ids, each link table's key and its reverse index) then grows at a few places instead of at a random page
    per row, which kept a 100k import's index pages from staying in SQLite's page cache and made it grow
    faster than the rows.
    """
    written = Written(plan, progress)
    if plan.register:
        register_master(connection, plan.register)
    for chunk in chunks([instrument_id for instrument_id, _ in plan.remove]):
        connection.execute(sa.delete(s.instruments).where(s.instruments.c.id.in_(chunk)))
        written.add(len(chunk))
    table = s.instruments
    for changed in slices(sorted(plan.update, key=lambda entry: entry[0].id)):
        for instrument, version, document in changed:
            row = instrument_row(instrument, version, document)
            connection.execute(
                sa.update(table)
                .where(table.c.id == instrument.id, table.c.version == version - 1)
                .values(**{k: v for k, v in row.items() if k != "id"})
            )
        delete_links(connection, [i.id for i, _, _ in changed])
        insert_links(connection, [i for i, _, _ in changed])
        written.add(len(changed))
    for new in slices(sorted(plan.add, key=lambda instrument: instrument.id)):
        bulk_insert(connection, table, [instrument_row(i, 1, dump_instrument(i)) for i in new])
        insert_links(connection, new)
        written.add(len(new))
    log(connection, plan.history)


def lock_key(*parts: str) -> int:
    """A stable 63-bit key for a PostgreSQL advisory lock."""
    digest = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


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
        bulk_insert(connection, table, rows)
    area_rows = [
        {"instrument_id": i.id, "kind": kind, "code": code} for i in batch for kind, code in sorted(area_keys(i))
    ]
    bulk_insert(connection, s.areas, area_rows)
    ref_rows = [
        {"instrument_id": i.id, "kind": kind, "ref_id": ref_id}
        for i in batch
        for kind, ref_id in sorted({(kind, record.id) for kind, record in references(i)})
    ]
    bulk_insert(connection, s.refs, ref_rows)


def delete_links(connection: Connection, instrument_ids: Sequence[str]) -> None:
    """Delete the link, area and reference rows of the instruments."""
    for chunk in chunks(list(instrument_ids)):
        for table, _ in s.LINKS.values():
            connection.execute(sa.delete(table).where(table.c.instrument_id.in_(chunk)))
        connection.execute(sa.delete(s.areas).where(s.areas.c.instrument_id.in_(chunk)))
        connection.execute(sa.delete(s.refs).where(s.refs.c.instrument_id.in_(chunk)))


def master_row(entry: StoredMaster) -> dict[str, Any]:
    """The master table's row for *entry*."""
    record = entry.record
    return {
        "kind": entry.kind,
        "id": record.id,
        "document": converter.unstructure(record, type(record)),
        "version": entry.version,
        "owner": entry.owner,
    }


def change_row(change: Change | MasterChange | RatingChange) -> dict[str, Any]:
    """The history table's row for *change*."""
    if isinstance(change, RatingChange):
        kind, record_id, version, professional = "rating", change.instrument_id, 0, change.professional
    elif isinstance(change, MasterChange):
        kind, record_id, version, professional = change.kind, change.record_id, change.version, None
    else:
        kind, record_id, version, professional = "instrument", change.instrument_id, change.version, None
    return {
        "kind": kind,
        "instrument_id": record_id,
        "version": version,
        "professional": professional,
        "action": change.action,
        "actor": change.actor,
        "organisation": change.organisation,
        "at": change.at,
        "changes": {key: list(pair) for key, pair in change.changes.items()},
    }


FEED_LOCK: Final = 0x6576615F66656564  # "eva_feed": taken by every write just before it logs, held until commit
FEED_CHANNEL: Final = "eva_changes"
"""The PostgreSQL channel every committed write notifies, with its schema as the payload."""


def log(connection: Connection, changes: Sequence[Change | MasterChange | RatingChange]) -> None:
    """Write the history rows of a transaction: its last statement, so the rows are numbered in commit order.

    On PostgreSQL a sequence alone numbers rows in the order transactions *ask*, not the order they commit: a
    reader could see number 11 committed while 10 is still to come, and skip it for good. So every write takes
    one advisory lock (`FEED_LOCK`) just before it numbers its rows and holds it until it has committed (a
    transaction-level lock is released after the commit is visible). The next writer numbers its rows only
    after that, so numbers grow in commit order and a reader that sees a number sees every smaller one that
    will ever exist. Only the numbering and the commit queue on the lock, not the work before them. SQLite
    has one writer at a time, so its numbers are in commit order already. The notification wakes followers
    (LISTEN) when the transaction commits.
    """
    if not changes:
        return
    postgres = connection.dialect.name == "postgresql"
    if postgres:
        connection.execute(sa.select(sa.func.pg_advisory_xact_lock(FEED_LOCK)))
    bulk_insert(connection, s.history, [change_row(c) for c in changes])
    if postgres:
        connection.execute(sa.select(sa.func.pg_notify(FEED_CHANNEL, sa.func.current_schema())))


def feed_entry(row: Any) -> FeedEntry:  # noqa: ANN401 - a history row
    """The feed entry of a history row."""
    return FeedEntry(
        cursor_of(row.seq),
        row.kind,
        row.instrument_id,
        row.action,
        None if row.kind == "rating" else row.version,
        row.actor,
        row.organisation,
        row.at if row.at.tzinfo else row.at.replace(tzinfo=dt.UTC),
        {key: (old, new) for key, (old, new) in row.changes.items()},
        row.professional,
    )


def feed_clause(after: int, wanted: FeedFilter) -> Any:  # noqa: ANN401 - a SQLAlchemy clause
    """The history rows after position *after* that *wanted* takes."""
    h = s.history.c
    clauses = [h.seq > after]
    if wanted.organisation is not None:
        clauses.append(h.organisation == wanted.organisation)
    if wanted.kinds is not None:
        clauses.append(h.kind.in_(sorted(wanted.kinds)))
    if wanted.record_id is not None:
        clauses.append(h.instrument_id == wanted.record_id)
    if wanted.start is not None:
        clauses.append(h.at >= wanted.start)
    if wanted.end is not None:
        clauses.append(h.at < wanted.end)
    return sa.and_(*clauses)


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
    if c.group_forms:  # a limit: an instrument that names no group form keeps
        table, _ = s.LINKS["group_forms"]
        named = i.id.in_(sa.select(table.c.instrument_id))
        clauses.append(sa.or_(~named, _in_link("group_forms", (g.value for g in c.group_forms))))
    if c.location_types:
        clauses.append(_in_link("location_types", (t.value for t in c.location_types)))
    if c.target_groups:
        clauses.append(_in_link("target_groups", c.target_groups))
    if c.providers:
        clauses.append(i.provider_id.in_(sorted(c.providers)))
    if c.organisations:
        clauses.append(i.organisation_id.in_(sorted(c.organisations)))
    if c.place is not None:  # the area rule: rows of area_keys() meet the place's keys
        codes: dict[str, list[str]] = {}
        for kind, code in sorted(c.place.keys):
            codes.setdefault(kind, []).append(code)
        meets = [sa.and_(s.areas.c.kind == kind, s.areas.c.code.in_(values)) for kind, values in codes.items()]
        here = sa.select(s.areas.c.instrument_id).where(sa.or_(sa.false(), *meets))
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
    ):  # limits: an instrument that gives no value keeps
        if low is not None:
            clauses.append(sa.or_(column.is_(None), column >= low))
        if high is not None:
            clauses.append(sa.or_(column.is_(None), column <= high))
    return sa.and_(sa.true(), *clauses)
