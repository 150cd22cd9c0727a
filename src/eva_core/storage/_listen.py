"""Waking up when another process commits, without querying the feed in a loop.

PostgreSQL: LISTEN on the channel every write notifies. SQLite: ``PRAGMA data_version``, which changes when
another connection commits.
"""

from __future__ import annotations

import sqlite3
import threading
import time
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from eva_core.storage._engine import driver_errors
from eva_core.storage._feed import position

__all__ = ["SQLITE_LOOK", "SQLITE_LOOK_IDLE", "DataVersion", "Listener"]

_RETRY = 0.5
"""Seconds between tries to listen again while the server is away."""

SQLITE_LOOK = 0.05
"""Seconds between two looks at a SQLite file's commit counter just after a change."""
SQLITE_LOOK_IDLE = 0.2
"""The longest time between two looks while nothing changes: the most a follower lags a commit, before reading it."""


class Listener:
    """One connection of its own that listens on a channel, made when first needed and again after a failure.

    Listening only makes a follower wake up sooner; the cursor decides. When the server is away, `wait`
    sleeps in short steps instead and lets the caller find out through its next read.
    """

    def __init__(self, engine: Engine, channel: str) -> None:
        self._engine = engine
        self._channel = channel
        self._connection: Any = None
        self._finalizer: Callable[[], Any] = lambda: None

    def wait(self, newest: Callable[[], str], since: str, timeout: float) -> bool:
        """Wait until *newest()* is past *since*, or *timeout* seconds pass; True when it is past."""
        after = position(since)
        deadline = time.monotonic() + timeout
        while True:
            listening = self._listen()  # before the cursor is read, so no notification falls in between
            if position(newest()) > after:
                return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            if not listening or not self._notified(left):
                time.sleep(min(_RETRY, left) if not listening else 0)

    def _listen(self) -> bool:
        if self._connection is not None:
            return True
        try:
            raw = self._engine.raw_connection()
            connection: Any = raw.driver_connection
            raw.detach()  # its own connection: closing it must not hand a LISTENing connection to the pool
            connection.autocommit = True
            connection.execute(f'LISTEN "{self._channel}"')
        except driver_errors():
            return False
        self._connection = connection
        self._finalizer = weakref.finalize(self, _close_quietly, connection)  # a store nobody closed
        return True

    def _notified(self, timeout: float) -> bool:
        """Whether a notification came within *timeout* seconds; a broken connection is dropped."""
        try:
            return any(True for _ in self._connection.notifies(timeout=timeout, stop_after=1))
        except driver_errors():
            self.close()
            return False

    def close(self) -> None:
        """Stop listening."""
        if self._connection is not None:
            self._finalizer()
            self._connection = None


def _close_quietly(connection: Any) -> None:  # noqa: ANN401 - a psycopg connection
    try:
        connection.close()
    except driver_errors():
        pass


class DataVersion:
    """SQLite's commit counter, read on one connection of its own, so waiting costs no query while idle.

    ``PRAGMA data_version`` changes whenever another connection (of any process) commits; reading it takes a
    fraction of a query, where asking for the newest cursor takes a pooled connection, a transaction and a
    query (0.4 to 2 ms of CPU; polling did that 20 times a second). So `wait` asks for the cursor only when
    the counter moved since it last did (also across calls). The cursor decides, as for `Listener`: a
    counter that cannot be read (the file went away, say) counts as moved, which is plain polling.
    """

    def __init__(self, path: Path, *, busy_timeout: float = 10.0) -> None:
        self._path = path
        self._busy_timeout = busy_timeout
        self._connection: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._finalizer: Callable[[], Any] = lambda: None
        self._opened = 0
        self._step = SQLITE_LOOK
        self._known: tuple[tuple[int, int], str] | None = None
        """The counter (and its connection's number) and the newest cursor read when it had that value."""

    def wait(self, newest: Callable[[], str], since: str, timeout: float) -> bool:
        """Wait until *newest()* is past *since*, or *timeout* seconds pass; True when it is past.

        The counter is read every `SQLITE_LOOK` seconds at first, less often while nothing changes (up to
        every `SQLITE_LOOK_IDLE` seconds: a read costs about 0.2 ms of CPU after a sleep), and often again
        once something did: a commit by another process is seen within `SQLITE_LOOK_IDLE` seconds.
        """
        after = position(since)
        deadline = time.monotonic() + timeout
        while True:
            if position(self._newest(newest)) > after:
                return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            time.sleep(min(self._step, left))
            self._step = min(self._step * 2, SQLITE_LOOK_IDLE)

    def _newest(self, newest: Callable[[], str]) -> str:
        """*newest()*, or the cursor it gave last time if no commit moved the counter since."""
        version = self._version()  # before the cursor: a commit in between moves it, and is read next time
        known = self._known
        if version is not None and known is not None and known[0] == version:
            return known[1]
        self._step = SQLITE_LOOK
        cursor = newest()
        self._known = None if version is None else (version, cursor)
        return cursor

    def _version(self) -> tuple[int, int] | None:
        """The counter now, with the number of the connection it was read on; None when it cannot be read."""
        with self._lock:
            try:
                if self._connection is None:
                    self._connection = sqlite3.connect(  # rw: never makes a file that is not there
                        f"{self._path.resolve().as_uri()}?mode=rw",
                        uri=True,
                        timeout=self._busy_timeout,
                        check_same_thread=False,
                        isolation_level=None,
                    )
                    self._finalizer = weakref.finalize(self, self._connection.close)
                    self._opened += 1  # each connection counts from its own start
                row = self._connection.execute("PRAGMA data_version").fetchone()
            except sqlite3.Error:
                self._close()
                return None
            return self._opened, int(row[0])

    def close(self) -> None:
        """Close the connection (the next `wait` opens it again)."""
        with self._lock:
            self._close()

    def _close(self) -> None:
        if self._connection is not None:
            self._finalizer()
            self._connection = None
