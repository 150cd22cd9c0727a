"""Renders the mapping table of docs/eva-export.md from `eva_core.files.EVA_FIELDS`, so the docs follow the code.

Run ``python docs/_eva_table.py --write`` after changing the mapping; a test checks that docs/eva-export.md holds
the current table.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from eva_core.files import EVA_FIELDS, EvaField

BEGIN, END = "<!-- BEGIN GENERATED: python docs/_eva_table.py --write -->", "<!-- END GENERATED -->"
DOC = Path(__file__).with_name("eva-export.md")
FATES = {
    "mapped": "read into",
    "fallback": "read when empty into",
    "copy": "copy of",
    "derived": "worked out by Eva",
    "internal": "Eva's bookkeeping",
    "unmapped": "**no place**",
}
RESOURCES = {
    "instrument": "The instrument",
    "organisation": "`organisation` (2023)",
    "owner": "`owner` (2022)",
    "provider": "`provider`",
    "contact": "`contacts[]`",
    "location": "`locations[]`",
    "address": "`locations[].address`",
    "target_group": "`target_groups[]`",
    "tile": "`tiles[]`",
    "client_characteristic": "`client_characteristics[]`",
    "group_form": "`group_forms[]`",
    "implementation": "`implementation` / `implementations[]`",
    "registration_code": "`registration_codes[]`",
    "link": "`links[]`",
    "download": "`downloads[]`",
    "video": "`videos[]`",
    "region": "`available_regions[]` / `regions[]`",
    "township": "`available_townships[]` / `townships[]`",
    "neighbourhood": "`available_neighbourhoods[]` (2023)",
    "township_part": "`townshipParts[]` (2022)",
    "theme": "`themes[]` (2022)",
}


def _shapes(field: EvaField) -> str:
    return " and ".join(sorted(field.shapes))


def _row(field: EvaField) -> str:
    fate = FATES[field.fate]
    where = f"{fate} `{field.target}`" if field.fate in ("mapped", "fallback", "copy") else fate
    return f"| `{field.key}` | {field.label} | {where} | {_shapes(field)} | {field.note} |"


def coverage() -> str:
    """How many keys have each fate, per shape."""
    lines = ["| Fate | 2022 | 2023 |", "|---|---|---|"]
    for fate, name in FATES.items():
        counts = Counter(shape for f in EVA_FIELDS if f.fate == fate for shape in f.shapes)
        lines.append(f"| {name.strip('*')} | {counts['2022']} | {counts['2023']} |")
    return "\n".join(lines)


def render() -> str:
    """The coverage and one table per part of Eva's export."""
    parts = ["### Coverage", "", coverage(), ""]
    for resource, title in RESOURCES.items():
        parts += [
            f"### {title}",
            "",
            "| Eva key | Label | Fate | Shapes | How |",
            "|---|---|---|---|---|",
            *(_row(f) for f in EVA_FIELDS if f.resource == resource),
            "",
        ]
    return "\n".join(parts)


def generated_block(text: str) -> str:
    """The part of *text* between the markers."""
    return text.split(BEGIN, 1)[1].split(END, 1)[0].strip("\n")


if __name__ == "__main__":
    import sys

    if "--write" in sys.argv:
        text = DOC.read_text(encoding="utf-8")
        head, rest = text.split(BEGIN, 1)
        DOC.write_text(f"{head}{BEGIN}\n{render()}\n{END}{rest.split(END, 1)[1]}", encoding="utf-8")
    else:
        print(render())
