"""The instrument: everything Stap 1 and Stap 2 of the Instrumentenformat 2023 describe."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any, ClassVar

from attrs import field, frozen

from eva_core.domain._choices import ClientCharacteristic, DurationUnit, ExecutionForm, GroupForm, Tile
from eva_core.domain._errors import InvalidInstrument, InvalidRecord
from eva_core.domain._links import (
    Contact,
    District,
    Link,
    Location,
    Organisation,
    Provider,
    RegistrationCode,
    TargetGroup,
)
from eva_core.domain._messages import say
from eva_core.domain._record import SHORT_TEXT, Checker, Record, as_set, as_tuple, meta
from eva_core.domain._rules import (
    MUNICIPALITY_CODE_PATTERN,
    REGION_CODE_PATTERN,
    is_municipality_code,
    is_region_code,
)

__all__ = [
    "HOURS_IN_A_WEEK",
    "MAX_AMOUNT",
    "MAX_DURATION",
    "SUMMARY_MAX_LENGTH",
    "Instrument",
    "in_publication_window",
]

SUMMARY_MAX_LENGTH = 500
HOURS_IN_A_WEEK = 168
MAX_AMOUNT = Decimal("999999999.99")
"""The largest amount in euros: below a billion, which every store holds to the cent."""
MAX_DURATION = 9999
"""The largest total duration, in any unit."""


def in_publication_window(on: dt.date, start: dt.date | None, until: dt.date | None) -> bool:
    """Whether day *on* lies in a publication window; both ends are included, a missing end is open.

    This is the one definition eva_core uses: 'Publiceer vanaf' is the first day shown and
    'Publiceer tot en met' the last.
    """
    return (start is None or start <= on) and (until is None or on <= until)


@frozen
class Instrument(Record):
    """One instrument as the Instrumentenformat 2023 describes it.

    A draft (``publish=False``) needs the required fields of Stap 1; an instrument to be published must
    also link at least one tile and one client characteristic (Stap 2). Constructing one checks every rule
    at once and raises `InvalidInstrument` listing them all.
    """

    error_type: ClassVar[type[InvalidRecord]] = InvalidInstrument

    id: str = field(metadata=meta("Id", identifier=True, doc="Stable identifier, unique in a catalogue."))
    # Stap 1: describing the instrument
    organisation: Organisation = field(metadata=meta("Organisatie", doc="The organisation the instrument belongs to."))
    provider: Provider = field(metadata=meta("Aanbieder", doc="Who carries the instrument out."))
    name: str = field(metadata=meta("Naam instrument", max_length=SHORT_TEXT))
    summary: str = field(
        metadata=meta("Samenvatting", max_length=SUMMARY_MAX_LENGTH, doc="Short summary of aim and method.")
    )
    aim: str = field(metadata=meta("Doel", doc="The intended result of using the instrument."))
    method: str = field(metadata=meta("Werkwijze", doc="How it is carried out: activities, modules, subjects."))
    execution_forms: frozenset[ExecutionForm] = field(
        converter=as_set, metadata=meta("Uitvoeringsvorm", doc="One or more of the 12 execution forms.")
    )
    publish: bool = field(default=False, metadata=meta("Publiceren", doc="Whether to show it to professionals."))
    publish_from: dt.date | None = field(default=None, metadata=meta("Publiceer vanaf", doc="First day shown."))
    publish_until: dt.date | None = field(
        default=None, metadata=meta("Publiceer tot en met", doc="Last day shown (included).")
    )
    distinctive_approach: str | None = field(default=None, metadata=meta("Onderscheidende aanpak"))
    participation_conditions: str | None = field(default=None, metadata=meta("Voorwaarden deelname"))
    work_agreements: str | None = field(default=None, metadata=meta("Werkafspraken"))
    cooperation_partners: str | None = field(default=None, metadata=meta("Samenwerkingspartners"))
    target_group_description: str | None = field(default=None, metadata=meta("Toelichting doelgroep"))
    additional_information: str | None = field(default=None, metadata=meta("Aanvullende informatie"))
    application_instructions: str | None = field(default=None, metadata=meta("Aanmeldinstructies"))
    total_duration_value: int | None = field(
        default=None,
        metadata=meta(
            "Totale duur", minimum=0, maximum=MAX_DURATION, doc="Total duration, in the unit of the next field."
        ),
    )
    total_duration_unit: DurationUnit | None = field(default=None, metadata=meta("Totale duur (eenheid)"))
    duration_description: str | None = field(default=None, metadata=meta("Toelichting duur"))
    intensity_hours_per_week: int | None = field(
        default=None,
        metadata=meta("Intensiteit", minimum=0, maximum=HOURS_IN_A_WEEK, doc="Hours per week, whole hours."),
    )
    intensity_description: str | None = field(default=None, metadata=meta("Toelichting intensiteit"))
    total_costs: Decimal | None = field(
        default=None,
        metadata=meta("Totale kosten", minimum=0, maximum=MAX_AMOUNT, doc="Total costs in euros, to the cent."),
    )
    costs_description: str | None = field(default=None, metadata=meta("Toelichting kosten"))
    # Stap 2: links
    tiles: frozenset[Tile] = field(
        default=frozenset(),
        converter=as_set,
        metadata=meta("Tegels werklandschap", step=2, required_to_publish=True),
    )
    client_characteristics: frozenset[ClientCharacteristic] = field(
        default=frozenset(),
        converter=as_set,
        metadata=meta("Klantkenmerken", step=2, required_to_publish=True, doc="Leaves only (14)."),
    )
    contacts: tuple[Contact, ...] = field(default=(), converter=as_tuple, metadata=meta("Contactpersonen", step=2))
    group_forms: frozenset[GroupForm] = field(
        default=frozenset(), converter=as_set, metadata=meta("Groep/individueel", step=2)
    )
    locations: tuple[Location, ...] = field(
        default=(), converter=as_tuple, metadata=meta("Locatie(s) uitvoering", step=2)
    )
    target_groups: tuple[TargetGroup, ...] = field(default=(), converter=as_tuple, metadata=meta("Doelgroepen", step=2))
    registration_codes: tuple[RegistrationCode, ...] = field(
        default=(), converter=as_tuple, metadata=meta("Registratiecodes", step=2)
    )
    links: tuple[Link, ...] = field(default=(), converter=as_tuple, metadata=meta("Links", step=2))
    downloads: tuple[Link, ...] = field(default=(), converter=as_tuple, metadata=meta("Downloads", step=2))
    videos: tuple[Link, ...] = field(default=(), converter=as_tuple, metadata=meta("Video's", step=2))
    available_regions: frozenset[str] = field(
        default=frozenset(),
        converter=as_set,
        metadata=meta(
            "Beschikbare regio's", step=2, pattern=REGION_CODE_PATTERN, doc="Arbeidsmarktregio codes (AMxx)."
        ),
    )
    available_municipalities: frozenset[str] = field(
        default=frozenset(),
        converter=as_set,
        metadata=meta(
            "Beschikbare gemeenten",
            step=2,
            pattern=MUNICIPALITY_CODE_PATTERN,
            doc="CBS municipality codes (GMxxxx).",
        ),
    )
    available_districts: tuple[District, ...] = field(
        default=(), converter=as_tuple, metadata=meta("Beschikbare wijken", step=2)
    )

    @property
    def is_complete(self) -> bool:
        """Whether Stap 2 has its required links: at least one tile and one client characteristic."""
        return bool(self.tiles) and bool(self.client_characteristics)

    def is_published(self, on: dt.date) -> bool:
        """Whether professionals see this instrument on day *on*: published, complete and in its window."""
        return self.publish and self.is_complete and in_publication_window(on, self.publish_from, self.publish_until)

    @property
    def has_area_restriction(self) -> bool:
        """False when the instrument names no region, municipality or district, and so is available everywhere."""
        return bool(self.available_regions or self.available_municipalities or self.available_districts)

    @classmethod
    def rules(cls, check: Checker) -> None:  # noqa: C901, PLR0912 - one place that lists the format's rules
        check.required_text("id", "name", "summary", "aim", "method")
        if "execution_forms" in check and not check.get("execution_forms"):
            check.add("execution_forms", "required", say("problem.required"))

        if check.get("publish"):
            for name in ("tiles", "client_characteristics"):
                if name in check and not check.get(name):
                    check.add(name, "required-to-publish", say("problem.required-to-publish"))

        start, until = check.get("publish_from"), check.get("publish_until")
        if start is not None and until is not None and until < start:
            check.add("publish_until", "publish-window", say("problem.publish-window", until=until, start=start))

        groups = sorted(c.number for c in check.get("client_characteristics") or () if c.is_group)
        if groups:
            check.add(
                "client_characteristics",
                "group-characteristic",
                say("problem.group-characteristic", groups=tuple(groups)),
            )

        for name in ("total_duration_value", "intensity_hours_per_week", "total_costs"):
            check.at_least(name, "negative", lambda n: say("problem.negative", value=n))
        value, unit = check.get("total_duration_value"), check.get("total_duration_unit")
        if "total_duration_value" in check and "total_duration_unit" in check and (value is None) != (unit is None):
            missing = "total_duration_unit" if unit is None else "total_duration_value"
            check.add(missing, "duration-pair", say("problem.duration-pair"))
        check.at_most(
            "intensity_hours_per_week",
            "too-many-hours",
            lambda n: say("problem.too-many-hours", limit=HOURS_IN_A_WEEK, hours=n),
        )
        check.at_most(
            "total_duration_value", "too-large", lambda n: say("problem.too-large", limit=MAX_DURATION, value=n)
        )
        check.at_most("total_costs", "too-large", lambda n: say("problem.too-large.amount", limit=MAX_AMOUNT, value=n))
        costs = check.get("total_costs")
        if costs is not None and not _to_the_cent(costs):
            check.add("total_costs", "cents", say("problem.cents", value=costs))

        for code in sorted(check.get("available_regions") or ()):
            if not is_region_code(code):
                check.add("available_regions", "region-code", say("problem.region-code", value=code))
        for code in sorted(check.get("available_municipalities") or ()):
            if not is_municipality_code(code):
                check.add("available_municipalities", "municipality-code", say("problem.municipality-code", value=code))

        _no_duplicates(check, "target_groups", lambda g: g.id)
        _no_duplicates(check, "available_districts", lambda d: d.id)
        _no_duplicates(check, "contacts", lambda c: (c.person.id, c.role))
        organisation = check.get("organisation")
        for index, group in enumerate(check.get("target_groups") or ()):
            if organisation is not None and group.organisation not in (None, organisation.id):
                check.add(
                    "target_groups",
                    "foreign-target-group",
                    say("problem.foreign-target-group", group=group.name),
                    at=f"[{index}]",
                )
            if group.is_general:
                check.add(
                    "target_groups",
                    "general-target-group",
                    say("problem.general-target-group"),
                    at=f"[{index}].name",
                )


def _to_the_cent(amount: Decimal) -> bool:
    # Decimal.quantize fails past 28 digits, so count the places that are not trailing zeros instead.
    _, digits, exponent = amount.as_tuple()
    assert isinstance(exponent, int)  # noqa: S101 - the type check admits finite amounts only
    places = -exponent
    trailing_zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return places - min(trailing_zeros, max(places, 0)) <= 2


def _shown(identity: object) -> str:
    """An item's identity as a reader knows it: an id, or an id and its role."""
    return " ".join(str(part) for part in identity) if isinstance(identity, tuple) else str(identity)


def _no_duplicates(check: Checker, name: str, key: Callable[[Any], object]) -> None:
    seen: set[object] = set()
    for index, item in enumerate(check.get(name) or ()):
        identity = key(item)
        if identity in seen:
            check.add(name, "duplicate", say("problem.duplicate", value=_shown(identity)), at=f"[{index}]")
        seen.add(identity)
