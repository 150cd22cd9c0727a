"""The rows of the catalogue index: numpy columns of small integers per instrument, and postings per key.

A row is one version of one instrument. Updating an instrument appends a new row and marks the old one dead;
dead rows stay until the index compacts itself.
"""

from __future__ import annotations

import datetime as dt
import math
from array import array
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import numpy as np

from eva_core.domain import ExecutionForm, GroupForm, Instrument, LocationType, Tile, area_keys, duration_in_days
from eva_core.search._matching import LEAVES

__all__ = ["BIT", "FORMS", "GROUPS", "LOCATIONS", "TILES", "Columns", "Postings", "Rows", "mask"]

TILES = tuple(Tile)
FORMS = tuple(ExecutionForm)
GROUPS = tuple(GroupForm)
LOCATIONS = tuple(LocationType)
BIT = {member: 1 << n for members in (TILES, LEAVES, FORMS, GROUPS, LOCATIONS) for n, member in enumerate(members)}
"""Each choice's bit in its column: tiles, leaves, forms, group forms and location types each count from 1."""
_NO_DAY, _ALWAYS = np.int32(-(2**31)), np.int32(2**31 - 1)


def mask(members: Iterable[Any]) -> int:
    """The bits of *members* in their column, or-ed together."""
    result = 0
    for member in members:
        result |= BIT[member]
    return result


def _day(day: dt.date | None, missing: np.int32) -> np.int32:
    return missing if day is None else np.int32(day.toordinal())


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
        "days": np.float64,
        "hours": np.float32,
        "rating": np.float64,
    }

    def __init__(self, capacity: int = 1024) -> None:
        self.size = 0
        self.arrays = {name: np.zeros(capacity, dtype=kind) for name, kind in self.SPEC.items()}

    def __getitem__(self, name: str) -> Any:  # noqa: ANN401 - a numpy view
        return self.arrays[name][: self.size]

    def append(self, values: Mapping[str, Any]) -> int:
        """Fill the next row with *values* (the rest stays zero) and return its number."""
        if self.size == len(self.arrays["alive"]):
            for name, column in self.arrays.items():
                grown = np.zeros(2 * len(column), dtype=column.dtype)
                grown[: self.size] = column[: self.size]
                self.arrays[name] = grown
        row = self.size
        for name, value in values.items():
            self.arrays[name][row] = value
        self.size += 1
        return row

    def nbytes(self, names: Iterable[str]) -> int:
        """Bytes the named columns hold over the rows in use."""
        return sum(self.arrays[name][: self.size].nbytes for name in names)


class Postings:
    """Rows per key (an area, a target group, a term), append-only, with numpy views made on demand."""

    def __init__(self, weighted: bool = False) -> None:
        self.rows: dict[str, array[int]] = {}
        self.weights: dict[str, array[float]] | None = {} if weighted else None
        self._cache: dict[str, tuple[Any, Any]] = {}

    def add(self, key: str, row: int, weight: float = 1.0) -> None:
        """Note that *row* has *key*, with a weight when the postings are weighted."""
        self.rows.setdefault(key, array("i")).append(row)
        if self.weights is not None:
            self.weights.setdefault(key, array("f")).append(weight)
        self._cache.pop(key, None)

    def get(self, key: str) -> tuple[Any, Any]:
        """The rows with *key* as an int32 array, and their weights (None when unweighted)."""
        cached = self._cache.get(key)
        if cached is None:
            rows = np.frombuffer(self.rows[key], dtype=np.int32) if key in self.rows else np.empty(0, np.int32)
            weights = (
                np.frombuffer(self.weights[key], dtype=np.float32)
                if self.weights is not None and key in self.weights
                else None
            )
            cached = self._cache[key] = (rows.copy(), None if weights is None else weights.copy())
        return cached

    def __iter__(self) -> Iterator[str]:
        return iter(self.rows)

    def __contains__(self, key: object) -> bool:
        return key in self.rows

    def nbytes(self) -> int:
        """Bytes of the row numbers and weights (not the dict around them)."""
        total = sum(len(rows) * 4 for rows in self.rows.values())
        return total + sum(len(w) * 4 for w in (self.weights or {}).values())


class Rows:
    """Every indexed instrument as a row: its columns, its keys in postings, and the instrument itself."""

    def __init__(self) -> None:
        self.columns = Columns()
        self.instruments: list[Instrument | None] = []
        self.row_of: dict[str, int] = {}
        self.areas = Postings()
        self.district_homes: dict[str, str] = {}
        """The municipality each district named by an instrument lies in, to place a client given a district."""
        self.groups = Postings()
        self.providers = Postings()
        self.organisations = Postings()

    def add(self, instrument: Instrument, rating: float | None) -> int:
        """Append a row for *instrument* (whose id must not be indexed yet) and return its number."""
        row = self.columns.append(
            {
                "alive": True,
                "leaves": mask(instrument.client_characteristics & set(LEAVES)),
                "tiles": mask(instrument.tiles),
                "forms": mask(instrument.execution_forms),
                "groups": mask(instrument.group_forms),
                "locations": mask({loc.type for loc in instrument.locations}),
                "publishable": instrument.publish and instrument.is_complete,
                "start": _day(instrument.publish_from, _NO_DAY),
                "until": _day(instrument.publish_until, _ALWAYS),
                "restricted": instrument.has_area_restriction,
                "costs": math.nan if instrument.total_costs is None else float(instrument.total_costs),
                "days": math.nan if (days := duration_in_days(instrument)) is None else days,
                "hours": math.nan
                if instrument.intensity_hours_per_week is None
                else instrument.intensity_hours_per_week,
                "rating": math.nan if rating is None else rating,
            }
        )
        self.instruments.append(instrument)
        self.row_of[instrument.id] = row
        for key in area_keys(instrument):  # the area rule's keys, met by a place's keys in `area_mask`
            self.areas.add(str(key), row)
        for district in instrument.available_districts:
            self.district_homes[district.id] = district.municipality
        for group in instrument.target_groups:
            self.groups.add(group.id, row)
        self.providers.add(instrument.provider.id, row)
        self.organisations.add(instrument.organisation.id, row)
        return row

    def remove(self, instrument_id: str) -> int:
        """Mark the instrument's row dead and return its number; KeyError if it is not indexed."""
        row = self.row_of.pop(instrument_id)
        self.columns.arrays["alive"][row] = False
        self.instruments[row] = None
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

    def nbytes(self) -> int:
        """Bytes of the ranking columns and postings."""
        names = [name for name in Columns.SPEC if name != "rating"]
        postings = (self.areas, self.groups, self.providers, self.organisations)
        return self.columns.nbytes(names) + sum(p.nbytes() for p in postings)
