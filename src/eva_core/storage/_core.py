"""What every adapter decides the same way, and the in-memory model the memory and JSON adapters share.

Ownership, references and history entries are decided here once.

The model is copy-on-write: an operation builds a new `State` and only then is it kept, so a write that
raises leaves the old state untouched.
"""

from __future__ import annotations

import builtins
import datetime as dt
import gc
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Literal

from attrs import evolve, frozen

from eva_core.convert import converter, dump_instrument
from eva_core.domain import Criteria, Instrument, Message, Organisation, Rating, TargetGroup, say
from eva_core.storage._errors import (
    AlreadyExists,
    Forbidden,
    InUse,
    NotFound,
    StaleVersion,
    UnknownReference,
)
from eva_core.storage._feed import RatingChange
from eva_core.storage._protocol import Actor, Change, MasterChange, MasterRecord, Stored, StoredMaster, master_kind

if TYPE_CHECKING:
    from eva_core.storage._batch import Plan, WriteProgress

__all__ = [
    "Clock",
    "State",
    "check_master_update",
    "check_master_write",
    "check_owner",
    "check_rater",
    "diff",
    "diff_documents",
    "first_owner",
    "in_use",
    "master_diff",
    "named_owner",
    "names_its_owner",
    "owner_for",
    "rating_change",
    "rating_key",
    "references",
    "relinked",
    "unknown_references",
    "utc_now",
    "without_collection",
]

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    """The default clock of every adapter."""
    return dt.datetime.now(dt.UTC)


@contextmanager
def without_collection() -> Iterator[None]:
    """Hold Python's cycle collector off during one large write, then turn it back on as it was.

    Planning and writing a batch makes many small containers that live until the write ends; each one started
    the collector's count again, and every full collection walks the whole heap (the batch's instruments
    among it), so a 100k import spent about 8x the 20k one's collector time. The write makes no cycles it
    would have to free meanwhile.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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


def unknown_references(instrument: Instrument, lookup: Callable[[str, str], MasterRecord | None]) -> list[Message]:
    """A message for every link of *instrument* that *lookup* does not know, or knows differently."""
    problems = []
    for kind, record in references(instrument):
        stored = lookup(kind, record.id)
        if stored is None:
            problems.append(say("error.unknown-reference.not-registered", what=say(f"record.{kind}"), id=record.id))
        elif stored != record:
            problems.append(say("error.unknown-reference.differs", what=say(f"record.{kind}"), id=record.id))
    return problems


def raise_unknown(instrument_id: str, problems: Sequence[Message]) -> None:
    """Raise `UnknownReference` for *problems*, if any."""
    if problems:
        raise UnknownReference(say("error.unknown-reference", id=instrument_id, missing=problems))


def check_owner(by: Actor, instrument: Instrument) -> None:
    """Raise `Forbidden` unless *by* writes for the instrument's organisation."""
    if instrument.organisation.id != by.organisation:
        owner = instrument.organisation.id
        raise Forbidden(say("error.forbidden.instrument", by=by.organisation, id=instrument.id, owner=owner))


def check_rater(by: Actor, rating: Rating) -> None:
    """A rating is made by a professional of the organisation that writes it."""
    if rating.organisation != by.organisation:
        raise Forbidden(say("error.forbidden.rating", by=by.organisation, owner=rating.organisation))


def names_its_owner(record: MasterRecord) -> bool:
    """Whether a record says who owns it (an organisation, a target group); others belong to who registers them."""
    return isinstance(record, Organisation | TargetGroup)


def named_owner(record: MasterRecord) -> str | None:
    """The owner a record names: an organisation itself, a target group's organisation (None: shared)."""
    if isinstance(record, Organisation):
        return record.id
    if isinstance(record, TargetGroup):
        return record.organisation
    return None


def owner_for(by: Actor, record: MasterRecord) -> str | None:
    """The owner a new record gets when *by* registers it; raise `Forbidden` if *by* may not register it."""
    if not names_its_owner(record):
        return by.organisation
    owner = named_owner(record)
    what = say(f"record.{master_kind(record)}")
    if owner is None and not by.curator:
        raise Forbidden(say("error.forbidden.shared", what=what, id=record.id))
    if owner is not None and owner != by.organisation and not by.curator:
        raise Forbidden(say("error.forbidden.register", by=by.organisation, what=what, id=record.id, owner=owner))
    return owner


def first_owner(kind: str, record: MasterRecord, instruments: Iterable[Stored]) -> str | None:
    """The owner of a record stored before records had owners.

    That is the owner it names, else the one organisation whose instruments link it, else none (shared).
    """
    if names_its_owner(record):
        return named_owner(record)
    users = {s.instrument.organisation.id for s in instruments if (kind, record.id) in _keys(s.instrument)}
    return users.pop() if len(users) == 1 else None


def _keys(instrument: Instrument) -> set[tuple[str, str]]:
    return {(kind, record.id) for kind, record in references(instrument)}


def check_master_write(by: Actor, stored: StoredMaster) -> None:
    """Raise `Forbidden` unless *by* may change or remove *stored*: its owner, or a curator."""
    if by.curator or (stored.owner is not None and stored.owner == by.organisation):
        return
    what, record_id = say(f"record.{stored.kind}"), stored.record.id
    if stored.owner is None:
        raise Forbidden(say("error.forbidden.change-shared", what=what, id=record_id, by=by.organisation))
    raise Forbidden(
        say("error.forbidden.change-owned", what=what, id=record_id, owner=stored.owner, by=by.organisation)
    )


def check_master_update(by: Actor, stored: StoredMaster, record: MasterRecord) -> None:
    """An update keeps the record's kind and owner, and is made by its owner or a curator."""
    check_master_write(by, stored)
    if names_its_owner(record) and named_owner(record) != stored.owner and not by.curator:
        raise Forbidden(say("error.forbidden.move", what=say(f"record.{stored.kind}"), id=record.id))


def relinked(instrument: Instrument, kind: str, record: MasterRecord) -> Instrument:
    """*instrument* with every embedded copy of the master record (*kind*, ``record.id``) replaced by *record*."""

    def swap(linked: Any) -> Any:  # noqa: ANN401 - one master record
        return record if linked.id == record.id else linked

    match kind:
        case "organisation":
            return instrument.evolve(organisation=swap(instrument.organisation))
        case "provider":
            return instrument.evolve(provider=swap(instrument.provider))
        case "contact_person":
            return instrument.evolve(contacts=[evolve(c, person=swap(c.person)) for c in instrument.contacts])
        case "address":
            return instrument.evolve(
                locations=[
                    evolve(loc, address=swap(loc.address)) if loc.address is not None else loc
                    for loc in instrument.locations
                ]
            )
        case "target_group":
            return instrument.evolve(target_groups=[swap(g) for g in instrument.target_groups])
        case _:
            return instrument.evolve(available_districts=[swap(d) for d in instrument.available_districts])


def master_diff(old: MasterRecord, new: MasterRecord) -> dict[str, tuple[Any, Any]]:
    """Each field of a master record that differs, with its old and new JSON value."""
    return diff_documents(converter.unstructure(old, type(old)), converter.unstructure(new, type(new)))


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


def rating_change(old: Rating | None, new: Rating | None, by: Actor, at: dt.datetime) -> tuple[RatingChange, ...]:
    """The log entry for a rating given (*old* None), changed or taken back (*new* None); none if nothing changed."""
    before = {} if old is None else converter.unstructure(old, Rating)
    after = {} if new is None else converter.unstructure(new, Rating)
    rating = new or old
    if before == after or rating is None:
        return ()
    action: Literal["added", "updated", "removed"] = "added" if old is None else "removed" if new is None else "updated"
    changes = diff_documents(before, after)
    return (
        RatingChange(rating.instrument_id, rating.organisation, rating.professional, action, by.label, at, changes),
    )


def rating_key(rating: Rating) -> tuple[str, str, str]:
    """A rating is one professional's, within their organisation, of one instrument."""
    return (rating.instrument_id, rating.organisation, rating.professional)


def in_use(kind: str, record_id: str, users: Sequence[str]) -> InUse:
    """The error for removing master data that *users* (instrument ids) still link."""
    return InUse(kind, record_id, users)


@frozen
class State:
    """Everything a memory or JSON store holds.

    ``log`` holds instrument, master and rating changes in the order they were made: the change feed.
    """

    master: Mapping[tuple[str, str], StoredMaster]
    instruments: Mapping[str, Stored]
    log: Sequence[Change | MasterChange | RatingChange]
    ratings: Mapping[tuple[str, str, str], Rating] = {}

    @classmethod
    def empty(cls) -> State:
        """A store with nothing in it."""
        return cls({}, {}, (), {})

    # Reads

    def get(self, instrument_id: str) -> Stored:
        """The stored instrument, or `NotFound`."""
        try:
            return self.instruments[instrument_id]
        except KeyError:
            raise NotFound(say("error.not-found", what=say("record.instrument"), id=instrument_id)) from None

    def list(self) -> builtins.list[Stored]:
        """Every instrument, by id."""
        return [self.instruments[key] for key in sorted(self.instruments)]

    def query(self, criteria: Criteria) -> builtins.list[Stored]:
        """The instruments that meet *criteria*, by id."""
        return [s for s in self.list() if criteria.matches(s.instrument)]

    def master_of(self, kind: str) -> builtins.list[MasterRecord]:
        """The master records of one kind, by id."""
        return [entry.record for (k, _), entry in sorted(self.master.items()) if k == kind]

    def get_master(self, kind: str, record_id: str) -> StoredMaster:
        """One master record with version and owner, or `NotFound`."""
        try:
            return self.master[(kind, record_id)]
        except KeyError:
            raise NotFound(say("error.not-found", what=say(f"record.{kind}"), id=record_id)) from None

    def history_of(self, instrument_id: str) -> builtins.list[Change]:
        """One instrument's history, oldest first."""
        return [c for c in self.log if isinstance(c, Change) and c.instrument_id == instrument_id]

    def master_history_of(self, kind: str, record_id: str) -> builtins.list[MasterChange]:
        """One master record's history, oldest first."""
        return [c for c in self.log if isinstance(c, MasterChange) and (c.kind, c.record_id) == (kind, record_id)]

    def ratings_of(self, instrument_id: str | None) -> builtins.list[Rating]:
        """Ratings by instrument id, organisation and professional."""
        return [r for key, r in sorted(self.ratings.items()) if instrument_id in (None, key[0])]

    # Writes: each returns the new state and leaves this one as it was

    def rate(self, rating: Rating, by: Actor, at: dt.datetime) -> State:
        """Store a rating, replacing the same professional's earlier one."""
        check_rater(by, rating)
        self.get(rating.instrument_id)
        entry = rating_change(self.ratings.get(rating_key(rating)), rating, by, at)
        if not entry:
            return self
        return evolve(self, ratings={**self.ratings, rating_key(rating): rating}, log=(*self.log, *entry))

    def remove_rating(self, instrument_id: str, professional: str, by: Actor, at: dt.datetime) -> State:
        """Remove *by*'s organisation's professional's rating of the instrument."""
        key = (instrument_id, by.organisation, professional)
        if key not in self.ratings:
            raise NotFound(
                say("error.not-found.rating", id=instrument_id, professional=professional, organisation=by.organisation)
            )
        entry = rating_change(self.ratings[key], None, by, at)
        ratings = {k: r for k, r in self.ratings.items() if k != key}
        return evolve(self, ratings=ratings, log=(*self.log, *entry))

    def add_master(self, records: Iterable[MasterRecord], by: Actor, at: dt.datetime) -> State:
        """Register master data, all or none."""
        master = dict(self.master)
        log = list(self.log)
        for record in records:
            key = (master_kind(record), record.id)
            if key in master:
                if master[key].record != record:
                    raise AlreadyExists(say("error.already-exists.differs", what=say(f"record.{key[0]}"), id=record.id))
                continue
            master[key] = StoredMaster(record, 1, owner_for(by, record))
            log.append(MasterChange(key[0], record.id, 1, "added", by.label, by.organisation, at))
        return evolve(self, master=master, log=tuple(log))

    def update_master(self, record: MasterRecord, expected_version: int, by: Actor, at: dt.datetime) -> State:
        """Change one master record and every instrument that links it."""
        kind = master_kind(record)
        stored = self.get_master(kind, record.id)
        check_master_update(by, stored, record)
        if stored.version != expected_version:
            raise StaleVersion(record.id, expected_version, stored.version, kind=kind)
        if stored.record == record:
            return self
        entry = StoredMaster(record, stored.version + 1, stored.owner)
        log: builtins.list[Change | MasterChange] = [
            MasterChange(
                kind,
                record.id,
                entry.version,
                "updated",
                by.label,
                by.organisation,
                at,
                master_diff(stored.record, record),
            )
        ]
        instruments = dict(self.instruments)
        for instrument_id in self.users(kind, record.id):
            current = instruments[instrument_id]
            new = Stored(relinked(current.instrument, kind, record), current.version + 1)
            instruments[instrument_id] = new
            log.append(change(new, "updated", by, at, diff(current.instrument, new.instrument)))
        return State({**self.master, (kind, record.id): entry}, instruments, (*self.log, *log), self.ratings)

    def remove_master(self, kind: str, record_id: str, by: Actor, at: dt.datetime) -> State:
        """Remove one master record that no instrument links."""
        stored = self.get_master(kind, record_id)
        check_master_write(by, stored)
        users = self.users(kind, record_id)
        if users:
            raise in_use(kind, record_id, users)
        master = dict(self.master)
        del master[(kind, record_id)]
        entry = MasterChange(kind, record_id, stored.version, "removed", by.label, by.organisation, at)
        return evolve(self, master=master, log=(*self.log, entry))

    def users(self, kind: str, record_id: str) -> builtins.list[str]:
        """The ids of the instruments that link a master record, sorted."""
        return sorted(s.id for s in self.instruments.values() if (kind, record_id) in _keys(s.instrument))

    def add_all(self, instruments: Iterable[Instrument], by: Actor, at: dt.datetime) -> State:
        """Add new instruments at version 1, all or none."""
        added = dict(self.instruments)
        entries = list(self.log)
        for instrument in instruments:
            check_owner(by, instrument)
            if instrument.id in added:
                raise AlreadyExists(say("error.already-exists.taken", id=instrument.id))
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
        return State(self.master, {**self.instruments, instrument.id: stored}, (*self.log, entry), self.ratings)

    def remove(self, instrument_id: str, expected_version: int, by: Actor, at: dt.datetime) -> State:
        """Remove one instrument, checking owner and version."""
        current = self.get(instrument_id)
        check_owner(by, current.instrument)
        if current.version != expected_version:
            raise StaleVersion(instrument_id, expected_version, current.version)
        remaining = dict(self.instruments)
        del remaining[instrument_id]
        ratings = {key: r for key, r in self.ratings.items() if key[0] != instrument_id}
        return State(self.master, remaining, (*self.log, change(current, "removed", by, at)), ratings)

    def written(self, plan: Plan, progress: WriteProgress | None = None) -> State:
        """The state after *plan*, which `plan` made against this state; *progress* is told as it grows."""
        from eva_core.storage._batch import Written, slices  # noqa: PLC0415 - _batch imports this module

        written = Written(plan, progress)
        master = dict(self.master)
        for entry in plan.register:
            master[(entry.kind, entry.record.id)] = entry
        instruments = dict(self.instruments)
        stored = [
            *((instrument, 1) for instrument in plan.add),
            *((instrument, version) for instrument, version, _ in plan.update),
        ]
        for chunk in slices(stored):
            for instrument, version in chunk:
                instruments[instrument.id] = Stored(instrument, version)
            written.add(len(chunk))
        gone = {instrument_id for instrument_id, _ in plan.remove}
        for instrument_id in gone:
            del instruments[instrument_id]
        written.add(len(gone))
        ratings = {key: r for key, r in self.ratings.items() if key[0] not in gone} if gone else self.ratings
        return State(master, instruments, (*self.log, *plan.history), ratings)

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
        return {key: self.master[key].record for key in keys if key in self.master}

    def _lookup(self, kind: str, record_id: str) -> MasterRecord | None:
        entry = self.master.get((kind, record_id))
        return None if entry is None else entry.record


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
