"""What storage raises. Adapters translate their driver's errors into these.

::

    EvaError
    ├── NotFound(LookupError)              no instrument or master record with that id
    ├── Conflict                           the write clashes with what is stored
    │   ├── StaleVersion                   ... an update against an older version (names both versions)
    │   └── AlreadyExists                  ... an id that is taken
    ├── Forbidden(PermissionError)         an organisation writing another organisation's instrument
    ├── UnknownReference(LookupError)      linking a provider, contact, ... that is not registered
    ├── InUse                              removing master data that instruments still link to
    ├── StoreError(OSError)                the store cannot be used
    │   ├── CorruptStore                   ... damaged or truncated; it is left untouched
    │   ├── SchemaMismatch                 ... a database from another eva_core version
    │   └── StoreBusy                      ... locked by another writer for too long
"""

from __future__ import annotations

from eva_core.domain import EvaError

__all__ = [
    "AlreadyExists",
    "Conflict",
    "CorruptStore",
    "Forbidden",
    "InUse",
    "NotFound",
    "SchemaMismatch",
    "StaleVersion",
    "StoreBusy",
    "StoreError",
    "UnknownReference",
]


class NotFound(LookupError, EvaError):
    """Nothing is stored under that id."""


class Conflict(EvaError):
    """The write clashes with what is stored; nothing was written."""


class StaleVersion(Conflict):
    """An update or removal against a version that is no longer the stored one."""

    def __init__(self, instrument_id: str, expected: int, actual: int) -> None:
        super().__init__(
            f"instrument {instrument_id!r} is at version {actual}, not {expected}: reload it and apply the change again"
        )
        self.instrument_id, self.expected, self.actual = instrument_id, expected, actual

    def __reduce__(self) -> tuple[type[StaleVersion], tuple[str, int, int]]:
        return (type(self), (self.instrument_id, self.expected, self.actual))


class AlreadyExists(Conflict):
    """An id that is already taken."""


class Forbidden(PermissionError, EvaError):
    """An organisation may not change or remove another organisation's instruments."""


class UnknownReference(LookupError, EvaError):
    """An instrument links master data (provider, contact person, target group, ...) the store does not know."""


class InUse(EvaError):
    """Master data that instruments still link to cannot be removed."""


class StoreError(OSError, EvaError):
    """The store cannot be used as it is."""


class CorruptStore(StoreError):
    """The stored data is damaged; eva_core leaves it exactly as it found it."""


class SchemaMismatch(StoreError):
    """The database was made by another version of eva_core."""


class StoreBusy(StoreError):
    """Another writer held the store for longer than the timeout."""
