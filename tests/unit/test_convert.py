"""Reading and writing JSON: strict, complete in its reports, and versioned."""

import json
import pickle

import pytest

from eva_core import (
    InvalidInstrument,
    dump_catalogue,
    dump_instrument,
    in_language,
    load_catalogue,
    load_instrument,
    validate_instrument,
)
from eva_core.convert import FORMAT_NAME, FORMAT_VERSION, InvalidJson, JsonSyntaxError, load_profile, parse_json
from eva_core.domain import EvaError, InvalidProfile, Severity, UnsupportedFormat
from tests.helpers import a_document, an_instrument


def errors_of(document):
    with pytest.raises(InvalidInstrument) as caught:
        load_instrument(document)
    return [(p.path, p.label, p.code) for p in caught.value.problems]


def test_a_document_loads_to_the_instrument_it_came_from():
    assert an_instrument() == load_instrument(a_document())


def test_dump_leaves_out_defaults_and_writes_keys_sorted_by_format_order():
    document = dump_instrument(an_instrument())

    assert ["plaatsing", "nazorg"] == document["tiles"]
    assert "publish_from" not in document
    assert "contacts" not in document


@pytest.mark.parametrize(
    ("key", "value", "path", "label"),
    [
        ("name", 3, "$.name", "Naam instrument"),
        ("name", None, "$.name", "Naam instrument"),
        ("name", ["Jobcoaching"], "$.name", "Naam instrument"),
        ("publish", "ja", "$.publish", "Publiceren"),
        ("publish", 1, "$.publish", "Publiceren"),
        ("total_duration_value", "12", "$.total_duration_value", "Totale duur"),
        ("total_duration_value", 12.0, "$.total_duration_value", "Totale duur"),
        ("intensity_hours_per_week", True, "$.intensity_hours_per_week", "Intensiteit"),
        ("publish_from", "01-02-2025", "$.publish_from", "Publiceer vanaf"),
        ("publish_from", "2025-02-30", "$.publish_from", "Publiceer vanaf"),
        ("publish_from", "2025-02-01T10:00:00", "$.publish_from", "Publiceer vanaf"),
        ("publish_from", 20250201, "$.publish_from", "Publiceer vanaf"),
        ("total_costs", "1.234,56", "$.total_costs", "Totale kosten"),
        ("total_costs", "€ 12", "$.total_costs", "Totale kosten"),
        ("tiles", "werk_fit", "$.tiles", "Tegels werklandschap"),
        ("organisation", "gm-utrecht", "$.organisation", "Organisatie"),
    ],
)
def test_nothing_is_coerced(key, value, path, label):
    assert [(path, label, "type")] == errors_of(a_document(**{key: value}))


@pytest.mark.parametrize(("value", "expected"), [("12.50", "12.50"), (12, "12.00"), (12.5, "12.50"), ("0", "0.00")])
def test_amounts_are_read_from_text_or_numbers_and_written_as_text(value, expected):
    instrument = load_instrument(a_document(total_costs=value))

    assert expected == dump_instrument(instrument)["total_costs"]


def test_unknown_keys_are_errors_not_dropped():
    assert [("$.tegels", "tegels", "unknown-field")] == errors_of(a_document(tegels=["werk_fit"]))


def test_missing_required_keys_are_named():
    problems = errors_of(a_document(name=..., organisation=...))

    assert {("$.name", "Naam instrument", "required"), ("$.organisation", "Organisatie", "required")} == set(problems)


def test_unknown_choice_suggests_the_key_for_a_label():
    with pytest.raises(InvalidInstrument) as caught:
        load_instrument(a_document(tiles=["werk_fit", "Werk fit"]))

    [problem] = caught.value.problems
    assert ("$.tiles[1]", "Tegels werklandschap", "unknown-choice") == (
        problem.path,
        problem.label,
        problem.code,
    )
    assert "werk_fit" == problem.params["key"]
    assert "bedoel je 'werk_fit'?" in problem.message


def test_a_choice_listed_twice_is_reported():
    assert [("$.tiles[1]", "Tegels werklandschap", "duplicate")] == errors_of(a_document(tiles=["nazorg", "nazorg"]))


def test_nested_problems_carry_the_full_path_and_their_own_label():
    document = a_document(
        locations=[
            {"name": "Kantoor", "type": "adres"},
            {
                "name": "Werkplaats",
                "type": "fabriek",
                "address": {"id": "a", "street": "X", "house_number": "1", "postcode": "1234ab", "city": "Y"},
            },
        ]
    )

    assert [
        ("$.locations[1].type", "Type", "unknown-choice"),
        ("$.locations[1].address.postcode", "Postcode", "postcode"),
    ] == errors_of(document)


def test_type_errors_and_rule_errors_come_together():
    document = a_document(
        name=3,
        summary="x" * 501,
        execution_forms=[],
        extra=True,
        contacts=[{"person": {"id": "c", "name": "Jan", "email": "jan@"}, "role": "baas"}],
    )

    assert {
        ("$.extra", "extra", "unknown-field"),
        ("$.name", "Naam instrument", "type"),
        ("$.summary", "Samenvatting", "too-long"),
        ("$.execution_forms", "Uitvoeringsvorm", "required"),
        ("$.contacts[0].person.email", "Mail", "email"),
        ("$.contacts[0].role", "Intern/extern", "unknown-choice"),
    } == set(errors_of(document))


def test_validate_reports_warnings_apart_from_errors():
    ok = validate_instrument(a_document(target_groups=[{"id": "a", "name": "algemeen"}]))
    broken = validate_instrument(a_document(name="", target_groups=[{"id": "a", "name": "Algemeen"}]))

    assert ok.ok
    assert [] == list(ok.errors)
    assert ["$.target_groups[0].name"] == [w.path for w in ok.warnings]
    assert all(w.severity is Severity.WARNING for w in ok.warnings)
    assert not broken.ok
    assert ["$.name"] == [e.path for e in broken.errors]
    assert ["$.target_groups[0].name"] == [w.path for w in broken.warnings]


def test_a_catalogue_carries_format_name_and_version():
    document = dump_catalogue([an_instrument()])

    assert (FORMAT_NAME, FORMAT_VERSION) == (document["format"], document["version"])
    assert (an_instrument(),) == load_catalogue(json.loads(json.dumps(document)))


def test_a_catalogue_reports_problems_of_every_instrument_with_their_index():
    document = dump_catalogue([an_instrument(id="a"), an_instrument(id="b")])
    document["instruments"][0]["name"] = ""
    document["instruments"][1]["summary"] = "x" * 600
    document["instruments"].append(dump_instrument(an_instrument(id="a")))

    with pytest.raises(InvalidInstrument) as caught:
        load_catalogue(document)

    assert [
        ("$.instruments[0].name", "required"),
        ("$.instruments[1].summary", "too-long"),
        ("$.instruments[2].id", "duplicate"),
    ] == [(p.path, p.code) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ([], "verwacht een document met instrumenten"),
        ({"format": "iets anders", "version": 1, "instruments": []}, "geen document met instrumenten"),
        ({"format": FORMAT_NAME, "version": FORMAT_VERSION + 1, "instruments": []}, "werk eva_core bij"),
        ({"format": FORMAT_NAME, "version": "1", "instruments": []}, "geheel getal"),
        ({"format": FORMAT_NAME, "version": 1, "instruments": {}}, "moet een lijst zijn"),
        (
            {"format": FORMAT_NAME, "version": 1, "instruments": [], "x": 1},
            "onbekende sleutels bovenaan het document: x",
        ),
    ],
)
def test_documents_of_another_format_or_a_newer_version_are_refused(document, message):
    with pytest.raises(UnsupportedFormat, match=message) as caught:
        load_catalogue(document)

    assert "unsupported-format" == caught.value.code


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"a": 1, "a": 2}', "staat twee keer in één object"),
        ('{"a": NaN}', "NaN is geen getal in JSON"),
        ('{"a": Infinity}', "Infinity is geen getal in JSON"),
    ],
)
def test_parse_json_refuses_what_stdlib_json_lets_through(text, message):
    with pytest.raises(InvalidJson, match=message) as caught:
        parse_json(text)

    assert "invalid-json" == caught.value.code
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, EvaError)


@pytest.mark.parametrize(
    ("text", "line", "column"), [("{", 1, 2), ('{\n  "a": 1,,\n}', 2, 10), (b"[1, 2", 1, 6), ("", 1, 1)]
)
def test_broken_json_is_said_in_dutch_with_its_place_and_is_still_a_json_decode_error(text, line, column):
    with pytest.raises(JsonSyntaxError) as caught:
        parse_json(text)

    error = caught.value
    assert isinstance(error, json.JSONDecodeError)
    assert isinstance(error, InvalidJson)
    assert (line, column) == (error.lineno, error.colno)
    assert f"dit is geen geldige JSON (regel {line}, kolom {column})" == str(error)
    assert "invalid-json" == error.code
    assert str(pickle.loads(pickle.dumps(error))) == str(error)
    with in_language("en"):
        assert f"this is not valid JSON (line {line}, column {column})" == str(error)


def test_bytes_that_are_no_text_are_invalid_json():
    with pytest.raises(InvalidJson, match="geen tekst in UTF-8"):
        parse_json(b"\xff\xfe\xff")


def test_errors_survive_pickling():
    import pickle

    with pytest.raises(InvalidInstrument) as caught:
        load_instrument(a_document(name=""))

    copy = pickle.loads(pickle.dumps(caught.value))
    assert caught.value.problems == copy.problems


MARKER = "BSN123456782"


@pytest.mark.parametrize(
    ("data", "part"),
    [
        ({"needs": {MARKER: 1}}, "needs"),
        ({"criteria": {"place": {"municipality": 3}}}, "municipality"),
        ({"criteria": {"max_costs": MARKER}}, "max_costs"),
        ({"tiles": [MARKER]}, "tiles"),
        ({MARKER: "x"}, "1 onbekend veld"),
        ([MARKER], "het profiel als geheel"),
        ({"needs": {"basisvaardigheden": -4.25}}, "negatief"),
    ],
)
def test_a_broken_profile_names_its_fields_never_its_values(data, part):
    with pytest.raises(InvalidProfile) as caught:
        load_profile(data)

    error = caught.value
    assert isinstance(error, EvaError)
    assert "invalid-profile" == error.code
    assert part in str(error)
    assert MARKER not in str(error) + repr(error.said) + repr(error.args)
    assert "4.25" not in str(error)
    assert error.__cause__ is None
    assert error.__context__ is None or error.__suppress_context__


def test_a_linked_record_read_again_is_shared_and_one_with_a_problem_is_reported_each_time():
    """Rows repeat their organisation and provider: read once, shared (records are frozen)."""
    first, second = load_instrument(a_document(id="een")), load_instrument(a_document(id="twee"))
    assert first.organisation is second.organisation
    assert first.provider is second.provider

    broken = {**a_document()["organisation"], "name": ""}
    assert errors_of(a_document(organisation=broken)) == errors_of(a_document(organisation=broken))
    assert errors_of(a_document(organisation=broken))
