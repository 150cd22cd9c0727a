"""What a catalogue query asks for.

Storage adapters run it (SQL in SQL, the rest in memory) and search filters with it too; it lives in the
domain so neither needs the other.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from attrs import field, frozen

from eva_core.domain._choices import ClientCharacteristic, DurationUnit, ExecutionForm, GroupForm, LocationType, Tile
from eva_core.domain._instrument import Instrument
from eva_core.domain._places import Place
from eva_core.domain._record import as_set

__all__ = ["DAYS_PER_UNIT", "Criteria", "duration_in_days"]

DAYS_PER_UNIT: dict[DurationUnit, float] = {
    DurationUnit.UUR: 1 / 8,  # a total of 8 hours counts as one working day
    DurationUnit.DAG: 1.0,
    DurationUnit.WEEK: 7.0,
    DurationUnit.MAAND: 365.25 / 12,
}
"""How a total duration compares across units, for duration ranges."""


def duration_in_days(instrument: Instrument) -> float | None:
    """The instrument's total duration in days (see `DAYS_PER_UNIT`), or None when it has none."""
    if instrument.total_duration_value is None or instrument.total_duration_unit is None:
        return None
    return instrument.total_duration_value * DAYS_PER_UNIT[instrument.total_duration_unit]


@frozen(kw_only=True)
class Criteria:
    """A query on a catalogue. Every given part must hold; within a set, any member will do.

    * ``characteristics`` may name a group (such as "Aandachtspunten klant"), which stands for its leaves.
    * ``place`` asks "available here" by the one area rule (`Place.offers`); build it with
      `AreaClassification.place` so it knows its region and the codes merged into it.
    * ranges are inclusive; an instrument without the value (no costs given, say) does not match a range.
    * ``published_on`` keeps instruments published that day (flag, complete, inside the window).
    """

    tiles: frozenset[Tile] = field(default=frozenset(), converter=as_set)
    characteristics: frozenset[ClientCharacteristic] = field(default=frozenset(), converter=as_set)
    execution_forms: frozenset[ExecutionForm] = field(default=frozenset(), converter=as_set)
    group_forms: frozenset[GroupForm] = field(default=frozenset(), converter=as_set)
    location_types: frozenset[LocationType] = field(default=frozenset(), converter=as_set)
    target_groups: frozenset[str] = field(default=frozenset(), converter=as_set)
    providers: frozenset[str] = field(default=frozenset(), converter=as_set)
    organisations: frozenset[str] = field(default=frozenset(), converter=as_set)
    place: Place | None = None
    published_on: dt.date | None = None
    min_costs: Decimal | None = None
    max_costs: Decimal | None = None
    min_duration_days: float | None = None
    max_duration_days: float | None = None
    min_hours_per_week: int | None = None
    max_hours_per_week: int | None = None

    @property
    def leaves(self) -> frozenset[ClientCharacteristic]:
        """The leaf characteristics asked for, with groups expanded."""
        return frozenset(leaf for c in self.characteristics for leaf in c.leaves)

    def matches(self, instrument: Instrument) -> bool:  # noqa: C901, PLR0911 - one test per part
        """Whether *instrument* meets every part; the reference semantics every adapter must reproduce."""
        if self.tiles and not self.tiles & instrument.tiles:
            return False
        if self.characteristics and not self.leaves & instrument.client_characteristics:
            return False
        if self.execution_forms and not self.execution_forms & instrument.execution_forms:
            return False
        if self.group_forms and not self.group_forms & instrument.group_forms:
            return False
        if self.location_types and not self.location_types & {loc.type for loc in instrument.locations}:
            return False
        if self.target_groups and not self.target_groups & {g.id for g in instrument.target_groups}:
            return False
        if self.providers and instrument.provider.id not in self.providers:
            return False
        if self.organisations and instrument.organisation.id not in self.organisations:
            return False
        if self.place is not None and not self.place.offers(instrument):
            return False
        if self.published_on is not None and not instrument.is_published(self.published_on):
            return False
        if not _within(instrument.total_costs, self.min_costs, self.max_costs):
            return False
        if not _within(duration_in_days(instrument), self.min_duration_days, self.max_duration_days):
            return False
        return _within(instrument.intensity_hours_per_week, self.min_hours_per_week, self.max_hours_per_week)


def _within(value: Any, low: Any, high: Any) -> bool:  # noqa: ANN401 - numbers of one kind per call
    if low is None and high is None:
        return True
    if value is None:
        return False
    return (low is None or low <= value) and (high is None or value <= high)
