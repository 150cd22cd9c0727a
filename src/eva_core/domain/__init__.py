"""The Instrumentenformat 2023 as pure, immutable records. No I/O, and nothing of ours is imported here.

Each name is imported from its module when first used (PEP 562), so importing one part of the domain
(the messages, say) does not load the rest.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from eva_core.domain._areas import (
        AmbiguousArea,
        AreaClassification,
        AreaError,
        AreaMismatch,
        InvalidAreaData,
        MergedMunicipality,
        Merger,
        Municipality,
        Region,
        UnknownArea,
    )
    from eva_core.domain._choices import (
        Choice,
        ClientCharacteristic,
        ContactRole,
        DurationUnit,
        ExecutionForm,
        GroupForm,
        IgmConcept,
        LocationType,
        NotAChoice,
        Tile,
        WanbergConcept,
    )
    from eva_core.domain._client import ClientProfile
    from eva_core.domain._criteria import (
        DAYS_PER_UNIT,
        Criteria,
        duration_in_days,
    )
    from eva_core.domain._dutch import (
        dutch_day,
        dutch_list,
        dutch_moment,
        dutch_number,
        euros,
    )
    from eva_core.domain._errors import (
        EvaError,
        InvalidCriteria,
        InvalidField,
        InvalidInstrument,
        InvalidProfile,
        InvalidRecord,
        Problem,
        Severity,
        UnsupportedFormat,
    )
    from eva_core.domain._fold import fold
    from eva_core.domain._instrument import (
        HOURS_IN_A_WEEK,
        MAX_AMOUNT,
        MAX_DURATION,
        SUMMARY_MAX_LENGTH,
        Instrument,
        in_publication_window,
    )
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
    from eva_core.domain._messages import (
        LANGUAGES,
        MESSAGES,
        Language,
        Message,
        MissingMessage,
        as_message,
        current_language,
        in_language,
        say,
        set_language,
    )
    from eva_core.domain._places import (
        AreaKey,
        Place,
        area_keys,
    )
    from eva_core.domain._rating import (
        SCORES,
        Rating,
        RatingSummary,
        ScoreSummary,
        latest,
        summarise,
    )
    from eva_core.domain._record import (
        ID_MAX_LENGTH,
        ID_PATTERN,
        SHORT_TEXT,
        TEXT_MAX_LENGTH,
        FieldInfo,
        Kind,
        Record,
        field_info,
        fields_of,
        text_problems,
    )
    from eva_core.domain._rules import (
        RULES,
        Rule,
        is_municipality_code,
        is_region_code,
    )

_HOMES = {
    **dict.fromkeys(
        (
            "AmbiguousArea",
            "AreaClassification",
            "AreaError",
            "AreaMismatch",
            "InvalidAreaData",
            "MergedMunicipality",
            "Merger",
            "Municipality",
            "Region",
            "UnknownArea",
        ),
        "_areas",
    ),
    **dict.fromkeys(
        (
            "Choice",
            "ClientCharacteristic",
            "ContactRole",
            "DurationUnit",
            "ExecutionForm",
            "GroupForm",
            "IgmConcept",
            "LocationType",
            "NotAChoice",
            "Tile",
            "WanbergConcept",
        ),
        "_choices",
    ),
    **dict.fromkeys(("ClientProfile",), "_client"),
    **dict.fromkeys(("DAYS_PER_UNIT", "Criteria", "duration_in_days"), "_criteria"),
    **dict.fromkeys(("dutch_day", "dutch_list", "dutch_moment", "dutch_number", "euros"), "_dutch"),
    **dict.fromkeys(
        (
            "EvaError",
            "InvalidCriteria",
            "InvalidField",
            "InvalidInstrument",
            "InvalidProfile",
            "InvalidRecord",
            "Problem",
            "Severity",
            "UnsupportedFormat",
        ),
        "_errors",
    ),
    **dict.fromkeys(("fold",), "_fold"),
    **dict.fromkeys(
        ("HOURS_IN_A_WEEK", "MAX_AMOUNT", "MAX_DURATION", "SUMMARY_MAX_LENGTH", "Instrument", "in_publication_window"),
        "_instrument",
    ),
    **dict.fromkeys(
        (
            "Address",
            "Contact",
            "ContactPerson",
            "District",
            "Link",
            "Location",
            "Organisation",
            "Provider",
            "RegistrationCode",
            "TargetGroup",
        ),
        "_links",
    ),
    **dict.fromkeys(
        (
            "LANGUAGES",
            "MESSAGES",
            "Language",
            "Message",
            "MissingMessage",
            "as_message",
            "current_language",
            "in_language",
            "say",
            "set_language",
        ),
        "_messages",
    ),
    **dict.fromkeys(("AreaKey", "Place", "area_keys"), "_places"),
    **dict.fromkeys(("SCORES", "Rating", "RatingSummary", "ScoreSummary", "latest", "summarise"), "_rating"),
    **dict.fromkeys(
        (
            "ID_MAX_LENGTH",
            "ID_PATTERN",
            "SHORT_TEXT",
            "TEXT_MAX_LENGTH",
            "FieldInfo",
            "Kind",
            "Record",
            "field_info",
            "fields_of",
            "text_problems",
        ),
        "_record",
    ),
    **dict.fromkeys(("RULES", "Rule", "is_municipality_code", "is_region_code"), "_rules"),
}
"""Each public name and the private module that defines it."""

__all__ = [
    "DAYS_PER_UNIT",
    "HOURS_IN_A_WEEK",
    "ID_MAX_LENGTH",
    "ID_PATTERN",
    "LANGUAGES",
    "MAX_AMOUNT",
    "MAX_DURATION",
    "MESSAGES",
    "RULES",
    "SCORES",
    "SHORT_TEXT",
    "SUMMARY_MAX_LENGTH",
    "TEXT_MAX_LENGTH",
    "Address",
    "AmbiguousArea",
    "AreaClassification",
    "AreaError",
    "AreaKey",
    "AreaMismatch",
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
    "InvalidAreaData",
    "InvalidCriteria",
    "InvalidField",
    "InvalidInstrument",
    "InvalidProfile",
    "InvalidRecord",
    "Kind",
    "Language",
    "Link",
    "Location",
    "LocationType",
    "MergedMunicipality",
    "Merger",
    "Message",
    "MissingMessage",
    "Municipality",
    "NotAChoice",
    "Organisation",
    "Place",
    "Problem",
    "Provider",
    "Rating",
    "RatingSummary",
    "Record",
    "Region",
    "RegistrationCode",
    "Rule",
    "ScoreSummary",
    "Severity",
    "TargetGroup",
    "Tile",
    "UnknownArea",
    "UnsupportedFormat",
    "WanbergConcept",
    "area_keys",
    "as_message",
    "current_language",
    "duration_in_days",
    "dutch_day",
    "dutch_list",
    "dutch_moment",
    "dutch_number",
    "euros",
    "field_info",
    "fields_of",
    "fold",
    "in_language",
    "in_publication_window",
    "is_municipality_code",
    "is_region_code",
    "latest",
    "say",
    "set_language",
    "summarise",
    "text_problems",
]


def __getattr__(name: str) -> Any:  # noqa: ANN401 - whatever the name is
    if name not in _HOMES:
        raise AttributeError(f"module 'eva_core.domain' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"eva_core.domain.{_HOMES[name]}"), name)
    globals()[name] = value  # once imported, a plain attribute
    return value


def __dir__() -> list[str]:
    return __all__
