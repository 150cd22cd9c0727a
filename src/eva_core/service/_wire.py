"""JSON on the wire: the project's converter, with the two hooks a response needs, and strict reading.

The service writes every record with `eva_core.convert.make_converter` (the same hooks as
`eva_core.convert.converter`), so an instrument over HTTP is the instrument of ``eva export``. Two additions:
a `Message` is written as its text in the request's language (people read it), and an `Exclusion` as its
code and that text. Bodies are read with `eva_core.convert.parse_json` (no key twice, no NaN).

An instrument is written once and its JSON kept (`InstrumentJson`): the same instruments come back in match
after match, and writing one took about 40 microseconds, most of a 10-result response's cost. So what
`unstructure` returns is ready for `encode` (msgspec splices the kept JSON in), not plain Python data.
"""

from __future__ import annotations

import threading
from typing import Any

import attrs
import msgspec

from eva_core.convert import make_converter, parse_json
from eva_core.domain import Choice, EvaError, Instrument, Message, say
from eva_core.search import Exclusion, Facets
from eva_core.search._filters import KeyCounts

__all__ = ["InstrumentJson", "NotJson", "decode", "encode", "unstructure", "wire"]

wire = make_converter()
"""The service's converter: the format's own hooks, plus messages as text."""
wire.register_unstructure_hook(Message, lambda message: message.text())
wire.register_unstructure_hook(Exclusion, lambda e: {"code": e.code, "message": e.message})


def _facets(facets: Facets) -> dict[str, dict[str, int]]:
    """Facets by name; keyed counts (thousands of providers) are plain dicts already, written as they are.

    ``others`` is left out when empty, as the library's converter leaves out a field at its default.
    """
    return {
        name: counts
        if isinstance(counts, KeyCounts)
        else {key.value if isinstance(key, Choice) else key: count for key, count in counts.items()}
        for name, counts in ((f.name, getattr(facets, f.name)) for f in attrs.fields(Facets))
        if counts or name != "others"
    }


wire.register_unstructure_hook(KeyCounts, lambda counts: counts)
wire.register_unstructure_hook(Facets, _facets)


class InstrumentJson:
    """The converter's JSON of each instrument, made once per instrument object and kept (at most *most*).

    An instrument is immutable, so its JSON is too; a changed instrument is a new object, written anew. The
    kept JSON is found by the object's identity (an equal instrument would take longer to hash than to write)
    and checked to be that very object. When full, the oldest entries go first.
    """

    def __init__(self, write: Any, most: int = 20_000) -> None:  # noqa: ANN401 - the converter's own hook
        self._write = write
        self._most = most
        self._kept: dict[int, tuple[Instrument, msgspec.Raw]] = {}
        self._lock = threading.Lock()  # handlers that touch the repository run in threads

    def __len__(self) -> int:
        return len(self._kept)

    def __call__(self, instrument: Instrument) -> msgspec.Raw:
        """The JSON of *instrument*, as `msgspec.Raw` that `encode` writes as it is."""
        kept = self._kept.get(id(instrument))
        if kept is not None and kept[0] is instrument:
            return kept[1]
        raw = msgspec.Raw(msgspec.json.encode(self._write(instrument)))
        with self._lock:
            while len(self._kept) >= self._most:
                del self._kept[next(iter(self._kept))]
            self._kept[id(instrument)] = (instrument, raw)
        return raw


instrument_json = InstrumentJson(wire.get_unstructure_hook(Instrument))
wire.register_unstructure_hook(Instrument, instrument_json)


class NotJson(ValueError, EvaError):
    """A request body that is not one JSON value (or has a key twice, or NaN)."""

    code = "not-json"


def unstructure(value: object, as_type: Any = None) -> Any:  # noqa: ANN401 - JSON-ready data
    """*value* as data for `encode`, by the service's converter (an instrument in it is its kept JSON)."""
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
