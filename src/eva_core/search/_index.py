"""The catalogue index: ranks, filters and searches, and keeps itself current per instrument.

The parts live beside it: `_columns` (numpy columns and postings per row), `_filters` (hard rules,
filters and facets as masks) and `_fulltext` (the text index).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import numpy as np
from attrs import frozen

from eva_core.areas import bundled_areas
from eva_core.domain import AreaClassification, ClientProfile, Criteria, Instrument, Place
from eva_core.search._columns import TILES, Rows, mask
from eva_core.search._filters import Facets, criteria_mask, eligible_mask, facets
from eva_core.search._fulltext import TextIndex
from eva_core.search._matching import (
    DEFAULT_WEIGHTS,
    LEAVES,
    Explanation,
    Match,
    Weights,
    exclusions,
    score,
)

__all__ = ["CatalogueIndex", "Hit", "SearchResult", "explain", "rank"]

_POPCOUNT = np.array([n.bit_count() for n in range(1 << len(TILES))], dtype=np.float64)
_UNRANKED = np.int32(2**31 - 1)


@frozen
class Hit:
    """A text search result: the instrument, its BM25 relevance and, with a profile, its match score."""

    instrument: Instrument
    relevance: float
    score: float


@frozen
class SearchResult:
    """A page of hits, the number of all hits, and facet counts over all of them."""

    hits: tuple[Hit, ...]
    total: int
    facets: Facets


class CatalogueIndex:
    """Ranks, filters and searches a catalogue for a client, and explains every result and exclusion.

    Build it once from any iterable of instruments (a repository's ``list()``, a demo catalogue), then keep
    it current with `add` and `remove`. It keeps no client data: profiles pass through queries only.
    With ``text=False`` it skips the full-text index (ranking and filters only; text queries find nothing).
    ``areas`` places clients (their region, merged codes) and names places in explanations; by default the
    bundled classification (`eva_core.areas.bundled_areas`).
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
        self.areas = areas or bundled_areas()
        self.ratings = dict(ratings or {})
        self.weights = weights
        self.strict_target_groups = strict_target_groups
        self._rows = Rows()
        self._text = TextIndex() if text else None
        self._rank: Any = None
        self._sorted_ids: list[str] = []
        for instrument in instruments:
            self.add(instrument)

    @property
    def text(self) -> bool:
        """Whether the index holds the full-text index."""
        return self._text is not None

    def __len__(self) -> int:
        return len(self._rows.row_of)

    def __contains__(self, instrument_id: object) -> bool:
        return instrument_id in self._rows.row_of

    def __repr__(self) -> str:
        return f"CatalogueIndex({len(self)} instruments)"

    def __iter__(self) -> Iterator[Instrument]:
        for instrument_id in sorted(self._rows.row_of):
            yield self.get(instrument_id)

    def get(self, instrument_id: str) -> Instrument:
        """The indexed instrument with this id; KeyError if there is none."""
        return self._rows.live(self._rows.row_of[instrument_id])

    # Keeping the index current

    def add(self, instrument: Instrument) -> None:
        """Index an instrument; one with an id already indexed replaces the old one."""
        if instrument.id in self._rows.row_of:
            self.remove(instrument.id)
        row = self._rows.add(instrument, self.ratings.get(instrument.id))
        if self._text is not None:
            self._text.add(row, instrument)
        if self._rank is not None:  # keep the id order current: later ids move one place down
            position = bisect_left(self._sorted_ids, instrument.id)
            self._sorted_ids.insert(position, instrument.id)
            if len(self._rank) < self._rows.columns.size:
                self._rank = np.concatenate([self._rank, np.full(len(self._rank), _UNRANKED, dtype=np.int32)])
            live = self._rank[: self._rows.columns.size]
            live[(live >= position) & (live != _UNRANKED)] += 1
            live[row] = position

    def remove(self, instrument_id: str) -> None:
        """Drop an instrument from the index; KeyError if it is not there."""
        row = self._rows.remove(instrument_id)
        if self._text is not None:
            self._text.remove(row)
        if self._rank is not None:
            position = int(self._rank[row])
            del self._sorted_ids[position]
            live = self._rank[: self._rows.columns.size]
            live[row] = _UNRANKED
            live[(live > position) & (live != _UNRANKED)] -= 1
        size = self._rows.columns.size
        if size > 1024 and len(self) < size // 2:
            self._compact()

    def _compact(self) -> None:
        live = [i for i in self._rows.instruments if i is not None]
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
        text = 0 if self._text is None else self._text.nbytes(self._rows.columns.size)
        return {"ranking": self._rows.nbytes(), "text": text}

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
                place=self.place(profile),
                strict_target_groups=self.strict_target_groups,
                names=self._names(),
            ),
        )

    def place(self, profile: ClientProfile) -> Place | None:
        """Where *profile*'s client lives, as the classification and the catalogue's districts place it.

        None when the profile gives no municipality or district (then areas are not checked). Raises
        `eva_core.domain.UnknownArea` for a municipality the classification does not have, and warns
        `MergedMunicipality` for one a herindeling abolished.
        """
        if profile.municipality is None and profile.district is None:
            return None
        home = None if profile.district is None else self._rows.district_homes.get(profile.district)
        return self.areas.place(
            municipality=profile.municipality, district=profile.district, district_municipality=home
        )

    def _names(self) -> dict[str, str]:
        areas = self.areas
        names = {code: merger.old_name for code, merger in areas.mergers.items()}
        names.update((code, item.name) for code, item in areas.municipalities.items())
        names.update((code, item.name) for code, item in areas.regions.items())
        return names

    def _match(self, profile: ClientProfile, row: int) -> Match:
        instrument = self._rows.live(row)
        total, reasons = score(profile, instrument, self.weights, self.ratings.get(instrument.id))
        return Match(instrument, total, reasons)

    def _eligible(self, profile: ClientProfile) -> Any:  # noqa: ANN401
        return eligible_mask(
            self._rows, profile, place=self.place(profile), strict_target_groups=self.strict_target_groups
        )

    def _scores(self, profile: ClientProfile) -> Any:  # noqa: ANN401
        c, w = self._rows.columns, self.weights
        per_leaf = [profile.needs.get(leaf, 0.0) * w.characteristic for leaf in LEAVES]
        table = np.zeros(1 << len(LEAVES), dtype=np.float64)
        for bit, points in enumerate(per_leaf):  # each sum in leaf order, exactly as the reference adds them
            table[1 << bit : 2 << bit] = table[: 1 << bit] + points
        scores = table[c["leaves"]] + _POPCOUNT[c["tiles"] & mask(profile.tiles)] * w.tile
        if profile.target_groups:
            bonus = np.zeros_like(scores)
            for group in profile.target_groups:
                bonus[self._rows.groups.get(group)[0]] = w.target_group
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
            rank = np.full(max(self._rows.columns.size, 1), _UNRANKED, dtype=np.int32)
            ordered = sorted(self._rows.row_of.items())
            rank[[row for _, row in ordered]] = np.arange(len(ordered), dtype=np.int32)
            self._rank = rank
            self._sorted_ids = [instrument_id for instrument_id, _ in ordered]
        return self._rank[: self._rows.columns.size]

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
        rows = np.flatnonzero(criteria_mask(self._rows, criteria))
        return sorted((self._rows.live(int(row)) for row in rows), key=lambda i: i.id)

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
        selected = criteria_mask(self._rows, criteria or Criteria())
        if profile is not None:
            selected &= self._eligible(profile)
        relevance = self._relevance(text) if text.strip() else None
        if relevance is not None:
            selected &= relevance > 0
        rows = np.flatnonzero(selected)
        counts = facets(self._rows, rows)
        relevance_at = relevance[rows] if relevance is not None else np.zeros(len(rows))
        scores_at = self._scores(profile)[rows] if profile is not None else np.zeros(len(rows))
        key = scores_at * 1e6 + relevance_at if profile is not None else relevance_at
        chosen = self._top(rows, key, limit)
        where = np.searchsorted(rows, [row for row, _ in chosen])  # rows are sorted: no dict over every hit
        hits = tuple(
            Hit(self._rows.live(row), float(relevance_at[n]), float(scores_at[n]))
            for (row, _), n in zip(chosen, where.tolist(), strict=True)
        )
        return SearchResult(hits, len(rows), counts)

    def _relevance(self, text: str) -> Any:  # noqa: ANN401
        alive = self._rows.columns["alive"]
        if self._text is None:
            return np.zeros(len(alive), dtype=np.float64)
        return self._text.scores(text, alive, len(self))


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
