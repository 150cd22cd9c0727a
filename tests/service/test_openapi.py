"""The OpenAPI document in the docs is the one the app serves, and it is valid OpenAPI 3.1."""

import json
import sys
from pathlib import Path

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
            if path in ("/health", "/ready") or path.startswith("/hsds/"):  # HSDS: see docs/hsds.md
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
