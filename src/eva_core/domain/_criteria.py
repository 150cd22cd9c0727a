"""What a catalogue query asks for.

Storage adapters run it (SQL in SQL, the rest in memory) and search filters with it too; it lives in the
domain so neither needs the other. A client profile holds one for the client's own limits.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from attrs import AttrsInstance, field, fields, frozen

from eva_core.domain._choices import (
    Choice,
    ClientCharacteristic,
    DurationUnit,
    ExecutionForm,
    GroupForm,
    LocationType,
    Tile,
)
from eva_core.domain._errors import InvalidCriteria, Problem
from eva_core.domain._instrument import HOURS_IN_A_WEEK, Instrument
from eva_core.domain._messages import Message, say
from eva_core.domain._places import Place
from eva_core.domain._record import ID_MAX_LENGTH

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


# Converters never raise: a value they cannot turn into the field's type stays as it is, and the one check
# after construction reports every field at once, by name and rule, never by value.


def as_set(values: Any) -> Any:  # noqa: ANN401 - anything in, a frozenset when it can be one
    """A frozenset of *values*; text (itself iterable) and non-iterables are left for the check to refuse."""
    if isinstance(values, str | bytes | frozenset):
        return values
    try:
        return frozenset(values)
    except TypeError:
        return values


def _amount(value: Any) -> Any:  # noqa: ANN401
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, float) and math.isfinite(value):
        return Decimal(str(value))
    return value


def _days(value: Any) -> Any:  # noqa: ANN401
    return float(value) if isinstance(value, int) and not isinstance(value, bool) else value


def label(text: str) -> dict[str, str]:
    """Field metadata: the Dutch label a person reads in an error."""
    return {"label": text}


# Checks: each returns the rule's code and a message without the value, or None when the value is fine.
Found = tuple[str, Message] | None
Check = Callable[[Any], Found]


def choices(kind: type[Choice]) -> Check:
    """A set of members of *kind*."""

    def check(value: Any) -> Found:  # noqa: ANN401
        if not isinstance(value, frozenset):
            return "type", say("problem.type.choice-list")
        if not all(isinstance(member, kind) for member in value):
            return "unknown-choice", say("problem.unknown-choice.listed", choices=[m.key for m in kind])
        return None

    return check


def _bad_id(value: object) -> bool:
    return not isinstance(value, str) or not value.strip() or len(value) > ID_MAX_LENGTH


def ids(value: Any) -> Found:  # noqa: ANN401
    """A set of ids: non-blank text of at most `ID_MAX_LENGTH` characters."""
    if not isinstance(value, frozenset) or any(_bad_id(item) for item in value):
        return "type", say("problem.type.id-list", limit=ID_MAX_LENGTH)
    return None


def _optional(check: Check) -> Check:
    return lambda value: None if value is None else check(value)


def _day(value: Any) -> Found:  # noqa: ANN401
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        return "type", say("problem.type.date")
    return None


def _money(value: Any) -> Found:  # noqa: ANN401
    if not isinstance(value, Decimal) or not value.is_finite():
        return "type", say("problem.type.amount")
    return ("negative", say("problem.negative.unsigned")) if value < 0 else None


def _number_of_days(value: Any) -> Found:  # noqa: ANN401
    if isinstance(value, bool) or not isinstance(value, float) or not math.isfinite(value):
        return "type", say("problem.type.days")
    return ("negative", say("problem.negative.unsigned")) if value < 0 else None


def _hours(value: Any) -> Found:  # noqa: ANN401
    if isinstance(value, bool) or not isinstance(value, int):
        return "type", say("problem.type.hours")
    if value < 0:
        return "negative", say("problem.negative.unsigned")
    if value > HOURS_IN_A_WEEK:
        return "too-many-hours", say("problem.too-many-hours.limit", limit=HOURS_IN_A_WEEK)
    return None


def broken(instance: AttrsInstance, checks: dict[str, Check]) -> Iterator[Problem]:
    """The problems of *instance*'s fields by *checks*: path, Dutch label, code, and never the value."""
    for attribute in fields(type(instance)):
        check = checks.get(attribute.name)
        found = None if check is None else check(getattr(instance, attribute.name))
        if found is not None:
            code, message = found
            yield Problem(f"$.{attribute.name}", attribute.metadata.get("label", attribute.name), code, message)


_CHECKS: dict[str, Check] = {
    "tiles": choices(Tile),
    "characteristics": choices(ClientCharacteristic),
    "execution_forms": choices(ExecutionForm),
    "group_forms": choices(GroupForm),
    "location_types": choices(LocationType),
    "target_groups": ids,
    "providers": ids,
    "organisations": ids,
    "place": _optional(lambda value: None if isinstance(value, Place) else ("type", say("problem.type.place"))),
    "published_on": _optional(_day),
    "min_costs": _optional(_money),
    "max_costs": _optional(_money),
    "min_duration_days": _optional(_number_of_days),
    "max_duration_days": _optional(_number_of_days),
    "min_hours_per_week": _optional(_hours),
    "max_hours_per_week": _optional(_hours),
}


@frozen(kw_only=True, repr=False)
class Criteria:
    """A query on a catalogue. Every given part must hold; within a set, any member will do.

    Two kinds of part, each with one rule for an instrument that leaves the value out:

    * **What** the instrument is: tiles, characteristics, execution forms, location types, target groups,
      providers, organisations. The instrument must name one of the asked members; one that names none does
      not match. ``characteristics`` may name a group (such as "Aandachtspunten klant"), which stands for its
      leaves.
    * **Limits**: a ``place`` (available there by the one area rule, `Place.offers`; build it with
      `AreaClassification.place` so it knows its region and the codes merged into it), group forms, and
      inclusive ranges of costs, duration and hours a week. An instrument is left out only when it is known
      to break a limit: one without area restriction is available everywhere, one that names no group form
      may be given in either, and one that gives no costs, duration or hours is kept by a range on them.
    * ``published_on`` keeps instruments published that day (flag, complete, inside the window).

    Every part is checked when the criteria are made: a wrong value raises `InvalidCriteria` naming the
    part and the rule, never the value. The ``repr`` names the given parts without their values, since a
    client profile holds its limits as criteria.
    """

    tiles: frozenset[Tile] = field(default=frozenset(), converter=as_set, metadata=label("Tegels"))
    characteristics: frozenset[ClientCharacteristic] = field(
        default=frozenset(), converter=as_set, metadata=label("Klantkenmerken")
    )
    execution_forms: frozenset[ExecutionForm] = field(
        default=frozenset(), converter=as_set, metadata=label("Uitvoeringsvormen")
    )
    group_forms: frozenset[GroupForm] = field(default=frozenset(), converter=as_set, metadata=label("Groepsvormen"))
    location_types: frozenset[LocationType] = field(
        default=frozenset(), converter=as_set, metadata=label("Locatietypes")
    )
    target_groups: frozenset[str] = field(default=frozenset(), converter=as_set, metadata=label("Doelgroepen"))
    providers: frozenset[str] = field(default=frozenset(), converter=as_set, metadata=label("Aanbieders"))
    organisations: frozenset[str] = field(default=frozenset(), converter=as_set, metadata=label("Organisaties"))
    place: Place | None = field(default=None, metadata=label("Plaats"))
    published_on: dt.date | None = field(default=None, metadata=label("Gepubliceerd op"))
    min_costs: Decimal | None = field(default=None, converter=_amount, metadata=label("Minimale kosten"))
    max_costs: Decimal | None = field(default=None, converter=_amount, metadata=label("Maximale kosten"))
    min_duration_days: float | None = field(default=None, converter=_days, metadata=label("Minimale duur in dagen"))
    max_duration_days: float | None = field(default=None, converter=_days, metadata=label("Maximale duur in dagen"))
    min_hours_per_week: int | None = field(default=None, metadata=label("Minimale intensiteit in uren per week"))
    max_hours_per_week: int | None = field(default=None, metadata=label("Maximale intensiteit in uren per week"))

    def __attrs_post_init__(self) -> None:
        if problems := list(broken(self, _CHECKS)):
            raise InvalidCriteria(say("error.invalid-criteria"), problems)

    def __repr__(self) -> str:
        return f"Criteria(<given: {', '.join(self.given()) or 'nothing'}>)"

    def given(self) -> tuple[str, ...]:
        """The names of the parts that ask for something."""
        return tuple(a.name for a in fields(Criteria) if getattr(self, a.name) not in (None, frozenset()))

    @property
    def leaves(self) -> frozenset[ClientCharacteristic]:
        """The leaf characteristics asked for, with groups expanded."""
        return frozenset(leaf for c in self.characteristics for leaf in c.leaves)

    def matches(self, instrument: Instrument) -> bool:
        """Whether *instrument* meets every part; the reference semantics every adapter must reproduce."""
        return all(holds(instrument) for _, holds in self._parts())

    def misses(self, instrument: Instrument) -> tuple[str, ...]:
        """The codes of the parts *instrument* does not meet, in the order of the fields; empty when it matches."""
        return tuple(code for code, holds in self._parts() if not holds(instrument))

    def _parts(self) -> Iterator[tuple[str, Callable[[Instrument], bool]]]:  # noqa: C901, PLR0912 - one test per part
        if self.tiles:
            yield "tile", lambda i: bool(self.tiles & i.tiles)
        if self.characteristics:
            yield "characteristic", lambda i: bool(self.leaves & i.client_characteristics)
        if self.execution_forms:
            yield "execution-form", lambda i: bool(self.execution_forms & i.execution_forms)
        if self.group_forms:
            yield "group-form", lambda i: not i.group_forms or bool(self.group_forms & i.group_forms)
        if self.location_types:
            yield "location-type", lambda i: bool(self.location_types & {loc.type for loc in i.locations})
        if self.target_groups:
            yield "target-group", lambda i: bool(self.target_groups & {g.id for g in i.target_groups})
        if self.providers:
            yield "provider", lambda i: i.provider.id in self.providers
        if self.organisations:
            yield "organisation", lambda i: i.organisation.id in self.organisations
        if self.place is not None:
            yield "outside-area", self.place.offers
        if self.published_on is not None:
            day = self.published_on
            yield "not-published-on-day", lambda i: i.is_published(day)
        if self.min_costs is not None or self.max_costs is not None:
            yield "costs", lambda i: _within(i.total_costs, self.min_costs, self.max_costs)
        if self.min_duration_days is not None or self.max_duration_days is not None:
            yield "duration", lambda i: _within(duration_in_days(i), self.min_duration_days, self.max_duration_days)
        if self.min_hours_per_week is not None or self.max_hours_per_week is not None:
            yield (
                "hours",
                lambda i: _within(i.intensity_hours_per_week, self.min_hours_per_week, self.max_hours_per_week),
            )


def _within(value: Any, low: Any, high: Any) -> bool:  # noqa: ANN401 - numbers of one kind per call
    """A limit: only a value known to lie outside the range breaks it."""
    if value is None:
        return True
    return (low is None or low <= value) and (high is None or value <= high)
