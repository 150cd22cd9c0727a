"""What every record of the format shares: Dutch labels on fields, and one pass that finds every problem.

attrs validators stop at the first failure, so records check themselves in ``__attrs_post_init__``
with a `Checker` that collects all problems first. The same pass runs on the partly parsed fields of
a document (see `eva_core.convert`), so an instrument built in Python and one loaded from JSON obey
exactly the same rules.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from typing import Any, ClassVar, Self, cast

import attrs

from eva_core.domain._errors import InvalidRecord, Problem, Severity
from eva_core.domain._rules import RULES

__all__ = [
    "Checker",
    "FieldInfo",
    "Record",
    "field_info",
    "meta",
    "record_fields",
    "trusted_records",
    "types_already_checked",
]

_KEY = "eva"
# C0 controls and DEL, except tab, line feed and carriage return that texts may hold.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@attrs.frozen
class FieldInfo:
    """What the format says about one field: its Dutch label, its step, and limits the rules read."""

    label: str
    step: int = 1
    required_to_publish: bool = False
    max_length: int | None = None
    pattern: str | None = None
    doc: str = ""


def meta(  # noqa: PLR0913 - keyword-only facts about one field
    label: str,
    *,
    step: int = 1,
    required_to_publish: bool = False,
    max_length: int | None = None,
    pattern: str | None = None,
    doc: str = "",
) -> dict[str, FieldInfo]:
    """Field metadata for ``attrs.field(metadata=...)``; ``pattern`` is the regular expression items match."""
    return {_KEY: FieldInfo(label, step, required_to_publish, max_length, pattern, doc)}


def record_fields(cls: type) -> tuple[attrs.Attribute[Any], ...]:
    """The attrs fields of a record class, in the format's order."""
    return tuple(attrs.fields(cast("type[attrs.AttrsInstance]", cls)))


def field_info(cls: type, name: str) -> FieldInfo:
    """The `FieldInfo` of one field of a record class."""
    info = attrs.fields_dict(cast("type[attrs.AttrsInstance]", cls))[name].metadata.get(_KEY)
    return info if isinstance(info, FieldInfo) else FieldInfo(name)


_types_checked: ContextVar[bool] = ContextVar("eva_core_types_checked", default=False)
_trusted: ContextVar[bool] = ContextVar("eva_core_trusted", default=False)


@contextmanager
def trusted_records() -> Iterator[None]:
    """Within this block, records skip every check.

    Only for data eva_core itself checked and wrote, read back from a store that vouches for it (a
    checksum, a database); never for input from outside.
    """
    token = _trusted.set(True)
    try:
        yield
    finally:
        _trusted.reset(token)


@contextmanager
def types_already_checked() -> Iterator[None]:
    """Within this block, records skip their run-time type checks: a strict parser has done them."""
    token = _types_checked.set(True)
    try:
        yield
    finally:
        _types_checked.reset(token)


class Checker:
    """Collects the problems of one record; rules see only the fields whose type was right."""

    def __init__(self, cls: type[Record], values: Mapping[str, Any]) -> None:
        self.cls = cls
        self.problems: list[Problem] = []
        if _types_checked.get():
            self.values: dict[str, Any] = dict(values)
        else:
            self.values = {}
            for name, value in values.items():
                if (message := _type_problem(cls, name, value)) is None:
                    self.values[name] = value
                else:
                    self.add(name, "type", message)
        for name, value in self.values.items():
            if isinstance(value, str) and (bad := _CONTROL.search(value)):
                self.add(name, "control-character", f"holds the invisible control character {bad.group()!r}")

    def __contains__(self, name: str) -> bool:
        return name in self.values

    def get(self, name: str) -> Any:  # noqa: ANN401 - rules know the type of the field they read
        """The value of a well-typed field, or None when it is absent or broken."""
        return self.values.get(name)

    def add(self, name: str, code: str, message: str, *, at: str = "") -> None:
        """Report that field *name* (or the part *at* below it, such as ``[2]``) breaks rule *code*."""
        severity = RULES[code].severity if code in RULES else Severity.ERROR
        label = field_info(self.cls, name).label
        self.problems.append(Problem(f"$.{name}{at}", label, code, message, severity))

    def required_text(self, *names: str) -> None:
        """Each named text field is present and not blank."""
        for name in names:
            if name in self.values and not self.values[name].strip():
                self.add(name, "required", "is required and may not be blank")

    def within_length(self, *names: str) -> None:
        """Each named text stays within its field's ``max_length``."""
        for name in names:
            limit = field_info(self.cls, name).max_length
            text = self.values.get(name)
            if limit is not None and text is not None and len(text) > limit:
                self.add(name, "too-long", f"at most {limit} characters, got {len(text)}")

    def not_negative(self, *names: str) -> None:
        """Each named number is zero or more."""
        for name in names:
            number = self.values.get(name)
            if number is not None and number < 0:
                self.add(name, "negative", f"may not be negative, got {number}")

    def well_formed(self, name: str, code: str, test: Callable[[str], bool], what: str) -> None:
        """The named text, when given, passes *test*."""
        text = self.values.get(name)
        if text is not None and not test(text):
            self.add(name, code, f"{text!r} is not {what}")


class Record:
    """Base of the format's records: frozen attrs classes that refuse to exist with an error in them."""

    __slots__ = ()
    error_type: ClassVar[type[InvalidRecord]] = InvalidRecord

    def __attrs_post_init__(self) -> None:
        if _trusted.get():
            return
        values = {f.name: getattr(self, f.name) for f in record_fields(type(self))}
        if errors := [p for p in self.check(values) if p.severity is Severity.ERROR]:
            raise self.error_type(f"invalid {type(self).__name__}", errors)

    @classmethod
    def check(cls, values: Mapping[str, Any]) -> list[Problem]:
        """Every problem, errors and warnings, in *values*: the fields of one record, some maybe missing."""
        checker = Checker(cls, values)
        cls.rules(checker)
        return checker.problems

    @classmethod
    def rules(cls, check: Checker) -> None:
        """Report every broken rule to *check*; subclasses list their rules here."""

    def warnings(self) -> tuple[Problem, ...]:
        """Problems that do not stop the record from existing, such as a target group called 'algemeen'."""
        values = {f.name: getattr(self, f.name) for f in record_fields(type(self))}
        return tuple(p for p in self.check(values) if p.severity is Severity.WARNING)

    def evolve(self, **changes: Any) -> Self:  # noqa: ANN401 - passed on to attrs.evolve
        """A copy with *changes*, checked again."""
        changed: Self = attrs.evolve(cast("Any", self), **changes)
        return changed


# Runtime type checks, so that Python callers get the same "type" problems a JSON document gets.

_Test = Callable[[object], str | None]
_tests: dict[tuple[type, str], _Test] = {}


def _type_problem(cls: type, name: str, value: object) -> str | None:
    key = (cls, name)
    if key not in _tests:
        hints = typing.get_type_hints(cls)
        _tests[key] = _test_for(hints[name])
    return _tests[key](value)


def _describe(value: object) -> str:
    return "nothing (null)" if value is None else type(value).__name__


def _test_for(hint: Any) -> _Test:  # noqa: ANN401, C901, PLR0911 - walks arbitrary annotations
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [_test_for(arg) for arg in typing.get_args(hint)]

        def union(value: object) -> str | None:
            problem = None
            for test in options:
                if (problem := test(value)) is None:
                    return None
            return problem

        return union
    if origin in (frozenset, tuple):
        (item,) = {arg for arg in typing.get_args(hint) if arg is not Ellipsis}
        test_item = _test_for(item)

        def collection(value: object) -> str | None:
            if not isinstance(value, origin):
                return f"expected a {origin.__name__}, got {_describe(value)}"
            for element in value:
                if (problem := test_item(element)) is not None:
                    return problem
            return None

        return collection
    if hint is type(None):
        return lambda value: None if value is None else f"expected nothing, got {_describe(value)}"
    if hint is dt.date:
        return lambda value: (
            None
            if isinstance(value, dt.date) and not isinstance(value, dt.datetime)
            else f"expected a date, got {_describe(value)}"
        )
    if hint is int:
        return lambda value: (
            None
            if isinstance(value, int) and not isinstance(value, bool)
            else f"expected a whole number, got {_describe(value)}"
        )
    if hint is Decimal:
        return lambda value: (
            None
            if isinstance(value, Decimal) and value.is_finite()
            else f"expected a finite amount (Decimal), got {value if isinstance(value, Decimal) else _describe(value)}"
        )
    if isinstance(hint, type):
        return lambda value: None if isinstance(value, hint) else f"expected {_name(hint)}, got {_describe(value)}"
    raise TypeError(f"cannot check values of type {hint!r}")  # pragma: no cover - a programming error


def _name(hint: type) -> str:
    return {str: "text", bool: "true or false"}.get(hint, hint.__name__)
