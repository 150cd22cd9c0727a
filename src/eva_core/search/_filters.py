"""Hard rules, filters and facets as numpy masks over the rows: the vectorised `Criteria` and `exclusions`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import numpy as np
from attrs import frozen

from eva_core.domain import (
    ClientCharacteristic,
    ClientProfile,
    Criteria,
    ExecutionForm,
    GroupForm,
    LocationType,
    Place,
    Tile,
)
from eva_core.search._columns import BIT, FORMS, GROUPS, LOCATIONS, TILES, Postings, Rows, mask
from eva_core.search._matching import LEAVES

__all__ = ["Facets", "area_mask", "criteria_mask", "eligible_mask", "facets"]


@frozen
class Facets:
    """How many instruments of a result set have each value, as a filter panel shows them."""

    tiles: Mapping[Tile, int]
    characteristics: Mapping[ClientCharacteristic, int]
    execution_forms: Mapping[ExecutionForm, int]
    group_forms: Mapping[GroupForm, int]
    location_types: Mapping[LocationType, int]
    target_groups: Mapping[str, int]
    providers: Mapping[str, int]
    organisations: Mapping[str, int]


def area_mask(rows: Rows, place: Place) -> Any:  # noqa: ANN401
    """The rows available at *place*: the vectorised `Place.offers` (no area restriction, or a key in common)."""
    return ~rows.columns["restricted"] | rows.any_of(rows.areas, map(str, place.keys))


def _published_on(rows: Rows, ordinal: int) -> Any:  # noqa: ANN401
    c = rows.columns
    return c["publishable"] & (c["start"] <= ordinal) & (ordinal <= c["until"])


def eligible_mask(rows: Rows, profile: ClientProfile, *, place: Place | None, strict_target_groups: bool) -> Any:  # noqa: ANN401
    """The live rows that break no hard rule for *profile*, who lives at *place*: the vectorised `exclusions`."""
    c = rows.columns
    ok = c["alive"] & _published_on(rows, profile.day().toordinal())
    if place is not None:
        ok &= area_mask(rows, place)
    if profile.max_costs is not None:
        ok &= ~(c["costs"] > float(profile.max_costs))
    if profile.max_hours_per_week is not None:
        ok &= ~(c["hours"] > profile.max_hours_per_week)
    if profile.group_form is not None:
        ok &= (c["groups"] == 0) | ((c["groups"] & BIT[profile.group_form]) != 0)
    if profile.execution_forms:
        ok &= (c["forms"] & mask(profile.execution_forms)) != 0
    for used in profile.used_instruments:
        if used in rows.row_of:
            ok[rows.row_of[used]] = False
    if strict_target_groups:
        has_groups = rows.any_of(rows.groups, rows.groups)
        ok &= rows.any_of(rows.groups, profile.target_groups) | ~has_groups
    return ok


def criteria_mask(rows: Rows, q: Criteria) -> Any:  # noqa: ANN401, C901 - one line per part, as in Criteria
    """The live rows that meet *q*: the vectorised `Criteria.matches`."""
    c = rows.columns
    ok = c["alive"].copy()
    for column, members in (
        ("tiles", q.tiles),
        ("leaves", q.leaves),
        ("forms", q.execution_forms),
        ("groups", q.group_forms),
        ("locations", q.location_types),
    ):
        if members:
            ok &= (c[column] & mask(members)) != 0
    if q.target_groups:
        ok &= rows.any_of(rows.groups, q.target_groups)
    if q.providers:
        ok &= rows.any_of(rows.providers, q.providers)
    if q.organisations:
        ok &= rows.any_of(rows.organisations, q.organisations)
    if q.place is not None:
        ok &= area_mask(rows, q.place)
    if q.published_on is not None:
        ok &= _published_on(rows, q.published_on.toordinal())
    for column, low, high in (
        ("costs", q.min_costs, q.max_costs),
        ("days", q.min_duration_days, q.max_duration_days),
        ("hours", q.min_hours_per_week, q.max_hours_per_week),
    ):
        values = c[column]
        if low is not None:
            ok &= values >= (float(low) if isinstance(low, Decimal) else low)
        if high is not None:
            ok &= values <= (float(high) if isinstance(high, Decimal) else high)
    return ok


def facets(rows: Rows, selected_rows: Any) -> Facets:  # noqa: ANN401
    """Facet counts over the rows *selected_rows*."""
    c = rows.columns

    def bits(column: str, members: Sequence[Any]) -> dict[Any, int]:
        values = c[column][selected_rows]
        counts = {m: int(np.count_nonzero(values & BIT[m])) for m in members}
        return {m: n for m, n in counts.items() if n}

    selected = np.zeros(c.size, dtype=bool)
    selected[selected_rows] = True

    def keyed(postings: Postings) -> dict[str, int]:
        counts = {key: int(np.count_nonzero(selected[postings.get(key)[0]])) for key in postings}
        return {key: n for key, n in sorted(counts.items()) if n}

    return Facets(
        bits("tiles", TILES),
        bits("leaves", LEAVES),
        bits("forms", FORMS),
        bits("groups", GROUPS),
        bits("locations", LOCATIONS),
        keyed(rows.groups),
        keyed(rows.providers),
        keyed(rows.organisations),
    )
