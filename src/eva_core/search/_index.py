"""The catalogue index: numpy columns of small integers per instrument, and a Dutch full-text index.

Built once, then updated per instrument: a change is a removal plus an addition.
"""

from __future__ import annotations

import datetime as dt
import math
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping, Sequence
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
    Instrument,
    LocationType,
    Tile,
    duration_in_days,
)
from eva_core.search._areas import AreaClassification
from eva_core.search._matching import (
    DEFAULT_WEIGHTS,
    LEAVES,
    Explanation,
    Match,
    Weights,
    exclusions,
    score,
)
from eva_core.search._text import analyze, query_terms

__all__ = ["CatalogueIndex", "Facets", "Hit", "SearchResult"]

TILES = tuple(Tile)
FORMS = tuple(ExecutionForm)
GROUPS = tuple(GroupForm)
LOCATIONS = tuple(LocationType)
_BIT = {member: 1 << n for members in (TILES, LEAVES, FORMS, GROUPS, LOCATIONS) for n, member in enumerate(members)}
_POPCOUNT = np.array([n.bit_count() for n in range(1 << len(TILES))], dtype=np.float64)
_NO_DAY, _ALWAYS = np.int32(-(2**31)), np.int32(2**31 - 1)
_UNRANKED = np.int32(2**31 - 1)
_FIELDS = (("name", 3.0), ("summary", 2.0))
_OTHER_TEXTS = (
    "aim",
    "method",
    "distinctive_approach",
    "participation_conditions",
    "target_group_description",
    "additional_information",
)
_K1, _B = 1.2, 0.75


def _mask(members: Iterable[Any]) -> int:
    result = 0
    for member in members:
        result |= _BIT[member]
    return result


def _day(day: dt.date | None, missing: np.int32) -> np.int32:
    return missing if day is None else np.int32(day.toordinal())


@frozen
class Hit:
    """A text search result: the instrument, its BM25 relevance and, with a profile, its match score."""

    instrument: Instrument
    relevance: float
    score: float


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


@frozen
class SearchResult:
    """A page of hits, the number of all hits, and facet counts over all of them."""

    hits: tuple[Hit, ...]
    total: int
    facets: Facets


class _Columns:
    """Growable numpy columns, one row per instrument version; dead rows stay until compaction."""

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
        "length": np.float32,
        "rating": np.float64,
    }

    def __init__(self, capacity: int = 1024) -> None:
        self.size = 0
        self.arrays = {name: np.zeros(capacity, dtype=kind) for name, kind in self.SPEC.items()}

    def __getitem__(self, name: str) -> Any:  # noqa: ANN401 - a numpy view
        return self.arrays[name][: self.size]

    def append(self, values: Mapping[str, Any]) -> int:
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

    def nbytes(self) -> int:
        return sum(column[: self.size].nbytes for column in self.arrays.values())


class _Postings:
    """Rows per key (an area, a target group, a term), append-only, with numpy views made on demand."""

    def __init__(self, weighted: bool = False) -> None:
        self.rows: dict[str, array[int]] = {}
        self.weights: dict[str, array[float]] | None = {} if weighted else None
        self._cache: dict[str, tuple[Any, Any]] = {}

    def add(self, key: str, row: int, weight: float = 1.0) -> None:
        self.rows.setdefault(key, array("i")).append(row)
        if self.weights is not None:
            self.weights.setdefault(key, array("f")).append(weight)
        self._cache.pop(key, None)

    def get(self, key: str) -> tuple[Any, Any]:
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

    def nbytes(self) -> int:
        total = sum(len(rows) * 4 for rows in self.rows.values())
        return total + sum(len(w) * 4 for w in (self.weights or {}).values())


class CatalogueIndex:
    """Ranks, filters and searches a catalogue for a client, and explains every result and exclusion.

    Build it once from any iterable of instruments (a repository's ``list()``, a demo catalogue), then keep
    it current with `add` and `remove`. It keeps no client data: profiles pass through queries only.
    With ``text=False`` it skips the full-text index (ranking and filters only; text queries find nothing).
    """

    def __init__(  # noqa: PLR0913 - keyword-only settings
        self,
        instruments: Iterable[Instrument] = (),
        *,
        areas: AreaClassification | None = None,
        weights: Weights = DEFAULT_WEIGHTS,
        strict_target_groups: bool = False,
        text: bool = True,
        ratings: Mapping[str, float] | None = None,
    ) -> None:
        self.areas = areas
        self.text = text
        self.ratings = dict(ratings or {})
        self.weights = weights
        self.strict_target_groups = strict_target_groups
        self._columns = _Columns()
        self._instruments: list[Instrument | None] = []
        self._row_of: dict[str, int] = {}
        self._area = _Postings()
        self._group = _Postings()
        self._provider = _Postings()
        self._organisation = _Postings()
        self._terms = _Postings(weighted=True)
        self._vocabulary: list[str] | None = None
        self._rank: Any = None
        self._sorted_ids: list[str] = []
        self._total_length = 0.0
        for instrument in instruments:
            self.add(instrument)

    def __len__(self) -> int:
        return len(self._row_of)

    def __contains__(self, instrument_id: object) -> bool:
        return instrument_id in self._row_of

    def __repr__(self) -> str:
        return f"CatalogueIndex({len(self)} instruments)"

    def __iter__(self) -> Iterator[Instrument]:
        for instrument_id in sorted(self._row_of):
            yield self.get(instrument_id)

    def get(self, instrument_id: str) -> Instrument:
        """The indexed instrument with this id; KeyError if there is none."""
        instrument = self._instruments[self._row_of[instrument_id]]
        assert instrument is not None  # noqa: S101 - live rows always hold their instrument
        return instrument

    # Keeping the index current

    def add(self, instrument: Instrument) -> None:  # noqa: C901 - one column or posting per line
        """Index an instrument; one with an id already indexed replaces the old one."""
        if instrument.id in self._row_of:
            self.remove(instrument.id)
        terms: dict[str, float] = {}
        for name, weight in _FIELDS if self.text else ():
            for term in analyze(getattr(instrument, name)):
                terms[term] = terms.get(term, 0.0) + weight
        if self.text:
            others = [getattr(instrument, name) for name in _OTHER_TEXTS] + [instrument.provider.name]
            for term in analyze(" ".join(text for text in others if text)):
                terms[term] = terms.get(term, 0.0) + 1.0
        length = float(sum(terms.values()))
        row = self._columns.append(
            {
                "alive": True,
                "leaves": _mask(instrument.client_characteristics & set(LEAVES)),
                "tiles": _mask(instrument.tiles),
                "forms": _mask(instrument.execution_forms),
                "groups": _mask(instrument.group_forms),
                "locations": _mask({loc.type for loc in instrument.locations}),
                "publishable": instrument.publish and instrument.is_complete,
                "start": _day(instrument.publish_from, _NO_DAY),
                "until": _day(instrument.publish_until, _ALWAYS),
                "restricted": instrument.has_area_restriction,
                "costs": math.nan if instrument.total_costs is None else float(instrument.total_costs),
                "days": math.nan if (days := duration_in_days(instrument)) is None else days,
                "hours": math.nan
                if instrument.intensity_hours_per_week is None
                else instrument.intensity_hours_per_week,
                "length": length,
                "rating": self.ratings.get(instrument.id, math.nan),
            }
        )
        self._instruments.append(instrument)
        self._row_of[instrument.id] = row
        for code in instrument.available_municipalities | instrument.available_regions:
            self._area.add(code, row)
        for district in instrument.available_districts:
            self._area.add(f"district:{district.id}", row)
        for group in instrument.target_groups:
            self._group.add(group.id, row)
        self._provider.add(instrument.provider.id, row)
        self._organisation.add(instrument.organisation.id, row)
        for term, frequency in terms.items():
            if term not in self._terms.rows:
                self._vocabulary = None
            self._terms.add(term, row, frequency)
        self._total_length += length
        if self._rank is not None:  # keep the id order current: later ids move one place down
            position = bisect_left(self._sorted_ids, instrument.id)
            self._sorted_ids.insert(position, instrument.id)
            if len(self._rank) < self._columns.size:
                self._rank = np.concatenate([self._rank, np.full(len(self._rank), _UNRANKED, dtype=np.int32)])
            live = self._rank[: self._columns.size]
            live[(live >= position) & (live != _UNRANKED)] += 1
            live[row] = position

    def remove(self, instrument_id: str) -> None:
        """Drop an instrument from the index; KeyError if it is not there."""
        row = self._row_of.pop(instrument_id)
        self._columns.arrays["alive"][row] = False
        self._total_length -= float(self._columns.arrays["length"][row])
        self._instruments[row] = None
        if self._rank is not None:
            position = int(self._rank[row])
            del self._sorted_ids[position]
            live = self._rank[: self._columns.size]
            live[row] = _UNRANKED
            live[(live > position) & (live != _UNRANKED)] -= 1
        if self._columns.size > 1024 and len(self._row_of) < self._columns.size // 2:
            self._compact()

    def _compact(self) -> None:
        live = [i for i in self._instruments if i is not None]
        fresh = CatalogueIndex(
            live,
            areas=self.areas,
            weights=self.weights,
            strict_target_groups=self.strict_target_groups,
            text=self.text,
            ratings=self.ratings,
        )
        self.__dict__.update(fresh.__dict__)

    def nbytes(self) -> dict[str, int]:
        """Bytes held by the ranking columns and postings, and by the text postings (not the instruments)."""
        ranking = self._columns.nbytes() - self._columns["length"].nbytes - self._columns["rating"].nbytes
        ranking += sum(p.nbytes() for p in (self._area, self._group, self._provider, self._organisation))
        return {"ranking": ranking, "text": self._terms.nbytes() + self._columns["length"].nbytes}

    # Ranking

    def rank(self, profile: ClientProfile, *, limit: int | None = 20) -> list[Match]:
        """The instruments that pass every hard rule for *profile*, best first, at most *limit*."""
        rows, scores = self._scored(profile)
        return [self._match(profile, row) for row, _ in self._top(rows, scores, limit)]

    def explain(self, profile: ClientProfile, instrument: Instrument | str) -> Explanation:
        """Why *instrument* is in the profile's result with its score, or every hard rule that keeps it out."""
        if isinstance(instrument, str):
            instrument = self.get(instrument)
        total, reasons = score(profile, instrument, self.weights, self.ratings.get(instrument.id))
        return Explanation(
            instrument.id,
            total,
            reasons,
            exclusions(
                profile,
                instrument,
                region=self._region(profile),
                strict_target_groups=self.strict_target_groups,
                names=self._names(),
            ),
        )

    def _names(self) -> dict[str, str]:
        if self.areas is None:
            return {}
        return {
            code: item.name for table in (self.areas.municipalities, self.areas.regions) for code, item in table.items()
        }

    def _region(self, profile: ClientProfile) -> str | None:
        if self.areas is None or profile.municipality is None:
            return None
        return self.areas.region_of(profile.municipality)

    def _match(self, profile: ClientProfile, row: int) -> Match:
        instrument = self._live(row)
        total, reasons = score(profile, instrument, self.weights, self.ratings.get(instrument.id))
        return Match(instrument, total, reasons)

    def _eligible(self, profile: ClientProfile) -> Any:  # noqa: ANN401, C901 - the hard rules, vectorised
        c = self._columns
        day = profile.day().toordinal()
        ok = c["alive"] & c["publishable"] & (c["start"] <= day) & (day <= c["until"])
        if profile.municipality or profile.district:
            here = ~c["restricted"]
            for key in (profile.municipality, self._region(profile)):
                if key is not None:
                    here[self._area.get(key)[0]] = True
            if profile.district is not None:
                here[self._area.get(f"district:{profile.district}")[0]] = True
            ok &= here
        if profile.max_costs is not None:
            ok &= ~(c["costs"] > float(profile.max_costs))
        if profile.max_hours_per_week is not None:
            ok &= ~(c["hours"] > profile.max_hours_per_week)
        if profile.group_form is not None:
            ok &= (c["groups"] == 0) | ((c["groups"] & _BIT[profile.group_form]) != 0)
        if profile.execution_forms:
            ok &= (c["forms"] & _mask(profile.execution_forms)) != 0
        for used in profile.used_instruments:
            if used in self._row_of:
                ok[self._row_of[used]] = False
        if self.strict_target_groups:
            allowed = np.zeros_like(ok)
            for group in profile.target_groups:
                allowed[self._group.get(group)[0]] = True
            ok &= allowed | ~self._has_groups()
        return ok

    def _has_groups(self) -> Any:  # noqa: ANN401
        has = np.zeros(self._columns.size, dtype=bool)
        for key in self._group:
            has[self._group.get(key)[0]] = True
        return has

    def _scores(self, profile: ClientProfile) -> Any:  # noqa: ANN401
        c, w = self._columns, self.weights
        per_leaf = [profile.needs.get(leaf, 0.0) * w.characteristic for leaf in LEAVES]
        table = np.zeros(1 << len(LEAVES), dtype=np.float64)
        for bit, points in enumerate(per_leaf):  # each sum in leaf order, exactly as the reference adds them
            table[1 << bit : 2 << bit] = table[: 1 << bit] + points
        scores = table[c["leaves"]] + _POPCOUNT[c["tiles"] & _mask(profile.tiles)] * w.tile
        if profile.target_groups:
            bonus = np.zeros_like(scores)
            for group in profile.target_groups:
                bonus[self._group.get(group)[0]] = w.target_group
            scores = scores + bonus
        if w.rating:
            rated = c["rating"]
            scores = np.where(np.isnan(rated), scores, scores + rated * w.rating)
        return scores

    def _scored(self, profile: ClientProfile) -> tuple[Any, Any]:
        rows = np.flatnonzero(self._eligible(profile))
        return rows, self._scores(profile)[rows]

    def _id_rank(self) -> Any:  # noqa: ANN401
        """Each row's place in id order; made once, then kept current by `add` and `remove`."""
        if self._rank is None:
            rank = np.full(max(self._columns.size, 1), _UNRANKED, dtype=np.int32)
            ordered = sorted(self._row_of.items())
            rank[[row for _, row in ordered]] = np.arange(len(ordered), dtype=np.int32)
            self._rank = rank
            self._sorted_ids = [instrument_id for instrument_id, _ in ordered]
        return self._rank[: self._columns.size]

    def _top(self, rows: Any, scores: Any, limit: int | None) -> list[tuple[int, float]]:  # noqa: ANN401
        """The best *limit* rows by score, ties by instrument id, without sorting everything."""
        rank = self._id_rank()[rows]
        if limit is not None and limit < len(rows):
            if limit <= 0:
                return []
            kth = -np.partition(-scores, limit - 1)[limit - 1]
            better = np.flatnonzero(scores > kth)
            tied = np.flatnonzero(scores == kth)
            needed = limit - len(better)
            if needed < len(tied):
                tied = tied[np.argpartition(rank[tied], needed - 1)[:needed]]
            picked = np.concatenate([better, tied])
        else:
            picked = np.arange(len(rows))
        order = picked[np.lexsort((rank[picked], -scores[picked]))]
        return [(int(rows[i]), float(scores[i])) for i in order]

    # Filtering and text search

    def filter(self, criteria: Criteria) -> list[Instrument]:
        """The indexed instruments that meet *criteria*, by id; the same as `Criteria.matches` would keep."""
        rows = np.flatnonzero(self._criteria_mask(criteria))
        return sorted((self._live(int(row)) for row in rows), key=lambda i: i.id)

    def search(
        self,
        text: str = "",
        *,
        criteria: Criteria | None = None,
        profile: ClientProfile | None = None,
        limit: int | None = 20,
    ) -> SearchResult:
        """Find instruments by Dutch text (BM25; the last word may be half typed), within *criteria*.

        With a *profile*, only instruments that pass its hard rules are found, and relevance is combined with
        the match score: hits are ordered by score first, then relevance. Facets count all hits.
        """
        mask = self._criteria_mask(criteria or Criteria())
        if profile is not None:
            mask &= self._eligible(profile)
        relevance = self._bm25(text) if text.strip() else None
        if relevance is not None:
            mask &= relevance > 0
        rows = np.flatnonzero(mask)
        facets = self._facets(rows)
        relevance_at = relevance[rows] if relevance is not None else np.zeros(len(rows))
        scores_at = self._scores(profile)[rows] if profile is not None else np.zeros(len(rows))
        key = scores_at * 1e6 + relevance_at if profile is not None else relevance_at
        chosen = self._top(rows, key, limit)
        where = np.searchsorted(rows, [row for row, _ in chosen])  # rows are sorted: no dict over every hit
        hits = tuple(
            Hit(self._live(row), float(relevance_at[n]), float(scores_at[n]))
            for (row, _), n in zip(chosen, where.tolist(), strict=True)
        )
        return SearchResult(hits, len(rows), facets)

    def _live(self, row: int) -> Instrument:
        instrument = self._instruments[row]
        assert instrument is not None  # noqa: S101 - masks only select live rows
        return instrument

    def _any(self, postings: _Postings, keys: Iterable[str]) -> Any:  # noqa: ANN401
        found = np.zeros(self._columns.size, dtype=bool)
        for key in keys:
            found[postings.get(key)[0]] = True
        return found

    def _criteria_mask(self, q: Criteria) -> Any:  # noqa: ANN401, C901 - one line per part, as in Criteria
        c = self._columns
        ok = c["alive"].copy()
        for column, members in (
            ("tiles", q.tiles),
            ("leaves", q.leaves),
            ("forms", q.execution_forms),
            ("groups", q.group_forms),
            ("locations", q.location_types),
        ):
            if members:
                ok &= (c[column] & _mask(members)) != 0
        if q.target_groups:
            ok &= self._any(self._group, q.target_groups)
        if q.providers:
            ok &= self._any(self._provider, q.providers)
        if q.organisations:
            ok &= self._any(self._organisation, q.organisations)
        if q.asks_for_area:
            here = ~c["restricted"]
            keys = [k for k in (q.municipality, q.region) if k is not None]
            if q.district is not None:
                keys.append(f"district:{q.district}")
            ok &= here | self._any(self._area, keys)
        if q.published_on is not None:
            day = q.published_on.toordinal()
            ok &= c["publishable"] & (c["start"] <= day) & (day <= c["until"])
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

    def _facets(self, rows: Any) -> Facets:  # noqa: ANN401
        c = self._columns

        def bits(column: str, members: Sequence[Any]) -> dict[Any, int]:
            values = c[column][rows]
            counts = {m: int(np.count_nonzero(values & _BIT[m])) for m in members}
            return {m: n for m, n in counts.items() if n}

        selected = np.zeros(c.size, dtype=bool)
        selected[rows] = True

        def keyed(postings: _Postings) -> dict[str, int]:
            counts = {key: int(np.count_nonzero(selected[postings.get(key)[0]])) for key in postings}
            return {key: n for key, n in sorted(counts.items()) if n}

        return Facets(
            bits("tiles", TILES),
            bits("leaves", LEAVES),
            bits("forms", FORMS),
            bits("groups", GROUPS),
            bits("locations", LOCATIONS),
            keyed(self._group),
            keyed(self._provider),
            keyed(self._organisation),
        )

    def _expand(self, partial: str) -> list[str]:
        if self._vocabulary is None:
            self._vocabulary = sorted(self._terms.rows)
        start = bisect_left(self._vocabulary, partial)
        found = []
        for term in self._vocabulary[start : start + 50]:
            if not term.startswith(partial):
                break
            found.append(term)
        return found

    def _bm25(self, text: str) -> Any:  # noqa: ANN401
        terms, partial = query_terms(text)
        scores = np.zeros(self._columns.size, dtype=np.float64)
        alive = self._columns["alive"]
        documents = max(len(self._row_of), 1)
        average = self._total_length / documents if self._total_length > 0 else 1.0
        lengths = self._columns["length"]
        wanted = set(terms)
        if partial is not None:
            wanted.update(self._expand(partial))
        for term in sorted(wanted):
            if term not in self._terms.rows:
                continue
            rows, frequencies = self._terms.get(term)
            live = alive[rows]
            rows, frequencies = rows[live], frequencies[live]
            if not len(rows):
                continue
            idf = math.log(1 + (documents - len(rows) + 0.5) / (len(rows) + 0.5))
            norm = _K1 * (1 - _B + _B * lengths[rows] / average)
            scores[rows] += idf * frequencies * (_K1 + 1) / (frequencies + norm)
        return scores


def rank(  # noqa: PLR0913 - keyword-only settings of a one-off index
    profile: ClientProfile,
    instruments: Iterable[Instrument] | CatalogueIndex,
    *,
    limit: int | None = 20,
    areas: AreaClassification | None = None,
    weights: Weights = DEFAULT_WEIGHTS,
    strict_target_groups: bool = False,
) -> list[Match]:
    """Rank *instruments* for *profile*: a one-off `CatalogueIndex(...).rank(...)`."""
    index = (
        instruments
        if isinstance(instruments, CatalogueIndex)
        else CatalogueIndex(instruments, areas=areas, weights=weights, strict_target_groups=strict_target_groups)
    )
    return index.rank(profile, limit=limit)


def explain(
    profile: ClientProfile,
    instrument: Instrument,
    *,
    areas: AreaClassification | None = None,
    weights: Weights = DEFAULT_WEIGHTS,
    strict_target_groups: bool = False,
) -> Explanation:
    """Why *instrument* is in the profile's ranking (score and reasons), or every hard rule that excludes it."""
    index = CatalogueIndex([instrument], areas=areas, weights=weights, strict_target_groups=strict_target_groups)
    return index.explain(profile, instrument)
