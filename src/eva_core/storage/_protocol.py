"""The repository interface every storage adapter provides, and the values it hands out."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, Protocol, Self, TypeVar

from attrs import field, frozen

from eva_core.domain import (
    ID_MAX_LENGTH,
    ID_PATTERN,
    SHORT_TEXT,
    Address,
    ContactPerson,
    Criteria,
    District,
    Instrument,
    InvalidRecord,
    Organisation,
    Problem,
    Provider,
    Rating,
    TargetGroup,
    say,
    text_problems,
)

if TYPE_CHECKING:
    from eva_core.storage._batch import Applied, Batch, WriteProgress
    from eva_core.storage._feed import Changes

__all__ = [
    "MASTER_KINDS",
    "Actor",
    "Change",
    "InstrumentRepository",
    "MasterChange",
    "MasterRecord",
    "Stored",
    "StoredMaster",
    "master_kind",
]

MasterRecord = Organisation | Provider | ContactPerson | Address | District | TargetGroup
"""The master data instruments link to: made once, linked by id."""

M = TypeVar("M", Organisation, Provider, ContactPerson, Address, District, TargetGroup)

MASTER_KINDS: Mapping[str, type[Any]] = {
    "organisation": Organisation,
    "provider": Provider,
    "contact_person": ContactPerson,
    "address": Address,
    "district": District,
    "target_group": TargetGroup,
}
"""Stable names of the master data kinds, as stored."""

_KIND_OF = {cls: kind for kind, cls in MASTER_KINDS.items()}


def master_kind(record_or_class: object) -> str:
    """The stored kind name of a master record or its class."""
    cls = record_or_class if isinstance(record_or_class, type) else type(record_or_class)
    return _KIND_OF[cls]


@frozen
class Actor:
    """Who writes: the organisation the write is made for, and a label for the change history.

    The label is whatever the caller uses to name the person or system (an e-mail, a user id, "import");
    eva_core stores it as given. Both meet the domain's limits (the organisation is an id, the label a short
    text), so every adapter stores exactly the same actors.
    """

    organisation: str
    label: str
    curator: bool = False
    """A curator looks after the shared master data (and may correct any organisation's)."""

    def __attrs_post_init__(self) -> None:
        if not self.label.isascii():  # text enters composed (NFC), as every record's text does
            object.__setattr__(self, "label", unicodedata.normalize("NFC", self.label))
        problems = [
            Problem("$.label", "Label", code, message)
            for code, message in text_problems(self.label, SHORT_TEXT, required=True)
        ]
        problems += [
            Problem("$.organisation", "Organisatie", code, message)
            for code, message in text_problems(self.organisation, ID_MAX_LENGTH)
        ]
        if not _ID.fullmatch(self.organisation):
            problems.append(Problem("$.organisation", "Organisatie", "id-format", say("problem.id-format")))
        if problems:
            raise InvalidRecord(say("error.invalid-record", record="Actor"), problems)


_ID = re.compile(ID_PATTERN)


@frozen
class StoredMaster:
    """A registered master record with its version and owner.

    ``owner`` is the organisation that may change or remove it, or None for a shared record, which only a
    curator changes. An organisation owns its own `Organisation` record, a target group belongs to its
    organisation (shared when it has none), and any other record belongs to the organisation that registered it.
    """

    record: MasterRecord
    version: int
    owner: str | None

    @property
    def kind(self) -> str:
        """The stored kind name (``provider``, ``target_group``, ...)."""
        return master_kind(self.record)


@frozen
class Stored:
    """An instrument as stored, with its version: pass the version back to update or remove it."""

    instrument: Instrument
    version: int

    @property
    def id(self) -> str:
        """The instrument's id."""
        return self.instrument.id


@frozen
class Change:
    """One entry of an instrument's change history.

    ``changes`` maps each top-level field that changed to its (old, new) JSON value; it is empty when an
    instrument is added or removed.
    """

    instrument_id: str
    version: int
    action: Literal["added", "updated", "removed"]
    actor: str
    organisation: str
    at: dt.datetime
    changes: Mapping[str, tuple[Any, Any]] = field(factory=dict)


@frozen
class MasterChange:
    """One entry of a master record's change history; ``changes`` as in `Change`."""

    kind: str
    record_id: str
    version: int
    action: Literal["added", "updated", "removed"]
    actor: str
    organisation: str
    at: dt.datetime
    changes: Mapping[str, tuple[Any, Any]] = field(factory=dict)


class InstrumentRepository(Protocol):
    """Where instruments and their master data live.

    Every adapter passes `eva_core.testing.RepositoryContract`. Every write is all or nothing: when it raises,
    the stored data is exactly as it was.
    """

    def add_master(self, records: Iterable[MasterRecord], *, by: Actor) -> None:
        """Register master data at version 1, owned as `StoredMaster` says; a record equal to the stored one is a no-op.

        Raises:
            AlreadyExists: a record with the same kind and id but other content is stored.
            Forbidden: another organisation's record (its `Organisation`, its target group), or a shared
                target group registered by someone who is not a curator.
        """
        ...

    def master(self, kind: type[M]) -> Sequence[M]:
        """The registered records of one kind (`Provider`, `TargetGroup`, ...), ordered by id."""
        ...

    def get_master(self, kind: type[MasterRecord], record_id: str) -> StoredMaster:
        """One registered record with its version and owner; raise `NotFound` if there is none."""
        ...

    def update_master(self, record: MasterRecord, *, expected_version: int, by: Actor) -> int:
        """Change a registered record and return its new version.

        Every instrument that links it is rewritten to show the change (its version goes up and its history
        records the change), in the same transaction.

        Raises:
            NotFound: no such record.
            Forbidden: *by* does not own the record (shared records: *by* is not a curator).
            StaleVersion: the stored version is not *expected_version*.
        """
        ...

    def remove_master(self, kind: type[MasterRecord], record_id: str, *, by: Actor) -> None:
        """Remove a master record.

        Raises:
            NotFound: no such record.
            Forbidden: as for `update_master`.
            InUse: instruments link it; ``InUse.instruments`` lists them all.
        """
        ...

    def master_history(self, kind: type[MasterRecord], record_id: str) -> Sequence[MasterChange]:
        """The changes of one master record, oldest first, also after it was removed."""
        ...

    def add_all(self, instruments: Iterable[Instrument], *, by: Actor) -> None:
        """Store new instruments at version 1, all or none.

        Raises:
            AlreadyExists: an id is taken, or given twice.
            Forbidden: an instrument belongs to another organisation than *by*'s.
            UnknownReference: an instrument links master data that is not registered (or differs from it).
        """
        ...

    def apply(
        self,
        batch: Batch,
        *,
        by: Actor | Iterable[Actor],
        check_only: bool = False,
        progress: WriteProgress | None = None,
    ) -> Applied:
        """Write a whole import in one transaction, for every organisation in *by*, all or nothing.

        With *check_only* the same checks and writes run and are thrown away: the result (or the error) is
        what the real run gives on the same stored data. *progress*, if given, is told ``(written, total)``
        as the instruments are written (see `WriteProgress`), so a long import can show a bar; an exception
        from it ends the write and leaves the store as it was.

        Raises:
            BatchRefused: with every conflict found (ids taken or given twice, organisations not in *by*,
                instruments of other organisations, stale versions, master data that differs).
        """
        ...

    def update(self, instrument: Instrument, *, expected_version: int, by: Actor) -> int:
        """Replace a stored instrument and return its new version.

        Raises:
            NotFound, Forbidden, UnknownReference: as for `add_all`.
            StaleVersion: the stored version is not *expected_version*.
        """
        ...

    def remove(self, instrument_id: str, *, expected_version: int, by: Actor) -> None:
        """Remove a stored instrument. Raises `NotFound`, `Forbidden` or `StaleVersion`."""
        ...

    def get(self, instrument_id: str) -> Stored:
        """The stored instrument; raise `NotFound` if there is none."""
        ...

    def list(self) -> Sequence[Stored]:
        """Every stored instrument, ordered by id."""
        ...

    def query(self, criteria: Criteria) -> Sequence[Stored]:
        """The stored instruments that meet *criteria*, ordered by id; the same on every adapter."""
        ...

    def history(self, instrument_id: str) -> Sequence[Change]:
        """The changes of one instrument, oldest first, also after it was removed."""
        ...

    def rate(self, rating: Rating, *, by: Actor) -> None:
        """Store a professional's rating, replacing their earlier one of the instrument.

        A professional is known within their organisation: the same name in two organisations is two people.

        Raises:
            NotFound: no such instrument.
            Forbidden: the rating is made for another organisation than *by*'s.
        """
        ...

    def remove_rating(self, instrument_id: str, professional: str, *, by: Actor) -> None:
        """Remove the rating *by*'s organisation's *professional* gave the instrument; raise `NotFound` if none."""
        ...

    def ratings(self, instrument_id: str | None = None) -> Sequence[Rating]:
        """The stored ratings (of one instrument, or all), by instrument id, organisation and professional.

        Removing an instrument removes its ratings.
        """
        ...

    def changes(  # noqa: PLR0913 - keyword-only filters
        self,
        since: str | None = None,
        *,
        limit: int = 1000,
        instruments: bool = False,
        organisation: str | None = None,
        kinds: Collection[str] | None = None,
        record_id: str | None = None,
        start: dt.datetime | dt.date | None = None,
        end: dt.datetime | dt.date | None = None,
    ) -> Changes:
        """The changes committed after the cursor *since* (None: from the first), in commit order, at most *limit*.

        Every write shows up: instruments added, updated and removed (master edits included, as updates of the
        instruments they reach), master data registered, changed and removed, ratings given, changed and
        taken back. Pass the returned ``cursor`` as *since* to read on; a cursor stays valid across restarts
        and processes. The filters make it a history query ("what did organisation X change since 1 March"):
        *organisation* (the organisation a change was made for), *kinds* (``instrument``, a master kind,
        ``rating``), *record_id*, and the moments *start* (inclusive) and *end* (exclusive); a day means its
        start in UTC. With *instruments* the page also holds the stored state of the instruments it names.

        Raises:
            InvalidCursor: *since* is no cursor this store handed out.
        """
        ...

    def cursor(self) -> str:
        """The cursor of the newest change: read it before `list` to follow the store from that state on."""
        ...

    def wait_for_changes(self, since: str, timeout: float) -> bool:
        """Wait until a change after *since* is committed (True) or *timeout* seconds pass (False).

        PostgreSQL wakes up at once through LISTEN/NOTIFY; the other adapters look every few tens of milliseconds.
        """
        ...

    def check(self) -> None:
        """Read the whole store and verify it (checksums, pages); raise `CorruptStore` if it is damaged.

        Opening a store runs a quicker check already; this one may take a while on a large store.
        """
        ...

    def close(self) -> None:
        """Release files, locks and connections."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc_info: object) -> None: ...
