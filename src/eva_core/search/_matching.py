"""How an instrument scores for a client, and which hard rules exclude it: the reference definitions.

`CatalogueIndex` computes the same numbers vectorised; these functions are what it must agree with, and
what `explain` reports.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Iterator, Mapping
from typing import Literal

import attrs
from attrs import field, frozen, validators

from eva_core.domain import (
    Choice,
    ClientCharacteristic,
    ClientProfile,
    Criteria,
    Instrument,
    InvalidRecord,
    Message,
    Place,
    say,
)
from eva_core.domain._criteria import Found, broken, label
from eva_core.domain._messages import as_message

__all__ = [
    "Exclusion",
    "Explanation",
    "Match",
    "Reason",
    "Weights",
    "criteria_exclusions",
    "exclusions",
    "score",
]


def _weight(value: object) -> Found:
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        return "type", say("problem.type.weight")
    return ("negative", say("problem.negative.weight")) if value < 0 else None


@frozen(kw_only=True)
class Weights:
    """How much each kind of fit adds to an instrument's score.

    * ``characteristic``: per linked sub-characteristic the client needs, times that need's own weight;
    * ``tile``: per tile of the werklandschap the client is in that the instrument links;
    * ``target_group``: once, when the instrument names one of the client's target groups;
    * ``rating``: times the instrument's rating (the shrunk mean of the general score, 1 to 5, given to the
      index per instrument); off by default, and instruments without enough ratings get nothing.
    """

    characteristic: float = field(default=1.0, metadata=label("Gewicht klantkenmerk"))
    tile: float = field(default=0.5, metadata=label("Gewicht tegel"))
    target_group: float = field(default=0.5, metadata=label("Gewicht doelgroep"))
    rating: float = field(default=0.0, metadata=label("Gewicht waardering"))

    def __attrs_post_init__(self) -> None:
        """Every weight is a finite number of zero or more; all wrong ones are reported at once."""
        if problems := list(broken(self, dict.fromkeys(attrs.fields_dict(Weights), _weight))):
            raise InvalidRecord(say("error.invalid-record", record=say("record.weights")), problems)


DEFAULT_WEIGHTS = Weights()


ReasonKind = Literal["characteristic", "tile", "target_group", "rating", "nothing-asked-for"]
ExclusionCode = Literal[
    "not-published",
    "incomplete",
    "not-yet-published",
    "no-longer-published",
    "outside-area",
    "too-expensive",
    "too-cheap",
    "too-intensive",
    "not-intensive-enough",
    "duration",
    "group-form",
    "execution-form",
    "tile",
    "characteristic",
    "location-type",
    "target-group",
    "provider",
    "organisation",
    "already-used",
]


@frozen
class Reason:
    """One part of a score, said in terms of the instrument.

    ``nothing-asked-for`` (0 points) marks an instrument that passes every hard rule but meets none of the
    needs, tiles or target groups the profile names, so that every result carries its reason.
    """

    kind: ReasonKind
    key: str
    label: str
    weight: float
    points: float

    def __str__(self) -> str:
        if self.kind == "nothing-asked-for":
            return str(say("reason.nothing-asked-for"))
        return str(say(f"reason.{self.kind}", label=self.label, points=self.points, rating=self.weight))


NOTHING_ASKED_FOR = Reason("nothing-asked-for", "", "", 0.0, 0.0)


@frozen
class Exclusion:
    """A hard rule that keeps an instrument out of the result.

    A stable code, and a message about the instrument (never about the client) in the current language.
    """

    code: ExclusionCode
    _message: Message = field(converter=as_message)

    @property
    def message(self) -> str:
        """What keeps the instrument out, in the current language."""
        return self._message.text()

    @property
    def said(self) -> Message:
        """The message as a value: its catalogue key and parameters."""
        return self._message

    def __str__(self) -> str:
        return self.message


@frozen(repr=False)
class Match:
    """An instrument in a ranking: its score and the reasons that make it up.

    The ``repr`` shows only the instrument's id and the score: the reasons say which of the client's needs
    an instrument meets, so they are data for the professional's screen, not for logs.
    """

    instrument: Instrument
    score: float
    reasons: tuple[Reason, ...] = field(validator=validators.instance_of(tuple))

    def __repr__(self) -> str:
        return f"Match(instrument_id={self.instrument.id!r}, score={self.score!r})"


@frozen(repr=False)
class Explanation:
    """Why an instrument is in a client's result (its score and reasons) or not (every hard rule it breaks).

    Like `Match`, its ``repr`` shows only the instrument's id, the score and whether it is included.
    """

    instrument_id: str
    score: float
    reasons: tuple[Reason, ...]
    exclusions: tuple[Exclusion, ...]

    @property
    def included(self) -> bool:
        """Whether the instrument passes every hard rule."""
        return not self.exclusions

    def __repr__(self) -> str:
        return f"Explanation(instrument_id={self.instrument_id!r}, score={self.score!r}, included={self.included})"


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
    if not reasons and profile.asks_for_something:
        reasons.append(NOTHING_ASKED_FOR)
    if rating is not None and weights.rating:
        total += rating * weights.rating
        reasons.append(Reason("rating", "general", f"{rating:.1f}", rating, rating * weights.rating))
    return total, tuple(reasons)


def _places(instrument: Instrument, names: Mapping[str, str]) -> list[str | Message]:
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
        return [*shown[:5], say("exclusion.outside-area.more", count=len(shown) - 5)]
    return shown


def _publication(instrument: Instrument, day: dt.date) -> Iterator[Exclusion]:
    if not instrument.publish:
        yield Exclusion("not-published", say("exclusion.not-published"))
    if not instrument.is_complete:
        yield Exclusion("incomplete", say("exclusion.incomplete"))
    if instrument.publish_from is not None and day < instrument.publish_from:
        yield Exclusion("not-yet-published", say("exclusion.not-yet-published", day=instrument.publish_from))
    if instrument.publish_until is not None and instrument.publish_until < day:
        yield Exclusion("no-longer-published", say("exclusion.no-longer-published", day=instrument.publish_until))


def _labels(members: Iterable[Choice]) -> list[str]:
    return sorted(m.label for m in members)


_PLAIN_PARTS: dict[str, ExclusionCode] = {
    "duration": "duration",
    "tile": "tile",
    "characteristic": "characteristic",
    "location-type": "location-type",
}
"""Parts whose exclusion needs no value of the instrument."""


def _part_exclusion(code: str, q: Criteria, i: Instrument, names: Mapping[str, str]) -> Exclusion:  # noqa: C901, PLR0911
    """The exclusion for one missed part of the criteria, said with the instrument's values only."""
    if code == "outside-area":
        return Exclusion("outside-area", say("exclusion.outside-area", places=_places(i, names)))
    if code == "costs":
        if q.max_costs is not None and i.total_costs is not None and i.total_costs > q.max_costs:
            return Exclusion("too-expensive", say("exclusion.too-expensive", costs=i.total_costs))
        return Exclusion("too-cheap", say("exclusion.too-cheap", costs=i.total_costs))
    if code == "hours":
        hours = i.intensity_hours_per_week
        if q.max_hours_per_week is not None and hours is not None and hours > q.max_hours_per_week:
            return Exclusion("too-intensive", say("exclusion.too-intensive", hours=hours))
        return Exclusion("not-intensive-enough", say("exclusion.not-intensive-enough", hours=hours))
    if code == "execution-form":
        return Exclusion("execution-form", say("exclusion.execution-form", offered=_labels(i.execution_forms)))
    if code == "group-form":
        return Exclusion("group-form", say("exclusion.group-form", offered=_labels(i.group_forms)))
    if code == "target-group":
        return Exclusion("target-group", say("exclusion.target-group.unnamed"))
    if code == "provider":
        return Exclusion("provider", say("exclusion.provider", provider=i.provider.name))
    if code == "organisation":
        return Exclusion("organisation", say("exclusion.organisation", organisation=i.organisation.name))
    plain = _PLAIN_PARTS[code]
    return Exclusion(plain, say(f"exclusion.{plain}"))


def criteria_exclusions(
    criteria: Criteria, instrument: Instrument, names: Mapping[str, str] | None = None
) -> list[Exclusion]:
    """Every part of *criteria* that *instrument* does not meet, with a message about the instrument.

    A message never holds the criteria's own values: in a client profile they are personal data.
    """
    found: list[Exclusion] = []
    for code in criteria.misses(instrument):
        if code == "not-published-on-day":
            assert criteria.published_on is not None  # noqa: S101 - the part is only there with a day
            found += _publication(instrument, criteria.published_on)
        else:
            found.append(_part_exclusion(code, criteria, instrument, names or {}))
    return found


def exclusions(
    profile: ClientProfile,
    instrument: Instrument,
    *,
    place: Place | None = None,
    strict_target_groups: bool = False,
    names: Mapping[str, str] | None = None,
) -> tuple[Exclusion, ...]:
    """Every hard rule the instrument breaks for this profile.

    The hard rules are the profile's criteria (published on the profile's day), the instruments already used,
    and in strict mode the target groups. *place* is where the client lives as `CatalogueIndex.place`
    resolves it (its region, merged codes); without one, the criteria's own place is used as given.
    *names* name the codes in messages.
    """
    criteria = attrs.evolve(
        profile.criteria, published_on=profile.day(), place=place if place is not None else profile.criteria.place
    )
    found = criteria_exclusions(criteria, instrument, names)
    if instrument.id in profile.used_instruments:
        found.append(Exclusion("already-used", say("exclusion.already-used")))
    meant_for = {g.id for g in instrument.target_groups}
    if strict_target_groups and meant_for and not meant_for & profile.target_groups:
        groups = sorted(g.name for g in instrument.target_groups)
        found.append(Exclusion("target-group", say("exclusion.target-group", groups=groups)))
    return tuple(found)
