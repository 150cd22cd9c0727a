"""A client's profile: what a professional knows about the person an instrument is sought for.

It holds special-category personal data (health, debts, detention history are behind the
characteristics), so it never shows its values: not in ``repr`` or ``str``, not in exceptions, and
eva_core neither logs nor stores it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from decimal import Decimal

from attrs import field, frozen

from eva_core.domain._choices import ClientCharacteristic, ExecutionForm, GroupForm, Tile
from eva_core.domain._record import as_set

__all__ = ["ClientProfile"]


def _needs(
    values: Mapping[ClientCharacteristic, float] | Iterable[ClientCharacteristic],
) -> Mapping[ClientCharacteristic, float]:
    pairs = values.items() if isinstance(values, Mapping) else ((c, 1.0) for c in values)
    needs: dict[ClientCharacteristic, float] = {}
    for characteristic, weight in pairs:
        if not isinstance(characteristic, ClientCharacteristic):
            raise TypeError("needs are client characteristics")  # no value echoed: it may be sensitive
        if isinstance(weight, bool) or not isinstance(weight, int | float) or not math.isfinite(weight) or weight < 0:
            raise ValueError("a need's weight is a finite number of zero or more")
        for leaf in characteristic.leaves:
            needs[leaf] = max(needs.get(leaf, 0.0), float(weight))
    return needs


@frozen(kw_only=True, repr=False)
class ClientProfile:
    """What ranking may use about one client; every part is optional, and an empty profile still ranks.

    ``needs`` maps client characteristics to a weight (a list means weight 1 each); a group such as
    "Aandachtspunten klant" stands for all its sub-characteristics. ``on`` is the day the search is for
    (today when None).
    """

    needs: Mapping[ClientCharacteristic, float] = field(factory=dict, converter=_needs)
    tiles: frozenset[Tile] = field(default=frozenset(), converter=as_set)
    municipality: str | None = None
    district: str | None = None
    target_groups: frozenset[str] = field(default=frozenset(), converter=as_set)
    max_costs: Decimal | None = None
    max_hours_per_week: int | None = None
    group_form: GroupForm | None = None
    execution_forms: frozenset[ExecutionForm] = field(default=frozenset(), converter=as_set)
    used_instruments: frozenset[str] = field(default=frozenset(), converter=as_set)
    on: dt.date | None = None

    def day(self) -> dt.date:
        """The day the search is for."""
        return self.on or dt.date.today()  # noqa: DTZ011 - a calendar day in the municipality's own zone

    def __repr__(self) -> str:
        filled = sum(
            1
            for value in (
                self.needs,
                self.tiles,
                self.municipality,
                self.district,
                self.target_groups,
                self.max_costs,
                self.max_hours_per_week,
                self.group_form,
                self.execution_forms,
                self.used_instruments,
            )
            if value not in (None, frozenset(), {})
        )
        return f"ClientProfile(<redacted: {filled} part(s) filled>)"

    __str__ = __repr__
