"""Hard rules, filters and facets as numpy masks over the rows: the vectorised `Criteria` and `exclusions`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from functools import cache
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


@cache
def _bits_of(width: int) -> Any:  # noqa: ANN401 - a (2**width, width) table of 0.0 and 1.0
    values = np.arange(1 << width, dtype=np.int64)
    return ((values[:, None] >> np.arange(width)) & 1).astype(np.float64)  # float: the product runs in BLAS


def _bit_counts(values: Any, members: Sequence[Any]) -> dict[Any, int]:  # noqa: ANN401
    """How many of *values* have each member's bit: one bincount over the column, then a small table."""
    per_value = np.bincount(values, minlength=1 << len(members)).astype(np.float64)
    counts = np.rint(per_value @ _bits_of(len(members))).astype(np.int64).tolist()
    return {member: count for member, count in zip(members, counts, strict=True) if count}


class KeyCounts(Mapping[str, int]):
    """Counts per key (provider, organisation, target group) in key order, read from numpy only when asked.

    A catalogue has thousands of providers; a dict of them per query would cost more than the search.
    """

    def __init__(self, codes: Any, names: Codes) -> None:  # noqa: ANN401
        counts = np.bincount(codes, minlength=len(names.keys))
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


def facets(rows: Rows, selected_rows: Any) -> Facets:  # noqa: ANN401
    """Facet counts over the rows *selected_rows*: one vectorised pass per kind of facet."""
    c = rows.columns
    selected = np.zeros(c.size, dtype=bool)
    selected[selected_rows] = True
    pair_rows, pair_codes = rows.group_pairs()
    return Facets(
        _bit_counts(c["tiles"][selected_rows], TILES),
        _bit_counts(c["leaves"][selected_rows], LEAVES),
        _bit_counts(c["forms"][selected_rows], FORMS),
        _bit_counts(c["groups"][selected_rows], GROUPS),
        _bit_counts(c["locations"][selected_rows], LOCATIONS),
        KeyCounts(pair_codes[selected[pair_rows]], rows.group_codes),
        KeyCounts(c["provider"][selected_rows], rows.providers),
        KeyCounts(c["organisation"][selected_rows], rows.organisations),
    )
