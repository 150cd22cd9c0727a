"""Engines for the SQL adapter, and the translation of driver errors into storage errors.

On SQLite every write transaction starts with ``BEGIN IMMEDIATE`` (so "check, then write" waits for the lock
instead of failing), foreign keys are on, the journal is WAL with ``synchronous=FULL``, and a busy timeout
applies.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, Engine, event, exc

from eva_core.storage._errors import AlreadyExists, CorruptStore, InUse, StoreBusy, StoreError
from eva_core.storage._migrations import where

__all__ = ["integrity_error", "make_engine", "store_error"]


def make_engine(url: str, *, busy_timeout: float = 10.0) -> Engine:
    """An engine for *url*, set up for eva_core's transactions."""
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


def store_error(engine: Engine, error: exc.DBAPIError) -> StoreError:
    """The storage error for a driver error that makes the store unusable."""
    text = str(error.orig).lower()
    if "locked" in text or "busy" in text:
        return StoreBusy(f"{where(engine)} is busy: another writer held it too long")
    if "not a database" in text or "malformed" in text or "disk image" in text:
        return CorruptStore(f"{where(engine)} is damaged ({error.orig}); it was left as it is")
    return StoreError(f"cannot use {where(engine)}: {error.orig}")


def integrity_error(error: exc.IntegrityError) -> Exception:
    """The storage error for a broken constraint."""
    text = str(error.orig).lower()
    if "foreign key" in text:
        return InUse(f"the change would break a link between instruments and master data ({error.orig})")
    return AlreadyExists(f"an id is taken ({error.orig})")
