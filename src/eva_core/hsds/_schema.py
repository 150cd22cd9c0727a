"""The HSDS 3.0 JSON Schema subset the export is checked against, shipped as a file beside this module."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["SCHEMA_SOURCE", "schema"]

SCHEMA_SOURCE = "openreferral/specification, schema/*.json at 67e7b37a4b1e03324d6bd107c56cafd153b9d2d0 (HSDS 3.0)"
"""Where the subset was written from: Open Referral's specification repository on GitHub."""


@cache
def _text() -> str:
    return (resources.files("eva_core.hsds") / "schema" / "hsds-3.0-subset.json").read_text(encoding="utf-8")


def schema() -> dict[str, Any]:
    """The subset as a JSON Schema (draft 2020-12) for a ``Page`` of services; a fresh copy on every call.

    It keeps the properties, types, formats, enums and required fields of HSDS 3.0 for the objects the export
    writes, and is stricter in two ways its description names (UUID ids, no unknown properties).
    """
    found: dict[str, Any] = json.loads(_text())
    return found
