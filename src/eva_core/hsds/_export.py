"""The catalogue as Open Referral HSDS 3.0 JSON: fully nested services in one `Page`.

HSDS 3.0's canonical form is JSON, dereferenced: each service embeds its organization, its locations (through
service_at_location) and its taxonomy terms (through attributes). Several records travel in the API
reference's ``Page`` object, which is what ``eva export --format hsds`` writes and the service serves.

HSDS asks for UUIDs as ids. They are made here (UUID version 5) from Eva's own ids, so an export of the same
catalogue gives the same ids every time and a follower can recognise a service it saw before.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from eva_core.areas import bundled_areas
from eva_core.domain import (
    AreaClassification,
    Choice,
    ClientCharacteristic,
    Contact,
    EvaError,
    ExecutionForm,
    GroupForm,
    Instrument,
    Location,
    LocationType,
    Organisation,
    Provider,
    TargetGroup,
    Tile,
    field_info,
    say,
)

__all__ = [
    "HSDS_VERSION",
    "NAMESPACE",
    "TAXONOMIES",
    "InvalidPage",
    "Taxonomy",
    "hsds_id",
    "hsds_page",
    "taxonomy_terms",
    "to_hsds",
]

HSDS_VERSION = "3.0"

NAMESPACE = uuid.UUID("6f1d2b55-9a4e-4d0c-8a43-6b0e5f0a7e20")
"""The namespace of every UUID the export makes; `hsds_id` documents how."""

Json = dict[str, Any]


def hsds_id(kind: str, *parts: str) -> str:
    """The UUID of one HSDS object: version 5 in `NAMESPACE` of its kind and Eva's ids, joined by U+001F.

    Eva ids cannot hold U+001F, so two different objects never share a name, and so (but for a SHA-1
    collision) never an id.
    """
    return str(uuid.uuid5(NAMESPACE, "\x1f".join((kind, *parts))))


class InvalidPage(ValueError, EvaError):
    """A page number or page size below 1."""

    code = "invalid-page"


class Taxonomy:
    """One taxonomy of the export: a code list of the Instrumentenformat, or a list Eva's back end keeps."""

    def __init__(self, code: str, link_type: str) -> None:
        self.code = code
        self.link_type = link_type
        self.id = hsds_id("taxonomy", code)

    @property
    def name(self) -> str:
        """Its Dutch name, from the message catalogue."""
        return str(say(f"hsds.taxonomy.{self.code}"))

    def as_json(self) -> Json:
        """The HSDS taxonomy object."""
        return {"id": self.id, "name": self.name, "description": str(say(f"hsds.taxonomy.{self.code}.about"))}

    def term(self, code: str, name: str, description: str = "", parent: str | None = None) -> Json:
        """The HSDS taxonomy_term of *code* in this taxonomy, with the taxonomy embedded."""
        term: Json = {
            "id": hsds_id("taxonomy_term", self.code, code),
            "code": code,
            "name": name,
            "description": description or name,
            "taxonomy": self.as_json(),
            "taxonomy_id": self.id,
            "language": "nl",
        }
        if parent is not None:
            term["parent_id"] = hsds_id("taxonomy_term", self.code, parent)
        return term


TILES = Taxonomy("eva-tegels", "tegel")
CHARACTERISTICS = Taxonomy("eva-klantkenmerken", "klantkenmerk")
EXECUTION_FORMS = Taxonomy("eva-uitvoeringsvorm", "uitvoeringsvorm")
GROUP_FORMS = Taxonomy("eva-groepsvorm", "groepsvorm")
LOCATION_TYPES = Taxonomy("eva-locatietype", "locatietype")
TARGET_GROUPS = Taxonomy("eva-doelgroepen", "doelgroep")
ORGANISATIONS = Taxonomy("eva-organisaties", "eva_organisatie")

TAXONOMIES: tuple[Taxonomy, ...] = (
    TILES,
    CHARACTERISTICS,
    EXECUTION_FORMS,
    GROUP_FORMS,
    LOCATION_TYPES,
    TARGET_GROUPS,
    ORGANISATIONS,
)
_LISTS: dict[Taxonomy, type[Choice]] = {
    TILES: Tile,
    CHARACTERISTICS: ClientCharacteristic,
    EXECUTION_FORMS: ExecutionForm,
    GROUP_FORMS: GroupForm,
    LOCATION_TYPES: LocationType,
}


def _choice_term(taxonomy: Taxonomy, choice: Choice) -> Json:
    if isinstance(choice, ClientCharacteristic):
        name = f"{choice.number} {choice.label}"
        return taxonomy.term(choice.key, name, choice.description, choice.parent_key)
    return taxonomy.term(choice.key, choice.label, choice.description)


def taxonomy_terms() -> list[Json]:
    """Every term of the format's fixed lists (tiles, client characteristics with their groups, forms, location types).

    Target groups and organisations are terms too, but only those a catalogue uses; they appear in its services.
    """
    return [_choice_term(taxonomy, choice) for taxonomy, choices in _LISTS.items() for choice in choices]


def _attribute(owner: str, entity: str, taxonomy: Taxonomy, term: Json) -> Json:
    return {
        "id": hsds_id("attribute", entity, owner, term["id"]),
        "link_id": owner,
        "link_type": taxonomy.link_type,
        "link_entity": entity,
        "taxonomy_term_id": term["id"],
        "taxonomy_term": term,
    }


def _in_order(choices: Iterable[Choice]) -> list[Choice]:
    return sorted(choices, key=lambda c: c.order)


def _service_attributes(service: str, instrument: Instrument) -> list[Json]:
    attributes = [_attribute(service, "service", TILES, _choice_term(TILES, t)) for t in _in_order(instrument.tiles)]
    attributes += [
        _attribute(service, "service", CHARACTERISTICS, _choice_term(CHARACTERISTICS, c))
        for c in _in_order(instrument.client_characteristics)
    ]
    attributes += [
        _attribute(service, "service", EXECUTION_FORMS, _choice_term(EXECUTION_FORMS, f))
        for f in _in_order(instrument.execution_forms)
    ]
    attributes += [
        _attribute(service, "service", GROUP_FORMS, _choice_term(GROUP_FORMS, g))
        for g in _in_order(instrument.group_forms)
    ]
    attributes += [_attribute(service, "service", TARGET_GROUPS, _target_group(g)) for g in instrument.target_groups]
    attributes.append(_attribute(service, "service", ORGANISATIONS, _organisation(instrument.organisation)))
    return attributes


def _target_group(group: TargetGroup) -> Json:
    return TARGET_GROUPS.term(group.id, group.name)


def _organisation(organisation: Organisation) -> Json:
    return ORGANISATIONS.term(organisation.id, organisation.name, str(say("hsds.organisation.about")))


def _organization(provider: Provider) -> Json:
    organization_id = hsds_id("organization", provider.id)
    organization: Json = {
        "id": organization_id,
        "name": provider.name,
        "description": str(say("hsds.provider.about", name=provider.name)),
        "organization_identifiers": [
            {
                "id": hsds_id("organization_identifier", provider.id),
                "organization_id": organization_id,
                "identifier_type": "local",
                "identifier": provider.id,
            }
        ],
    }
    if provider.website is not None:
        organization["website"] = provider.website
    return organization


def _contact(service: str, contact: Contact) -> Json:
    person = contact.person
    contact_id = hsds_id("contact", service, person.id, contact.role.key)
    found: Json = {"id": contact_id, "service_id": service, "name": person.name}
    if contact.label is not None:
        found["title"] = contact.label
    if person.email is not None:
        found["email"] = person.email
    if person.phone is not None:
        found["phones"] = [{"id": hsds_id("phone", contact_id), "contact_id": contact_id, "number": person.phone}]
    return found


def _location(location: Location) -> Json:
    address = location.address
    parts = (location.name, location.type.key, address.id if address else "", location.description or "")
    location_id = hsds_id("location", *parts)
    found: Json = {"id": location_id, "location_type": "physical", "name": location.name}
    if location.description is not None:
        found["description"] = location.description
    if address is not None:
        found["addresss"] = [
            {
                "id": hsds_id("address", location_id, address.id),
                "location_id": location_id,
                "address_1": f"{address.street} {address.house_number}",
                "city": address.city,
                "state_province": "",
                "postal_code": address.postcode,
                "country": "NL",
                "address_type": "physical",
            }
        ]
    found["attributes"] = [
        _attribute(location_id, "location", LOCATION_TYPES, _choice_term(LOCATION_TYPES, location.type))
    ]
    return found


def _service_at_location(service: str, index: int, place: Location) -> Json:
    location = _location(place)
    return {
        "id": hsds_id("service_at_location", service, str(index)),
        "service_id": service,
        "location_id": location["id"],
        "location": location,
    }


def _service_areas(service: str, instrument: Instrument, areas: AreaClassification) -> list[Json]:
    def area(key: str, name: str, uri: str, description: str | None = None) -> Json:
        found: Json = {"id": hsds_id("service_area", service, key), "service_id": service, "name": name, "uri": uri}
        if description is not None:
            found["description"] = description
        return found

    if not instrument.has_area_restriction:
        return [area("NL", str(say("hsds.everywhere")), "NL")]
    found = [
        area(code, str(say("hsds.region", name=areas.name_of(code) or code)), code)
        for code in sorted(instrument.available_regions)
    ]
    found += [
        area(code, str(say("hsds.municipality", name=areas.name_of(code) or code)), code)
        for code in sorted(instrument.available_municipalities)
    ]
    for district in instrument.available_districts:
        home = areas.name_of(district.municipality) or district.municipality
        found.append(
            area(
                f"district:{district.id}",
                district.name,
                district.id,
                str(say("hsds.district.about", municipality=home, code=district.municipality)),
            )
        )
    return found


def _paragraphs(instrument: Instrument) -> str:
    def headed(name: str) -> str:
        return f"{field_info(Instrument, name).label}: {getattr(instrument, name)}"

    return "\n\n".join((instrument.summary, headed("aim"), headed("method")))


def _service(instrument: Instrument, on: dt.date, areas: AreaClassification) -> Json:
    service_id = hsds_id("service", instrument.id)
    service: Json = {
        "id": service_id,
        "name": instrument.name,
        "description": _paragraphs(instrument),
        "status": "active" if instrument.is_published(on) else "inactive",
    }
    if instrument.links:
        service["url"] = instrument.links[0].url
    eligibility = [t for t in (instrument.target_group_description, instrument.participation_conditions) if t]
    if eligibility:
        service["eligibility_description"] = "\n\n".join(eligibility)
    if instrument.application_instructions is not None:
        service["application_process"] = instrument.application_instructions
    service["organization"] = _organization(instrument.provider)
    service["contacts"] = [_contact(service_id, c) for c in instrument.contacts]
    service["service_at_locations"] = [
        _service_at_location(service_id, index, place) for index, place in enumerate(instrument.locations)
    ]
    service["service_areas"] = _service_areas(service_id, instrument, areas)
    service["attributes"] = _service_attributes(service_id, instrument)
    return service


def to_hsds(  # noqa: PLR0913 - keyword-only options
    instruments: Iterable[Instrument],
    *,
    on: dt.date | None = None,
    drafts: bool = False,
    areas: AreaClassification | None = None,
    page: int = 1,
    per_page: int | None = None,
) -> Json:
    """The instruments as an HSDS 3.0 ``Page`` of fully nested services, in the order of their Eva ids.

    Only instruments published on day *on* (today when None) are services, with status ``active``; with
    ``drafts`` the others come along as ``inactive``. Names of regions and municipalities come from *areas*
    (the bundled CBS classification when None). `eva_core.hsds.MAPPING` says where each Eva field goes.
    Without *per_page* every service is on the one page; with it, *page* (from 1) picks which, and only those
    services are made. Raises `InvalidPage` (a ValueError) for a page or page size below 1.
    """
    day = on or dt.date.today()  # noqa: DTZ011 - a calendar day in the municipality's own zone
    chosen = sorted((i for i in instruments if drafts or i.is_published(day)), key=lambda i: i.id)
    size = max(len(chosen), 1) if per_page is None else per_page
    if page < 1 or size < 1:
        raise InvalidPage(say("error.invalid-page"))
    return hsds_page(
        chosen[(page - 1) * size : page * size], total=len(chosen), page=page, per_page=size, on=day, areas=areas
    )


def hsds_page(  # noqa: PLR0913 - keyword-only facts about the page
    instruments: Iterable[Instrument],
    *,
    total: int,
    page: int,
    per_page: int,
    on: dt.date,
    areas: AreaClassification | None = None,
) -> Json:
    """One ``Page`` of a longer list: *instruments* are those of page *page* (from 1) of *total*, in order.

    For a caller that picks the page's instruments itself (the service asks its index for them, so a page of
    a large catalogue does not sort the catalogue); `to_hsds` does the picking for everyone else. The status
    of each service is said for day *on*.
    """
    if page < 1 or per_page < 1:
        raise InvalidPage(say("error.invalid-page"))
    places = areas or bundled_areas()
    services = [_service(instrument, on, places) for instrument in instruments]
    pages = max(-(-total // per_page), 1)
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": page,
        "size": len(services),
        "first_page": page == 1,
        "last_page": page >= pages,
        "empty": not total,
        "contents": services,
    }
