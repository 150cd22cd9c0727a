"""eva_core: the Eva Instrumentenformat 2023 as a Python library.

Records of the format live in `eva_core.domain`; reading and writing them as JSON in `eva_core.convert`.
The names below are the public surface; everything in an underscored module is private.
"""

from __future__ import annotations

from eva_core.convert import (
    FORMAT_NAME,
    FORMAT_VERSION,
    ValidationReport,
    dump_catalogue,
    dump_instrument,
    load_catalogue,
    load_instrument,
    parse_json,
    validate_catalogue,
    validate_instrument,
)
from eva_core.domain import (
    RULES,
    SUMMARY_MAX_LENGTH,
    Address,
    ClientCharacteristic,
    Contact,
    ContactPerson,
    ContactRole,
    Criteria,
    District,
    DurationUnit,
    EvaError,
    ExecutionForm,
    GroupForm,
    IgmConcept,
    Instrument,
    InvalidField,
    InvalidInstrument,
    InvalidRecord,
    Link,
    Location,
    LocationType,
    Organisation,
    Problem,
    Provider,
    RegistrationCode,
    Rule,
    Severity,
    TargetGroup,
    Tile,
    UnsupportedFormat,
    WanbergConcept,
    in_publication_window,
)
from eva_core.schema import catalogue_schema, instrument_schema
from eva_core.storage import (
    Actor,
    AlreadyExists,
    Change,
    Conflict,
    CorruptStore,
    Forbidden,
    InstrumentRepository,
    InUse,
    JsonRepository,
    MemoryRepository,
    NotFound,
    SchemaMismatch,
    SqlRepository,
    StaleVersion,
    StoreBusy,
    Stored,
    StoreError,
    UnknownReference,
    open_repository,
)

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "RULES",
    "SUMMARY_MAX_LENGTH",
    "Actor",
    "Address",
    "AlreadyExists",
    "Change",
    "ClientCharacteristic",
    "Conflict",
    "Contact",
    "ContactPerson",
    "ContactRole",
    "CorruptStore",
    "Criteria",
    "District",
    "DurationUnit",
    "EvaError",
    "ExecutionForm",
    "Forbidden",
    "GroupForm",
    "IgmConcept",
    "InUse",
    "Instrument",
    "InstrumentRepository",
    "InvalidField",
    "InvalidInstrument",
    "InvalidRecord",
    "JsonRepository",
    "Link",
    "Location",
    "LocationType",
    "MemoryRepository",
    "NotFound",
    "Organisation",
    "Problem",
    "Provider",
    "RegistrationCode",
    "Rule",
    "SchemaMismatch",
    "Severity",
    "SqlRepository",
    "StaleVersion",
    "StoreBusy",
    "StoreError",
    "Stored",
    "TargetGroup",
    "Tile",
    "UnknownReference",
    "UnsupportedFormat",
    "ValidationReport",
    "WanbergConcept",
    "catalogue_schema",
    "dump_catalogue",
    "dump_instrument",
    "in_publication_window",
    "instrument_schema",
    "load_catalogue",
    "load_instrument",
    "open_repository",
    "parse_json",
    "validate_catalogue",
    "validate_instrument",
]


def __getattr__(name: str) -> str:
    if name != "__version__":
        raise AttributeError(f"module 'eva_core' has no attribute {name!r}")
    from importlib.metadata import version  # noqa: PLC0415 - read lazily, as only some callers want it

    return version("eva_core")


def __dir__() -> list[str]:
    return [*__all__, "__version__"]
