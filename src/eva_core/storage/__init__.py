"""One repository interface with adapters that behave the same: memory, JSON file, SQL (SQLite, PostgreSQL)."""

from eva_core.storage._batch import Applied, Batch, BatchConflict, WriteProgress
from eva_core.storage._errors import (
    AlreadyExists,
    BatchRefused,
    Conflict,
    CorruptStore,
    Forbidden,
    InUse,
    InvalidUrl,
    NotFound,
    ReadOnlyStore,
    SchemaMismatch,
    StaleVersion,
    StoreBusy,
    StoreError,
    StoreFull,
    StoreUnavailable,
    UnknownReference,
    Unstorable,
)
from eva_core.storage._feed import Changes, FeedEntry, InvalidCursor
from eva_core.storage._json import JsonRepository
from eva_core.storage._memory import MemoryRepository
from eva_core.storage._open import open_repository
from eva_core.storage._protocol import (
    MASTER_KINDS,
    Actor,
    Change,
    InstrumentRepository,
    MasterChange,
    MasterRecord,
    Stored,
    StoredMaster,
)
from eva_core.storage._seed import add_catalogue
from eva_core.storage._sql import SqlRepository, schema_revision, upgrade

__all__ = [
    "MASTER_KINDS",
    "Actor",
    "AlreadyExists",
    "Applied",
    "Batch",
    "BatchConflict",
    "BatchRefused",
    "Change",
    "Changes",
    "Conflict",
    "CorruptStore",
    "FeedEntry",
    "Forbidden",
    "InUse",
    "InstrumentRepository",
    "InvalidCursor",
    "InvalidUrl",
    "JsonRepository",
    "MasterChange",
    "MasterRecord",
    "MemoryRepository",
    "NotFound",
    "ReadOnlyStore",
    "SchemaMismatch",
    "SqlRepository",
    "StaleVersion",
    "StoreBusy",
    "StoreError",
    "StoreFull",
    "StoreUnavailable",
    "Stored",
    "StoredMaster",
    "UnknownReference",
    "Unstorable",
    "WriteProgress",
    "add_catalogue",
    "open_repository",
    "schema_revision",
    "upgrade",
]


def __dir__() -> list[str]:
    return __all__
