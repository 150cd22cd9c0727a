"""The page for professionals, and the HSDS export over HTTP.

One server-rendered page, plain HTML forms and no JavaScript: a professional enters a client's profile (tiles,
client characteristics with weights, gemeente, day, search text) and sees the ranked instruments with their
reasons, facets to narrow the search, a why-not for any instrument, and the coverage of the gemeente.

The profile travels only in POST bodies and back in the page's own form fields: never in a URL, a cookie or
a log. A browser cannot send an API key as a header without JavaScript, so the page asks for a professional's
key once and keeps it in a cookie that only this page's paths receive (HttpOnly, SameSite=Strict, Secure over
HTTPS); it is checked, and counted against the key's rate limit, on every request like a header key.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Iterable, Mapping
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from litestar import Request, Response, get, post
from litestar.datastructures import Cookie
from litestar.params import FromQuery
from litestar.types import ControllerRouterHandler

from eva_core.domain import (
    AreaError,
    Choice,
    ClientCharacteristic,
    ClientProfile,
    Criteria,
    ExecutionForm,
    GroupForm,
    InvalidRecord,
    Place,
    Tile,
    dutch_day,
    say,
)
from eva_core.hsds import hsds_page, schema, taxonomy_terms
from eva_core.search import CatalogueIndex, Facets
from eva_core.service._app import json_response, service_of
from eva_core.service._keys import ApiKey, Role
from eva_core.service._openapi import SCHEMAS, components_of, documented, ref
from eva_core.service._problems import ServiceProblem
from eva_core.service._routes import FACET_SIZE
from eva_core.service._state import Service

__all__ = ["PAGE_PATH", "PAGE_ROUTES"]

PAGE_PATH = "/pagina"
COOKIE = "eva_pagina_sleutel"
RESULTS = 20
MAX_PER_PAGE = 500
CHOOSABLE = 1000
"""Up to this many instruments the why-not is a list to choose from; above it, a field for the id."""
_WEIGHTS = ("", "1", "2", "3")
_PUBLIC = {"public": True}
_POLICY = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"
"""No script runs on the page, and its forms post only to this service."""

_templates = Environment(
    loader=PackageLoader("eva_core.service", "templates"),
    autoescape=select_autoescape(default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def _t(key: str, **params: Any) -> str:  # noqa: ANN401 - message parameters of any kind
    return str(say(key, **params))


def _html(context: Mapping[str, Any], status: int = 200, cookies: list[Cookie] | None = None) -> Response[str]:
    template = _templates.get_template("pagina.html")
    page = template.render(t=_t, base=PAGE_PATH, lang="nl", **context)
    headers = {
        "Cache-Control": "no-store",
        "Content-Security-Policy": _POLICY,
    }
    return Response(page, status_code=status, media_type="text/html", headers=headers, cookies=cookies)


def _signed_in(request: Request[Any, Any, Any], service: Service) -> ApiKey | None:
    """The professional's key from the page's cookie, when it is one; counts it against its rate limit."""
    key = service.keys.find(request.cookies.get(COOKIE, ""))
    if key is None or not key.role.may(Role.PROFESSIONAL):
        return None
    return key


class _Refused(Exception):
    """A request the page answers with the key form: no valid key, or too many requests."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def _check(request: Request[Any, Any, Any], service: Service) -> ApiKey:
    key = _signed_in(request, service)
    if key is None:
        raise _Refused(_t("page.key.needed"), 401)
    if service.limiter.allow(key) is not None:
        raise _Refused(_t("error.rate-limited"), 429)
    return key


def _empty_form() -> dict[str, Any]:
    return {"tiles": set(), "needs": {}, "municipality": "", "day": "", "text": "", "why_not": ""}


def _characteristic_rows() -> list[dict[str, Any]]:
    rows = []
    for characteristic in ClientCharacteristic:
        label = f"{characteristic.number} {characteristic.label}"
        rows.append(
            {
                "key": characteristic.key,
                "label": label,
                "group": characteristic.is_group,
                "parent": characteristic.parent_key,
            }
        )
    return rows


def _base(index: CatalogueIndex) -> dict[str, Any]:
    instruments = (
        sorted(index.filter(Criteria()), key=lambda i: (i.name.casefold(), i.id)) if len(index) <= CHOOSABLE else []
    )
    return {
        "signed_in": True,
        "tiles": sorted(Tile, key=lambda t: t.order),
        "characteristics": _characteristic_rows(),
        "weights": [(value, _t(f"page.weight.{value or 'none'}")) for value in _WEIGHTS],
        "municipalities": sorted(index.areas.municipalities.values(), key=lambda m: m.name),
        "choosable": [{"id": i.id, "name": i.name} for i in instruments],
        "notes": [],
        "message": None,
        "form": _empty_form(),
        "shown": False,
        "matches": [],
        "facets": None,
        "explanation": None,
        "heatmap": None,
    }


@get(PAGE_PATH, opt=_PUBLIC, sync_to_thread=False, include_in_schema=False)
def page(request: Request[Any, Any, Any]) -> Response[str]:
    """The page: the key form, or an empty profile form for a professional who gave a key."""
    service = service_of(request)
    try:
        _check(request, service)
    except _Refused as refused:  # no key yet is no error here: the page asks for one
        return _html({"signed_in": False, "message": str(refused) if refused.status != 401 else None}, 200)
    with service.index() as index:
        return _html(_base(index))


@post(f"{PAGE_PATH}/sleutel", opt=_PUBLIC, include_in_schema=False)
async def sign_in(request: Request[Any, Any, Any]) -> Response[str]:
    """Take a professional's key from the key form and keep it in the page's cookie."""
    service = service_of(request)
    form = await request.form()
    text = str(form.get("sleutel", "")).strip()
    key = service.keys.find(text)
    if key is None or not key.role.may(Role.PROFESSIONAL):
        return _html({"signed_in": False, "message": _t("page.key.wrong")}, 401)
    secure = request.url.scheme == "https"
    cookie = Cookie(key=COOKIE, value=text, path=PAGE_PATH, httponly=True, samesite="strict", secure=secure)
    return Response("", status_code=303, headers={"Location": PAGE_PATH}, cookies=[cookie])


@post(f"{PAGE_PATH}/afmelden", opt=_PUBLIC, sync_to_thread=False, include_in_schema=False)
def sign_out() -> Response[str]:
    """Forget the key: the cookie is cleared."""
    cookie = Cookie(key=COOKIE, value="", path=PAGE_PATH, httponly=True, samesite="strict", max_age=0)
    return Response("", status_code=303, headers={"Location": PAGE_PATH}, cookies=[cookie])


def _choices(kind: type[Choice], keys: Iterable[str]) -> list[Any]:
    found = []
    for key in keys:
        try:
            found.append(kind.from_key(key))
        except ValueError:
            continue  # a form value that is no key of the list (a hand-made request): ignored
    return found


def _read_form(form: Any) -> dict[str, Any]:  # noqa: ANN401 - Litestar's form multi-dict
    needs = {}
    for leaf in ClientCharacteristic.all_leaves():
        value = str(form.get(f"kenmerk-{leaf.key}", ""))
        if value in _WEIGHTS[1:]:
            needs[leaf.key] = value
    return {
        "tiles": {t.key for t in _choices(Tile, form.getall("tegel", []))},
        "needs": needs,
        "municipality": str(form.get("gemeente", "")).strip()[:200],
        "day": str(form.get("datum", "")).strip()[:10],
        "text": str(form.get("tekst", "")).strip()[:500],
        "why_not": str(form.get("uitleg") or form.get("waarom", "")).strip()[:100],
        "action": "waarom" if form.get("uitleg") else str(form.get("actie", "zoeken")),
        "execution_forms": {f.key for f in _choices(ExecutionForm, form.getall("uitvoeringsvorm", []))},
        "group_forms": {g.key for g in _choices(GroupForm, form.getall("groepsvorm", []))},
    }


class _Unusable(Exception):
    """A profile field the page cannot use; the message never repeats the value."""


def _profile(form: Mapping[str, Any], index: CatalogueIndex, notes: list[str]) -> tuple[ClientProfile, str | None]:
    """The client's profile from the form, and the municipality's code; `_Unusable` for a field it cannot use."""
    day: dt.date | None = None
    if form["day"]:
        try:
            day = dt.date.fromisoformat(form["day"])
        except ValueError:
            raise _Unusable(_t("page.bad-day")) from None
    code = None
    if form["municipality"]:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                code = index.areas.municipality(form["municipality"]).code
            except AreaError:
                raise _Unusable(_t("page.unknown-municipality")) from None
        notes.extend(str(w.message) for w in caught)
    try:
        profile = ClientProfile(
            needs={ClientCharacteristic.from_key(k): float(v) for k, v in form["needs"].items()},
            tiles=[Tile.from_key(k) for k in form["tiles"]],
            criteria=Criteria(place=None if code is None else Place(municipality=code), published_on=day),
        )
    except InvalidRecord:
        raise _Unusable(_t("page.bad-profile")) from None
    return profile, code


def _facet_items(counts: Mapping[Any, int], checked: set[str]) -> list[dict[str, Any]]:
    items = [
        {"key": c.key, "label": c.label, "count": n, "checked": c.key in checked}
        for c, n in counts.items()
        if n or c.key in checked
    ]
    return sorted(items, key=lambda item: (-item["count"], item["label"]))


def _facets(facets: Facets, form: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "execution_forms": _facet_items(facets.execution_forms, form["execution_forms"]),
        "group_forms": _facet_items(facets.group_forms, form["group_forms"]),
        "tiles": [
            {"label": t.label, "count": n} for t, n in sorted(facets.tiles.items(), key=lambda p: p[0].order) if n
        ],
        "characteristics": [
            {"label": f"{c.number} {c.label}", "count": n}
            for c, n in sorted(facets.characteristics.items(), key=lambda p: p[0].order)
            if n
        ],
    }


def _heatmap(index: CatalogueIndex, code: str, day: dt.date) -> dict[str, Any]:
    """The gemeente's coverage: per sub-characteristic and tile, the published instruments offered there.

    The same numbers as `eva_core.analysis.coverage` (a test compares them), counted by the index's facets
    instead of a pass over the instruments per cell.
    """
    place = index.place(Place(municipality=code))
    counts: dict[tuple[Tile, ClientCharacteristic], int] = {}
    for tile in Tile:  # per tile, the index's facets count the sub-characteristics: nine vectorised passes
        found = index.search(criteria=Criteria(place=place, published_on=day, tiles=[tile]), limit=0)
        assert found.facets is not None  # noqa: S101 - facets are on by default
        counts.update(((tile, leaf), n) for leaf, n in found.facets.characteristics.items())
    tiles = sorted(Tile, key=lambda t: t.order)
    rows = [
        {"label": f"{leaf.number} {leaf.label}", "counts": [counts.get((tile, leaf), 0) for tile in tiles]}
        for leaf in ClientCharacteristic.all_leaves()
    ]
    empty = sum(1 for row in rows for count in row["counts"] if not count)
    return {"area": index.areas.name_of(code) or code, "day": dutch_day(day), "rows": rows, "empty": empty}


def _explanation(index: CatalogueIndex, profile: ClientProfile, instrument_id: str) -> dict[str, Any] | None:
    if instrument_id not in index:
        return None
    explained = index.explain(profile, instrument_id)
    return {
        "name": index.get(instrument_id).name,
        "included": explained.included,
        "score": explained.score,
        "reasons": [str(r) for r in explained.reasons] or [_t("page.no-reasons")],
        "exclusions": [e.message for e in explained.exclusions],
    }


@post(PAGE_PATH, opt=_PUBLIC, include_in_schema=False)
async def answer(request: Request[Any, Any, Any]) -> Response[str]:
    """The page with the results for the profile in the form: ranking, facets, a why-not and the coverage."""
    service = service_of(request)
    try:
        _check(request, service)
    except _Refused as refused:
        return _html({"signed_in": False, "message": str(refused)}, refused.status)
    form = _read_form(await request.form())
    with service.index() as index:
        context = _base(index)
        context["form"] = form
        try:
            profile, code = _profile(form, index, context["notes"])
        except _Unusable as unusable:
            context["message"] = str(unusable)
            return _html(context, 422)
        criteria = Criteria(
            execution_forms=_choices(ExecutionForm, form["execution_forms"]),
            group_forms=_choices(GroupForm, form["group_forms"]),
        )
        # The page shows no provider, target group or organisation facet: the API's size spares counting them all
        result = index.search(form["text"], criteria=criteria, profile=profile, limit=RESULTS, facet_size=FACET_SIZE)
        context["shown"] = True
        context["total"] = result.total
        context["matches"] = [
            {
                "id": hit.instrument.id,
                "name": hit.instrument.name,
                "provider": hit.instrument.provider.name,
                "summary": hit.instrument.summary,
                "score": hit.score,
                "reasons": [str(r) for r in index.explain(profile, hit.instrument).reasons] or [_t("page.no-reasons")],
            }
            for hit in result.hits
        ]
        if result.facets is not None:
            context["facets"] = _facets(result.facets, form)
        if form["action"] == "waarom" and form["why_not"]:
            context["explanation"] = _explanation(index, profile, form["why_not"])
            if context["explanation"] is None:
                context["message"] = _t("page.unknown-instrument")
        if code is not None:
            context["heatmap"] = _heatmap(index, code, profile.day())
    return _html(context)


def _hsds_schemas() -> tuple[dict[str, Any], dict[str, Any]]:
    """References to the two HSDS pages' schemas, both from `eva_core.hsds.schema()`: services, taxonomy terms.

    The subset's definitions become components named ``Hsds...``; the page of taxonomy terms is its ``Page``
    with taxonomy terms as contents, as the HSDS API reference pages ``/taxonomy_terms``.
    """
    services = components_of(schema(), "Hsds")
    terms = {**services, "properties": {**services["properties"]}}
    terms["title"] = "HSDS 3.0 Page of taxonomy terms"
    terms["description"] = "The Page object of the HSDS subset (HsdsServicePage) with taxonomy terms as contents."
    terms["properties"]["contents"] = {"type": "array", "items": ref("HsdsTaxonomyTerm")}
    SCHEMAS["HsdsServicePage"] = services
    SCHEMAS["HsdsTaxonomyTermPage"] = terms
    return ref("HsdsServicePage"), ref("HsdsTaxonomyTermPage")


_SERVICE_PAGE, _TERM_PAGE = _hsds_schemas()


@get(
    "/hsds/services",
    sync_to_thread=False,
    tags=["hsds"],
    operation_class=documented(
        ok=(200, _SERVICE_PAGE),
        errors={400: f"Een verkeerde datum, of page kleiner dan 1 of per_page niet van 1 tot {MAX_PER_PAGE}."},
    ),
)
def hsds_services(
    request: Request[Any, Any, Any],
    datum: FromQuery[dt.date | None] = None,
    page: FromQuery[int] = 1,
    per_page: FromQuery[int] = 50,
) -> Response[bytes]:
    """The published instruments as Open Referral HSDS 3.0: a ``Page`` of fully nested services, by Eva id.

    ``datum`` is the day (default today); ``page`` (from 1) and ``per_page`` (1 to 500) page through them, as
    the HSDS API reference does. The document validates against `eva_core.hsds.schema()`.
    """
    if page < 1 or not 1 <= per_page <= MAX_PER_PAGE:
        raise ServiceProblem(400, "hsds-paging", say("error.hsds-paging", limit=MAX_PER_PAGE))
    service = service_of(request)
    with service.index() as index:
        day = datum or dt.date.today()  # noqa: DTZ011 - a calendar day in the municipality's own zone
        # The index orders what it finds by id when nothing scores it, and fetches only the page's instruments.
        offset = (page - 1) * per_page
        found = index.search(criteria=Criteria(published_on=day), limit=per_page, offset=offset, facets=False)
        chosen = [hit.instrument for hit in found.hits]
        document = hsds_page(chosen, total=found.total, page=page, per_page=per_page, on=day, areas=index.areas)
    return json_response(document)


@get("/hsds/taxonomy_terms", sync_to_thread=False, tags=["hsds"], operation_class=documented(ok=(200, _TERM_PAGE)))
def hsds_taxonomy_terms() -> Response[bytes]:
    """The HSDS taxonomy terms of the format's lists: tiles, client characteristics, forms, location types."""
    terms = taxonomy_terms()
    return json_response(
        {
            "total_items": len(terms),
            "total_pages": 1,
            "page_number": 1,
            "size": len(terms),
            "first_page": True,
            "last_page": True,
            "empty": not terms,
            "contents": terms,
        }
    )


PAGE_ROUTES: list[ControllerRouterHandler] = [page, sign_in, sign_out, answer, hsds_services, hsds_taxonomy_terms]
