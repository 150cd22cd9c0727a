"""The change feed: every change a store made, in commit order, after an opaque cursor that survives restarts.

Every adapter keeps one log of changes (instruments, master data, ratings) in the order its writes were
committed; a change's position in that log is its cursor. The memory and JSON adapters keep the log in their
state, the SQL adapter in its history table, numbered in commit order (see `_queries.log`).
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable, Collection, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Final, Literal

from attrs import field, frozen

from eva_core.domain import EvaError, say
from eva_core.storage._protocol import Change, MasterChange, Stored

if TYPE_CHECKING:
    from eva_core.storage._core import State

__all__ = [
    "DEFAULT_LIMIT",
    "Changes",
    "FeedEntry",
    "FeedFilter",
    "InvalidCursor",
    "RatingChange",
    "cursor_of",
    "position",
    "state_changes",
    "wait_by_polling",
]

DEFAULT_LIMIT: Final = 1000
_DIGITS: Final = 16
_CURSOR = re.compile(r"\d{16}")


class InvalidCursor(ValueError, EvaError):
    """A cursor that no store handed out (mistyped, cut off, or from a newer eva_core)."""

    code: ClassVar[str] = "invalid-cursor"


def cursor_of(position: int) -> str:
    """The cursor just after the change at *position* (1 for the first change; 0: before every change).

    Cursors are fixed-width, so comparing two as strings orders them as their positions.
    """
    return f"{position:0{_DIGITS}d}"


def position(cursor: str | None) -> int:
    """The position a cursor stands for; None is the start of the log."""
    if cursor is None:
        return 0
    if not _CURSOR.fullmatch(cursor):
        raise InvalidCursor(say("error.invalid-cursor", cursor=str(cursor)[:40]))
    return int(cursor)


@frozen
class RatingChange:
    """A rating given, changed or taken back; ``changes`` maps each rating field that changed to (old, new)."""

    instrument_id: str
    organisation: str
    professional: str
    action: Literal["added", "updated", "removed"]
    actor: str
    at: dt.datetime
    changes: Mapping[str, tuple[Any, Any]] = field(factory=dict)


@frozen
class FeedEntry:
    """One change in the feed.

    ``kind`` is ``instrument``, a master kind (``provider``, ``target_group``, ...) or ``rating``; ``id`` is the
    instrument's or master record's id (for a rating, the rated instrument's, with ``professional``). ``version``
    is the version the change made (the removed version for a removal; None for ratings). ``organisation`` is the
    organisation the change was made for, ``actor`` the writer's label. ``cursor`` is this entry's place: reading
    on from it gives the changes after this one.
    """

    cursor: str
    kind: str
    id: str
    action: Literal["added", "updated", "removed"]
    version: int | None
    actor: str
    organisation: str
    at: dt.datetime
    changes: Mapping[str, tuple[Any, Any]] = field(factory=dict)
    professional: str | None = None


@frozen
class Changes:
    """A page of the feed: the entries after the cursor asked for, oldest first, and where to go on from.

    ``cursor`` is the cursor to pass as ``since`` next time (the last entry's, or the one asked for when there
    were none). ``more`` says a limit cut the page short: ask again at once. With ``instruments=True``,
    ``instruments`` holds the stored state of every instrument the page's instrument entries name, read after
    the entries (None: not stored any more); it may be newer than the entries, never older.
    """

    entries: tuple[FeedEntry, ...]
    cursor: str
    more: bool = False
    instruments: Mapping[str, Stored | None] = field(factory=dict)


@frozen
class FeedFilter:
    """Which changes a history query wants; an empty filter takes every change."""

    organisation: str | None = None
    kinds: frozenset[str] | None = None
    record_id: str | None = None
    start: dt.datetime | None = None
    end: dt.datetime | None = None

    @classmethod
    def of(
        cls,
        *,
        organisation: str | None,
        kinds: Collection[str] | None,
        record_id: str | None,
        start: dt.datetime | dt.date | None,
        end: dt.datetime | dt.date | None,
    ) -> FeedFilter:
        """A filter from the keyword arguments of ``changes``; a day is its start (UTC)."""
        return cls(
            organisation,
            None if kinds is None else frozenset(kinds),
            record_id,
            _moment(start),
            _moment(end),
        )

    def matches(self, entry: FeedEntry) -> bool:
        """Whether *entry* passes."""
        return (
            (self.organisation is None or entry.organisation == self.organisation)
            and (self.kinds is None or entry.kind in self.kinds)
            and (self.record_id is None or entry.id == self.record_id)
            and (self.start is None or entry.at >= self.start)
            and (self.end is None or entry.at < self.end)
        )


def _moment(value: dt.datetime | dt.date | None) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return dt.datetime.combine(value, dt.time(), tzinfo=dt.UTC)


def entry_of(change: Change | MasterChange | RatingChange, at_position: int) -> FeedEntry:
    """The feed entry of a logged change at *at_position* (counting from 1)."""
    cursor = cursor_of(at_position)
    if isinstance(change, Change):
        kind, record_id, version, organisation, professional = (
            "instrument",
            change.instrument_id,
            change.version,
            change.organisation,
            None,
        )
    elif isinstance(change, MasterChange):
        kind, record_id, version, organisation, professional = (
            change.kind,
            change.record_id,
            change.version,
            change.organisation,
            None,
        )
    else:
        kind, record_id, version, organisation, professional = (
            "rating",
            change.instrument_id,
            None,
            change.organisation,
            change.professional,
        )
    return FeedEntry(
        cursor,
        kind,
        record_id,
        change.action,
        version,
        change.actor,
        organisation,
        change.at,
        change.changes,
        professional,
    )


def state_changes(state: State, since: str | None, *, limit: int, wanted: FeedFilter, instruments: bool) -> Changes:
    """The feed of a memory or JSON store's state: its log after *since*, as the SQL adapter reads its history."""
    after = position(since)
    log = state.log
    entries: list[FeedEntry] = []
    for index in range(after, len(log)):
        if len(entries) == limit:
            break
        entry = entry_of(log[index], index + 1)
        if wanted.matches(entry):
            entries.append(entry)
    cursor = entries[-1].cursor if entries else cursor_of(after)
    current: dict[str, Stored | None] = {}
    if instruments:
        current = {e.id: state.instruments.get(e.id) for e in entries if e.kind == "instrument"}
    return Changes(tuple(entries), cursor, len(entries) == limit, current)


def wait_by_polling(newest: Callable[[], str], since: str, timeout: float, interval: float = 0.05) -> bool:
    """Wait until *newest* (the store's newest cursor) is past *since*, or *timeout* seconds pass."""
    after = position(since)
    deadline = time.monotonic() + timeout
    while True:
        if position(newest()) > after:
            return True
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        time.sleep(min(interval, left))
