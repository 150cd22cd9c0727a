"""Dutch text analysis: fold accents, split words and compounds joined by hyphens, stem with Snowball.

The same analyzer runs over instruments and over queries, so *Oriëntatie* finds *orientatie*,
*taaltrainingen* finds *Taaltraining*, and *re-integratie* finds *reïntegratie*.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

import snowballstemmer

from eva_core.domain import fold

__all__ = ["STOPWORDS", "analyze", "fold", "query_terms"]

# Short function words that carry no meaning in a search; a small list on purpose (the "dutch" Snowball list
# would also drop "werk", "kan", ...).
STOPWORDS = frozenset(
    {
        "de",
        "het",
        "een",
        "en",
        "van",
        "in",
        "op",
        "te",
        "je",
        "jij",
        "u",
        "ik",
        "we",
        "wij",
        "ze",
        "zij",
        "hij",
        "is",
        "zijn",
        "met",
        "voor",
        "aan",
        "bij",
        "of",
        "als",
        "dat",
        "die",
        "dit",
        "om",
        "over",
        "naar",
        "uit",
        "door",
        "tot",
        "er",
        "ook",
        "nog",
        "wel",
        "niet",
        "maar",
        "dan",
        "zo",
        "wat",
        "wie",
        "hoe",
        "waar",
    }
)
_WORD = re.compile(r"[0-9a-z]+(?:-[0-9a-z]+)*")
_stemmer = snowballstemmer.stemmer("dutch_porter")


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return str(_stemmer.stemWord(word))


def _words(text: str) -> Iterator[str]:
    for match in _WORD.finditer(fold(text)):
        word = match.group()
        if "-" in word:
            parts = word.split("-")
            yield "".join(parts)  # re-integratie also as reintegratie
            yield from parts
        else:
            yield word


def analyze(text: str) -> list[str]:
    """The index terms of *text*, in order, stop words left out."""
    return [_stem(word) for word in _words(text) if word not in STOPWORDS]


def query_terms(text: str) -> tuple[list[str], str | None]:
    """The terms of a query, and the folded last word when it may still be half typed (no space after it)."""
    words = [w for w in _words(text) if w not in STOPWORDS]
    partial = words[-1] if words and text and not text[-1].isspace() and "-" not in words[-1] else None
    return [_stem(w) for w in words], partial
