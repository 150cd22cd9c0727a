"""The HSDS 3.0 export: valid against the subset written from the published schema, complete, stable."""

import copy
import datetime as dt
import json
import urllib.parse

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from eva_core.cli._app import app
from eva_core.demo import DEMO_TODAY, demo_catalogue
from eva_core.domain import ClientCharacteristic, Tile, fields_of
from eva_core.hsds import MAPPED_RECORDS, MAPPING, InvalidPage, hsds_id, schema, taxonomy_terms, to_hsds
from eva_core.testing import catalogues

VALIDATOR = jsonschema.Draft202012Validator(schema(), format_checker=jsonschema.FormatChecker())


def _errors(document):
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(document)]


def _objects(document, key):
    """Every object nested under *key* anywhere in the document."""
    found = []

    def walk(value):
        if isinstance(value, dict):
            for name, item in value.items():
                if name == key:
                    found.extend(item if isinstance(item, list) else [item])
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(document)
    return found


def _terms(service, link_type):
    return {a["taxonomy_term"]["code"] for a in service["attributes"] if a["link_type"] == link_type}


def _check_urls(document):
    for service in document["contents"]:
        for url in [service.get("url"), service["organization"].get("website")]:
            if url is not None:
                parts = urllib.parse.urlsplit(url)
                assert parts.scheme in {"http", "https"}
                assert parts.netloc


def test_the_schema_names_its_source_and_is_a_valid_json_schema():
    document = schema()

    jsonschema.Draft202012Validator.check_schema(document)
    assert "openreferral/specification" in document["description"]
    assert {"organization", "service", "location", "service_at_location", "taxonomy_term"} <= set(document["$defs"])


def test_the_demo_catalogue_is_valid_hsds():
    document = to_hsds(demo_catalogue(), on=DEMO_TODAY)

    assert [] == _errors(document)
    _check_urls(document)
    published = [i for i in demo_catalogue() if i.is_published(DEMO_TODAY)]
    assert len(published) == document["total_items"] == len(document["contents"])
    assert {"active"} == {s["status"] for s in document["contents"]}


@given(catalogues(max_size=6))
def test_any_catalogue_is_valid_hsds_with_drafts_too(instruments):
    document = to_hsds(instruments, on=dt.date(2026, 1, 1), drafts=True)

    assert [] == _errors(document)
    _check_urls(document)
    assert len(instruments) == document["total_items"]
    assert document["empty"] == (not instruments)


@given(catalogues(max_size=6))
def test_every_service_keeps_its_tiles_characteristics_and_places(instruments):
    document = to_hsds(instruments, on=dt.date(2026, 1, 1), drafts=True)
    by_id = {hsds_id("service", i.id): i for i in instruments}

    for service in document["contents"]:
        instrument = by_id[service["id"]]
        assert {t.key for t in instrument.tiles} == _terms(service, "tegel")
        assert {c.key for c in instrument.client_characteristics} == _terms(service, "klantkenmerk")
        assert {f.key for f in instrument.execution_forms} == _terms(service, "uitvoeringsvorm")
        assert {g.id for g in instrument.target_groups} == _terms(service, "doelgroep")
        assert {instrument.organisation.id} == _terms(service, "eva_organisatie")
        assert instrument.provider.name == service["organization"]["name"]
        assert len(instrument.locations) == len(service["service_at_locations"])
        assert len(instrument.contacts) == len(service["contacts"])
        codes = {a["uri"] for a in service["service_areas"]}
        wanted = set(instrument.available_regions) | set(instrument.available_municipalities)
        wanted |= {d.id for d in instrument.available_districts}
        assert (wanted or {"NL"}) == codes
        assert ("active" if instrument.is_published(dt.date(2026, 1, 1)) else "inactive") == service["status"]


@given(catalogues(max_size=6))
def test_ids_are_unique_per_kind_and_the_same_on_every_export(instruments):
    document = to_hsds(instruments, on=dt.date(2026, 1, 1), drafts=True)

    assert document == to_hsds(reversed(instruments), on=dt.date(2026, 1, 1), drafts=True)
    for key in ("contents", "service_at_locations", "contacts", "phones", "service_areas"):
        ids = [o["id"] for o in _objects(document, key)]
        assert len(ids) == len(set(ids)), key
    for service in document["contents"]:
        ids = [a["id"] for a in service["attributes"]]
        assert len(ids) == len(set(ids))


def test_only_what_is_published_on_the_day_is_exported_unless_drafts_are_asked_for():
    catalogue = demo_catalogue()
    drafts = [i for i in catalogue if not i.is_published(DEMO_TODAY)]
    assert drafts  # the demo keeps some drafts and expired instruments on purpose

    shown = {s["id"] for s in to_hsds(catalogue, on=DEMO_TODAY)["contents"]}
    everything = to_hsds(catalogue, on=DEMO_TODAY, drafts=True)["contents"]

    assert not shown & {hsds_id("service", i.id) for i in drafts}
    assert len(catalogue) == len(everything)
    assert {"inactive"} == {s["status"] for s in everything if s["id"] not in shown}


def test_the_costs_of_the_municipality_never_become_a_fee_for_the_client():
    document = to_hsds(demo_catalogue(), on=DEMO_TODAY)

    assert not _objects(document, "fees_description")
    assert not _objects(document, "cost_options")


def test_taxonomy_terms_hold_the_nine_tiles_and_every_client_characteristic_with_its_group():
    terms = taxonomy_terms()
    tiles = [t for t in terms if t["taxonomy"]["name"] == "Tegels van het werklandschap"]
    characteristics = {t["code"]: t for t in terms if t["taxonomy"]["name"] == "Klantkenmerken"}

    assert [t.key for t in Tile] == [t["code"] for t in tiles]
    assert {c.key for c in ClientCharacteristic} == set(characteristics)
    for leaf in ClientCharacteristic:
        if leaf.parent is not None:
            assert characteristics[leaf.parent.key]["id"] == characteristics[leaf.key]["parent_id"]
    wrapped = {"empty": False, "contents": [{"id": hsds_id("service", "x"), "name": "x", "status": "active"}]}
    wrapped["contents"][0]["attributes"] = [
        {"id": hsds_id("a", t["id"]), "link_type": "t", "taxonomy_term": t} for t in terms
    ]
    assert [] == _errors(wrapped)


@pytest.mark.parametrize(
    ("path", "value", "words"),
    [
        (("id",), "instrument-1", "does not match"),
        (("status",), "published", "is not one of"),
        (("organization", "description"), None, "'description' is a required property"),
        (("colour",), "red", "Additional properties"),
        (("service_areas", 0, "id"), 7, "is not of type 'string'"),
    ],
)
def test_the_schema_refuses_what_hsds_refuses(path, value, words):
    document = to_hsds(demo_catalogue(), on=DEMO_TODAY)
    broken = copy.deepcopy(document)
    target = broken["contents"][0]
    for key in path[:-1]:
        target = target[key]
    if value is None:
        del target[path[-1]]
    else:
        target[path[-1]] = value

    assert any(words in e for e in _errors(broken)), _errors(broken)


def test_every_field_of_every_record_has_one_row_in_the_mapping():
    rows = [(m.record, m.field) for m in MAPPING]
    fields = [(cls, f.name) for cls in MAPPED_RECORDS for f in fields_of(cls)]

    assert len(rows) == len(set(rows))
    assert sorted(fields, key=str) == sorted(rows, key=str)


def test_eva_export_writes_hsds(tmp_path):
    from typer.testing import CliRunner

    runner = CliRunner()
    database = tmp_path / "eva.db"
    assert 0 == runner.invoke(app, ["demo", "--database", str(database)]).exit_code
    output = tmp_path / "hsds.json"

    result = runner.invoke(
        app,
        [
            "export",
            "--uit",
            f"sqlite:///{database}",
            "--formaat",
            "hsds",
            "--datum",
            "2026-11-28",
            "--naar",
            str(output),
        ],
    )

    assert 0 == result.exit_code, result.output
    document = json.loads(output.read_text(encoding="utf-8"))
    assert [] == _errors(document)
    assert to_hsds(demo_catalogue(), on=DEMO_TODAY) == document


def test_the_hsds_doc_holds_the_current_generated_mapping_table():
    """Run `python docs/_hsds_table.py --write` when this fails."""
    import importlib.util
    import sys
    from pathlib import Path

    path = Path(__file__).parents[2] / "docs" / "_hsds_table.py"
    spec = importlib.util.spec_from_file_location("_hsds_table", path)
    table = importlib.util.module_from_spec(spec)
    sys.modules["_hsds_table"] = table
    spec.loader.exec_module(table)

    assert table.render().strip("\n") == table.generated_block(table.DOC.read_text(encoding="utf-8"))
    assert "total_costs" in table.render().split("Fields with no place in HSDS", 1)[1]


@given(catalogues(max_size=8), st.integers(1, 4))
def test_pages_split_the_one_page_export_in_order(instruments, per_page):
    whole = to_hsds(instruments, on=dt.date(2026, 1, 1), drafts=True)
    pages = []
    number = 1
    while True:
        page = to_hsds(instruments, on=dt.date(2026, 1, 1), drafts=True, page=number, per_page=per_page)
        assert [] == _errors(page)
        assert whole["total_items"] == page["total_items"]
        assert (number == 1) == page["first_page"]
        pages.append(page)
        if page["last_page"]:
            break
        number += 1

    assert whole["contents"] == [s for page in pages for s in page["contents"]]
    assert len(pages) == page["total_pages"]


@pytest.mark.parametrize(("page", "per_page"), [(0, 10), (1, 0)])
def test_pages_start_at_one(page, per_page):
    with pytest.raises(InvalidPage) as caught:
        to_hsds(demo_catalogue(), page=page, per_page=per_page)

    assert "invalid-page" == caught.value.code
    assert "beginnen bij 1" in str(caught.value)
    assert isinstance(caught.value, ValueError)
