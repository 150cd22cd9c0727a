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
import math
import re
import types
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, Final, TypeVar

import attrs
import cattrs
from cattrs.gen import make_dict_unstructure_fn
from cattrs.preconf.json import JsonConverter
from cattrs.preconf.json import make_converter as make_json_converter

from eva_core.domain import (
    AreaClassification,
    Choice,
    ClientProfile,
    Instrument,
    InvalidInstrument,
    InvalidRecord,
    Problem,
    Record,
    Severity,
    UnsupportedFormat,
    field_info,
    record_fields,
    trusted_records,
    types_already_checked,
)

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "ValidationReport",
    "configure_converter",
    "converter",
    "dump_catalogue",
    "dump_instrument",
    "load_catalogue",
    "load_instrument",
    "load_profile",
    "load_stored",
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
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


class _Nested(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def _kind(value: object) -> str:
    names = {type(None): "null", bool: "true/false", int: "a number", float: "a number", str: "text"}
    return names.get(type(value), "a list" if isinstance(value, list) else "an object")


def _strict_str(value: object, _: type) -> str:
    if not isinstance(value, str):
        raise _Bad("type", f"expected text, got {_kind(value)}")
    return value


def _strict_bool(value: object, _: type) -> bool:
    if not isinstance(value, bool):
        raise _Bad("type", f"expected true or false, got {_kind(value)}")
    return value


def _strict_int(value: object, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Bad("type", f"expected a whole number, got {_kind(value)}")
    return value


def _amount(value: object, _: type) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise _Bad("type", f'expected an amount in euros such as "12.50", got {_kind(value)}')
    if isinstance(value, float) and not math.isfinite(value):
        raise _Bad("type", f"expected an amount in euros, got {value}")
    text = repr(value) if isinstance(value, float) else str(value)
    if not _AMOUNT.fullmatch(text):
        raise _Bad("type", f'expected an amount in euros such as "12.50", got {value!r}')
    try:
        return Decimal(text)
    except InvalidOperation as error:  # pragma: no cover - the pattern admits only valid decimals
        raise _Bad("type", f"expected an amount, got {value!r}") from error


def _date(value: object, _: type) -> dt.date:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise _Bad("type", f"expected a date as YYYY-MM-DD, got {value!r}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise _Bad("type", f"{value!r} is not a day in the calendar") from error


def _choice_hook(cls: type[Choice]) -> Callable[[object, type], Choice]:
    def structure(value: object, _: type) -> Choice:
        if not isinstance(value, str):
            raise _Bad("type", f"expected the key of a {cls.__name__}, got {_kind(value)}")
        try:
            return cls.from_key(value)
        except ValueError:
            pass
        keys = ", ".join(m.key for m in cls)
        try:
            hint = f"; did you mean {cls.from_label(value).key!r}?"
        except ValueError:
            hint = f"; choose from {keys}"
        raise _Bad("unknown-choice", f"{value!r} is not one of the {cls.__name__} keys{hint}") from None

    return structure


def _collection_hook(converter: cattrs.Converter, hint: Any) -> Callable[[object, type], Any]:  # noqa: ANN401
    origin = typing.get_origin(hint)
    (item_type,) = [arg for arg in typing.get_args(hint) if arg is not Ellipsis]
    structure_item = converter.get_structure_hook(item_type)

    def structure(value: object, _: type) -> Any:  # noqa: ANN401
        if not isinstance(value, list):
            raise _Bad("type", f"expected a list, got {_kind(value)}")
        items, problems, seen = [], [], set()
        for index, raw in enumerate(value):
            try:
                item = structure_item(raw, item_type)
            except Exception as error:  # noqa: BLE001 - every failure becomes a reported problem
                problems.extend(_problems_of(error, f"$[{index}]", ""))
                continue
            if origin is frozenset:
                if item in seen:
                    problems.append(Problem(f"$[{index}]", "", "duplicate", f"{raw!r} is listed twice"))
                seen.add(item)
            items.append(item)
        if problems:
            raise _Nested(problems)
        return frozenset(items) if origin is frozenset else tuple(items)

    return structure


def _problems_of(error: BaseException, path: str, label: str) -> list[Problem]:
    """Every problem in *error*, addressed from *path* and labelled *label* where it has none."""
    if isinstance(error, InvalidRecord):
        return [p.under(path) for p in (*error.problems, *error.warnings)]
    if isinstance(error, _Bad):
        return [Problem(path, label, error.code, error.message)]
    if isinstance(error, _Nested):
        return [Problem(path + p.path[1:], p.label or label, p.code, p.message, p.severity) for p in error.problems]
    if isinstance(error, BaseExceptionGroup):
        return [p for e in error.exceptions for p in _problems_of(e, path, label)]
    return [Problem(path, label, "type", str(error) or type(error).__name__)]


def _record_hook(converter: cattrs.Converter, cls: type[Record]) -> Callable[[object, type], Record]:
    fields = record_fields(cls)
    hints = typing.get_type_hints(cls)
    names = {f.name for f in fields}
    hooks = {f.name: converter.get_structure_hook(hints[f.name]) for f in fields}
    labels = {f.name: field_info(cls, f.name).label for f in fields}
    required = [f.name for f in fields if f.default is attrs.NOTHING]
    order = {f.name: n for n, f in enumerate(fields)}

    def in_field_order(problem: Problem) -> int:
        head = _FIELD.match(problem.path)
        return order.get(head.group(1) if head else "", len(order))

    def structure(data: object, _: type) -> Record:
        if not isinstance(data, Mapping):
            raise _Bad("type", f"expected an object, got {_kind(data)}")
        problems: list[Problem] = [
            Problem(f"$.{key}", str(key), "unknown-field", f"{cls.__name__} has no field {key!r}")
            for key in data
            if key not in names
        ]
        problems += [
            Problem(f"$.{name}", labels[name], "required", "is required") for name in required if name not in data
        ]
        values: dict[str, Any] = {}
        for name, raw in data.items():
            if name in names:
                try:
                    values[name] = hooks[name](raw, hints[name])
                except Exception as error:  # noqa: BLE001 - every failure becomes a reported problem
                    problems.extend(_problems_of(error, f"$.{name}", labels[name]))
        if not problems:
            try:
                return cls(**values)
            except InvalidRecord:
                pass  # checked again below, to report warnings beside the errors
        found = cls.check(values)
        problems += [p for p in found if p.severity is Severity.ERROR]
        ordered: list[Problem] = sorted(problems, key=in_field_order)
        invalid = cls.error_type(f"invalid {cls.__name__}", ordered)
        invalid.warnings = tuple(p for p in found if p.severity is Severity.WARNING)
        raise invalid

    return structure


def _unstructure_set(value: frozenset[Any]) -> list[Any]:
    items = sorted(value, key=lambda m: m.order) if value and isinstance(next(iter(value)), Choice) else sorted(value)
    return [converter.unstructure(item) for item in items]


def _is_frozenset(hint: Any) -> bool:  # noqa: ANN401
    return typing.get_origin(hint) is frozenset


def _is_collection(hint: Any) -> bool:  # noqa: ANN401
    return typing.get_origin(hint) in (frozenset, tuple) and not isinstance(hint, types.UnionType)


def configure_converter(converter: JsonConverter, *, trusted: bool = False) -> None:
    """Teach *converter* the wire shape of the Instrumentenformat (see the module docstring).

    With *trusted*, reading skips every check and uses cattrs' generated code: only for data eva_core
    wrote itself and a store vouches for (see `load_stored`).
    """
    if trusted:
        converter.register_structure_hook_factory(_is_choice, lambda t: lambda value, _: t.from_key(value))
        converter.register_structure_hook_factory(_is_choice_set, _fast_choice_set)
        converter.register_structure_hook(dt.date, lambda value, _: dt.date.fromisoformat(value))
        converter.register_structure_hook(Decimal, lambda value, _: Decimal(str(value)))
    else:
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
    converter.register_unstructure_hook_factory(_is_choice, lambda _: lambda c: c.value)
    converter.register_unstructure_hook_factory(_is_frozenset, lambda _: _unstructure_set)
    converter.register_unstructure_hook_factory(
        attrs.has, lambda t: make_dict_unstructure_fn(t, converter, _cattrs_omit_if_default=True)
    )


def _is_choice(hint: Any) -> bool:  # noqa: ANN401
    return isinstance(hint, type) and issubclass(hint, Choice)


def _is_choice_set(hint: Any) -> bool:  # noqa: ANN401
    return typing.get_origin(hint) is frozenset and _is_choice(typing.get_args(hint)[0])


def _fast_choice_set(hint: Any) -> Callable[[list[str], type], frozenset[Choice]]:  # noqa: ANN401
    lookup = typing.get_args(hint)[0]._value2member_map_.__getitem__
    return lambda values, _: frozenset(map(lookup, values))


def _is_record(hint: Any) -> bool:  # noqa: ANN401
    return isinstance(hint, type) and issubclass(hint, Record)


def make_converter(*, trusted: bool = False) -> JsonConverter:
    """A new converter configured for the format, for callers who want to add hooks of their own."""
    new = make_json_converter(forbid_extra_keys=not trusted, detailed_validation=not trusted)
    configure_converter(new, trusted=trusted)
    return new


converter = make_converter()
"""The converter eva_core uses everywhere."""

_stored = make_converter(trusted=True)

R = TypeVar("R")


def load_stored(data: Any, cls: type[R]) -> R:  # noqa: ANN401
    """Read back a record that eva_core checked and wrote itself, without checking it again.

    For storage adapters, whose files carry a checksum and whose databases only ever receive checked
    records. Input from anywhere else goes through `load_instrument`.
    """
    with trusted_records():
        return _stored.structure(data, cls)


def load_instrument(data: object) -> Instrument:
    """Parse one instrument from JSON-ready data; raise `InvalidInstrument` with every problem at once."""
    try:
        with types_already_checked():
            return converter.structure(data, Instrument)
    except _Bad as error:
        raise InvalidInstrument("invalid Instrument", _problems_of(error, "$", "Instrument")) from None


def load_profile(data: object) -> ClientProfile:
    """Parse a client profile (a JSON object with `ClientProfile`'s attribute names); ValueError when broken.

    The message names what is wrong by path, never the profile's values.
    """
    try:
        return converter.structure(data, ClientProfile)
    except (cattrs.BaseValidationError, _Bad, TypeError, ValueError) as error:
        paths = (
            cattrs.transform_error(error, path="$", format_exception=lambda e, _: type(e).__name__)
            if isinstance(error, cattrs.BaseValidationError)
            else [type(error).__name__]
        )
        raise ValueError(f"invalid client profile: {'; '.join(paths)}") from None


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
        error = InvalidInstrument("invalid catalogue", report.errors)
        error.warnings = report.warnings
        raise error
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
        raise UnsupportedFormat(f"'instruments' must be a list, got {_kind(raw)}")
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
            errors.append(
                Problem(
                    f"{where}.id",
                    "Id",
                    "duplicate",
                    f"id {identifier!r} is also used by $.instruments[{first_seen[identifier]}]",
                )
            )
        if isinstance(identifier, str):
            first_seen.setdefault(identifier, index)
    return tuple(instruments), ValidationReport(tuple(errors), tuple(warnings))


def _upcast(document: object) -> dict[str, Any]:
    if not isinstance(document, Mapping):
        raise UnsupportedFormat(f"expected an instrument document (an object), got {_kind(document)}")
    if document.get("format") != FORMAT_NAME:
        raise UnsupportedFormat(f"not an instrument document: 'format' is {document.get('format')!r}")
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise UnsupportedFormat(f"'version' must be a whole number from 1, got {version!r}")
    if version > FORMAT_VERSION:
        raise UnsupportedFormat(
            f"this document has format version {version}; this eva_core reads up to {FORMAT_VERSION}, upgrade it"
        )
    data = dict(document)
    while data["version"] < FORMAT_VERSION:
        data = _UPCASTERS[data["version"]](data)
    unknown = sorted(set(data) - {"format", "version", "instruments"})
    if unknown:
        raise UnsupportedFormat(f"unknown top-level keys: {', '.join(unknown)}")
    return data


def _no_duplicate_keys(pairs: Sequence[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"the key {key!r} appears twice in one object")
        result[key] = value
    return result


def _no_constant(name: str) -> Any:  # noqa: ANN401 - json's parse_constant signature
    raise ValueError(f"{name} is not a JSON number")


def parse_json(text: str | bytes) -> Any:  # noqa: ANN401 - any JSON value
    """Parse JSON strictly: no NaN or Infinity, no key twice in one object (stdlib json allows both)."""
    return json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constant)
