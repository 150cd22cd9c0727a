"""The service's capabilities as routes: instruments, master data, ratings, matching, search, analysis, feed.

Every body is read with the project's strict JSON reader and its loaders (`load_instrument`, `load_record`,
`load_profile`), and every response is written by the project's converter: the shapes are the library's.
A client profile only ever arrives in a body (``POST``), never in a URL, and no error repeats its values.
Reads of the index hold it still (`Service.index`); a write goes to the repository, then the process reads
the change feed at once, so the caller's next request sees it.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from typing import Annotated, Any

from litestar import Request, Response, delete, get, post, put
from litestar.params import PathParameter, QueryParameter, RawBody
from litestar.types import ControllerRouterHandler

from eva_core.analysis import available_in, coverage, quality_report
from eva_core.convert import load_instrument, load_profile, load_record
from eva_core.domain import (
    ClientProfile,
    Criteria,
    Instrument,
    InvalidRecord,
    Problem,
    Rating,
    RatingSummary,
    say,
    summarise,
)
from eva_core.search import Explanation, Match, SearchResult
from eva_core.service._app import LEAN, actor_of, json_bytes, json_response, service_of
from eva_core.service._keys import Role
from eva_core.service._openapi import documented, ref, schema_of
from eva_core.service._problems import ServiceProblem
from eva_core.service._state import Service
from eva_core.service._wire import decode, encode, unstructure
from eva_core.storage import MASTER_KINDS, Change, Changes, MasterChange, NotFound, Stored, StoredMaster

__all__ = ["FACET_SIZE", "ROUTES"]

MAX_LIMIT = 1000
"""The most results one request returns (a page of instruments, matches, hits, feed entries, facet keys)."""

FACET_SIZE = 20
"""How many keys ``/search`` keeps per keyed facet (target groups, providers, organisations) by default.

A filter panel shows a handful of values; Elasticsearch's terms aggregation keeps 10. Every key of the
provider facet made a search at 100,000 instruments about 60 KB of JSON (2,900 providers) for 10 hits.
``facet_size: null`` asks for every key; what a size leaves out is summed in ``facets.others``.
"""

_Req = Request[Any, Any, Any]


class MasterKind(enum.Enum):
    """The kinds of master data, by their stored name."""

    ORGANISATION = "organisation"
    PROVIDER = "provider"
    CONTACT_PERSON = "contact_person"
    ADDRESS = "address"
    DISTRICT = "district"
    TARGET_GROUP = "target_group"


_Id = Annotated[str, PathParameter(max_length=500, description="Het id.")]
_Kind = Annotated[MasterKind, PathParameter(description="De soort stamgegeven.")]
_Area = Annotated[str, PathParameter(max_length=200, description="Een gemeente of arbeidsmarktregio (code of naam).")]


# Reading bodies


def _refused(problems: list[Problem]) -> InvalidRecord:
    return InvalidRecord(say("error.invalid-record", record="Verzoek"), problems)


def _object(body: bytes, fields: Mapping[str, bool]) -> dict[str, Any]:
    """A body that must be a JSON object with these fields (True: required), and no others."""
    data = decode(body)
    if not isinstance(data, dict):
        raise _refused([Problem("$", "Verzoek", "type", say("problem.type.object"))])
    problems = [
        Problem(f"$.{n}", n, "required", say("problem.required"))
        for n, need in fields.items()
        if need and n not in data
    ]
    unknown = [name for name in data if name not in fields]
    if unknown:
        problems.append(
            Problem("$", "Verzoek", "unknown-field", say("problem.unknown-field.count", count=len(unknown)))
        )
    if problems:
        raise _refused(problems)
    return data


def _under(error: InvalidRecord, prefix: str) -> InvalidRecord:
    return type(error)(error.said, [p.under(prefix) for p in error.problems])


def _profile(data: Mapping[str, Any], name: str = "profile") -> ClientProfile:
    try:
        return load_profile(data[name])
    except InvalidRecord as error:  # value-free problems, under the profile's place in the body
        raise _under(error, f"$.{name}") from None


def _criteria(data: Mapping[str, Any]) -> Criteria:
    if "criteria" not in data:
        return Criteria()
    return _profile({"profile": {"criteria": data["criteria"]}}).criteria


def _whole(data: Mapping[str, Any], name: str, default: int, *, low: int = 0, high: int = MAX_LIMIT) -> int:
    value = data.get(name, default)
    if not isinstance(value, int) or isinstance(value, bool):
        raise _refused([Problem(f"$.{name}", name, "type", say("problem.type.value"))])
    if not low <= value <= high:
        raise _refused([Problem(f"$.{name}", name, "type", say("problem.type.range", low=low, high=high, value=value))])
    return value


def _flag(data: Mapping[str, Any], name: str, *, default: bool) -> bool:
    value = data.get(name, default)
    if not isinstance(value, bool):
        raise _refused([Problem(f"$.{name}", name, "type", say("problem.type.value"))])
    return value


def _instrument(data: object, prefix: str = "$") -> Instrument:
    try:
        return load_instrument(data)
    except InvalidRecord as error:
        raise (_under(error, prefix) if prefix != "$" else error) from None


def _same_id(path_id: str, body_id: str) -> None:
    if path_id != body_id:
        raise ServiceProblem(422, "id-mismatch", say("error.id-mismatch"))


# Writing responses


def _stored(stored: Stored) -> dict[str, Any]:
    return {"instrument": unstructure(stored.instrument, Instrument), "version": stored.version}


def _master(stored: StoredMaster) -> dict[str, Any]:
    return {"kind": stored.kind, "record": unstructure(stored.record), "version": stored.version, "owner": stored.owner}


_Limit = Annotated[int, QueryParameter(ge=1, le=MAX_LIMIT, description="Hoeveel resultaten hoogstens.")]
_Offset = Annotated[int, QueryParameter(ge=0, le=10_000_000, description="Hoeveel resultaten overslaan.")]

_STORED = {
    "type": "object",
    "properties": {"instrument": schema_of(Instrument), "version": {"type": "integer"}},
    "required": ["instrument", "version"],
    "additionalProperties": False,
}
_PAGE = {
    "type": "object",
    "properties": {
        "items": {"type": "array", "items": _STORED},
        "total": {"type": "integer"},
        "offset": {"type": "integer"},
        "limit": {"type": "integer"},
    },
    "required": ["items", "total", "offset", "limit"],
}
_MASTER_RECORD = {"anyOf": [schema_of(cls) for cls in MASTER_KINDS.values()]}
_MASTER = {
    "type": "object",
    "properties": {
        "kind": {"enum": [k.value for k in MasterKind]},
        "record": _MASTER_RECORD,
        "version": {"type": "integer"},
        "owner": {"anyOf": [{"type": "string"}, {"type": "null"}]},
    },
    "required": ["kind", "record", "version", "owner"],
}
_PROFILE_BODY = {
    "type": "object",
    "properties": {
        "profile": schema_of(ClientProfile),
        "limit": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
    },
    "required": ["profile"],
    "additionalProperties": False,
}


# Instruments


@get("/instruments", sync_to_thread=False, tags=["instruments"], operation_class=documented(ok=(200, _PAGE)))
def list_instruments(
    request: _Req,
    organisation: Annotated[str | None, QueryParameter(max_length=200, description="Id van een organisatie.")] = None,
    offset: _Offset = 0,
    limit: _Limit = 50,
) -> Response[bytes]:
    """Instrumenten op id, een pagina tegelijk; met ``organisation`` alleen die van één organisatie."""
    criteria = Criteria(organisations=frozenset({organisation})) if organisation else Criteria()
    return _page(request, criteria, offset, limit)


def _page(request: _Req, criteria: Criteria, offset: int, limit: int) -> Response[bytes]:
    service = service_of(request)
    with service.index() as index:
        found = index.filter(criteria)
        versions = service.versions
        page = [Stored(i, versions.get(i.id, 0)) for i in found[offset : offset + limit]]
    items = [_stored(s) for s in page]
    return json_response({"items": items, "total": len(found), "offset": offset, "limit": limit})


_QUERY = {
    "type": "object",
    "properties": {
        "criteria": schema_of(Criteria),
        "offset": {"type": "integer", "minimum": 0},
        "limit": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
    },
    "additionalProperties": False,
}


@post(
    "/instruments/query",
    sync_to_thread=False,
    tags=["instruments"],
    operation_class=documented(ok=(200, _PAGE), body=_QUERY),
)
def query_instruments(request: _Req, body: RawBody) -> Response[bytes]:
    """Instrumenten die aan de criteria voldoen (zoals `Criteria.matches`), op id, een pagina tegelijk."""
    data = _object(body, {"criteria": False, "offset": False, "limit": False})
    criteria = _criteria(data)
    offset = _whole(data, "offset", 0, high=10_000_000)
    return _page(request, criteria, offset, _whole(data, "limit", 50, low=1))


@get(
    "/instruments/{instrument_id:str}",
    sync_to_thread=True,
    tags=["instruments"],
    operation_class=documented(ok=(200, _STORED), errors={404: "Geen instrument met dit id."}),
)
def get_instrument(request: _Req, instrument_id: _Id) -> Response[bytes]:
    """Eén instrument met zijn versie (geef die versie mee om het te wijzigen of te verwijderen)."""
    return json_response(_stored(service_of(request).repository.get(instrument_id)))


@post(
    "/instruments",
    sync_to_thread=True,
    tags=["instruments"],
    opt={"role": Role.BEHEERDER},
    operation_class=documented(ok=(201, _STORED), body=Instrument, errors={409: "Het id is al in gebruik."}),
)
def create_instrument(request: _Req, body: RawBody) -> Response[bytes]:
    """Voeg een instrument van je eigen organisatie toe (versie 1); de stamgegevens moeten er al zijn."""
    instrument = _instrument(decode(body))
    service = service_of(request)
    service.repository.add_all([instrument], by=actor_of(request))
    service.catch_up()
    return json_response(_stored(Stored(instrument, 1)), 201, headers={"Location": f"/instruments/{instrument.id}"})


def _versioned(name: str, record: dict[str, Any]) -> dict[str, Any]:
    """The body of an update: the whole new *record* under *name*, plus the version the writer read."""
    return {
        "type": "object",
        "properties": {name: record, "version": {"type": "integer", "minimum": 1}},
        "required": [name, "version"],
        "additionalProperties": False,
    }


_UPDATE = _versioned("instrument", schema_of(Instrument))


@put(
    "/instruments/{instrument_id:str}",
    sync_to_thread=True,
    tags=["instruments"],
    opt={"role": Role.BEHEERDER},
    operation_class=documented(
        ok=(200, _STORED),
        body=_UPDATE,
        errors={404: "Geen instrument met dit id.", 409: "De versie is niet meer de nieuwste."},
    ),
)
def update_instrument(request: _Req, instrument_id: _Id, body: RawBody) -> Response[bytes]:
    """Vervang een instrument; ``version`` is de versie die je las (anders 409: iemand was je voor)."""
    data = _object(body, {"instrument": True, "version": True})
    version = _whole(data, "version", 0, low=1, high=2**62)
    instrument = _instrument(data["instrument"], "$.instrument")
    _same_id(instrument_id, instrument.id)
    service = service_of(request)
    new = service.repository.update(instrument, expected_version=version, by=actor_of(request))
    service.catch_up()
    return json_response(_stored(Stored(instrument, new)))


@delete(
    "/instruments/{instrument_id:str}",
    sync_to_thread=True,
    tags=["instruments"],
    opt={"role": Role.BEHEERDER},
    status_code=204,
    operation_class=documented(
        ok=(204, None), errors={404: "Geen instrument met dit id.", 409: "De versie is niet meer de nieuwste."}
    ),
)
def remove_instrument(
    request: _Req,
    instrument_id: _Id,
    version: Annotated[int, QueryParameter(ge=1, le=2**62, description="De versie die je las.")],
) -> None:
    """Verwijder een instrument van je eigen organisatie; ``version`` is de versie die je las."""
    service = service_of(request)
    service.repository.remove(instrument_id, expected_version=version, by=actor_of(request))
    service.catch_up()


@get(
    "/instruments/{instrument_id:str}/history",
    sync_to_thread=True,
    tags=["instruments"],
    operation_class=documented(ok=(200, {"type": "array", "items": schema_of(Change)})),
)
def instrument_history(request: _Req, instrument_id: _Id) -> Response[bytes]:
    """De wijzigingen van een instrument, oudste eerst, ook na verwijderen (leeg: nooit opgeslagen)."""
    return json_response(unstructure(list(service_of(request).repository.history(instrument_id)), list[Change]))


# Master data


def _master_class(kind: _Kind) -> type[Any]:
    return MASTER_KINDS[kind.value]


@get(
    "/master/{kind:str}",
    sync_to_thread=True,
    tags=["master data"],
    operation_class=documented(ok=(200, {"type": "array", "items": _MASTER_RECORD})),
)
def list_master(request: _Req, kind: _Kind) -> Response[bytes]:
    """De stamgegevens van één soort (aanbieders, doelgroepen, ...), op id."""
    return json_response([unstructure(r) for r in service_of(request).repository.master(_master_class(kind))])


@get(
    "/master/{kind:str}/{record_id:str}",
    sync_to_thread=True,
    tags=["master data"],
    operation_class=documented(ok=(200, _MASTER), errors={404: "Niet gevonden."}),
)
def get_master(request: _Req, kind: _Kind, record_id: _Id) -> Response[bytes]:
    """Eén stamgegeven met zijn versie en eigenaar."""
    return json_response(_master(service_of(request).repository.get_master(_master_class(kind), record_id)))


@post(
    "/master/{kind:str}",
    sync_to_thread=True,
    tags=["master data"],
    opt={"role": Role.BEHEERDER},
    operation_class=documented(ok=(201, _MASTER), body=_MASTER_RECORD, errors={409: "Bestaat al, anders."}),
)
def create_master(request: _Req, kind: _Kind, body: RawBody) -> Response[bytes]:
    """Registreer een stamgegeven (versie 1); hetzelfde nog eens registreren verandert niets."""
    cls = _master_class(kind)
    record = load_record(decode(body), cls)
    service = service_of(request)
    service.repository.add_master([record], by=actor_of(request))
    service.catch_up()
    return json_response(_master(service.repository.get_master(cls, record.id)), 201)


_MASTER_UPDATE = _versioned("record", _MASTER_RECORD)


@put(
    "/master/{kind:str}/{record_id:str}",
    sync_to_thread=True,
    tags=["master data"],
    opt={"role": Role.BEHEERDER},
    operation_class=documented(
        ok=(200, _MASTER), body=_MASTER_UPDATE, errors={404: "Niet gevonden.", 409: "Oude versie."}
    ),
)
def update_master(request: _Req, kind: _Kind, record_id: _Id, body: RawBody) -> Response[bytes]:
    """Wijzig een stamgegeven; elk instrument dat het noemt, verandert mee (in dezelfde transactie)."""
    cls = _master_class(kind)
    data = _object(body, {"record": True, "version": True})
    version = _whole(data, "version", 0, low=1, high=2**62)
    try:
        record = load_record(data["record"], cls)
    except InvalidRecord as error:
        raise _under(error, "$.record") from None
    _same_id(record_id, record.id)
    service = service_of(request)
    service.repository.update_master(record, expected_version=version, by=actor_of(request))
    service.catch_up()
    return json_response(_master(service.repository.get_master(cls, record.id)))


@delete(
    "/master/{kind:str}/{record_id:str}",
    sync_to_thread=True,
    tags=["master data"],
    opt={"role": Role.BEHEERDER},
    status_code=204,
    operation_class=documented(ok=(204, None), errors={404: "Niet gevonden.", 409: "Instrumenten noemen het nog."}),
)
def remove_master(request: _Req, kind: _Kind, record_id: _Id) -> None:
    """Verwijder een stamgegeven dat geen instrument meer noemt."""
    service = service_of(request)
    service.repository.remove_master(_master_class(kind), record_id, by=actor_of(request))
    service.catch_up()


@get(
    "/master/{kind:str}/{record_id:str}/history",
    sync_to_thread=True,
    tags=["master data"],
    operation_class=documented(ok=(200, {"type": "array", "items": schema_of(MasterChange)})),
)
def master_history(request: _Req, kind: _Kind, record_id: _Id) -> Response[bytes]:
    """De wijzigingen van een stamgegeven, oudste eerst."""
    changes = service_of(request).repository.master_history(_master_class(kind), record_id)
    return json_response(unstructure(list(changes), list[MasterChange]))


# Ratings


@put(
    "/instruments/{instrument_id:str}/ratings",
    sync_to_thread=True,
    tags=["ratings"],
    opt={"role": Role.PROFESSIONAL},
    operation_class=documented(
        ok=(200, schema_of(RatingSummary)), body=Rating, errors={404: "Geen instrument met dit id."}
    ),
)
def rate(request: _Req, instrument_id: _Id, body: RawBody) -> Response[bytes]:
    """Geef een beoordeling als professional van je organisatie (een eerdere van dezelfde professional vervalt)."""
    rating = load_record(decode(body), Rating)
    _same_id(instrument_id, rating.instrument_id)
    service = service_of(request)
    service.repository.rate(rating, by=actor_of(request))
    service.catch_up()
    return _summary(request, instrument_id)


def _summary(request: _Req, instrument_id: _Id) -> Response[bytes]:
    repository = service_of(request).repository
    repository.get(instrument_id)  # NotFound for an instrument that is not stored
    summary = summarise(repository.ratings(instrument_id)).get(instrument_id, RatingSummary(instrument_id, 0, {}))
    return json_response(unstructure(summary, RatingSummary))


@get(
    "/instruments/{instrument_id:str}/ratings",
    sync_to_thread=True,
    tags=["ratings"],
    operation_class=documented(ok=(200, schema_of(RatingSummary)), errors={404: "Geen instrument met dit id."}),
)
def ratings(request: _Req, instrument_id: _Id) -> Response[bytes]:
    """De beoordelingen van een instrument samengevat: aantal, gemiddelde en verdeling per score."""
    return _summary(request, instrument_id)


# Matching and search


def _match(service: Service, body: bytes) -> bytes:
    data = _object(body, {"profile": True, "limit": False})
    profile = _profile(data)
    limit = _whole(data, "limit", 20, low=1)
    with service.index() as index:
        matches = index.rank(profile, limit=limit)
    return encode(unstructure(matches, list[Match]))


@post(
    "/match",
    sync_to_thread=False,
    tags=["matching"],
    opt={"role": Role.PROFESSIONAL, LEAN: _match},
    operation_class=documented(ok=(200, {"type": "array", "items": schema_of(Match)}), body=_PROFILE_BODY),
)
def match(request: _Req, body: RawBody) -> Response[bytes]:
    """De instrumenten die bij een klantprofiel passen, beste eerst, elk met de redenen van zijn score."""
    return json_bytes(_match(service_of(request), body))


@post(
    "/instruments/{instrument_id:str}/why-not",
    sync_to_thread=False,
    tags=["matching"],
    opt={"role": Role.PROFESSIONAL},
    operation_class=documented(
        ok=(200, schema_of(Explanation)),
        body={**_PROFILE_BODY, "properties": {"profile": schema_of(ClientProfile)}},
        errors={404: "Geen instrument met dit id."},
    ),
)
def why_not(request: _Req, instrument_id: _Id, body: RawBody) -> Response[bytes]:
    """Waarom een instrument wel of niet bij het profiel past: de score, de redenen en elke harde regel."""
    profile = _profile(_object(body, {"profile": True}))
    with service_of(request).index() as index:
        if instrument_id not in index:
            raise NotFound(say("error.not-found", what=say("record.instrument"), id=instrument_id))
        explanation = index.explain(profile, instrument_id)
    return json_response(unstructure(explanation, Explanation))


_SEARCH = {
    "type": "object",
    "properties": {
        "text": {"type": "string", "maxLength": 500},
        "criteria": schema_of(Criteria),
        "profile": schema_of(ClientProfile),
        "limit": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
        "facets": {"type": "boolean"},
        "facet_size": {
            "anyOf": [{"type": "integer", "minimum": 1, "maximum": MAX_LIMIT}, {"type": "null"}],
            "default": FACET_SIZE,
            "description": "Hoeveel waarden per doelgroep-, aanbieder- en organisatiefacet (de meeste treffers "
            "eerst gekozen); null: alle. Wat wegvalt, telt facets.others op.",
        },
        "include_unpublished": {"type": "boolean"},
    },
    "additionalProperties": False,
}


def _search(service: Service, body: bytes) -> bytes:
    data = _object(
        body,
        {
            "text": False,
            "criteria": False,
            "profile": False,
            "limit": False,
            "facets": False,
            "facet_size": False,
            "include_unpublished": False,
        },
    )
    text = data.get("text", "")
    if not isinstance(text, str) or len(text) > 500:
        raise _refused([Problem("$.text", "text", "type", say("problem.type.value"))])
    # No criteria is None, not Criteria(): with a profile the library then filters by the profile's own hard
    # rules only, instead of by empty criteria as well (the same hits, about 1 ms less at 100k instruments).
    criteria = _criteria(data) if "criteria" in data else None
    profile = _profile(data) if "profile" in data else None
    limit = _whole(data, "limit", 20, low=1)
    facets = _flag(data, "facets", default=True)
    size = None if data.get("facet_size", FACET_SIZE) is None else _whole(data, "facet_size", FACET_SIZE, low=1)
    unpublished = _flag(data, "include_unpublished", default=False)
    with service.index() as index:
        result = index.search(
            text,
            criteria=criteria,
            profile=profile,
            limit=limit,
            facets=facets,
            facet_size=size,
            include_unpublished=unpublished,
        )
    return encode(unstructure(result, SearchResult))


@post(
    "/search",
    sync_to_thread=False,
    tags=["matching"],
    opt={"role": Role.PROFESSIONAL, LEAN: _search},
    operation_class=documented(ok=(200, schema_of(SearchResult)), body=_SEARCH),
)
def search(request: _Req, body: RawBody) -> Response[bytes]:
    """Zoek op tekst binnen criteria, met een profiel erbij (dan ook op score), met facetten.

    Per doelgroep, aanbieder en organisatie telt een facet standaard de 20 waarden met de meeste treffers
    (``facet_size``; null: alle); ``facets.others`` telt per facet op wat wegviel.
    """
    return json_bytes(_search(service_of(request), body))


# Coverage and quality


_COVERAGE = {
    "type": "object",
    "properties": {
        "area": {"type": "string"},
        "name": {"type": "string"},
        "on": {"type": "string", "format": "date"},
        "cells": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "tile": ref("Tile"),
                    "characteristic": ref("ClientCharacteristic"),
                    "instruments": {"type": "array", "items": {"type": "string"}},
                    "providers": {"type": "array", "items": {"type": "string"}},
                },
                "required": ["tile", "characteristic", "instruments", "providers"],
            },
        },
    },
    "required": ["area", "name", "on", "cells"],
}
_Day = Annotated[dt.date | None, QueryParameter(description="De dag, JJJJ-MM-DD (standaard vandaag).")]


def _today(on: dt.date | None) -> dt.date:
    return on or dt.date.today()  # noqa: DTZ011 - a calendar day in the municipality's own zone


@get(
    "/areas/{area:str}/coverage",
    sync_to_thread=False,
    tags=["analysis"],
    operation_class=documented(ok=(200, _COVERAGE)),
)
def area_coverage(request: _Req, area: _Area, on: _Day = None) -> Response[bytes]:
    """Het aanbod in een gemeente of arbeidsmarktregio: per tegel en klantkenmerk de instrumenten en aanbieders."""
    service = service_of(request)
    with service.index() as index:
        found = coverage(list(index), area=area, on=_today(on), areas=index.areas)
    cells = [
        {
            "tile": tile.key,
            "characteristic": characteristic.key,
            "instruments": list(cell.instruments),
            "providers": sorted(cell.providers),
        }
        for (tile, characteristic), cell in found.cells.items()
    ]
    return json_response({"area": found.area, "name": found.area_name, "on": found.on.isoformat(), "cells": cells})


_QUALITY = {
    "type": "object",
    "properties": {
        "area": {"type": "string"},
        "on": {"type": "string", "format": "date"},
        "findings": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "instrument": {"type": "string"},
                    "organisation": {"type": "string"},
                    "code": {"type": "string"},
                    "message": {"type": "string"},
                },
                "required": ["instrument", "organisation", "code", "message"],
            },
        },
    },
    "required": ["area", "on", "findings"],
}


@get(
    "/areas/{area:str}/quality",
    sync_to_thread=False,
    tags=["analysis"],
    operation_class=documented(ok=(200, _QUALITY)),
)
def area_quality(request: _Req, area: _Area, on: _Day = None) -> Response[bytes]:
    """Aandachtspunten van de instrumenten die in een gebied worden aangeboden (verlopen, geen contact, ...)."""
    day = _today(on)
    with service_of(request).index() as index:
        here = [i for i in index if available_in(i, area, index.areas)]
    report = quality_report(here, on=day)
    return json_response({"area": area, "on": day.isoformat(), "findings": report.rows()})


# The change feed


@get(
    "/changes",
    sync_to_thread=True,
    tags=["feed"],
    operation_class=documented(ok=(200, schema_of(Changes))),
)
def changes(
    request: _Req,
    since: Annotated[str | None, QueryParameter(max_length=64, description="De cursor van de vorige pagina.")] = None,
    limit: _Limit = 1000,
    organisation: Annotated[str | None, QueryParameter(max_length=200, description="Id van een organisatie.")] = None,
) -> Response[bytes]:
    """De wijzigingen na een cursor, in volgorde van vastleggen: voor wie de catalogus volgt."""
    page = service_of(request).repository.changes(since, limit=limit, organisation=organisation)
    return json_response(unstructure(page, Changes))


ROUTES: list[ControllerRouterHandler] = [
    list_instruments,
    query_instruments,
    get_instrument,
    create_instrument,
    update_instrument,
    remove_instrument,
    instrument_history,
    list_master,
    get_master,
    create_master,
    update_master,
    remove_master,
    master_history,
    rate,
    ratings,
    match,
    why_not,
    search,
    area_coverage,
    area_quality,
    changes,
]
