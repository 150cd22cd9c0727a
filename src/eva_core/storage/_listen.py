"""Waking up when another process commits: PostgreSQL's LISTEN on the channel every write notifies."""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine

from eva_core.storage._engine import driver_errors
from eva_core.storage._feed import position

__all__ = ["Listener"]

_RETRY = 0.5
"""Seconds between tries to listen again while the server is away."""


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
