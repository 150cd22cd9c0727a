"""Fill a repository with a whole catalogue, acting for each organisation in it."""

from __future__ import annotations

from collections.abc import Iterable

from eva_core.domain import Instrument
from eva_core.storage._batch import Batch, WriteProgress
from eva_core.storage._protocol import InstrumentRepository

__all__ = ["add_catalogue"]


def add_catalogue(
    repository: InstrumentRepository,
    instruments: Iterable[Instrument],
    *,
    label: str,
    progress: WriteProgress | None = None,
) -> int:
    """Add new instruments with the master data they link, for every organisation they belong to, all or none.

    For seeding a store with a catalogue you trust: the write is made with *label* on behalf of each
    organisation in it, as a curator (so shared target groups are registered too). Returns how many were added;
    *progress* is told how far the write is (see `WriteProgress`).
    """
    batch = Batch(instruments)
    return len(repository.apply(batch, by=batch.actors(label, curator=True), progress=progress).added)
