"""How an instrument scores for a client, and which hard rules exclude it: the reference definitions.

`CatalogueIndex` computes the same numbers vectorised; these functions are what it must agree with, and
what `explain` reports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Literal

from attrs import field, frozen, validators

from eva_core.domain import ClientCharacteristic, ClientProfile, Instrument, Message, Place, say

__all__ = ["Exclusion", "Explanation", "Match", "Reason", "Weights", "exclusions", "score"]


def _finite_non_negative(_: object, attribute: object, value: float) -> None:
    if not value >= 0 or value == float("inf"):
        raise ValueError(f"{getattr(attribute, 'name', 'weight')} must be a finite number of zero or more")


@frozen(kw_only=True)
class Weights:
    """How much each kind of fit adds to an instrument's score.

    * ``characteristic``: per linked sub-characteristic the client needs, times that need's own weight;
    * ``tile``: per tile of the werklandschap the client is in that the instrument links;
    * ``target_group``: once, when the instrument names one of the client's target groups;
    * ``rating``: times the instrument's rating (the shrunk mean of the general score, 1 to 5, given to the
      index per instrument); off by default, and instruments without enough ratings get nothing.
    """

    characteristic: float = field(default=1.0, validator=_finite_non_negative)
    tile: float = field(default=0.5, validator=_finite_non_negative)
    target_group: float = field(default=0.5, validator=_finite_non_negative)
    rating: float = field(default=0.0, validator=_finite_non_negative)


DEFAULT_WEIGHTS = Weights()


@frozen
class Reason:
    """One part of a score, said in terms of the instrument."""

    kind: Literal["characteristic", "tile", "target_group", "rating"]
    key: str
    label: str
    weight: float
    points: float

    def __str__(self) -> str:
        what = {
            "characteristic": "werkt aan",
            "tile": "past in tegel",
            "target_group": "is bedoeld voor",
            "rating": "wordt door professionals beoordeeld met",
        }[self.kind]
        return f"{what} {self.label} (+{self.points:g})"


@frozen
class Exclusion:
    """A hard rule that keeps an instrument out of the result, said in terms of the instrument."""

    code: str
    message: str

    def __str__(self) -> str:
        return self.message


@frozen
class Match:
    """An instrument in a ranking: its score and the reasons that make it up."""

    instrument: Instrument
    score: float
    reasons: tuple[Reason, ...] = field(validator=validators.instance_of(tuple))


@frozen
class Explanation:
    """Why an instrument is in a client's result (its score and reasons) or not (every hard rule it breaks)."""

    instrument_id: str
    score: float
    reasons: tuple[Reason, ...]
    exclusions: tuple[Exclusion, ...]

    @property
    def included(self) -> bool:
        """Whether the instrument passes every hard rule."""
        return not self.exclusions


LEAVES = ClientCharacteristic.all_leaves()


def score(
    profile: ClientProfile, instrument: Instrument, weights: Weights = DEFAULT_WEIGHTS, rating: float | None = None
) -> tuple[float, tuple[Reason, ...]]:
    """The instrument's score for the profile, and its parts. Hard rules are not looked at here."""
    total = 0.0
    reasons: list[Reason] = []
    for leaf in LEAVES:
        need = profile.needs.get(leaf)
        if need is not None and leaf in instrument.client_characteristics:
            points = need * weights.characteristic
            total += points
            reasons.append(Reason("characteristic", leaf.key, leaf.label, need, points))
    tiles = [t for t in instrument.tiles if t in profile.tiles]
    total += len(tiles) * weights.tile
    reasons += [Reason("tile", t.key, t.label, 1.0, weights.tile) for t in sorted(tiles, key=lambda t: t.order)]
    groups = sorted((g for g in instrument.target_groups if g.id in profile.target_groups), key=lambda g: g.id)
    if groups:
        total += weights.target_group
        reasons.append(Reason("target_group", groups[0].id, groups[0].name, 1.0, weights.target_group))
    if rating is not None and weights.rating:
        total += rating * weights.rating
        reasons.append(Reason("rating", "general", f"{rating:.1f}", rating, rating * weights.rating))
    return total, tuple(reasons)


def _places(instrument: Instrument, names: dict[str, str]) -> tuple[str | Message, ...]:
    """Where an instrument is offered, by name: Amersfoort, regio Midden-Utrecht, wijk Overvecht."""
    shown: list[str | Message] = sorted(names.get(code, code) for code in instrument.available_municipalities)
    shown += [
        say("exclusion.outside-area.region", name=name)
        for name in sorted(names.get(code, code) for code in instrument.available_regions)
    ]
    shown += [
        say("exclusion.outside-area.district", name=name)
        for name in sorted(d.name for d in instrument.available_districts)
    ]
    if len(shown) > 6:
        return (*shown[:5], say("exclusion.outside-area.more", count=len(shown) - 5))
    return tuple(shown)


def exclusions(  # noqa: C901 - one check per hard rule, in the order they are documented
    profile: ClientProfile,
    instrument: Instrument,
    *,
    place: Place | None = None,
    strict_target_groups: bool = False,
    names: dict[str, str] | None = None,
) -> tuple[Exclusion, ...]:
    """Every hard rule the instrument breaks for this profile.

    *place* is where the client lives, as `CatalogueIndex.place` resolves it; without one, the profile's own
    municipality and district are used as given (a `Place` that knows no region). *names* name the codes in
    messages.
    """
    day: dt.date = profile.day()
    found: list[Exclusion] = []
    if not instrument.publish:
        found.append(Exclusion("not-published", "is not marked for publication"))
    if not instrument.is_complete:
        found.append(Exclusion("incomplete", "lacks a tile or client characteristic, so it is not complete"))
    if instrument.publish_from is not None and day < instrument.publish_from:
        found.append(Exclusion("not-yet-published", f"is published from {instrument.publish_from.isoformat()}"))
    if instrument.publish_until is not None and instrument.publish_until < day:
        found.append(Exclusion("no-longer-published", f"was published until {instrument.publish_until.isoformat()}"))
    if place is None and (profile.municipality is not None or profile.district is not None):
        place = Place(profile.district, profile.municipality)
    if place is not None and not place.offers(instrument):
        places = _places(instrument, names or {})
        found.append(Exclusion("outside-area", str(say("exclusion.outside-area", places=places))))
    if (
        profile.max_costs is not None
        and instrument.total_costs is not None
        and instrument.total_costs > profile.max_costs
    ):
        found.append(Exclusion("too-expensive", f"costs € {instrument.total_costs:.2f}, more than the maximum"))
    hours = instrument.intensity_hours_per_week
    if profile.max_hours_per_week is not None and hours is not None and hours > profile.max_hours_per_week:
        found.append(Exclusion("too-intensive", f"takes {hours} hours a week, more than the maximum"))
    if profile.group_form is not None and instrument.group_forms and profile.group_form not in instrument.group_forms:
        offered = ", ".join(sorted(g.label for g in instrument.group_forms))
        found.append(Exclusion("group-form", f"is offered only as {offered}"))
    if profile.execution_forms and not profile.execution_forms & instrument.execution_forms:
        offered = ", ".join(sorted(f.label for f in instrument.execution_forms))
        found.append(Exclusion("execution-form", f"is carried out as {offered} only"))
    if instrument.id in profile.used_instruments:
        found.append(Exclusion("already-used", "was already used"))
    meant_for = {g.id for g in instrument.target_groups}
    if strict_target_groups and meant_for and not meant_for & profile.target_groups:
        groups = ", ".join(sorted(g.name for g in instrument.target_groups))
        found.append(Exclusion("target-group", f"is meant for {groups} only (strict mode)"))
    return tuple(found)


def ordered(matches: Iterable[Match]) -> list[Match]:
    """Highest score first; equal scores by instrument id, so the order never depends on the input's."""
    return sorted(matches, key=lambda m: (-m.score, m.instrument.id))
