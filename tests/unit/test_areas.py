"""Geography: the bundled CBS data, finding areas by code or name, herindelingen, CBS exports and the area rule."""

import datetime as dt
import json
import pickle

import pytest
import sqlalchemy as sa

from eva_core import ClientProfile, Criteria, EvaError, validate_instrument
from eva_core.areas import (
    ATTRIBUTION,
    BUNDLED_YEARS,
    AmbiguousArea,
    AreaClassification,
    AreaMismatch,
    InvalidAreaData,
    MergedMunicipality,
    Merger,
    Municipality,
    Region,
    UnknownArea,
    bundled_areas,
    bundled_mergers,
    load_cbs,
    load_mergers,
)
from eva_core.domain import District, Place, Severity
from eva_core.search import CatalogueIndex
from tests.helpers import a_document, an_instrument

OVERVECHT = District("overvecht", "Overvecht", "GM0344")
ZUILEN = District("zuilen", "Zuilen", "GM0344")


# The bundled data


def test_the_bundled_years_and_their_counts():
    first, latest = (bundled_areas(year) for year in BUNDLED_YEARS)

    assert (2021, 352, 35) == (first.year, len(first.municipalities), len(first.regions))
    assert (2023, 342, 35) == (latest.year, len(latest.municipalities), len(latest.regions))
    assert latest is bundled_areas()
    assert "CC BY 4.0" in ATTRIBUTION
    assert "CC BY 4.0" in latest.source


def test_2023_is_2021_with_the_herindelingen_applied():
    """The build script's derivation, repeated from the shipped data: the two files agree."""
    latest = bundled_areas()

    assert latest == bundled_areas(2021).after(bundled_mergers(), year=2023, source=latest.source)
    assert 14 == len(bundled_mergers())
    assert "AM15" == latest.region_of("GM1980")  # Dijk en Waard, where Heerhugowaard and Langedijk lay
    assert "AM18" == latest.region_of("GM0457")  # Weesp (AM12 in 2021) is now part of Amsterdam


def test_a_year_that_does_not_ship_is_a_clear_error():
    with pytest.raises(InvalidAreaData, match="geen gebiedsindeling 2030") as caught:
        bundled_areas(2030)

    assert "no-bundled-areas" == caught.value.code


def test_the_classification_knows_municipalities_and_their_region(areas):
    assert "AM13" == areas.region_of("GM0344")
    assert "Midden-Utrecht" == areas.name_of("AM13")
    assert "Utrecht" == areas.name_of("GM0344")
    assert "Weesp" == areas.name_of("GM0457")
    assert areas.region_of("GM9999") is None
    assert "GM0344" in [m.code for m in areas.municipalities_in("AM13")]


# Finding an area


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("GM0344", "GM0344"),
        ("gm0344", "GM0344"),
        ("Utrecht", "GM0344"),
        ("  UTRECHT ", "GM0344"),
        ("'s-Gravenhage", "GM0518"),
        ("’S-GRAVENHAGE", "GM0518"),
        ("Súdwest-Fryslân", "GM1900"),
        ("sudwest-fryslan", "GM1900"),
        ("Bergen (L.)", "GM0893"),
    ],
)
def test_a_municipality_by_code_or_name_in_any_case_and_accent(areas, text, code):
    assert code == areas.municipality(text).code


def test_an_ambiguous_name_lists_every_candidate(areas):
    with pytest.raises(AmbiguousArea) as caught:
        areas.municipality("Bergen")

    assert {"GM0373", "GM0893"} == {c.code for c in caught.value.candidates}
    assert "ambiguous-area" == caught.value.code
    assert "Bergen (NH.) (GM0373)" in str(caught.value)


def test_a_name_a_municipality_and_a_region_share_is_ambiguous_as_an_area(areas):
    assert "GM0307" == areas.municipality("Amersfoort").code
    assert "AM14" == areas.region("Amersfoort").code
    with pytest.raises(AmbiguousArea, match=r"gemeente Amersfoort .*arbeidsmarktregio Amersfoort"):
        areas.area("Amersfoort")


def test_an_unknown_name_suggests_close_ones(areas):
    with pytest.raises(UnknownArea, match="Bedoel je Utrecht \\(GM0344\\)") as caught:
        areas.municipality("Utreht")

    assert [Municipality("GM0344", "Utrecht", "AM13")] == list(caught.value.candidates)


@pytest.mark.parametrize(
    ("text", "code"),
    [("GM9999", "unknown-municipality"), ("AM99", "unknown-region"), ("Atlantis", "unknown-area")],
)
def test_an_unknown_code_or_name_is_an_eva_error_with_a_code(areas, text, code):
    with pytest.raises(UnknownArea) as caught:
        areas.area(text)

    assert isinstance(caught.value, EvaError)
    assert isinstance(caught.value, ValueError)
    assert code == caught.value.code
    assert "CBS-indeling 2023" in str(caught.value)
    assert caught.value.code == pickle.loads(pickle.dumps(caught.value)).code


@pytest.mark.parametrize("text", ["GM0457", "Weesp"])
def test_an_abolished_municipality_gives_its_successor_and_says_so(areas, text):
    with pytest.warns(MergedMunicipality) as said:
        found = areas.municipality(text)

    assert "GM0363" == found.code
    message = str(said[0].message)
    assert "GM0457 (Weesp)" in message
    assert "GM0363 (Amsterdam)" in message
    assert "24 maart 2022" in message


# Places and the area rule


def test_a_place_knows_what_contains_it_and_what_merged_into_it(areas):
    assert Place(municipality="GM0344", region="AM13") == areas.place(municipality="Utrecht")
    amsterdam = areas.place(municipality="GM0363")
    assert {"GM0457"} == amsterdam.former_codes
    assert "GM0344" in areas.place(region="Midden-Utrecht").region_municipalities
    assert Place("overvecht", "GM0344", "AM13") == areas.place(district="overvecht", district_municipality="GM0344")


def test_levels_that_do_not_nest_are_refused(areas):
    with pytest.raises(AreaMismatch, match="niet in arbeidsmarktregio"):
        areas.place(municipality="GM0344", region="AM14")
    with pytest.raises(AreaMismatch, match="Wijk 'overvecht' ligt in Utrecht"):
        areas.place(municipality="GM0307", district="overvecht", district_municipality="GM0344")


REGIONAL = an_instrument(id="regionaal", available_regions=["AM13"])
MUNICIPAL = an_instrument(id="gemeentelijk", available_municipalities=["GM0344"])
IN_OVERVECHT = an_instrument(id="overvecht", available_districts=[OVERVECHT])
IN_ZEIST = an_instrument(id="zeist", available_municipalities=["GM0355"])
IN_WEESP = an_instrument(id="weesp", available_municipalities=["GM0457"])
EVERYWHERE = an_instrument(id="overal")
CATALOGUE = [REGIONAL, MUNICIPAL, IN_OVERVECHT, IN_ZEIST, IN_WEESP, EVERYWHERE]


@pytest.mark.parametrize(
    ("where", "seen"),
    [
        # A client in a district sees that district, its municipality and region; not another district.
        ({"district": "overvecht", "district_municipality": "GM0344"}, {"regionaal", "gemeentelijk", "overvecht"}),
        ({"district": "zuilen", "district_municipality": "GM0344"}, {"regionaal", "gemeentelijk"}),
        # Known only by municipality: what one of its districts offers may be theirs.
        ({"municipality": "GM0344"}, {"regionaal", "gemeentelijk", "overvecht"}),
        ({"municipality": "GM0355"}, {"regionaal", "zeist"}),
        # A whole region: everything offered anywhere inside it.
        ({"region": "AM13"}, {"regionaal", "gemeentelijk", "overvecht", "zeist"}),
        # Amsterdam finds what Weesp offered before the herindeling.
        ({"municipality": "GM0363"}, {"weesp"}),
        ({"region": "AM18"}, {"weesp"}),
    ],
)
def test_the_area_rule_case_by_case(areas, where, seen):
    place = areas.place(**where)

    assert seen | {"overal"} == {i.id for i in CATALOGUE if place.offers(i)}


def test_a_place_made_by_hand_knows_only_what_it_is_given():
    assert {"gemeentelijk", "overvecht", "overal"} == {
        i.id for i in CATALOGUE if Place(municipality="GM0344").offers(i)
    }


def test_a_client_known_by_district_is_placed_in_its_municipality_through_the_catalogue():
    index = CatalogueIndex(CATALOGUE, text=False)
    client = ClientProfile(criteria=Criteria(place=Place(district="overvecht"), published_on=dt.date(2025, 6, 1)))

    assert Place("overvecht", "GM0344", "AM13") == index.place(client)
    assert {"regionaal", "gemeentelijk", "overvecht", "overal"} == {m.instrument.id for m in index.rank(client)}


def test_an_unknown_municipality_in_a_profile_is_an_error_that_does_not_repeat_it():
    with pytest.raises(UnknownArea) as caught:
        CatalogueIndex(CATALOGUE).rank(ClientProfile(criteria=Criteria(place=Place(municipality="GM9999"))))

    assert "unknown-municipality" == caught.value.code
    assert "GM9999" not in str(caught.value)  # a client's place is personal data (#11 item 10)


def test_a_query_finds_the_same_in_memory_and_in_sql(areas):
    from eva_core.storage import SqlRepository, add_catalogue

    repository = SqlRepository("sqlite://")
    add_catalogue(repository, CATALOGUE, label="test")
    query = Criteria(place=areas.place(municipality="Utrecht"))

    assert ["gemeentelijk", "overal", "overvecht", "regionaal"] == [s.id for s in repository.query(query)]


# Checking instruments against a classification


def test_unknown_and_abolished_codes_in_an_instrument(areas):
    instrument = an_instrument(
        available_regions=["AM99", "AM13"],
        available_municipalities=["GM9999", "GM0457", "GM0344"],
        available_districts=[District("dorp", "Dorp", "GM0370")],
    )

    found = {(p.path, p.code, p.severity) for p in areas.problems(instrument)}

    assert {
        ("$.available_regions", "unknown-region", Severity.ERROR),
        ("$.available_municipalities", "unknown-municipality", Severity.ERROR),
        ("$.available_municipalities", "merged-municipality", Severity.WARNING),
        ("$.available_districts[0].municipality", "merged-municipality", Severity.WARNING),
    } == found
    assert instrument.available_municipalities == {"GM9999", "GM0457", "GM0344"}  # never rewritten


def test_validation_with_a_classification_reports_area_problems(areas):
    document = a_document(available_municipalities=["GM0457", "GM9999"])

    assert validate_instrument(document).ok
    report = validate_instrument(document, areas=areas)
    assert ["unknown-municipality"] == [p.code for p in report.errors]
    assert ["merged-municipality"] == [p.code for p in report.warnings]
    assert "Amsterdam" in report.warnings[0].message


def test_a_broken_classification_reports_every_problem():
    with pytest.raises(InvalidAreaData) as caught:
        AreaClassification(
            2024,
            [Municipality("GM1", "Nergens", "AM01"), Municipality("GM0002", "Ergens", "AM77")],
            [Region("AM01", "Een")],
            [Merger("GM0002", "Ergens", "GM0003", "Verder", dt.date(2024, 1, 1))],
        )

    message = str(caught.value)
    assert "'GM1' is geen gemeentecode" in message
    assert "onbekende arbeidsmarktregio 'AM77'" in message
    assert "GM0002 is opgeheven maar staat nog in de lijst" in message


# Reading what CBS publishes


def _odata(rows):
    padded = [
        {k: f"{v:<10}" if k.startswith("Code") or k == "RegioS" else f"{v:<50}" for k, v in r.items()} for r in rows
    ]
    return {"odata.metadata": "https://opendata.cbs.nl/ODataApi/OData/86059NED/$metadata", "value": padded}


CBS_ROWS = [
    {
        "ID": 0,
        "RegioS": "GM0344",
        "Code_1": "GM0344",
        "Naam_2": "Utrecht",
        "Code_6": "AM13",
        "Naam_7": "Midden-Utrecht",
    },
    {
        "ID": 1,
        "RegioS": "GM0363",
        "Code_1": "GM0363",
        "Naam_2": "Amsterdam",
        "Code_6": "AM18",
        "Naam_7": "Groot Amsterdam",
    },
    {
        "ID": 2,
        "RegioS": "GM1900",
        "Code_1": "GM1900",
        "Naam_2": "Súdwest-Fryslân",
        "Code_6": "AM02",
        "Naam_7": "Friesland",
    },
]


def test_a_cbs_odata_json_export(tmp_path):
    path = tmp_path / "Gebieden_in_Nederland_2025.json"
    path.write_text(json.dumps(_odata([{k: str(v) for k, v in r.items()} for r in CBS_ROWS])), encoding="utf-8")

    areas = load_cbs(path)

    assert 2025 == areas.year
    assert Municipality("GM1900", "Súdwest-Fryslân", "AM02") == areas.municipalities["GM1900"]
    assert Region("AM18", "Groot Amsterdam") == areas.regions["AM18"]
    assert "GM0457" in areas.mergers  # the herindelingen eva_core knows still lead to the export's municipalities
    assert "GM0370" not in areas.mergers  # Beemster's successor Purmerend is not in this small export
    with pytest.warns(MergedMunicipality):
        assert "GM0363" == areas.municipality("Weesp").code


def test_a_cbs_csv_export_with_semicolons_and_windows_encoding(tmp_path):
    lines = ["ID;RegioS;Code_1;Naam_2;Code_6;Naam_7"]
    lines += [";".join(str(v) for v in r.values()) for r in CBS_ROWS]
    path = tmp_path / "gebieden.csv"
    path.write_bytes("\r\n".join(lines).encode("cp1252"))

    areas = load_cbs(path, year=2024)

    assert "Súdwest-Fryslân" == areas.name_of("GM1900")
    assert 2024 == areas.year


def test_a_csv_with_labelled_headers(tmp_path):
    path = tmp_path / "gemeenten-2026.csv"
    path.write_text(
        "Gemeentecode,Gemeentenaam,Arbeidsmarktregiocode,Arbeidsmarktregionaam\n"
        "GM0344,Utrecht,AM13,Midden-Utrecht\nGM0307,Amersfoort,AM14,Amersfoort\n",
        encoding="utf-8-sig",
    )

    assert ["GM0307", "GM0344"] == sorted(load_cbs(path).municipalities)


def test_an_export_with_the_herindelingen_since(tmp_path):
    export = tmp_path / "gebieden-2025.json"
    export.write_text(json.dumps([r for r in CBS_ROWS if r["Code_1"] != "GM1900"]), encoding="utf-8")
    mergers = tmp_path / "herindelingen.json"
    mergers.write_text(
        json.dumps(
            [
                {
                    "from_code": "GM1900",
                    "from_name": "Súdwest-Fryslân",
                    "to_code": "GM0344",
                    "to_name": "Utrecht",
                    "effective": "2025-01-01",
                }
            ]
        ),
        encoding="utf-8",
    )

    areas = load_cbs(export, mergers=mergers)

    assert "GM0344" == areas.successor("GM1900")
    assert [Merger("GM1900", "Súdwest-Fryslân", "GM0344", "Utrecht", dt.date(2025, 1, 1))] == list(
        load_mergers(mergers)
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("gebieden.csv", "a;b\n1;2\n", "geen gebiedsindeling|Het jaar"),
        ("gebieden-2024.csv", "a;b\n1;2\n", "geen kolom met gemeentecodes"),
        ("gebieden-2024.csv", "code;name\nGM0344;Utrecht\n", "arbeidsmarktregiocodes"),
        ("gebieden-2024.json", "{not json", "geen geldige JSON"),
        ("gebieden-2024.json", "", "bevat geen rijen"),
    ],
)
def test_a_broken_export_is_one_clear_error(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")

    with pytest.raises(InvalidAreaData, match=message):
        load_cbs(path)


def test_a_missing_export_is_an_eva_error_not_an_os_error(tmp_path):
    with pytest.raises(InvalidAreaData, match=r"weg-2024.csv bestaat niet") as caught:
        load_cbs(tmp_path / "weg-2024.csv")

    assert "unreadable-area-file" == caught.value.code


# Stored data is migrated, never rewritten


def test_databases_of_revision_0003_get_the_rows_of_the_area_rule(tmp_path):
    """A database made before revision 0004 lacks the in-municipality rows; the upgrade writes them."""
    from eva_core.convert import dump_instrument
    from eva_core.storage import SqlRepository, add_catalogue, upgrade

    url = f"sqlite:///{tmp_path / 'eva.db'}"
    repository = SqlRepository(url)
    add_catalogue(repository, [IN_OVERVECHT], label="test")
    repository.close()
    engine = sa.create_engine(url)
    with engine.begin() as connection:  # as revision 0003 left it
        connection.exec_driver_sql("DELETE FROM eva_instrument_area WHERE kind = 'in-municipality'")
        for later in (  # what revision 0005 added
            "DROP INDEX ix_eva_history_organisation",
            "DROP INDEX ix_eva_history_at",
            "ALTER TABLE eva_history DROP COLUMN professional",
        ):
            connection.exec_driver_sql(later)
        connection.exec_driver_sql("UPDATE eva_alembic_version SET version_num = '0003'")
    engine.dispose()
    utrecht = Criteria(place=bundled_areas().place(municipality="GM0344"))

    assert "0005" == upgrade(url)
    found = SqlRepository(url).query(utrecht)
    assert [dump_instrument(IN_OVERVECHT)] == [dump_instrument(s.instrument) for s in found]
