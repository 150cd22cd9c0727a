"""Messages as values: a catalogue key and its parameters, turned into text only when a person reads them.

A `Message` is language-free, so it compares, hashes and pickles the same in every language; ``str()``
renders it from the catalogue (`eva_core.domain._texts`) in the current language: Dutch unless a
developer asks for English with `set_language` (the whole process) or `in_language` (one block, one
thread or task). Parameters are formatted the Dutch way (``€ 1.234,50``, ``1 maart 2025``) by `_dutch`.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import string
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Literal, get_args

from attrs import field, frozen

from eva_core.domain import _dutch
from eva_core.domain._texts import TEXTS

__all__ = [
    "LANGUAGES",
    "MESSAGES",
    "Language",
    "Message",
    "MissingMessage",
    "as_message",
    "current_language",
    "in_language",
    "say",
    "set_language",
]

Language = Literal["nl", "en"]
LANGUAGES: tuple[Language, ...] = get_args(Language)

MESSAGES: Mapping[str, Mapping[Language, str]] = MappingProxyType(
    {key: MappingProxyType(dict(zip(LANGUAGES, texts, strict=True))) for key, texts in TEXTS.items()}
)
"""Every message by key, in every language: ``MESSAGES["exclusion.outside-area"]["nl"]``."""

_PLACES = re.compile(r"\.(\d+)f")
_PLAIN = ""
"""The key of a text that did not come from the catalogue (a message not yet moved into it)."""


class MissingMessage(UserWarning):
    """A message key, or a parameter a message names, that the catalogue does not have: a programming error.

    The text falls back to the other language or to the key, so a person still reads something; the test
    suite turns this warning into an error.
    """


def _frozen(value: object) -> object:
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, set | frozenset):
        return tuple(sorted((_frozen(v) for v in value), key=str))
    return value


def _pairs(params: Mapping[str, object] | Iterable[tuple[str, object]]) -> tuple[tuple[str, object], ...]:
    items = params.items() if isinstance(params, Mapping) else params
    return tuple(sorted((str(name), _frozen(value)) for name, value in items))


@frozen
class Message:
    """A catalogue key and its parameters; ``str()`` gives the text in the current language.

    Parameters are plain values (text, numbers, `Decimal`, days, choices, lists of them, other messages),
    never values of a client profile. Lists and sets are kept as tuples, so a message stays hashable.
    """

    key: str
    params: tuple[tuple[str, object], ...] = field(default=(), converter=_pairs)

    @classmethod
    def plain(cls, text: str) -> Message:
        """A text that is not in the catalogue; shown as it is, in every language."""
        return cls(_PLAIN, {"text": text})

    @property
    def arguments(self) -> dict[str, object]:
        """The parameters by name."""
        return dict(self.params)

    def text(self, language: Language | None = None) -> str:
        """The message in *language* (default: the current language)."""
        chosen = language or current_language()
        if self.key == _PLAIN:
            return str(self.arguments.get("text", ""))
        texts = MESSAGES.get(self.key)
        if texts is None:
            warnings.warn(f"no message {self.key!r} in the catalogue", MissingMessage, stacklevel=2)
            return " ".join([self.key, *(f"{k}={v}" for k, v in self.params)])
        return _Formatter(chosen).vformat(texts[chosen], (), self.arguments)

    def __str__(self) -> str:
        return self.text()


def say(key: str, /, **params: object) -> Message:
    """The message *key* of the catalogue with *params*: ``say("exclusion.too-expensive", costs=amount)``."""
    return Message(key, params)


def as_message(value: str | Message) -> Message:
    """*value* as a `Message`; a plain ``str`` (text not yet in the catalogue) is kept as it is."""
    return value if isinstance(value, Message) else Message.plain(value)


_default: list[Language] = ["nl"]
_override: ContextVar[Language | None] = ContextVar("eva_core_language", default=None)


def current_language() -> Language:
    """The language messages are shown in now: ``nl`` unless set otherwise."""
    return _override.get() or _default[0]


def _checked(language: str) -> Language:
    if language not in LANGUAGES:
        raise ValueError(say("error.unknown-language", language=language, choices=LANGUAGES).text())
    return language


def set_language(language: Language) -> None:
    """Show messages in *language* from now on, in the whole process (``"en"`` for developers)."""
    _default[0] = _checked(language)


@contextmanager
def in_language(language: Language) -> Iterator[None]:
    """Within this block (and only in this thread or task), show messages in *language*."""
    token = _override.set(_checked(language))
    try:
        yield
    finally:
        _override.reset(token)


_Notation = tuple[
    Callable[[Decimal | float, int | None], str],  # number
    Callable[[Decimal | float], str],  # amount
    Callable[[dt.date], str],  # day
    Callable[[dt.datetime], str],  # moment
    Callable[[Iterable[str], str], str],  # list
    tuple[str, str, str, str],  # yes, no, "and", "or"
]
_NOTATION: Mapping[Language, _Notation] = {
    "nl": (_dutch.dutch_number, _dutch.euros, _dutch.dutch_day, _dutch.dutch_moment, _dutch.dutch_list,
           ("ja", "nee", "en", "of")),
    "en": (_dutch.english_number, _dutch.english_amount, _dutch.english_day, _dutch.english_moment,
           _dutch.english_list, ("yes", "no", "and", "or")),
}  # fmt: skip


class _Formatter(string.Formatter):
    """``str.format`` with the notation of one language and a few named formats.

    ``{x:euro}`` an amount, ``{x:date}`` a day, ``{x:number}`` a number (``{x:.2f}`` to two decimals),
    ``{x:or}`` a list with "of",
    ``{n:probleem|problemen}`` the first word when *n* is 1 and the second otherwise; without a format a
    value is written by its type (a list with "en", a choice by its label, a message in the same language).
    """

    def __init__(self, language: Language) -> None:
        self.language = language
        self.number, self.amount, self.day, self.moment, self.listing, self.words = _NOTATION[language]

    def get_value(self, key: int | str, args: Any, kwargs: Mapping[str, Any]) -> Any:  # noqa: ANN401, ARG002 - as in string.Formatter
        if key not in kwargs:
            warnings.warn(f"a message names {{{key}}}, which was not given", MissingMessage, stacklevel=2)
            return f"{{{key}}}"
        return kwargs[str(key)]

    def format_field(self, value: Any, format_spec: str) -> str:  # noqa: ANN401, PLR0911 - one case per format
        if "|" in format_spec:
            one, many = format_spec.split("|", 1)
            return one if value == 1 else many
        if format_spec == "euro":
            return self.amount(value)
        if format_spec == "number":
            return self.number(value, None)
        if (places := _PLACES.fullmatch(format_spec)) is not None:
            return self.number(value, int(places.group(1)))
        if format_spec == "or":
            return self.listing((self.format_field(v, "") for v in value), self.words[3])
        if format_spec in ("", "date", "list"):
            return self._written(value)
        return str(format(value, format_spec))

    def _written(self, value: object) -> str:  # noqa: PLR0911 - one case per kind of value
        if isinstance(value, Message):
            return value.text(self.language)
        if isinstance(value, bool):
            return self.words[0] if value else self.words[1]
        if isinstance(value, int | float | Decimal):
            return self.number(value, None)
        if isinstance(value, dt.datetime):
            return self.moment(value)
        if isinstance(value, dt.date):
            return self.day(value)
        if isinstance(value, enum.Enum) and isinstance(label := getattr(value, "label", None), str):
            return label
        if isinstance(value, tuple):
            return self.listing((self._written(v) for v in value), self.words[2])
        return str(value)
