"""Hard rules, filters and facets as numpy masks over the rows: the vectorised `Criteria` and `exclusions`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from itertools import compress
from typing import Any, TypeVar

import numpy as np
from attrs import field, frozen

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
from eva_core.search._columns import FORMS, GROUPS, LOCATIONS, TILES, Codes, Columns, Rows, mask
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
    others: Mapping[str, int] = field(factory=dict)
    """Per keyed facet that ``facet_size`` cut short (by its field name), the summed counts of the keys left out.

    Elasticsearch's ``sum_other_doc_count``: empty when every key is counted, so left out of the JSON then.
    """


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
    day = q.published_on  # published: one pass where a copy and an AND would take two
    ok = c["alive"].copy() if day is None else c["alive"] & _published_on(rows, day.toordinal())
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


_BYTE_BITS = (np.arange(256)[:, None] >> np.arange(8)) & 1
"""Each byte value's 8 bits, lowest first: byte counts times this are bit counts."""
_BIT_FACETS = (("tiles", TILES), ("leaves", LEAVES), ("forms", FORMS), ("groups", GROUPS), ("locations", LOCATIONS))


def _facet_bytes(rows: Rows) -> Any:  # noqa: ANN401 - a uint64 array
    """The bit columns of `_BIT_FACETS` side by side, little-endian, as the 8 bytes of one uint64 per row.

    Made once per generation of the rows: a query then gathers one number per row.
    """
    c = rows.columns
    matrix = np.zeros((c.size, 8), dtype=np.uint8)
    for column, at in zip(_COLUMNS, _BYTE_AT, strict=True):
        values = c[column].astype(c[column].dtype.newbyteorder("<"))
        matrix[:, at : at + values.itemsize] = values.view(np.uint8).reshape(c.size, values.itemsize)
    return matrix.view(np.uint64).reshape(c.size)


_COLUMNS = [column for column, _ in _BIT_FACETS]
_BYTE_AT = np.cumsum([0] + [Columns.SPEC[column]().itemsize for column in _COLUMNS])[:-1].tolist()
_PLACES = np.arange(8, dtype=np.uint16) * 256
"""Where each of a row's 8 bytes is counted: byte n of value v in bin n * 256 + v."""
_MANY = 10_000
"""From how many rows, without `np.bitwise_count` (numpy 1.x), bits are counted per bit rather than by bytes."""
_PLANES_FROM = 24
"""Bit planes count the bits of 1 row in this many or more: a pass over all rows beats gathering so many."""
_bitwise_count: Any = getattr(np, "bitwise_count", None)
"""numpy 2's popcount; None on numpy 1.x, where the bit planes are not used."""


def _packed(selected: Any) -> Any:  # noqa: ANN401 - numpy arrays
    """The mask *selected* as bits, 64 rows to a word (the last word padded with zeros)."""
    bits = np.packbits(selected)
    padded = np.zeros(-(-len(bits) // 8) * 8, dtype=np.uint8)
    padded[: len(bits)] = bits
    return padded.view(np.uint64)


_GROUP_PLANES = 64
"""Up to this many target groups, each group is a bit plane too (more would cost more than a bincount)."""


def _bit_planes(rows: Rows) -> tuple[Any, bool]:
    """Each bit of the columns of `_BIT_FACETS` as a plane: the rows that have it, packed as `_packed`.

    Then one plane per target group when there are at most `_GROUP_PLANES`, and whether there are. Made once
    per generation of the rows: a query then counts a bit with one AND and popcount per 64 rows.
    """
    c = rows.columns
    planes = [_packed((c[column] & (1 << bit)) != 0) for column, members in _BIT_FACETS for bit in range(len(members))]
    groups = len(rows.group_codes.keys) <= _GROUP_PLANES
    if groups:
        pair_rows, pair_codes = rows.group_pairs()
        for code in range(len(rows.group_codes.keys)):
            has = np.zeros(c.size, dtype=bool)
            has[pair_rows[pair_codes == code]] = True
            planes.append(_packed(has))
    return np.stack(planes), groups


def _bit_counts(rows: Rows, selected_rows: Any, selected: Any) -> list[Any]:  # noqa: ANN401
    """Per bit column of `_BIT_FACETS`, how many of *selected_rows* (*selected* as a mask) have each bit.

    Counted by bit planes that hold the target groups, the count per target group comes after them. Few
    rows: one bincount of every byte of the rows' packed columns, where a byte's 256 counts times `_BYTE_BITS`
    are its 8 bit counts. Many rows: the popcount of each bit plane AND the packed mask, a pass
    over all rows that costs the same for any number of hits (from about 1 row in 24 on it is faster; on numpy
    1.x, a count per bit of each gathered column from `_MANY` rows on).
    """
    c = rows.columns
    if _bitwise_count is not None and len(selected_rows) * _PLANES_FROM >= c.size:
        planes, groups = rows.cached(("bit planes",), lambda: _bit_planes(rows))
        counted = planes & _packed(selected)
        counted = np.split(_bitwise_count(counted, out=counted).sum(axis=1, dtype=np.int64), _SPLITS)  # no uint8
        return counted if groups else counted[:-1]
    if _bitwise_count is None and len(selected_rows) >= _MANY:
        return [
            np.array([np.count_nonzero(values & (1 << bit)) for bit in range(len(members))], dtype=np.int64)
            for values, members in ((c[column][selected_rows], members) for column, members in _BIT_FACETS)
        ]
    packed = rows.cached(("facet bytes",), lambda: _facet_bytes(rows))
    picked = packed.take(selected_rows).view(np.uint8).reshape(-1, 8) + _PLACES
    counted = (np.bincount(picked.ravel(), minlength=8 * 256).reshape(8, 256) @ _BYTE_BITS).ravel()
    return [counted[at * 8 : at * 8 + len(members)] for (_, members), at in _AT]


_AT = list(zip(_BIT_FACETS, _BYTE_AT, strict=True))
_SPLITS = np.cumsum([len(members) for _, members in _BIT_FACETS]).tolist()
"""Where each bit column's planes end: the planes after the last are the target groups'."""


def _group_codes(rows: Rows) -> tuple[Any, Any, Any]:
    """Target group links for counting, made once per generation of the rows.

    Each row's only group's code + 1 (0: none or several), and the links of the rows that name several.
    """
    pair_rows, pair_codes = rows.group_pairs()
    per_row = np.bincount(pair_rows, minlength=rows.columns.size)
    alone = per_row[pair_rows] == 1
    only = np.zeros(rows.columns.size, dtype=np.int32)
    only[pair_rows[alone]] = pair_codes[alone] + 1
    return only, pair_rows[~alone], pair_codes[~alone]


def _keyed_counts(rows: Rows, selected_rows: Any, selected: Any, *, groups: bool) -> list[Any]:  # noqa: ANN401
    """The count of each target group (when *groups*), provider and organisation over *selected_rows*."""
    c = rows.columns
    counts = [
        np.bincount(c["provider"][selected_rows], minlength=len(rows.providers.keys)),
        np.bincount(c["organisation"][selected_rows], minlength=len(rows.organisations.keys)),
    ]
    if groups:
        keys = len(rows.group_codes.keys)
        only, several_rows, several_codes = rows.cached(("facet groups",), lambda: _group_codes(rows))
        counts.insert(
            0,
            np.bincount(only[selected_rows], minlength=keys + 1)[1:]
            + np.bincount(several_codes[selected[several_rows]], minlength=keys),
        )
    return counts


_M = TypeVar("_M")


class KeyCounts(dict[str, int]):
    """Counts per key (provider, organisation, target group) in key order, the keys with a count only.

    A plain dict, filled from numpy at once: read key by key through a lazy mapping, thousands of providers
    cost milliseconds per search (every JSON response reads them all).
    """


def _key_counts(rows: Rows, counts: Any, names: Codes, size: int | None = None) -> tuple[KeyCounts, int]:  # noqa: ANN401
    """The counts that are not zero of the codes of *names*, by key in key order, and the sum left out.

    With a *size*, only the *size* highest counts are kept (ties: the first keys), chosen in numpy before
    any dict is made; the sum of the counts left out comes second (0 when none is).
    """
    order, keys, listed = rows.cached(("keys in order", id(names)), lambda: _sorted_keys(names))
    in_order = counts[order]
    if size is None or size >= np.count_nonzero(in_order):
        found = in_order.tolist()
        return KeyCounts(compress(zip(listed, found, strict=True), found)), 0
    present = np.flatnonzero(in_order)
    values = in_order[present]
    kept = _highest(values, size)
    others = int(values.sum() - values[kept].sum())
    return KeyCounts(zip(keys[present[kept]].tolist(), values[kept].tolist(), strict=True)), others


def _highest(values: Any, size: int) -> Any:  # noqa: ANN401 - numpy arrays
    """The positions of the *size* highest *values* in ascending order, ties going to the first positions.

    One partition finds the *size*-th highest value: every value above it stays, and of those equal to it the
    first ones, as many as there is room for.
    """
    kth = -np.partition(-values, size - 1)[size - 1]
    above = values > kth
    tied = np.flatnonzero(values == kth)[: size - np.count_nonzero(above)]
    above[tied] = True
    return np.flatnonzero(above)


def _sorted_keys(names: Codes) -> tuple[Any, Any, list[str]]:
    """The codes of *names* in the order of their keys, and those keys (as an object array and as a list)."""
    order = names.sorted_codes()
    listed = [names.keys[code] for code in order.tolist()]
    keys = np.empty(len(order), dtype=object)
    keys[:] = listed
    return order, keys, listed


def _named(members: Sequence[_M], counts: Any) -> dict[_M, int]:  # noqa: ANN401
    """The counts that are not zero, by member in the members' order."""
    return {member: n for member, n in zip(members, counts.tolist(), strict=True) if n}


def facets(rows: Rows, selected_rows: Any, selected: Any = None, size: int | None = None) -> Facets:  # noqa: ANN401
    """Facet counts over the rows *selected_rows* (*selected*: the same as a mask, when at hand).

    One vectorised pass per kind of facet (`_bit_counts` for the bit columns, and the target groups with them
    when they are bit planes). When most live rows are selected, the rows left out are counted by key
    instead and taken from the counts over every live row (kept until the rows change). With a *size*, the
    keyed facets keep their *size* highest counts (`_key_counts`); the enumerated ones are small and stay whole.
    """
    c = rows.columns
    if selected is None:
        selected = np.zeros(c.size, dtype=bool)
        selected[selected_rows] = True
    bits = _bit_counts(rows, selected_rows, selected)
    groups = len(bits) == len(_BIT_FACETS)  # not counted with the bits
    if 2 * len(selected_rows) > len(rows.row_of):
        alive = c["alive"]
        every = rows.cached(
            ("keyed facets", groups), lambda: _keyed_counts(rows, np.flatnonzero(alive), alive, groups=groups)
        )
        rest = alive & ~selected
        left = _keyed_counts(rows, np.flatnonzero(rest), rest, groups=groups)
        keyed = [n - m for n, m in zip(every, left, strict=True)]
    else:
        keyed = _keyed_counts(rows, selected_rows, selected, groups=groups)
    counts = [*bits, *keyed]
    tiles, leaves, forms, group_forms, locations, groups, providers, organisations = counts
    target_groups, left_groups = _key_counts(rows, groups, rows.group_codes, size)
    by_provider, left_providers = _key_counts(rows, providers, rows.providers, size)
    by_organisation, left_organisations = _key_counts(rows, organisations, rows.organisations, size)
    others = (
        ("target_groups", left_groups),
        ("providers", left_providers),
        ("organisations", left_organisations),
    )
    return Facets(
        _named(TILES, tiles),
        _named(LEAVES, leaves),
        _named(FORMS, forms),
        _named(GROUPS, group_forms),
        _named(LOCATIONS, locations),
        target_groups,
        by_provider,
        by_organisation,
        {name: left for name, left in others if left},
    )
