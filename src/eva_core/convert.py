"""The one cattrs converter: how the format's records look as JSON, and the strict road back.

* JSON keys are the Python attribute names (aligned with Eva's back end where it has a name).
* Nothing is coerced: ``3`` is not a name, ``"12"`` is not a number, unknown keys are errors.
* Choices are written as their stable keys; sets are written sorted, so output is deterministic.
* Amounts are written as strings (``"1250.00"``) so no cent is lost to floating point.
* Reading finds every problem at once: type errors from parsing and the format's rules from
  `eva_core.domain`, each with its JSON path and Dutch label, raised together as `InvalidInstrument`.

Nothing about the wire format leaks into `eva_core.domain`; this module is the edge.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import types
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from operator import attrgetter
from typing import Any, Final, TypeVar, cast

import attrs
import cattrs
from cattrs.fns import identity
from cattrs.gen import make_dict_unstructure_fn
from cattrs.preconf.json import JsonConverter
from cattrs.preconf.json import make_converter as make_json_converter

from eva_core.domain import (
    AreaClassification,
    Choice,
    ClientProfile,
    Criteria,
    EvaError,
    FieldInfo,
    Instrument,
    InvalidInstrument,
    InvalidProfile,
    InvalidRecord,
    Kind,
    Message,
    Problem,
    Record,
    Severity,
    UnsupportedFormat,
    fields_of,
    say,
)
from eva_core.domain._record import described, type_mismatch

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "InvalidJson",
    "JsonSyntaxError",
    "ValidationReport",
    "configure_converter",
    "converter",
    "dump_catalogue",
    "dump_instrument",
    "load_catalogue",
    "load_instrument",
    "load_profile",
    "load_record",
    "make_converter",
    "parse_json",
    "validate_catalogue",
    "validate_instrument",
]

FORMAT_NAME: Final = "eva-instrumentenformat"
FORMAT_VERSION: Final = 1
"""The version of the JSON document this eva_core writes; it reads this and every older version."""

# Upcasters turn a document of version N into one of version N + 1, as plain dicts, before parsing.
_UPCASTERS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_AMOUNT = re.compile(r"-?\d+(\.\d+)?")
_FIELD = re.compile(r"\$\.(\w+)")


class _Bad(Exception):
    def __init__(self, code: str, message: Message) -> None:
        super().__init__(message)
        self.code, self.message = code, message


class _Nested(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def _wrong(kind: str, value: object, **params: object) -> _Bad:
    return _Bad("type", type_mismatch(say(f"kind.{kind}", **params), value))


# Strict hooks for plain values of classes that are no record (a client profile): cattrs would coerce.
# A record's text, yes/no and whole-number fields pass through untouched: the record checks their type.


def _strict_str(value: object, _: type) -> str:
    if not isinstance(value, str):
        raise _wrong("text", value)
    return value


def _strict_bool(value: object, _: type) -> bool:
    if not isinstance(value, bool):
        raise _wrong("flag", value)
    return value


def _strict_int(value: object, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _wrong("whole", value)
    return value


def _amount(value: object, _: type) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise _wrong("amount", value)
    text = repr(value) if isinstance(value, float) else str(value)
    if not _AMOUNT.fullmatch(text):  # no NaN, Infinity, exponent, thousands separator or currency sign
        raise _wrong("amount", value)
    return Decimal(text)


def _date(value: object, _: type) -> dt.date:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise _wrong("date", value)
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise _Bad("type", say("problem.type.no-such-day", value=value)) from error


def _choice_hook(cls: type[Choice]) -> Callable[[object, type], Choice]:
    def structure(value: object, _: type) -> Choice:
        if not isinstance(value, str):
            raise _wrong("choice", value, name=cls.__name__)
        try:
            return cls.from_key(value)
        except ValueError:
            pass
        try:
            suggestion = cls.from_label(value).key
        except ValueError:
            raise _Bad("unknown-choice", say("problem.unknown-choice", value=value, choices=_keys(cls))) from None
        raise _Bad("unknown-choice", say("problem.unknown-choice.label", value=value, key=suggestion))

    return structure


def _keys(cls: type[Choice]) -> tuple[str, ...]:
    return tuple(m.key for m in cls)


def _problems_of(error: BaseException, path: str, label: str) -> list[Problem]:
    """Every problem in *error*, addressed from *path* and labelled *label* where it has none."""
    if isinstance(error, InvalidRecord):
        return [p.under(path) for p in (*error.problems, *error.warnings)]
    if isinstance(error, _Bad):
        return [Problem(path, label, error.code, error.message)]
    if isinstance(error, _Nested):
        return [attrs.evolve(p.under(path), label=p.label or label) for p in error.problems]
    if isinstance(error, BaseExceptionGroup):
        return [p for e in error.exceptions for p in _problems_of(e, path, label)]
    return [Problem(path, label, "type", str(error) or type(error).__name__)]


_Hook = Callable[[Any, Any], Any]
"""A structure hook as cattrs calls it: ``hook(value, type)``."""


def _many(many: type, item_hook: _Hook, item_type: type) -> _Hook:
    """Read a JSON list into a set or tuple of items, reporting every bad item at its index."""
    is_set = many is frozenset

    def structure(value: object, _: type) -> Any:  # noqa: ANN401
        if not isinstance(value, list):
            raise _wrong("list", value)
        items, problems, seen = [], [], set()
        for index, raw in enumerate(value):
            try:
                item = item_hook(raw, item_type)
            except Exception as error:  # noqa: BLE001 - every failure becomes a reported problem
                problems.extend(_problems_of(error, f"$[{index}]", ""))
                continue
            if is_set:
                if item in seen:
                    problems.append(Problem(f"$[{index}]", "", "duplicate", say("problem.duplicate", value=raw)))
                seen.add(item)
            items.append(item)
        if problems:
            raise _Nested(problems)
        return frozenset(items) if is_set else tuple(items)

    return structure


def _field_hook(converter: cattrs.Converter, field: FieldInfo) -> _Hook:
    """How one field of a record is read, from its kind in the field model.

    Text, yes/no and whole numbers pass as they are (the record checks their type); amounts, dates,
    choices and nested records are parsed by the converter's hook for their type.
    """
    if field.kind in (Kind.TEXT, Kind.FLAG, Kind.WHOLE):
        one: _Hook = _passed
    else:
        one = converter.get_structure_hook(field.value_type)
    hook = one if field.many is None else _many(field.many, one, field.value_type)
    if field.optional and hook is not _passed:
        return lambda value, hint: None if value is None else hook(value, hint)
    return hook


def _passed(value: object, _: object) -> object:
    return value


def _record_hook(converter: cattrs.Converter, cls: type[Record]) -> Callable[[object, type], Record]:
    fields = fields_of(cls)
    hooks = {f.name: (_field_hook(converter, f), f.value_type) for f in fields}
    labels = {f.name: f.label for f in fields}
    required = [f.name for f in fields if f.required]
    order = {f.name: n for n, f in enumerate(fields)}

    def in_field_order(problem: Problem) -> int:
        head = _FIELD.match(problem.path)
        return order.get(head.group(1) if head else "", len(order))

    def structure(data: object, _: type) -> Record:
        if not isinstance(data, Mapping):
            raise _wrong("object", data)
        problems: list[Problem] = [
            Problem(f"$.{key}", str(key), "unknown-field", say("problem.unknown-field", field=str(key)))
            for key in data
            if key not in hooks
        ]
        problems += [
            Problem(f"$.{name}", labels[name], "required", say("problem.required"))
            for name in required
            if name not in data
        ]
        values: dict[str, Any] = {}
        unread = []
        for name, raw in data.items():
            if (known := hooks.get(name)) is not None:
                try:
                    values[name] = known[0](raw, known[1])
                except Exception as error:  # noqa: BLE001 - every failure becomes a reported problem
                    problems.extend(_problems_of(error, f"$.{name}", labels[name]))
                    unread.append(name)
        if not problems:
            return cls(**values)  # raises the record's own InvalidRecord, warnings included
        # Some fields could not be read: check the others, so that every problem is reported at once.
        found = cls.check(values, unread=unread)
        errors = sorted([*problems, *(p for p in found if p.severity is Severity.ERROR)], key=in_field_order)
        warnings = [p for p in found if p.severity is Severity.WARNING]
        raise cls.error_type(say("error.invalid-record", record=cls.__name__), errors, warnings=warnings)

    if cls is Instrument:
        return structure
    read = _shared(cls, lambda data: structure(data, cls), checked=True)
    return lambda data, _: read(data)


def _unstructure_set(converter: cattrs.Converter, hint: Any) -> Callable[[frozenset[Any]], list[Any]]:  # noqa: ANN401
    """Sets are written sorted: choices in the handreiking's order, other items by their own order.

    Sets of choices and of text written by the format's own hooks take a shortcut to the same list (see
    `_ChoiceLists`; text is sorted and is its own JSON).
    """

    def unstructure(value: frozenset[Any]) -> list[Any]:
        first = next(iter(value), None)
        items = sorted(value, key=lambda m: m.order) if isinstance(first, Choice) else sorted(value)
        return [converter.unstructure(item) for item in items]

    (item_type,) = typing.get_args(hint) or (None,)
    item_hook = converter.get_unstructure_hook(item_type) if isinstance(item_type, type) else None
    if _is_choice(item_type) and item_hook is _choice_value:
        return _ChoiceLists(item_type, unstructure)
    if item_type is str and item_hook is identity:
        return lambda value: sorted(value) if all(type(item) is str for item in value) else unstructure(value)
    return unstructure


_choice_value: Callable[[Choice], str] = attrgetter("_value_")
"""A choice as JSON: its stable key (``value``, read as the plain attribute behind it: a C call)."""


class _ChoiceLists(dict[frozenset[Any], tuple[str, ...]]):
    """The JSON list of each set of choices of one kind, made on first sight and copied after.

    A catalogue repeats the same few sets of tiles, characteristics and forms; sorting a set by ``order``
    and writing each member cost about 9 µs a set (four sets an instrument). Anything but a frozenset of
    this kind's members goes by *general*. Emptied when it holds `_SHARED_LIMIT` sets.
    """

    def __init__(self, kind: type[Choice], general: Callable[[frozenset[Any]], list[Any]]) -> None:
        super().__init__()
        self.kind = kind
        self.general = general
        self.place = {member: n for n, member in enumerate(kind)}

    def __call__(self, value: frozenset[Any]) -> list[Any]:
        found = self.get(value) if type(value) is frozenset else None
        if found is None:
            if type(value) is not frozenset or not all(type(item) is self.kind for item in value):
                return self.general(value)
            if len(self) >= _SHARED_LIMIT:
                self.clear()
            found = self[value] = tuple(member._value_ for member in sorted(value, key=self.place.__getitem__))
        return list(found)


def _is_frozenset(hint: Any) -> bool:  # noqa: ANN401
    return typing.get_origin(hint) is frozenset


def _is_collection(hint: Any) -> bool:  # noqa: ANN401
    return typing.get_origin(hint) in (frozenset, tuple) and not isinstance(hint, types.UnionType)


def _is_choice(hint: Any) -> bool:  # noqa: ANN401
    return isinstance(hint, type) and issubclass(hint, Choice)


def _is_record(hint: Any) -> bool:  # noqa: ANN401
    return isinstance(hint, type) and issubclass(hint, Record)


def _plain_optional(converter: cattrs.Converter) -> Callable[[Any], bool]:
    """Whether a type is optional text or an optional whole number that *converter* writes as it is.

    Such a value is its own JSON and None is null, so it is written as it is, without a check for None.
    """

    def applies(hint: Any) -> bool:  # noqa: ANN401
        if typing.get_origin(hint) not in (typing.Union, types.UnionType):
            return False
        inner = [arg for arg in typing.get_args(hint) if arg is not types.NoneType]
        return len(inner) == 1 and inner[0] in (str, int) and converter.get_unstructure_hook(inner[0]) is identity

    return applies


def _collection_hook(converter: cattrs.Converter, hint: Any) -> _Hook:  # noqa: ANN401
    """Sets and tuples outside records (a client profile's tiles): read from a JSON list, item by item."""
    (item_type,) = [arg for arg in typing.get_args(hint) if arg is not Ellipsis]
    return _many(typing.get_origin(hint), converter.get_structure_hook(item_type), item_type)


def configure_converter(converter: JsonConverter) -> None:
    """Teach *converter* the wire shape of the Instrumentenformat (see the module docstring).

    Every hook it registers uses *converter* itself, never the module's `converter`, so a copy made by
    `make_converter` stands on its own.
    """
    converter.register_structure_hook(str, _strict_str)
    converter.register_structure_hook(bool, _strict_bool)
    converter.register_structure_hook(int, _strict_int)
    converter.register_structure_hook(Decimal, _amount)
    converter.register_structure_hook(dt.date, _date)
    converter.register_structure_hook_factory(_is_choice, _choice_hook)
    converter.register_structure_hook_factory(_is_collection, lambda t: _collection_hook(converter, t))
    converter.register_structure_hook_factory(_is_record, lambda t: _record_hook(converter, t))
    converter.register_unstructure_hook(Decimal, lambda d: f"{d:.2f}")
    converter.register_unstructure_hook(dt.date, lambda d: d.isoformat())
    converter.register_unstructure_hook_factory(_is_choice, lambda _: _choice_value)
    converter.register_unstructure_hook_factory(_is_frozenset, lambda t: _unstructure_set(converter, t))
    converter.register_unstructure_hook_factory(_plain_optional(converter), lambda _: identity)
    converter.register_unstructure_hook_factory(
        attrs.has, lambda t: make_dict_unstructure_fn(t, converter, _cattrs_omit_if_default=True)
    )


def make_converter() -> JsonConverter:
    """A new converter configured for the format, for callers who want to add hooks of their own."""
    new = make_json_converter(forbid_extra_keys=True)
    configure_converter(new)
    return new


converter = make_converter()
"""The converter eva_core uses everywhere."""


# Reading back what a store holds: eva_core checked it before writing, and the store vouches for it (a
# checksum, a database that only ever received checked records), so it is rebuilt without checking again.


_stored_readers: dict[type, Callable[[Mapping[str, Any]], Any]] = {}


def _stored_reader(cls: type[Record]) -> Callable[[Mapping[str, Any]], Any]:
    """One generated function per record class: `rebuild` unrolled, each field read and set by its own line.

    Reading back every instrument is the start-up of each replica; straight lines that set each slot through
    its descriptor took 13 µs per instrument where the loop over the fields took 18 (best of eight runs).
    """
    if (known := _stored_readers.get(cls)) is not None:
        return known
    namespace: dict[str, Any] = {"cls": cls, "new": object.__new__, "MISSING": _MISSING}
    lines = ["def read(data):", "    record = new(cls)", "    get = data.get"]
    for n, field in enumerate(fields_of(cls)):
        slot = cls.__dict__.get(field.name)
        if isinstance(slot, types.MemberDescriptorType):
            namespace[f"set{n}"] = slot.__set__
            assign = f"set{n}(record, {{}})"
        else:  # pragma: no cover - every record is slotted; a plain class still reads right
            namespace[f"name{n}"] = field.name
            assign = f"object.__setattr__(record, name{n}, {{}})"
        namespace[f"default{n}"] = field.default
        reader = _stored_field(field)
        if reader is None:
            lines.append("    " + assign.format(f"get({field.name!r}, default{n})"))
        else:
            namespace[f"read{n}"] = reader
            lines.append(f"    value = get({field.name!r}, MISSING)")
            lines.append("    " + assign.format(f"default{n} if value is MISSING else read{n}(value)"))
    lines.append("    return record")
    exec("\n".join(lines), namespace)  # noqa: S102 - code made here from the record's own field names
    read: Callable[[Mapping[str, Any]], Any] = namespace["read"]
    _stored_readers[cls] = read
    return read


_MISSING: Final = object()


def _stored_field(field: FieldInfo) -> Callable[[Any], Any] | None:
    """How a stored field's JSON value becomes the field's value; None when it is that value already."""
    kind, of = field.kind, field.value_type
    one: Callable[[Any], Any]
    if kind is Kind.AMOUNT:
        one = lambda value: Decimal(str(value))  # noqa: E731
    elif kind is Kind.DATE:
        one = dt.date.fromisoformat
    elif kind is Kind.CHOICE:
        one = of._value2member_map_.__getitem__  # type: ignore[attr-defined]
    elif kind is Kind.RECORD:
        one = _shared(of, _stored_reader(of))  # records refer to each other, but never to themselves
    elif field.many is None:
        return None  # text, yes/no and whole numbers are stored as they are
    else:
        one = _passed_one
    if field.many is frozenset:
        return lambda values: frozenset(map(one, values))
    if field.many is tuple:
        return lambda values: tuple(map(one, values))
    if field.optional:
        return lambda value: None if value is None else one(value)
    return one


def _passed_one(value: object) -> object:
    return value


_SHARED_LIMIT: Final = 200_000
_shared_records: dict[tuple[type, Any], Any] = {}
_checked_records: dict[tuple[type, Any], Any] = {}


def _shared(cls: type, read: Callable[[Any], Any], *, checked: bool = False) -> Callable[[Any], Any]:
    """*read* for a record nested in another, returning one shared object for equal documents.

    A catalogue links the same organisation, provider, contact person and target group from thousands of
    instruments; records are immutable, so reading each once saves the time of rebuilding it and the memory
    of a copy per instrument (a replica of 1M instruments holds them all). A stored record is known by its flat
    document (documents with nested values are read as they are); a *checked* one (`load_instrument`) by its
    exact JSON, so that ``1`` is never taken for ``true``, in a table of its own, and only once it was read
    without errors: every problem is still reported each time. A table is emptied when it grows past
    `_SHARED_LIMIT` entries.
    """
    table = _checked_records if checked else _shared_records

    def shared(data: Any) -> Any:  # noqa: ANN401
        try:
            key = (cls, json.dumps(data, sort_keys=True) if checked else tuple(data.items()))
            found = table.get(key)
        except (TypeError, ValueError):  # unhashable or not JSON: read as it is
            return read(data)
        if found is None:
            if len(table) >= _SHARED_LIMIT:
                table.clear()
            found = table[key] = read(data)
        return found

    return shared


R = TypeVar("R")


def load_stored(data: Any, cls: type[R]) -> R:  # noqa: ANN401
    """Read back a record that eva_core checked and wrote itself, without checking it again.

    For storage adapters, whose files carry a checksum and whose databases only ever receive checked
    records. Input from anywhere else goes through `load_instrument`.
    """
    result: R = _stored_reader(cast("type[Record]", cls))(data)
    return result


def load_instrument(data: object) -> Instrument:
    """Parse one instrument from JSON-ready data; raise `InvalidInstrument` with every problem at once."""
    try:
        return converter.structure(data, Instrument)
    except _Bad as error:
        raise InvalidInstrument(
            say("error.invalid-record", record="Instrument"), _problems_of(error, "$", "Instrument")
        ) from None


def load_record(data: object, cls: type[R]) -> R:
    """Parse one record of any kind (a provider, a target group, a rating) as `load_instrument` parses one instrument.

    Raises `InvalidRecord` with every problem at once, each with its JSON path.
    """
    try:
        return converter.structure(data, cls)
    except _Bad as error:
        raise InvalidRecord(
            say("error.invalid-record", record=cls.__name__), _problems_of(error, "$", cls.__name__)
        ) from None


_PROFILE_MESSAGES = {
    "unknown-choice": "problem.unknown-choice.anonymous",
    "duplicate": "problem.duplicate.anonymous",
}
"""Value-free messages for the codes of the strict hooks, whose own messages quote the value."""


def _labels_of(cls: type[Any]) -> dict[str, str]:
    return {a.name: a.metadata.get("label", a.name) for a in attrs.fields(cls)}


_PROFILE_LABELS = _labels_of(Criteria) | _labels_of(ClientProfile)


def _value_free(error: BaseException, path: str) -> list[Problem]:
    """The problems in *error* by path and rule only: a profile's values (and its unknown keys) stay out."""
    label = _PROFILE_LABELS.get(path.rsplit(".", 1)[-1], "Klantprofiel")
    if isinstance(error, InvalidRecord):  # InvalidProfile and InvalidCriteria never hold values
        return [p.under(path) for p in error.problems]
    if isinstance(error, cattrs.ForbiddenExtraKeysError):
        return [
            Problem(path, label, "unknown-field", say("problem.unknown-field.count", count=len(error.extra_fields)))
        ]
    if isinstance(error, cattrs.ClassValidationError):
        with_names, without = error.group_exceptions()
        problems = [p for exc, note in with_names for p in _value_free(exc, f"{path}.{note.name}")]
        return problems + [p for exc in without for p in _value_free(exc, path)]
    if isinstance(error, BaseExceptionGroup):  # the items of a list or a mapping: reported for the field
        return [p for exc in error.exceptions for p in _value_free(exc, path)]
    code = error.code if isinstance(error, _Bad) else "type"
    if isinstance(error, _Nested):
        code = error.problems[0].code if error.problems else "type"
    return [Problem(path, label, code, say(_PROFILE_MESSAGES.get(code, "problem.type.value")))]


def load_profile(data: object) -> ClientProfile:
    """Parse a client profile (a JSON object with `ClientProfile`'s attribute names, its limits under ``criteria``).

    Raises `InvalidProfile` with every problem at once; each names the field and the rule, never a value or an
    unknown key, since a profile holds special-category personal data.
    """
    if not isinstance(data, Mapping):
        problems = [Problem("$", "het profiel als geheel", "type", say("problem.type.object"))]
    else:
        try:
            return converter.structure(data, ClientProfile)
        except Exception as error:  # noqa: BLE001 - every failure becomes a value-free problem
            problems = list(dict.fromkeys(_value_free(error, "$")))
    raise InvalidProfile(say("error.invalid-profile", parts=tuple(dict.fromkeys(p.label for p in problems))), problems)


def dump_instrument(instrument: Instrument) -> dict[str, Any]:
    """The JSON-ready dict of *instrument*; fields at their default are left out."""
    result: dict[str, Any] = converter.unstructure(instrument, Instrument)
    return result


@attrs.frozen
class ValidationReport:
    """Everything wrong with some data: errors reject it, warnings only report."""

    errors: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        """True when there are no errors; warnings may remain."""
        return not self.errors


def validate_instrument(data: object, *, areas: AreaClassification | None = None) -> ValidationReport:
    """Check one instrument's JSON-ready data without raising.

    With *areas*, its municipality and region codes are checked against that classification too
    (`AreaClassification.problems`: unknown codes, abolished municipalities).
    """
    try:
        instrument = load_instrument(data)
    except InvalidInstrument as error:
        return ValidationReport(error.problems, error.warnings)
    placed = () if areas is None else areas.problems(instrument)
    return ValidationReport(
        tuple(p for p in placed if p.severity is Severity.ERROR),
        (*instrument.warnings(), *(p for p in placed if p.severity is Severity.WARNING)),
    )


def dump_catalogue(instruments: Iterable[Instrument]) -> dict[str, Any]:
    """A JSON-ready document of many instruments, carrying the format's name and version."""
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "instruments": [dump_instrument(i) for i in instruments],
    }


def load_catalogue(document: object) -> tuple[Instrument, ...]:
    """Parse a document written by `dump_catalogue`, of this version or an older one.

    Raises:
        UnsupportedFormat: not an instrument document, or one from a newer eva_core.
        InvalidInstrument: every problem in every instrument, with paths such as ``$.instruments[3].name``.
    """
    instruments, report = _read_catalogue(document)
    if report.errors:
        raise InvalidInstrument(say("error.invalid-catalogue"), report.errors, warnings=report.warnings)
    return instruments


def validate_catalogue(document: object, *, areas: AreaClassification | None = None) -> ValidationReport:
    """Check a document of instruments without raising for its contents (`UnsupportedFormat` still raises).

    With *areas*, area codes are checked against that classification too, as `validate_instrument` does.
    """
    return _read_catalogue(document, areas)[1]


def _read_catalogue(
    document: object, areas: AreaClassification | None = None
) -> tuple[tuple[Instrument, ...], ValidationReport]:
    data = _upcast(document)
    raw = data.get("instruments")
    if not isinstance(raw, list):
        raise UnsupportedFormat(say("error.unsupported-format.instruments", got=described(raw)))
    instruments: list[Instrument] = []
    errors: list[Problem] = []
    warnings: list[Problem] = []
    first_seen: dict[str, int] = {}
    for index, item in enumerate(raw):
        where = f"$.instruments[{index}]"
        try:
            instrument = load_instrument(item)
        except InvalidInstrument as error:
            errors += [p.under(where) for p in error.problems]
            warnings += [p.under(where) for p in error.warnings]
        else:
            instruments.append(instrument)
            warnings += [p.under(where) for p in instrument.warnings()]
            for problem in () if areas is None else areas.problems(instrument):
                (errors if problem.severity is Severity.ERROR else warnings).append(problem.under(where))
        identifier = item.get("id") if isinstance(item, Mapping) else None
        if isinstance(identifier, str) and identifier in first_seen:
            also = f"$.instruments[{first_seen[identifier]}]"
            errors.append(
                Problem(f"{where}.id", "Id", "duplicate", say("problem.duplicate.id", id=identifier, at=also))
            )
        if isinstance(identifier, str):
            first_seen.setdefault(identifier, index)
    return tuple(instruments), ValidationReport(tuple(errors), tuple(warnings))


def _upcast(document: object) -> dict[str, Any]:
    if not isinstance(document, Mapping):
        raise UnsupportedFormat(say("error.unsupported-format.document", got=described(document)))
    if document.get("format") != FORMAT_NAME:
        raise UnsupportedFormat(say("error.unsupported-format.format", format=str(document.get("format"))))
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise UnsupportedFormat(say("error.unsupported-format.version", version=str(version)))
    if version > FORMAT_VERSION:
        raise UnsupportedFormat(say("error.unsupported-format.newer", version=version, supported=FORMAT_VERSION))
    data = dict(document)
    while data["version"] < FORMAT_VERSION:
        data = _UPCASTERS[data["version"]](data)
    unknown = sorted(set(data) - {"format", "version", "instruments"})
    if unknown:
        raise UnsupportedFormat(say("error.unsupported-format.keys", keys=tuple(unknown)))
    return data


class InvalidJson(ValueError, EvaError):
    """Text that is not strict JSON: a key twice in one object, NaN or Infinity, or broken syntax.

    A `ValueError` with the code ``invalid-json``; its message is the catalogue's, in the current language.
    """

    code = "invalid-json"

    def __init__(self, said: Message) -> None:
        super().__init__(said)

    def __str__(self) -> str:
        return str(self.said)


class JsonSyntaxError(InvalidJson, json.JSONDecodeError):
    """Broken JSON syntax at a line and column; also a `json.JSONDecodeError`, as `json.loads` raises.

    The message says where, not what the standard library calls the mistake (that text is English).
    """

    def __init__(self, document: str, position: int) -> None:
        json.JSONDecodeError.__init__(self, "", document, position)
        self.args = (say("error.invalid-json.syntax", line=self.lineno, column=self.colno),)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.doc, self.pos))


def _no_duplicate_keys(pairs: Sequence[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise InvalidJson(say("error.json.duplicate-key", key=key))
        result[key] = value
    return result


def _no_constant(name: str) -> Any:  # noqa: ANN401 - json's parse_constant signature
    raise InvalidJson(say("error.json.not-a-number", name=name))


def parse_json(text: str | bytes) -> Any:  # noqa: ANN401 - any JSON value
    """Parse JSON strictly: no NaN or Infinity, no key twice in one object (stdlib json allows both).

    JSON nested deeper than Python's recursion limit (about 1,000 levels) is `UnsupportedFormat`, not a
    `RecursionError`: no instrument, catalogue or profile is nested more than a few levels. Every other
    refusal is an `InvalidJson` (code ``invalid-json``): broken syntax a `JsonSyntaxError` with its line and
    column (also a `json.JSONDecodeError`), a key twice or NaN said by name, bytes that are no Unicode text.
    """
    try:
        return json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        raise JsonSyntaxError(error.doc, error.pos) from None
    except UnicodeDecodeError:
        raise InvalidJson(say("error.invalid-json.encoding")) from None
    except RecursionError:
        raise UnsupportedFormat(say("error.unsupported-format.too-deep")) from None
