"""Commands of the ``eva`` tool. Errors are one line of plain language and a non-zero exit."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from eva_core import (
    Problem,
    Tile,
    UnsupportedFormat,
    parse_json,
    validate_catalogue,
    validate_instrument,
)
from eva_core.demo import DEMO_TODAY, demo_catalogue

app = typer.Typer(
    name="eva",
    help="Work with instruments in the Eva Instrumentenformat 2023.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
_out = Console(highlight=False)
_err = Console(stderr=True, highlight=False)


def _fail(message: str, code: int = 1) -> typer.Exit:
    _err.print(f"eva: {message}", markup=False)
    return typer.Exit(code)


@app.command()
def demo() -> None:
    """Load the demo catalogue and show what it offers per tile of the werklandschap."""
    catalogue = demo_catalogue()
    published = [i for i in catalogue if i.is_published(DEMO_TODAY)]
    _out.print(
        f"Demo catalogue: {len(catalogue)} instruments of {len({i.organisation.id for i in catalogue})} "
        f"organisations; {len(published)} published on {DEMO_TODAY.isoformat()}."
    )
    per_tile = Counter(t for i in published for t in i.tiles)
    table = Table("Tegel", "Instrumenten", "Voorbeelden")
    for tile in Tile:
        names = sorted(i.name for i in published if tile in i.tiles)
        table.add_row(tile.label, str(per_tile[tile]), ", ".join(names[:3]) + (" ..." if len(names) > 3 else ""))
    _out.print(table)


@app.command()
def validate(
    file: Annotated[Path, typer.Argument(help="A JSON document of instruments, or one instrument.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Check a file against every rule of the format; exit 1 when there are errors."""
    try:
        data = parse_json(file.read_bytes())
    except OSError as error:
        raise _fail(f"cannot read {file}: {error.strerror or error}") from None
    except ValueError as error:
        raise _fail(f"{file} is not valid JSON: {error}") from None
    errors, warnings = _check(data)
    if as_json:
        _out.print_json(json.dumps({"errors": errors, "warnings": warnings}, ensure_ascii=False))
    else:
        for title, rows in (("Errors", errors), ("Warnings", warnings)):
            if rows:
                table = Table("Veld", "Regel", "Probleem", title=f"{title} ({len(rows)})")
                for row in rows:
                    table.add_row(f"{row['label']}\n{row['path']}", row["code"], row["message"])
                _out.print(table)
        _out.print(f"{file}: {len(errors)} error(s), {len(warnings)} warning(s).")
    if errors:
        raise typer.Exit(1)


def _check(data: Any) -> tuple[list[dict[str, str]], list[dict[str, str]]]:  # noqa: ANN401
    if isinstance(data, dict) and "format" in data:
        try:
            report = validate_catalogue(data)
        except UnsupportedFormat as error:
            raise _fail(str(error)) from None
    else:
        report = validate_instrument(data)

    def rows(problems: tuple[Problem, ...]) -> list[dict[str, str]]:
        return [{"path": p.path, "label": p.label, "code": p.code, "message": p.message} for p in problems]

    return rows(report.errors), rows(report.warnings)
