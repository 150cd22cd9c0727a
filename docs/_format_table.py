"""Renders the format table of docs/format.md from the records, so the docs follow the code.

Run ``python docs/_format_table.py`` to print it; a test checks that docs/format.md holds the current one.
"""

from __future__ import annotations

from pathlib import Path

from eva_core.domain import (
    RULES,
    Address,
    ClientCharacteristic,
    Contact,
    ContactPerson,
    ContactRole,
    District,
    DurationUnit,
    ExecutionForm,
    FieldInfo,
    GroupForm,
    Instrument,
    Kind,
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
    dutch_number,
    fields_of,
)

# Which rules (by code, see eva_core.domain.RULES) guard which field, beyond those the field model states itself
# (required, too-long, id-format: see `field_rules`); "type" and "unknown-field" guard every field.
RULES_BY_FIELD: dict[tuple[type[Record], str], str] = {
    (Instrument, "publish_until"): "publish-window (not before 'Publiceer vanaf'; both days included)",
    (Instrument, "total_duration_value"): "negative, too-large, duration-pair",
    (Instrument, "total_duration_unit"): "duration-pair",
    (Instrument, "intensity_hours_per_week"): "negative, too-many-hours",
    (Instrument, "total_costs"): "negative, too-large, cents",
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
    (TargetGroup, "name"): "general-target-group (warning)",
    (Rating, "general"): "score-range",
    (Rating, "result"): "score-range",
    (Rating, "execution"): "score-range",
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


def type_name(field: FieldInfo) -> str:
    """A reader's name for the kind of a field."""
    if field.kind in (Kind.CHOICE, Kind.RECORD):
        one = f"`{field.value_type.__name__}`"
    else:
        one = {Kind.TEXT: "text", Kind.FLAG: "true/false", Kind.WHOLE: "whole number", Kind.AMOUNT: "amount (€)"}.get(
            field.kind, "date"
        )
    return one if field.many is None else f"list of {one}"


def field_rules(cls: type[Record], field: FieldInfo) -> str:
    """The rules that guard *field*: those its model states (limits included), then the others."""
    rules = []
    if field.required:
        rules.append("required (one or more)" if field.many is not None else "required")
    if field.identifier:
        rules.append("id-format")
    if field.kind is Kind.TEXT and field.max_length is not None and (field.identifier or not field.pattern):
        rules.append(f"too-long ({field.max_length})")
    if field.minimum is not None or field.maximum is not None:
        low = "" if field.minimum is None else dutch_number(field.minimum)
        high = "" if field.maximum is None else dutch_number(field.maximum)
        rules.append(f"range {low} to {high}")
    if extra := RULES_BY_FIELD.get((cls, field.name)):
        rules.append(extra)
    return ", ".join(rules)


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
        parts += [
            f"### `{cls.__name__}`",
            "",
            "| Dutch field | JSON key / attribute | Type | Required | Rules |",
            "|---|---|---|---|---|",
        ]
        for field in fields_of(cls):
            if field.required:
                required = "yes"
            elif field.required_to_publish:
                required = "to publish"
            else:
                required = ""
            step = f" (Stap {field.step})" if cls is Instrument else ""
            rules = field_rules(cls, field)
            parts.append(f"| {field.label}{step} | `{field.name}` | {type_name(field)} | {required} | {rules} |")
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
