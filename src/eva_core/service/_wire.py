"""JSON on the wire: the project's converter, with the two hooks a response needs, and strict reading.

The service writes every record with `eva_core.convert.make_converter` (the same hooks as
`eva_core.convert.converter`), so an instrument over HTTP is the instrument of ``eva export``. Two additions:
a `Message` is written as its text in the request's language (people read it), and an `Exclusion` as its
code and that text. Bodies are read with `eva_core.convert.parse_json` (no key twice, no NaN).
"""

from __future__ import annotations

from typing import Any

import attrs
import msgspec

from eva_core.convert import make_converter, parse_json
from eva_core.domain import Choice, EvaError, Message, say
from eva_core.search import Exclusion, Facets
from eva_core.search._filters import KeyCounts

__all__ = ["NotJson", "decode", "encode", "unstructure", "wire"]

wire = make_converter()
"""The service's converter: the format's own hooks, plus messages as text."""
wire.register_unstructure_hook(Message, lambda message: message.text())
wire.register_unstructure_hook(Exclusion, lambda e: {"code": e.code, "message": e.message})


def _key_counts(counts: KeyCounts) -> dict[str, int]:
    """Facet counts of thousands of providers at once from their arrays (item by item takes 25 ms at 100k)."""
    codes = getattr(counts, "_codes", None)
    if codes is None:  # the index changed how it keeps them: the slow, sure way
        return dict(counts)
    keys = counts._names.keys  # noqa: SLF001 - read-only, and checked by tests/service/test_http.py
    return dict(zip([keys[code] for code in codes.tolist()], counts._counts[codes].tolist(), strict=True))  # noqa: SLF001


def _facets(facets: Facets) -> dict[str, dict[str, int]]:
    return {
        name: _key_counts(counts)
        if isinstance(counts, KeyCounts)
        else {key.value if isinstance(key, Choice) else key: count for key, count in counts.items()}
        for name, counts in ((f.name, getattr(facets, f.name)) for f in attrs.fields(Facets))
    }


wire.register_unstructure_hook(KeyCounts, _key_counts)
wire.register_unstructure_hook(Facets, _facets)


class NotJson(ValueError, EvaError):
    """A request body that is not one JSON value (or has a key twice, or NaN)."""

    code = "not-json"


def unstructure(value: object, as_type: Any = None) -> Any:  # noqa: ANN401 - JSON-ready data
    """*value* as JSON-ready data, by the service's converter."""
    return wire.unstructure(value) if as_type is None else wire.unstructure(value, as_type)


def encode(data: object) -> bytes:
    """JSON-ready *data* as UTF-8 JSON bytes."""
    return msgspec.json.encode(data)


def decode(body: bytes) -> Any:  # noqa: ANN401 - any JSON value
    """A request body as a JSON value; `NotJson` says only that it is not, never what it holds."""
    try:
        return parse_json(body)
    except (ValueError, RecursionError):  # also UnicodeDecodeError; the body may hold a client's data
        raise NotJson(say("error.not-json")) from None
