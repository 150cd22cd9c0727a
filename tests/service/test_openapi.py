"""The OpenAPI document in the docs is the one the app serves, and it is valid OpenAPI 3.1."""

import json
import sys
from pathlib import Path

import jsonschema
import pytest

from eva_core.demo import DEMO_TODAY, demo_catalogue
from eva_core.hsds import schema, taxonomy_terms, to_hsds
from eva_core.service import _openapi
from eva_core.service._openapi import components_of

ROOT = Path(__file__).resolve().parents[2]


def test_docs_openapi_json_is_current():
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        from openapi import document
    finally:
        sys.path.remove(str(ROOT / "tools"))

    assert (ROOT / "docs" / "openapi.json").read_text(encoding="utf-8") == document(), (
        "docs/openapi.json is out of date: run .venv/bin/python tools/openapi.py"
    )


def test_every_operation_but_health_needs_a_key_and_documents_its_problems():
    document = json.loads((ROOT / "docs" / "openapi.json").read_text(encoding="utf-8"))

    for path, item in document["paths"].items():
        for method, operation in item.items():
            if path in ("/health", "/ready"):
                continue
            assert [{"key": []}] == operation["security"], (method, path)
            assert {"401", "403", "422"} <= set(operation["responses"]), (method, path)
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")):
                    assert ["application/problem+json"] == list(response["content"]), (method, path, status)


def test_the_schemas_of_the_library_records_are_components():
    document = json.loads((ROOT / "docs" / "openapi.json").read_text(encoding="utf-8"))

    assert {"Instrument", "Match", "Explanation", "SearchResult", "ClientProfile", "Changes", "Problem"} <= set(
        document["components"]["schemas"]
    )
    assert document["openapi"].startswith("3.1")


def _in_document(name):
    """The component *name* as a schema that resolves its references in the served document."""
    document = json.loads((ROOT / "docs" / "openapi.json").read_text(encoding="utf-8"))
    return {"$ref": f"#/components/schemas/{name}", "components": document["components"]}, document


def test_the_hsds_routes_answer_with_the_hsds_schema_as_components():
    page, document = _in_document("HsdsServicePage")
    terms, _ = _in_document("HsdsTaxonomyTermPage")
    components = document["components"]["schemas"]

    def ok(path):
        return document["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]

    assert {"$ref": "#/components/schemas/HsdsServicePage"} == ok("/hsds/services")
    assert {"$ref": "#/components/schemas/HsdsTaxonomyTermPage"} == ok("/hsds/taxonomy_terms")
    assert set(document["paths"]["/hsds/services"]["get"]["responses"]) >= {"200", "400", "401"}
    assert {f"Hsds{n}" for n in ("Service", "ServiceAtLocation", "TaxonomyTerm", "Uuid")} <= set(components)
    assert "#/$defs/" not in json.dumps(components)

    exported = to_hsds(demo_catalogue(), on=DEMO_TODAY)
    jsonschema.validate(exported, schema())  # the same document is valid for both, and so is a page of terms
    jsonschema.validate(exported, page)
    all_terms = taxonomy_terms()
    jsonschema.validate({"empty": False, "total_items": len(all_terms), "contents": all_terms}, terms)
    exported["contents"][0]["organization"]["surprise"] = 1  # deep down, through two references
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(exported, page)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"empty": False, "contents": exported["contents"]}, terms)


def test_components_of_moves_the_definitions_and_refuses_what_it_cannot_move(monkeypatch):
    monkeypatch.setattr(_openapi, "SCHEMAS", {})
    root = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "x.json",
        "type": "array",
        "items": {"$ref": "#/$defs/service_area"},
        "$defs": {"service_area": {"properties": {"id": {"$ref": "#/$defs/id"}}}, "id": {"type": "string"}},
    }

    assert {"type": "array", "items": {"$ref": "#/components/schemas/XServiceArea"}} == components_of(root, "X")
    assert {
        "XServiceArea": {"properties": {"id": {"$ref": "#/components/schemas/XId"}}},
        "XId": {"type": "string"},
    } == _openapi.SCHEMAS
    with pytest.raises(ValueError, match="local definition"):
        components_of({"$ref": "other.json#/$defs/id"}, "X")
    with pytest.raises(ValueError, match="local definition"):
        components_of({"$ref": "#/$defs/missing", "$defs": {}}, "X")
    with pytest.raises(ValueError, match="two different"):
        components_of({"$defs": {"id": {"type": "integer"}}}, "X")
