"""Dutch text analysis: fold accents, split words, compounds and hyphens, stem with Snowball and an override table.

The same analyzer runs over instruments and over queries, so *Oriëntatie* finds *orientatie*,
*taaltrainingen* finds *Taaltraining*, *re-integratie* finds *reïntegratie*, *coaching* finds
*Loopbaancoaching* and *cursussen* finds *VCA-cursus*. Work is done once per distinct word, never per
character or per occurrence: a catalogue repeats its words.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Mapping
from functools import cache, lru_cache

import snowballstemmer

from eva_core.domain import fold
from eva_core.search._compound import Decompounder, read_list

__all__ = ["PART_WEIGHT", "STOPWORDS", "Analyzer", "analyze", "fold", "query_terms"]

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
PART_WEIGHT = 0.5
"""How much a part of a compound counts against the whole word, in the index and in a query."""
_CACHED_TOKENS = 1_000_000
"""How many distinct pieces of text `Analyzer.token_words` remembers before it starts over."""
_TOKEN = re.compile(r"[^\W_]+(?:-[^\W_]+)*")


@lru_cache(maxsize=200_000)
def _fold_word(word: str) -> str:
    return fold(word)


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0xC0, 0x250):
        folded = "".join(c for c in unicodedata.normalize("NFKD", chr(code)) if not unicodedata.combining(c))
        if folded != chr(code) and folded.isascii():
            table[code] = folded
    table.update(dict.fromkeys(range(0x300, 0x370), ""))  # combining accents, as in e + U+0308
    return table


_FOLD_TABLE = _fold_table()


def _fold_text(text: str) -> str:
    """*text* folded in one pass: lower case, Latin accents off (the rest per word, rarely needed)."""
    folded = text.casefold().translate(_FOLD_TABLE)
    return folded if folded.isascii() else " ".join(_fold_word(w) for w in _tokens(folded))


def _tokens(text: str) -> list[str]:
    """The lower-cased words of *text*, accents still on (folded per distinct word later)."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)  # e + combining diaeresis is one letter, as ë
    return _TOKEN.findall(text.casefold())


class Analyzer:
    """Folds, splits and stems Dutch words into weighted index terms; one instance serves index and queries.

    ``stemmer`` is a Snowball algorithm (``dutch_porter`` or ``dutch``); ``overrides`` maps a folded word to
    the term to use instead of its stem (Elasticsearch's ``stemmer_override``); compounds are split by a
    `Decompounder`, and their parts count ``PART_WEIGHT``.
    """

    def __init__(
        self,
        stemmer: str = "dutch_porter",
        overrides: Mapping[str, str] | None = None,
        decompounder: Decompounder | None = None,
    ) -> None:
        self.stemmer_name = stemmer
        self._stemmer = snowballstemmer.stemmer(stemmer)
        self.overrides = dict(overrides or {})
        self.decompounder = decompounder
        self._terms: dict[str, tuple[tuple[str, float], ...]] = {}
        self._token_words: dict[str, tuple[str, ...]] = {}

    @classmethod
    @cache
    def shipped(cls) -> Analyzer:
        """The analyzer eva_core uses: Snowball ``dutch_porter``, the shipped overrides and decompounder."""
        return cls("dutch_porter", shipped_overrides(), Decompounder.shipped())

    def term(self, word: str) -> str:
        """The index term of one folded word: its override, or its stem."""
        found = self.overrides.get(word)
        return found if found is not None else str(self._stemmer.stemWord(word))

    def words(self, text: str) -> Iterator[str]:
        """The folded words of *text*, stop words left out; a hyphenated word also comes joined and in parts."""
        for word in _TOKEN.findall(_fold_text(text)):
            if "-" in word:
                parts = [p for p in word.split("-") if p]
                yield "".join(parts)  # re-integratie also as reintegratie
                yield from (p for p in parts if p not in STOPWORDS)
            elif word not in STOPWORDS:
                yield word

    def token_words(self, token: str) -> tuple[str, ...]:
        """The `words` of one whitespace-free piece of text, worked out once per distinct piece.

        No word spans whitespace, so the words of a text are those of its ``split()`` pieces in order: a bulk
        build splits every text, and handles each distinct piece (``werkvloer.``, ``(VCA)``) once.
        """
        found = self._token_words.get(token)
        if found is None:
            if len(self._token_words) >= _CACHED_TOKENS:
                self._token_words.clear()
            found = self._token_words[token] = tuple(self.words(token))
        return found

    def word_counts(self, text: str) -> Counter[str]:
        """How often each word of `words` occurs in *text*.

        The text is folded in one pass, and every distinct word after that is handled once.
        """
        counts = Counter(_TOKEN.findall(_fold_text(text)))
        for stopword in counts.keys() & STOPWORDS:
            del counts[stopword]
        if "-" in text or not text.isascii():  # a hyphen, typed or folded from another dash
            for token in [t for t in counts if "-" in t]:
                count = counts.pop(token)
                parts = [p for p in token.split("-") if p]
                for word in ("".join(parts), *(p for p in parts if p not in STOPWORDS)):
                    counts[word] += count
        return counts

    def word_terms(self, word: str) -> tuple[tuple[str, float], ...]:
        """The weighted terms of one folded word: its own term at 1, and the terms of its compound parts."""
        found = self._terms.get(word)
        if found is None:
            weighted = {self.term(word): 1.0}
            for part in self.decompounder.split(word) if self.decompounder is not None else ():
                term = self.term(part)
                weighted[term] = max(weighted.get(term, 0.0), PART_WEIGHT)
            found = self._terms[word] = tuple(weighted.items())
        return found

    def analyze(self, text: str) -> list[str]:
        """The index terms of *text*, in order (a compound's parts after it)."""
        return [term for word in self.words(text) for term, _ in self.word_terms(word)]


@cache
def shipped_overrides() -> dict[str, str]:
    """The stemmer-override table that ships with eva_core (``_data/stem_overrides.tsv``)."""
    return {line[0]: line[1] for line in read_list("stem_overrides.tsv")}


def analyze(text: str) -> list[str]:
    """The index terms of *text* with the shipped analyzer, in order, stop words left out."""
    return Analyzer.shipped().analyze(text)


def query_terms(text: str, analyzer: Analyzer | None = None) -> tuple[list[str], str | None]:
    """The folded words of a query, and the last one when it may still be half typed (no space after it)."""
    words = list((analyzer or Analyzer.shipped()).words(text))
    partial = (
        words[-1] if words and text and not text[-1].isspace() and "-" not in text.rsplit(maxsplit=1)[-1] else None
    )
    return words, partial
