"""The SQL adapter: one code path for SQLite (the embedded default) and PostgreSQL, on SQLAlchemy Core.

Writes run in one transaction each; the CAS predicate (``version`` and ``organisation_id``) sits in the
UPDATE itself, so concurrent writers on many machines lose no update. On SQLite every write transaction
starts with ``BEGIN IMMEDIATE`` (so "check, then write" waits for the lock instead of failing), foreign
keys are on, the journal is WAL with ``synchronous=FULL``, and a busy timeout applies.
"""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from importlib.resources import files
from typing import Any, Self

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, event, exc

from eva_core.convert import converter, dump_instrument, load_stored
from eva_core.domain import Criteria, Instrument, Rating, duration_in_days
from eva_core.storage import _schema as s
from eva_core.storage._core import (
    Clock,
    check_master_owner,
    check_owner,
    check_rater,
    diff,
    in_use,
    raise_unknown,
    references,
    unknown_references,
    utc_now,
)
from eva_core.storage._errors import (
    AlreadyExists,
    CorruptStore,
    InUse,
    NotFound,
    SchemaMismatch,
    StaleVersion,
    StoreBusy,
    StoreError,
)
from eva_core.storage._protocol import MASTER_KINDS, Actor, Change, M, MasterRecord, Stored, master_kind

__all__ = ["SqlRepository", "schema_revision", "upgrade"]

_VERSION_TABLE = "eva_alembic_version"
_CHUNK = 500


def _alembic_config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(files("eva_core.storage") / "migrations"))
    config.attributes["connection"] = connection
    return config


def _head() -> str:
    script = ScriptDirectory(str(files("eva_core.storage") / "migrations"))
    head = script.get_current_head()
    assert head is not None  # noqa: S101 - the package ships at least one migration
    return head


def _known_revisions() -> set[str]:
    script = ScriptDirectory(str(files("eva_core.storage") / "migrations"))
    return {r.revision for r in script.walk_revisions()}


def schema_revision(engine: Engine) -> str | None:
    """The schema revision of the database, or None when eva_core has not set it up."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection, opts={"version_table": _VERSION_TABLE}).get_current_revision()


def upgrade(url_or_engine: str | Engine) -> str:
    """Bring the database's schema to this eva_core's version and return the revision; safe to repeat."""
    engine = _engine(url_or_engine) if isinstance(url_or_engine, str) else url_or_engine
    current = _translate_schema_errors(engine, lambda: schema_revision(engine))
    if current is not None and current not in _known_revisions():
        raise SchemaMismatch(f"{_where(engine)} has schema {current}, made by a newer eva_core: upgrade eva_core")
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), "head")
    return _head()


def _where(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def _engine(url: str, *, busy_timeout: float = 10.0) -> Engine:
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"isolation_level": None, "timeout": busy_timeout})
        _configure_sqlite(engine, busy_timeout)
        return engine
    return sa.create_engine(url, pool_pre_ping=True)


def _configure_sqlite(engine: Engine, busy_timeout: float) -> None:
    in_memory = engine.url.database in (None, "", ":memory:")

    @event.listens_for(engine, "connect")
    def _setup(dbapi_connection: Any, _record: Any) -> None:  # noqa: ANN401
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
        if not in_memory:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        write = connection.get_execution_options().get("eva_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _translate_schema_errors(engine: Engine, call: Any) -> Any:  # noqa: ANN401
    try:
        return call()
    except exc.DatabaseError as error:
        raise _store_error(engine, error) from error


def _store_error(engine: Engine, error: exc.DBAPIError) -> StoreError:
    text = str(error.orig).lower()
    if "locked" in text or "busy" in text:
        return StoreBusy(f"{_where(engine)} is busy: another writer held it too long")
    if "not a database" in text or "malformed" in text or "disk image" in text:
        return CorruptStore(f"{_where(engine)} is damaged ({error.orig}); it was left as it is")
    return StoreError(f"cannot use {_where(engine)}: {error.orig}")


class SqlRepository:
    """Instruments in a SQL database: ``sqlite:///path.db`` or ``postgresql+psycopg://user@host/db``.

    A new, empty database gets the schema on open; one at an older schema needs `upgrade` (``eva db upgrade``),
    and one made by a newer eva_core is refused with `SchemaMismatch`.
    """

    def __init__(self, url: str | Engine, *, clock: Clock = utc_now, busy_timeout: float = 10.0) -> None:
        self._engine = _engine(url, busy_timeout=busy_timeout) if isinstance(url, str) else url
        self._clock = clock
        current = _translate_schema_errors(self._engine, lambda: schema_revision(self._engine))
        if current is None:
            tables = set(_translate_schema_errors(self._engine, lambda: sa.inspect(self._engine).get_table_names()))
            if tables & set(s.metadata.tables):
                raise SchemaMismatch(f"{_where(self._engine)} has eva tables but no schema version")
            upgrade(self._engine)
        elif current not in _known_revisions():
            raise SchemaMismatch(f"{_where(self._engine)} has schema {current}, made by a newer eva_core")
        elif current != _head():
            raise SchemaMismatch(f"{_where(self._engine)} has an older schema ({current}): run `eva db upgrade`")

    def __repr__(self) -> str:
        return f"SqlRepository({_where(self._engine)!r})"

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, for callers who want to read the tables themselves."""
        return self._engine

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        try:
            with self._engine.connect() as connection:
                connection.execution_options(eva_write=True)
                with connection.begin():
                    yield connection
        except exc.IntegrityError as error:
            raise _integrity(error) from error
        except exc.OperationalError as error:
            raise _store_error(self._engine, error) from error

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        try:
            with self._engine.connect() as connection, connection.begin():
                yield connection
        except exc.OperationalError as error:
            raise _store_error(self._engine, error) from error

    # Master data

    def add_master(self, records: Iterable[MasterRecord], *, by: Actor) -> None:
        batch = list(records)
        for record in batch:
            check_master_owner(by, record)
        with self._write() as connection:
            for record in batch:
                kind = master_kind(record)
                stored = _master_lookup(connection, kind, record.id)
                if stored is None:
                    document = converter.unstructure(record, type(record))
                    connection.execute(sa.insert(s.master).values(kind=kind, id=record.id, document=document))
                elif stored != record:
                    raise AlreadyExists(f"{kind} {record.id!r} is registered with other content")

    def master(self, kind: type[M]) -> Sequence[M]:
        name = master_kind(kind)
        with self._read() as connection:
            rows = connection.execute(
                sa.select(s.master.c.document).where(s.master.c.kind == name).order_by(s.master.c.id)
            )
            return [load_stored(row.document, kind) for row in rows]

    def remove_master(self, kind: type[MasterRecord], record_id: str, *, by: Actor) -> None:
        name = master_kind(kind)
        with self._write() as connection:
            stored = _master_lookup(connection, name, record_id)
            if stored is None:
                raise NotFound(f"no {name} {record_id!r}")
            check_master_owner(by, stored)
            users = list(
                connection.scalars(
                    sa.select(s.refs.c.instrument_id)
                    .where(s.refs.c.kind == name, s.refs.c.ref_id == record_id)
                    .order_by(s.refs.c.instrument_id)
                )
            )
            if users:
                raise in_use(name, record_id, users)
            connection.execute(sa.delete(s.master).where(s.master.c.kind == name, s.master.c.id == record_id))

    # Instruments

    def add_all(self, instruments: Iterable[Instrument], *, by: Actor) -> None:
        batch = list(instruments)
        seen: set[str] = set()
        for instrument in batch:
            check_owner(by, instrument)
            if instrument.id in seen:
                raise AlreadyExists(f"instrument id {instrument.id!r} is given twice")
            seen.add(instrument.id)
        at = self._clock()
        with self._write() as connection:
            ids = [i.id for i in batch]
            for chunk in _chunks(ids):
                taken = connection.scalars(sa.select(s.instruments.c.id).where(s.instruments.c.id.in_(chunk))).first()
                if taken is not None:
                    raise AlreadyExists(f"instrument id {taken!r} is taken")
            lookup = _MasterCache(connection)
            for instrument in batch:
                raise_unknown(instrument.id, unknown_references(instrument, lookup))
            connection.execute(sa.insert(s.instruments), [_row(i, 1) for i in batch])
            _insert_links(connection, batch)
            connection.execute(
                sa.insert(s.history),
                [_history_row(i.id, 1, "added", by, at, {}) for i in batch],
            )

    def update(self, instrument: Instrument, *, expected_version: int, by: Actor) -> int:
        check_owner(by, instrument)
        at = self._clock()
        with self._write() as connection:
            current = self._current(connection, instrument.id, lock=True)
            check_owner(by, current.instrument)
            if current.version != expected_version:
                raise StaleVersion(instrument.id, expected_version, current.version)
            raise_unknown(instrument.id, unknown_references(instrument, _MasterCache(connection)))
            new_version = expected_version + 1
            row = _row(instrument, new_version)
            result = connection.execute(
                sa.update(s.instruments)
                .where(
                    s.instruments.c.id == instrument.id,
                    s.instruments.c.version == expected_version,
                    s.instruments.c.organisation_id == by.organisation,
                )
                .values(**{k: v for k, v in row.items() if k != "id"})
            )
            if result.rowcount != 1:  # pragma: no cover - the row lock above makes this a safety net
                raise StaleVersion(instrument.id, expected_version, self._current(connection, instrument.id).version)
            _delete_links(connection, instrument.id)
            _insert_links(connection, [instrument])
            changes = diff(current.instrument, instrument)
            connection.execute(
                sa.insert(s.history).values(**_history_row(instrument.id, new_version, "updated", by, at, changes))
            )
            return new_version

    def remove(self, instrument_id: str, *, expected_version: int, by: Actor) -> None:
        at = self._clock()
        with self._write() as connection:
            current = self._current(connection, instrument_id, lock=True)
            check_owner(by, current.instrument)
            if current.version != expected_version:
                raise StaleVersion(instrument_id, expected_version, current.version)
            connection.execute(
                sa.delete(s.instruments).where(
                    s.instruments.c.id == instrument_id, s.instruments.c.version == expected_version
                )
            )
            connection.execute(
                sa.insert(s.history).values(**_history_row(instrument_id, expected_version, "removed", by, at, {}))
            )

    def get(self, instrument_id: str) -> Stored:
        with self._read() as connection:
            return self._current(connection, instrument_id)

    def list(self) -> Sequence[Stored]:
        return self._select(sa.true())

    def query(self, criteria: Criteria) -> Sequence[Stored]:
        return self._select(_where_clause(criteria))

    def history(self, instrument_id: str) -> Sequence[Change]:
        with self._read() as connection:
            rows = connection.execute(
                sa.select(s.history).where(s.history.c.instrument_id == instrument_id).order_by(s.history.c.seq)
            )
            return [
                Change(
                    row.instrument_id,
                    row.version,
                    row.action,
                    row.actor,
                    row.organisation,
                    row.at if row.at.tzinfo else row.at.replace(tzinfo=dt.UTC),
                    {key: (old, new) for key, (old, new) in row.changes.items()},
                )
                for row in rows
            ]

    def rate(self, rating: Rating, *, by: Actor) -> None:
        check_rater(by, rating)
        with self._write() as connection:
            self._current(connection, rating.instrument_id)
            key = (s.ratings.c.instrument_id == rating.instrument_id) & (
                s.ratings.c.professional == rating.professional
            )
            connection.execute(sa.delete(s.ratings).where(key))
            connection.execute(
                sa.insert(s.ratings).values(
                    instrument_id=rating.instrument_id,
                    professional=rating.professional,
                    organisation=rating.organisation,
                    on=rating.on,
                    general=rating.general,
                    result=rating.result,
                    execution=rating.execution,
                    document=converter.unstructure(rating, Rating),
                )
            )

    def ratings(self, instrument_id: str | None = None) -> Sequence[Rating]:
        query = sa.select(s.ratings.c.document).order_by(s.ratings.c.instrument_id, s.ratings.c.professional)
        if instrument_id is not None:
            query = query.where(s.ratings.c.instrument_id == instrument_id)
        with self._read() as connection:
            return [load_stored(row.document, Rating) for row in connection.execute(query)]

    def close(self) -> None:
        """Close every pooled connection."""
        self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _current(self, connection: Connection, instrument_id: str, *, lock: bool = False) -> Stored:
        query = sa.select(s.instruments.c.document, s.instruments.c.version).where(s.instruments.c.id == instrument_id)
        if lock and connection.dialect.name == "postgresql":
            query = query.with_for_update()
        row = connection.execute(query).first()
        if row is None:
            raise NotFound(f"no instrument {instrument_id!r}")
        return Stored(load_stored(row.document, Instrument), row.version)

    def _select(self, where: Any) -> builtins.list[Stored]:  # noqa: ANN401 - a SQLAlchemy clause
        with self._read() as connection:
            rows = connection.execute(
                sa.select(s.instruments.c.document, s.instruments.c.version).where(where).order_by(s.instruments.c.id)
            )
            return [Stored(load_stored(row.document, Instrument), row.version) for row in rows]


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _integrity(error: exc.IntegrityError) -> Exception:
    text = str(error.orig).lower()
    if "foreign key" in text:
        return InUse(f"the change would break a link between instruments and master data ({error.orig})")
    return AlreadyExists(f"an id is taken ({error.orig})")


def _master_lookup(connection: Connection, kind: str, record_id: str) -> MasterRecord | None:
    document = connection.scalar(
        sa.select(s.master.c.document).where(s.master.c.kind == kind, s.master.c.id == record_id)
    )
    return None if document is None else load_stored(document, MASTER_KINDS[kind])


class _MasterCache:
    """Looks master records up once per write transaction."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._seen: dict[tuple[str, str], MasterRecord | None] = {}

    def __call__(self, kind: str, record_id: str) -> MasterRecord | None:
        key = (kind, record_id)
        if key not in self._seen:
            self._seen[key] = _master_lookup(self._connection, kind, record_id)
        return self._seen[key]


def _row(instrument: Instrument, version: int) -> dict[str, Any]:
    return {
        "id": instrument.id,
        "organisation_id": instrument.organisation.id,
        "provider_id": instrument.provider.id,
        "version": version,
        "document": dump_instrument(instrument),
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


def _insert_links(connection: Connection, batch: Sequence[Instrument]) -> None:
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


def _delete_links(connection: Connection, instrument_id: str) -> None:
    for table, _ in s.LINKS.values():
        connection.execute(sa.delete(table).where(table.c.instrument_id == instrument_id))
    connection.execute(sa.delete(s.areas).where(s.areas.c.instrument_id == instrument_id))
    connection.execute(sa.delete(s.refs).where(s.refs.c.instrument_id == instrument_id))


def _history_row(  # noqa: PLR0913, PLR0917 - one column each
    instrument_id: str, version: int, action: str, by: Actor, at: dt.datetime, changes: dict[str, Any]
) -> dict[str, Any]:
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


def _where_clause(c: Criteria) -> Any:  # noqa: ANN401, C901, PLR0912 - one clause per part, as in Criteria.matches
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
