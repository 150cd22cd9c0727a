"""Reading Eva's own export: the shipped examples, every key accounted for, round trips and hostile input."""

import datetime as dt
import json
from decimal import Decimal
from importlib import resources

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from eva_core.convert import dump_instrument
from eva_core.domain import (
    ClientCharacteristic,
    ContactRole,
    ExecutionForm,
    Instrument,
    Location,
    LocationType,
    Severity,
    Tile,
)
from eva_core.files import EVA_FIELDS, read_eva_export
from eva_core.files._eva import _HTML, _text
from eva_core.testing import instruments

DATA = resources.files("eva_core.files").joinpath("_data")


def _example(shape):
    return DATA.joinpath(f"eva-export-{shape}.json").read_bytes()


def _reported(report, code=None):
    """The generic paths of the keys the report names; worked-out keys are named together, per record."""
    found = set()
    for p in report.warnings:
        if code is not None and p.code != code:
            continue
        if p.code == "eva-field-derived":
            found |= {f"{_generic(p.path)}.{key}" for key in p.params["fields"]}
        else:
            found.add(_generic(p.path))
    return found


def _generic(path):
    import re

    return re.sub(r"\[\d+\]", "[*]", path)


# -- the 2023 example -------------------------------------------------------------------------------


def test_the_2023_example_imports_every_instrument_without_errors():
    found, report = read_eva_export(_example("2023"))

    assert report.ok, [str(p) for p in report.errors]
    assert dict(report.shapes) == {"2023": 2}
    assert [i.name for i in found] == ["Taalmaatje aan huis", "Werkervaringsplek groen"]
    assert report.positions == (1, 2)


def test_the_2023_example_reads_every_part_of_an_instrument():
    taal = read_eva_export(_example("2023"))[0][0]

    assert taal.id == "6f1c2a9e-8b1d-4c55-9a51-1e0c2f3a4b5c"
    assert (taal.organisation.id, taal.organisation.name) == ("gemeente-voorbeeldstad", "Gemeente Voorbeeldstad")
    assert taal.provider.id == "0b6c3d2e-1f4a-4b8c-9d7e-5a6b7c8d9e0f"
    assert taal.summary == "Een taalmaatje oefent thuis Nederlands met de deelnemer."
    assert taal.method == "Elke week twee lessen van een uur:\n- spreken\n- luisteren"
    assert (taal.publish, taal.publish_from, taal.publish_until) == (True, dt.date(2023, 3, 1), dt.date(2024, 12, 31))
    assert (taal.total_duration_value, taal.total_duration_unit.key) == (12, "week")
    assert (taal.intensity_hours_per_week, taal.total_costs) == (4, Decimal("1250.00"))
    assert taal.execution_forms == {ExecutionForm.COACHING}
    assert taal.tiles == {Tile.MAATSCHAPPELIJK_FIT}
    assert taal.client_characteristics == {
        ClientCharacteristic.BASISVAARDIGHEDEN,
        ClientCharacteristic.SOCIALE_CULTURELE_VAARDIGHEDEN,  # Eva spells it "Sociale- en culturele"
    }
    (contact,) = taal.contacts
    assert (contact.person.id, contact.role, contact.label) == ("eva-contact-44", ContactRole.INTERN, "Klantregisseur")
    home, taalhuis = taal.locations
    assert (home.type, home.in_use) == (LocationType.KLANT_THUIS, True)
    assert (taalhuis.type, taalhuis.in_use, taalhuis.address.postcode) == (LocationType.AANBIEDER, False, "1234 AB")
    assert [(g.name, g.organisation) for g in taal.target_groups] == [("Nieuwkomers", "gemeente-voorbeeldstad")]
    assert [v.url for v in taal.videos] == ["https://www.youtube.com/watch?v=dQw4w9WgXcQ"]
    assert taal.available_municipalities == {"GM0999"}
    assert [(d.name, d.municipality) for d in taal.available_districts] == [("Oost", "GM0999")]


UNMAPPED_2023 = {
    "$[*].import_mark",
    "$[*].ratings",
    "$[*].parent_instrument",
    "$[*].organisation.type",
    "$[*].organisation.localParty",
    "$[*].provider.slug",
    "$[*].provider.import_mark",
    "$[*].provider.organisation",
    "$[*].provider.address",
    "$[*].provider.contacts",
    "$[*].locations[*].address.name",
    "$[*].locations[*].address.postbusnummer",
    "$[*].target_groups[*].code",
    "$[*].registration_codes[*].is_displayed",
}


def test_the_2023_report_lists_every_field_without_a_place():
    report = read_eva_export(_example("2023"))[1]

    assert _reported(report, "eva-field-unmapped") == UNMAPPED_2023
    assert all(p.severity is Severity.WARNING for p in report.warnings)
    ratings = next(p for p in report.warnings if p.path == "$[0].ratings")
    assert ratings.label == "beoordelingen"
    assert ratings.message == "'ratings' heeft geen plaats in het Instrumentenformat 2023 en is niet ingelezen (1 keer)"
    tiles = next(p for p in report.warnings if p.path == "$[0].tiles[0]")
    assert (tiles.code, tiles.label) == ("eva-field-derived", "Tegel")
    assert tiles.message == (
        "Eva rekent CdWerklandschapTegel, name, sub_title, description, list en position zelf uit "
        "(uit andere velden of uit vaste lijsten); eva_core leest ze niet in (2 keer)"
    )


# Which Eva resource a key's value is, by the key that holds it.
_RESOURCES = {
    "organisation": "organisation",
    "owner": "owner",
    "provider": "provider",
    "contacts": "contact",
    "locations": "location",
    "address": "address",
    "target_groups": "target_group",
    "tiles": "tile",
    "client_characteristics": "client_characteristic",
    "group_forms": "group_form",
    "implementation": "implementation",
    "registration_codes": "registration_code",
    "links": "link",
    "downloads": "download",
    "videos": "video",
    "available_regions": "region",
    "regions": "region",
    "available_townships": "township",
    "townships": "township",
    "available_neighbourhoods": "neighbourhood",
    "townshipParts": "township_part",
    "themes": "theme",
}
_FATES = {(f.resource, f.key): f.fate for f in EVA_FIELDS}


def _keys(value, path, resource):
    """(generic path, fate) of every key under a record that eva_core reads, down to the reported ones."""
    items = value if isinstance(value, list) else [value]
    for item in items:
        if not isinstance(item, dict):
            continue
        for key, inner in item.items():
            if inner in (None, "", [], {}):
                continue
            where = f"{path}{'[*]' if isinstance(value, list) else ''}.{key}"
            fate = _FATES.get((resource, key), "unknown")
            yield where, fate
            if fate == "mapped" and key in _RESOURCES:
                yield from _keys(inner, where, _RESOURCES[key])


@pytest.mark.parametrize("shape", ["2022", "2023"])
def test_every_key_with_a_value_is_read_or_reported(shape):
    """Nothing is dropped silently: a key that is not read, or is not known at all, is in the report."""
    data = json.loads(_example(shape))
    report = read_eva_export(data)[1]
    reported = _reported(report)

    for where, fate in _keys(data, "$", "instrument"):
        if fate in ("unmapped", "derived", "unknown"):
            assert where in reported, where


def test_a_key_eva_core_does_not_know_is_reported_not_dropped():
    data = json.loads(_example("2023"))
    data[1]["nieuw_veld"] = "iets"
    data[1]["contacts"] = [{"id": 1, "name": "Jan", "type": {"key": "external"}, "functie": "coach"}]

    found, report = read_eva_export(data)

    assert len(found) == 2
    assert {"$[*].nieuw_veld", "$[*].contacts[*].functie"} <= _reported(report, "eva-field-unmapped")


# -- the 2022 example -------------------------------------------------------------------------------


def test_the_2022_example_is_recognised_and_read_as_e_cores_own_migration_reads_it():
    (training, vragenlijst), report = read_eva_export(_example("2022"))

    assert report.ok, [str(p) for p in report.errors]
    assert dict(report.shapes) == {"2022": 2}
    assert training.execution_forms == {ExecutionForm.BIJSCHOLING}  # Eva's 2022 "Training"
    assert training.summary == "Vijf keer oefenen met solliciteren, samen met anderen."  # from short_description
    assert training.client_characteristics == {ClientCharacteristic.SOLLICITATIEVAARDIGHEDEN}  # from a theme
    assert (training.total_duration_value, training.total_duration_unit.key) == (5, "week")  # format 1's duration
    assert training.intensity_hours_per_week == 3  # Eva's own spelling "intenstiy"
    assert training.available_regions == {"AM13"}  # a 2022 region carries its name only
    assert training.organisation.id == "gemeente-voorbeelddorp"
    assert training.provider.id == "werkcoach-voorbeelddorp"
    assert training.locations[0].type is LocationType.GEMEENTE
    assert vragenlijst.client_characteristics == {
        ClientCharacteristic.BEROEPSKEUZE,
        ClientCharacteristic.WILLEN_EN_GELOOF,  # Eva's "Willen en geloven in eigen kunnen"
    }
    assert [(d.id, d.municipality) for d in vragenlijst.available_districts] == [("eva-wijk-7", "GM0998")]


def test_a_2022_region_whose_name_is_no_region_is_a_problem_at_the_regions():
    data = json.loads(_example("2022"))
    data[0]["regions"][0]["name"] = "Nergenshuizen"

    found, report = read_eva_export(data)

    assert [i.name for i in found] == ["Vragenlijst werkwensen"]
    assert [(p.path, p.code) for p in report.errors] == [("$[0].regions", "region-code")]


def test_the_2022_report_names_the_translations_and_the_fields_without_a_place():
    report = read_eva_export(_example("2022"))[1]

    translated = {
        (p.path, p.params["value"], p.params["choice"]) for p in report.warnings if p.code == "eva-value-translated"
    }
    assert translated == {
        ("$[0].implementation.name", "Training", "(Bij)scholing"),
        ("$[0].themes[0].description", "Sollicitatie vaardigheden", "Sollicitatievaardigheden"),
    }
    assert _reported(report, "eva-field-unmapped") == {
        "$[*].owner.type",
        "$[*].provider.address",
        "$[*].location_description",
        "$[*].intensity_duration_costs_description",
        "$[*].address",
        "$[*].areas",
        "$[*].costs_unit",
        "$[*].short_description",  # the second instrument has a summary of its own
    }


# -- problems point at Eva's keys -------------------------------------------------------------------


def test_a_broken_value_is_the_domains_problem_at_evas_key():
    data = json.loads(_example("2023"))
    data[0]["contacts"][0]["email"] = "geen-adres"
    data[0]["publish_to"] = "2020-01-01"
    data[0]["locations"][1]["address"]["postcode"] = "12"
    data[0]["contacts"][0]["type"] = None
    del data[1]["uuid"]

    found, report = read_eva_export(data)

    assert found == ()
    assert {(p.path, p.code) for p in report.errors} == {
        ("$[0].contacts[0].email", "email"),
        ("$[0].publish_to", "publish-window"),
        ("$[0].locations[1].address.postcode", "postcode"),
        ("$[0].contacts[0].type", "required"),
        ("$[1].uuid", "required"),
    }


def test_an_instrument_twice_in_the_file_is_refused_the_second_time():
    data = json.loads(_example("2023"))
    data[1]["uuid"] = data[0]["uuid"]

    found, report = read_eva_export(data)

    assert len(found) == 1
    assert [(p.path, p.code) for p in report.errors] == [("$[1].uuid", "duplicate")]
    assert report.positions == (1,)


def test_a_path_and_parsed_data_read_the_same(tmp_path):
    file = tmp_path / "export.json"
    file.write_bytes(_example("2023"))

    assert read_eva_export(file) == read_eva_export(str(file)) == read_eva_export(json.loads(_example("2023")))


# -- hostile input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "code"),
    [
        (b"", "eva-unreadable"),
        (b"geen json", "eva-unreadable"),
        (b"\xff\xfe\x00", "eva-unreadable"),
        (b'[{"a": 1, "a": 2}]', "eva-unreadable"),
        (b"[NaN]", "eva-unreadable"),
        (b"[" * 200_000, "eva-unreadable"),
        (b"12", "type"),
        (b'"tekst"', "type"),
        (b"null", "type"),
        (b"[[1]]", "type"),
    ],
)
def test_input_that_is_no_eva_export_gives_a_problem_not_a_crash(source, code):
    found, report = read_eva_export(source)

    assert found == ()
    assert [p.code for p in report.errors] == [code]


def test_values_of_the_wrong_type_are_problems_at_their_key():
    hostile = {
        "uuid": 5,
        "name": {"a": 1},
        "summary": ["x"],
        "aim": "Doel",
        "method": "Werkwijze",
        "organisation": "gemeente",
        "provider": [],
        "implementation": {"name": 3},
        "tiles": "werk_fit",
        "contacts": {"a": 1},
        "locations": [1, {"name": None, "type": 7}],
        "publish": "ja",
        "publish_from": "morgen",
        "total_costs": "veel",
        "intensity_hours_per_week": 2.5,
        "available_townships": [{"code": 344}],
    }

    found, report = read_eva_export([hostile])

    assert found == ()
    paths = {p.path for p in report.errors}
    assert {"$[0].uuid", "$[0].name", "$[0].summary", "$[0].organisation", "$[0].tiles", "$[0].contacts"} <= paths
    assert {"$[0].locations[0]", "$[0].publish", "$[0].publish_from", "$[0].total_costs"} <= paths
    assert "$[0].intensity_hours_per_week" in paths
    assert all(p.path.startswith("$[0]") for p in report.errors)


def test_a_huge_text_and_deep_nesting_in_a_value_are_problems():
    deep: list = []
    for _ in range(100_000):
        deep = [deep]
    data = json.loads(_example("2023"))
    data[0]["summary"] = "x" * 1_000_000
    data[1]["name"] = deep

    found, report = read_eva_export(data)

    assert found == ()
    assert {(p.path, p.code) for p in report.errors} == {("$[0].summary", "too-long"), ("$[1].name", "type")}


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=30,
)
_keys_of_eva = st.sampled_from(sorted({f.key for f in EVA_FIELDS}))
_eva_like = st.lists(st.dictionaries(_keys_of_eva, _json, max_size=12), max_size=3)


@given(st.one_of(_json, _eva_like))
def test_any_json_gives_instruments_and_problems_never_an_exception(data):
    found, report = read_eva_export(json.dumps(data).encode())

    assert all(isinstance(i, Instrument) for i in found)
    assert all(p.path.startswith("$") for p in report.problems)


def test_the_docs_hold_the_current_mapping_table():
    """Run `python docs/_eva_table.py --write` when this fails."""
    import importlib.util
    import sys
    from pathlib import Path

    path = Path(__file__).parents[2] / "docs" / "_eva_table.py"
    spec = importlib.util.spec_from_file_location("_eva_table", path)
    table = importlib.util.module_from_spec(spec)
    sys.modules["_eva_table"] = table
    spec.loader.exec_module(table)

    assert table.render().strip("\n") == table.generated_block(table.DOC.read_text(encoding="utf-8"))
    assert all(f"`{f.key}`" in table.render() for f in EVA_FIELDS)


# -- round trip -------------------------------------------------------------------------------------

_UNIT_KEYS = {"uur": "hour", "dag": "day", "week": "week", "maand": "month"}
_LOCATION_KEYS = {"adres": "address", "aanbieder": "provider", "werkgever": "employer", "gemeente": "township"}
_LOCATION_KEYS["klant_thuis"] = "client"


def _numbered(numbers, kind, key):
    return numbers.setdefault((kind, key), len(numbers) + 1)


def _as_eva(instrument):
    """*instrument* as Eva's 2023 export writes it, and the instrument reading it should give."""
    numbers = {}

    def day(value):
        return None if value is None else f"{value.isoformat()}T00:00:00.000000Z"

    contacts = [
        {
            "id": _numbered(numbers, "contact", c.person.id),
            "name": c.person.name,
            "phone": c.person.phone,
            "email": c.person.email,
            "type": {"key": "internal" if c.role is ContactRole.INTERN else "external"},
            "label": c.label,
        }
        for c in instrument.contacts
    ]
    locations = [
        {
            "name": loc.name,
            "type": {"key": _LOCATION_KEYS[loc.type.key], "name": loc.type.label},
            "is_active": loc.in_use,
            "description": loc.description,
            "address": None
            if loc.address is None
            else {
                "id": _numbered(numbers, "adres", loc.address.id),
                "straatnaam": loc.address.street,
                "huisnummer": loc.address.house_number,
                "postcode": loc.address.postcode,
                "woonplaats": loc.address.city,
            },
        }
        for loc in instrument.locations
    ]
    eva = {
        "uuid": instrument.id,
        "name": instrument.name,
        "publish": instrument.publish,
        "publish_from": day(instrument.publish_from),
        "publish_to": day(instrument.publish_until),
        **{
            key: getattr(instrument, key)
            for key in (
                "aim",
                "summary",
                "method",
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
                "intensity_hours_per_week",
                "total_duration_value",
            )
        },
        "total_duration_unit_key": None
        if instrument.total_duration_unit is None
        else _UNIT_KEYS[instrument.total_duration_unit.key],
        "total_costs": None if instrument.total_costs is None else str(instrument.total_costs),
        "organisation": {"id": 1, "slug": instrument.organisation.id, "name": instrument.organisation.name},
        "provider": {"id": 2, "uuid": instrument.provider.id, "name": instrument.provider.name},
        "implementations": [{"name": f.label} for f in instrument.execution_forms],
        "group_forms": [{"name": g.label} for g in instrument.group_forms],
        "tiles": [{"key": t.key} for t in instrument.tiles],
        "client_characteristics": [{"name": c.label} for c in instrument.client_characteristics],
        "contacts": contacts,
        "locations": locations,
        "target_groups": [
            {
                "id": _numbered(numbers, "doelgroep", g.id),
                "description": g.name,
                "custom": g.organisation is not None,
            }
            for g in instrument.target_groups
        ],
        "registration_codes": [{"code": r.code, "label": r.label} for r in instrument.registration_codes],
        "links": [{"url": link.url, "label": link.label} for link in instrument.links],
        "downloads": [{"url": link.url, "label": link.label} for link in instrument.downloads],
        "available_regions": [{"code": code} for code in instrument.available_regions],
        "available_townships": [{"code": code} for code in instrument.available_municipalities],
        "available_neighbourhoods": [
            {"id": _numbered(numbers, "wijk", d.id), "name": d.name, "township": {"code": d.municipality}}
            for d in instrument.available_districts
        ],
    }
    expected = instrument.evolve(
        provider=instrument.provider.evolve(website=None),  # Eva keeps no website for a provider
        videos=(),  # Eva keeps YouTube ids only
        contacts=tuple(
            c.evolve(person=c.person.evolve(id=f"eva-contact-{numbers['contact', c.person.id]}"))
            for c in instrument.contacts
        ),
        locations=tuple(
            loc
            if loc.address is None
            else loc.evolve(address=loc.address.evolve(id=f"eva-adres-{numbers['adres', loc.address.id]}"))
            for loc in instrument.locations
        ),
        target_groups=tuple(
            g.evolve(id=f"eva-doelgroep-{numbers['doelgroep', g.id]}") for g in instrument.target_groups
        ),
        available_districts=tuple(
            d.evolve(id=f"eva-wijk-{numbers['wijk', d.id]}") for d in instrument.available_districts
        ),
    )
    return eva, expected


@given(instruments())
def test_an_instrument_written_the_way_eva_exports_it_reads_back_the_same(instrument):
    assume(not _HTML.search(json.dumps(dump_instrument(instrument), ensure_ascii=False)))
    eva, expected = _as_eva(instrument)

    found, report = read_eva_export(json.dumps([eva]).encode())

    assert report.errors == ()
    assert found == (expected,)


@given(st.text(st.characters(codec="utf-8", exclude_characters="<>&", exclude_categories=("Cs",)), min_size=1))
def test_a_paragraph_of_html_reads_as_its_text(text):
    assume(text.strip())

    assert _text(f"<p>{text}</p>") == " ".join(text.split())


def _as_eva_2022(instrument):
    """*instrument* as Eva's 2022 export writes it, and what reading it should give: 2022 knew less."""
    eva, expected = _as_eva(instrument)
    first_form = min(instrument.execution_forms, key=lambda f: f.order)
    for key in ("costs_description", "duration_description", "intensity_description", "implementations"):
        del eva[key]
    del eva["organisation"], eva["available_regions"], eva["available_townships"], eva["available_neighbourhoods"]
    eva |= {
        "owner": {
            "id": 1,
            "type": "Township",
            "name": instrument.organisation.name,
            "slug": instrument.organisation.id,
        },
        "intenstiy_hours_per_week": eva.pop("intensity_hours_per_week"),
        "implementation": {"id": 1, "name": first_form.label},
        "provider": {"name": instrument.provider.name, "slug": instrument.provider.id},
        "locations": [{"id": n, "name": loc.type.label} for n, loc in enumerate(instrument.locations)],
        "contacts": [{k: v for k, v in c.items() if k != "label"} for c in eva["contacts"]],
        "regions": [{"id": 1, "name": "?", "code": code} for code in instrument.available_regions],
        "townships": [{"id": 1, "code": code} for code in instrument.available_municipalities],
        "townshipParts": eva_districts(expected),
    }
    expected = expected.evolve(
        execution_forms={first_form},
        costs_description=None,
        duration_description=None,
        intensity_description=None,
        locations=tuple(Location(loc.type.label, loc.type) for loc in instrument.locations),
        contacts=tuple(c.evolve(label=None) for c in expected.contacts),
    )
    return eva, expected


def eva_districts(expected):
    return [
        {"id": int(d.id.rsplit("-", 1)[1]), "name": d.name, "township": {"code": d.municipality}}
        for d in expected.available_districts
    ]


@given(instruments())
def test_an_instrument_written_the_way_eva_exported_it_in_2022_reads_back_as_far_as_2022_knew_it(instrument):
    assume(not _HTML.search(json.dumps(dump_instrument(instrument), ensure_ascii=False)))
    eva, expected = _as_eva_2022(instrument)

    found, report = read_eva_export(json.dumps([eva]).encode())

    assert report.errors == ()
    assert dict(report.shapes) == {"2022": 1}
    assert found == (expected,)
