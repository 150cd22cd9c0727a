"""eva_core: the Eva Instrumentenformat 2023 as a Python library.

The names below are what a newcomer needs, grouped as docs/api.md shows them; everything else lives in its
subpackage (`eva_core.domain`, `eva_core.convert`, `eva_core.schema`, `eva_core.search`, `eva_core.storage`,
`eva_core.areas`, `eva_core.analysis`, `eva_core.tabular`, `eva_core.testing`, `eva_core.demo`), and
everything in an underscored module is private.

Importing eva_core loads nothing else: each name is imported when it is first used (PEP 562), so a notebook
that only reads a file never pays for the database driver or numpy.
"""

from __future__ import annotations

import importlib
import warnings
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from eva_core.convert import (
        dump_catalogue,
        dump_instrument,
        load_catalogue,
        load_instrument,
        validate_catalogue,
        validate_instrument,
    )
    from eva_core.domain import (
        ClientCharacteristic,
        ClientProfile,
        Criteria,
        EvaError,
        ExecutionForm,
        Instrument,
        InvalidInstrument,
        Organisation,
        Problem,
        Provider,
        Tile,
        in_language,
        set_language,
    )
    from eva_core.search import CatalogueIndex, explain, rank
    from eva_core.storage import InstrumentRepository, open_repository

_GROUPS: dict[str, dict[str, str]] = {
    "Instruments and what they link": {
        "Instrument": "eva_core.domain",
        "Organisation": "eva_core.domain",
        "Provider": "eva_core.domain",
        "Tile": "eva_core.domain",
        "ClientCharacteristic": "eva_core.domain",
        "ExecutionForm": "eva_core.domain",
    },
    "Reading and writing JSON": {
        "load_instrument": "eva_core.convert",
        "dump_instrument": "eva_core.convert",
        "load_catalogue": "eva_core.convert",
        "dump_catalogue": "eva_core.convert",
        "validate_instrument": "eva_core.convert",
        "validate_catalogue": "eva_core.convert",
    },
    "Problems and errors": {
        "Problem": "eva_core.domain",
        "InvalidInstrument": "eva_core.domain",
        "EvaError": "eva_core.domain",
    },
    "Matching and search": {
        "ClientProfile": "eva_core.domain",
        "Criteria": "eva_core.domain",
        "CatalogueIndex": "eva_core.search",
        "rank": "eva_core.search",
        "explain": "eva_core.search",
    },
    "Storage": {
        "open_repository": "eva_core.storage",
        "InstrumentRepository": "eva_core.storage",
    },
    "Language": {
        "set_language": "eva_core.domain",
        "in_language": "eva_core.domain",
    },
}
"""The public names by group, and the subpackage each comes from: the one list `__all__` and the docs read."""

_HOMES = {name: module for group in _GROUPS.values() for name, module in group.items()}

__all__ = [
    "CatalogueIndex",
    "ClientCharacteristic",
    "ClientProfile",
    "Criteria",
    "EvaError",
    "ExecutionForm",
    "Instrument",
    "InstrumentRepository",
    "InvalidInstrument",
    "Organisation",
    "Problem",
    "Provider",
    "Tile",
    "dump_catalogue",
    "dump_instrument",
    "explain",
    "in_language",
    "load_catalogue",
    "load_instrument",
    "open_repository",
    "rank",
    "set_language",
    "validate_catalogue",
    "validate_instrument",
]

_MOVED = {
    **dict.fromkeys(("FORMAT_NAME", "FORMAT_VERSION", "ValidationReport", "parse_json"), "eva_core.convert"),
    **dict.fromkeys(("catalogue_schema", "instrument_schema"), "eva_core.schema"),
    **dict.fromkeys(
        ("Exclusion", "Explanation", "Match", "Reason", "SearchResult", "Weights"),
        "eva_core.search",
    ),
    **dict.fromkeys(
        (
            "Actor",
            "AlreadyExists",
            "Change",
            "Conflict",
            "CorruptStore",
            "Forbidden",
            "InUse",
            "JsonRepository",
            "MemoryRepository",
            "NotFound",
            "SchemaMismatch",
            "SqlRepository",
            "StaleVersion",
            "StoreBusy",
            "StoreError",
            "Stored",
            "UnknownReference",
        ),
        "eva_core.storage",
    ),
    **dict.fromkeys(
        (
            "RULES",
            "SUMMARY_MAX_LENGTH",
            "Address",
            "AreaClassification",
            "Contact",
            "ContactPerson",
            "ContactRole",
            "District",
            "DurationUnit",
            "GroupForm",
            "IgmConcept",
            "InvalidField",
            "InvalidRecord",
            "Link",
            "Location",
            "LocationType",
            "Message",
            "Rating",
            "RatingSummary",
            "RegistrationCode",
            "Rule",
            "Severity",
            "TargetGroup",
            "UnsupportedFormat",
            "WanbergConcept",
            "in_publication_window",
            "summarise",
        ),
        "eva_core.domain",
    ),
}
"""Names this package exported before 0.2, by their home now; they still resolve, with a DeprecationWarning."""


def __getattr__(name: str) -> Any:  # noqa: ANN401 - whatever the name is
    if name in _HOMES:
        value = getattr(importlib.import_module(_HOMES[name]), name)
        globals()[name] = value  # once imported, a plain attribute
        return value
    if name in _MOVED:
        home = _MOVED[name]
        warnings.warn(
            f"eva_core.{name} moved to {home}.{name}; import it from there (the old name goes in the next release)",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(importlib.import_module(home), name)
    if name == "__version__":
        from importlib.metadata import version  # noqa: PLC0415 - read lazily, as only some callers want it

        return version("eva_core")
    raise AttributeError(f"module 'eva_core' has no attribute {name!r}")


def __dir__() -> list[str]:
    return [*__all__, "__version__"]
