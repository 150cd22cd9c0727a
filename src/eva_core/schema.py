"""A JSON Schema (2020-12) of the instrument document, generated from the records themselves.

It describes what `eva_core.dump_catalogue` writes: field names, types, choice keys, Dutch labels as
titles, required fields, and the limits the rules read from field metadata. Rules across fields (the
publication window, cents, group characteristics) are beyond JSON Schema; the loader checks those.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from decimal import Decimal
from typing import Any

import attrs

from eva_core.convert import FORMAT_NAME, FORMAT_VERSION
from eva_core.domain import HOURS_IN_A_WEEK, Choice, Instrument, Record, field_info, record_fields

__all__ = ["catalogue_schema", "instrument_schema"]

_DIALECT = "https://json-schema.org/draft/2020-12/schema"
_AMOUNT = {
    "anyOf": [
        {"type": "string", "pattern": r"^\d+(\.\d{1,2})?$"},
        {"type": "number", "minimum": 0},
    ]
}
_NOT_BLANK = r"\S"


def _schema_of(hint: Any, defs: dict[str, Any], info: Any = None) -> dict[str, Any]:  # noqa: ANN401, C901, PLR0911
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        (only,) = options
        return {"anyOf": [_schema_of(only, defs, info), {"type": "null"}]}
    if origin in (frozenset, tuple):
        (item,) = [a for a in typing.get_args(hint) if a is not Ellipsis]
        array: dict[str, Any] = {"type": "array", "items": _schema_of(item, defs, info)}
        if origin is frozenset:
            array["uniqueItems"] = True
        return array
    if isinstance(hint, type) and issubclass(hint, Choice):
        _define_choice(hint, defs)
        return {"$ref": f"#/$defs/{hint.__name__}"}
    if isinstance(hint, type) and issubclass(hint, Record):
        _define_record(hint, defs)
        return {"$ref": f"#/$defs/{hint.__name__}"}
    if hint is bool:
        return {"type": "boolean"}
    if hint is int:
        return {"type": "integer", "minimum": 0}
    if hint is Decimal:
        return dict(_AMOUNT)
    if hint is dt.date:
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    if hint is str:
        text: dict[str, Any] = {"type": "string"}
        if info is not None and info.pattern:
            text["pattern"] = f"^(?:{info.pattern})$"
        return text
    raise TypeError(f"no schema for {hint!r}")  # pragma: no cover - a programming error


def _define_choice(cls: type[Choice], defs: dict[str, Any]) -> None:
    defs.setdefault(
        cls.__name__,
        {
            "title": cls.__name__,
            "description": (cls.__doc__ or "").strip().splitlines()[0],
            "enum": [m.key for m in cls],
            "x-labels": {m.key: m.label for m in cls},
        },
    )


def _define_record(cls: type[Record], defs: dict[str, Any]) -> None:
    if cls.__name__ in defs:
        return
    defs[cls.__name__] = {}  # placeholder: records may refer to each other
    hints = typing.get_type_hints(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for f in record_fields(cls):
        info = field_info(cls, f.name)
        prop = _schema_of(hints[f.name], defs, info)
        prop = {"title": info.label, **({"description": info.doc} if info.doc else {}), **prop}
        if f.default is attrs.NOTHING:
            required.append(f.name)
            if hints[f.name] is str:
                prop["pattern"] = _NOT_BLANK
        if info.max_length is not None:
            prop["maxLength"] = info.max_length
        if f.name == "intensity_hours_per_week":
            prop["anyOf"][0]["maximum"] = HOURS_IN_A_WEEK
        if typing.get_origin(hints[f.name]) is frozenset and f.name == "execution_forms":
            prop["minItems"] = 1
        properties[f.name] = prop
    definition: dict[str, Any] = {
        "title": cls.__name__,
        "description": (cls.__doc__ or "").strip().splitlines()[0],
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }
    publish_needs = [f.name for f in record_fields(cls) if field_info(cls, f.name).required_to_publish]
    if publish_needs:
        definition["if"] = {"properties": {"publish": {"const": True}}, "required": ["publish"]}
        definition["then"] = {
            "properties": {name: {"minItems": 1} for name in publish_needs},
            "required": publish_needs,
        }
    defs[cls.__name__] = definition


def instrument_schema() -> dict[str, Any]:
    """The JSON Schema of one instrument as `eva_core.dump_instrument` writes it."""
    defs: dict[str, Any] = {}
    _define_record(Instrument, defs)
    return {"$schema": _DIALECT, "$ref": "#/$defs/Instrument", "$defs": defs}


def catalogue_schema() -> dict[str, Any]:
    """The JSON Schema of a document of instruments, as `eva_core.dump_catalogue` writes it."""
    defs: dict[str, Any] = {}
    _define_record(Instrument, defs)
    return {
        "$schema": _DIALECT,
        "title": "Eva instrumenten",
        "type": "object",
        "properties": {
            "format": {"const": FORMAT_NAME},
            "version": {"const": FORMAT_VERSION},
            "instruments": {"type": "array", "items": {"$ref": "#/$defs/Instrument"}},
        },
        "required": ["format", "version", "instruments"],
        "additionalProperties": False,
        "$defs": defs,
    }
