"""Renders the API page, docs/api.md, from `eva_core.__all__` and the subpackages' own `__all__`.

Run ``python docs/_api_page.py --write`` after changing the public surface; a test checks that docs/api.md holds
the current page.
"""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import eva_core

SUBPACKAGES = (
    "domain",
    "convert",
    "schema",
    "search",
    "storage",
    "areas",
    "analysis",
    "hsds",
    "tabular",
    "files",
    "testing",
    "demo",
)
BEGIN, END = "<!-- BEGIN GENERATED: python docs/_api_page.py --write -->", "<!-- END GENERATED -->"
DOC = Path(__file__).with_name("api.md")


def _summary(obj: object) -> str:
    doc = inspect.getdoc(obj) or ""
    return doc.split("\n\n", 1)[0].replace("\n", " ").replace("|", "\\|")


def _kind(obj: object) -> str:
    if inspect.isclass(obj):
        return "exception" if issubclass(obj, BaseException) else "class"
    return "function" if callable(obj) else "constant"


def render() -> str:
    """The generated part of docs/api.md: the top-level names by group, then each subpackage's names."""
    parts = ["## `eva_core`", ""]
    for group, names in eva_core._GROUPS.items():  # noqa: SLF001 - the one list of groups
        parts += [f"### {group}", "", "| Name | Kind | Also in | What it is |", "|---|---|---|---|"]
        for name, home in names.items():
            obj = getattr(eva_core, name)
            parts.append(f"| `{name}` | {_kind(obj)} | `{home}` | {_summary(obj)} |")
        parts.append("")
    for short in SUBPACKAGES:
        module = importlib.import_module(f"eva_core.{short}")
        names = ", ".join(f"`{name}`" for name in sorted(module.__all__, key=str.casefold))
        parts += [f"## `eva_core.{short}`", "", _summary(module), "", names, ""]
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
