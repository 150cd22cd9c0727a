"""The catalogue index: ranks, filters and searches, and keeps itself current per instrument.

The parts live beside it: `_columns` (numpy columns and postings per row), `_filters` (hard rules,
filters and facets as masks) and `_fulltext` (the text index).
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import warnings
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs
import numpy as np
from attrs import frozen

from eva_core.areas import bundled_areas
from eva_core.domain import (
    AreaClassification,
    AreaError,
    ClientProfile,
    Criteria,
    Instrument,
    MergedMunicipality,
    Place,
    say,
)
from eva_core.search._columns import BIT, TILES, Rows, mask
from eva_core.search._filters import Facets, criteria_mask, eligible_mask
from eva_core.search._filters import facets as count_facets
from eva_core.search._fulltext import TextIndex
from eva_core.search._matching import (
    DEFAULT_WEIGHTS,
    LEAVES,
    NOTHING_ASKED_FOR,
    Explanation,
    Match,
    Reason,
    Weights,
    exclusions,
    score,
)
from eva_core.search._text import Analyzer

__all__ = ["CatalogueIndex", "Hit", "SearchResult", "explain", "rank"]

_POPCOUNT = np.array([n.bit_count() for n in range(1 << len(TILES))], dtype=np.float64)
_UNRANKED = np.int32(2**31 - 1)
_TILES_IN_ORDER = sorted(TILES, key=lambda t: t.order)


@frozen
class _Asked:
    """What a profile asks for, as bits with their reasons in the order reasons are given.

    Made once per query, not per match: a reason depends only on the profile and the weights.
    """

    needs: tuple[tuple[int, Reason], ...]
    tiles: tuple[tuple[int, Reason], ...]

    @classmethod
    def of(cls, profile: ClientProfile, w: Weights) -> _Asked:
        needs = tuple(
            (1 << n, Reason("characteristic", leaf.key, leaf.label, need, need * w.characteristic))
            for n, leaf in enumerate(LEAVES)
            if (need := profile.needs.get(leaf)) is not None
        )
        tiles = tuple(
            (BIT[t], Reason("tile", t.key, t.label, 1.0, w.tile)) for t in _TILES_IN_ORDER if t in profile.tiles
        )
        return cls(needs, tiles)


@frozen
class Hit:
    """A text search result: the instrument, its BM25 relevance and, with a profile, its match score."""

    instrument: Instrument
    relevance: float
    score: float


@frozen
class SearchResult:
    """A page of hits, the number of all hits, and facet counts over all of them (None when not asked for)."""

    hits: tuple[Hit, ...]
    total: int
    facets: Facets | None


class CatalogueIndex:
    """Ranks, filters and searches a catalogue for a client, and explains every result and exclusion.

    Build it once from any iterable of instruments (a repository's ``list()``, a demo catalogue), then keep
    it current with `add` and `remove`. It keeps no client data: profiles pass through queries only.
    With ``text=False`` it skips the full-text index (ranking and filters only; text queries find nothing);
    ``analyzer`` replaces the shipped Dutch `Analyzer` (another stemmer, overrides or dictionary of parts).
    ``areas`` places clients (their region, merged codes) and names places in explanations; by default the
    bundled classification (`eva_core.areas.bundled_areas`). ``ratings`` (per instrument id, as `summarise`
    gives them) must be finite numbers, as weights are: a NaN score has no place in an order (ValueError).
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
        analyzer: Analyzer | None = None,
    ) -> None:
        self.areas = areas or bundled_areas()
        self.ratings = dict(ratings or {})
        unrated = next((key for key, value in self.ratings.items() if not math.isfinite(value)), None)
        if unrated is not None:  # a NaN score sorts nowhere: `_top` picked fewer than *limit* rows with it
            raise ValueError(say("error.rating-not-finite", instrument=unrated).text())
        self.weights = weights
        self.strict_target_groups = strict_target_groups
        self._rows = Rows()
        self._text = TextIndex(analyzer) if text else None
        self._rank: Any = None
        self._sorted_ids: list[str] = []
        self._area_names: tuple[AreaClassification, dict[str, str]] | None = None
        self._build(instruments)

    def _build(self, instruments: Iterable[Instrument]) -> None:
        """Fill the columns and postings in bulk; a later instrument with the same id replaces an earlier one."""
        first = self._rows.extend(list(instruments), self.ratings)
        if self._text is not None:
            self._text.extend(first, self._rows.added_since(first))

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
        instrument = self.get(instrument_id)
        row = self._rows.remove(instrument_id)
        if self._text is not None:
            self._text.remove(row, instrument)
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
            analyzer=None if self._text is None else self._text.analyzer,
        )
        self.__dict__.update(fresh.__dict__)

    def nbytes(self) -> dict[str, int]:
        """Bytes held by the ranking columns and postings, and by the text postings (not the instruments)."""
        text = 0 if self._text is None else self._text.nbytes(self._rows.columns.size)
        return {"ranking": self._rows.nbytes(), "text": text}

    # Ranking

    def rank(self, profile: ClientProfile, *, limit: int | None = 20) -> list[Match]:
        """The instruments that pass every hard rule for *profile*, best first, at most *limit*."""
        rows = np.flatnonzero(self._eligible(profile))
        top = self._top(rows, self._scores(profile, rows), limit)
        asked = _Asked.of(profile, self.weights)
        chosen = [row for row, _ in top]
        c = self._rows.columns
        bits = zip(c["leaves"][chosen].tolist(), c["tiles"][chosen].tolist(), strict=True)
        return [self._match(profile, asked, row, total, *both) for (row, total), both in zip(top, bits, strict=True)]

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

    def place(self, where: ClientProfile | Place | None) -> Place | None:
        """Where a client lives (the profile's criteria's place), placed by the classification.

        A place that names no region gets its region and the codes merged into it, and a district the
        municipality the catalogue says it lies in. None when there is no place (then areas are not checked).
        Raises `eva_core.domain.UnknownArea` for a municipality the classification does not have (and the other
        `AreaError` types as `AreaClassification.place` does), with the same code and candidates but a message
        that never repeats the place; warns `MergedMunicipality` for one a herindeling abolished.
        """
        place = where.criteria.place if isinstance(where, ClientProfile) else where
        if place is None or place.region is not None or (place.municipality is None and place.district is None):
            return place
        home = None if place.district is None else self._rows.district_homes.get(place.district)
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", MergedMunicipality)
                placed = self.areas.place(
                    municipality=place.municipality, district=place.district, district_municipality=home
                )
        except AreaError as error:  # the classification's message names the place: personal data here
            refused = type(error)(say("error.client-place", code=error.code), error.code, error.candidates)
        else:
            for warning in caught:  # said again without the place; `merger` keeps it for the professional's screen
                if isinstance(merged := warning.message, MergedMunicipality):
                    warnings.warn(
                        MergedMunicipality(merged.merger, say("problem.merged-municipality.client")), stacklevel=2
                    )
                else:
                    warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
            return placed
        raise refused  # outside the except block, so no context holds the place either

    def _names(self) -> Mapping[str, str]:
        """The name of each code of the classification, made once per classification (52 µs a why-not)."""
        areas = self.areas
        if self._area_names is not None and self._area_names[0] is areas:
            return self._area_names[1]
        names = {code: merger.old_name for code, merger in areas.mergers.items()}
        names.update((code, item.name) for code, item in areas.municipalities.items())
        names.update((code, item.name) for code, item in areas.regions.items())
        self._area_names = (areas, names)
        return names

    def _placed(self, criteria: Criteria, day: dt.date | None = None, *, client: bool = False) -> Criteria:
        """*criteria* with the day when one is given; a client's place is placed by the classification.

        A query's place is used as given, exactly as `Criteria.matches` reads it.
        """
        place = self.place(criteria.place) if client else criteria.place
        published_on = criteria.published_on or day
        if place == criteria.place and published_on == criteria.published_on:
            return criteria
        return _evolved(criteria, place=place, published_on=published_on)

    def _match(  # noqa: PLR0913, PLR0917 - the row and what is known of it
        self, profile: ClientProfile, asked: _Asked, row: int, total: float, leaves: int, tiles: int
    ) -> Match:
        """The match of a row with its reasons, read from the row's bits (the score is already known)."""
        instrument = self._rows.live(row)
        w = self.weights
        reasons = [reason for bit, reason in asked.needs if leaves & bit]
        reasons += [reason for bit, reason in asked.tiles if tiles & bit]
        if profile.target_groups and instrument.target_groups:
            groups = sorted((g for g in instrument.target_groups if g.id in profile.target_groups), key=lambda g: g.id)
            if groups:
                reasons.append(Reason("target_group", groups[0].id, groups[0].name, 1.0, w.target_group))
        if not reasons and profile.asks_for_something:
            reasons.append(NOTHING_ASKED_FOR)
        rating = self.ratings.get(instrument.id)
        if rating is not None and w.rating:
            reasons.append(Reason("rating", "general", f"{rating:.1f}", rating, rating * w.rating))
        return Match(instrument, total, tuple(reasons))

    def _eligible(self, profile: ClientProfile) -> Any:  # noqa: ANN401
        criteria = self._placed(profile.criteria, profile.day(), client=True)
        return eligible_mask(self._rows, profile, criteria, strict_target_groups=self.strict_target_groups)

    def _scores(self, profile: ClientProfile, rows: Any) -> Any:  # noqa: ANN401
        """The scores of *rows* for *profile*: the vectorised `score`, adding in the same order.

        Each part is read by `take` with native indices (numpy's gather with uint16 indices is several times
        slower), and a part the profile does not ask for is left out: it would add 0.0, which changes no sum.
        """
        c, w = self._rows.columns, self.weights
        parts = []
        if needs := _needed_leaves(profile, w):
            wanted, table = _leaf_points(needs)
            parts.append(table.take((c["leaves"].take(rows) & wanted).astype(np.intp)))
        if tiles := mask(profile.tiles):
            points = _POPCOUNT * w.tile + 0.0  # as added to 0.0: a weight of -0.0 gives 0.0, never -0.0
            parts.append(points.take((c["tiles"].take(rows) & tiles).astype(np.intp)))
        scores = parts[0] + parts[1] if len(parts) == 2 else parts[0] if parts else np.zeros(len(rows))
        if profile.target_groups:
            scores += self._rows.in_groups(profile.target_groups).take(rows) * w.target_group
        if w.rating:
            scores += c["rating"].take(rows) * w.rating
        return scores

    def _id_rank(self) -> Any:  # noqa: ANN401
        """Each row's place in id order; made once, then kept current by `add` and `remove`."""
        if self._rank is None:
            rank = np.full(max(self._rows.columns.size, 1), _UNRANKED, dtype=np.int32)
            ordered = sorted(self._rows.row_of.items())
            rank[[row for _, row in ordered]] = np.arange(len(ordered), dtype=np.int32)
            self._rank = rank
            self._sorted_ids = [instrument_id for instrument_id, _ in ordered]
        return self._rank[: self._rows.columns.size]

    def _by_id(self) -> Any:  # noqa: ANN401 - an int array
        """The live rows in id order; made once per generation of the rows."""

        def made() -> Any:  # noqa: ANN401
            ranks = self._id_rank()
            live = np.flatnonzero(ranks != _UNRANKED)
            by_id = np.empty(len(live), dtype=np.int32)  # 4 bytes a row, as the id rank itself
            by_id[ranks[live]] = live
            return by_id

        return self._rows.cached(("rows by id",), made)

    def _first_by_id(self, rows: Any, count: int) -> Any:  # noqa: ANN401
        """The positions in *rows* of the *count* rows first in id order, in that order (*rows* has more).

        Walks the rows in id order a stretch at a time: with many rows given, the first stretch or two hold
        enough of them, where looking up and partitioning every row's place in id order reads them all.
        """
        by_id = self._by_id()
        position = np.zeros(self._rows.columns.size, dtype=np.int32)  # 0: not in rows, else its position + 1
        position[rows] = np.arange(1, len(rows) + 1, dtype=np.int32)
        step = max(_STRETCH, 4 * count * len(by_id) // len(rows))
        found, have = [], 0
        for start in range(0, len(by_id), step):
            stretch = position.take(by_id[start : start + step])
            found.append(stretch[stretch != 0])
            have += len(found[-1])
            if have >= count:
                break
        return np.concatenate(found)[:count] - 1

    def _top(self, rows: Any, scores: Any, limit: int | None) -> list[tuple[int, float]]:  # noqa: ANN401
        """The best *limit* rows by score, ties by instrument id, without sorting everything.

        Many rows are first narrowed by an even sample: the *limit*-th best score of a sample (its floor) is never
        above the *limit*-th best of all. When fewer than *limit* rows score above the floor, the floor is that
        score, and only ties at it are left to decide; otherwise every row of the top scores above the floor,
        and only those rows are partitioned. Only the rows that may be picked have their place in id order looked
        up, or, with many ties (a profile that asks for nothing, a search without text), the first rows in id
        order are walked to.
        """
        id_rank = self._id_rank()
        if limit is None or limit >= len(rows):
            picked = np.arange(len(rows))
        elif limit <= 0:
            return []
        else:
            kth, tied = None, None
            if len(rows) > _SAMPLE * limit:
                floor = _floor(scores, limit)
                above = np.flatnonzero(scores > floor)
                if len(above) < limit:
                    kth, better = floor, above
                    if not len(above) and scores.min() == floor:  # every row ties: no need to find them
                        tied = self._first_by_id(rows, limit)
                else:
                    rows, scores = rows[above], scores[above]
            if kth is None:
                kth = -np.partition(-scores, limit - 1)[limit - 1]
                better = np.flatnonzero(scores > kth)
            if tied is None:
                tied = np.flatnonzero(scores == kth)
            needed = limit - len(better)
            if needed < len(tied):
                if len(tied) > _SAMPLE * limit:
                    tied = tied[self._first_by_id(rows[tied], needed)]
                else:
                    tied = tied[np.argpartition(id_rank[rows[tied]], needed - 1)[:needed]]
            picked = np.concatenate([better, tied])
        order = picked[np.lexsort((id_rank[rows[picked]], -scores[picked]))]
        return [(int(rows[i]), float(scores[i])) for i in order]

    # Filtering and text search

    def filter(self, criteria: Criteria) -> list[Instrument]:
        """The indexed instruments that meet *criteria*, by id; the same as `Criteria.matches` would keep."""
        rows = np.flatnonzero(criteria_mask(self._rows, criteria))
        return sorted((self._rows.live(int(row)) for row in rows), key=lambda i: i.id)

    def search(  # noqa: PLR0913 - keyword-only options
        self,
        text: str = "",
        *,
        criteria: Criteria | None = None,
        profile: ClientProfile | None = None,
        limit: int | None = 20,
        include_unpublished: bool = False,
        facets: bool = True,
        facet_size: int | None = None,
        offset: int = 0,
    ) -> SearchResult:
        """Find instruments by Dutch text (BM25; the last word may be half typed), within *criteria*.

        Only instruments published on the criteria's ``published_on`` (else the profile's day, else today)
        are found, as in ranking; *include_unpublished* lifts that default (for editors looking for concepts
        and expired ones). With a *profile*, only instruments that pass its hard rules are found, and
        relevance is combined with the match score: hits are ordered by score first, then relevance. Being
        published on the profile's day is one of those rules, so *include_unpublished* changes nothing then.
        Facets count all hits; ``facets=False`` skips counting them (``SearchResult.facets`` is then None).
        With a *facet_size* of n, the facets per target group, provider and organisation keep only the n keys
        with the most hits (ties: the first keys), still in key order, and `Facets.others` sums what each left
        out; None keeps every key. A *facet_size* below 1 raises ValueError.
        *offset* pages: the hits start after the first *offset* of the whole order (which stays the same), and
        only the page's instruments are fetched; a negative *offset* raises ValueError.
        """
        if facet_size is not None and facet_size < 1:
            raise ValueError(say("error.facet-size", size=facet_size).text())
        if offset < 0:
            raise ValueError(say("error.offset", offset=offset).text())
        end = None if limit is None else offset + max(limit, 0)
        if profile is not None and criteria is None:  # the profile's hard rules hold its criteria and day
            selected = self._eligible(profile)
        else:
            day = None if include_unpublished else profile.day() if profile is not None else today()
            selected = criteria_mask(self._rows, self._placed(criteria or Criteria(), day))
            if profile is not None:
                selected &= self._eligible(profile)
        relevance = self._relevance(text) if text.strip() else None
        if relevance is not None:
            selected &= relevance > 0
        few = None  # without facets or a profile, only the hits a sample cannot rule out from the top are needed
        if relevance is not None and profile is None and not facets and end is not None and end > 0:
            few = _contending_hits(selected, relevance, end)
        total = int(np.count_nonzero(selected)) if few is not None else None
        rows = np.flatnonzero(selected) if few is None else few
        relevance_at = relevance[rows] if relevance is not None else np.zeros(len(rows))
        scores_at = self._scores(profile, rows) if profile is not None else None  # None: every score is 0
        if offset >= len(rows):
            chosen: list[int] = []
        elif scores_at is None:
            chosen = [row for row, _ in self._top(rows, relevance_at, end)][offset:]
        else:
            chosen = self._top_by_score(rows, scores_at, relevance_at, end)[offset:]
        where = np.searchsorted(rows, chosen).tolist()  # rows are sorted: no dict over all hits
        hits = tuple(
            Hit(self._rows.live(row), float(relevance_at[n]), 0.0 if scores_at is None else float(scores_at[n]))
            for row, n in zip(chosen, where, strict=True)
        )
        counted = count_facets(self._rows, rows, selected, facet_size) if facets else None
        return SearchResult(hits, len(rows) if total is None else total, counted)

    def _top_by_score(self, rows: Any, scores: Any, relevance: Any, limit: int | None) -> list[int]:  # noqa: ANN401
        """The best *limit* of *rows* by score, then relevance, then id: relevance only orders equal scores.

        Scores are compared exactly, as `rank` compares them (a key such as score × 1e6 + relevance would let
        relevance outweigh a score that differs in its last bits, or vanish beside very large weights). Only
        the rows tied at the *limit*-th score are chosen among by relevance, with `_top`.
        """
        if limit is not None and limit <= 0:
            return []
        picked = np.arange(len(rows))
        if limit is not None and limit < len(rows):
            kth = -np.partition(-scores, limit - 1)[limit - 1]
            better = np.flatnonzero(scores > kth)
            tied = np.flatnonzero(scores == kth)
            needed = limit - len(better)
            if needed < len(tied):
                tied = np.searchsorted(rows, [row for row, _ in self._top(rows[tied], relevance[tied], needed)])
            picked = np.concatenate([better, tied])
        id_rank = self._id_rank()
        order = picked[np.lexsort((id_rank[rows[picked]], -relevance[picked], -scores[picked]))]
        return [int(rows[i]) for i in order]

    def _relevance(self, text: str) -> Any:  # noqa: ANN401
        alive = self._rows.columns["alive"]
        if self._text is None:
            return np.zeros(len(alive), dtype=np.float64)
        return self._text.scores(text, alive, len(self), self._rows.dead)


_LEAF_BIT = {leaf: n for n, leaf in enumerate(LEAVES)}


def _needed_leaves(profile: ClientProfile, w: Weights) -> list[tuple[int, float]]:
    """The bit of each leaf the profile needs with the points it gives, in leaf order (the reference's order)."""
    return sorted(
        (_LEAF_BIT[leaf], need * w.characteristic) for leaf, need in profile.needs.items() if leaf in _LEAF_BIT
    )


def _leaf_points(needs: list[tuple[int, float]]) -> tuple[int, Any]:
    """The bits of the needed leaves, and per combination of them (a row's leaves and those bits) its points.

    Each sum adds in leaf order, as `score` does: a combination with a higher bit is one without it, plus
    that bit's points. Only the 2**k combinations of the k needed leaves are made, in Python floats (the same
    IEEE double sums as numpy's) while they are few, and the table reaches only the highest combination.
    """
    combinations: Any = [0]
    points: Any = [0.0]
    for bit, more in needs:
        if len(combinations) < 64:
            combinations += [c | 1 << bit for c in combinations]
            points += [p + more for p in points]
        else:
            combinations = np.concatenate([combinations, np.asarray(combinations) | (1 << bit)])
            points = np.concatenate([points, np.asarray(points) + more])
    wanted = int(combinations[-1])
    table = np.zeros(wanted + 1, dtype=np.float64)
    table[combinations] = points
    return wanted, table


_CRITERIA_FIELDS = tuple(a.name for a in attrs.fields(Criteria))


def _evolved(criteria: Criteria, **changes: Any) -> Criteria:  # noqa: ANN401
    """``attrs.evolve(criteria, **changes)`` without running the checks again, for values that pass them.

    A classified place and a day always pass; checking the other fields again cost half of `_eligible`. A
    subclass of `Criteria` (fields and checks of its own) is evolved as usual.
    """
    if type(criteria) is not Criteria:
        return attrs.evolve(criteria, **changes)
    made: Criteria = object.__new__(Criteria)
    for name in _CRITERIA_FIELDS:
        object.__setattr__(made, name, changes[name] if name in changes else getattr(criteria, name))
    return made


_SAMPLE = 64
"""`_top` first narrows more than this many rows per place asked for to the rows a sample cannot rule out."""
_STRETCH = 1024
"""`_first_by_id` looks at least this many rows in id order at a time."""


def _sample_step(count: int, limit: int) -> int:
    """Every how many of *count* values the even sample of `_floor` and `_contending_hits` takes one.

    A sample of s values leaves about count * limit / s values above its *limit*-th best, so s grows with the
    square root of count * limit (and holds at least a quarter of `_SAMPLE` values per place asked for).
    """
    return max(1, count // max(_SAMPLE // 4 * limit, math.isqrt(count * limit)))


def _floor(scores: Any, limit: int) -> Any:  # noqa: ANN401 - a numpy float
    """The *limit*-th best score of an even sample of *scores* (more than `_SAMPLE` times *limit* of them).

    The *limit*-th best of a subset is never above the *limit*-th best of all.
    """
    sample = scores[:: _sample_step(len(scores), limit)]
    return -np.partition(-sample, limit - 1)[limit - 1]


def _contending_hits(selected: Any, relevance: Any, limit: int) -> Any:  # noqa: ANN401 - numpy arrays
    """The rows of the hits (*selected*) whose *relevance* reaches the *limit*-th best of an even sample of hits.

    None when the sample holds fewer than *limit* hits. The *limit*-th best of some hits is never above the
    *limit*-th best of all, so every hit of the top (ties included) stays; with hundreds of thousands of hits
    (1M instruments) one pass over all rows finds these few, where listing every hit and its relevance takes
    three.
    """
    step = _sample_step(len(relevance), limit)
    sample = np.where(selected[::step], relevance[::step], 0.0)
    if np.count_nonzero(sample) < limit:
        return None
    floor = -np.partition(-sample, limit - 1)[limit - 1]
    return np.flatnonzero((relevance >= floor) & selected)


def today() -> dt.date:
    """The calendar day searches and rankings are for when none is given."""
    return dt.date.today()  # noqa: DTZ011 - a calendar day in the municipality's own zone


def _configured(
    index: CatalogueIndex,
    areas: AreaClassification | None,
    weights: Weights | None,
    strict_target_groups: bool | None,
) -> CatalogueIndex:
    """*index* with the settings that were given: a view for one query, sharing the index's rows."""
    if areas is None and weights is None and strict_target_groups is None:
        return index
    view = copy.copy(index)
    view.areas = index.areas if areas is None else areas
    view.weights = index.weights if weights is None else weights
    view.strict_target_groups = index.strict_target_groups if strict_target_groups is None else strict_target_groups
    return view


def rank(  # noqa: PLR0913 - keyword-only settings of a one-off index
    profile: ClientProfile,
    instruments: Iterable[Instrument] | CatalogueIndex,
    *,
    limit: int | None = 20,
    areas: AreaClassification | None = None,
    weights: Weights | None = None,
    strict_target_groups: bool | None = None,
) -> list[Match]:
    """Rank *instruments* for *profile*: a one-off `CatalogueIndex(...).rank(...)`.

    Given an index, the settings given here apply to this ranking instead of the index's own (they are all
    read at query time); settings left out are the index's.
    """
    if isinstance(instruments, CatalogueIndex):
        index = _configured(instruments, areas, weights, strict_target_groups)
    else:
        index = CatalogueIndex(
            instruments,
            areas=areas,
            weights=weights or DEFAULT_WEIGHTS,
            strict_target_groups=bool(strict_target_groups),
        )
    return index.rank(profile, limit=limit)


def explain(  # noqa: PLR0913 - keyword-only settings
    profile: ClientProfile,
    instrument: Instrument | str,
    *,
    index: CatalogueIndex | None = None,
    areas: AreaClassification | None = None,
    weights: Weights | None = None,
    strict_target_groups: bool | None = None,
) -> Explanation:
    """Why *instrument* is in the profile's ranking (score and reasons), or every hard rule that excludes it.

    With an *index*, *instrument* may be an id, and the settings given here apply instead of the index's own.
    """
    if index is not None:
        return _configured(index, areas, weights, strict_target_groups).explain(profile, instrument)
    if isinstance(instrument, str):
        raise TypeError("explain needs an index to look up an instrument id; pass index=")
    one = CatalogueIndex(
        [instrument], areas=areas, weights=weights or DEFAULT_WEIGHTS, strict_target_groups=bool(strict_target_groups)
    )
    return one.explain(profile, instrument)
