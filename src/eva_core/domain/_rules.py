"""Every rule of the format as data: a stable code, a severity and what it asks.

The checks themselves live with the records they guard (``_record.py``, ``_links.py``,
``_instrument.py``); this table names them so reports, docs and other tools can refer to them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from urllib.parse import urlsplit

from attrs import frozen

from eva_core.domain._errors import Severity

__all__ = [
    "MUNICIPALITY_CODE_PATTERN",
    "POSTCODE_PATTERN",
    "REGION_CODE_PATTERN",
    "RULES",
    "Rule",
    "is_email",
    "is_municipality_code",
    "is_phone",
    "is_postcode",
    "is_region_code",
    "is_url",
]


@frozen
class Rule:
    """One rule of the Instrumentenformat or of eva_core's reading of it."""

    code: str
    severity: Severity
    summary: str


_E, _W = Severity.ERROR, Severity.WARNING

RULES: Mapping[str, Rule] = MappingProxyType(
    {
        r.code: r
        for r in (
            Rule("required", _E, "A required field (marked * in the format) has a value that is not blank."),
            Rule(
                "required-to-publish",
                _E,
                "An instrument to be published links at least one tile and one client characteristic.",
            ),
            Rule("type", _E, "A value has the type the format asks for (text, whole number, date, ...)."),
            Rule("unknown-field", _E, "A document holds only fields the format knows."),
            Rule("unknown-choice", _E, "A choice is one of the format's list (a tile, an execution form, ...)."),
            Rule(
                "control-character",
                _E,
                "Text holds no invisible control characters, C0 or C1 (tab and line breaks are fine).",
            ),
            Rule(
                "surrogate", _E, "Text holds no lone UTF-16 surrogates: they are no character, and no store keeps them."
            ),
            Rule(
                "bidi-control",
                _E,
                "Text holds no characters that reorder what follows (U+202A-U+202E, U+2066-U+2069).",
            ),
            Rule(
                "too-long",
                _E,
                "Text stays within its field's limit (Samenvatting: 500 characters; the field tables list each).",
            ),
            Rule("id-format", _E, "An id is letters, digits, '.', '_' and '-', and starts with a letter or digit."),
            Rule(
                "too-large",
                _E,
                "An amount or a total duration stays within its field's limit (the field tables list it).",
            ),
            Rule("negative", _E, "Numbers (duration, intensity, costs) are not negative."),
            Rule("too-many-hours", _E, "Intensity is at most 168 hours, the hours in a week."),
            Rule("duration-pair", _E, "Total duration and its unit are given together or not at all."),
            Rule("cents", _E, "Costs are in euros, to the cent at most."),
            Rule("email", _E, "An e-mail address is well formed."),
            Rule("phone", _E, "A phone number is a Dutch or international number."),
            Rule("url", _E, "A link is an absolute http(s) address."),
            Rule("postcode", _E, "A postcode is four digits and two letters (1234 AB)."),
            Rule("municipality-code", _E, "A municipality is a CBS code GM followed by four digits."),
            Rule("region-code", _E, "An arbeidsmarktregio is a CBS code AM followed by two digits."),
            Rule(
                "unknown-municipality",
                _E,
                "With an area classification: a municipality code is in it (or was merged into one of its own).",
            ),
            Rule("unknown-region", _E, "With an area classification: an arbeidsmarktregio code is in it."),
            Rule(
                "merged-municipality",
                _W,
                "With an area classification: a municipality code a herindeling abolished is read as its successor.",
            ),
            Rule(
                "publish-window",
                _E,
                "'Publiceer tot en met' does not lie before 'Publiceer vanaf'; both days are included.",
            ),
            Rule(
                "group-characteristic",
                _E,
                "Instruments link sub-characteristics, never the groups 5, 8 and 10.",
            ),
            Rule("foreign-target-group", _E, "A target group belongs to the instrument's own organisation."),
            Rule("duplicate", _E, "A list does not name the same item twice."),
            Rule("score-range", _E, "A rating's score is a whole number from 1 to 5."),
            Rule("explanation-required", _E, "A rating's score of 1 or 5 comes with an explanation of that score."),
            Rule(
                "general-target-group",
                _W,
                "A target group called 'algemeen' is strongly advised against: no target group means everyone.",
            ),
            Rule("eva-unreadable", _E, "An export of Eva's back end is JSON that can be read."),
            Rule(
                "eva-field-unmapped",
                _W,
                "A key of Eva's export that has no place in the format is reported, not read.",
            ),
            Rule(
                "eva-field-derived",
                _W,
                "A key Eva works out from other keys (or its own reference data) is reported, not read.",
            ),
            Rule(
                "eva-value-translated",
                _W,
                "A value from Eva's older lists is read as the format's choice e-core's migration gave it.",
            ),
        )
    }
)

_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")
_PHONE = re.compile(r"\+[1-9]\d{7,14}|0\d{9}|0[89]00\d{4,7}|14\d{3,4}")
_PHONE_PUNCTUATION = re.compile(r"[\s\-().]")
POSTCODE_PATTERN = r"[1-9]\d{3} ?[A-Z]{2}"
MUNICIPALITY_CODE_PATTERN = r"GM\d{4}"
REGION_CODE_PATTERN = r"AM\d{2}"
_POSTCODE = re.compile(POSTCODE_PATTERN)
_SPACE = re.compile(r"\s")
_MUNICIPALITY = re.compile(MUNICIPALITY_CODE_PATTERN)
_REGION = re.compile(REGION_CODE_PATTERN)


def is_email(text: str) -> bool:
    """A plausible address: one @, a dotted domain, no spaces."""
    return _EMAIL.fullmatch(text) is not None


def is_phone(text: str) -> bool:
    """A Dutch number (10 digits from 0, 0800/0900, the 14 + area code short number) or +international."""
    return _PHONE.fullmatch(_PHONE_PUNCTUATION.sub("", text)) is not None


def is_url(text: str) -> bool:
    """An absolute http or https address with a host and no spaces."""
    if _SPACE.search(text):
        return False
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    host = parts.hostname or ""
    return parts.scheme in {"http", "https"} and ("." in host or host == "localhost")


def is_postcode(text: str) -> bool:
    """A Dutch postcode, with or without the space."""
    return _POSTCODE.fullmatch(text) is not None


def is_municipality_code(text: str) -> bool:
    """A CBS municipality code such as GM0363."""
    return _MUNICIPALITY.fullmatch(text) is not None


def is_region_code(text: str) -> bool:
    """A CBS arbeidsmarktregio code such as AM18."""
    return _REGION.fullmatch(text) is not None
