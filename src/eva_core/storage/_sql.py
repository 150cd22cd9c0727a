"""The SQL adapter: one code path for SQLite (the embedded default) and PostgreSQL, on SQLAlchemy Core.

Writes run in one transaction each; the CAS predicate (``version`` and ``organisation_id``) sits in the
UPDATE itself, so concurrent writers on many machines lose no update. Engines and error translation live in
`_engine`, the schema's version in `_migrations`, the statements in `_queries`.
"""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Self, TypeVar

import sqlalchemy as sa
from sqlalchemy import Connection, Engine, exc

from eva_core.convert import converter, dump_instrument, load_stored
from eva_core.domain import Criteria, Instrument, Rating
from eva_core.storage import _schema as s
from eva_core.storage._batch import Applied, Batch, plan
from eva_core.storage._core import (
    Clock,
    check_master_owner,
    check_owner,
    check_rater,
    diff_documents,
    in_use,
    raise_unknown,
    unknown_references,
    utc_now,
)
from eva_core.storage._engine import integrity_error, make_engine, store_error
from eva_core.storage._errors import AlreadyExists, NotFound, StaleVersion
from eva_core.storage._migrations import check_schema, upgrade_on, where
from eva_core.storage._migrations import schema_revision as _schema_revision
from eva_core.storage._protocol import Actor, Change, M, MasterRecord, Stored, master_kind
from eva_core.storage._queries import (
    MasterCache,
    SqlView,
    chunks,
    delete_links,
    history_row,
    insert_links,
    instrument_row,
    lock_key,
    master_lookup,
    where_clause,
    write_plan,
)

__all__ = ["SqlRepository", "schema_revision", "upgrade"]

T = TypeVar("T")


def _translated(engine: Engine, call: Callable[[], T]) -> T:
    try:
        return call()
    except exc.DatabaseError as error:
        raise store_error(engine, error) from error


def schema_revision(engine: Engine) -> str | None:
    """The schema revision of the database, or None when eva_core has not set it up."""
    return _translated(engine, lambda: _schema_revision(engine))


def upgrade(url_or_engine: str | Engine) -> str:
    """Bring the database's schema to this eva_core's version and return the revision; safe to repeat."""
    engine = make_engine(url_or_engine) if isinstance(url_or_engine, str) else url_or_engine
    return _translated(engine, lambda: upgrade_on(engine))


class SqlRepository:
    """Instruments in a SQL database: ``sqlite:///path.db`` or ``postgresql+psycopg://user@host/db``.

    A new, empty database gets the schema on open; one at an older schema needs `upgrade` (``eva db upgrade``),
    and one made by a newer eva_core is refused with `SchemaMismatch`.
    """

    def __init__(self, url: str | Engine, *, clock: Clock = utc_now, busy_timeout: float = 10.0) -> None:
        self._engine = make_engine(url, busy_timeout=busy_timeout) if isinstance(url, str) else url
        self._clock = clock
        _translated(self._engine, lambda: check_schema(self._engine))

    def __repr__(self) -> str:
        return f"SqlRepository({where(self._engine)!r})"

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, for callers who want to read the tables themselves."""
        return self._engine

    @contextmanager
    def _write(self, *, check_only: bool = False) -> Iterator[Connection]:
        """One write transaction; with *check_only* everything in it runs and is rolled back."""
        try:
            with self._engine.connect() as connection:
                connection.execution_options(eva_write=True)
                transaction = connection.begin()
                try:
                    yield connection
                except BaseException:
                    transaction.rollback()
                    raise
                if check_only:
                    transaction.rollback()
                else:
                    transaction.commit()
        except exc.IntegrityError as error:
            raise integrity_error(error) from error
        except exc.OperationalError as error:
            raise store_error(self._engine, error) from error

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        try:
            with self._engine.connect() as connection, connection.begin():
                yield connection
        except exc.OperationalError as error:
            raise store_error(self._engine, error) from error

    # Master data

    def add_master(self, records: Iterable[MasterRecord], *, by: Actor) -> None:
        batch = list(records)
        for record in batch:
            check_master_owner(by, record)
        with self._write() as connection:
            for record in batch:
                kind = master_kind(record)
                stored = master_lookup(connection, kind, record.id)
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
            stored = master_lookup(connection, name, record_id)
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
            for chunk in chunks(ids):
                taken = connection.scalars(sa.select(s.instruments.c.id).where(s.instruments.c.id.in_(chunk))).first()
                if taken is not None:
                    raise AlreadyExists(f"instrument id {taken!r} is taken")
            lookup = MasterCache(connection)
            for instrument in batch:
                raise_unknown(instrument.id, unknown_references(instrument, lookup))
            connection.execute(sa.insert(s.instruments), [instrument_row(i, 1, dump_instrument(i)) for i in batch])
            insert_links(connection, batch)
            connection.execute(
                sa.insert(s.history),
                [history_row(i.id, 1, "added", by, at, {}) for i in batch],
            )

    def apply(self, batch: Batch, *, by: Actor | Iterable[Actor], check_only: bool = False) -> Applied:
        actors = [by] if isinstance(by, Actor) else list(by)
        at = self._clock()
        with self._write(check_only=check_only) as connection:
            if connection.dialect.name == "postgresql":
                # Batches of one organisation queue up, so "remove the ones missing" sees every committed add.
                for organisation in sorted({a.organisation for a in actors}):
                    connection.execute(sa.select(sa.func.pg_advisory_xact_lock(lock_key("batch", organisation))))
            decided = plan(batch, actors, SqlView(connection), at)
            write_plan(connection, decided)
        return decided.applied

    def update(self, instrument: Instrument, *, expected_version: int, by: Actor) -> int:
        check_owner(by, instrument)
        at = self._clock()
        with self._write() as connection:
            current, before = self._current(connection, instrument.id, lock=True)
            check_owner(by, current.instrument)
            if current.version != expected_version:
                raise StaleVersion(instrument.id, expected_version, current.version)
            raise_unknown(instrument.id, unknown_references(instrument, MasterCache(connection)))
            new_version = expected_version + 1
            after = dump_instrument(instrument)
            row = instrument_row(instrument, new_version, after)
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
                raise StaleVersion(instrument.id, expected_version, self._current(connection, instrument.id)[0].version)
            delete_links(connection, [instrument.id])
            insert_links(connection, [instrument])
            changes = diff_documents(before, after)
            connection.execute(
                sa.insert(s.history).values(**history_row(instrument.id, new_version, "updated", by, at, changes))
            )
            return new_version

    def remove(self, instrument_id: str, *, expected_version: int, by: Actor) -> None:
        at = self._clock()
        with self._write() as connection:
            current, _ = self._current(connection, instrument_id, lock=True)
            check_owner(by, current.instrument)
            if current.version != expected_version:
                raise StaleVersion(instrument_id, expected_version, current.version)
            connection.execute(
                sa.delete(s.instruments).where(
                    s.instruments.c.id == instrument_id, s.instruments.c.version == expected_version
                )
            )
            connection.execute(
                sa.insert(s.history).values(**history_row(instrument_id, expected_version, "removed", by, at, {}))
            )

    def get(self, instrument_id: str) -> Stored:
        with self._read() as connection:
            return self._current(connection, instrument_id)[0]

    def list(self) -> Sequence[Stored]:
        return self._select(sa.true())

    def query(self, criteria: Criteria) -> Sequence[Stored]:
        return self._select(where_clause(criteria))

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

    def _current(
        self, connection: Connection, instrument_id: str, *, lock: bool = False
    ) -> tuple[Stored, dict[str, Any]]:
        """The stored instrument and its stored document."""
        query = sa.select(s.instruments.c.document, s.instruments.c.version).where(s.instruments.c.id == instrument_id)
        if lock and connection.dialect.name == "postgresql":
            query = query.with_for_update()
        row = connection.execute(query).first()
        if row is None:
            raise NotFound(f"no instrument {instrument_id!r}")
        return Stored(load_stored(row.document, Instrument), row.version), row.document

    def _select(self, where: Any) -> builtins.list[Stored]:  # noqa: ANN401 - a SQLAlchemy clause
        with self._read() as connection:
            rows = connection.execute(
                sa.select(s.instruments.c.document, s.instruments.c.version).where(where).order_by(s.instruments.c.id)
            )
            return [Stored(load_stored(row.document, Instrument), row.version) for row in rows]
