"""Keep a `CatalogueIndex` current with a repository's change feed: start from a cursor, then follow.

A service replica builds its index once (`Follower.start`: the newest cursor, then every instrument) and then
applies the feed: every instrument that changed after its cursor is added again, or dropped when it is gone.
It polls, and on PostgreSQL it wakes as soon as another process commits (LISTEN/NOTIFY). The index only
changes through its public `add` and `remove`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from eva_core.search import CatalogueIndex
from eva_core.storage import Changes, InstrumentRepository, StoreError

__all__ = ["Follower"]

_MAX_BACKOFF = 5.0


class Follower:
    """An index that follows a repository's change feed from *cursor* on.

    The index must hold the repository's instruments as they were at *cursor* (or later: applying a change
    twice is harmless). ``lock`` is held while a page of changes is applied; hold it too while you read the
    index from another thread.
    """

    def __init__(
        self, repository: InstrumentRepository, index: CatalogueIndex, cursor: str, *, page: int = 1000
    ) -> None:
        self.repository = repository
        self.index = index
        self.cursor = cursor
        self.lock = threading.RLock()
        self._page = page

    @classmethod
    def start(cls, repository: InstrumentRepository, **index_options: Any) -> Follower:  # noqa: ANN401
        """Build an index of everything stored now and follow from there.

        The cursor is read before the instruments, so a change committed in between is applied once more by
        the first `poll`, never missed. *index_options* go to `CatalogueIndex` (``areas``, ``text``, ...).
        """
        cursor = repository.cursor()
        index = CatalogueIndex([s.instrument for s in repository.list()], **index_options)
        return cls(repository, index, cursor)

    def poll(self) -> int:
        """Apply every change committed after the cursor; return how many feed entries were read."""
        read = 0
        while True:
            changes = self.repository.changes(self.cursor, limit=self._page, instruments=True)
            self.apply(changes)
            read += len(changes.entries)
            if not changes.more:
                return read

    def apply(self, changes: Changes) -> None:
        """Bring the index up to *changes* (a page read with ``instruments=True``) and move the cursor on."""
        with self.lock:
            for instrument_id, stored in changes.instruments.items():
                if stored is None:
                    if instrument_id in self.index:
                        self.index.remove(instrument_id)
                elif instrument_id not in self.index or self.index.get(instrument_id) != stored.instrument:
                    self.index.add(stored.instrument)
            self.cursor = changes.cursor

    def follow(
        self,
        stop: threading.Event,
        *,
        interval: float = 1.0,
        on_error: Callable[[StoreError], None] | None = None,
    ) -> None:
        """Poll until *stop* is set: at least every *interval* seconds, at once when PostgreSQL notifies.

        When the store is away (a restarted server), the error goes to *on_error* and the follower tries
        again after a pause that doubles up to five seconds; it misses nothing, since the cursor only moves
        over applied changes.
        """
        pause = interval
        while not stop.is_set():
            try:
                self.poll()
                self.repository.wait_for_changes(self.cursor, interval)
                pause = interval
            except StoreError as error:
                if on_error is not None:
                    on_error(error)
                stop.wait(pause)
                pause = min(pause * 2, _MAX_BACKOFF)
