"""Commands of the ``eva`` tool. Errors are one line of plain language and a non-zero exit."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.exc import ArgumentError

from eva_core import (
    Criteria,
    EvaError,
    Problem,
    Tile,
    UnsupportedFormat,
    parse_json,
    validate_catalogue,
    validate_instrument,
)
from eva_core.demo import DEMO_TODAY, demo_catalogue
from eva_core.storage import add_catalogue, open_repository, upgrade

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


DEMO_DATABASE = Path(".eva-demo") / "eva.db"


@app.command()
def demo(
    database: Annotated[Path, typer.Option(help="The SQLite file to create the demo in.")] = DEMO_DATABASE,
) -> None:
    """Store the demo catalogue in an embedded SQLite database and show what it offers per tile."""
    database.parent.mkdir(parents=True, exist_ok=True)
    for stale in (database, database.with_name(database.name + "-wal"), database.with_name(database.name + "-shm")):
        stale.unlink(missing_ok=True)
    url = f"sqlite:///{database}"
    with open_repository(url) as repository:
        added = add_catalogue(repository, demo_catalogue(), label="eva demo")
        published = [s.instrument for s in repository.query(Criteria(published_on=DEMO_TODAY))]
    _out.print(
        f"Demo catalogue: {added} instruments of {len({i.organisation.id for i in demo_catalogue()})} "
        f"organisations stored in {url}; {len(published)} published on {DEMO_TODAY.isoformat()}."
    )
    per_tile = Counter(t for i in published for t in i.tiles)
    table = Table("Tegel", "Instrumenten", "Voorbeelden")
    for tile in Tile:
        names = sorted(i.name for i in published if tile in i.tiles)
        table.add_row(tile.label, str(per_tile[tile]), ", ".join(names[:3]) + (" ..." if len(names) > 3 else ""))
    _out.print(table)


db = typer.Typer(help="Manage a SQL database of instruments.", no_args_is_help=True)
app.add_typer(db, name="db")


@db.command("upgrade")
def db_upgrade(url: Annotated[str, typer.Argument(help="sqlite:///path/eva.db or postgresql+psycopg://...")]) -> None:
    """Bring the database's schema to this eva_core's version (safe to repeat)."""
    try:
        revision = upgrade(url)
    except EvaError as error:
        raise _fail(str(error)) from None
    except ArgumentError as error:
        raise _fail(f"not a database URL: {error}") from None
    _out.print(f"{url}: schema at revision {revision}.")


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
