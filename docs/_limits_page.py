"""Renders the tables of docs/limits.md from the code's own constants, so the page follows the code.

Run ``python docs/_limits_page.py --write`` to update the page; a test checks that docs/limits.md holds the
current tables.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

import attrs

import eva_core
from eva_core.domain import (
    HOURS_IN_A_WEEK,
    ID_MAX_LENGTH,
    ID_PATTERN,
    MAX_AMOUNT,
    MAX_DURATION,
    SHORT_TEXT,
    TEXT_MAX_LENGTH,
    EvaError,
    FieldInfo,
    Kind,
    Rating,
    _record,
    dutch_number,
    fields_of,
)
from eva_core.files import Limits
from eva_core.storage import JsonRepository, SqlRepository
from eva_core.storage._feed import DEFAULT_LIMIT

sys.path.insert(0, str(Path(__file__).parent))
from _format_table import RECORDS

BEGIN, END = "<!-- BEGIN GENERATED: python docs/_limits_page.py --write -->", "<!-- END GENERATED -->"
DOC = Path(__file__).with_name("limits.md")
PUBLIC_HOMES = (
    "eva_core",
    "eva_core.domain",
    "eva_core.storage",
    "eva_core.areas",
    "eva_core.convert",
    "eva_core.files",
)
"""Where a reader imports an error from, first match wins."""
LEFT_OUT = ("eva_core.service", "eva_core.cli")
"""Errors of the web service and the command line are their pages' business (service.md, cli.md)."""


def _fields(test: Callable[[FieldInfo], bool]) -> str:
    """The ``Record.field`` names whose field passes *test*, in the format page's order."""
    names = [f"{cls.__name__}.{f.name}" for cls in RECORDS for f in fields_of(cls) if test(f)]
    return ", ".join(f"`{n}`" for n in names)


def _ranges(pattern: re.Pattern[str], keep: Callable[[str], bool] = lambda _: True) -> str:
    """The code points (of the Basic Multilingual Plane) *pattern* matches, as U+ ranges."""
    points = [p for p in range(0x10000) if pattern.fullmatch(chr(p)) and keep(chr(p))]
    spans: list[list[int]] = []
    for point in points:
        if spans and spans[-1][1] == point - 1:
            spans[-1][1] = point
        else:
            spans.append([point, point])
    return ", ".join(f"U+{a:04X}" if a == b else f"U+{a:04X}–U+{b:04X}" for a, b in spans)


def _texts(length: int) -> Callable[[FieldInfo], bool]:
    return lambda f: f.kind is Kind.TEXT and f.max_length == length and not f.identifier and not f.pattern


def _default(function: Callable[..., object], name: str) -> object:
    return inspect.signature(function).parameters[name].default


def render_limits() -> str:
    """Every limit of a value, with the constant it comes from and the fields it guards."""
    lengths = sorted(
        {f.max_length for cls in RECORDS for f in fields_of(cls) if f.kind is Kind.TEXT and f.max_length} - {None}
    )
    rows = [
        "| Limit | Value | Code when broken | Where |",
        "|---|---|---|---|",
        f"| Id: length | at most {ID_MAX_LENGTH} characters (`ID_MAX_LENGTH`) | `too-long` | "
        f"{_fields(lambda f: f.identifier)}; an `Actor`'s organisation |",
        f"| Id: alphabet | `{ID_PATTERN}` (`ID_PATTERN`): ASCII letters, digits, `.`, `_`, `-`; "
        "starts with a letter or digit | `id-format` | every id |",
    ]
    for length in lengths:
        if length == ID_MAX_LENGTH or not (where := _fields(_texts(length))):
            continue
        name = {SHORT_TEXT: " (`SHORT_TEXT`)", TEXT_MAX_LENGTH: " (`TEXT_MAX_LENGTH`)"}.get(length, "")
        extra = "; an `Actor`'s label" if length == SHORT_TEXT else ""
        rows.append(f"| Text: length | at most {dutch_number(length)} characters{name} | `too-long` | {where}{extra} |")
    rows += [
        f"| Amount | € 0 to € {dutch_number(MAX_AMOUNT)} (`MAX_AMOUNT`), whole cents | "
        f"`negative`, `too-large`, `cents` | {_fields(lambda f: f.kind is Kind.AMOUNT)} |",
    ]
    wholes: dict[tuple[int, int, str], list[str]] = {}
    for cls in RECORDS:
        for f in fields_of(cls):
            if f.kind is Kind.WHOLE and f.maximum is not None:
                code = "`score-range`" if cls is Rating else "`negative`, `too-large`"
                wholes.setdefault((int(f.minimum or 0), int(f.maximum), code), []).append(f"`{cls.__name__}.{f.name}`")
    for (low, high, code), where in wholes.items():
        constant = {MAX_DURATION: " (`MAX_DURATION`)", HOURS_IN_A_WEEK: " (the hours of a week)"}.get(high, "")
        rows.append(f"| Whole number | {low} to {dutch_number(high)}{constant} | {code} | {', '.join(where)} |")
    # The very patterns the domain checks with, so the page cannot promise other characters.
    control = _ranges(_record._CONTROL)  # noqa: SLF001
    bidi = _ranges(_record._BIDI)  # noqa: SLF001
    invisible = _ranges(_record._BLANK, lambda c: not c.isspace())  # noqa: SLF001
    rows += [
        f"| Control characters | none of {control} (tab, line feed and carriage return are fine) | "
        "`control-character` | every text and id |",
        "| Surrogates | no lone UTF-16 surrogate (U+D800–U+DFFF) | `surrogate` | every text and id |",
        f"| Direction overrides | none of {bidi} (marks such as U+200F are fine) | `bidi-control` | every text |",
        f"| Blank | a required text shows something: white space and {invisible} alone count as empty | "
        "`required` | every required text; an `Actor`'s label |",
        "| Unicode form | text enters composed (NFC): `e` + U+0308 is stored, compared and searched as `ë` | "
        "(never refused) | every text, choice label and `Actor` label |",
    ]
    return "\n".join(rows) + "\n"


_READING = {
    "max_rows": "rows that hold a value",
    "max_columns": "columns, up to the last one that holds a value",
    "max_cells": "cells that hold a value",
    "max_bytes": "bytes read (for XLSX every uncompressed part together, so a zip bomb stops there)",
}


def render_operations() -> str:
    """Limits of reading and storing, with their defaults."""
    rows = [
        "| Limit | Default | Error when reached |",
        "|---|---|---|",
    ]
    for field in attrs.fields(Limits):
        what = _READING.get(field.name, field.name.removeprefix("max_"))
        value = f"{field.default // 2**20} MiB" if field.name == "max_bytes" else dutch_number(field.default)
        rows.append(
            f"| Reading a JSON, CSV or XLSX file: {what} | {value} (`Limits({field.name}=)`) | "
            "`FileTooLarge` (`file-too-large`) |"
        )
    rows += [
        f"| JSON store: waiting for another writer's lock | {_default(JsonRepository, 'lock_timeout')} s "
        "(`JsonRepository(lock_timeout=)`) | `StoreBusy` (`store-busy`) |",
        f"| SQLite: waiting for another writer | {_default(SqlRepository, 'busy_timeout')} s "
        "(`SqlRepository(busy_timeout=)`) | `StoreBusy` (`store-busy`) |",
        f"| SQLite: quick check of every page on open | at most {_default(SqlRepository, 'check_seconds')} s "
        "(`SqlRepository(check_seconds=)`); a longer check stops and the file opens unchecked | "
        "`CorruptStore` (`corrupt-store`) |",
        f"| Change feed: changes per call | {dutch_number(DEFAULT_LIMIT)} (`changes(limit=)`) | "
        "(the next call continues from the cursor) |",
        f"| JSON nesting of a file or store | Python's recursion limit ({dutch_number(sys.getrecursionlimit())} "
        "levels, less what the stack already holds) | `UnsupportedFormat` (`unsupported-format`), "
        "`InvalidAreaData` for an area file, `CorruptStore` for a store |",
    ]
    return "\n".join(rows) + "\n"


def _error_classes() -> list[type[EvaError]]:
    for module in pkgutil.walk_packages(eva_core.__path__, "eva_core."):
        if ".migrations" not in module.name and not module.name.startswith(LEFT_OUT):
            importlib.import_module(module.name)

    def below(cls: type[EvaError]) -> Iterable[type[EvaError]]:
        yield cls
        for sub in sorted(cls.__subclasses__(), key=lambda c: c.__name__):
            if not sub.__module__.startswith(LEFT_OUT):
                yield from below(sub)

    return list(below(EvaError))


def _home(cls: type) -> str:
    for home in PUBLIC_HOMES:
        module = importlib.import_module(home)
        if cls.__name__ in getattr(module, "__all__", ()) and getattr(module, cls.__name__) is cls:
            return home
    return cls.__module__


def _codes(cls: type[EvaError]) -> str:
    code = getattr(cls, "code", None)
    if isinstance(vars(cls).get("code"), property):
        return "the broken rule's code"
    codes = (code,) if isinstance(code, str) else tuple(vars(cls).get("codes", ()))
    return ", ".join(f"`{c}`" for c in codes) or "(each subclass's)"


def render_errors() -> str:
    """Every error eva_core raises on purpose, with its code, its parent and what it means."""
    rows = ["| Error | Import from | Code | Is a | Meaning |", "|---|---|---|---|---|"]
    for cls in _error_classes():
        parents = ", ".join(f"`{b.__name__}`" for b in cls.__bases__ if b is not EvaError)
        meaning = inspect.cleandoc(cls.__doc__ or "").split("\n\n")[0].replace("\n", " ").replace("|", "\\|")
        rows.append(f"| `{cls.__name__}` | `{_home(cls)}` | {_codes(cls)} | {parents} | {meaning} |")
    return "\n".join(rows) + "\n"


def render_all() -> str:
    """Everything generated in docs/limits.md, in order."""
    return (
        f"### Values\n\n{render_limits()}\n### Reading and storing\n\n{render_operations()}\n"
        f"### Errors\n\n{render_errors()}"
    )


def generated_block(text: str) -> str:
    """The part of *text* between the markers."""
    return text.split(BEGIN, 1)[1].split(END, 1)[0].strip("\n")


if __name__ == "__main__":
    if "--write" in sys.argv:
        text = DOC.read_text(encoding="utf-8")
        head, rest = text.split(BEGIN, 1)
        DOC.write_text(f"{head}{BEGIN}\n{render_all()}\n{END}{rest.split(END, 1)[1]}", encoding="utf-8")
    else:
        print(render_all())
