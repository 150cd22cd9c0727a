"""The rows of the catalogue index: numpy columns of small integers per instrument, and postings per key.

A row is one version of one instrument. Updating an instrument appends a new row and marks the old one dead;
dead rows stay until the index compacts itself. A build fills the columns and postings in bulk; `Rows.add`
appends one row, for updates.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import chain
from operator import attrgetter
from typing import Any, cast

import numpy as np

from eva_core.domain import (
    DAYS_PER_UNIT,
    ExecutionForm,
    GroupForm,
    Instrument,
    LocationType,
    Tile,
    area_keys,
)
from eva_core.domain._places import MUNICIPALITY, REGION, AreaKey
from eva_core.search._matching import LEAVES

__all__ = ["BIT", "FORMS", "GROUPS", "LOCATIONS", "TILES", "Codes", "Columns", "Postings", "Rows", "mask"]

TILES = tuple(Tile)
FORMS = tuple(ExecutionForm)
GROUPS = tuple(GroupForm)
LOCATIONS = tuple(LocationType)
BIT = {member: 1 << n for members in (TILES, LEAVES, FORMS, GROUPS, LOCATIONS) for n, member in enumerate(members)}
"""Each choice's bit in its column: tiles, leaves, forms, group forms and location types each count from 1."""
_NO_DAY, _ALWAYS = -(2**31), 2**31 - 1


def mask(members: Iterable[Any]) -> int:
    """The bits of *members* in their column, or-ed together."""
    result = 0
    for member in members:
        result |= BIT[member]
    return result


def _set_mask(members: frozenset[Any]) -> int:
    """`mask` of a set an instrument links, groups of characteristics left out (only leaves have a bit)."""
    result = 0
    for member in members:
        result |= BIT.get(member, 0)
    return result


class _SetMasks(dict[frozenset[Any], int]):
    """`_set_mask` of every set seen, worked out on first sight: catalogues repeat the same sets.

    A lookup that hits stays in C (cheaper than an lru_cache call); only a new set calls Python.
    """

    def __missing__(self, members: frozenset[Any]) -> int:
        self[members] = found = _set_mask(members)
        return found


_SET_MASKS = _SetMasks()


def _set_masks(sets: Sequence[frozenset[Any]]) -> Any:  # noqa: ANN401 - an int array
    """`_set_mask` of each set (numpy reads an iterator of known length without a list in between)."""
    if len(_SET_MASKS) > 65_536:
        _SET_MASKS.clear()
    return np.fromiter(map(_SET_MASKS.__getitem__, sets), dtype=np.int64, count=len(sets))


class Columns:
    """Growable numpy columns, one row per instrument version."""

    SPEC: Mapping[str, Any] = {
        "alive": np.bool_,
        "leaves": np.uint16,
        "tiles": np.uint16,
        "forms": np.uint16,
        "groups": np.uint8,
        "locations": np.uint8,
        "publishable": np.bool_,
        "start": np.int32,
        "until": np.int32,
        "restricted": np.bool_,
        "costs": np.float64,
        "days": np.float32,  # whole days, hours as 1/8 and months as 30.4375: exact in float32
        "hours": np.float32,
        "rating": np.float64,  # the rating term's factor, 0 for an instrument without a rating
        "provider": np.int32,
        "organisation": np.int32,
    }

    def __init__(self, capacity: int = 1024) -> None:
        self.size = 0
        self.arrays = {name: np.zeros(capacity, dtype=kind) for name, kind in self.SPEC.items()}

    def __getitem__(self, name: str) -> Any:  # noqa: ANN401 - a numpy view
        return self.arrays[name][: self.size]

    def reserve(self, rows: int) -> None:
        """Make room for *rows* more rows."""
        needed = self.size + rows
        capacity = len(self.arrays["alive"])
        if needed <= capacity:
            return
        capacity = max(needed, 2 * capacity)
        for name, column in self.arrays.items():
            grown = np.zeros(capacity, dtype=column.dtype)
            grown[: self.size] = column[: self.size]
            self.arrays[name] = grown

    def extend(self, values: Mapping[str, Sequence[Any]], count: int) -> int:
        """Fill the next *count* rows with *values* per column (the rest stays zero); return the first row."""
        self.reserve(count)
        first = self.size
        for name, column in values.items():
            self.arrays[name][first : first + count] = column
        self.size += count
        return first

    def nbytes(self, names: Iterable[str]) -> int:
        """Bytes the named columns hold over the rows in use."""
        return sum(self.arrays[name][: self.size].nbytes for name in names)


class Codes:
    """A small integer per key (a provider id, an organisation id, a target group id), in first-seen order."""

    def __init__(self) -> None:
        self.keys: list[str] = []
        self.code_of: dict[str, int] = {}
        self._sorted: Any = None

    def sorted_codes(self) -> Any:  # noqa: ANN401 - an int array
        """The codes in the order of their keys."""
        if self._sorted is None or len(self._sorted) != len(self.keys):
            self._sorted = np.array(sorted(range(len(self.keys)), key=self.keys.__getitem__), dtype=np.int64)
        return self._sorted

    def codes(self, keys: Sequence[str]) -> list[int]:
        """The code of each key, new keys given theirs in order of first sight."""
        code_of = self.code_of
        for key in dict.fromkeys(keys):
            if key not in code_of:
                code_of[key] = len(self.keys)
                self.keys.append(key)
        return list(map(code_of.__getitem__, keys))

    def code(self, key: str) -> int:
        """The key's code, given on first sight."""
        found = self.code_of.get(key)
        if found is None:
            found = self.code_of[key] = len(self.keys)
            self.keys.append(key)
        return found


class Postings:
    """Rows per key (an area, a term), with a weight each when weighted.

    A bulk build gives each key one numpy array; updates append to a tail per key. Rows of a key keep the
    order they were added in.
    """

    def __init__(self, weighted: bool = False) -> None:
        self.weighted = weighted
        self._base: dict[str, tuple[Any, Any]] = {}
        self._tail: dict[str, tuple[array[int], array[float]]] = {}
        self._cache: dict[str, tuple[Any, Any]] = {}

    def add(self, key: str, row: int, weight: float = 1.0) -> None:
        """Note that *row* has *key*, with a weight when the postings are weighted."""
        rows, weights = self._tail.setdefault(key, (array("i"), array("f")))
        rows.append(row)
        if self.weighted:
            weights.append(weight)
        self._cache.pop(key, None)

    def extend(self, keys: Sequence[str], rows: Any, weights: Any = None) -> None:  # noqa: ANN401 - numpy or lists
        """Add many (key, row, weight) at once."""
        vocabulary = {key: n for n, key in enumerate(dict.fromkeys(keys))}
        codes = np.fromiter(map(vocabulary.__getitem__, keys), dtype=np.int32, count=len(keys))
        self.extend_coded(list(vocabulary), codes, rows, weights)

    def extend_coded(self, names: Sequence[str], codes: Any, rows: Any, weights: Any = None) -> None:  # noqa: ANN401
        """Add many (names[code], row, weight) at once: one sort, then one array per new key."""
        if not len(codes):
            return
        order = np.argsort(codes, kind="stable")
        rows = np.asarray(rows, dtype=np.int32)[order]
        weights = np.asarray(weights, dtype=np.float32)[order] if self.weighted else None
        bounds = np.searchsorted(np.asarray(codes)[order], np.arange(len(names) + 1)).tolist()
        for n, key in enumerate(names):
            part = slice(bounds[n], bounds[n + 1])
            if part.start == part.stop:
                continue
            if key in self._base or key in self._tail:  # an update: append after what is there
                added = rows[part].tolist()
                shares = weights[part].tolist() if weights is not None else [1.0] * len(added)
                for row, weight in zip(added, shares, strict=True):
                    self.add(key, row, weight)
            else:
                self._base[key] = (rows[part], None if weights is None else weights[part])
        self._cache.clear()

    def get(self, key: str) -> tuple[Any, Any]:
        """The rows with *key* as an int32 array, and their weights (None when unweighted)."""
        cached = self._cache.get(key)
        if cached is None:
            base_rows, base_weights = self._base.get(key, (np.empty(0, np.int32), np.empty(0, np.float32)))
            if base_weights is None:
                base_weights = np.empty(0, np.float32)
            tail = self._tail.get(key)
            if tail is None:
                cached = (base_rows, base_weights if self.weighted else None)
            else:
                rows = np.concatenate([base_rows, np.frombuffer(tail[0], dtype=np.int32)])
                weights = (
                    np.concatenate([base_weights, np.frombuffer(tail[1], dtype=np.float32)]) if self.weighted else None
                )
                cached = (rows, weights)
            self._cache[key] = cached
        return cached

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*self._base, *self._tail]))

    def __contains__(self, key: object) -> bool:
        return key in self._base or key in self._tail

    def nbytes(self) -> int:
        """Bytes of the row numbers and weights (not the dicts around them)."""
        base = sum(int(r.nbytes) + (0 if w is None else int(w.nbytes)) for r, w in self._base.values())
        return base + sum(r.itemsize * len(r) + w.itemsize * len(w) for r, w in self._tail.values())


class _Read:
    """The values of attributes of *instruments*, a column at a time, each attribute read once per build."""

    def __init__(self, instruments: Sequence[Instrument]) -> None:
        self.instruments = instruments
        self.count = len(instruments)
        self._read: dict[str, list[Any]] = {}
        self._sizes: dict[str, Any] = {}

    def __call__(self, name: str) -> list[Any]:
        found = self._read.get(name)
        if found is None:
            found = self._read[name] = list(map(attrgetter(name), self.instruments))
        return found

    def sizes(self, name: str) -> Any:  # noqa: ANN401 - an int array
        """The length of each instrument's *name* (a set or tuple)."""
        found = self._sizes.get(name)
        if found is None:
            found = self._sizes[name] = np.fromiter(map(len, self(name)), dtype=np.int64, count=self.count)
        return found


def _per_distinct(convert: Callable[[Any], Any], values: Sequence[Any]) -> list[Any]:
    """``convert`` of each value, called once per distinct value: a catalogue repeats its dates and amounts."""
    table = {value: convert(value) for value in dict.fromkeys(values)}
    return list(map(table.__getitem__, values))


def _durations(read: _Read) -> Any:  # noqa: ANN401 - a float array
    """`duration_in_days` of each instrument (NaN for none): its value times `DAYS_PER_UNIT` of its unit.

    Units are told apart by identity: an enum member hashes in Python, and there are only four.
    """
    units = read("total_duration_unit")
    factors = {
        id(unit): math.nan if unit is None else DAYS_PER_UNIT[unit]
        for unit in dict(zip(map(id, units), units, strict=True)).values()
    }
    values = np.array(read("total_duration_value"), dtype=np.float64)  # None is NaN
    return values * np.array(list(map(factors.__getitem__, map(id, units))), dtype=np.float64)


def _column_values(read: _Read) -> dict[str, Any]:
    """Every column's values for the instruments, a column at a time (no Python loop over all fields per row)."""
    tiles = _set_masks(read("tiles"))
    locations = [_set_mask(frozenset(location.type for location in at)) if at else 0 for at in read("locations")]
    return {
        "leaves": _set_masks(read("client_characteristics")),
        "tiles": tiles,
        "forms": _set_masks(read("execution_forms")),
        "groups": _set_masks(read("group_forms")),
        "locations": locations,
        # Instrument.publish and Instrument.is_complete (a tile and a client characteristic); every tile has a bit
        "publishable": np.array(read("publish"), dtype=np.bool_)
        & (tiles != 0)
        & (read.sizes("client_characteristics") != 0),
        "start": _per_distinct(lambda day: _NO_DAY if day is None else day.toordinal(), read("publish_from")),
        "until": _per_distinct(lambda day: _ALWAYS if day is None else day.toordinal(), read("publish_until")),
        # Instrument.has_area_restriction
        "restricted": (
            read.sizes("available_regions") + read.sizes("available_municipalities") + read.sizes("available_districts")
        )
        != 0,
        "costs": np.array(  # Decimal converts to float through text: once per distinct amount
            _per_distinct(lambda amount: math.nan if amount is None else float(amount), read("total_costs")),
            dtype=np.float64,
        ),
        "days": _durations(read),
        "hours": np.array(read("intensity_hours_per_week"), dtype=np.float32),
    }


def _area_postings(read: _Read, first: int) -> tuple[list[str], Any, Any]:
    """The `area_keys` of each instrument as key names, a code per (key, row) pair and the rows, for `Postings`.

    Regions and municipalities are keyed by their code under the `AreaKey` kind, a list at a time, each
    distinct code named once; an instrument that names districts gets its keys from `area_keys` itself.
    """
    vocabulary: dict[str, int] = {}
    codes = [np.empty(0, dtype=np.int32)]
    rows = [np.empty(0, dtype=np.int32)]
    for kind, attribute in ((REGION, "available_regions"), (MUNICIPALITY, "available_municipalities")):
        prefix = str(AreaKey(kind, ""))
        flat = list(chain.from_iterable(filter(None, read(attribute))))  # most instruments name no area
        local = {code: vocabulary.setdefault(prefix + code, len(vocabulary)) for code in dict.fromkeys(flat)}
        codes.append(np.array(list(map(local.__getitem__, flat)), dtype=np.int32))
        rows.append(np.repeat(np.arange(first, first + read.count, dtype=np.int32), read.sizes(attribute)))
    extra_codes: list[int] = []
    extra_rows: list[int] = []
    for n in np.flatnonzero(read.sizes("available_districts")).tolist():
        instrument = read.instruments[n]
        known = {str(AreaKey(REGION, c)) for c in instrument.available_regions} | {
            str(AreaKey(MUNICIPALITY, c)) for c in instrument.available_municipalities
        }
        for key in map(str, area_keys(instrument)):
            if key not in known:
                extra_codes.append(vocabulary.setdefault(key, len(vocabulary)))
                extra_rows.append(first + n)
    codes.append(np.array(extra_codes, dtype=np.int32))
    rows.append(np.array(extra_rows, dtype=np.int32))
    return list(vocabulary), np.concatenate(codes), np.concatenate(rows)


class Rows:
    """Every indexed instrument as a row: its columns, its keys in postings, and the instrument itself."""

    def __init__(self) -> None:
        self.columns = Columns()
        self.instruments: list[Instrument | None] = []
        self.row_of: dict[str, int] = {}
        self.areas = Postings()
        self.district_homes: dict[str, str] = {}
        """The municipality each district named by a live instrument lies in, to place a client given a district."""
        self._district_names: dict[str, int] = {}
        """How many live instruments name each district: one no live instrument names places no client."""
        self.providers = Codes()
        self.organisations = Codes()
        self.group_codes = Codes()
        self._group_pairs: tuple[array[int], array[int]] = (array("i"), array("i"))  # (row, group code)
        self.dead = 0
        self.generation = 0
        """Counts every change, so caches over the rows know when they are stale."""
        self._cache: dict[object, Any] = {}
        self._cache_generation = 0

    def cached(self, key: object, make: Callable[[], Any]) -> Any:  # noqa: ANN401
        """What *make* returns for *key*, made once per generation of the rows (treat it as read-only)."""
        if self._cache_generation != self.generation or len(self._cache) > 256:
            self._cache.clear()
            self._cache_generation = self.generation
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = make()
        return found

    def extend(self, instruments: Sequence[Instrument], ratings: Mapping[str, float]) -> int:
        """Append a row per instrument (whose ids must not be indexed yet) and return the first row.

        Of instruments that repeat an id, the last one counts, in the place of the first. The columns are
        filled a column at a time; only instruments that name districts are read one by one.
        """
        count = len(instruments)
        read = _Read(instruments)
        ids = read("id")
        first = self.columns.size
        row_of = dict(zip(ids, range(first, first + count), strict=True))
        if len(row_of) != count:
            return self.extend(list(dict(zip(ids, instruments, strict=True)).values()), ratings)
        columns = _column_values(read)
        columns["alive"] = np.ones(count, dtype=np.bool_)
        columns["rating"] = [ratings.get(i, 0.0) for i in ids] if ratings else np.zeros(count)
        columns["provider"] = self.providers.codes(read("provider.id"))
        columns["organisation"] = self.organisations.codes(read("organisation.id"))
        self.columns.extend(columns, count)
        self.instruments += instruments
        if self.row_of:
            self.row_of.update(row_of)
        else:  # a build: the dict made above becomes the index's, not copied
            self.row_of = row_of
        self.areas.extend_coded(*_area_postings(read, first))  # met by a place's keys in `area_mask`
        districts = read("available_districts")
        for n in np.flatnonzero(read.sizes("available_districts")).tolist():
            for district in districts[n]:
                self.district_homes[district.id] = district.municipality
                self._district_names[district.id] = self._district_names.get(district.id, 0) + 1
        self._extend_groups(read, first)
        self.generation += 1
        return first

    def _extend_groups(self, read: _Read, first: int) -> None:
        """Note a (row, target group code) pair per target group the instruments name, in row order."""
        groups = list(chain.from_iterable(read("target_groups")))
        if groups:
            rows = np.repeat(np.arange(first, first + read.count, dtype=np.int32), read.sizes("target_groups"))
            self._group_pairs[0].frombytes(rows.astype(np.intc).tobytes())
            codes = self.group_codes.codes(list(map(attrgetter("id"), groups)))
            self._group_pairs[1].frombytes(np.array(codes, dtype=np.intc).tobytes())

    def added_since(self, first: int) -> list[Instrument]:
        """The instruments of rows *first* and on, which must all be live (as right after `extend`)."""
        return cast("list[Instrument]", self.instruments[first:])

    def add(self, instrument: Instrument, rating: float | None) -> int:
        """Append a row for *instrument* (whose id must not be indexed yet) and return its number."""
        return self.extend([instrument], {} if rating is None else {instrument.id: rating})

    def remove(self, instrument_id: str) -> int:
        """Mark the instrument's row dead and return its number; KeyError if it is not indexed."""
        row = self.row_of.pop(instrument_id)
        self.columns.arrays["alive"][row] = False
        for district in cast("Instrument", self.instruments[row]).available_districts:
            self._district_names[district.id] -= 1
            if not self._district_names[district.id]:  # as in an index built from the live instruments
                del self._district_names[district.id], self.district_homes[district.id]
        self.instruments[row] = None
        self.dead += 1
        self.generation += 1
        return row

    def live(self, row: int) -> Instrument:
        """The instrument of a live row."""
        instrument = self.instruments[row]
        assert instrument is not None  # noqa: S101 - masks only select live rows
        return instrument

    def any_of(self, postings: Postings, keys: Iterable[str]) -> Any:  # noqa: ANN401 - a numpy mask
        """A mask of the rows that have at least one of *keys*."""
        found = np.zeros(self.columns.size, dtype=bool)
        for key in keys:
            found[postings.get(key)[0]] = True
        return found

    def in_groups(self, keys: Iterable[str]) -> Any:  # noqa: ANN401 - a numpy mask
        """A mask of the rows that name at least one of the target groups *keys* (all groups when None)."""
        rows, codes = self.group_pairs()
        wanted = [self.group_codes.code_of[k] for k in keys if k in self.group_codes.code_of]
        found = np.zeros(self.columns.size, dtype=bool)
        found[rows[np.isin(codes, wanted)] if len(wanted) < len(self.group_codes.keys) else rows] = True
        return found

    def group_pairs(self) -> tuple[Any, Any]:
        """Every (row, target group code) link as two int32 arrays."""
        rows, codes = self._group_pairs
        return np.frombuffer(rows, dtype=np.int32), np.frombuffer(codes, dtype=np.int32)

    def nbytes(self) -> int:
        """Bytes of the ranking columns and postings (not the instruments, nor the dicts around them)."""
        return self.columns.nbytes(Columns.SPEC) + self.areas.nbytes() + 2 * 4 * len(self._group_pairs[0])
