"""Hypothesis strategies: valid instruments, and documents broken in known places.

Written as explicit composites rather than ``st.builds``, which would break the format's rules.
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from attrs import frozen
from hypothesis import strategies as st

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
    "providers",
    "publication_windows",
    "raw_instruments",
]

_text_alphabet = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))
_ids = st.text(string.ascii_lowercase + string.digits + "-", min_size=1, max_size=12).filter(
    lambda s: s.strip("-") != ""
)


def _texts(min_size: int = 1, max_size: int = 60) -> st.SearchStrategy[str]:
    return st.text(_text_alphabet, min_size=min_size, max_size=max_size).filter(lambda s: s.strip() != "")


_optional_text = st.none() | _texts()
_emails = st.builds(lambda a, b: f"{a}@{b}.nl", _ids, st.from_regex(r"[a-z]{2,10}", fullmatch=True))
_phones = st.from_regex(r"0[1-9]\d{8}", fullmatch=True) | st.from_regex(r"\+31 ?[1-9]\d{8}", fullmatch=True)
_urls = st.builds(lambda host, path: f"https://{host}.nl/{path}", st.from_regex(r"[a-z]{2,10}", fullmatch=True), _ids)
_dates = st.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31))
_municipalities = st.from_regex(r"GM\d{4}", fullmatch=True)
_regions = st.from_regex(r"AM\d{2}", fullmatch=True)
_costs = st.integers(0, 10_000_000).map(lambda cents: Decimal(cents) / 100)


def organisations() -> st.SearchStrategy[Organisation]:
    """Organisations with short ids."""
    return st.builds(Organisation, id=_ids, name=_texts())


def providers() -> st.SearchStrategy[Provider]:
    """Providers, some with a website."""
    return st.builds(Provider, id=_ids, name=_texts(), website=st.none() | _urls)


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


@st.composite
def instruments(draw: st.DrawFn, *, published: bool | None = None) -> Instrument:
    """Valid instruments over every field; *published* fixes the 'Publiceren' flag (and then completeness)."""
    organisation = draw(organisations())
    publish = draw(st.booleans()) if published is None else published
    complete = publish or draw(st.booleans())
    leaves = ClientCharacteristic.all_leaves()
    start, until = draw(publication_windows())
    duration_value = draw(st.none() | st.integers(0, 500))
    target_groups = st.builds(
        TargetGroup,
        id=_ids,
        name=_texts().filter(lambda s: " ".join(s.split()).casefold() != "algemeen"),
        organisation=st.sampled_from([None, organisation.id]),
    )
    return Instrument(
        id=draw(_ids),
        organisation=organisation,
        provider=draw(providers()),
        name=draw(_texts()),
        summary=draw(_texts(max_size=SUMMARY_MAX_LENGTH)),
        aim=draw(_texts()),
        method=draw(_texts()),
        execution_forms=draw(st.frozensets(st.sampled_from(ExecutionForm), min_size=1)),
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
        total_duration_unit=None if duration_value is None else draw(st.sampled_from(DurationUnit)),
        duration_description=draw(_optional_text),
        intensity_hours_per_week=draw(st.none() | st.integers(0, 168)),
        intensity_description=draw(_optional_text),
        total_costs=draw(st.none() | _costs),
        costs_description=draw(_optional_text),
        tiles=draw(st.frozensets(st.sampled_from(Tile), min_size=1 if complete else 0)),
        client_characteristics=draw(st.frozensets(st.sampled_from(leaves), min_size=1 if complete else 0)),
        contacts=draw(_unique(_contacts, lambda c: (c.person.id, c.role))),
        group_forms=draw(st.frozensets(st.sampled_from(GroupForm))),
        locations=draw(st.lists(_locations, max_size=2)),
        target_groups=draw(_unique(target_groups, lambda g: g.id)),
        registration_codes=draw(st.lists(st.builds(RegistrationCode, code=_ids, label=_optional_text), max_size=2)),
        links=draw(st.lists(_links, max_size=2)),
        downloads=draw(st.lists(_links, max_size=1)),
        videos=draw(st.lists(_links, max_size=1)),
        available_regions=draw(st.frozensets(_regions, max_size=2)),
        available_municipalities=draw(st.frozensets(_municipalities, max_size=3)),
        available_districts=draw(
            _unique(st.builds(District, id=_ids, name=_texts(), municipality=_municipalities), lambda d: d.id)
        ),
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


@st.composite
def broken_documents(draw: st.DrawFn) -> tuple[dict[str, Any], tuple[Breakage, ...]]:
    """A draft instrument's JSON with one or more known faults, each in a different field.

    Returns the document and the faults, so a test can check that every one of them is reported.
    """
    document = draw(raw_instruments(published=False))
    chosen = draw(st.lists(st.sampled_from(_BREAKAGES), min_size=1, max_size=6, unique_by=lambda b: b.key))
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
MUNICIPALITIES = ("GM0344", "GM0307", "GM0193")
REGIONS = ("AM13", "AM14", "AM36")
DISTRICTS = (District("overvecht", "Overvecht", "GM0344"), District("schothorst", "Schothorst", "GM0307"))
SHARED_GROUPS = (TargetGroup("50-plussers", "50-plussers"),)


def own_groups(organisation: Organisation) -> tuple[TargetGroup, ...]:
    """The target groups an organisation of the small world made itself."""
    return (TargetGroup(f"jongeren-{organisation.id}", "Jongeren", organisation.id),)


@st.composite
def catalogues(draw: st.DrawFn, *, max_size: int = 8) -> tuple[Instrument, ...]:
    """Instruments with distinct ids that link the small world's master data, so any repository accepts them."""
    items = draw(st.lists(instruments(), max_size=max_size, unique_by=lambda i: i.id))
    result = []
    for item in items:
        organisation = draw(st.sampled_from(ORGANISATIONS))
        groups = SHARED_GROUPS + own_groups(organisation)
        result.append(
            item.evolve(
                organisation=organisation,
                provider=draw(st.sampled_from(PROVIDERS)),
                contacts=draw(
                    st.lists(
                        st.builds(Contact, st.sampled_from(PEOPLE), st.sampled_from(ContactRole)),
                        max_size=2,
                        unique_by=lambda c: (c.person.id, c.role),
                    )
                ),
                locations=[loc.evolve(address=draw(st.none() | st.sampled_from(ADDRESSES))) for loc in item.locations],
                target_groups=draw(st.lists(st.sampled_from(groups), max_size=2, unique_by=lambda g: g.id)),
                available_districts=draw(st.lists(st.sampled_from(DISTRICTS), max_size=1, unique_by=lambda d: d.id)),
                available_municipalities=draw(st.frozensets(st.sampled_from(MUNICIPALITIES), max_size=2)),
                available_regions=draw(st.frozensets(st.sampled_from(REGIONS), max_size=1)),
            )
        )
    return tuple(result)


@st.composite
def criteria(draw: st.DrawFn) -> Criteria:
    """Queries over the small world: a few parts each, ranges included."""

    def maybe(strategy: st.SearchStrategy[Any]) -> Any:  # noqa: ANN401
        return draw(st.none() | strategy)

    low_costs, high_costs = sorted(draw(st.lists(_costs, min_size=2, max_size=2)))
    return Criteria(
        tiles=draw(st.frozensets(st.sampled_from(Tile), max_size=2)),
        characteristics=draw(st.frozensets(st.sampled_from(ClientCharacteristic), max_size=2)),
        execution_forms=draw(st.frozensets(st.sampled_from(ExecutionForm), max_size=2)),
        group_forms=draw(st.frozensets(st.sampled_from(GroupForm), max_size=1)),
        location_types=draw(st.frozensets(st.sampled_from(LocationType), max_size=1)),
        target_groups=draw(
            st.frozensets(st.sampled_from(["50-plussers", "jongeren-org-0", "jongeren-org-1"]), max_size=1)
        ),
        providers=draw(st.frozensets(st.sampled_from([p.id for p in PROVIDERS]), max_size=2)),
        organisations=draw(st.frozensets(st.sampled_from([o.id for o in ORGANISATIONS]), max_size=1)),
        municipality=maybe(st.sampled_from(MUNICIPALITIES)),
        region=maybe(st.sampled_from(REGIONS)),
        district=maybe(st.sampled_from([d.id for d in DISTRICTS])),
        published_on=maybe(_dates),
        min_costs=low_costs if draw(st.booleans()) else None,
        max_costs=high_costs if draw(st.booleans()) else None,
        min_duration_days=maybe(st.sampled_from([0.0, 1.0, 7.0, 30.0])),
        max_duration_days=maybe(st.sampled_from([1.0, 14.0, 365.25])),
        min_hours_per_week=maybe(st.integers(0, 40)),
        max_hours_per_week=maybe(st.integers(0, 168)),
    )


@st.composite
def client_profiles(draw: st.DrawFn, *, used: tuple[str, ...] = ()) -> ClientProfile:
    """Client profiles over the small world, from empty to full; *used* are ids that may be marked as used."""

    def maybe(strategy: st.SearchStrategy[Any]) -> Any:  # noqa: ANN401
        return draw(st.none() | strategy)

    weights = st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.0])
    return ClientProfile(
        needs=draw(st.dictionaries(st.sampled_from(ClientCharacteristic), weights, max_size=4)),
        tiles=draw(st.frozensets(st.sampled_from(Tile), max_size=3)),
        municipality=maybe(st.sampled_from(MUNICIPALITIES)),
        district=maybe(st.sampled_from([d.id for d in DISTRICTS])),
        target_groups=draw(st.frozensets(st.sampled_from(["50-plussers", "jongeren-org-0"]), max_size=2)),
        max_costs=maybe(_costs),
        max_hours_per_week=maybe(st.integers(0, 40)),
        group_form=maybe(st.sampled_from(GroupForm)),
        execution_forms=draw(st.frozensets(st.sampled_from(ExecutionForm), max_size=2)),
        used_instruments=draw(st.frozensets(st.sampled_from(used), max_size=2)) if used else frozenset(),
        on=draw(_dates),
    )
