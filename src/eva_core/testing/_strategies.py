"""Hypothesis strategies: valid instruments, and documents broken in known places.

Written as explicit composites rather than ``st.builds``, which would break the format's rules.
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
from attrs import frozen
from hypothesis import strategies as st

from eva_core.areas import bundled_areas
from eva_core.convert import dump_instrument
from eva_core.domain import (
    SUMMARY_MAX_LENGTH,
    Address,
    ClientCharacteristic,
    ClientProfile,
    Contact,
    ContactPerson,
    ContactRole,
    Criteria,
    District,
    DurationUnit,
    ExecutionForm,
    GroupForm,
    Instrument,
    Link,
    Location,
    LocationType,
    Organisation,
    Place,
    Provider,
    RegistrationCode,
    TargetGroup,
    Tile,
)

__all__ = [
    "Breakage",
    "broken_documents",
    "catalogues",
    "client_profiles",
    "criteria",
    "instruments",
    "organisations",
    "places",
    "providers",
    "publication_windows",
    "raw_instruments",
]

# No surrogates, controls or format characters (zero-width and direction marks): the domain refuses some.
_text_alphabet = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Cf"))
_visible = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Cf", "Zs", "Zl", "Zp"))
_ids = st.builds(
    str.__add__,
    st.sampled_from(string.ascii_lowercase + string.digits),
    st.text(string.ascii_lowercase + string.digits + "-", max_size=11),
)


def _texts(max_size: int = 60) -> st.SearchStrategy[str]:
    """Text that is not blank: one visible character somewhere, anything around it (drawn, never filtered)."""
    before = (max_size - 1) // 2
    around = st.text(_text_alphabet, max_size=before), st.text(_text_alphabet, max_size=max_size - 1 - before)
    return st.builds(lambda head, mark, tail: head + mark + tail, around[0], _visible, around[1])


_optional_text = st.none() | _texts()
_emails = st.builds(lambda a, b: f"{a}@{b}.nl", _ids, st.from_regex(r"[a-z]{2,10}", fullmatch=True))
_phones = st.from_regex(r"0[1-9]\d{8}", fullmatch=True) | st.from_regex(r"\+31 ?[1-9]\d{8}", fullmatch=True)
_urls = st.builds(lambda host, path: f"https://{host}.nl/{path}", st.from_regex(r"[a-z]{2,10}", fullmatch=True), _ids)
_dates = st.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31))
_municipalities = st.from_regex(r"GM\d{4}", fullmatch=True)
_regions = st.from_regex(r"AM\d{2}", fullmatch=True)
_costs = st.integers(0, 10_000_000).map(lambda cents: Decimal(cents) / 100)

_organisations = st.builds(Organisation, id=_ids, name=_texts())
_providers = st.builds(Provider, id=_ids, name=_texts(), website=st.none() | _urls)


def organisations() -> st.SearchStrategy[Organisation]:
    """Organisations with short ids."""
    return _organisations


def providers() -> st.SearchStrategy[Provider]:
    """Providers, some with a website."""
    return _providers


@st.composite
def publication_windows(draw: st.DrawFn) -> tuple[dt.date | None, dt.date | None]:
    """A ('Publiceer vanaf', 'Publiceer tot en met') pair in order; either end may be open."""
    start, until = draw(st.none() | _dates), draw(st.none() | _dates)
    if start is not None and until is not None and until < start:
        start, until = until, start
    return start, until


_addresses = st.builds(
    Address,
    id=_ids,
    street=_texts(max_size=30),
    house_number=st.from_regex(r"[1-9]\d{0,3}[a-z]?", fullmatch=True),
    postcode=st.from_regex(r"[1-9]\d{3} ?[A-Z]{2}", fullmatch=True),
    city=_texts(max_size=30),
)
_contacts = st.builds(
    Contact,
    person=st.builds(ContactPerson, id=_ids, name=_texts(), phone=st.none() | _phones, email=st.none() | _emails),
    role=st.sampled_from(ContactRole),
    label=_optional_text,
)
_locations = st.builds(
    Location,
    name=_texts(),
    type=st.sampled_from(LocationType),
    address=st.none() | _addresses,
    in_use=st.booleans(),
    description=_optional_text,
)
_links = st.builds(Link, url=_urls, label=_optional_text)


def _unique(
    strategy: st.SearchStrategy[Any], key: Callable[[Any], object], max_size: int = 3
) -> st.SearchStrategy[Any]:
    return st.lists(strategy, max_size=max_size, unique_by=key).map(tuple)


_group_names = _texts().map(lambda s: f"{s} 2" if " ".join(s.split()).casefold() == "algemeen" else s)
# Built once: a strategy made inside a composite is validated again at every draw, which costs more than the draw.
_full = {
    "publish": st.booleans(),
    "window": publication_windows(),
    "duration": st.none() | st.integers(0, 500),
    "unit": st.sampled_from(DurationUnit),
    "hours": st.none() | st.integers(0, 168),
    "costs": st.none() | _costs,
    "forms": st.frozensets(st.sampled_from(ExecutionForm), min_size=1),
    "contacts": _unique(_contacts, lambda c: (c.person.id, c.role)),
    "group_forms": st.frozensets(st.sampled_from(GroupForm)),
    "locations": st.lists(_locations, max_size=2),
    "groups": st.lists(st.tuples(_ids, _group_names, st.booleans()), max_size=3, unique_by=lambda g: g[0]),
    "codes": st.lists(st.builds(RegistrationCode, code=_ids, label=_optional_text), max_size=2),
    "links": st.lists(_links, max_size=2),
    "one_link": st.lists(_links, max_size=1),
    "regions": st.frozensets(_regions, max_size=2),
    "municipalities": st.frozensets(_municipalities, max_size=3),
    "districts": _unique(st.builds(District, id=_ids, name=_texts(), municipality=_municipalities), lambda d: d.id),
    # A text grows at most threefold when it enters in NFC: a third of the limit always fits.
    "summary": _texts(max_size=SUMMARY_MAX_LENGTH // 3),
}
_links_by_completeness = {
    complete: (
        st.frozensets(st.sampled_from(Tile), min_size=int(complete)),
        st.frozensets(st.sampled_from(ClientCharacteristic.all_leaves()), min_size=int(complete)),
    )
    for complete in (False, True)
}
_short_texts = _texts()


@st.composite
def instruments(draw: st.DrawFn, *, published: bool | None = None) -> Instrument:
    """Valid instruments over every field; *published* fixes the 'Publiceren' flag (and then completeness)."""
    organisation = draw(_organisations)
    publish = draw(_full["publish"]) if published is None else published
    complete = publish or draw(_full["publish"])
    tiles, characteristics = _links_by_completeness[complete]
    start, until = draw(_full["window"])
    duration_value = draw(_full["duration"])
    target_groups = [
        TargetGroup(group_id, name, organisation.id if own else None) for group_id, name, own in draw(_full["groups"])
    ]
    return Instrument(
        id=draw(_ids),
        organisation=organisation,
        provider=draw(_providers),
        name=draw(_short_texts),
        summary=draw(_full["summary"]),
        aim=draw(_short_texts),
        method=draw(_short_texts),
        execution_forms=draw(_full["forms"]),
        publish=publish,
        publish_from=start,
        publish_until=until,
        distinctive_approach=draw(_optional_text),
        participation_conditions=draw(_optional_text),
        work_agreements=draw(_optional_text),
        cooperation_partners=draw(_optional_text),
        target_group_description=draw(_optional_text),
        additional_information=draw(_optional_text),
        application_instructions=draw(_optional_text),
        total_duration_value=duration_value,
        total_duration_unit=None if duration_value is None else draw(_full["unit"]),
        duration_description=draw(_optional_text),
        intensity_hours_per_week=draw(_full["hours"]),
        intensity_description=draw(_optional_text),
        total_costs=draw(_full["costs"]),
        costs_description=draw(_optional_text),
        tiles=draw(tiles),
        client_characteristics=draw(characteristics),
        contacts=draw(_full["contacts"]),
        group_forms=draw(_full["group_forms"]),
        locations=draw(_full["locations"]),
        target_groups=target_groups,
        registration_codes=draw(_full["codes"]),
        links=draw(_full["links"]),
        downloads=draw(_full["one_link"]),
        videos=draw(_full["one_link"]),
        available_regions=draw(_full["regions"]),
        available_municipalities=draw(_full["municipalities"]),
        available_districts=draw(_full["districts"]),
    )


def raw_instruments(**kwargs: Any) -> st.SearchStrategy[dict[str, Any]]:  # noqa: ANN401
    """Valid instruments as JSON-ready dicts."""
    return instruments(**kwargs).map(dump_instrument)


@frozen
class Breakage:
    """One known fault put into a document: where the error must be reported, and under which rule."""

    path: str
    code: str
    key: str
    apply: Callable[[dict[str, Any]], None]


def _set(key: str, value: object) -> Callable[[dict[str, Any]], None]:
    def apply(document: dict[str, Any]) -> None:
        document[key] = value

    return apply


def _drop(key: str) -> Callable[[dict[str, Any]], None]:
    def apply(document: dict[str, Any]) -> None:
        document.pop(key, None)

    return apply


def _window(document: dict[str, Any]) -> None:
    document["publish_from"], document["publish_until"] = "2024-02-01", "2024-01-31"


_BREAKAGES = (
    Breakage("$.name", "required", "name", _set("name", "   ")),
    Breakage("$.aim", "type", "aim", _set("aim", 3)),
    Breakage("$.method", "required", "method", _drop("method")),
    Breakage("$.summary", "too-long", "summary", _set("summary", "x" * (SUMMARY_MAX_LENGTH + 1))),
    Breakage("$.tegels", "unknown-field", "tegels", _set("tegels", ["werk_fit"])),
    Breakage("$.tiles[0]", "unknown-choice", "tiles", _set("tiles", ["vliegen"])),
    Breakage("$.execution_forms", "required", "execution_forms", _set("execution_forms", [])),
    Breakage("$.total_costs", "cents", "total_costs", _set("total_costs", "12.345")),
    Breakage(
        "$.intensity_hours_per_week",
        "negative",
        "intensity_hours_per_week",
        _set("intensity_hours_per_week", -2),
    ),
    Breakage("$.publish_until", "publish-window", "publish_from", _window),
    Breakage(
        "$.available_municipalities",
        "municipality-code",
        "available_municipalities",
        _set("available_municipalities", ["GM363"]),
    ),
    Breakage(
        "$.client_characteristics",
        "group-characteristic",
        "client_characteristics",
        _set("client_characteristics", ["aandachtspunten", "werkervaring"]),
    ),
    Breakage(
        "$.contacts[0].person.email",
        "email",
        "contacts",
        _set("contacts", [{"person": {"id": "c", "name": "Jan", "email": "jan@"}, "role": "intern"}]),
    ),
    Breakage("$.publish_until", "type", "publish_until", _set("publish_until", "31-01-2024")),
)


_breakage_lists = st.lists(st.sampled_from(_BREAKAGES), min_size=1, max_size=6, unique_by=lambda b: b.key)
_drafts = instruments(published=False).map(dump_instrument)


@st.composite
def broken_documents(draw: st.DrawFn) -> tuple[dict[str, Any], tuple[Breakage, ...]]:
    """A draft instrument's JSON with one or more known faults, each in a different field.

    Returns the document and the faults, so a test can check that every one of them is reported.
    """
    document = draw(_drafts)
    chosen = draw(_breakage_lists)
    keys = {b.key for b in chosen}
    # The window fault and the date-type fault touch both date fields; keep only one of them.
    if {"publish_from", "publish_until"} <= keys:
        chosen = [b for b in chosen if b.key != "publish_until"]
    for breakage in chosen:
        breakage.apply(document)
    return document, tuple(chosen)


# A small world of shared master data, so that generated catalogues link consistently and queries hit.
ORGANISATIONS = tuple(Organisation(f"org-{n}", f"Organisatie {n}") for n in range(2))
PROVIDERS = tuple(Provider(f"aanbieder-{n}", f"Aanbieder {n}") for n in range(3))
PEOPLE = tuple(ContactPerson(f"persoon-{n}", f"Persoon {n}", email=f"persoon{n}@voorbeeld.nl") for n in range(3))
ADDRESSES = tuple(Address(f"adres-{n}", "Dorpsstraat", str(n + 1), "3511 AB", "Utrecht") for n in range(2))
MUNICIPALITIES = ("GM0344", "GM0307", "GM0193", "GM0363")
FORMER_MUNICIPALITIES = ("GM0457",)  # Weesp, merged into Amsterdam (GM0363) in 2022: instruments may still name it
REGIONS = ("AM13", "AM14", "AM36", "AM18")
DISTRICTS = (
    District("overvecht", "Overvecht", "GM0344"),
    District("schothorst", "Schothorst", "GM0307"),
    District("weesp-centrum", "Weesp", "GM0457"),
)
SHARED_GROUPS = (TargetGroup("50-plussers", "50-plussers"),)


def own_groups(organisation: Organisation) -> tuple[TargetGroup, ...]:
    """The target groups an organisation of the small world made itself."""
    return (TargetGroup(f"jongeren-{organisation.id}", "Jongeren", organisation.id),)


_WORDS = ("werk", "taal", "fiets", "coaching", "jongeren", "schulden", "sport", "zorg", "leren", "buurt")
# Built once: a strategy made inside a composite is validated again at every draw, which costs more than the draw.
_lean = {
    "publish": st.booleans(),
    "organisation": st.sampled_from(ORGANISATIONS),
    "provider": st.sampled_from(PROVIDERS),
    "text": st.lists(st.sampled_from(_WORDS), min_size=1, max_size=4).map(" ".join),
    "window": publication_windows(),
    "duration": st.none() | st.integers(0, 500),
    "unit": st.sampled_from(DurationUnit),
    "hours": st.none() | st.integers(0, 60),
    "costs": st.none() | _costs,
    "forms": st.frozensets(st.sampled_from(ExecutionForm), min_size=1, max_size=3),
    "group_forms": st.frozensets(st.sampled_from(GroupForm)),
    "locations": st.lists(st.builds(Location, name=st.just("Locatie"), type=st.sampled_from(LocationType)), max_size=2),
    "districts": st.lists(st.sampled_from(DISTRICTS), max_size=1, unique_by=lambda d: d.id),
    "municipalities": st.frozensets(st.sampled_from(MUNICIPALITIES + FORMER_MUNICIPALITIES), max_size=2),
    "regions": st.frozensets(st.sampled_from(REGIONS), max_size=1),
}
_lean_links = {  # by "published": an instrument to publish links at least one tile and characteristic
    published: (
        st.frozensets(st.sampled_from(Tile), min_size=int(published), max_size=3),
        st.frozensets(st.sampled_from(ClientCharacteristic.all_leaves()), min_size=int(published), max_size=4),
    )
    for published in (False, True)
}
_lean_groups = {
    o: st.lists(st.sampled_from(SHARED_GROUPS + own_groups(o)), max_size=2, unique_by=lambda g: g.id)
    for o in ORGANISATIONS
}


@st.composite
def _searchable(draw: st.DrawFn, instrument_id: str) -> Instrument:
    """An instrument of the small world over only the fields that search and queries read."""
    organisation, publish = draw(_lean["organisation"]), draw(_lean["publish"])
    start, until = draw(_lean["window"])
    duration_value = draw(_lean["duration"])
    tiles, characteristics = _lean_links[publish]
    return Instrument(
        id=instrument_id,
        organisation=organisation,
        provider=draw(_lean["provider"]),
        name=draw(_lean["text"]),
        summary=draw(_lean["text"]),
        aim="Werk vinden.",
        method="Begeleiding.",
        execution_forms=draw(_lean["forms"]),
        publish=publish,
        publish_from=start,
        publish_until=until,
        total_duration_value=duration_value,
        total_duration_unit=None if duration_value is None else draw(_lean["unit"]),
        intensity_hours_per_week=draw(_lean["hours"]),
        total_costs=draw(_lean["costs"]),
        tiles=draw(tiles),
        client_characteristics=draw(characteristics),
        group_forms=draw(_lean["group_forms"]),
        locations=draw(_lean["locations"]),
        target_groups=draw(_lean_groups[organisation]),
        available_districts=draw(_lean["districts"]),
        available_municipalities=draw(_lean["municipalities"]),
        available_regions=draw(_lean["regions"]),
    )


_world_contacts = st.lists(
    st.builds(Contact, st.sampled_from(PEOPLE), st.sampled_from(ContactRole)),
    max_size=2,
    unique_by=lambda c: (c.person.id, c.role),
)
_world_addresses = st.none() | st.sampled_from(ADDRESSES)
_lean_ids = {size: st.lists(st.integers(0, 99), max_size=size, unique=True) for size in range(13)}


@st.composite
def catalogues(draw: st.DrawFn, *, max_size: int = 8, lean: bool = False) -> tuple[Instrument, ...]:
    """Instruments with distinct ids that link the small world's master data, so any repository accepts them.

    With *lean*, only the fields that search and queries read are drawn (the rest keep their defaults), which
    makes an example many times cheaper: for laws of the index, not for round trips.
    """
    if lean:
        ids = (
            _lean_ids[max_size]
            if max_size in _lean_ids
            else st.lists(st.integers(0, 99), max_size=max_size, unique=True)
        )
        numbers = draw(ids)
        return tuple(draw(_searchable(f"instrument-{n:02d}")) for n in numbers)
    items = draw(st.lists(instruments(), max_size=max_size, unique_by=lambda i: i.id))
    result = []
    for item in items:
        organisation = draw(_lean["organisation"])
        result.append(
            item.evolve(
                organisation=organisation,
                provider=draw(_lean["provider"]),
                contacts=draw(_world_contacts),
                locations=[loc.evolve(address=draw(_world_addresses)) for loc in item.locations],
                target_groups=draw(_lean_groups[organisation]),
                available_districts=draw(_lean["districts"]),
                available_municipalities=draw(_lean["municipalities"]),
                available_regions=draw(_lean["regions"]),
            )
        )
    return tuple(result)


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


def _resolved(level: tuple[str, str]) -> Place:
    kind, value = level
    areas = bundled_areas()
    if kind == "district":
        home = next(d.municipality for d in DISTRICTS if d.id == value)
        return areas.place(district=value, district_municipality=home)
    return areas.place(municipality=value) if kind == "municipality" else areas.place(region=value)


_by_hand = st.builds(
    Place,
    district=_maybe(st.sampled_from([d.id for d in DISTRICTS])),
    municipality=_maybe(st.sampled_from(MUNICIPALITIES + FORMER_MUNICIPALITIES)),
    region=_maybe(st.sampled_from(REGIONS)),
)
_levels = [("district", d.id) for d in DISTRICTS]
_levels += [("municipality", m) for m in MUNICIPALITIES] + [("region", r) for r in REGIONS]
_places = st.sampled_from(_levels).map(_resolved) | _by_hand


def places() -> st.SearchStrategy[Place]:
    """Places over the small world: a district, a municipality or a region.

    Some as the bundled classification resolves them, some made by hand, knowing only what they are given.
    """
    return _places


_criteria = st.builds(
    Criteria,
    tiles=st.frozensets(st.sampled_from(Tile), max_size=2),
    characteristics=st.frozensets(st.sampled_from(ClientCharacteristic), max_size=2),
    execution_forms=st.frozensets(st.sampled_from(ExecutionForm), max_size=2),
    group_forms=st.frozensets(st.sampled_from(GroupForm), max_size=1),
    location_types=st.frozensets(st.sampled_from(LocationType), max_size=1),
    target_groups=st.frozensets(st.sampled_from(["50-plussers", "jongeren-org-0", "jongeren-org-1"]), max_size=1),
    providers=st.frozensets(st.sampled_from([p.id for p in PROVIDERS]), max_size=2),
    organisations=st.frozensets(st.sampled_from([o.id for o in ORGANISATIONS]), max_size=1),
    place=_maybe(_places),
    published_on=_maybe(_dates),
    min_duration_days=_maybe(st.sampled_from([0.0, 1.0, 7.0, 30.0])),
    max_duration_days=_maybe(st.sampled_from([1.0, 14.0, 365.25])),
    min_hours_per_week=_maybe(st.integers(0, 40)),
    max_hours_per_week=_maybe(st.integers(0, 168)),
)
_cost_ranges = st.tuples(_costs, _costs, st.booleans(), st.booleans())


@st.composite
def criteria(draw: st.DrawFn) -> Criteria:
    """Queries over the small world: a few parts each, ranges included."""
    query = draw(_criteria)
    one, other, low, high = draw(_cost_ranges)
    least, most = min(one, other), max(one, other)
    return attrs.evolve(query, min_costs=least if low else None, max_costs=most if high else None)


_weights = st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.0])
_homes = st.sampled_from(  # (municipality, district): places nest, so a district lies in the municipality given
    [(None, None), *((m, None) for m in MUNICIPALITIES), *((None, d.id) for d in DISTRICTS)]
    + [(d.municipality, d.id) for d in DISTRICTS if d.municipality in MUNICIPALITIES]
)
_profile_parts = st.fixed_dictionaries(
    {
        "needs": st.dictionaries(st.sampled_from(ClientCharacteristic), _weights, max_size=4),
        "tiles": st.frozensets(st.sampled_from(Tile), max_size=3),
        "home": _homes,
        "target_groups": st.frozensets(st.sampled_from(["50-plussers", "jongeren-org-0"]), max_size=2),
    }
)
_client_limits = st.builds(
    Criteria,
    max_costs=_maybe(_costs),
    max_hours_per_week=_maybe(st.integers(0, 40)),
    group_forms=st.frozensets(st.sampled_from(GroupForm), max_size=1),
    execution_forms=st.frozensets(st.sampled_from(ExecutionForm), max_size=2),
)


@st.composite
def client_profiles(draw: st.DrawFn, *, used: tuple[str, ...] = ()) -> ClientProfile:
    """Client profiles over the small world, from empty to full; *used* are ids that may be marked as used.

    The profile's criteria are a client's usual limits where the client lives, or any query, on a drawn day.
    """
    parts = draw(_profile_parts)
    municipality, district = parts.pop("home")
    home = None if municipality is None and district is None else Place(district=district, municipality=municipality)
    limits = attrs.evolve(draw(_client_limits | criteria()), place=home)  # a place that nests
    used_instruments = draw(st.frozensets(st.sampled_from(used), max_size=2)) if used else frozenset()
    return ClientProfile(
        **parts, used_instruments=used_instruments, criteria=attrs.evolve(limits, published_on=draw(_dates))
    )
