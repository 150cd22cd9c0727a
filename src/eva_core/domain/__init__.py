"""The Instrumentenformat 2023 as pure, immutable records. No I/O, and nothing of ours is imported here."""

from eva_core.domain._choices import (
    Choice,
    ClientCharacteristic,
    ContactRole,
    DurationUnit,
    ExecutionForm,
    GroupForm,
    IgmConcept,
    LocationType,
    Tile,
    WanbergConcept,
)
from eva_core.domain._client import ClientProfile
from eva_core.domain._criteria import DAYS_PER_UNIT, Criteria, duration_in_days
from eva_core.domain._errors import (
    EvaError,
    InvalidField,
    InvalidInstrument,
    InvalidRecord,
    Problem,
    Severity,
    UnsupportedFormat,
)
from eva_core.domain._instrument import HOURS_IN_A_WEEK, SUMMARY_MAX_LENGTH, Instrument, in_publication_window
from eva_core.domain._links import (
    Address,
    Contact,
    ContactPerson,
    District,
    Link,
    Location,
    Organisation,
    Provider,
    RegistrationCode,
    TargetGroup,
)
from eva_core.domain._rating import SCORES, Rating, RatingSummary, ScoreSummary, latest, summarise
from eva_core.domain._record import (
    FieldInfo,
    Record,
    field_info,
    record_fields,
    trusted_records,
    types_already_checked,
)
from eva_core.domain._rules import RULES, Rule, is_municipality_code, is_region_code

__all__ = [
    "DAYS_PER_UNIT",
    "HOURS_IN_A_WEEK",
    "RULES",
    "SCORES",
    "SUMMARY_MAX_LENGTH",
    "Address",
    "Choice",
    "ClientCharacteristic",
    "ClientProfile",
    "Contact",
    "ContactPerson",
    "ContactRole",
    "Criteria",
    "District",
    "DurationUnit",
    "EvaError",
    "ExecutionForm",
    "FieldInfo",
    "GroupForm",
    "IgmConcept",
    "Instrument",
    "InvalidField",
    "InvalidInstrument",
    "InvalidRecord",
    "Link",
    "Location",
    "LocationType",
    "Organisation",
    "Problem",
    "Provider",
    "Rating",
    "RatingSummary",
    "Record",
    "RegistrationCode",
    "Rule",
    "ScoreSummary",
    "Severity",
    "TargetGroup",
    "Tile",
    "UnsupportedFormat",
    "WanbergConcept",
    "duration_in_days",
    "field_info",
    "in_publication_window",
    "is_municipality_code",
    "is_region_code",
    "latest",
    "record_fields",
    "summarise",
    "trusted_records",
    "types_already_checked",
]


def __dir__() -> list[str]:
    return __all__
