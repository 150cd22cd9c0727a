"""The OpenAPI side of the routes: JSON Schemas of the library's records as the converter writes them.

Records of the format (an instrument, a provider, a rating) take their schema from `eva_core.schema`, which
is derived from the same field model as the converter. The other values a response holds (a `Match`, an
`Explanation`, a feed entry) are attrs classes: their schema is read from their fields and types here. A
handler states its body and responses with `documented`; Litestar puts them in the document.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import attrs
from litestar.openapi.spec import Operation

from eva_core.domain import Choice, Record
from eva_core.schema import _define_choice, _define_record
from eva_core.search import Exclusion

__all__ = ["SCHEMAS", "components_of", "documented", "problem", "ref", "schema_of"]

SCHEMAS: dict[str, Any] = {}
"""Every schema the routes name, by name: the document's ``components.schemas``."""

_PROBLEM = {
    "type": "object",
    "description": "RFC 9457 problem details, with eva_core's code and every broken rule.",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "problems": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "path": {"type": "string"},
                    "label": {"type": "string"},
                    "code": {"type": "string"},
                    "message": {"type": "string"},
                },
                "required": ["path", "label", "code", "message"],
            },
        },
    },
    "required": ["type", "title", "status", "detail", "code", "problems"],
}
SCHEMAS["Problem"] = _PROBLEM


def _rebased(schema: Any) -> Any:  # noqa: ANN401 - any JSON Schema node
    """*schema* with ``#/$defs/X`` references pointing into the document's components."""
    if isinstance(schema, dict):
        return {
            k: (v.replace("#/$defs/", "#/components/schemas/") if k == "$ref" else _rebased(v))
            for k, v in schema.items()
        }
    if isinstance(schema, list):
        return [_rebased(v) for v in schema]
    return schema


def _add_defs(defs: Mapping[str, Any]) -> None:
    for name, definition in defs.items():
        SCHEMAS.setdefault(name, _rebased(definition))


def ref(name: str) -> dict[str, Any]:
    """A reference to the component schema *name*."""
    return {"$ref": f"#/components/schemas/{name}"}


def components_of(schema: Mapping[str, Any], prefix: str) -> dict[str, Any]:
    """A JSON Schema with local ``$defs`` as part of the document: each definition a component, the root returned.

    OpenAPI 3.1 schemas are JSON Schema 2020-12, so the definitions stay as they are; only their home moves. A
    definition ``service_at_location`` becomes the component ``{prefix}ServiceAtLocation`` (the prefix keeps
    another standard's ``address`` apart from Eva's `Address`), and every ``#/$defs/...`` reference is rewritten
    to it. The root loses ``$schema`` (3.1's dialect is 2020-12 already) and ``$id`` (a base URI of its own would
    make the rewritten references point into that document instead of this one).
    """

    def name(definition: str) -> str:
        return prefix + "".join(part[:1].upper() + part[1:] for part in definition.split("_"))

    def rewritten(node: Any) -> Any:  # noqa: ANN401 - any JSON Schema node
        if isinstance(node, dict):
            if "$defs" in node:
                raise ValueError("only the root may hold $defs")
            found = {key: rewritten(value) for key, value in node.items()}
            target = node.get("$ref")
            if isinstance(target, str):
                if not target.startswith("#/$defs/") or target[8:] not in definitions:
                    raise ValueError(f"not a reference to a local definition: {target}")
                found["$ref"] = f"#/components/schemas/{name(target[8:])}"
            return found
        if isinstance(node, list):
            return [rewritten(value) for value in node]
        return node

    definitions: Mapping[str, Any] = schema.get("$defs", {})
    for definition, body in definitions.items():
        component = rewritten(body)
        if SCHEMAS.setdefault(name(definition), component) != component:
            raise ValueError(f"two different schemas named {name(definition)}")
    root = {k: v for k, v in schema.items() if k not in ("$schema", "$id", "$defs")}
    return rewritten(root)  # type: ignore[no-any-return]


_NULL = {"type": "null"}


def schema_of(hint: Any) -> dict[str, Any]:  # noqa: ANN401, C901, PLR0911, PLR0912 - one branch per kind of type
    """The JSON Schema of a value of type *hint* as the service's converter writes (and reads) it."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if hint is Any or hint is object:
        return {}
    if hint is type(None):
        return _NULL
    if origin in (typing.Union, types.UnionType):
        return {"anyOf": [schema_of(arg) for arg in args]}
    if origin is typing.Literal:
        return {"enum": list(args)}
    if hint is str:
        return {"type": "string"}
    if hint is bool:
        return {"type": "boolean"}
    if hint is int:
        return {"type": "integer"}
    if hint is float:
        return {"type": "number"}
    if hint is Decimal:
        return {"anyOf": [{"type": "string", "pattern": r"^-?\d+(\.\d+)?$"}, {"type": "number"}]}
    if hint is dt.datetime:
        return {"type": "string", "format": "date-time"}
    if hint is dt.date:
        return {"type": "string", "format": "date"}
    if isinstance(hint, type) and issubclass(hint, Choice):
        defs: dict[str, Any] = {}
        _define_choice(hint, defs)
        _add_defs(defs)
        return ref(hint.__name__)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return {"enum": [m.value for m in hint]}
    if hint is Exclusion:
        return _exclusion()
    if isinstance(hint, type) and issubclass(hint, Record):
        defs = {}
        _define_record(hint, defs)
        _add_defs(defs)
        return ref(hint.__name__)
    if isinstance(hint, type) and attrs.has(hint):
        return _attrs_schema(hint)
    if origin in (tuple, list, frozenset, set, typing.Sequence, typing.Collection):
        if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            return {"type": "array", "prefixItems": [schema_of(a) for a in args], "minItems": len(args)}
        return {"type": "array", "items": schema_of(args[0]) if args else {}}
    if origin in (dict, Mapping, typing.Mapping) or origin is getattr(typing, "Mapping", None):
        key, value = args or (str, Any)
        schema: dict[str, Any] = {"type": "object", "additionalProperties": schema_of(value)}
        if isinstance(key, type) and issubclass(key, Choice):
            schema["propertyNames"] = {"enum": [m.key for m in key]}
        return schema
    raise TypeError(f"no schema for {hint!r}")


def _exclusion() -> dict[str, Any]:
    if "Exclusion" not in SCHEMAS:
        SCHEMAS["Exclusion"] = {
            "type": "object",
            "description": "A hard rule that keeps an instrument out, with its code and message.",
            "properties": {"code": schema_of(attrs.fields(Exclusion).code.type), "message": {"type": "string"}},
            "required": ["code", "message"],
        }
    return ref("Exclusion")


def _attrs_schema(cls: type[Any]) -> dict[str, Any]:
    """An attrs class as an object schema: every field, required when it has no default (defaults are left out)."""
    name = cls.__name__
    if name not in SCHEMAS:
        SCHEMAS[name] = {}  # placeholder, for classes that refer to themselves
        hints = typing.get_type_hints(cls)
        fields = [f for f in attrs.fields(cls) if not f.name.startswith("_")]
        SCHEMAS[name] = {
            "type": "object",
            "description": (cls.__doc__ or name).strip().splitlines()[0],
            "properties": {f.name: schema_of(hints[f.name]) for f in fields},
            "required": [f.name for f in fields if f.default is attrs.NOTHING],
        }
    return ref(name)


def problem(description: str) -> dict[str, Any]:
    """A response that is a problem body."""
    return {"description": description, "content": {"application/problem+json": {"schema": ref("Problem")}}}


_COMMON = {
    "400": problem("Verkeerd verzoek: geen JSON, een verkeerde parameter."),
    "401": problem("Geen geldige API-sleutel."),
    "403": problem("De rol of organisatie van de sleutel mag dit niet."),
    "422": problem("De gegevens breken regels van het format."),
    "429": problem("Te veel verzoeken met deze sleutel."),
}


def documented(
    *,
    ok: tuple[int, Any] | None = None,
    body: Any = None,  # noqa: ANN401 - a type or a JSON Schema
    errors: Mapping[int, str] | None = None,
    public: bool = False,
) -> type[Operation]:
    """An `Operation` class for a handler: its request body, its success response and its problems.

    *ok* is (status, type or schema dict or None for no content); *body* is a type or schema of the request.
    """

    def as_schema(value: Any) -> dict[str, Any]:  # noqa: ANN401
        return value if isinstance(value, dict) else schema_of(value)

    responses: dict[str, Any] = {}
    if ok is not None:
        status, content = ok
        responses[str(status)] = (
            {"description": "Gelukt."}
            if content is None
            else {"description": "Gelukt.", "content": {"application/json": {"schema": as_schema(content)}}}
        )
    if not public:
        responses |= _COMMON
    for status, description in (errors or {}).items():
        responses[str(status)] = problem(description)
    request_body = (
        None if body is None else {"required": True, "content": {"application/json": {"schema": as_schema(body)}}}
    )

    @dataclass
    class DocumentedOperation(Operation):
        def __post_init__(self) -> None:
            self.responses = responses
            if request_body is not None:
                self.request_body = request_body  # type: ignore[assignment]
            if not public:
                self.security = [{"key": []}]

    return DocumentedOperation
