"""Fill a repository with a whole catalogue: its master data first, then each organisation's instruments."""

from __future__ import annotations

from collections.abc import Iterable

from eva_core.domain import Instrument, TargetGroup
from eva_core.storage._core import references
from eva_core.storage._protocol import Actor, InstrumentRepository, MasterRecord

__all__ = ["add_catalogue"]


def add_catalogue(repository: InstrumentRepository, instruments: Iterable[Instrument], *, label: str) -> int:
    """Register the master data the instruments link, then add them, acting for each owning organisation.

    Each organisation's instruments are added in one all-or-nothing write. Returns how many were added.
    """
    batch = list(instruments)
    by_organisation: dict[str, list[Instrument]] = {}
    for instrument in batch:
        by_organisation.setdefault(instrument.organisation.id, []).append(instrument)
    records: dict[tuple[str, str], MasterRecord] = {(k, r.id): r for i in batch for k, r in references(i)}
    shared = [r for r in records.values() if not isinstance(r, TargetGroup) or r.organisation is None]
    for organisation in sorted(by_organisation):
        own = [r for r in records.values() if isinstance(r, TargetGroup) and r.organisation == organisation]
        repository.add_master([*shared, *own], by=Actor(organisation, label))
        shared = []
    for organisation, items in sorted(by_organisation.items()):
        repository.add_all(items, by=Actor(organisation, label))
    return len(batch)
