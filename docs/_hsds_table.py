"""Renders the mapping table of docs/hsds.md from `eva_core.hsds.MAPPING`, so the docs follow the export.

Run ``python docs/_hsds_table.py --write`` to update it; a test checks that docs/hsds.md holds the current one.
"""

from __future__ import annotations

import sys
from pathlib import Path

from eva_core.domain import field_info
from eva_core.hsds import MAPPED_RECORDS, MAPPING

BEGIN, END = "<!-- BEGIN GENERATED: python docs/_hsds_table.py --write -->", "<!-- END GENERATED -->"
DOC = Path(__file__).with_name("hsds.md")


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render() -> str:
    """Two tables: the fields that reach HSDS, then the fields HSDS has no place for."""
    order = {cls: n for n, cls in enumerate(MAPPED_RECORDS)}
    rows = sorted(MAPPING, key=lambda m: order[m.record])
    parts = ["### Where each field goes", "", "| Record | Field | Label | HSDS 3.0 | How |", "|---|---|---|---|---|"]
    for m in rows:
        if m.exported:
            label = field_info(m.record, m.field).label
            parts.append(f"| {m.record.__name__} | `{m.field}` | {label} | `{m.target}` | {_cell(m.note)} |")
    parts += ["", "### Fields with no place in HSDS", "", "| Record | Field | Label | Why |", "|---|---|---|---|"]
    for m in rows:
        if not m.exported:
            label = field_info(m.record, m.field).label
            parts.append(f"| {m.record.__name__} | `{m.field}` | {label} | {_cell(m.note)} |")
    return "\n".join(parts)


def generated_block(text: str) -> str:
    """The part of *text* between the markers."""
    return text.split(BEGIN, 1)[1].split(END, 1)[0].strip("\n")


if __name__ == "__main__":
    if "--write" in sys.argv:
        text = DOC.read_text(encoding="utf-8")
        head, rest = text.split(BEGIN, 1)
        DOC.write_text(f"{head}{BEGIN}\n{render()}\n{END}{rest.split(END, 1)[1]}", encoding="utf-8")
    else:
        print(render())
