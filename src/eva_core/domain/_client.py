"""A client's profile: what a professional knows about the person an instrument is sought for.

It holds special-category personal data (health, debts, detention history are behind the
characteristics), so it never shows its values: not in ``repr`` or ``str``, not in exceptions, and
eva_core neither logs nor stores it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

from attrs import Factory, field, frozen

from eva_core.domain._choices import ClientCharacteristic, Tile
from eva_core.domain._criteria import Check, Criteria, Found, as_set, broken, choices, ids, label
from eva_core.domain._errors import InvalidProfile
from eva_core.domain._messages import say

__all__ = ["ClientProfile"]


def _needs(values: Any) -> Any:  # noqa: ANN401 - anything in; the check refuses what is not needs
    """Weighted leaves: a list means weight 1 each, a group stands for its leaves at the group's weight."""
    if isinstance(values, str | bytes):
        return values
    try:
        pairs = list(values.items() if isinstance(values, Mapping) else ((c, 1.0) for c in values))
    except (TypeError, AttributeError):
        return values
    if not all(isinstance(c, ClientCharacteristic) and _is_weight(w) for c, w in pairs):
        return values
    needs: dict[ClientCharacteristic, float] = {}
    for characteristic, weight in pairs:
        for leaf in characteristic.leaves:
            needs[leaf] = max(needs.get(leaf, 0.0), float(weight))
    return _Needs(needs)


class _Needs(dict[ClientCharacteristic, float]):
    """Needs that passed the converter: leaves with a finite weight of zero or more."""


def _is_weight(weight: object) -> bool:
    return isinstance(weight, int | float) and not isinstance(weight, bool) and math.isfinite(weight) and weight >= 0


def _check_needs(value: Any) -> Found:  # noqa: ANN401
    if isinstance(value, _Needs):
        return None
    if isinstance(value, Mapping) and all(isinstance(c, ClientCharacteristic) for c in value):
        if all(_is_weight(abs(w)) if isinstance(w, int | float) else False for w in value.values()):
            return "negative", say("problem.negative.weight")
        return "type", say("problem.type.weight")
    return "unknown-choice", say("problem.unknown-choice.needs")


def _check_criteria(value: Any) -> Found:  # noqa: ANN401
    return None if isinstance(value, Criteria) else ("type", say("problem.type.criteria"))


_CHECKS: dict[str, Check] = {
    "needs": _check_needs,
    "tiles": choices(Tile),
    "target_groups": ids,
    "used_instruments": ids,
    "criteria": _check_criteria,
}


@frozen(kw_only=True, repr=False)
class ClientProfile:
    """What ranking may use about one client: preferences that score, and limits that exclude.

    Every part is optional, and an empty profile still ranks.

    * ``needs`` maps client characteristics to a weight (a list means weight 1 each); a group such as
      "Aandachtspunten klant" stands for all its sub-characteristics.
    * ``tiles``: the tiles of the werklandschap where the client stands.
    * ``target_groups``: ids of the client's target groups (a plus; a gate only in strict mode).
    * ``used_instruments``: ids of instruments the client already used; they are left out.
    * ``criteria``: the client's limits as a `Criteria` (where the client lives, maximum costs and hours a week,
      group and execution forms, ...), with the meaning `Criteria` gives them. Its ``published_on`` is the day
      the search is for (today when None).

    Every field is checked when the profile is made; a wrong value raises `InvalidProfile`, which names the
    field and the rule but never the value.
    """

    needs: Mapping[ClientCharacteristic, float] = field(factory=dict, converter=_needs, metadata=label("Behoeften"))
    tiles: frozenset[Tile] = field(default=frozenset(), converter=as_set, metadata=label("Tegels"))
    target_groups: frozenset[str] = field(default=frozenset(), converter=as_set, metadata=label("Doelgroepen"))
    used_instruments: frozenset[str] = field(
        default=frozenset(), converter=as_set, metadata=label("Gebruikte instrumenten")
    )
    criteria: Criteria = field(default=Factory(Criteria), metadata=label("Eisen"))

    def __attrs_post_init__(self) -> None:
        if problems := list(broken(self, _CHECKS)):
            parts = tuple(dict.fromkeys(p.label for p in problems))
            raise InvalidProfile(say("error.invalid-profile", parts=parts), problems)

    def day(self) -> dt.date:
        """The day the search is for: the criteria's ``published_on``, or today."""
        return self.criteria.published_on or dt.date.today()  # noqa: DTZ011 - a calendar day in the municipality's own zone

    @property
    def asks_for_something(self) -> bool:
        """Whether the profile names needs, tiles or target groups, so that a result can meet none of them."""
        return bool(self.needs or self.tiles or self.target_groups)

    def __repr__(self) -> str:
        parts = (self.needs, self.tiles, self.target_groups, self.used_instruments)
        filled = sum(1 for value in parts if value) + len(self.criteria.given())
        return f"ClientProfile(<redacted: {filled} part(s) filled>)"

    __str__ = __repr__
