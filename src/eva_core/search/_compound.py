"""Dutch compound words split into their parts, from a dictionary of parts shipped as data.

Dutch writes compounds as one word: *werknemersvaardigheden*, *loopbaancoaching*. Like Lucene's
``DictionaryCompoundWordTokenFilter`` (which Elasticsearch uses for Dutch and German), the parts are indexed
beside the whole word, so a query for a part finds the compound and separate words find it too. Unlike that
filter, which emits every dictionary word found anywhere inside a token, a word is split only when it is
*wholly* covered by dictionary parts, joined by nothing or by a linking ``s``, ``e`` or ``en``. That keeps
nonsense out: *vaardigheden* never yields *heden*, and *opleiding* never yields *leiding*, because *op* is
not a part. Words in the never-split list stay whole.
"""

from __future__ import annotations

from functools import cache, lru_cache
from importlib.resources import files

__all__ = ["MIN_PART", "Decompounder", "read_list"]

MIN_PART = 3
"""The shortest part: *job*, *fit* and *dag* are parts, two-letter words never are."""
_LINKS = ("", "s", "e", "en", "-")
_VOWELS = frozenset("aeiouy")


def read_list(name: str) -> list[list[str]]:
    """The lines of a data file beside this module, split on white space; comments and blank lines left out."""
    text = files("eva_core.search").joinpath("_data", name).read_text(encoding="utf-8")
    return [
        line.split("\t") if "\t" in line else line.split()
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    ]


def _forms(word: str) -> set[str]:
    """A part as it may end a compound: the word, its plurals and inflected forms."""
    forms = {word, word + "s", word + "en", word + "e", word + "n"}
    if len(word) >= 3 and word[-1] not in _VOWELS and word[-2] in _VOWELS and word[-3] not in _VOWELS:
        forms.add(word + word[-1] + "en")  # plek -> plekken, les -> lessen
    if word.endswith("heid"):
        forms.add(word[:-4] + "heden")
    return forms


class Decompounder:
    """Splits folded Dutch words into dictionary parts; the same for index and query, and for every catalogue."""

    def __init__(self, parts: list[list[str]], never: set[str]) -> None:
        self._whole: set[str] = set()  # a part as it stands inside a compound
        self._final: set[str] = set()  # a part as it may end one
        for line in parts:
            self._whole.update(line)
            for word in line:
                self._final |= _forms(word)
        self._never = frozenset(never)
        self._longest = max((len(w) for w in self._final), default=0)

    @classmethod
    @cache
    def shipped(cls) -> Decompounder:
        """The decompounder over the dictionary and never-split list that ship with eva_core."""
        return cls(read_list("compound_parts.txt"), {line[0] for line in read_list("never_split.txt")})

    def is_part(self, word: str) -> bool:
        """Whether *word* is in the dictionary of parts (in any of its forms)."""
        return word in self._final

    @lru_cache(maxsize=100_000)  # noqa: B019 - one shipped instance, kept for the process
    def split(self, word: str) -> tuple[str, ...]:
        """The parts of a compound (the finest split, then runs of parts that form a listed word); () if none."""
        if len(word) < 2 * MIN_PART or word in self._never:
            return ()
        spans = self._segment(word, 0, {})
        if spans is None or len(spans) < 2:
            return ()
        found = [word[start:end] for start, end in spans]
        for first in range(len(spans)):  # werk + ervaring + s + plek also gives werkervaring
            for last in range(first + 1, len(spans)):
                joined = word[spans[first][0] : spans[last][1]]
                if joined != word and joined in self._final:
                    found.append(joined)
        return tuple(dict.fromkeys(found))

    def _segment(
        self, word: str, start: int, memo: dict[int, tuple[tuple[int, int], ...] | None]
    ) -> tuple[tuple[int, int], ...] | None:
        """The (start, end) of each part of word[start:], split into the most parts; None when it cannot be."""
        if start in memo:
            return memo[start]
        best: tuple[tuple[int, int], ...] | None = None
        if word[start:] in self._final:
            best = ((start, len(word)),)
        for end in range(start + MIN_PART, min(len(word) - MIN_PART, start + self._longest) + 1):
            if word[start:end] not in self._whole:
                continue
            for link in _LINKS:
                if word.startswith(link, end):
                    rest = self._segment(word, end + len(link), memo)
                    if rest is not None and (best is None or len(rest) + 1 > len(best)):
                        best = ((start, end), *rest)
        memo[start] = best
        return best
