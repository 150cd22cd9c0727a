"""What every record of the format shares: one model of its fields, and one pass that finds every problem.

Each field's kind (text, yes/no, whole number, amount, date, choice, record; one value, a set or a list) is
worked out once per class, from its annotation, into a `FieldInfo`. Everything that reads fields asks that
model: the run-time type checks below, the JSON converter, the JSON Schema, the spreadsheet columns and the
docs' format table. Nobody else looks at annotations.

attrs validators stop at the first failure, so records check themselves in ``__attrs_post_init__`` with a
`Checker` that collects all problems first. Types are checked here, in the records, and only here: the JSON
converter parses what JSON cannot say (dates, amounts, choice keys, nested records) and leaves the rest to
this pass, so an instrument built in Python and one loaded from JSON obey exactly the same rules.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import types
import typing
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any, ClassVar, Self, TypeVar, cast

import attrs

from eva_core.domain._choices import Choice
from eva_core.domain._errors import InvalidRecord, Problem, Severity
from eva_core.domain._messages import Message, say
from eva_core.domain._rules import RULES

__all__ = [
    "ID_MAX_LENGTH",
    "ID_PATTERN",
    "SHORT_TEXT",
    "TEXT_MAX_LENGTH",
    "URL_MAX_LENGTH",
    "Checker",
    "FieldInfo",
    "Kind",
    "Record",
    "as_set",
    "as_tuple",
    "described",
    "field_info",
    "fields_of",
    "is_blank",
    "meta",
    "rebuild",
    "text_problems",
    "type_mismatch",
]

_KEY = "eva"

ID_PATTERN = r"[A-Za-z0-9][A-Za-z0-9._-]*"
"""Ids are letters, digits, ``.``, ``_`` and ``-``, and start with a letter or digit: safe in a URL and a file."""
ID_MAX_LENGTH = 100
SHORT_TEXT = 200
"""The limit of names, labels and other one-line texts."""
URL_MAX_LENGTH = 2000
TEXT_MAX_LENGTH = 10_000
"""The limit of every other text, so that every store accepts exactly what the domain accepts."""

# C0 controls and DEL, except tab, line feed and carriage return that texts may hold, and the C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# Characters that reorder the text around them (embeddings, overrides, isolates): text may read otherwise
# than it is stored ("Trojan Source"). Marks such as U+200F that only hint the direction stay allowed.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_BLANK = re.compile(r"[\s\u200b-\u200d\u2060\ufeff\u180e]*")
_ID = re.compile(ID_PATTERN)
_HEAD = re.compile(r"\$\.(\w+)")


class Kind(enum.Enum):
    """What one value of a field is."""

    TEXT = "text"
    FLAG = "flag"
    WHOLE = "whole"
    AMOUNT = "amount"
    DATE = "date"
    CHOICE = "choice"
    RECORD = "record"


_KINDS: dict[type, Kind] = {str: Kind.TEXT, bool: Kind.FLAG, int: Kind.WHOLE, Decimal: Kind.AMOUNT, dt.date: Kind.DATE}


@attrs.frozen
class FieldInfo:
    """Everything eva_core knows about one field of a record, worked out once per class.

    ``kind`` and ``value_type`` describe one value; ``many`` is ``frozenset`` or ``tuple`` for a field of many
    values (a set, or a list in order) and None for one. The rest is what the format says: the Dutch label,
    the step of the back end, and the limits the rules read.
    """

    name: str
    label: str
    kind: Kind
    value_type: type
    many: type | None = None
    optional: bool = False
    required: bool = False
    default: Any = None
    step: int = 1
    required_to_publish: bool = False
    identifier: bool = False
    max_length: int | None = None
    pattern: str | None = None
    minimum: int | Decimal | None = None
    maximum: int | Decimal | None = None
    doc: str = ""


def meta(  # noqa: PLR0913 - keyword-only facts about one field
    label: str,
    *,
    step: int = 1,
    required_to_publish: bool = False,
    identifier: bool = False,
    max_length: int | None = None,
    pattern: str | None = None,
    minimum: int | Decimal | None = None,
    maximum: int | Decimal | None = None,
    doc: str = "",
) -> dict[str, dict[str, Any]]:
    """Field metadata for ``attrs.field(metadata=...)``: what the format says about the field.

    ``identifier`` makes a text an id (`ID_PATTERN`, at most `ID_MAX_LENGTH`); ``pattern`` is the regular
    expression other texts (or their items) match; text without a ``max_length`` gets `TEXT_MAX_LENGTH`.
    """
    return {
        _KEY: {
            "label": label,
            "step": step,
            "required_to_publish": required_to_publish,
            "identifier": identifier,
            "max_length": ID_MAX_LENGTH if identifier and max_length is None else max_length,
            "pattern": ID_PATTERN if identifier else pattern,
            "minimum": minimum,
            "maximum": maximum,
            "doc": doc,
        }
    }


def _field(cls: type, attribute: attrs.Attribute[Any], hint: Any) -> FieldInfo:  # noqa: ANN401
    facts: dict[str, Any] = dict(attribute.metadata.get(_KEY, {"label": attribute.name}))
    optional = False
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        (hint,) = [a for a in typing.get_args(hint) if a is not type(None)]
        optional = True
    many = None
    if typing.get_origin(hint) in (frozenset, tuple):
        many = typing.get_origin(hint)
        (hint,) = [a for a in typing.get_args(hint) if a is not Ellipsis]
    if isinstance(hint, type) and issubclass(hint, Choice):
        kind = Kind.CHOICE
    elif isinstance(hint, type) and issubclass(hint, Record):
        kind = Kind.RECORD
    elif hint in _KINDS:
        kind = _KINDS[hint]
    else:  # pragma: no cover - a programming error
        raise TypeError(f"{cls.__name__}.{attribute.name}: no kind for {hint!r}")
    if kind is Kind.TEXT and facts.get("max_length") is None:
        facts["max_length"] = TEXT_MAX_LENGTH
    default: Any = attribute.default
    if hasattr(default, "factory"):  # an attrs Factory
        default = default.factory()
    required = default is attrs.NOTHING
    return FieldInfo(
        name=attribute.name,
        kind=kind,
        value_type=hint,
        many=many,
        optional=optional,
        required=required,
        default=None if required else default,
        **facts,
    )


@attrs.frozen
class _Model:
    """What is worked out once per record class: its fields by position and by name, and their type tests."""

    fields: tuple[FieldInfo, ...]
    by_name: dict[str, FieldInfo]
    order: dict[str, int]
    type_tests: dict[str, Callable[[object], tuple[str, Message] | None]]
    exact: dict[str, frozenset[type]]
    """Per field, the classes a value may have that need no closer look (None where the field is optional)."""
    texts: tuple[str, ...]


_models: dict[type, _Model] = {}


def _model(cls: type) -> _Model:
    model = _models.get(cls)
    if model is None:
        hints = typing.get_type_hints(cls)
        fields = tuple(_field(cls, a, hints[a.name]) for a in attrs.fields(cast("type[attrs.AttrsInstance]", cls)))
        model = _models[cls] = _Model(
            fields=fields,
            by_name={f.name: f for f in fields},
            order={f.name: n for n, f in enumerate(fields)},
            type_tests={f.name: _type_test(f) for f in fields},
            exact={f.name: _exact(f) for f in fields},
            texts=tuple(f.name for f in fields if f.kind is Kind.TEXT),
        )
    return model


def fields_of(cls: type) -> tuple[FieldInfo, ...]:
    """The fields of a record class, in the format's order, with their kind worked out (once per class)."""
    return _model(cls).fields


def field_info(cls: type, name: str) -> FieldInfo:
    """The `FieldInfo` of one field of a record class."""
    return _model(cls).by_name[name]


_SHARED_SETS: dict[frozenset[Any], frozenset[Any]] = {}
"""One object per distinct set of choices or texts that records hold; forgotten as a whole at `_SHARED_LIMIT`."""
_SHARED_LIMIT = 1 << 16


def as_set(values: Iterable[Any]) -> frozenset[Any]:
    """The converter of every set field: notebooks pass lists; the type check, not this, guards the items.

    Records with equal sets of choices or plain texts share one set object. A catalogue repeats a few
    thousand sets over many thousands of instruments: sharing saves their memory, and whatever reads the
    sets of every record (an index build) reads a few objects instead of one per record. Nothing else
    changes: the shared set is equal and its items have the same types (sets of other items, where equal
    may differ, ``{1} == {True}``, are not shared).
    """
    found = values if isinstance(values, frozenset) else frozenset(values)
    if not all(type(item) is str or isinstance(item, Choice) for item in found):
        return found
    shared = _SHARED_SETS.get(found)
    if shared is None:
        if len(_SHARED_SETS) >= _SHARED_LIMIT:
            _SHARED_SETS.clear()
        shared = _SHARED_SETS[found] = found
    return shared


def as_tuple(values: Iterable[Any]) -> tuple[Any, ...]:
    """The converter of every list field (kept in order, as a tuple)."""
    return values if isinstance(values, tuple) else tuple(values)


def is_blank(text: str) -> bool:
    """True for text of only white space and zero-width characters: it shows nothing."""
    return _BLANK.fullmatch(text) is not None


def text_problems(text: str, max_length: int = TEXT_MAX_LENGTH, *, required: bool = False) -> list[tuple[str, Message]]:
    """The (code, message) of each limit *text* breaks that every text has, whatever its field.

    For texts that are no field of a record (a store's change label, say), so they meet the same limits.
    With *required*, text that shows nothing (white space and zero-width characters only) is ``required``.
    """
    found = []
    if required and is_blank(text):
        found.append(("required", say("problem.required")))
    if len(text) > max_length:
        found.append(("too-long", say("problem.too-long", limit=max_length, length=len(text))))
    if not _FORBIDDEN.search(text):  # one scan for the common, clean case
        return found
    if _SURROGATE.search(text):
        found.append(("surrogate", say("problem.surrogate")))
    if bad := _CONTROL.search(text):
        found.append(("control-character", say("problem.control-character", character=_code_point(bad.group()))))
    if bad := _BIDI.search(text):
        found.append(("bidi-control", say("problem.bidi-control", character=_code_point(bad.group()))))
    return found


def _code_point(character: str) -> str:
    return f"U+{ord(character):04X}"


def _nfc(text: str) -> str:
    if text.isascii() or unicodedata.is_normalized("NFC", text):  # isascii reads a flag: no scan
        return text
    return unicodedata.normalize("NFC", text)


def described(value: object) -> Message:
    """What a value is, said as the JSON kind a reader recognises ("a number", "a list"), never the value."""
    kinds = {type(None): "null", bool: "flag", int: "number", float: "number", str: "text", dict: "object"}
    if type(value) in kinds:
        return say(f"kind.{kinds[type(value)]}")
    if isinstance(value, list | tuple | set | frozenset):
        return say("kind.list")
    return say("kind.other", name=type(value).__name__)


def type_mismatch(expected: Message, value: object) -> Message:
    """The message of a ``type`` problem: *expected* (a ``kind.`` message) and what *value* is instead."""
    return say("problem.type", expected=expected, got=described(value))


def _expected(field: FieldInfo) -> Message:
    if field.kind is Kind.CHOICE:
        return say("kind.choice", name=field.value_type.__name__)
    if field.kind is Kind.RECORD:
        return say("kind.record", name=field.value_type.__name__)
    return say(f"kind.{field.kind.value}")


def _exact(field: FieldInfo) -> frozenset[type]:
    """Classes whose values are right for *field* on sight; anything else gets the full type test."""
    if field.many is not None or field.kind is Kind.AMOUNT:  # items to look at, or a finite amount to see
        return frozenset()
    return frozenset({field.value_type, *((type(None),) if field.optional else ())})


def _accepts(field: FieldInfo) -> Callable[[object], bool]:
    """Whether one value has the field's kind."""
    wanted = field.value_type
    if field.kind is Kind.WHOLE:
        return lambda value: type(value) is int or (isinstance(value, int) and not isinstance(value, bool))
    if field.kind is Kind.DATE:
        return lambda value: isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    if field.kind is Kind.AMOUNT:
        return lambda value: isinstance(value, Decimal) and value.is_finite()
    return lambda value: isinstance(value, wanted)


def _type_test(field: FieldInfo) -> Callable[[object], tuple[str, Message] | None]:
    """A test of a whole field value: None when right, else (where below the field, message)."""
    accepts = _accepts(field)
    expected = _expected(field)

    def wrong(value: object) -> Message:
        return type_mismatch(expected, value)

    if field.many is None:

        def single(value: object) -> tuple[str, Message] | None:
            if accepts(value) or (value is None and field.optional):
                return None
            return "", wrong(value)

        return single
    container = field.many

    def collection(value: object) -> tuple[str, Message] | None:
        if not isinstance(value, container):
            return "", type_mismatch(say("kind.list"), value)
        for index, item in enumerate(cast("Iterable[object]", value)):
            if not accepts(item):
                return (f"[{index}]" if container is tuple else ""), wrong(item)
        return None

    return collection


class Checker:
    """Collects the problems of one record; rules see only the fields whose type was right."""

    def __init__(self, cls: type[Record], values: Mapping[str, Any]) -> None:
        model = _model(cls)
        self.cls = cls
        self.fields = model.by_name
        self.problems: list[Problem] = []
        self.values: dict[str, Any] = {}
        tests, exact = model.type_tests, model.exact
        for name, value in values.items():
            if value.__class__ not in exact[name] and (wrong := tests[name](value)) is not None:
                self.add(name, "type", wrong[1], at=wrong[0])
                continue
            self.values[name] = value
        for name in model.texts:
            if (value := self.values.get(name)) is not None:
                self._text(self.fields[name], value)

    def _text(self, field: FieldInfo, value: str | Iterable[str]) -> None:
        limit = field.max_length or TEXT_MAX_LENGTH
        for text in (value,) if isinstance(value, str) else sorted(value):
            for code, message in text_problems(text, limit):
                self.add(field.name, code, message)
            if field.identifier and not _ID.fullmatch(text) and not is_blank(text):
                self.add(field.name, "id-format", say("problem.id-format"))

    def __contains__(self, name: str) -> bool:
        return name in self.values

    def get(self, name: str) -> Any:  # noqa: ANN401 - rules know the type of the field they read
        """The value of a well-typed field, or None when it is absent or broken."""
        return self.values.get(name)

    def add(self, name: str, code: str, message: Message | str, *, at: str = "") -> None:
        """Report that field *name* (or the part *at* below it, such as ``[2]``) breaks rule *code*."""
        severity = RULES[code].severity if code in RULES else Severity.ERROR
        self.problems.append(Problem(f"$.{name}{at}", self.fields[name].label, code, message, severity))

    def required_text(self, *names: str) -> None:
        """Each named text field is present and shows something (white space and zero-width characters do not)."""
        for name in names:
            if name in self.values and is_blank(self.values[name]):
                self.add(name, "required", say("problem.required"))

    def at_least(self, name: str, code: str, message: Callable[[Any], Message]) -> None:
        """The named number stays at or above its field's ``minimum``; *message* says it of the value."""
        number, limit = self.values.get(name), self.fields[name].minimum
        if number is not None and limit is not None and number < limit:
            self.add(name, code, message(number))

    def at_most(self, name: str, code: str, message: Callable[[Any], Message]) -> None:
        """The named number stays at or below its field's ``maximum``; *message* says it of the value."""
        number, limit = self.values.get(name), self.fields[name].maximum
        if number is not None and limit is not None and number > limit:
            self.add(name, code, message(number))

    def well_formed(self, name: str, code: str, test: Callable[[str], bool]) -> None:
        """The named text, when given, passes *test*; else it breaks rule *code* (``problem.<code>`` names it)."""
        text = self.values.get(name)
        if text is not None and not test(text):
            self.add(name, code, say(f"problem.{code}", value=text))


R = TypeVar("R", bound="Record")


class Record:
    """Base of the format's records: frozen attrs classes that refuse to exist with an error in them.

    Text enters in Unicode's composed form (NFC): an "ë" typed as "e" plus a combining diaeresis is stored,
    compared and searched as the one character "ë".
    """

    __slots__ = ("_warnings",)
    """The warnings the check at construction found; not a field (no part of equality, hash or state)."""
    error_type: ClassVar[type[InvalidRecord]] = InvalidRecord

    def __attrs_post_init__(self) -> None:
        model = _model(type(self))
        for name in model.texts:
            if (normal := _normalised(value := getattr(self, name))) is not value:
                object.__setattr__(self, name, normal)  # frozen: attrs' own way to set in post-init
        problems = self.check({f.name: getattr(self, f.name) for f in model.fields})
        warnings = tuple(p for p in problems if p.severity is Severity.WARNING)
        if errors := [p for p in problems if p.severity is Severity.ERROR]:
            raise self.error_type(f"invalid {type(self).__name__}", errors, warnings=list(warnings))
        object.__setattr__(self, "_warnings", warnings)  # kept from this pass: `warnings` needs no second one

    @classmethod
    def check(cls, values: Mapping[str, Any], *, unread: Iterable[str] = ()) -> list[Problem]:
        """Every problem, errors and warnings, in *values*: the fields of one record, some maybe missing.

        A missing field that has a default is checked at its default (an absent list is an empty list),
        unless it is *unread*: given, but not readable (its problem is reported already). A missing required
        field is left out, for the caller to report.
        """
        model = _model(cls)
        if len(values) < len(model.fields):
            skip = set(unread)
            values = {
                **{f.name: f.default for f in model.fields if not f.required and f.name not in skip},
                **values,
            }
        checker = Checker(cls, values)
        cls.rules(checker)
        if not checker.problems:
            return []
        order = model.order
        return sorted(checker.problems, key=lambda p: order[_HEAD.match(p.path).group(1)])  # type: ignore[union-attr]

    @classmethod
    def rules(cls, check: Checker) -> None:
        """Report every broken rule to *check*; subclasses list their rules here."""

    def warnings(self) -> tuple[Problem, ...]:
        """Problems that do not stop the record from existing, such as a target group called 'algemeen'."""
        kept: tuple[Problem, ...] | None = getattr(self, "_warnings", None)
        if kept is not None:
            return kept
        values = {f.name: getattr(self, f.name) for f in fields_of(type(self))}  # rebuilt, copied or unpickled
        return tuple(p for p in self.check(values) if p.severity is Severity.WARNING)

    def evolve(self, **changes: Any) -> Self:  # noqa: ANN401 - passed on to attrs.evolve
        """A copy with *changes*, checked again."""
        changed: Self = attrs.evolve(cast("Any", self), **changes)
        return changed


def _normalised(value: object) -> object:
    """*value* with its texts in NFC; the very same object when they are already."""
    if isinstance(value, str):
        return _nfc(value)
    if isinstance(value, frozenset | tuple) and any(
        isinstance(t, str) and not unicodedata.is_normalized("NFC", t) for t in value
    ):
        return type(value)(_nfc(t) if isinstance(t, str) else t for t in value)
    return value


def rebuild(cls: type[R], values: Mapping[str, Any]) -> R:
    """A record from *values* that eva_core checked before, without checking them again.

    Only for what a store read back that eva_core itself checked and wrote (behind a checksum, or in a
    database that only ever received checked records); never for input from outside. Missing fields take
    their defaults; the values must already have the field's type (sets as frozensets, lists as tuples).
    """
    record = object.__new__(cls)
    for field in fields_of(cls):
        object.__setattr__(record, field.name, values.get(field.name, field.default))
    return record
