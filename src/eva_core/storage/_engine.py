"""Engines for the SQL adapter, and the translation of every driver error into a storage error.

On SQLite every write transaction starts with ``BEGIN IMMEDIATE`` (so "check, then write" waits for the lock
instead of failing), foreign keys are on, the journal is WAL with ``synchronous=FULL``, and a busy timeout
applies.

Driver errors are translated by SQLite's result code or PostgreSQL's SQLSTATE, and else by exception class;
never by message text, which changes with the driver's version and locale.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote

import orjson
import sqlalchemy as sa
from sqlalchemy import Connection, Engine, event, exc

from eva_core.domain import MESSAGES, EvaError, Message, say
from eva_core.storage._errors import (
    AlreadyExists,
    Conflict,
    CorruptStore,
    InvalidUrl,
    ReadOnlyStore,
    StoreBusy,
    StoreError,
    StoreFull,
    StoreUnavailable,
    Unstorable,
)
from eva_core.storage._migrations import where

__all__ = [
    "call_translated",
    "check_sqlite_file",
    "driver_errors",
    "json_text",
    "make_engine",
    "sqlite_file",
    "translated",
    "translation",
]

T = TypeVar("T")

# SQLite primary result codes (https://sqlite.org/rescode.html); extended codes carry the primary in the low byte.
_SQLITE = {
    5: StoreBusy,  # SQLITE_BUSY
    6: StoreBusy,  # SQLITE_LOCKED
    8: ReadOnlyStore,  # SQLITE_READONLY
    11: CorruptStore,  # SQLITE_CORRUPT
    13: StoreFull,  # SQLITE_FULL
    14: StoreUnavailable,  # SQLITE_CANTOPEN
    18: Unstorable,  # SQLITE_TOOBIG
    20: Unstorable,  # SQLITE_MISMATCH
    23: StoreUnavailable,  # SQLITE_AUTH
    26: CorruptStore,  # SQLITE_NOTADB
}
_SQLITE_FOREIGN_KEY = 787
_SQLITE_CONSTRAINT = 19

# PostgreSQL SQLSTATE codes (https://www.postgresql.org/docs/current/errcodes-appendix.html), exact then by class.
_SQLSTATE = {
    "23505": AlreadyExists,  # unique_violation
    "23503": Conflict,  # foreign_key_violation
    "40001": StoreBusy,  # serialization_failure
    "40P01": StoreBusy,  # deadlock_detected
    "55P03": StoreBusy,  # lock_not_available
    "57014": StoreBusy,  # query_canceled (statement or lock timeout)
    "53100": StoreFull,  # disk_full
    "25006": ReadOnlyStore,  # read_only_sql_transaction (a standby)
    "42501": ReadOnlyStore,  # insufficient_privilege
    "XX001": CorruptStore,  # data_corrupted
    "XX002": CorruptStore,  # index_corrupted
}
_SQLSTATE_CLASS = {
    "22": Unstorable,  # data exception: too long, out of range, NUL, invalid text
    "23": Conflict,  # integrity constraint violation, foreign key violation among them
    "08": StoreUnavailable,  # connection exception
    "28": StoreUnavailable,  # invalid authorization
    "3D": StoreUnavailable,  # invalid catalog name: no such database
    "57": StoreUnavailable,  # operator intervention: shutdown, cannot connect now
    "53": StoreError,  # insufficient resources
    "42": StoreError,  # syntax error or access rule violation
}


def _said(kind: type[EvaError], where: str, detail: str) -> Message:
    """What a driver error of *kind* means, about the store at *where*; *detail* names the driver's error."""
    key = f"error.{getattr(kind, 'code', 'store-error')}.driver"
    return say(key if key in MESSAGES else "error.store-error.driver", where=where, detail=detail)


def json_text(value: object) -> str:
    """A JSON value as text, for a document column."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


def make_engine(url: str, *, busy_timeout: float = 10.0) -> Engine:
    """An engine for *url*, set up for eva_core's transactions; a URL SQLAlchemy cannot use is `InvalidUrl`."""
    if "\x00" in unquote(url):  # no file system or server takes it: Python would raise a bare ValueError
        raise InvalidUrl(say("error.invalid-url.nul"))
    try:
        # orjson reads and writes the JSON documents several times faster than the json module.
        json = {"json_serializer": json_text, "json_deserializer": orjson.loads}
        if url.startswith("sqlite"):
            engine = sa.create_engine(url, connect_args={"isolation_level": None, "timeout": busy_timeout}, **json)
            _configure_sqlite(engine, busy_timeout)
            return engine
        return sa.create_engine(url, pool_pre_ping=True, **json)
    except (exc.ArgumentError, exc.NoSuchModuleError, ValueError) as error:
        raise InvalidUrl(say("error.invalid-url.database", url=_redacted(url), detail=type(error).__name__)) from None
    except ImportError as error:
        raise StoreUnavailable(say("error.store-unavailable.no-driver", url=_redacted(url), name=error.name)) from None


def _redacted(url: str) -> str | Message:
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except (exc.ArgumentError, ValueError):
        return say("error.url-not-shown")  # the text may hold a password: do not repeat it


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


def _kind(error: BaseException) -> type[EvaError]:  # noqa: PLR0911 - one return per way of telling
    """The storage error class for a driver or SQLAlchemy error."""
    original = getattr(error, "orig", None) or error
    sqlite_code = getattr(original, "sqlite_errorcode", None)
    if isinstance(sqlite_code, int):
        if sqlite_code == _SQLITE_FOREIGN_KEY:
            return Conflict
        if sqlite_code & 0xFF == _SQLITE_CONSTRAINT:
            return AlreadyExists
        return _SQLITE.get(sqlite_code & 0xFF, StoreError)
    sqlstate = getattr(original, "sqlstate", None)
    if isinstance(sqlstate, str):
        return _SQLSTATE.get(sqlstate) or _SQLSTATE_CLASS.get(sqlstate[:2], StoreError)
    if isinstance(original, UnicodeError):
        return Unstorable
    for cls, kind in (
        (exc.IntegrityError, Conflict),
        (exc.DataError, Unstorable),
        (exc.OperationalError, StoreUnavailable),
    ):
        if isinstance(error, cls):
            return kind
    return StoreError


def translation(engine: Engine, error: BaseException) -> EvaError:
    """The storage error a person and a program can act on, for any error the driver or SQLAlchemy raised."""
    kind = _kind(error)
    return kind(_said(kind, where(engine), type(error).__name__))


_DRIVER_ERRORS: tuple[type[BaseException], ...] = (exc.SQLAlchemyError, UnicodeError)


def driver_errors() -> tuple[type[BaseException], ...]:
    """SQLAlchemy's errors, text codecs' errors, and the drivers' own (which escape outside a statement)."""
    found: list[type[BaseException]] = [*_DRIVER_ERRORS, sqlite3.Error]
    try:
        import psycopg  # noqa: PLC0415 - the optional PostgreSQL driver

        found.append(psycopg.Error)
    except ImportError:
        pass
    return tuple(found)


@contextmanager
def translated(engine: Engine) -> Iterator[None]:
    """Run a block whose driver errors leave as storage errors; eva_core's own errors pass unchanged."""
    try:
        yield
    except EvaError:
        raise
    except driver_errors() as error:
        raise translation(engine, error) from error


def call_translated(engine: Engine, call: Callable[[], T]) -> T:
    """*call*, with its driver errors translated."""
    with translated(engine):
        return call()


_SQLITE_INTERRUPT = 9


def check_sqlite_file(path: Path, *, full: bool, seconds: float | None, busy_timeout: float) -> bool:
    """Check a SQLite file's pages on a read-only connection; raise `CorruptStore` if it is damaged.

    The quick check (``PRAGMA quick_check``) reads every page but skips the index-to-table comparisons of the
    full ``integrity_check``. With *seconds*, a check that takes longer stops there and the file counts as
    unchecked (returns False) rather than holding up the open. Nothing is written to the file.
    """
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return True
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=busy_timeout)
    except OSError:  # no access, say: opening it for real says so, translated as every driver error is
        return True
    except sqlite3.Error as error:
        kind = _kind(error)
        raise kind(_said(kind, str(path), type(error).__name__)) from None
    try:
        if seconds is not None:
            deadline = time.monotonic() + seconds
            connection.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
        try:
            rows = connection.execute("PRAGMA integrity_check" if full else "PRAGMA quick_check").fetchall()
        except sqlite3.Error as error:
            if getattr(error, "sqlite_errorcode", None) == _SQLITE_INTERRUPT:
                return False
            kind = _kind(error)
            if kind is CorruptStore:
                raise CorruptStore(_said(CorruptStore, str(path), type(error).__name__)) from None
            raise kind(_said(kind, str(path), type(error).__name__)) from None
    finally:
        connection.close()
    if rows != [("ok",)]:
        check = say("error.corrupt-store.full-check" if full else "error.corrupt-store.quick-check")
        first = str(rows[0][0])[:120]
        raise CorruptStore(say("error.corrupt-store.check", path=str(path), check=check, count=len(rows), first=first))
    return True


def sqlite_file(engine: Engine) -> Path | None:
    """The file of a SQLite engine, or None for another database or one in memory."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or database in (None, "", ":memory:") or database.startswith("file:"):
        return None
    return Path(database)
