"""What one server process holds: the repository, an index kept current from its change feed, keys, limits.

Each process follows the repository's change feed in a thread of its own (`eva_core.follow.Follower`): on
PostgreSQL it wakes at once through LISTEN/NOTIFY; on a SQLite file it looks at the file's commit counter
(every 0.05 s after a change, every 0.2 s at most while idle, with no query until it moves); other stores
are polled. Each wait lasts at most ``poll_interval`` seconds; PostgreSQL then asks for its newest cursor (in
case a notification was lost), SQLite only once its commit counter moved. The feed is read only when the
newest cursor is past the process's own. After a write of its own, a process reads the feed at once, so a
client sees its own write in its next request. Two processes agree once each has read the feed: within
``poll_interval`` at most (plus the time a page takes), on PostgreSQL and SQLite within milliseconds to 0.2 s.
"""

from __future__ import annotations

import gc
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager

from attrs import frozen

from eva_core.areas import AreaClassification
from eva_core.follow import Follower
from eva_core.search import CatalogueIndex
from eva_core.service._keys import ApiKey, KeyRing
from eva_core.storage import Changes, InstrumentRepository, StoreError

__all__ = ["RateLimiter", "Service", "ServiceOptions"]


@frozen
class ServiceOptions:
    """How a server runs: its rate limit per key, how often it polls the feed, how it builds its index.

    ``per_minute`` is the default number of requests a key may make per minute in one process (a key entry
    can set its own); None switches rate limiting off. ``max_body`` caps a request body in bytes.
    """

    per_minute: int | None = 600
    poll_interval: float = 1.0
    ready_after: float = 10.0
    """Readiness fails when the feed was last read longer ago than this many seconds."""
    max_body: int = 4 * 1024 * 1024
    areas: AreaClassification | None = None
    text: bool = True
    freeze: bool = False
    """For a process that only serves: once the index is built, its objects leave Python's cyclic GC
    (`gc.freeze`), so a full collection no longer walks the catalogue's millions of objects (tens of ms,
    in the middle of a request, at 100k instruments)."""


class RateLimiter:
    """A sliding window per key: at most *n* requests in the last 60 seconds (per process)."""

    def __init__(self, default: int | None) -> None:
        self.default = default
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: ApiKey) -> float | None:
        """None when *key* may make a request now (and count it), else the seconds until it may."""
        limit = key.per_minute or self.default
        if limit is None:
            return None
        now = time.monotonic()
        with self._lock:
            seen = self._seen.setdefault(key.id, deque())
            while seen and seen[0] <= now - 60.0:
                seen.popleft()
            if len(seen) >= limit:
                return max(seen[0] + 60.0 - now, 0.001)
            seen.append(now)
            return None


class _Follower(Follower):
    """A follower that also keeps each indexed instrument's stored version (for pages of `Stored`)."""

    def __init__(
        self, repository: InstrumentRepository, index: CatalogueIndex, cursor: str, versions: dict[str, int]
    ) -> None:
        super().__init__(repository, index, cursor)
        self.versions = versions

    def apply(self, changes: Changes) -> None:
        with self.lock:
            super().apply(changes)
            for instrument_id, stored in changes.instruments.items():
                if stored is None:
                    self.versions.pop(instrument_id, None)
                else:
                    self.versions[instrument_id] = stored.version


class Service:
    """The state behind one app: a repository, its followed index, the key ring and the rate limiter."""

    def __init__(
        self,
        repository: InstrumentRepository,
        *,
        keys: KeyRing,
        options: ServiceOptions,
        owns_repository: bool = False,
    ) -> None:
        self.repository = repository
        self.keys = keys
        self.options = options
        self.limiter = RateLimiter(options.per_minute)
        self._owns = owns_repository
        self._follower: _Follower | None = None
        self._poll_lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.last_read: float | None = None
        """`time.monotonic` of the last successful read of the feed."""
        self.last_error: str | None = None

    # Life cycle

    def start(self) -> None:
        """Build the index from the repository, then follow its feed in a daemon thread."""
        cursor = self.repository.cursor()  # before the list: a change in between is applied again, never missed
        stored = self.repository.list()
        index = CatalogueIndex([s.instrument for s in stored], areas=self.options.areas, text=self.options.text)
        self._follower = _Follower(self.repository, index, cursor, {s.id: s.version for s in stored})
        del stored
        if self.options.freeze:
            gc.collect()
            gc.freeze()
        self.last_read = time.monotonic()
        self._thread = threading.Thread(target=self._follow, name="eva-follow", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop following and close the repository if the service opened it."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self._owns:
            self.repository.close()

    def _follow(self) -> None:
        pause = self.options.poll_interval
        changed = True
        while not self._stop.is_set():
            try:
                if changed:
                    self.catch_up()
                else:  # the store said nothing came after our cursor: as fresh as a read, without the query
                    self.last_read = time.monotonic()
                changed = self.repository.wait_for_changes(self.cursor, self.options.poll_interval)
                pause = self.options.poll_interval
            except StoreError as error:
                self.last_error = type(error).__name__
                changed = True
                self._stop.wait(pause)
                pause = min(pause * 2, 5.0)

    # Reading and following

    @property
    def follower(self) -> _Follower:
        """The follower; only there once the service started."""
        if self._follower is None:
            raise RuntimeError("the service has not started")
        return self._follower

    @property
    def versions(self) -> dict[str, int]:
        """The stored version of each indexed instrument (read it while holding `index`)."""
        return self.follower.versions

    @property
    def cursor(self) -> str:
        """The feed cursor the index is current to."""
        return self.follower.cursor

    def catch_up(self) -> int:
        """Apply every change committed so far (one reader at a time); return how many entries were read."""
        with self._poll_lock:
            read = self.follower.poll()
        self.last_read = time.monotonic()
        self.last_error = None
        return read

    @contextmanager
    def index(self) -> Iterator[CatalogueIndex]:
        """The index, held still: no change is applied while the block reads it."""
        follower = self.follower
        with follower.lock:
            yield follower.index

    def ready(self) -> bool:
        """Whether the index is built and the feed was read lately."""
        if self._follower is None or self.last_read is None:
            return False
        return time.monotonic() - self.last_read <= self.options.ready_after
