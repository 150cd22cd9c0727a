"""A JSON Schema (2020-12) of the instrument document, generated from the records themselves.

It describes what `eva_core.dump_catalogue` writes: field names, types, choice keys, Dutch labels as
titles, required fields, and the limits the rules read from field metadata. Rules across fields (the
publication window, cents, group characteristics) are beyond JSON Schema; the loader checks those.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from eva_core.convert import FORMAT_NAME, FORMAT_VERSION
from eva_core.domain import Choice, FieldInfo, Instrument, Kind, Record, fields_of

__all__ = ["catalogue_schema", "instrument_schema"]

_DIALECT = "https://json-schema.org/draft/2020-12/schema"
_NOT_BLANK = r"\S"
_PLAIN: dict[Kind, dict[str, Any]] = {
    Kind.TEXT: {"type": "string"},
    Kind.FLAG: {"type": "boolean"},
    Kind.WHOLE: {"type": "integer"},
    Kind.AMOUNT: {"anyOf": [{"type": "string", "pattern": r"^\d+(\.\d{1,2})?$"}, {"type": "number"}]},
    Kind.DATE: {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
}


def _value_schema(field: FieldInfo, defs: dict[str, Any]) -> dict[str, Any]:
    """The schema of one value of *field*, with the limits its kind can state."""
    if field.kind is Kind.CHOICE:
        _define_choice(field.value_type, defs)
        return {"$ref": f"#/$defs/{field.value_type.__name__}"}
    if field.kind is Kind.RECORD:
        _define_record(field.value_type, defs)
        return {"$ref": f"#/$defs/{field.value_type.__name__}"}
    schema = {**_PLAIN[field.kind]}
    if field.kind is Kind.TEXT and field.pattern:
        schema["pattern"] = f"^(?:{field.pattern})$"
    if field.kind is Kind.TEXT and field.many is not None and field.max_length is not None:
        schema["maxLength"] = field.max_length
    if field.kind is Kind.WHOLE:
        schema.update(_bounds(field))
    if field.kind is Kind.AMOUNT:
        schema["anyOf"] = [schema["anyOf"][0], {**schema["anyOf"][1], **_bounds(field)}]
    return schema


def _bounds(field: FieldInfo) -> dict[str, Any]:
    limits = {"minimum": field.minimum, "maximum": field.maximum}
    return {
        key: float(value) if isinstance(value, Decimal) else value for key, value in limits.items() if value is not None
    }


def _field_schema(field: FieldInfo, defs: dict[str, Any]) -> dict[str, Any]:
    schema = _value_schema(field, defs)
    if field.many is not None:
        schema = {"type": "array", "items": schema}
        if field.many is frozenset:
            schema["uniqueItems"] = True
        if field.required:
            schema["minItems"] = 1
    elif field.kind is Kind.TEXT:
        if field.max_length is not None:
            schema["maxLength"] = field.max_length
        if field.required:
            schema["pattern"] = schema.get("pattern", _NOT_BLANK)
    if field.optional:
        schema = {"anyOf": [schema, {"type": "null"}]}
    return {"title": field.label, **({"description": field.doc} if field.doc else {}), **schema}


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
    fields = fields_of(cls)
    definition: dict[str, Any] = {
        "title": cls.__name__,
        "description": (cls.__doc__ or "").strip().splitlines()[0],
        "type": "object",
        "properties": {f.name: _field_schema(f, defs) for f in fields},
        "required": [f.name for f in fields if f.required],
        "additionalProperties": False,
    }
    publish_needs = [f.name for f in fields if f.required_to_publish]
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
