"""The full-text index: weighted term postings per row, and BM25 over them."""

from __future__ import annotations

import math
from bisect import bisect_left
from typing import Any

import numpy as np

from eva_core.domain import Instrument
from eva_core.search._columns import Postings
from eva_core.search._text import analyze, query_terms

__all__ = ["TextIndex"]

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
_K1, _B = 1.2, 0.75
_PREFIX_TERMS = 50
"""How many vocabulary terms a half-typed last word may stand for."""


def _terms(instrument: Instrument) -> dict[str, float]:
    terms: dict[str, float] = {}
    for name, weight in _FIELDS:
        for term in analyze(getattr(instrument, name)):
            terms[term] = terms.get(term, 0.0) + weight
    others = [getattr(instrument, name) for name in _OTHER_TEXTS] + [instrument.provider.name]
    for term in analyze(" ".join(text for text in others if text)):
        terms[term] = terms.get(term, 0.0) + 1.0
    return terms


class TextIndex:
    """Dutch full-text postings over the rows of a catalogue index, scored with BM25."""

    def __init__(self) -> None:
        self._terms = Postings(weighted=True)
        self._lengths = np.zeros(1024, dtype=np.float32)
        self._total_length = 0.0
        self._vocabulary: list[str] | None = None

    def add(self, row: int, instrument: Instrument) -> None:
        """Index the texts of *instrument* under *row*."""
        terms = _terms(instrument)
        length = float(sum(terms.values()))
        if row >= len(self._lengths):
            self._lengths = np.concatenate([self._lengths, np.zeros(max(row + 1, 2 * len(self._lengths)))]).astype(
                np.float32
            )
        self._lengths[row] = length
        for term, frequency in terms.items():
            if term not in self._terms:
                self._vocabulary = None
            self._terms.add(term, row, frequency)
        self._total_length += length

    def remove(self, row: int) -> None:
        """Forget the length of a row that died; its postings are skipped by the live mask."""
        self._total_length -= float(self._lengths[row])

    def nbytes(self, rows: int) -> int:
        """Bytes of the postings and of the lengths of *rows* rows."""
        return self._terms.nbytes() + self._lengths[:rows].nbytes

    def _expand(self, partial: str) -> list[str]:
        if self._vocabulary is None:
            self._vocabulary = sorted(self._terms)
        start = bisect_left(self._vocabulary, partial)
        found = []
        for term in self._vocabulary[start : start + _PREFIX_TERMS]:
            if not term.startswith(partial):
                break
            found.append(term)
        return found

    def scores(self, text: str, alive: Any, documents: int) -> Any:  # noqa: ANN401 - numpy in, numpy out
        """BM25 relevance of every row for *text* (the last word may be half typed); 0 where nothing matches.

        *alive* masks the live rows, *documents* is how many there are.
        """
        terms, partial = query_terms(text)
        size = len(alive)
        scores = np.zeros(size, dtype=np.float64)
        documents = max(documents, 1)
        average = self._total_length / documents if self._total_length > 0 else 1.0
        lengths = self._lengths[:size]
        wanted = set(terms)
        if partial is not None:
            wanted.update(self._expand(partial))
        for term in sorted(wanted):
            if term not in self._terms:
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
