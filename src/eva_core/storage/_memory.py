"""The memory adapter: the reference every other adapter is compared with.

Criteria are answered by a `CatalogueIndex` without text (the numpy masks a replica ranks with), built on the
first query and kept current from the log of each write, so a query of a 100k catalogue takes milliseconds
instead of a `Criteria.matches` call per instrument.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from typing import TYPE_CHECKING, Self

from eva_core.domain import Criteria, Instrument, Rating
from eva_core.storage._batch import Applied, Batch, WriteProgress, plan
from eva_core.storage._core import Clock, State, utc_now
from eva_core.storage._feed import DEFAULT_LIMIT, Changes, FeedFilter, cursor_of, state_changes, wait_by_polling
from eva_core.storage._protocol import Actor, Change, M, MasterChange, MasterRecord, Stored, StoredMaster, master_kind

if TYPE_CHECKING:
    from eva_core.search import CatalogueIndex

__all__ = ["MemoryRepository"]


class MemoryRepository:
    """Instruments in a dict, for notebooks and tests. Nothing survives the process."""

    def __init__(self, *, clock: Clock = utc_now) -> None:
        self.__state = State.empty()
        self._clock = clock
        self._index: CatalogueIndex | None = None

    @property
    def _state(self) -> State:
        return self.__state

    @_state.setter
    def _state(self, new: State) -> None:
        """Keep the new state, and bring the index up to it from the log entries the write added."""
        old, self.__state = self.__state, new
        if self._index is None or new is old:
            return
        if len(new.log) < len(old.log):  # pragma: no cover - the log only grows; rebuild if it ever does not
            self._index = None
            return
        for entry in new.log[len(old.log) :]:
            if isinstance(entry, Change):
                stored = new.instruments.get(entry.instrument_id)
                if stored is not None:
                    self._index.add(stored.instrument)
                elif entry.instrument_id in self._index:
                    self._index.remove(entry.instrument_id)

    def __repr__(self) -> str:
        return f"MemoryRepository({len(self._state.instruments)} instruments)"

    def add_master(self, records: Iterable[MasterRecord], *, by: Actor) -> None:
        self._state = self._state.add_master(records, by, self._clock())

    def master(self, kind: type[M]) -> Sequence[M]:
        return self._state.master_of(master_kind(kind))  # type: ignore[return-value]

    def get_master(self, kind: type[MasterRecord], record_id: str) -> StoredMaster:
        return self._state.get_master(master_kind(kind), record_id)

    def update_master(self, record: MasterRecord, *, expected_version: int, by: Actor) -> int:
        self._state = self._state.update_master(record, expected_version, by, self._clock())
        return self._state.get_master(master_kind(record), record.id).version

    def remove_master(self, kind: type[MasterRecord], record_id: str, *, by: Actor) -> None:
        self._state = self._state.remove_master(master_kind(kind), record_id, by, self._clock())

    def master_history(self, kind: type[MasterRecord], record_id: str) -> Sequence[MasterChange]:
        return self._state.master_history_of(master_kind(kind), record_id)

    def add_all(self, instruments: Iterable[Instrument], *, by: Actor) -> None:
        self._state = self._state.add_all(instruments, by, self._clock())

    def apply(
        self,
        batch: Batch,
        *,
        by: Actor | Iterable[Actor],
        check_only: bool = False,
        progress: WriteProgress | None = None,
    ) -> Applied:
        decided = plan(batch, by, self._state, self._clock())
        new = self._state.written(decided, progress)
        if not check_only:
            self._state = new
        return decided.applied

    def update(self, instrument: Instrument, *, expected_version: int, by: Actor) -> int:
        self._state = self._state.update(instrument, expected_version, by, self._clock())
        return self._state.instruments[instrument.id].version

    def remove(self, instrument_id: str, *, expected_version: int, by: Actor) -> None:
        self._state = self._state.remove(instrument_id, expected_version, by, self._clock())

    def get(self, instrument_id: str) -> Stored:
        return self._state.get(instrument_id)

    def list(self) -> Sequence[Stored]:
        return self._state.list()

    def query(self, criteria: Criteria) -> Sequence[Stored]:
        if self._index is None:
            from eva_core.search import CatalogueIndex  # noqa: PLC0415 - numpy only once criteria are asked

            self._index = CatalogueIndex((s.instrument for s in self._state.instruments.values()), text=False)
        instruments = self._state.instruments
        return [instruments[i.id] for i in self._index.filter(criteria)]

    def history(self, instrument_id: str) -> Sequence[Change]:
        return self._state.history_of(instrument_id)

    def rate(self, rating: Rating, *, by: Actor) -> None:
        self._state = self._state.rate(rating, by, self._clock())

    def remove_rating(self, instrument_id: str, professional: str, *, by: Actor) -> None:
        self._state = self._state.remove_rating(instrument_id, professional, by, self._clock())

    def changes(  # noqa: PLR0913 - keyword-only filters
        self,
        since: str | None = None,
        *,
        limit: int = DEFAULT_LIMIT,
        instruments: bool = False,
        organisation: str | None = None,
        kinds: Collection[str] | None = None,
        record_id: str | None = None,
        start: dt.datetime | dt.date | None = None,
        end: dt.datetime | dt.date | None = None,
    ) -> Changes:
        wanted = FeedFilter.of(organisation=organisation, kinds=kinds, record_id=record_id, start=start, end=end)
        return state_changes(self._state, since, limit=limit, wanted=wanted, instruments=instruments)

    def cursor(self) -> str:
        return cursor_of(len(self._state.log))

    def wait_for_changes(self, since: str, timeout: float) -> bool:
        return wait_by_polling(self.cursor, since, timeout)

    def ratings(self, instrument_id: str | None = None) -> Sequence[Rating]:
        return self._state.ratings_of(instrument_id)

    def check(self) -> None:
        """Nothing can be damaged."""

    def close(self) -> None:
        """Nothing to release."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
