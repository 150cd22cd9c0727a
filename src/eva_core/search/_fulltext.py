"""The full-text index: weighted term postings per row, BM25 over them, and typo-tolerant query expansion."""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from itertools import chain, compress
from operator import attrgetter
from typing import Any

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from eva_core.domain import Instrument
from eva_core.search._columns import Postings
from eva_core.search._text import Analyzer, query_terms

__all__ = ["FUZZY_WEIGHT", "TextIndex", "typo_distance"]

_FIELDS = (("name", 3.0), ("summary", 2.0))
"""Fields with their own weight; every other text counts once."""
_OTHER_TEXTS = (
    "aim",
    "method",
    "distinctive_approach",
    "participation_conditions",
    "target_group_description",
    "additional_information",
)
_TEXT_FIELDS = (
    *_FIELDS,
    *((name, 1.0) for name in _OTHER_TEXTS),
    ("provider.name", 1.0),
)
"""Every text an instrument is found by, with its weight, as `_weighted_words` reads them."""
_K1, _B = 1.2, 0.75
_PREFIX_WORDS = 50
"""How many vocabulary words a half-typed last word may stand for."""
FUZZY_WEIGHT = 0.5
"""How much a word found by typo tolerance counts against the word typed."""
_CACHED_TERMS = 4096
"""How many terms keep their BM25 contributions between queries (cleared on every change)."""
FUZZY_ENABLED = True
"""Typo tolerance on; bench/relevance.py switches it off to measure what it adds."""


def typo_distance(word: str) -> int:
    """How many edits a query word may be from an indexed word: none below 4 letters, 1, or 2 from 8 letters.

    Elasticsearch's ``fuzziness: AUTO`` in spirit; edits are insertions, deletions, substitutions and swaps of
    two neighbouring letters (optimal string alignment).
    """
    return 0 if len(word) < 4 else 1 if len(word) < 8 else 2


_BETWEEN_TEXTS = " \x00 "
"""Joins the texts of a bulk build, so that one ``split()`` reads them all; domain texts hold no NUL."""


def _pieces(instruments: Sequence[Instrument]) -> tuple[dict[str, int], Any, Any]:
    """Every text's ``split()`` pieces: each distinct piece numbered, each piece's number, and its text's number.

    The texts are those of `_TEXT_FIELDS`; a text's number is field * count + instrument. The texts of a
    chunk of instruments are joined and split at once: a list per text would wake the cyclic garbage
    collector hundreds of times over the catalogue's objects, and one string for all would hold every
    piece of a million instruments at once. Should a text ever hold the NUL piece that joins them, that
    chunk's texts are split one by one.
    """
    distinct: dict[str, int] = {}
    codes, numbers = [np.empty(0, np.int32)], [np.empty(0, np.int32)]
    count = len(instruments)
    for start in range(0, count, _CHUNK):
        chunk = instruments[start : start + _CHUNK]
        texts = [text or "" for attribute, _ in _TEXT_FIELDS for text in map(attrgetter(attribute), chunk)]
        pieces = _BETWEEN_TEXTS.join(texts).split()
        found = _numbered(distinct, pieces)
        between = found == distinct.get(_BETWEEN_TEXTS.strip(), -1)
        if np.count_nonzero(between) == len(texts) - 1:  # the NUL pieces themselves have no words
            local = np.cumsum(between, dtype=np.int32)
        else:
            split = [text.split() for text in texts]
            sizes = np.fromiter(map(len, split), dtype=np.int64, count=len(split))
            found = _numbered(distinct, list(chain.from_iterable(split)))
            local = np.repeat(np.arange(len(split), dtype=np.int32), sizes)
        codes.append(found)
        numbers.append(local // len(chunk) * count + start + local % len(chunk))  # field * count + instrument
    return distinct, np.concatenate(codes), np.concatenate(numbers)


_CHUNK = 50_000
"""Instruments whose texts a bulk build splits at once."""


def _numbered(distinct: dict[str, int], pieces: list[str]) -> Any:  # noqa: ANN401 - an int array
    """The number of every piece; pieces not in *distinct* yet get the next numbers, in order of first sight."""
    for piece in dict.fromkeys(pieces):
        if piece not in distinct:
            distinct[piece] = len(distinct)
    return np.fromiter(map(distinct.__getitem__, pieces), np.int32, len(pieces))


def _spread(start: Any, codes: Any) -> tuple[Any, Any]:  # noqa: ANN401 - numpy arrays
    """For each code, the positions ``start[code]`` up to ``start[code + 1]``, and which code each came from."""
    counts = start[codes + 1] - start[codes]
    owner = np.repeat(np.arange(len(codes)), counts)
    offsets = np.arange(len(owner)) - np.repeat(np.cumsum(counts) - counts, counts)
    return start[codes][owner] + offsets, owner


class TextIndex:
    """Dutch full-text postings over the rows of a catalogue index, scored with BM25."""

    def __init__(self, analyzer: Analyzer | None = None) -> None:
        self.analyzer = analyzer or Analyzer.shipped()
        self._terms = Postings(weighted=True)
        self._lengths = np.zeros(1024, dtype=np.float32)
        self._total_length = 0.0
        self._words: dict[str, int] = {}  # every folded word seen, numbered in first-seen order
        self._sorted_words: list[str] | None = None
        """The words of live rows, sorted (`_live_sorted`); None when a word came or went since."""
        self._live_words: Any = np.zeros(1024, dtype=np.int32)
        """Per word number, its occurrences in live rows: only words of live rows stand for a typo or a prefix."""
        self._impacts: dict[str, tuple[Any, Any]] = {}

    def _weighted_words(self, instrument: Instrument) -> dict[str, float]:
        """The instrument's words, each with its field weights added up over its occurrences."""
        others = " ".join(text for name in _OTHER_TEXTS if (text := getattr(instrument, name)))
        fields = (
            (instrument.name, _FIELDS[0][1]),
            (instrument.summary, _FIELDS[1][1]),
            (f"{others} {instrument.provider.name}", 1.0),
        )
        bag: dict[str, float] = {}
        for text, weight in fields:
            for word, count in self.analyzer.word_counts(text).items():
                bag[word] = bag.get(word, 0.0) + weight * count
        return bag

    def _number(self, words: Iterable[str]) -> list[int]:
        """The numbers of *words* in the vocabulary, new words numbered on first sight."""
        known = self._words
        numbers = [known.get(word, -1) for word in words]
        if -1 in numbers:
            self._sorted_words = None
            numbers = [known.setdefault(word, len(known)) for word in words]
        return numbers

    def _weighted_terms(self, instrument: Instrument) -> dict[str, float]:
        """The instrument's terms with their weights (one instrument, for an update)."""
        terms: dict[str, float] = {}
        bag = self._weighted_words(instrument)
        self._number(bag)
        for word, weight in bag.items():
            for term, share in self.analyzer.word_terms(word):
                terms[term] = terms.get(term, 0.0) + weight * share
        return terms

    def _occurrences(self, instrument: Instrument) -> Any:  # noqa: ANN401 - an int array
        """The number of each word of *instrument*'s texts, once per occurrence, read as `extend` reads them."""
        distinct, codes, _ = _pieces([instrument])
        words_of = [self._number(list(self.analyzer.token_words(piece))) for piece in distinct]
        return np.array([n for code in codes.tolist() for n in words_of[code]], dtype=np.intp)

    def _count_words(self, numbers: Any, step: int) -> None:  # noqa: ANN401 - an int array
        """Add *step* to the live occurrences of each word in *numbers* (one word number per occurrence)."""
        if len(self._live_words) < len(self._words):
            grown = np.zeros(max(len(self._words), 2 * len(self._live_words)), dtype=np.int32)
            grown[: len(self._live_words)] = self._live_words
            self._live_words = grown
        if len(numbers) > _CHUNK // 50:  # a build: one count over all
            counted = np.bincount(numbers, minlength=len(self._words))
            self._live_words[: len(counted)] += step * counted
            self._sorted_words = None
            return
        before = self._live_words[numbers] > 0
        np.add.at(self._live_words, numbers, step)
        if not np.array_equal(before, self._live_words[numbers] > 0):  # a word came or went
            self._sorted_words = None

    def _live_sorted(self) -> list[str]:
        """The words of live rows, sorted: those a new index of the live instruments would know."""
        if self._sorted_words is None:
            words = list(self._words)  # in the order of their numbers
            self._sorted_words = sorted(compress(words, (self._live_words[: len(words)] > 0).tolist()))
        return self._sorted_words

    def _reserve(self, rows: int) -> None:
        if rows > len(self._lengths):
            grown = np.zeros(max(rows, 2 * len(self._lengths)), dtype=np.float32)
            grown[: len(self._lengths)] = self._lengths
            self._lengths = grown

    def extend(self, first: int, instruments: Sequence[Instrument]) -> None:
        """Index the texts of *instruments* under rows *first*, *first* + 1, ...: postings built in bulk.

        Every text is split at whitespace; Python analyses each distinct piece once (`Analyzer.token_words`)
        and numbers the pieces. numpy turns pieces into words and words into terms, adds up each instrument's
        weight per term and orders the postings, for all instruments at once: one sort of integer keys
        that carry (term, instrument, kind of weight).
        """
        count = len(instruments)
        self._reserve(first + count)
        distinct, piece_codes, texts = _pieces(instruments)  # text: field * count + instrument
        words_of = list(map(self.analyzer.token_words, distinct))
        piece_start = np.zeros(len(words_of) + 1, dtype=np.int64)
        np.cumsum(np.fromiter(map(len, words_of), np.int64, len(words_of)), out=piece_start[1:])
        piece_words = np.array(self._number(list(chain.from_iterable(words_of))), dtype=np.int32)
        at, owner = _spread(piece_start, piece_codes)  # each piece's words
        words, texts = piece_words[at], texts[owner]
        self._count_words(words, 1)
        if not len(words):  # stop words only
            return
        terms, word_start, word_terms, word_shares = self._term_table()
        at, owner = _spread(word_start, words)  # each word's terms
        shares, share_kinds = np.unique(word_shares, return_inverse=True)
        field_weights = np.array([weight for _, weight in _TEXT_FIELDS])
        weight_of = np.outer(field_weights, shares).ravel()  # kind of weight: field * len(shares) + share
        texts = texts[owner]
        kinds = (texts // count).astype(np.int64) * len(shares) + share_kinds.reshape(-1)[at]
        keys = (word_terms[at].astype(np.int64) * count + texts % count) * len(weight_of) + kinds
        keys.sort()
        pairs = keys // len(weight_of)
        starts = np.flatnonzero(np.r_[True, pairs[1:] != pairs[:-1]])
        summed = np.add.reduceat(weight_of[keys % len(weight_of)], starts)
        unique = pairs[starts]
        lengths = np.bincount(unique % count, weights=summed, minlength=count)
        self._lengths[first : first + count] = lengths
        self._total_length += float(lengths.sum())
        self._terms.extend_coded(terms, unique // count, (unique % count + first).astype(np.int32), summed)
        self._impacts.clear()

    def _term_table(self) -> tuple[list[str], Any, Any, Any]:
        """Every vocabulary word's terms as arrays: terms by code, and per word its start, term codes, shares."""
        code_of: dict[str, int] = {}
        start = [0]
        codes: list[int] = []
        shares: list[float] = []
        for word in self._words:
            for term, share in self.analyzer.word_terms(word):
                codes.append(code_of.setdefault(term, len(code_of)))
                shares.append(share)
            start.append(len(codes))
        return (
            list(code_of),
            np.array(start, dtype=np.int64),
            np.array(codes, dtype=np.int32),
            np.array(shares, dtype=np.float64),
        )

    def add(self, row: int, instrument: Instrument) -> None:
        """Index the texts of *instrument* under *row* (an update)."""
        terms = self._weighted_terms(instrument)
        length = float(sum(terms.values()))
        self._reserve(row + 1)
        self._lengths[row] = length
        self._count_words(self._occurrences(instrument), 1)
        for term, frequency in terms.items():
            self._terms.add(term, row, frequency)
        self._total_length += length
        self._impacts.clear()

    def remove(self, row: int, instrument: Instrument) -> None:
        """Forget the length and words of a row that died (*instrument*'s); the live mask skips its postings."""
        self._count_words(self._occurrences(instrument), -1)
        self._total_length -= float(self._lengths[row])
        self._impacts.clear()

    def nbytes(self, rows: int) -> int:
        """Bytes of the postings and of the lengths of *rows* rows."""
        return self._terms.nbytes() + self._lengths[:rows].nbytes

    def _prefixed(self, partial: str) -> list[str]:
        words = self._live_sorted()
        start = bisect_left(words, partial)
        found = []
        for word in words[start : start + _PREFIX_WORDS]:
            if not word.startswith(partial):
                break
            found.append(word)
        return found

    def _near(self, word: str) -> list[str]:
        """Words of live rows within the typo distance of *word* (every one, as in a new index of the live rows)."""
        distance = typo_distance(word) if FUZZY_ENABLED else 0
        if not distance:
            return []
        found = process.extract(word, self._live_sorted(), scorer=OSA.distance, score_cutoff=distance, limit=None)
        return [candidate for candidate, _, _ in found if candidate != word]

    def query(self, text: str, indexed: Callable[[str], bool] | None = None) -> dict[str, float]:
        """The weighted terms of a query.

        Each word gives its own terms; a half-typed last word also stands for the indexed words it begins; a
        word none of whose terms is *indexed* (by default: has postings) stands for the indexed words within
        its typo distance, at `FUZZY_WEIGHT`. Only words of live rows count, as in a new index.
        """
        indexed = indexed or self._terms.__contains__
        words, partial = query_terms(text, self.analyzer)
        wanted: dict[str, float] = {}

        def want(word: str, scale: float, *, whole: bool = False) -> None:
            for term, share in self.analyzer.word_terms(word)[: 1 if whole else None]:
                wanted[term] = max(wanted.get(term, 0.0), share * scale)

        for word in words:
            started = self._prefixed(word) if word == partial else []
            for begun in started:  # a word begun stands for the whole words, not for their parts
                want(begun, 1.0, whole=True)
            if any(indexed(term) for term, _ in self.analyzer.word_terms(word)):
                want(word, 1.0)
            elif not started:
                for near in self._near(word):
                    want(near, FUZZY_WEIGHT)
        return wanted

    def _impact(self, term: str, alive: Any, documents: int, dead: int) -> tuple[Any, Any]:  # noqa: ANN401
        """The live rows of *term* and their BM25 contribution at query weight 1, made once per index state."""
        found = self._impacts.get(term)
        if found is None:
            rows, frequencies = self._terms.get(term)
            if dead:
                live = alive[rows]
                rows, frequencies = rows[live], frequencies[live]
            average = self._total_length / documents if self._total_length > 0 else 1.0
            idf = math.log(1 + (documents - len(rows) + 0.5) / (len(rows) + 0.5))
            norm = _K1 * (1 - _B + _B * self._lengths[rows] / average)
            found = (rows, idf * frequencies * (_K1 + 1) / (frequencies + norm))
            if len(self._impacts) >= _CACHED_TERMS:
                self._impacts.pop(next(iter(self._impacts)))
            self._impacts[term] = found
        return found

    def scores(self, text: str, alive: Any, documents: int, dead: int = 1) -> Any:  # noqa: ANN401
        """BM25 relevance of every row for *text*; 0 where nothing matches.

        *alive* masks the live rows, *documents* is how many there are and *dead* how many rows are not.
        Many terms (a half-typed word stands for up to 50) are added up by one bincount over all their postings:
        it adds each row's contributions in the same order, term by term from 0, as adding term by term would.
        The postings are joined straight into the types bincount works in (row numbers as intp, contributions
        as float64): given int32 and float32, it converts them itself, which took longer than the count.
        """
        documents = max(documents, 1)

        def indexed(term: str) -> bool:  # a live posting: a term only dead rows had is not indexed in a new index
            return term in self._terms and (not dead or len(self._impact(term, alive, documents, dead)[0]) > 0)

        rows, adds = [], []
        for term, weight in sorted(self.query(text, indexed).items()):
            if term in self._terms:
                found, impacts = self._impact(term, alive, documents, dead)
                rows.append(found)
                adds.append(impacts if weight == 1.0 else weight * impacts)  # whole words: no product
        if len(rows) > 1:
            return np.bincount(
                np.concatenate(rows, dtype=np.intp), np.concatenate(adds, dtype=np.float64), minlength=len(alive)
            )
        scores = np.zeros(len(alive), dtype=np.float64)
        if rows:
            scores[rows[0]] = adds[0]
        return scores
