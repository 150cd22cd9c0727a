"""What storage raises. Adapters translate their driver's errors into these.

Each class has a stable ``code`` for programs; the message is for people, from the message catalogue
(``error.<code>`` and its variants), and `EvaError.said` gives it as a value.

::

    EvaError
    ├── NotFound(LookupError)              not-found: no instrument or master record with that id
    ├── Conflict                           conflict: the write clashes with what is stored
    │   ├── StaleVersion                   stale-version: ... an update against an older version
    │   ├── AlreadyExists                  already-exists: ... an id that is taken
    │   └── BatchRefused                   batch-refused: ... a batch, with every conflict found in it
    ├── Forbidden(PermissionError)         forbidden: an organisation writing what another owns
    ├── UnknownReference(LookupError)      unknown-reference: linking master data that is not registered
    ├── InUse                              in-use: removing master data that instruments still link to
    ├── Unstorable(ValueError)             unstorable: a value the store cannot hold (length, range, characters)
    ├── InvalidUrl(ValueError)             invalid-url: a repository URL that names no store, or is ambiguous
    ├── StoreError(OSError)                store-error: the store cannot be used
    │   ├── CorruptStore                   corrupt-store: ... damaged or truncated; it is left untouched
    │   ├── SchemaMismatch                 schema-mismatch: ... a database from another eva_core version
    │   ├── StoreBusy                      store-busy: ... locked by another writer for too long
    │   ├── StoreUnavailable               store-unavailable: ... cannot be opened or reached
    │   ├── ReadOnlyStore                  read-only: ... may be read but not written
    │   └── StoreFull                      store-full: ... the disk or file size limit is reached
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from eva_core.domain import EvaError, say

if TYPE_CHECKING:
    from eva_core.storage._batch import BatchConflict

__all__ = [
    "AlreadyExists",
    "BatchRefused",
    "Conflict",
    "CorruptStore",
    "Forbidden",
    "InUse",
    "InvalidUrl",
    "NotFound",
    "ReadOnlyStore",
    "SchemaMismatch",
    "StaleVersion",
    "StoreBusy",
    "StoreError",
    "StoreFull",
    "StoreUnavailable",
    "UnknownReference",
    "Unstorable",
]


class NotFound(LookupError, EvaError):
    """Nothing is stored under that id."""

    code: ClassVar[str] = "not-found"


class Conflict(EvaError):
    """The write clashes with what is stored; nothing was written."""

    code: ClassVar[str] = "conflict"


class StaleVersion(Conflict):
    """An update or removal against a version that is no longer the stored one."""

    code: ClassVar[str] = "stale-version"

    def __init__(self, record_id: str, expected: int, actual: int, *, kind: str = "instrument") -> None:
        what = say(f"record.{kind}")
        super().__init__(say("error.stale-version", what=what, id=record_id, actual=actual, expected=expected))
        self.record_id, self.expected, self.actual, self.kind = record_id, expected, actual, kind

    @property
    def instrument_id(self) -> str:
        """The id of the instrument (or master record) that was changed meanwhile."""
        return self.record_id

    def __reduce__(self) -> tuple[Any, ...]:
        return (_stale_version, (self.record_id, self.expected, self.actual, self.kind))


class AlreadyExists(Conflict):
    """An id that is already taken."""

    code: ClassVar[str] = "already-exists"


class BatchRefused(Conflict):
    """A batch that cannot be written as a whole; ``conflicts`` holds every reason found, in batch order."""

    code: ClassVar[str] = "batch-refused"

    def __init__(self, conflicts: Iterable[BatchConflict]) -> None:
        self.conflicts: tuple[BatchConflict, ...] = tuple(conflicts)
        super().__init__(say("error.batch-refused", count=len(self.conflicts)))

    def __str__(self) -> str:
        lines = [str(self.said)]
        lines += [f"  {say('error.batch-refused.line', message=c.said, code=c.code)}" for c in self.conflicts]
        return "\n".join(lines)

    def __reduce__(self) -> tuple[type[BatchRefused], tuple[tuple[BatchConflict, ...]]]:
        return (type(self), (self.conflicts,))


class Forbidden(PermissionError, EvaError):
    """An organisation may not change or remove another organisation's instruments."""

    code: ClassVar[str] = "forbidden"


class UnknownReference(LookupError, EvaError):
    """An instrument links master data (provider, contact person, target group, ...) the store does not know."""

    code: ClassVar[str] = "unknown-reference"


class InUse(EvaError):
    """Master data that instruments still link to cannot be removed; ``instruments`` lists them all."""

    code: ClassVar[str] = "in-use"

    def __init__(self, kind: str, record_id: str, instruments: Iterable[str]) -> None:
        self.kind, self.record_id, self.instruments = kind, record_id, tuple(instruments)
        shown = ", ".join(repr(i) for i in self.instruments[:5]) + (" ..." if len(self.instruments) > 5 else "")
        what = say(f"record.{kind}")
        super().__init__(say("error.in-use", what=what, id=record_id, count=len(self.instruments), shown=shown))

    def __reduce__(self) -> tuple[type[InUse], tuple[str, str, tuple[str, ...]]]:
        return (type(self), (self.kind, self.record_id, self.instruments))


class Unstorable(ValueError, EvaError):
    """A value the store cannot hold; nothing was written."""

    code: ClassVar[str] = "unstorable"


class InvalidUrl(ValueError, EvaError):
    """A repository URL that names no store eva_core knows, or that could mean two places."""

    code: ClassVar[str] = "invalid-url"


def _stale_version(record_id: str, expected: int, actual: int, kind: str) -> StaleVersion:
    return StaleVersion(record_id, expected, actual, kind=kind)


class StoreError(OSError, EvaError):
    """The store cannot be used as it is."""

    code: ClassVar[str] = "store-error"


class CorruptStore(StoreError):
    """The stored data is damaged; eva_core leaves it exactly as it found it."""

    code: ClassVar[str] = "corrupt-store"


class SchemaMismatch(StoreError):
    """The database was made by another version of eva_core."""

    code: ClassVar[str] = "schema-mismatch"


class StoreBusy(StoreError):
    """Another writer held the store for longer than the timeout."""

    code: ClassVar[str] = "store-busy"


class StoreUnavailable(StoreError):
    """The store cannot be opened or reached: no such file or server, no access, a folder instead of a file."""

    code: ClassVar[str] = "store-unavailable"


class ReadOnlyStore(StoreError):
    """The store may be read but not written (a read-only file, folder or database); nothing was written."""

    code: ClassVar[str] = "read-only"


class StoreFull(StoreError):
    """The disk is full or the file may not grow; nothing was written."""

    code: ClassVar[str] = "store-full"
