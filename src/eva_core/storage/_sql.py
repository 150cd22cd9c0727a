"""The SQL adapter: one code path for SQLite (the embedded default) and PostgreSQL, on SQLAlchemy Core.

Writes run in one transaction each; the CAS predicate (``version`` and ``organisation_id``) sits in the
UPDATE itself, so concurrent writers on many machines lose no update. Engines and error translation live in
`_engine`, the schema's version in `_migrations`, the statements in `_queries`.
"""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Self

import sqlalchemy as sa
from sqlalchemy import Connection, Engine

from eva_core.convert import converter, dump_instrument, load_stored
from eva_core.domain import Criteria, Instrument, Rating, say
from eva_core.storage import _schema as s
from eva_core.storage._batch import Applied, Batch, Plan, WriteProgress, plan
from eva_core.storage._core import (
    Clock,
    change,
    check_master_update,
    check_master_write,
    check_owner,
    check_rater,
    diff_documents,
    in_use,
    master_diff,
    owner_for,
    raise_unknown,
    rating_change,
    rating_key,
    relinked,
    unknown_references,
    utc_now,
    without_collection,
)
from eva_core.storage._engine import call_translated, check_sqlite_file, make_engine, sqlite_file, translated
from eva_core.storage._errors import AlreadyExists, NotFound, StaleVersion
from eva_core.storage._feed import DEFAULT_LIMIT, Changes, FeedFilter, cursor_of, position, wait_by_polling
from eva_core.storage._listen import DataVersion, Listener
from eva_core.storage._migrations import check_schema, upgrade_on, where
from eva_core.storage._migrations import schema_revision as _schema_revision
from eva_core.storage._protocol import Actor, Change, M, MasterChange, MasterRecord, Stored, StoredMaster, master_kind
from eva_core.storage._queries import (
    FEED_CHANNEL,
    MasterCache,
    SqlView,
    bulk_insert,
    chunks,
    delete_links,
    feed_clause,
    feed_entry,
    insert_ignoring_conflicts,
    insert_links,
    instrument_row,
    lock_key,
    log,
    master_entry,
    master_lookup,
    master_row,
    where_clause,
    write_plan,
)

__all__ = ["SqlRepository", "schema_revision", "upgrade"]


def _users(connection: Connection, kind: str, record_id: str) -> list[str]:
    """The ids of the instruments that link a master record, sorted."""
    return list(
        connection.scalars(
            sa.select(s.refs.c.instrument_id)
            .where(s.refs.c.kind == kind, s.refs.c.ref_id == record_id)
            .order_by(s.refs.c.instrument_id)
        )
    )


def _insert_ignoring_conflict(connection: Connection, table: sa.Table, row: dict[str, Any]) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING; whether the row was inserted."""
    statement = insert_ignoring_conflicts(connection, table).values(**row).returning(sa.literal(1))
    return connection.execute(statement).first() is not None


def _rating_key(instrument_id: str, organisation: str, professional: str) -> Any:  # noqa: ANN401 - a clause
    r = s.ratings.c
    return (r.instrument_id == instrument_id) & (r.organisation == organisation) & (r.professional == professional)


def _rating(
    connection: Connection, instrument_id: str, organisation: str, professional: str, *, lock: bool = False
) -> Rating | None:
    query = sa.select(s.ratings.c.document).where(_rating_key(instrument_id, organisation, professional))
    if lock and connection.dialect.name == "postgresql":
        query = query.with_for_update()
    document = connection.execute(query).scalar()
    return None if document is None else load_stored(document, Rating)


def schema_revision(engine: Engine) -> str | None:
    """The schema revision of the database, or None when eva_core has not set it up."""
    return call_translated(engine, lambda: _schema_revision(engine))


def upgrade(url_or_engine: str | Engine) -> str:
    """Bring the database's schema to this eva_core's version and return the revision; safe to repeat."""
    engine = make_engine(url_or_engine) if isinstance(url_or_engine, str) else url_or_engine
    return call_translated(engine, lambda: upgrade_on(engine))


class SqlRepository:
    """Instruments in a SQL database: ``sqlite:///path.db`` or ``postgresql+psycopg://user@host/db``.

    A new, empty database gets the schema on open; one at an older schema needs `upgrade` (``eva db upgrade``),
    and one made by a newer eva_core is refused with `SchemaMismatch`.
    """

    def __init__(
        self, url: str | Engine, *, clock: Clock = utc_now, busy_timeout: float = 10.0, check_seconds: float = 2.0
    ) -> None:
        self._engine = make_engine(url, busy_timeout=busy_timeout) if isinstance(url, str) else url
        self._clock = clock
        self._busy_timeout = busy_timeout
        self._listener: Listener | None = None
        path = sqlite_file(self._engine)
        self._data_version = DataVersion(path, busy_timeout=busy_timeout) if path is not None else None
        if path is not None:
            # Before anything else touches the file: a damaged database is refused, never written to.
            check_sqlite_file(path, full=False, seconds=check_seconds, busy_timeout=busy_timeout)
        call_translated(self._engine, lambda: check_schema(self._engine))

    def __repr__(self) -> str:
        return f"SqlRepository({where(self._engine)!r})"

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, for callers who want to read the tables themselves."""
        return self._engine

    @contextmanager
    def _write(self, *, check_only: bool = False) -> Iterator[Connection]:
        """One write transaction; with *check_only* everything in it runs and is rolled back."""
        with translated(self._engine), self._engine.connect() as connection:
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

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with translated(self._engine), self._engine.connect() as connection, connection.begin():
            yield connection

    # Master data

    def add_master(self, records: Iterable[MasterRecord], *, by: Actor) -> None:
        entries: dict[tuple[str, str], StoredMaster] = {}
        for record in records:
            entry = StoredMaster(record, 1, owner_for(by, record))
            key = (entry.kind, record.id)
            if key in entries and entries[key].record != record:
                raise AlreadyExists(
                    say("error.already-exists.twice-differs", what=say(f"record.{key[0]}"), id=record.id)
                )
            entries[key] = entry
        at = self._clock()
        with self._write() as connection:
            added: list[MasterChange] = []
            for (kind, record_id), entry in entries.items():
                # ON CONFLICT: an identical record registered at the same moment elsewhere is no error.
                if _insert_ignoring_conflict(connection, s.master, master_row(entry)):
                    added.append(MasterChange(kind, record_id, 1, "added", by.label, by.organisation, at))
                elif master_lookup(connection, kind, record_id) != entry.record:
                    raise AlreadyExists(say("error.already-exists.differs", what=say(f"record.{kind}"), id=record_id))
            log(connection, added)

    def master(self, kind: type[M]) -> Sequence[M]:
        name = master_kind(kind)
        with self._read() as connection:
            rows = connection.execute(
                sa.select(s.master.c.document).where(s.master.c.kind == name).order_by(s.master.c.id)
            )
            return [load_stored(row.document, kind) for row in rows]

    def get_master(self, kind: type[MasterRecord], record_id: str) -> StoredMaster:
        name = master_kind(kind)
        with self._read() as connection:
            entry = master_entry(connection, name, record_id)
        if entry is None:
            raise NotFound(say("error.not-found", what=say(f"record.{name}"), id=record_id))
        return entry

    def update_master(self, record: MasterRecord, *, expected_version: int, by: Actor) -> int:
        kind = master_kind(record)
        at = self._clock()
        with self._write() as connection:
            stored = master_entry(connection, kind, record.id, lock=True)
            if stored is None:
                raise NotFound(say("error.not-found", what=say(f"record.{kind}"), id=record.id))
            check_master_update(by, stored, record)
            if stored.version != expected_version:
                raise StaleVersion(record.id, expected_version, stored.version, kind=kind)
            if stored.record == record:
                return stored.version
            version = stored.version + 1
            connection.execute(
                sa.update(s.master)
                .where(s.master.c.kind == kind, s.master.c.id == record.id)
                .values(document=converter.unstructure(record, type(record)), version=version)
            )
            entry = MasterChange(
                kind, record.id, version, "updated", by.label, by.organisation, at, master_diff(stored.record, record)
            )
            view = SqlView(connection)
            linked = view.current(_users(connection, kind, record.id))
            rewritten = []
            history: list[Change | MasterChange] = [entry]
            for _, (current, before) in sorted(linked.items()):
                new = Stored(relinked(current.instrument, kind, record), current.version + 1)
                after = dump_instrument(new.instrument)
                rewritten.append((new.instrument, new.version, after))
                history.append(change(new, "updated", by, at, diff_documents(before, after)))
            write_plan(connection, Plan((), (), tuple(rewritten), (), tuple(history), Applied()))
            return version

    def remove_master(self, kind: type[MasterRecord], record_id: str, *, by: Actor) -> None:
        name = master_kind(kind)
        at = self._clock()
        with self._write() as connection:
            stored = master_entry(connection, name, record_id, lock=True)
            if stored is None:
                raise NotFound(say("error.not-found", what=say(f"record.{name}"), id=record_id))
            check_master_write(by, stored)
            users = _users(connection, name, record_id)
            if users:
                raise in_use(name, record_id, users)
            connection.execute(sa.delete(s.master).where(s.master.c.kind == name, s.master.c.id == record_id))
            log(connection, [MasterChange(name, record_id, stored.version, "removed", by.label, by.organisation, at)])

    def master_history(self, kind: type[MasterRecord], record_id: str) -> Sequence[MasterChange]:
        name = master_kind(kind)
        return [
            MasterChange(name, record_id, *rest)
            for rest in self._history(sa.and_(s.history.c.kind == name, s.history.c.instrument_id == record_id))
        ]

    # Instruments

    def add_all(self, instruments: Iterable[Instrument], *, by: Actor) -> None:
        batch = list(instruments)
        seen: set[str] = set()
        for instrument in batch:
            check_owner(by, instrument)
            if instrument.id in seen:
                raise AlreadyExists(say("error.already-exists.twice", id=instrument.id))
            seen.add(instrument.id)
        at = self._clock()
        with self._write() as connection:
            ids = [i.id for i in batch]
            for chunk in chunks(ids):
                taken = connection.scalars(sa.select(s.instruments.c.id).where(s.instruments.c.id.in_(chunk))).first()
                if taken is not None:
                    raise AlreadyExists(say("error.already-exists.taken", id=taken))
            lookup = MasterCache(connection)
            for instrument in batch:
                raise_unknown(instrument.id, unknown_references(instrument, lookup))
            bulk_insert(connection, s.instruments, [instrument_row(i, 1, dump_instrument(i)) for i in batch])
            insert_links(connection, batch)
            log(connection, [change(Stored(i, 1), "added", by, at) for i in batch])

    def apply(
        self,
        batch: Batch,
        *,
        by: Actor | Iterable[Actor],
        check_only: bool = False,
        progress: WriteProgress | None = None,
    ) -> Applied:
        actors = [by] if isinstance(by, Actor) else list(by)
        at = self._clock()
        with self._write(check_only=check_only) as connection:
            if connection.dialect.name == "postgresql":
                # Batches of one organisation queue up, so "remove the ones missing" sees every committed add.
                for organisation in sorted({a.organisation for a in actors}):
                    connection.execute(sa.select(sa.func.pg_advisory_xact_lock(lock_key("batch", organisation))))
            with without_collection():
                decided = plan(batch, actors, SqlView(connection), at)
                write_plan(connection, decided, progress)
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
            updated = change(Stored(instrument, new_version), "updated", by, at, changes)
            log(connection, [updated])
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
            log(connection, [change(current, "removed", by, at)])

    def get(self, instrument_id: str) -> Stored:
        with self._read() as connection:
            return self._current(connection, instrument_id)[0]

    def list(self) -> Sequence[Stored]:
        return self._select(sa.true())

    def query(self, criteria: Criteria) -> Sequence[Stored]:
        return self._select(where_clause(criteria))

    def history(self, instrument_id: str) -> Sequence[Change]:
        where = sa.and_(s.history.c.kind == "instrument", s.history.c.instrument_id == instrument_id)
        return [Change(instrument_id, *rest) for rest in self._history(where)]

    def _history(self, where: Any) -> builtins.list[tuple[Any, ...]]:  # noqa: ANN401 - a SQLAlchemy clause
        with self._read() as connection:
            rows = connection.execute(sa.select(s.history).where(where).order_by(s.history.c.seq))
            return [
                (
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
        at = self._clock()
        with self._write() as connection:
            self._current(connection, rating.instrument_id)
            entry = rating_change(_rating(connection, *rating_key(rating)), rating, by, at)
            if not entry:
                return
            connection.execute(sa.delete(s.ratings).where(_rating_key(*rating_key(rating))))
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
            log(connection, entry)

    def remove_rating(self, instrument_id: str, professional: str, *, by: Actor) -> None:
        at = self._clock()
        with self._write() as connection:
            old = _rating(connection, instrument_id, by.organisation, professional, lock=True)
            result = connection.execute(
                sa.delete(s.ratings).where(_rating_key(instrument_id, by.organisation, professional))
            )
            if old is None or result.rowcount != 1:
                raise NotFound(
                    say(
                        "error.not-found.rating",
                        id=instrument_id,
                        professional=professional,
                        organisation=by.organisation,
                    )
                )
            log(connection, rating_change(old, None, by, at))

    def ratings(self, instrument_id: str | None = None) -> Sequence[Rating]:
        r = s.ratings.c
        query = sa.select(r.document).order_by(r.instrument_id, r.organisation, r.professional)
        if instrument_id is not None:
            query = query.where(r.instrument_id == instrument_id)
        with self._read() as connection:
            return [load_stored(row.document, Rating) for row in connection.execute(query)]

    # The change feed

    def changes(  # noqa: PLR0913 - keyword-only filters
        self,
        since: str | None = None,
        *,
        limit: int = DEFAULT_LIMIT,
        instruments: bool = False,
        organisation: str | None = None,
        kinds: Collection[str] | None = None,
        record_id: str | None = None,
        start: dt.datetime | dt.date | None = None,
        end: dt.datetime | dt.date | None = None,
    ) -> Changes:
        after = position(since)
        wanted = FeedFilter.of(organisation=organisation, kinds=kinds, record_id=record_id, start=start, end=end)
        with self._read() as connection:
            rows = connection.execute(
                sa.select(s.history).where(feed_clause(after, wanted)).order_by(s.history.c.seq).limit(limit)
            ).all()
            entries = tuple(feed_entry(row) for row in rows)
            current: dict[str, Stored | None] = {}
            if instruments:
                ids = sorted({e.id for e in entries if e.kind == "instrument"})
                current = dict.fromkeys(ids)
                for chunk in chunks(ids):
                    current.update(_stored_rows(connection, s.instruments.c.id.in_(chunk)))
        cursor = entries[-1].cursor if entries else cursor_of(after)
        return Changes(entries, cursor, len(entries) == limit, current)

    def cursor(self) -> str:
        with self._read() as connection:
            return cursor_of(
                connection.execute(sa.select(sa.func.coalesce(sa.func.max(s.history.c.seq), 0))).scalar_one()
            )

    def wait_for_changes(self, since: str, timeout: float) -> bool:
        if self._data_version is not None:  # a SQLite file: the cursor is read only once a commit moved the counter
            return self._data_version.wait(self.cursor, since, timeout)
        if self._engine.dialect.name != "postgresql":
            return wait_by_polling(self.cursor, since, timeout)
        if self._listener is None:
            self._listener = Listener(self._engine, FEED_CHANNEL)
        return self._listener.wait(self.cursor, since, timeout)

    def check(self) -> None:
        """Check the whole database; raise `CorruptStore` when something is damaged.

        On SQLite this is the full ``integrity_check``; on PostgreSQL (which checks its own pages) the schema
        and a read of every table.
        """
        path = sqlite_file(self._engine)
        if path is not None:
            check_sqlite_file(path, full=True, seconds=None, busy_timeout=self._busy_timeout)
        call_translated(self._engine, lambda: check_schema(self._engine))
        with self._read() as connection:
            for table in s.metadata.sorted_tables:
                connection.execute(sa.select(sa.func.count()).select_from(table)).scalar()

    def close(self) -> None:
        """Close every pooled connection."""
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        if self._data_version is not None:
            self._data_version.close()
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
            raise NotFound(say("error.not-found", what=say("record.instrument"), id=instrument_id))
        return Stored(load_stored(row.document, Instrument), row.version), row.document

    def _select(self, where: Any) -> builtins.list[Stored]:  # noqa: ANN401 - a SQLAlchemy clause
        with self._read() as connection:
            return list(_stored_rows(connection, where).values())


def _stored_rows(connection: Connection, where: Any) -> dict[str, Stored]:  # noqa: ANN401 - a SQLAlchemy clause
    """The stored instruments *where* selects, by id."""
    i = s.instruments.c
    rows = connection.execute(sa.select(i.id, i.document, i.version).where(where).order_by(i.id))
    return {row.id: Stored(load_stored(row.document, Instrument), row.version) for row in rows}
