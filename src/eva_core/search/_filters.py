"""Hard rules, filters and facets as numpy masks over the rows: the vectorised `Criteria` and `exclusions`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, TypeVar

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
from eva_core.search._columns import FORMS, GROUPS, LOCATIONS, TILES, Codes, Rows, mask
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
    return rows.cached(
        ("published", ordinal), lambda: c["publishable"] & (c["start"] <= ordinal) & (ordinal <= c["until"])
    )


def eligible_mask(rows: Rows, profile: ClientProfile, criteria: Criteria, *, strict_target_groups: bool) -> Any:  # noqa: ANN401
    """The live rows that break no hard rule for *profile*: the vectorised `exclusions`.

    *criteria* are the profile's own, with its day and its place (as the classification places it) filled in.
    """
    ok = criteria_mask(rows, criteria)
    for used in profile.used_instruments:
        if used in rows.row_of:
            ok[rows.row_of[used]] = False
    if strict_target_groups:
        ok &= rows.in_groups(profile.target_groups) | ~rows.in_groups(rows.group_codes.keys)
    return ok


def criteria_mask(rows: Rows, q: Criteria) -> Any:  # noqa: ANN401, C901 - one line per part, as in Criteria
    """The live rows that meet *q*: the vectorised `Criteria.matches`."""
    c = rows.columns
    ok = c["alive"].copy()
    for column, members in (
        ("tiles", q.tiles),
        ("leaves", q.leaves),
        ("forms", q.execution_forms),
        ("locations", q.location_types),
    ):
        if members:
            ok &= (c[column] & mask(members)) != 0
    if q.group_forms:  # a limit: an instrument that names no group form keeps
        ok &= (c["groups"] == 0) | ((c["groups"] & mask(q.group_forms)) != 0)
    if q.target_groups:
        ok &= rows.in_groups(q.target_groups)
    if q.providers:
        ok &= _coded(c["provider"], rows.providers, q.providers)
    if q.organisations:
        ok &= _coded(c["organisation"], rows.organisations, q.organisations)
    if q.place is not None:
        ok &= area_mask(rows, q.place)
    if q.published_on is not None:
        ok &= _published_on(rows, q.published_on.toordinal())
    for column, low, high in (
        ("costs", q.min_costs, q.max_costs),
        ("days", q.min_duration_days, q.max_duration_days),
        ("hours", q.min_hours_per_week, q.max_hours_per_week),
    ):  # limits: NaN (no value given) compares false, so it keeps
        values = c[column]
        if low is not None:
            ok &= ~(values < (float(low) if isinstance(low, Decimal) else low))
        if high is not None:
            ok &= ~(values > (float(high) if isinstance(high, Decimal) else high))
    return ok


def _coded(column: Any, codes: Codes, keys: Iterable[str]) -> Any:  # noqa: ANN401
    wanted = [codes.code_of[k] for k in keys if k in codes.code_of]
    return np.isin(column, wanted)


def _bit_counts(values: Any, width: int) -> Any:  # noqa: ANN401 - an int array
    """How many of *values* have each of the *width* bits.

    Few values: one bincount, then the bits of the values in use. Many: a count per bit, which reads the
    column *width* times but skips bincount's conversion to 64-bit and its scattered writes (5x faster at 100k).
    """
    if len(values) < _MANY:
        per_value = np.bincount(values)
        present = np.flatnonzero(per_value)
        return per_value[present] @ ((present[:, None] >> np.arange(width)) & 1)
    return np.array([np.count_nonzero(values & (1 << bit)) for bit in range(width)], dtype=np.int64)


_MANY = 8192


def _counts(rows: Rows, selected_rows: Any, selected: Any) -> list[Any]:  # noqa: ANN401
    """Per kind of facet, the count of each value over the rows *selected_rows* (*selected* as a mask)."""
    c = rows.columns
    pair_rows, pair_codes = rows.group_pairs()
    return [
        *(_bit_counts(c[column][selected_rows], len(members)) for column, members in _BIT_FACETS),
        np.bincount(pair_codes[selected[pair_rows]], minlength=len(rows.group_codes.keys)),
        np.bincount(c["provider"][selected_rows], minlength=len(rows.providers.keys)),
        np.bincount(c["organisation"][selected_rows], minlength=len(rows.organisations.keys)),
    ]


_M = TypeVar("_M")
_BIT_FACETS = (("tiles", TILES), ("leaves", LEAVES), ("forms", FORMS), ("groups", GROUPS), ("locations", LOCATIONS))


class KeyCounts(Mapping[str, int]):
    """Counts per key (provider, organisation, target group) in key order, read from numpy only when asked.

    A catalogue has thousands of providers; a dict of them per query would cost more than the search.
    """

    def __init__(self, counts: Any, names: Codes) -> None:  # noqa: ANN401
        order = names.sorted_codes()
        self._codes = order[counts[order] > 0]
        self._counts = counts
        self._names = names

    def __getitem__(self, key: str) -> int:
        code = self._names.code_of.get(key)
        if code is None or code >= len(self._counts) or not self._counts[code]:
            raise KeyError(key)
        return int(self._counts[code])

    def __iter__(self) -> Iterator[str]:
        return (self._names.keys[code] for code in self._codes.tolist())

    def __len__(self) -> int:
        return len(self._codes)

    def __repr__(self) -> str:
        return repr(dict(self))


def _named(members: Sequence[_M], counts: Any) -> dict[_M, int]:  # noqa: ANN401
    """The counts that are not zero, by member in the members' order."""
    return {member: n for member, n in zip(members, counts.tolist(), strict=True) if n}


def facets(rows: Rows, selected_rows: Any, selected: Any = None) -> Facets:  # noqa: ANN401
    """Facet counts over the rows *selected_rows* (*selected*: the same as a mask, when at hand).

    One vectorised pass per kind of facet. When most live rows are selected, the rows left out are counted
    instead and taken from the counts over every live row (kept until the rows change).
    """
    c = rows.columns
    if selected is None:
        selected = np.zeros(c.size, dtype=bool)
        selected[selected_rows] = True
    if 2 * len(selected_rows) > len(rows.row_of):
        alive = c["alive"]
        every = rows.cached(("facets",), lambda: _counts(rows, np.flatnonzero(alive), alive))
        rest = alive & ~selected
        counts = [n - m for n, m in zip(every, _counts(rows, np.flatnonzero(rest), rest), strict=True)]
    else:
        counts = _counts(rows, selected_rows, selected)
    tiles, leaves, forms, group_forms, locations, groups, providers, organisations = counts
    return Facets(
        _named(TILES, tiles),
        _named(LEAVES, leaves),
        _named(FORMS, forms),
        _named(GROUPS, group_forms),
        _named(LOCATIONS, locations),
        KeyCounts(groups, rows.group_codes),
        KeyCounts(providers, rows.providers),
        KeyCounts(organisations, rows.organisations),
    )
