"""What the ``eva`` command prints: the two consoles, one-line failures and the tables shared by commands."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from eva_core import Match

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print *message* as one ``eva:`` line on standard error; raise what this returns to stop."""
    err.print(f"eva: {message}", markup=False)
    return typer.Exit(code)


def print_matches(matches: list[Match]) -> None:
    """The ranked instruments with score, provider and the reasons they scored."""
    table = Table("#", "Score", "Instrument", "Aanbieder", "Waarom", title="Best passende instrumenten")
    for place, match in enumerate(matches, start=1):
        why = "; ".join(str(r) for r in match.reasons) or "(geen voorkeur opgegeven)"
        table.add_row(str(place), f"{match.score:g}", match.instrument.name, match.instrument.provider.name, why)
    out.print(table)


def print_report(file: Path, errors: list[dict[str, str]], warnings: list[dict[str, str]]) -> None:
    """The errors and warnings of a checked file, each with its field, row or path, and code."""
    for title, rows in (("Errors", errors), ("Warnings", warnings)):
        if rows:
            table = Table("Veld", "Regel", "Probleem", title=f"{title} ({len(rows)})")
            for row in rows:
                where = f"rij {row['row']}" if "row" in row else row["path"]
                table.add_row(f"{row['label']}\n{where}", row["code"], row["message"])
            out.print(table)
    out.print(f"{file}: {len(errors)} error(s), {len(warnings)} warning(s).")
