"""What every adapter decides the same way, and the in-memory model the memory and JSON adapters share.

Ownership, references and history entries are decided here once.

The model is copy-on-write: an operation builds a new `State` and only then is it kept, so a write that
raises leaves the old state untouched.
"""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from attrs import evolve, frozen

from eva_core.convert import dump_instrument
from eva_core.domain import Criteria, Instrument, Rating, TargetGroup
from eva_core.storage._errors import (
    AlreadyExists,
    Forbidden,
    InUse,
    NotFound,
    StaleVersion,
    UnknownReference,
)
from eva_core.storage._protocol import Actor, Change, MasterRecord, Stored, master_kind

if TYPE_CHECKING:
    from eva_core.storage._batch import Plan

__all__ = ["Clock", "State", "check_owner", "diff", "diff_documents", "references", "unknown_references", "utc_now"]

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    """The default clock of every adapter."""
    return dt.datetime.now(dt.UTC)


def references(instrument: Instrument) -> Iterator[tuple[str, MasterRecord]]:
    """The master records an instrument links, as (kind, record)."""
    yield "organisation", instrument.organisation
    yield "provider", instrument.provider
    for contact in instrument.contacts:
        yield "contact_person", contact.person
    for location in instrument.locations:
        if location.address is not None:
            yield "address", location.address
    for group in instrument.target_groups:
        yield "target_group", group
    for district in instrument.available_districts:
        yield "district", district


def unknown_references(instrument: Instrument, lookup: Callable[[str, str], MasterRecord | None]) -> list[str]:
    """A sentence for every link of *instrument* that *lookup* does not know, or knows differently."""
    problems = []
    for kind, record in references(instrument):
        stored = lookup(kind, record.id)
        if stored is None:
            problems.append(f"{kind} {record.id!r} is not registered")
        elif stored != record:
            problems.append(f"{kind} {record.id!r} differs from the registered one")
    return problems


def raise_unknown(instrument_id: str, problems: Sequence[str]) -> None:
    """Raise `UnknownReference` for *problems*, if any."""
    if problems:
        raise UnknownReference(f"instrument {instrument_id!r} links unknown master data: {'; '.join(problems)}")


def in_use(kind: str, record_id: str, users: Sequence[str]) -> InUse:
    """The error for removing master data that *users* (instrument ids) still link."""
    shown = ", ".join(repr(u) for u in users[:5]) + (" ..." if len(users) > 5 else "")
    return InUse(f"{kind} {record_id!r} is linked by {len(users)} instrument(s): {shown}")


def check_owner(by: Actor, instrument: Instrument) -> None:
    """Raise `Forbidden` unless *by* writes for the instrument's organisation."""
    if instrument.organisation.id != by.organisation:
        raise Forbidden(
            f"organisation {by.organisation!r} may not write instrument {instrument.id!r} "
            f"of organisation {instrument.organisation.id!r}"
        )


def check_rater(by: Actor, rating: Rating) -> None:
    """A rating is made by a professional of the organisation that writes it."""
    if rating.organisation != by.organisation:
        raise Forbidden(f"organisation {by.organisation!r} may not store a rating made for {rating.organisation!r}")


def check_master_owner(by: Actor, record: MasterRecord) -> None:
    """Target groups belong to one organisation (or to all); only that organisation registers its own."""
    if isinstance(record, TargetGroup) and record.organisation not in (None, by.organisation):
        raise Forbidden(f"organisation {by.organisation!r} may not register target group {record.id!r} of another")


def diff(old: Instrument, new: Instrument) -> dict[str, tuple[Any, Any]]:
    """Each top-level field that differs, with its old and new JSON value (None when absent)."""
    return diff_documents(dump_instrument(old), dump_instrument(new))


def diff_documents(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Each top-level key that differs between two dumped instruments, with its old and new value."""
    return {
        key: (before.get(key), after.get(key))
        for key in (*before, *(k for k in after if k not in before))
        if before.get(key) != after.get(key)
    }


def change(
    stored: Stored,
    action: Literal["added", "updated", "removed"],
    by: Actor,
    at: dt.datetime,
    changes: Mapping[str, tuple[Any, Any]] | None = None,
) -> Change:
    """A history entry for *stored*."""
    return Change(stored.id, stored.version, action, by.label, by.organisation, at, dict(changes or {}))


@frozen
class State:
    """Everything a memory or JSON store holds."""

    master: Mapping[tuple[str, str], MasterRecord]
    instruments: Mapping[str, Stored]
    history: Sequence[Change]
    ratings: Mapping[tuple[str, str], Rating] = {}

    @classmethod
    def empty(cls) -> State:
        """A store with nothing in it."""
        return cls({}, {}, (), {})

    def ratings_of(self, instrument_id: str | None) -> builtins.list[Rating]:
        """Ratings by instrument id and professional."""
        return [r for key, r in sorted(self.ratings.items()) if instrument_id in (None, key[0])]

    def rate(self, rating: Rating, by: Actor) -> State:
        """Store a rating, replacing the professional's earlier one."""
        check_rater(by, rating)
        self.get(rating.instrument_id)
        return evolve(self, ratings={**self.ratings, (rating.instrument_id, rating.professional): rating})

    # Reads

    def get(self, instrument_id: str) -> Stored:
        """The stored instrument, or `NotFound`."""
        try:
            return self.instruments[instrument_id]
        except KeyError:
            raise NotFound(f"no instrument {instrument_id!r}") from None

    def list(self) -> builtins.list[Stored]:
        """Every instrument, by id."""
        return [self.instruments[key] for key in sorted(self.instruments)]

    def query(self, criteria: Criteria) -> builtins.list[Stored]:
        """The instruments that meet *criteria*, by id."""
        return [s for s in self.list() if criteria.matches(s.instrument)]

    def master_of(self, kind: str) -> builtins.list[MasterRecord]:
        """The master records of one kind, by id."""
        return [record for (k, _), record in sorted(self.master.items()) if k == kind]

    def history_of(self, instrument_id: str) -> builtins.list[Change]:
        """One instrument's history, oldest first."""
        return [c for c in self.history if c.instrument_id == instrument_id]

    # Writes: each returns the new state and leaves this one as it was

    def add_master(self, records: Iterable[MasterRecord], by: Actor) -> State:
        """Register master data, all or none."""
        master = dict(self.master)
        for record in records:
            check_master_owner(by, record)
            key = (master_kind(record), record.id)
            if key in master and master[key] != record:
                raise AlreadyExists(f"{key[0]} {record.id!r} is registered with other content")
            master[key] = record
        return evolve(self, master=master)

    def remove_master(self, kind: str, record_id: str, by: Actor) -> State:
        """Remove one master record that no instrument links."""
        if (kind, record_id) not in self.master:
            raise NotFound(f"no {kind} {record_id!r}")
        check_master_owner(by, self.master[(kind, record_id)])
        users = sorted(
            s.id
            for s in self.instruments.values()
            if (kind, record_id) in {(k, r.id) for k, r in references(s.instrument)}
        )
        if users:
            raise in_use(kind, record_id, users)
        master = dict(self.master)
        del master[(kind, record_id)]
        return evolve(self, master=master)

    def add_all(self, instruments: Iterable[Instrument], by: Actor, at: dt.datetime) -> State:
        """Add new instruments at version 1, all or none."""
        added = dict(self.instruments)
        entries = list(self.history)
        for instrument in instruments:
            check_owner(by, instrument)
            if instrument.id in added:
                raise AlreadyExists(f"instrument id {instrument.id!r} is taken")
            raise_unknown(instrument.id, unknown_references(instrument, self._lookup))
            stored = Stored(instrument, 1)
            added[instrument.id] = stored
            entries.append(change(stored, "added", by, at))
        return State(self.master, added, tuple(entries), self.ratings)

    def update(self, instrument: Instrument, expected_version: int, by: Actor, at: dt.datetime) -> State:
        """Replace one instrument, checking owner, version and references."""
        current = self.get(instrument.id)
        check_owner(by, current.instrument)
        check_owner(by, instrument)
        if current.version != expected_version:
            raise StaleVersion(instrument.id, expected_version, current.version)
        raise_unknown(instrument.id, unknown_references(instrument, self._lookup))
        stored = Stored(instrument, current.version + 1)
        entry = change(stored, "updated", by, at, changes=diff(current.instrument, instrument))
        return State(self.master, {**self.instruments, instrument.id: stored}, (*self.history, entry), self.ratings)

    def remove(self, instrument_id: str, expected_version: int, by: Actor, at: dt.datetime) -> State:
        """Remove one instrument, checking owner and version."""
        current = self.get(instrument_id)
        check_owner(by, current.instrument)
        if current.version != expected_version:
            raise StaleVersion(instrument_id, expected_version, current.version)
        remaining = dict(self.instruments)
        del remaining[instrument_id]
        ratings = {key: r for key, r in self.ratings.items() if key[0] != instrument_id}
        return State(self.master, remaining, (*self.history, change(current, "removed", by, at)), ratings)

    def written(self, plan: Plan) -> State:
        """The state after *plan*, which `plan` made against this state."""
        master = dict(self.master)
        for record in plan.register:
            master[(master_kind(record), record.id)] = record
        instruments = dict(self.instruments)
        for instrument in plan.add:
            instruments[instrument.id] = Stored(instrument, 1)
        for instrument, version, _ in plan.update:
            instruments[instrument.id] = Stored(instrument, version)
        gone = {instrument_id for instrument_id, _ in plan.remove}
        for instrument_id in gone:
            del instruments[instrument_id]
        ratings = {key: r for key, r in self.ratings.items() if key[0] not in gone} if gone else self.ratings
        return State(master, instruments, (*self.history, *plan.history), ratings)

    # The view `plan` reads

    def current(self, ids: Collection[str]) -> dict[str, tuple[Stored, Mapping[str, Any]]]:
        """The stored instruments among *ids*, with their documents."""
        found = (self.instruments.get(i) for i in ids)
        return {s.id: (s, _LazyDocument(s.instrument)) for s in found if s is not None}

    def owned(self, organisations: Collection[str]) -> dict[str, tuple[str, int]]:
        """Every stored instrument of the organisations, with its organisation and version."""
        wanted = set(organisations)
        return {
            key: (s.instrument.organisation.id, s.version)
            for key, s in self.instruments.items()
            if s.instrument.organisation.id in wanted
        }

    def registered(self, keys: Collection[tuple[str, str]]) -> dict[tuple[str, str], MasterRecord]:
        """The registered master records among *keys*."""
        return {key: self.master[key] for key in keys if key in self.master}

    def _lookup(self, kind: str, record_id: str) -> MasterRecord | None:
        return self.master.get((kind, record_id))


class _LazyDocument(Mapping[str, Any]):
    """An instrument's document, dumped only when a plan compares it (an update), not for every id it looks up."""

    def __init__(self, instrument: Instrument) -> None:
        self._instrument = instrument
        self._document: dict[str, Any] | None = None

    def _dumped(self) -> dict[str, Any]:
        if self._document is None:
            self._document = dump_instrument(self._instrument)
        return self._document

    def __getitem__(self, key: str) -> Any:  # noqa: ANN401 - JSON values
        return self._dumped()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._dumped())

    def __len__(self) -> int:
        return len(self._dumped())
