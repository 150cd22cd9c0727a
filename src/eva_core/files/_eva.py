"""Eva's own instrument export, read into the Instrumentenformat 2023.

Eva's back end (the ``vng/eva-core`` package, repository ``waotaa/e-core``) writes its catalogue as one JSON
array of instruments: ``eva:export-instruments`` (``src/Commands/ExportInstruments.php``) wrote
``InstrumentResource``, the 2022 shape; ``export:instruments`` writes ``InstrumentWerknemersdienstverleningResource``,
the 2023 shape, with a Dutch "SGR" copy of most fields beside the English ones. The 2022 shape has one
*implementation* out of Eva's own seven (Training, Workshop, ...), where 2023 has the format's execution forms;
the seven are read as e-core's own migration (``format:implementation-migrate``) reads them.

Every key of the export has one fate in `EVA_FIELDS`: read into a field of the format, read only when the
field has no value yet (a 2022 fallback), a copy of another key, worked out by Eva from other fields, Eva's own
bookkeeping, or without a place in the format. Nothing is dropped silently: each key that carries a value and
is not read is reported once, with the number of instruments that carried it. The values themselves are checked
by the domain, once, and its problems point at the key in Eva's file.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs

from eva_core.convert import load_instrument, parse_json
from eva_core.domain import (
    AreaError,
    ClientCharacteristic,
    ExecutionForm,
    GroupForm,
    Instrument,
    InvalidInstrument,
    Message,
    Problem,
    Severity,
    Tile,
    fold,
    say,
)
from eva_core.domain._record import type_mismatch

if TYPE_CHECKING:
    from eva_core.domain import AreaClassification

__all__ = ["EVA_FIELDS", "EVA_SHAPES", "EvaField", "EvaReport", "read_eva_export"]

Shape = Literal["2022", "2023"]
Fate = Literal["mapped", "fallback", "copy", "derived", "internal", "unmapped"]
EVA_SHAPES: Final = ("2022", "2023")
_BOTH: Final = frozenset(EVA_SHAPES)
_OLD: Final = frozenset({"2022"})
_NEW: Final = frozenset({"2023"})


@attrs.frozen
class EvaField:
    """One key of an Eva resource and its fate in the Instrumentenformat 2023.

    ``resource`` names the part of the export (``instrument``, ``contact``, ...), ``key`` Eva's key in it.
    ``target`` is the format's field it is read into (a path such as ``contacts[].person.email``), or for a
    ``copy`` the key it copies. ``label`` is what a beheerder calls it, ``note`` says how it is read.
    """

    resource: str
    key: str
    fate: Fate
    label: str
    target: str = ""
    note: str = ""
    shapes: frozenset[str] = _BOTH


def _table() -> tuple[EvaField, ...]:  # noqa: C901, PLR0912, PLR0915 - one row per key of the export
    rows: list[EvaField] = []

    def row(  # noqa: PLR0913, PLR0917 - one row
        resource: str,
        key: str,
        fate: Fate,
        label: str,
        target: str = "",
        note: str = "",
        shapes: frozenset[str] = _BOTH,
    ) -> None:
        rows.append(EvaField(resource, key, fate, label, target, note, shapes))

    def bookkeeping(resource: str, *keys: str, shapes: frozenset[str] = _BOTH) -> None:
        labels = {
            "id": "databasenummer",
            "created_at": "aangemaakt op",
            "updated_at": "gewijzigd op",
            "deleted_at": "verwijderd op",
        }
        for key in keys:
            row(resource, key, "internal", labels[key], note="Eva's own bookkeeping", shapes=shapes)

    i = "instrument"
    # Stap 1: the description.
    row(i, "uuid", "mapped", "UUID", "id")
    row(i, "name", "mapped", "Naam instrument", "name")
    row(i, "publish", "mapped", "Publiceren", "publish", "true/false; 0 and 1 are read too")
    row(i, "publish_from", "mapped", "Publiceer vanaf", "publish_from", "the day of a date-time")
    row(i, "publish_to", "mapped", "Publiceer tot en met", "publish_until", "the day of a date-time")
    for key, label in (
        ("aim", "Doel"),
        ("summary", "Samenvatting"),
        ("method", "Werkwijze"),
        ("distinctive_approach", "Onderscheidende aanpak"),
        ("target_group_description", "Toelichting doelgroep"),
        ("participation_conditions", "Voorwaarden deelname"),
        ("cooperation_partners", "Samenwerkingspartners"),
        ("additional_information", "Aanvullende informatie"),
        ("work_agreements", "Werkafspraken"),
        ("application_instructions", "Aanmeldinstructies"),
    ):
        row(i, key, "mapped", label, key, "HTML read as plain text")
    for key, label in (
        ("costs_description", "Toelichting kosten"),
        ("duration_description", "Toelichting duur"),
        ("intensity_description", "Toelichting intensiteit"),
    ):
        row(i, key, "mapped", label, key, "HTML read as plain text", _NEW)
    row(i, "intensity_hours_per_week", "mapped", "Intensiteit", "intensity_hours_per_week", "whole hours", _NEW)
    row(i, "intenstiy_hours_per_week", "mapped", "Intensiteit", "intensity_hours_per_week", "Eva's spelling", _OLD)
    row(i, "total_duration_value", "mapped", "Totale duur", "total_duration_value")
    row(
        i, "total_duration_unit_key", "mapped", "Totale duur (eenheid)", "total_duration_unit", "hour, day, week, month"
    )
    row(i, "total_duration_unit", "fallback", "Totale duur (eenheid)", "total_duration_unit", "Uur, Dag(en), ...")
    row(i, "total_costs", "mapped", "Totale kosten", "total_costs", "euros, to the cent")
    # Stap 2: the links.
    row(i, "organisation", "mapped", "Organisatie", "organisation", "see `organisation`", _NEW)
    row(i, "owner", "mapped", "Eigenaar", "organisation", "see `owner`", _OLD)
    row(i, "provider", "mapped", "Aanbieder", "provider", "see `provider`")
    row(i, "implementation", "mapped", "Uitvoeringsvorm", "execution_forms", "one; see `implementation`")
    row(i, "implementations", "mapped", "Uitvoeringsvormen", "execution_forms", "many; see `implementation`", _NEW)
    row(i, "group_forms", "mapped", "Groep/individueel", "group_forms", "by name")
    row(i, "locations", "mapped", "Locatie(s) uitvoering", "locations", "see `location`")
    row(i, "registration_codes", "mapped", "Registratiecodes", "registration_codes")
    row(i, "tiles", "mapped", "Tegels werklandschap", "tiles", "by key")
    row(i, "target_groups", "mapped", "Doelgroepen", "target_groups", "see `target_group`")
    row(i, "client_characteristics", "mapped", "Klantkenmerken", "client_characteristics", "by name")
    row(i, "links", "mapped", "Links", "links")
    row(i, "videos", "mapped", "Video's", "videos", "a YouTube address from the video's id")
    row(i, "downloads", "mapped", "Downloads", "downloads")
    row(i, "contacts", "mapped", "Contactpersonen", "contacts", "see `contact`")
    row(i, "available_regions", "mapped", "Beschikbare regio's", "available_regions", "CBS code", _NEW)
    row(i, "available_townships", "mapped", "Beschikbare gemeenten", "available_municipalities", "CBS code", _NEW)
    row(i, "available_neighbourhoods", "mapped", "Beschikbare wijken", "available_districts", "", _NEW)
    row(i, "regions", "mapped", "Beschikbare regio's", "available_regions", "CBS code, else the name", _OLD)
    row(i, "townships", "mapped", "Beschikbare gemeenten", "available_municipalities", "CBS code", _OLD)
    row(i, "townshipParts", "mapped", "Beschikbare wijken", "available_districts", "", _OLD)
    # 2022: the fields of format 1, read as e-core's format:migrate-2 reads them.
    row(i, "short_description", "fallback", "Korte omschrijving", "summary", "when there is no summary", _OLD)
    row(i, "conditions", "fallback", "Voorwaarden", "participation_conditions", "when empty", _OLD)
    row(i, "description", "fallback", "Omschrijving", "additional_information", "when empty", _OLD)
    row(i, "duration", "fallback", "Duur", "total_duration_value", "a whole number, when empty", _OLD)
    row(i, "duration_unit", "fallback", "Eenheid duur", "total_duration_unit", "when empty", _OLD)
    row(i, "costs", "fallback", "Kosten", "total_costs", "when empty", _OLD)
    row(i, "themes", "fallback", "Thema's", "client_characteristics", "when none; as format:migrate-2 does", _OLD)
    # Worked out by Eva from the fields above: nothing is lost.
    for key, label in (
        ("slug", "slug"),
        ("published", "gepubliceerd"),
        ("complete", "compleet"),
        ("total_duration_hours", "totale duur in uren"),
        ("total_costs_whole_number", "totale kosten afgerond"),
        ("is_national", "landelijk"),
        ("is_regional", "regionaal"),
        ("is_local", "lokaal"),
        ("reach", "bereik"),
        ("rating", "gemiddelde beoordeling"),
        ("tiles_count", "aantal tegels"),
        ("target_groups_count", "aantal doelgroepen"),
        ("client_characteristics_count", "aantal klantkenmerken"),
        ("available_areas", "beschikbare gebieden"),
        ("available_areas_all", "alle beschikbare gebieden"),
        ("available_areas_townships", "alle beschikbare gemeenten"),
        ("available_areas_specified", "opgegeven beschikbare gebieden"),
        ("is_nationally_available", "landelijk beschikbaar"),
    ):
        row(i, key, "derived", label, note="Eva works it out from other fields")
    bookkeeping(i, "id", "created_at", "updated_at", "deleted_at")
    # No place in the format.
    for key, label, shapes in (
        ("import_mark", "importmarkering", _BOTH),
        ("ratings", "beoordelingen", _BOTH),
        ("parent_instrument", "moederinstrument", _NEW),
        ("location_description", "toelichting locatie", _OLD),
        ("intensity_duration_costs_description", "toelichting duur, intensiteit en kosten", _OLD),
        ("address", "adres", _OLD),
        ("addresses", "adressen", _OLD),
        ("areas", "gebieden", _OLD),
        ("costs_unit", "eenheid kosten", _OLD),
    ):
        row(i, key, "unmapped", label, note="no place in the format", shapes=shapes)
    # The SGR copy (2023): the same values under Dutch names.
    for key, of in (
        ("AantUrenIntensiteitPerWeek", "intensity_hours_per_week"),
        ("BedrTotaalKosten", "total_costs"),
        ("CdEenheidDuurTraject", "total_duration_unit"),
        ("DuurTraject", "total_duration_value"),
        ("DuurTrajectInUren", "total_duration_hours"),
        ("OmsDoelInstrument", "aim"),
        ("OmsOnderscheidendeAanpak", "distinctive_approach"),
        ("OmsWerkafspraken", "work_agreements"),
        ("SamenvattingInstrument", "summary"),
        ("ToelDoelgroep", "target_group_description"),
        ("ToelDuurTraject", "duration_description"),
        ("ToelIntensiteit", "intensity_description"),
        ("ToelKosten", "costs_description"),
        ("ToelWerkwijzeInstrument", "method"),
        ("OmsAanmeldinstructies", "application_instructions"),
        ("OmsVoorwaardenDeelname", "participation_conditions"),
        ("OmsSamenwerkingsPartners", "cooperation_partners"),
        ("OmsAanvullendeInfo", "additional_information"),
        ("Instrument", "name"),
        ("Aanbieder", "provider"),
        ("Beoordeling", "ratings"),
        ("Contactpersoon", "contacts"),
        ("Doelgroep", "target_groups"),
        ("Download", "downloads"),
        ("Groepsvorm", "group_forms"),
        ("Klantkenmerk", "client_characteristics"),
        ("Link", "links"),
        ("Registratiecode", "registration_codes"),
        ("Uitvoeringslocatie", "locations"),
        ("Uitvoeringsvorm", "implementation"),
        ("Video", "videos"),
        ("WerklandschapTegel", "tiles"),
    ):
        row(i, key, "copy", key, of, "SGR copy", _NEW)

    o = "organisation"
    row(o, "slug", "mapped", "Slug organisatie", "organisation.id")
    row(o, "name", "mapped", "Naam organisatie", "organisation.name")
    row(o, "NaamInstrumentBeherendeOrganisatie", "copy", "NaamInstrumentBeherendeOrganisatie", "name", "SGR copy")
    row(o, "OrganisatieSlug", "copy", "OrganisatieSlug", "slug", "SGR copy")
    for key, of in (("LokalePartij", "localParty"), ("RegionalePartij", "regionalParty")):
        row(o, key, "copy", key, of, "SGR copy")
    for key, of in (("NationalePartij", "nationalParty"), ("Samenwerking", "partnership")):
        row(o, key, "copy", key, of, "SGR copy")
    row(o, "Contactpersonen", "copy", "Contactpersonen", "contacts", "SGR copy")
    for key, label in (
        ("type", "soort organisatie"),
        ("localParty", "lokale partij"),
        ("regionalParty", "regionale partij"),
        ("nationalParty", "landelijke partij"),
        ("partnership", "samenwerkingsverband"),
        ("featuringEnvironments", "omgevingen"),
        ("contacts", "contactpersonen van de organisatie"),
    ):
        row(o, key, "unmapped", label, note="no place in the format")
    row(o, "areasActiveIn", "derived", "actief in gebieden", note="Eva works it out")
    row(o, "organisationable_type", "internal", "soort partij (intern)", note="Eva's own bookkeeping")
    row(o, "organisationable_id", "internal", "nummer partij (intern)", note="Eva's own bookkeeping")
    bookkeeping(o, "id", "created_at", "updated_at", "deleted_at")

    w = "owner"
    row(w, "slug", "mapped", "Slug eigenaar", "organisation.id", shapes=_OLD)
    row(w, "name", "mapped", "Naam eigenaar", "organisation.name", shapes=_OLD)
    row(w, "type", "unmapped", "soort eigenaar", note="no place in the format", shapes=_OLD)
    bookkeeping(w, "id", shapes=_OLD)

    p = "provider"
    row(p, "uuid", "mapped", "UUID aanbieder", "provider.id", "else the slug", _NEW)
    row(p, "name", "mapped", "Naam aanbieder", "provider.name")
    row(p, "slug", "fallback", "Slug aanbieder", "provider.id", "when there is no uuid (2022)")
    row(p, "NaamAanbieder", "copy", "NaamAanbieder", "name", "SGR copy", _NEW)
    row(p, "UuidAanbieder", "copy", "UuidAanbieder", "uuid", "SGR copy", _NEW)
    row(p, "InstrumentBeherendeOrganisatie", "copy", "InstrumentBeherendeOrganisatie", "organisation", "SGR copy", _NEW)
    row(p, "Adres", "copy", "Adres", "address", "SGR copy", _NEW)
    row(p, "Contactpersonen", "copy", "Contactpersonen", "contacts", "SGR copy", _NEW)
    row(p, "import_mark", "unmapped", "importmarkering aanbieder", note="no place in the format", shapes=_NEW)
    row(p, "organisation", "unmapped", "organisatie van de aanbieder", note="no place in the format", shapes=_NEW)
    row(p, "address", "unmapped", "adres aanbieder", note="no place in the format")
    row(p, "contacts", "unmapped", "contactpersonen aanbieder", note="no place in the format", shapes=_NEW)
    row(p, "contact", "unmapped", "contactpersoon aanbieder", note="no place in the format", shapes=_OLD)
    bookkeeping(p, "id", "created_at", "updated_at", "deleted_at", shapes=_NEW)

    c = "contact"
    row(c, "id", "mapped", "Contactpersoon", "contacts[].person.id", "as eva-contact-<id>")
    row(c, "name", "mapped", "Naam contactpersoon", "contacts[].person.name")
    row(c, "phone", "mapped", "Telefoon contactpersoon", "contacts[].person.phone")
    row(c, "email", "mapped", "Mail contactpersoon", "contacts[].person.email")
    row(c, "type", "mapped", "Intern/extern", "contacts[].role", "by key: internal, external")
    row(c, "label", "mapped", "Label contactpersoon", "contacts[].label", shapes=_NEW)
    for key, of in (
        ("CdTypeContactpersoonRelatie", "type"),
        ("EmailadresContactpersoon", "email"),
        ("NaamContactpersoon", "name"),
        ("TelefoonnummerContactpersoon", "phone"),
        ("InstrumentBeherendeOrganisatie", "organisation"),
        ("Instrumenten", "instruments"),
        ("Aanbieder", "providers"),
    ):
        row(c, key, "copy", key, of, "SGR copy", _NEW)
    for key, label in (
        ("organisation", "organisatie van de contactpersoon"),
        ("instruments", "instrumenten van de contactpersoon"),
        ("providers", "aanbieders van de contactpersoon"),
    ):
        row(c, key, "unmapped", label, note="no place in the format", shapes=_NEW)
    bookkeeping(c, "created_at", "updated_at", shapes=_NEW)

    lo = "location"
    row(lo, "name", "mapped", "Naam locatie", "locations[].name", "2022: also the type")
    row(lo, "type", "mapped", "Type locatie", "locations[].type", "by key: address, provider, ...", _NEW)
    row(lo, "is_active", "mapped", "Locatie in gebruik", "locations[].in_use", shapes=_NEW)
    row(lo, "description", "mapped", "Toelichting locatie", "locations[].description", shapes=_NEW)
    row(lo, "address", "mapped", "Adres locatie", "locations[].address", "see `address`", _NEW)
    for key, of in (
        ("CdTypeUitvoeringslocatie", "type"),
        ("IndUitvoeringslocatieActief", "is_active"),
        ("NaamUitvoeringslocatie", "name"),
        ("ToelUitvoeringslocatie", "description"),
        ("Adres", "address"),
        ("Instrument", "instrument"),
    ):
        row(lo, key, "copy", key, of, "SGR copy", _NEW)
    row(lo, "instrument", "unmapped", "instrument van de locatie", note="no place in the format", shapes=_NEW)
    bookkeeping(lo, "id")
    bookkeeping(lo, "created_at", "updated_at", shapes=_NEW)

    a = "address"
    row(a, "id", "mapped", "Adres", "locations[].address.id", "as eva-adres-<id>", _NEW)
    row(a, "straatnaam", "mapped", "Straat", "locations[].address.street", shapes=_NEW)
    row(a, "huisnummer", "mapped", "Huisnummer", "locations[].address.house_number", shapes=_NEW)
    row(a, "postcode", "mapped", "Postcode", "locations[].address.postcode", shapes=_NEW)
    row(a, "woonplaats", "mapped", "Plaats", "locations[].address.city", shapes=_NEW)
    for key, label in (
        ("name", "naam adres"),
        ("postbusnummer", "postbusnummer"),
        ("antwoordnummer", "antwoordnummer"),
        ("organisation", "organisatie van het adres"),
    ):
        row(a, key, "unmapped", label, note="no place in the format", shapes=_NEW)
    row(a, "postcode_digits", "derived", "cijfers postcode", note="Eva works it out", shapes=_NEW)
    for key, of in (
        ("Locatieoms", "name"),
        ("Postcd", "postcode"),
        ("Woonplaatsnaam", "woonplaats"),
        ("Antwoordnummer", "antwoordnummer"),
        ("Postbusnr", "postbusnummer"),
        ("Huisnr", "huisnummer"),
        ("Straatnaam", "straatnaam"),
        ("InstrumentBeherendeOrganisatie", "organisation"),
    ):
        row(a, key, "copy", key, of, "SGR copy", _NEW)
    bookkeeping(a, "created_at", "updated_at", shapes=_NEW)

    t = "target_group"
    row(t, "id", "mapped", "Doelgroep", "target_groups[].id", "as eva-doelgroep-<id>")
    row(t, "description", "mapped", "Naam doelgroep", "target_groups[].name")
    row(t, "custom", "mapped", "Eigen doelgroep", "target_groups[].organisation", "own groups: the organisation")
    row(t, "code", "unmapped", "code doelgroep", note="no place in the format", shapes=_NEW)
    row(t, "IndEigenToevoegingDoelgroep", "copy", "IndEigenToevoegingDoelgroep", "custom", "SGR copy", _NEW)
    row(t, "OmsDoelgroep", "copy", "OmsDoelgroep", "description", "SGR copy", _NEW)
    bookkeeping(t, "created_at", "updated_at", "deleted_at", shapes=_NEW)

    ti = "tile"
    row(ti, "key", "mapped", "Tegel", "tiles[]", "by key, else by name")
    row(ti, "name", "derived", "naam tegel", note="the format's list of tiles")
    for key in ("sub_title", "description", "list", "position"):
        row(ti, key, "derived", f"tegel: {key}", note="the format's list of tiles")
    for key in ("excerpt", "crisis_description", "crisis_services"):
        row(ti, key, "derived", f"tegel: {key}", note="the format's list of tiles", shapes=_NEW)
    row(ti, "themes", "derived", "thema's van de tegel", note="Eva's reference data", shapes=_OLD)
    row(ti, "CdWerklandschapTegel", "derived", "code tegel", note="SGR code of the tile", shapes=_NEW)
    bookkeeping(ti, "id")
    bookkeeping(ti, "created_at", "updated_at", "deleted_at", shapes=_NEW)

    k = "client_characteristic"
    row(k, "name", "mapped", "Klantkenmerk", "client_characteristics[]", "by name, Eva's spellings too")
    row(k, "code", "derived", "code klantkenmerk", note="the format's list", shapes=_NEW)
    row(k, "CdKlantkenmerk", "copy", "CdKlantkenmerk", "code", "SGR copy", _NEW)
    bookkeeping(k, "id")
    bookkeeping(k, "created_at", "updated_at", "deleted_at", shapes=_NEW)

    g = "group_form"
    row(g, "name", "mapped", "Groep/individueel", "group_forms[]", "by name")
    row(g, "code", "derived", "code groepsvorm", note="the format's list", shapes=_NEW)
    row(g, "custom", "derived", "eigen groepsvorm", note="an own form is not on the list: reported")
    row(g, "CdGroepsvorm", "copy", "CdGroepsvorm", "code", "SGR copy", _NEW)
    bookkeeping(g, "id")
    bookkeeping(g, "created_at", "updated_at", "deleted_at", shapes=_NEW)

    m = "implementation"
    row(m, "name", "mapped", "Uitvoeringsvorm", "execution_forms[]", "by name; Eva's older names translated")
    row(m, "code", "derived", "code uitvoeringsvorm", note="UV01... mean different forms in 2022 and 2023", shapes=_NEW)
    row(m, "custom", "derived", "eigen uitvoeringsvorm", note="Eva's older list: translated", shapes=_NEW)
    row(m, "CdUitvoeringsvorm", "copy", "CdUitvoeringsvorm", "code", "SGR copy", _NEW)
    row(m, "IndEigenToevoegingUitvoeringsvorm", "copy", "IndEigenToevoegingUitvoeringsvorm", "custom", "SGR copy", _NEW)
    row(m, "OmsUitvoeringsvorm", "copy", "OmsUitvoeringsvorm", "name", "SGR copy", _NEW)
    bookkeeping(m, "id")
    bookkeeping(m, "created_at", "updated_at", "deleted_at", shapes=_NEW)

    r = "registration_code"
    row(r, "code", "mapped", "Registratiecode", "registration_codes[].code")
    row(r, "label", "mapped", "Label registratiecode", "registration_codes[].label")
    row(r, "is_displayed", "unmapped", "registratiecode tonen", note="no place in the format")
    bookkeeping(r, "id")

    for resource, what, target in (("link", "link", "links"), ("download", "download", "downloads")):
        row(resource, "url", "mapped", f"Adres {what}", f"{target}[].url")
        row(resource, "label", "mapped", f"Label {what}", f"{target}[].label")
        bookkeeping(resource, "id")
    row("download", "filename", "derived", "bestandsnaam", note="part of the address", shapes=_NEW)
    row(
        "download", "instrument", "unmapped", "instrumenten van de download", note="no place in the format", shapes=_NEW
    )
    bookkeeping("download", "created_at", "updated_at", shapes=_NEW)

    v = "video"
    row(v, "video_identifier", "mapped", "Video", "videos[].url", "https://www.youtube.com/watch?v=<id>")
    row(v, "provider", "mapped", "Videodienst", "videos[].url", "youtube; another service is reported")
    bookkeeping(v, "id")

    re_ = "region"
    row(re_, "code", "mapped", "Regio", "available_regions[]", "CBS code AMxx", _NEW)
    row(re_, "name", "fallback", "naam regio", "available_regions[]", "when there is no code (2022): by name")
    row(re_, "slug", "derived", "regio: slug", note="Eva's reference data")
    row(re_, "townships", "derived", "regio: gemeenten", note="Eva's reference data")
    for key in ("description", "color", "cooperation_partners", "contacts"):
        row(re_, key, "derived", f"regio: {key}", note="Eva's reference data", shapes=_OLD)
    for key, of in (("CdArbeidsmarktregio", "code"), ("NaamArbeidsmarktregio", "name"), ("Gemeenten", "townships")):
        row(re_, key, "copy", key, of, "SGR copy", _NEW)
    bookkeeping(re_, "id")
    bookkeeping(re_, "created_at", "updated_at", "deleted_at", shapes=_NEW)

    tw = "township"
    row(tw, "code", "mapped", "Gemeente", "available_municipalities[]", "CBS code GMxxxx")
    row(tw, "name", "fallback", "naam gemeente", "available_municipalities[]", "when there is no code")
    for key in ("slug", "description", "featureId", "region"):
        row(tw, key, "derived", f"gemeente: {key}", note="Eva's reference data")
    bookkeeping(tw, "id")

    nb = "neighbourhood"
    row(nb, "id", "mapped", "Wijk", "available_districts[].id", "as eva-wijk-<id>")
    row(nb, "name", "mapped", "Naam wijk", "available_districts[].name")
    row(nb, "township", "mapped", "Gemeente van de wijk", "available_districts[].municipality", "its CBS code", _NEW)
    row(nb, "NaamWijk", "copy", "NaamWijk", "name", "SGR copy", _NEW)
    row(nb, "Gemeente", "copy", "Gemeente", "township", "SGR copy", _NEW)
    bookkeeping(nb, "created_at", "updated_at", shapes=_NEW)

    tp = "township_part"
    row(tp, "id", "mapped", "Wijk", "available_districts[].id", "as eva-wijk-<id>", _OLD)
    row(tp, "name", "mapped", "Naam wijk", "available_districts[].name", shapes=_OLD)
    row(tp, "township", "mapped", "Gemeente van de wijk", "available_districts[].municipality", "its CBS code", _OLD)

    th = "theme"
    row(th, "description", "fallback", "Thema", "client_characteristics[]", "as format:migrate-2 reads it", _OLD)
    row(th, "tiles", "derived", "tegels van het thema", note="Eva's reference data", shapes=_OLD)
    bookkeeping(th, "id", shapes=_OLD)
    only = {"organisation": _NEW, "neighbourhood": _NEW}  # parts of the export only one shape has
    return tuple(attrs.evolve(r, shapes=only[r.resource]) if r.resource in only else r for r in rows)


EVA_FIELDS: Final = _table()
"""Every key of Eva's export eva_core knows, with its fate; the docs' mapping table is made from it."""

_BY_KEY: Final = {(f.resource, f.key): f for f in EVA_FIELDS}
_LABEL: Final = "Eva-export"

_HOME: Final = {
    shape: {
        f.target: f.key
        for f in sorted(EVA_FIELDS, key=lambda f: len(f.shapes), reverse=True)
        if f.resource == "instrument" and f.fate == "mapped" and shape in f.shapes
    }
    for shape in EVA_SHAPES
}
for _keys in _HOME.values():
    _keys["execution_forms"] = "implementation"  # what both shapes write; 'implementations' is rare
"""Per shape, the key of Eva's file each field of the format is read from, for problems of a missing key."""
_MARKERS_2022: Final = frozenset(f.key for f in EVA_FIELDS if f.resource == "instrument" and f.shapes == _OLD)
_MARKERS_2023: Final = frozenset(f.key for f in EVA_FIELDS if f.resource == "instrument" and f.shapes == _NEW)

# e-core's format:implementation-migrate: Eva's older implementations and the execution forms they became.
_IMPLEMENTATIONS: Final = {
    "training": "bijscholing",
    "workshop": "bijscholing",
    "e-learning": "bijscholing",
    "scholing": "bijscholing",
    "cursus": "bijscholing",
    "werk/stage": "vrijwilligerswerk",
    "dagbesteding": "vrijwilligerswerk",
    "leren/werken": "vrijwilligerswerk",
    "participatietraject": "vrijwilligerswerk",
    "vrijwilligerswerk": "vrijwilligerswerk",
    "werk leer traject": "leerwerktraject",
    "werkleertraject": "leerwerktraject",
    "leerlijn": "leerwerktraject",
    "leerwerkplek": "leerwerktraject",
    "oriëntatie, onderzoek en diagnose": "onderzoek",
    "begeleiding naar en tijdens werk": "coaching",
    "vouchers": "subsidie_voucher",
    "tolken / vertalen": "tolken_vertalen",
    "sociale kaart": "verwijzing",
}
# e-core's format:migrate-2: the themes of format 1 and the client characteristics they became.
_THEMES: Final = {
    "basisvaardigheden": "basisvaardigheden",
    "werknemersvaardigheden": "basis_werknemersvaardigheden",
    "praktische belemmeringen": "praktisch",
    "sollicitatie vaardigheden": "sollicitatievaardigheden",
    "doen en ervaren": "diplomeren_certificeren",
    "certificaat": "diplomeren_certificeren",
    "diplomeren": "diplomeren_certificeren",
}
# Eva's seeded names of client characteristics that differ from the handreiking's by more than punctuation.
_CHARACTERISTICS: Final = {"willenengelovenineigenkunnen": "willen_en_geloof"}
_UNITS: Final = {
    "hour": "uur",
    "day": "dag",
    "week": "week",
    "month": "maand",
    "uur": "uur",
    "dag(en)": "dag",
    "we(e)k(en)": "week",
    "maand(en)": "maand",
}
_ROLES: Final = {
    "internal": "intern",
    "external": "extern",
    "externalcontract": "extern",
    "externalexecutive": "extern",
}
_LOCATION_TYPES: Final = {
    "address": "adres",
    "provider": "aanbieder",
    "employer": "werkgever",
    "township": "gemeente",
    "client": "klant_thuis",
}
_YOUTUBE: Final = "https://www.youtube.com/watch?v="
_DATE: Final = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ][0-9:.]*(?:Z|[+-]\d{2}:?\d{2})?)?")
_WHOLE: Final = re.compile(r"-?\d+(?:\.0*)?")
_HTML: Final = re.compile(r"</?[A-Za-z][^<>]*>|&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);")


@attrs.frozen
class EvaReport:
    """What reading an Eva export found: the shape of each instrument, errors that refuse one, warnings.

    ``shapes`` counts the instruments of each shape (``"2022"``, ``"2023"``). An instrument with an error is
    not in the result; warnings name what was not read (a key without a place in the format) or was
    translated (an older Eva name read as the format's choice).
    """

    errors: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    shapes: Mapping[str, int] = attrs.field(factory=dict)
    positions: tuple[int, ...] = ()
    """For each instrument read, its position in the export (from 1)."""

    @property
    def ok(self) -> bool:
        """True when no instrument was refused; warnings may remain."""
        return not self.errors

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Errors, then warnings."""
        return self.errors + self.warnings


def read_eva_export(
    source: str | os.PathLike[str] | bytes | object, *, areas: AreaClassification | None = None
) -> tuple[tuple[Instrument, ...], EvaReport]:
    """The instruments of an Eva export and a report of everything that was not read as it stood.

    *source* is a path (``str`` or ``Path``), the file's bytes, or the parsed JSON (a list of instruments, or
    one instrument). Reading a path can raise `OSError`; anything wrong inside the file is a problem in the
    report, never an exception. Each instrument is parsed and checked once; one with an error is left out
    and its problems point at the key in Eva's file (``$[3].contacts[0].email``). *areas* finds the code of a
    2022 region given only by name (default: the classification that ships with eva_core).
    """
    reader = _Reader(areas)
    data = _document(source, reader)
    if data is not _UNREADABLE:
        reader.read(data)
    return tuple(reader.instruments), reader.report()


_UNREADABLE: Final = object()


def _document(source: object, reader: _Reader) -> object:
    """The parsed document, or `_UNREADABLE` once its problem is reported."""
    if isinstance(source, (str, os.PathLike)):
        source = Path(source).read_bytes()
    if not isinstance(source, bytes | bytearray):
        return source
    try:
        data: object = parse_json(bytes(source))
    except RecursionError:
        reader.error("$", _LABEL, "eva-unreadable", say("problem.eva-unreadable.too-deep"))
    except (ValueError, UnicodeDecodeError) as error:
        reader.error("$", _LABEL, "eva-unreadable", say("problem.eva-unreadable", detail=str(error)))
    else:
        return data
    return _UNREADABLE


@attrs.define
class _Seen:
    """One key that was not read, as reported: the first place it was found and how often."""

    path: str
    label: str
    code: str
    count: int = 0
    value: str = ""
    choice: str = ""
    fields: dict[str, None] = attrs.field(factory=dict)
    """For worked-out keys, reported together per record: the keys, in the order first found."""


class _Reader:
    """Reads one document: the instruments, and per generic path the keys that were not read."""

    def __init__(self, areas: AreaClassification | None) -> None:
        self._areas = areas
        self.instruments: list[Instrument] = []
        self.errors: list[Problem] = []
        self._notes: dict[tuple[str, str], _Seen] = {}
        self.shapes: dict[str, int] = {}
        self.positions: list[int] = []

    def report(self) -> EvaReport:
        warnings = []
        for seen in self._notes.values():
            if seen.code == "eva-value-translated":
                message = say("problem.eva-value-translated", value=seen.value, choice=seen.choice, count=seen.count)
                warnings.append(Problem(seen.path, seen.label, seen.code, message, Severity.WARNING))
                continue
            if seen.code == "eva-field-derived":
                message = say("problem.eva-field-derived", fields=tuple(seen.fields), count=seen.count)
                warnings.append(Problem(seen.path, seen.label, seen.code, message, Severity.WARNING))
                continue
            key = seen.path.rsplit(".", 1)[-1].split("[", 1)[0]
            message = say(f"problem.{seen.code}", field=key, count=seen.count)
            warnings.append(Problem(seen.path, seen.label, seen.code, message, Severity.WARNING))
        return EvaReport(tuple(self.errors), tuple(warnings), dict(self.shapes), tuple(self.positions))

    def derived(self, generic: str, path: str, label: str, keys: list[str]) -> None:
        """Count a record with *keys* Eva works out, reported once per generic path of the record."""
        seen = self._notes.get((generic, "\x00derived"))
        if seen is None:
            seen = self._notes[generic, "\x00derived"] = _Seen(path, label, "eva-field-derived")
        seen.fields.update(dict.fromkeys(keys))
        seen.count += 1

    def error(self, path: str, label: str, code: str, message: Message) -> None:
        self.errors.append(Problem(path, label, code, message))

    def note(self, generic: str, path: str, label: str, code: str, *, value: str = "", choice: str = "") -> None:  # noqa: PLR0913
        """Count one key (or value) not read as it stood, reported once per generic path (and value)."""
        seen = self._notes.get((generic, value))
        if seen is None:
            seen = self._notes[generic, value] = _Seen(path, label, code, value=value, choice=choice)
        seen.count += 1

    def read(self, data: object) -> None:
        items: list[tuple[str, object]]
        if isinstance(data, list):
            items = [(f"$[{n}]", item) for n, item in enumerate(data)]
        elif isinstance(data, Mapping) and isinstance(data.get("data"), list):
            items = [(f"$.data[{n}]", item) for n, item in enumerate(data["data"])]
        elif isinstance(data, Mapping):
            items = [("$", data)]
        else:
            self.error("$", _LABEL, "type", type_mismatch(say("kind.list"), data))
            return
        first_seen: dict[str, str] = {}
        for position, (path, item) in enumerate(items, start=1):
            if not isinstance(item, Mapping):
                self.error(path, "Instrument", "type", type_mismatch(say("kind.object"), item))
                continue
            instrument = _Instrument(self, path, item).read()
            if instrument is None:
                continue
            if instrument.id in first_seen:
                also = first_seen[instrument.id]
                self.error(f"{path}.uuid", "UUID", "duplicate", say("problem.duplicate.id", id=instrument.id, at=also))
                continue
            first_seen[instrument.id] = path
            self.instruments.append(instrument)
            self.positions.append(position)

    def region_code(self, name: str) -> str | None:
        from eva_core.areas import bundled_areas  # noqa: PLC0415 - loaded only for a 2022 region by name

        areas = self._areas if self._areas is not None else bundled_areas()
        try:
            return areas.region(name).code
        except AreaError:
            return None


def _shape(item: Mapping[str, Any]) -> Shape:
    """2022 when the instrument carries a key only the 2022 export wrote, or one of Eva's older implementations."""
    if any(key in item for key in _MARKERS_2022):
        return "2022"
    if any(key in item for key in _MARKERS_2023):
        return "2023"
    implementation = item.get("implementation")
    if isinstance(implementation, Mapping) and implementation.get("custom") is True:
        return "2022"
    return "2023"


def _generic(path: str) -> str:
    return re.sub(r"\[\d+\]", "[*]", path)


def _blank(value: object) -> bool:
    """Nothing to lose: null, empty text, an empty list or object (asked of every key, so by exact type)."""
    kind = type(value)
    return value is None or ((kind is str or kind is list or kind is dict) and not value)


class _HtmlText(HTMLParser):
    """Eva keeps texts as cleaned HTML; the format keeps plain text with line breaks."""

    _BLOCKS: Final = frozenset({"p", "div", "br", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[tuple[str, list[str]]] = [("", [])]
        """Each line: its bullet ("- " for a list item) and its pieces of text."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:  # noqa: ARG002
        if tag in self._BLOCKS:
            self.lines.append(("- " if tag == "li" else "", []))

    def handle_endtag(self, tag: str) -> None:
        if tag in self._BLOCKS:
            self.lines.append(("", []))

    def handle_data(self, data: str) -> None:
        self.lines[-1][1].append(data)

    def text(self) -> str:
        """The lines that show something, white space in each folded to single spaces as HTML shows it."""
        lines = ((bullet, " ".join("".join(pieces).split())) for bullet, pieces in self.lines)
        return "\n".join(bullet + line for bullet, line in lines if line)


def _text(value: object) -> object:
    """Plain text passes unchanged; HTML becomes plain text, a paragraph or list item per line."""
    if not isinstance(value, str) or not _HTML.search(value):
        return value
    parser = _HtmlText()
    parser.feed(value)
    parser.close()
    return parser.text()


def _optional_text(value: object) -> object:
    return None if value in (None, "") else _text(value)


def _date(value: object) -> object:
    if isinstance(value, str) and (match := _DATE.fullmatch(value.strip())):
        return match.group(1)
    return value


def _whole(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and _WHOLE.fullmatch(value.strip()):
        return int(Decimal(value.strip()))
    return value


def _amount(value: object) -> object:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        try:
            return str(Decimal(str(value)))
        except InvalidOperation:
            return value
    return value.strip() if isinstance(value, str) else value


def _flag(value: object) -> object:
    return bool(value) if type(value) is int and value in (0, 1) else value


def _loose(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))


_CHARACTERISTIC_BY_NAME: Final = {
    **{_loose(c.label): c.key for c in ClientCharacteristic},
    **{_loose(c.key): c.key for c in ClientCharacteristic},
    **_CHARACTERISTICS,
}
_EXECUTION_BY_NAME: Final = {
    **{_loose(e.label): e.key for e in ExecutionForm},
    **{_loose(e.key): e.key for e in ExecutionForm},
}


class _Instrument:
    """One instrument of the export: its keys read into the format's JSON, each other key noted."""

    def __init__(self, reader: _Reader, path: str, item: Mapping[str, Any]) -> None:
        self.reader = reader
        self.path = path
        self.item = item
        self.shape: Shape = _shape(item)
        self.doc: dict[str, Any] = {}
        self.sources: dict[str, str] = {}
        self.organisation_id: object = None

    # -- bookkeeping of keys ------------------------------------------------------------------------

    def keys(self, resource: str, data: Mapping[str, Any], path: str, used: set[str]) -> None:
        """Note every key of *data* that carries a value and is not in *used*; worked-out keys together."""
        generic = ""
        derived: list[str] = []
        for key, value in data.items():
            if key in used or _blank(value):
                continue
            field = _BY_KEY.get((resource, key))
            if field is not None and field.fate == "copy":
                if field.target in data:
                    continue  # the same value, read from the key it copies
            elif field is not None and field.fate == "internal":
                continue  # Eva's database numbers and timestamps: they describe Eva, not the instrument
            elif field is not None and field.fate == "derived":
                derived.append(str(key))
                continue
            generic = generic or _generic(path)  # once per record, not per key
            label = field.label if field is not None else str(key)
            self.reader.note(f"{generic}.{key}", f"{path}.{key}", label, "eva-field-unmapped")
        if derived:
            self.reader.derived(generic or _generic(path), path, _label(resource), derived)

    def translated(self, path: str, label: str, value: str, choice: str) -> None:
        self.reader.note(_generic(path), path, label, "eva-value-translated", value=value, choice=choice)

    def put(self, target: str, value: object, source: str) -> None:
        self.doc[target] = value
        self.sources[f"$.{target}"] = source

    # -- the instrument -----------------------------------------------------------------------------

    def read(self) -> Instrument | None:  # noqa: C901 - one block per group of keys
        item, path = self.item, self.path
        reader = self.reader
        reader.shapes[self.shape] = reader.shapes.get(self.shape, 0) + 1
        used: set[str] = set()

        def take(key: str) -> object:
            used.add(key)
            return item.get(key)

        for key in ("uuid", "name"):
            if key in item:
                self.put(
                    "id" if key == "uuid" else key, _text(take(key)) if key == "name" else take(key), f"{path}.{key}"
                )
        if "publish" in item:
            self.put("publish", _flag(take("publish")), f"{path}.publish")
        for key, target in (("publish_from", "publish_from"), ("publish_to", "publish_until")):
            if not _blank(item.get(key)):
                self.put(target, _date(take(key)), f"{path}.{key}")
        used |= {"publish_from", "publish_to"}
        for key in ("aim", "summary", "method"):
            if key in item:
                self.put(key, _text(take(key)), f"{path}.{key}")
        for key in (
            "distinctive_approach",
            "target_group_description",
            "participation_conditions",
            "cooperation_partners",
            "additional_information",
            "work_agreements",
            "application_instructions",
            "costs_description",
            "duration_description",
            "intensity_description",
        ):
            if not _blank(item.get(key)):
                self.put(key, _optional_text(take(key)), f"{path}.{key}")
            used.add(key)
        for key in ("intensity_hours_per_week", "intenstiy_hours_per_week", "total_duration_value"):
            if not _blank(item.get(key)):
                target = "total_duration_value" if key == "total_duration_value" else "intensity_hours_per_week"
                self.put(target, _whole(take(key)), f"{path}.{key}")
            used.add(key)
        if not _blank(item.get("total_costs")):
            self.put("total_costs", _amount(take("total_costs")), f"{path}.total_costs")
        used.add("total_costs")
        self._unit(used)
        self._fallbacks(used)
        self._links(used)
        self.keys("instrument", item, path, used)
        return self._parsed()

    def _unit(self, used: set[str]) -> None:
        """The unit by Eva's key, else by its Dutch name, else (2022) format 1's unit."""
        for key in ("total_duration_unit_key", "total_duration_unit", "duration_unit"):
            value = self.item.get(key)
            if _blank(value):
                continue
            if "total_duration_unit" in self.doc:
                if key == "total_duration_unit":
                    used.add(key)  # the same unit, by its Dutch name
                continue
            used.add(key)
            unit = _UNITS.get(value.strip().casefold(), value) if isinstance(value, str) else value
            self.put("total_duration_unit", unit, f"{self.path}.{key}")

    def _fallbacks(self, used: set[str]) -> None:
        """Format 1's fields (2022), read into the format-2 field they became when that one is empty."""
        item, path = self.item, self.path
        for key, target, convert in (
            ("short_description", "summary", _text),
            ("conditions", "participation_conditions", _optional_text),
            ("description", "additional_information", _optional_text),
            ("duration", "total_duration_value", _whole),
            ("costs", "total_costs", _amount),
        ):
            value = item.get(key)
            if _blank(value) or not _blank(self.doc.get(target)):
                continue  # nothing to read, or the format-2 field has a value: noted as not read, if different
            converted = convert(value)
            if target == "total_duration_value" and not isinstance(converted, int):
                continue  # format 1 kept the duration as text; it has no place as a number
            used.add(key)
            self.put(target, converted, f"{path}.{key}")

    # -- links ---------------------------------------------------------------------------------------

    def _links(self, used: set[str]) -> None:  # noqa: C901 - one block per link
        item, path = self.item, self.path
        for key in ("organisation", "owner"):
            if key in item and "organisation" not in self.doc:
                used.add(key)
                self.put("organisation", self._organisation(item[key], f"{path}.{key}", key), f"{path}.{key}")
        if "provider" in item:
            used.add("provider")
            self.put("provider", self._provider(item["provider"], f"{path}.provider"), f"{path}.provider")
        forms: list[object] = []
        for key in ("implementation", "implementations"):
            value = item.get(key)
            if value is None:
                continue
            used.add(key)
            values = value if isinstance(value, list) else [value]
            at = f"{path}.{key}" if not isinstance(value, list) else None
            for n, one in enumerate(values):
                where = at or f"{path}.{key}[{n}]"
                forms.append(self._named(one, where, "implementation", self._execution_form))
                self.sources[f"$.execution_forms[{len(forms) - 1}]"] = where
        if forms or any(k in item for k in ("implementation", "implementations")):
            self.doc["execution_forms"] = forms
            self.sources.setdefault("$.execution_forms", f"{path}.implementation")
        self._many("group_forms", "group_forms", lambda v, w: self._named(v, w, "group_form", _group_form), used)
        self._many("tiles", "tiles", self._tile, used)
        self._many(
            "client_characteristics",
            "client_characteristics",
            lambda v, w: self._named(v, w, "client_characteristic", self._characteristic),
            used,
        )
        if not self.doc.get("client_characteristics") and not _blank(item.get("themes")):
            self._many("themes", "client_characteristics", self._theme, used)
        self._many("contacts", "contacts", self._contact, used)
        self._many("locations", "locations", self._location, used)
        self._many("target_groups", "target_groups", self._target_group, used)
        self._many("registration_codes", "registration_codes", self._registration_code, used)
        self._many("links", "links", lambda v, w: self._link(v, w, "link"), used)
        self._many("downloads", "downloads", lambda v, w: self._link(v, w, "download"), used)
        self._many("videos", "videos", self._video, used)
        for key in ("available_regions", "regions"):
            self._many(key, "available_regions", self._region, used)
        for key in ("available_townships", "townships"):
            self._many(key, "available_municipalities", lambda v, w: self._area_code(v, w, "township"), used)
        self._many(
            "available_neighbourhoods", "available_districts", lambda v, w: self._district(v, w, "neighbourhood"), used
        )
        self._many("townshipParts", "available_districts", lambda v, w: self._district(v, w, "township_part"), used)

    def _many(self, key: str, target: str, read: Callable[[object, str], object], used: set[str]) -> None:
        """Read the list under *key* item by item into *target*; an item read as None is left out."""
        if key not in self.item or self.item[key] is None:
            return
        used.add(key)
        value = self.item[key]
        where = f"{self.path}.{key}"
        if not isinstance(value, list):
            self.doc.setdefault(target, value)  # the domain reports the wrong type at this key
            self.sources.setdefault(f"$.{target}", where)
            return
        result = self.doc.setdefault(target, [])
        if not isinstance(result, list):
            return
        self.sources.setdefault(f"$.{target}", where)
        for n, one in enumerate(value):
            read_one = read(one, f"{where}[{n}]")
            if read_one is not None:
                self.sources[f"$.{target}[{len(result)}]"] = f"{where}[{n}]"
                result.append(read_one)

    def _record(self, value: object, path: str, resource: str) -> Mapping[str, Any] | None:
        if isinstance(value, Mapping):
            return value
        self.reader.error(path, _label(resource), "type", type_mismatch(say("kind.object"), value))
        return None

    def _organisation(self, value: object, path: str, resource: str) -> object:
        data = self._record(value, path, resource)
        if data is None:
            return {}
        self.keys(resource, data, path, {"slug", "name"})
        self.organisation_id = _master_id(data, "slug", "organisatie")
        self.sources["$.organisation.id"] = f"{path}.slug"
        return {"id": self.organisation_id, "name": _text(data.get("name"))}

    def _provider(self, value: object, path: str) -> object:
        data = self._record(value, path, "provider")
        if data is None:
            return {}
        key = "uuid" if not _blank(data.get("uuid")) else "slug"
        self.keys("provider", data, path, {"name", key})
        self.sources["$.provider.id"] = f"{path}.{key}"
        return {"id": _master_id(data, key, "aanbieder"), "name": _text(data.get("name"))}

    def _named(self, value: object, path: str, resource: str, find: Callable[[str, str], str | None]) -> object:
        data = self._record(value, path, resource)
        if data is None:
            return None
        self.keys(resource, data, path, {"name"})
        name = data.get("name")
        if not isinstance(name, str):
            return name
        return find(name, f"{path}.name") or name  # a name not on the list: the domain says which list

    def _execution_form(self, name: str, path: str) -> str | None:
        if (key := _EXECUTION_BY_NAME.get(_loose(name))) is not None:
            return key
        key = _IMPLEMENTATIONS.get(" ".join(name.split()).casefold())
        if key is not None:
            self.translated(path, "Uitvoeringsvorm", name, ExecutionForm.from_key(key).label)
        return key

    def _characteristic(self, name: str, _path: str) -> str | None:
        return _CHARACTERISTIC_BY_NAME.get(_loose(name))

    def _theme(self, value: object, path: str) -> object:
        data = self._record(value, path, "theme")
        if data is None:
            return None
        self.keys("theme", data, path, {"description"})
        name = data.get("description")
        key = _THEMES.get(" ".join(name.split()).casefold()) if isinstance(name, str) else None
        if key is None:
            self.reader.note(_generic(f"{path}.description"), f"{path}.description", "Thema", "eva-field-unmapped")
            return None
        self.translated(f"{path}.description", "Klantkenmerk", str(name), ClientCharacteristic.from_key(key).label)
        return key

    def _tile(self, value: object, path: str) -> object:
        data = self._record(value, path, "tile")
        if data is None:
            return None
        self.keys("tile", data, path, {"key"})
        key = data.get("key")
        if isinstance(key, str) and key in Tile._value2member_map_:
            return key
        name = data.get("name")
        if isinstance(name, str):
            for tile in Tile:
                if _loose(name) == _loose(tile.label):
                    return tile.key
        return key

    def _contact(self, value: object, path: str) -> object:
        data = self._record(value, path, "contact")
        if data is None:
            return None
        self.keys("contact", data, path, {"id", "name", "phone", "email", "type", "label"})
        n = len(self.doc.get("contacts") or ())
        here = f"$.contacts[{n}]"
        self.sources.update(
            {
                f"{here}.person.id": f"{path}.id",
                f"{here}.person.name": f"{path}.name",
                f"{here}.person.phone": f"{path}.phone",
                f"{here}.person.email": f"{path}.email",
                f"{here}.role": f"{path}.type",
                f"{here}.label": f"{path}.label",
            }
        )
        kind = data.get("type")
        role = kind.get("key") if isinstance(kind, Mapping) else kind
        if isinstance(role, str):
            role = _ROLES.get(role.casefold(), role)
        person = {
            "id": _master_id(data, "id", "contact"),
            "name": _text(data.get("name")),
            "phone": _optional_text(data.get("phone")),
            "email": _optional_text(data.get("email")),
        }
        contact: dict[str, Any] = {"person": {k: v for k, v in person.items() if v is not None}}
        if role is not None:
            contact["role"] = role  # else the domain reports the role as required
        if not _blank(data.get("label")):
            contact["label"] = _text(data.get("label"))
        return contact

    def _location(self, value: object, path: str) -> object:
        data = self._record(value, path, "location")
        if data is None:
            return None
        self.keys("location", data, path, {"name", "type", "is_active", "description", "address"})
        n = len(self.doc.get("locations") or ())
        here = f"$.locations[{n}]"
        for key, target in (
            ("name", "name"),
            ("type", "type"),
            ("is_active", "in_use"),
            ("description", "description"),
        ):
            self.sources[f"{here}.{target}"] = f"{path}.{key}"
        kind = data.get("type")
        if isinstance(kind, Mapping):
            kind = kind.get("key") if isinstance(kind.get("key"), str) else kind.get("name")
        elif kind is None and self.shape == "2022":
            kind = data.get("name")  # format 1's locations are the types themselves
        if isinstance(kind, str):
            kind = _LOCATION_TYPES.get(kind.casefold()) or _location_type(kind)
        location: dict[str, Any] = {"name": _text(data.get("name")), "type": kind}
        if "is_active" in data and data["is_active"] is not None:
            location["in_use"] = _flag(data["is_active"])
        if not _blank(data.get("description")):
            location["description"] = _text(data["description"])
        address = data.get("address")
        if address is not None:
            location["address"] = self._address(address, f"{path}.address", f"{here}.address")
        return location

    def _address(self, value: object, path: str, here: str) -> object:
        data = self._record(value, path, "address")
        if data is None:
            return None
        used = {"id", "straatnaam", "huisnummer", "postcode", "woonplaats"}
        self.keys("address", data, path, used)
        self.sources[here] = path
        for key, target in (("id", "id"), ("straatnaam", "street"), ("huisnummer", "house_number")):
            self.sources[f"{here}.{target}"] = f"{path}.{key}"
        self.sources[f"{here}.postcode"] = f"{path}.postcode"
        self.sources[f"{here}.city"] = f"{path}.woonplaats"
        house = data.get("huisnummer")
        return {
            "id": _master_id(data, "id", "adres"),
            "street": data.get("straatnaam"),
            "house_number": str(house) if isinstance(house, int) and not isinstance(house, bool) else house,
            "postcode": data.get("postcode"),
            "city": data.get("woonplaats"),
        }

    def _target_group(self, value: object, path: str) -> object:
        data = self._record(value, path, "target_group")
        if data is None:
            return None
        self.keys("target_group", data, path, {"id", "description", "custom"})
        n = len(self.doc.get("target_groups") or ())
        self.sources[f"$.target_groups[{n}].id"] = f"{path}.id"
        self.sources[f"$.target_groups[{n}].name"] = f"{path}.description"
        group: dict[str, Any] = {"id": _master_id(data, "id", "doelgroep"), "name": _text(data.get("description"))}
        if data.get("custom") is True or data.get("custom") == 1:
            group["organisation"] = self.organisation_id
        return group

    def _registration_code(self, value: object, path: str) -> object:
        data = self._record(value, path, "registration_code")
        if data is None:
            return None
        self.keys("registration_code", data, path, {"code", "label"})
        code = data.get("code")
        result: dict[str, Any] = {"code": str(code) if isinstance(code, int) and not isinstance(code, bool) else code}
        if not _blank(data.get("label")):
            result["label"] = data.get("label")
        return result

    def _link(self, value: object, path: str, resource: str) -> object:
        data = self._record(value, path, resource)
        if data is None:
            return None
        self.keys(resource, data, path, {"url", "label"})
        result: dict[str, Any] = {"url": data.get("url")}
        if not _blank(data.get("label")):
            result["label"] = data.get("label")
        return result

    def _video(self, value: object, path: str) -> object:
        data = self._record(value, path, "video")
        if data is None:
            return None
        self.keys("video", data, path, {"provider", "video_identifier"})
        service, identifier = data.get("provider"), data.get("video_identifier")
        if service == "youtube" and isinstance(identifier, str) and identifier.strip():
            return {"url": _YOUTUBE + identifier.strip()}
        self.reader.note(_generic(path), path, "Video", "eva-field-unmapped")
        return None

    def _region(self, value: object, path: str) -> object:
        data = self._record(value, path, "region")
        if data is None:
            return None
        code = data.get("code")
        self.keys("region", data, path, {"code", "name"})
        if isinstance(code, str) and code.strip():
            return code.strip().upper()
        name = data.get("name")
        if isinstance(name, str) and (found := self.reader.region_code(name)) is not None:
            return found
        return name if isinstance(name, str) else code

    def _area_code(self, value: object, path: str, resource: str) -> object:
        data = self._record(value, path, resource)
        if data is None:
            return None
        code = data.get("code")
        self.keys(resource, data, path, {"code", "name"} if isinstance(code, str) and code.strip() else {"code"})
        return _municipality(code)

    def _district(self, value: object, path: str, resource: str) -> object:
        data = self._record(value, path, resource)
        if data is None:
            return None
        self.keys(resource, data, path, {"id", "name", "township"})
        township = data.get("township")
        code = township.get("code") if isinstance(township, Mapping) else township
        n = len(self.doc.get("available_districts") or ())
        self.sources[f"$.available_districts[{n}].municipality"] = f"{path}.township"
        return {
            "id": _master_id(data, "id", "wijk"),
            "name": _text(data.get("name")),
            "municipality": _municipality(code),
        }

    # -- checking ------------------------------------------------------------------------------------

    def _parsed(self) -> Instrument | None:
        try:
            return load_instrument(self.doc)
        except InvalidInstrument as error:
            for problem in error.problems:
                self.reader.errors.append(self._placed(problem))
            return None

    def _placed(self, problem: Problem) -> Problem:
        """The domain's problem at the key of Eva's file it was read from."""
        for domain_path in sorted(self.sources, key=len, reverse=True):
            if problem.path == domain_path or problem.path.startswith((f"{domain_path}.", f"{domain_path}[")):
                path = self.sources[domain_path] + problem.path[len(domain_path) :]
                return Problem(path, problem.label, problem.code, problem.said, problem.severity)
        head = problem.path[2:].split(".", 1)[0].split("[", 1)[0]
        key = _HOME[self.shape].get(head, head)
        return Problem(
            f"{self.path}.{key}{problem.path[2 + len(head) :]}",
            problem.label,
            problem.code,
            problem.said,
            problem.severity,
        )


def _label(resource: str) -> str:
    return {
        "instrument": "Instrument",
        "organisation": "Organisatie",
        "owner": "Eigenaar",
        "provider": "Aanbieder",
        "contact": "Contactpersoon",
        "location": "Locatie",
        "address": "Adres",
        "target_group": "Doelgroep",
        "tile": "Tegel",
        "client_characteristic": "Klantkenmerk",
        "group_form": "Groep/individueel",
        "implementation": "Uitvoeringsvorm",
        "registration_code": "Registratiecode",
        "link": "Link",
        "download": "Download",
        "video": "Video",
        "region": "Regio",
        "township": "Gemeente",
        "neighbourhood": "Wijk",
        "township_part": "Wijk",
        "theme": "Thema",
    }.get(resource, resource)


def _master_id(data: Mapping[str, Any], key: str, kind: str) -> object:
    """An id for master data: Eva's slug or uuid as it is, a database number as ``eva-<kind>-<number>``."""
    value = data.get(key)
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return f"eva-{kind}-{value}"
    if isinstance(value, str) and key == "id" and value.strip().isdigit():
        return f"eva-{kind}-{value.strip()}"
    if value is None and key != "id" and isinstance(data.get("id"), int):
        return f"eva-{kind}-{data['id']}"
    return value


def _municipality(code: object) -> object:
    if isinstance(code, str):
        code = code.strip().upper()
        return f"GM{code}" if code.isdigit() and len(code) == 4 else code  # CBS codes have four digits
    return code


def _group_form(name: str, _path: str) -> str | None:
    for form in GroupForm:
        if _loose(name) in (_loose(form.label), form.key):
            return form.key
    return None


def _location_type(name: str) -> str | None:
    from eva_core.domain import LocationType  # noqa: PLC0415 - only for names

    for kind in LocationType:
        if _loose(name) in (_loose(kind.label), _loose(kind.key)):
            return kind.key
    return None
