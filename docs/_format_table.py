"""Renders the format table of docs/format.md from the records, so the docs follow the code.

Run ``python docs/_format_table.py`` to print it; a test checks that docs/format.md holds the current one.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from eva_core.domain import (
    RULES,
    Address,
    Choice,
    ClientCharacteristic,
    Contact,
    ContactPerson,
    ContactRole,
    District,
    DurationUnit,
    ExecutionForm,
    GroupForm,
    Instrument,
    Link,
    Location,
    LocationType,
    Organisation,
    Provider,
    Rating,
    Record,
    RegistrationCode,
    TargetGroup,
    Tile,
    field_info,
    record_fields,
)

# Which rules (by code, see eva_core.RULES) guard which field; "type" and "unknown-field" guard every one.
RULES_BY_FIELD: dict[tuple[type[Record], str], str] = {
    (Instrument, "id"): "required",
    (Instrument, "name"): "required",
    (Instrument, "summary"): "required, too-long (500)",
    (Instrument, "aim"): "required",
    (Instrument, "method"): "required",
    (Instrument, "execution_forms"): "required (one or more)",
    (Instrument, "publish_until"): "publish-window (not before 'Publiceer vanaf'; both days included)",
    (Instrument, "total_duration_value"): "negative, duration-pair",
    (Instrument, "total_duration_unit"): "duration-pair",
    (Instrument, "intensity_hours_per_week"): "negative, too-many-hours (168)",
    (Instrument, "total_costs"): "negative, cents",
    (Instrument, "tiles"): "required-to-publish",
    (Instrument, "client_characteristics"): "required-to-publish, group-characteristic (leaves only)",
    (Instrument, "contacts"): "duplicate",
    (Instrument, "target_groups"): "foreign-target-group, duplicate, general-target-group (warning)",
    (Instrument, "available_regions"): "region-code (AMxx); with an area classification: unknown-region",
    (Instrument, "available_municipalities"): (
        "municipality-code (GMxxxx); with an area classification: unknown-municipality, merged-municipality (warning)"
    ),
    (Instrument, "available_districts"): "duplicate",
    (Provider, "website"): "url",
    (ContactPerson, "phone"): "phone",
    (ContactPerson, "email"): "email",
    (Address, "postcode"): "postcode (1234 AB)",
    (District, "municipality"): (
        "municipality-code (GMxxxx); with an area classification: unknown-municipality, merged-municipality (warning)"
    ),
    (Link, "url"): "url",
    (TargetGroup, "name"): "required, general-target-group (warning)",
    (Rating, "general"): "score-range (1 to 5)",
    (Rating, "result"): "score-range (1 to 5)",
    (Rating, "execution"): "score-range (1 to 5)",
    (Rating, "general_explanation"): "explanation-required (at a score of 1 or 5)",
    (Rating, "result_explanation"): "explanation-required (at a score of 1 or 5)",
    (Rating, "execution_explanation"): "explanation-required (at a score of 1 or 5)",
}
RECORDS: tuple[type[Record], ...] = (
    Instrument,
    Organisation,
    Provider,
    ContactPerson,
    Contact,
    Address,
    Location,
    TargetGroup,
    District,
    RegistrationCode,
    Link,
    Rating,
)


def type_name(hint: Any) -> str:  # noqa: ANN401
    """A reader's name for an annotation."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        (only,) = [a for a in typing.get_args(hint) if a is not type(None)]
        return type_name(only)
    if origin in (frozenset, tuple):
        (item,) = [a for a in typing.get_args(hint) if a is not Ellipsis]
        return f"list of {type_name(item)}"
    if isinstance(hint, type) and issubclass(hint, Choice | Record):
        return f"`{hint.__name__}`"
    return {str: "text", bool: "true/false", int: "whole number", Decimal: "amount (€)", dt.date: "date"}[hint]


def render_choices() -> str:
    """The choice lists, with keys, labels and order."""
    parts = [
        "### Tegels werklandschap (`Tile`)",
        "",
        "| # | Key | Label | Subtitle | Example instruments (handreiking) |",
        "|---|---|---|---|---|",
    ]
    parts += [f"| {t.order} | `{t.key}` | {t.label} | {t.subtitle} | {'; '.join(t.examples)} |" for t in Tile]
    parts += [
        "",
        "### Klantkenmerken (`ClientCharacteristic`)",
        "",
        "| # | Key | Label | Group | IGM concepts |",
        "|---|---|---|---|---|",
    ]
    parts += [
        f"| {c.number} | `{c.key}` | {c.label} | {c.parent.label if c.parent else ('group' if c.is_group else '')} "
        f"| {', '.join(concept.label for concept in c.igm)} |"
        for c in ClientCharacteristic
    ]
    for cls, title in (
        (ExecutionForm, "Uitvoeringsvorm"),
        (DurationUnit, "Totale duur (eenheid)"),
        (LocationType, "Type locatie"),
        (GroupForm, "Groep/individueel"),
        (ContactRole, "Contactpersoon intern/extern"),
    ):
        parts += ["", f"### {title} (`{cls.__name__}`)", "", "| Key | Label |", "|---|---|"]
        parts += [f"| `{m.key}` | {m.label} |" for m in cls]
    return "\n".join(parts) + "\n"


def render_rules() -> str:
    """The rule table."""
    parts = ["| Code | Severity | Rule |", "|---|---|---|"]
    parts += [f"| `{r.code}` | {r.severity.value} | {r.summary} |" for r in RULES.values()]
    return "\n".join(parts) + "\n"


def render_all() -> str:
    """Everything generated in docs/format.md, in order."""
    return f"## Fields\n\n{render()}\n## Choice lists\n\n{render_choices()}\n## Rules\n\n{render_rules()}"


BEGIN, END = "<!-- BEGIN GENERATED: python docs/_format_table.py --write -->", "<!-- END GENERATED -->"
DOC = Path(__file__).with_name("format.md")


def generated_block(text: str) -> str:
    """The part of *text* between the markers."""
    return text.split(BEGIN, 1)[1].split(END, 1)[0].strip("\n")


def render() -> str:
    """The Markdown tables, one per record."""
    parts: list[str] = []
    for cls in RECORDS:
        hints = typing.get_type_hints(cls)
        parts += [
            f"### `{cls.__name__}`",
            "",
            "| Dutch field | JSON key / attribute | Type | Required | Rules |",
            "|---|---|---|---|---|",
        ]
        for f in record_fields(cls):
            info = field_info(cls, f.name)
            if f.default is attrs.NOTHING:
                required = "yes"
            elif info.required_to_publish:
                required = "to publish"
            else:
                required = ""
            step = f" (Stap {info.step})" if cls is Instrument else ""
            rules = RULES_BY_FIELD.get((cls, f.name), "")
            parts.append(f"| {info.label}{step} | `{f.name}` | {type_name(hints[f.name])} | {required} | {rules} |")
        parts.append("")
    return "\n".join(parts)


if __name__ == "__main__":
    import sys

    if "--write" in sys.argv:
        text = DOC.read_text(encoding="utf-8")
        head, rest = text.split(BEGIN, 1)
        DOC.write_text(f"{head}{BEGIN}\n{render_all()}\n{END}{rest.split(END, 1)[1]}", encoding="utf-8")
    else:
        print(render_all())
