"""What the offer looks like: costs, duration and intensity per tile, forms, and target groups."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
from attrs import frozen

from eva_core.analysis._frames import Frame
from eva_core.domain import ExecutionForm, Instrument, Tile, duration_in_days

__all__ = ["Distribution", "OfferProfile", "offer_profile"]


@frozen
class Distribution:
    """Count, minimum, median and maximum of the instruments that give a value (None when none do)."""

    count: int
    minimum: float | None
    median: float | None
    maximum: float | None

    @classmethod
    def of(cls, values: Sequence[float]) -> Distribution:
        """The distribution of *values*."""
        if not values:
            return cls(0, None, None, None)
        return cls(len(values), min(values), statistics.median(values), max(values))


@frozen
class OfferProfile(Frame):
    """Per tile the distributions; for the whole offer the forms and the share per target group."""

    on: dt.date
    instruments: int
    costs: Mapping[Tile, Distribution]
    duration_days: Mapping[Tile, Distribution]
    hours_per_week: Mapping[Tile, Distribution]
    execution_forms: Mapping[ExecutionForm, int]
    group_forms: Mapping[str, int]
    target_group_shares: Mapping[str, float]

    def rows(self) -> list[dict[str, Any]]:
        """One row per tile and measure."""
        return [
            {
                "tile": tile.label,
                "measure": name,
                **attrs.asdict(d, recurse=False),
            }
            for name, table in (
                ("costs", self.costs),
                ("duration_days", self.duration_days),
                ("hours_per_week", self.hours_per_week),
            )
            for tile, d in table.items()
        ]


def offer_profile(instruments: Iterable[Instrument], *, on: dt.date) -> OfferProfile:
    """The profile of the instruments published on *on*."""
    published = [i for i in instruments if i.is_published(on)]

    def per_tile(value: Any) -> dict[Tile, Distribution]:  # noqa: ANN401 - a function of an instrument
        return {
            tile: Distribution.of([v for i in published if tile in i.tiles if (v := value(i)) is not None])
            for tile in Tile
        }

    groups = {"individueel": 0, "groep": 0, "beide": 0, "onbekend": 0}
    for instrument in published:
        forms = instrument.group_forms
        key = "beide" if len(forms) == 2 else ("onbekend" if not forms else next(iter(forms)).key)
        groups[key] += 1
    shares: dict[str, int] = {}
    for instrument in published:
        for name in {g.name for g in instrument.target_groups} or {"(geen doelgroep: iedereen)"}:
            shares[name] = shares.get(name, 0) + 1
    total = max(len(published), 1)
    return OfferProfile(
        on,
        len(published),
        per_tile(lambda i: None if i.total_costs is None else float(i.total_costs)),
        per_tile(duration_in_days),
        per_tile(lambda i: i.intensity_hours_per_week),
        {form: sum(form in i.execution_forms for i in published) for form in ExecutionForm},
        groups,
        {name: count / total for name, count in sorted(shares.items())},
    )
