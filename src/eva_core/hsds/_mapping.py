"""Where each field of the Instrumentenformat goes in HSDS 3.0, as data: the export follows it, the docs show it.

One row per field of every record an instrument holds. ``target`` is the HSDS path the value lands in, or
None where HSDS has no place for it; ``note`` says why, or how the value is changed on the way. A test
checks that every field of the records has exactly one row, so a new field cannot be left out silently.
"""

from __future__ import annotations

from attrs import frozen

from eva_core.domain import (
    Address,
    Contact,
    ContactPerson,
    District,
    Instrument,
    Link,
    Location,
    Organisation,
    Provider,
    RegistrationCode,
    TargetGroup,
)

__all__ = ["MAPPED_RECORDS", "MAPPING", "FieldMapping"]


@frozen
class FieldMapping:
    """One field of an Eva record and its place in HSDS 3.0 (None: no place)."""

    record: type
    field: str
    target: str | None
    note: str = ""

    @property
    def exported(self) -> bool:
        """Whether the value reaches the HSDS document at all."""
        return self.target is not None


MAPPED_RECORDS: tuple[type, ...] = (
    Instrument,
    Organisation,
    Provider,
    Contact,
    ContactPerson,
    Location,
    Address,
    TargetGroup,
    District,
    RegistrationCode,
    Link,
)

_M = FieldMapping
_I = Instrument
_NOT_FOR_CLIENTS = "internal to the municipality and the professional; HSDS describes a service to its users"

MAPPING: tuple[FieldMapping, ...] = (
    _M(_I, "id", "service.id", "a UUID (version 5) made from the Eva id, the same on every export"),
    _M(
        _I,
        "organisation",
        "service.attributes[eva_organisatie]",
        "HSDS gives a service one organization, the "
        "provider; the municipal organisation whose catalogue it is becomes a taxonomy term",
    ),
    _M(_I, "provider", "service.organization", "HSDS: 'the organization that provides this service'"),
    _M(_I, "name", "service.name"),
    _M(_I, "summary", "service.description", "first paragraph"),
    _M(_I, "aim", "service.description", "a paragraph headed 'Doel'"),
    _M(_I, "method", "service.description", "a paragraph headed 'Werkwijze'"),
    _M(_I, "execution_forms", "service.attributes[uitvoeringsvorm]", "taxonomy eva-uitvoeringsvorm"),
    _M(
        _I,
        "publish",
        "service.status",
        "'active' when published on the export day, else not exported (or 'inactive' when drafts are asked for)",
    ),
    _M(_I, "publish_from", "service.status", "only through the status on the export day"),
    _M(_I, "publish_until", "service.status", "only through the status on the export day"),
    _M(_I, "distinctive_approach", None, "no field for how a service differs from others"),
    _M(_I, "participation_conditions", "service.eligibility_description", "after the target group text"),
    _M(_I, "work_agreements", None, _NOT_FOR_CLIENTS),
    _M(_I, "cooperation_partners", None, "HSDS has no partner organisations of a service"),
    _M(_I, "target_group_description", "service.eligibility_description"),
    _M(_I, "additional_information", None, "free text without a matching HSDS field"),
    _M(_I, "application_instructions", "service.application_process"),
    _M(_I, "total_duration_value", None, "HSDS schedules say when a service is open, not how long it lasts"),
    _M(_I, "total_duration_unit", None, "as the duration"),
    _M(_I, "duration_description", None, "as the duration"),
    _M(_I, "intensity_hours_per_week", None, "no field for hours a week"),
    _M(_I, "intensity_description", None, "as the intensity"),
    _M(
        _I,
        "total_costs",
        None,
        "what the municipality pays; HSDS fees and cost_options are what the user pays, "
        "so mapping them would tell clients they pay",
    ),
    _M(_I, "costs_description", None, "as the costs"),
    _M(_I, "tiles", "service.attributes[tegel]", "taxonomy eva-tegels, 9 terms"),
    _M(
        _I,
        "client_characteristics",
        "service.attributes[klantkenmerk]",
        "taxonomy eva-klantkenmerken: the 10 characteristics, the groups' sub-characteristics with parent_id",
    ),
    _M(_I, "contacts", "service.contacts", "one HSDS contact per linked person and role"),
    _M(_I, "group_forms", "service.attributes[groepsvorm]", "taxonomy eva-groepsvorm"),
    _M(_I, "locations", "service.service_at_locations[].location", "location_type 'physical'"),
    _M(_I, "target_groups", "service.attributes[doelgroep]", "taxonomy eva-doelgroepen, one term per group"),
    _M(_I, "registration_codes", None, "codes of the municipality's own case system"),
    _M(_I, "links", "service.url", "the first link; HSDS 3.0 has one URL per service, the others have no place"),
    _M(_I, "downloads", None, "HSDS 3.0 has one URL per service"),
    _M(_I, "videos", None, "HSDS 3.0 has one URL per service"),
    _M(_I, "available_regions", "service.service_areas[]", "name from the CBS classification, uri the code"),
    _M(
        _I,
        "available_municipalities",
        "service.service_areas[]",
        "name from the CBS classification, uri the code; no area at all becomes one service area 'Nederland'",
    ),
    _M(_I, "available_districts", "service.service_areas[]", "name of the district and its municipality"),
    _M(Organisation, "id", "taxonomy_term.code", "of the eva-organisaties term"),
    _M(Organisation, "name", "taxonomy_term.name", "of the eva-organisaties term"),
    _M(
        Provider,
        "id",
        "organization.organization_identifiers[].identifier",
        "identifier_type 'local'; organization.id is a UUID made from it",
    ),
    _M(Provider, "name", "organization.name"),
    _M(Provider, "website", "organization.website"),
    _M(Contact, "person", "contact", "name, email and phone of the person"),
    _M(Contact, "role", None, "HSDS does not say whether a contact works for the organization"),
    _M(Contact, "label", "contact.title"),
    _M(ContactPerson, "id", None, "HSDS contacts are per service (new id each time); the person's id has no place"),
    _M(ContactPerson, "name", "contact.name"),
    _M(ContactPerson, "phone", "contact.phones[].number"),
    _M(ContactPerson, "email", "contact.email"),
    _M(Location, "name", "location.name"),
    _M(Location, "type", "location.attributes[locatietype]", "taxonomy eva-locatietype"),
    _M(Location, "address", "location.addresss[]", "address_type 'physical', country 'NL'"),
    _M(Location, "in_use", None, "HSDS has no location that is used only part of the year"),
    _M(Location, "description", "location.description"),
    _M(Address, "id", None, "the address's UUID is made from it"),
    _M(Address, "street", "address.address_1", "with the house number"),
    _M(Address, "house_number", "address.address_1", "after the street"),
    _M(Address, "postcode", "address.postal_code"),
    _M(Address, "city", "address.city", "state_province, required by HSDS, stays empty: Eva keeps no province"),
    _M(TargetGroup, "id", "taxonomy_term.code"),
    _M(TargetGroup, "name", "taxonomy_term.name"),
    _M(TargetGroup, "organisation", None, "whose list the group is on"),
    _M(District, "id", "service_area.uri"),
    _M(District, "name", "service_area.name"),
    _M(District, "municipality", "service_area.description", "the municipality's name and code"),
    _M(RegistrationCode, "code", None, "as registration_codes"),
    _M(RegistrationCode, "label", None, "as registration_codes"),
    _M(Link, "url", "service.url", "of the first link only"),
    _M(Link, "label", None, "HSDS has a URL without a label"),
)
