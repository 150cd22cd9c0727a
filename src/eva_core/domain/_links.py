"""The master data instruments link to in Stap 2, and the small values they carry.

In Eva's back end these are made once in the main menu (organisations, providers, contact persons,
addresses, districts, target groups) and then linked to instruments. Here they are frozen records with an
``id`` where the back end keeps them as entities of their own; an instrument embeds the linked records, so
one instrument document is complete on its own. Storage checks that the ids refer to known master data.
"""

from __future__ import annotations

from attrs import field, frozen

from eva_core.domain._choices import ContactRole, LocationType
from eva_core.domain._messages import say
from eva_core.domain._record import SHORT_TEXT, URL_MAX_LENGTH, Checker, Record, meta
from eva_core.domain._rules import (
    MUNICIPALITY_CODE_PATTERN,
    POSTCODE_PATTERN,
    is_email,
    is_municipality_code,
    is_phone,
    is_postcode,
    is_url,
)

__all__ = [
    "Address",
    "Contact",
    "ContactPerson",
    "District",
    "Link",
    "Location",
    "Organisation",
    "Provider",
    "RegistrationCode",
    "TargetGroup",
]

_GENERAL = "algemeen"


@frozen
class Organisation(Record):
    """The municipal organisation (gemeente, sociale dienst, samenwerkingsverband) that owns instruments."""

    id: str = field(metadata=meta("Id", identifier=True))
    name: str = field(metadata=meta("Naam", max_length=SHORT_TEXT))

    @classmethod
    def rules(cls, check: Checker) -> None:
        check.required_text("id", "name")


@frozen
class Provider(Record):
    """The party that carries out an instrument (aanbieder, leverancier)."""

    id: str = field(metadata=meta("Id", identifier=True))
    name: str = field(metadata=meta("Naam", max_length=SHORT_TEXT))
    website: str | None = field(default=None, metadata=meta("Website", max_length=URL_MAX_LENGTH))

    @classmethod
    def rules(cls, check: Checker) -> None:
        check.required_text("id", "name")
        check.well_formed("website", "url", is_url)


@frozen
class ContactPerson(Record):
    """A person professionals can ask about an instrument."""

    id: str = field(metadata=meta("Id", identifier=True))
    name: str = field(metadata=meta("Naam", max_length=SHORT_TEXT))
    phone: str | None = field(default=None, metadata=meta("Telefoon", max_length=SHORT_TEXT))
    email: str | None = field(default=None, metadata=meta("Mail", max_length=SHORT_TEXT))

    @classmethod
    def rules(cls, check: Checker) -> None:
        check.required_text("id", "name")
        check.well_formed("phone", "phone", is_phone)
        check.well_formed("email", "email", is_email)


@frozen
class Contact(Record):
    """A contact person linked to an instrument, as internal or external contact, with an optional label."""

    person: ContactPerson = field(metadata=meta("Contactpersoon", step=2))
    role: ContactRole = field(metadata=meta("Intern/extern", step=2))
    label: str | None = field(default=None, metadata=meta("Label", step=2, max_length=SHORT_TEXT))


@frozen
class Address(Record):
    """A postal address, made once and chosen for locations."""

    id: str = field(metadata=meta("Id", identifier=True))
    street: str = field(metadata=meta("Straat", max_length=SHORT_TEXT))
    house_number: str = field(metadata=meta("Huisnummer", max_length=SHORT_TEXT))
    postcode: str = field(metadata=meta("Postcode", pattern=POSTCODE_PATTERN))
    city: str = field(metadata=meta("Plaats", max_length=SHORT_TEXT))

    @classmethod
    def rules(cls, check: Checker) -> None:
        check.required_text("id", "street", "house_number", "postcode", "city")
        check.well_formed("postcode", "postcode", is_postcode)


@frozen
class Location(Record):
    """Where an instrument is carried out; ``in_use`` is off for places used only part of the year."""

    name: str = field(metadata=meta("Naam", step=2, max_length=SHORT_TEXT))
    type: LocationType = field(metadata=meta("Type", step=2))
    address: Address | None = field(default=None, metadata=meta("Adres", step=2))
    in_use: bool = field(default=True, metadata=meta("In gebruik", step=2))
    description: str | None = field(default=None, metadata=meta("Beschrijving", step=2))

    @classmethod
    def rules(cls, check: Checker) -> None:
        check.required_text("name")


@frozen
class TargetGroup(Record):
    """A group of clients an instrument is especially meant for.

    Each organisation makes its own; ``organisation`` is None for the shared groups every organisation
    sees (in Eva's back end these are the non-custom ones).
    """

    id: str = field(metadata=meta("Id", identifier=True))
    name: str = field(metadata=meta("Naam", max_length=SHORT_TEXT))
    organisation: str | None = field(default=None, metadata=meta("Organisatie", identifier=True))

    @property
    def is_general(self) -> bool:
        """True for a group called 'algemeen', which the handreiking strongly advises against."""
        return _is_general(self.name)

    @classmethod
    def rules(cls, check: Checker) -> None:
        check.required_text("id", "name")
        if "name" in check and _is_general(check.get("name")):
            check.add("name", "general-target-group", say("problem.general-target-group"))


def _is_general(name: str) -> bool:
    return " ".join(name.split()).casefold() == _GENERAL


@frozen
class District(Record):
    """A district (wijk) an organisation defines, always inside one municipality."""

    id: str = field(metadata=meta("Id", identifier=True))
    name: str = field(metadata=meta("Naam", max_length=SHORT_TEXT))
    municipality: str = field(metadata=meta("Gemeente", pattern=MUNICIPALITY_CODE_PATTERN))

    @classmethod
    def rules(cls, check: Checker) -> None:
        check.required_text("id", "name")
        check.well_formed("municipality", "municipality-code", is_municipality_code)


@frozen
class RegistrationCode(Record):
    """An instrument's code in the organisation's own case system, with an optional label."""

    code: str = field(metadata=meta("Registratiecode", step=2, max_length=SHORT_TEXT))
    label: str | None = field(default=None, metadata=meta("Label", step=2, max_length=SHORT_TEXT))

    @classmethod
    def rules(cls, check: Checker) -> None:
        check.required_text("code")


@frozen
class Link(Record):
    """A link, download or video added as extra content (Aanvullende inhoud)."""

    url: str = field(metadata=meta("Adres (URL)", step=2, max_length=URL_MAX_LENGTH))
    label: str | None = field(default=None, metadata=meta("Label", step=2, max_length=SHORT_TEXT))

    @classmethod
    def rules(cls, check: Checker) -> None:
        check.well_formed("url", "url", is_url)
