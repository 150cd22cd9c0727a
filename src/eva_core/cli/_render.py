"""What the ``eva`` command prints: the two consoles, one-line failures and the tables shared by commands.

Every text comes from the message catalogue (``cli.`` keys), so the command speaks Dutch throughout.
"""

from __future__ import annotations

import errno
import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.table import Table

from eva_core.domain import Message, say

if TYPE_CHECKING:
    from eva_core.search import Match

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


def show(message: Message | str) -> None:
    """Print *message* for the user, on standard output."""
    out.print(str(message), markup=False)


def note(message: Message | str) -> None:
    """Print *message* on standard error: progress and side remarks that are not the command's result."""
    err.print(str(message), markup=False, soft_wrap=True)


def fail(message: Message | str, code: int = 1) -> typer.Exit:
    """Print *message* as one ``eva:`` line on standard error; raise what this returns to stop.

    The line is never broken at the console's width, so a script reading standard error sees one line.
    """
    err.print(f"eva: {message}", markup=False, soft_wrap=True)
    return typer.Exit(code)


def cannot_read(path: Path | str, error: OSError | ValueError) -> Message:
    """Why *path* could not be read, in Dutch, whatever language the operating system speaks."""
    if isinstance(error, json.JSONDecodeError):
        return say("cli.file.not-json", path=str(path), line=error.lineno, column=error.colno)
    if not isinstance(error, OSError):
        return say("cli.file.unreadable", path=str(path), detail=str(error))
    if error.errno == errno.ENOENT:
        return say("cli.file.not-found", path=str(path))
    if error.errno in (errno.EACCES, errno.EPERM):
        return say("cli.file.no-access", path=str(path))
    if error.errno == errno.EISDIR:
        return say("cli.file.is-folder", path=str(path))
    detail = errno.errorcode.get(error.errno or 0, type(error).__name__)
    return say("cli.file.unreadable", path=str(path), detail=detail)


def cannot_write(path: Path | str, error: OSError) -> Message:
    """Why *path* could not be written, in Dutch, whatever language the operating system speaks."""
    if error.errno == errno.ENOENT:
        return say("cli.file.no-folder", path=str(path))
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return say("cli.file.no-write", path=str(path))
    if error.errno == errno.EISDIR:
        return say("cli.file.is-folder", path=str(path))
    if error.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        return say("cli.file.full", path=str(path))
    detail = errno.errorcode.get(error.errno or 0, type(error).__name__)
    return say("cli.file.unwritable", path=str(path), detail=detail)


def print_matches(matches: list[Match]) -> None:
    """The ranked instruments with score, provider and the reasons they scored."""
    table = Table(
        "#",
        str(say("cli.column.score")),
        str(say("cli.column.instrument")),
        str(say("cli.column.provider")),
        str(say("cli.column.why")),
        title=str(say("cli.matches.title")),
    )
    for place, match in enumerate(matches, start=1):
        why = "; ".join(str(r) for r in match.reasons) or str(say("cli.matches.no-preference"))
        score = str(say("cli.score", score=match.score))
        table.add_row(str(place), score, match.instrument.name, match.instrument.provider.name, why)
    out.print(table)


def print_report(file: Path, errors: list[dict[str, str]], warnings: list[dict[str, str]]) -> None:
    """The errors and warnings of a checked file, each with its field, row or path, and code."""
    for title, rows in (("cli.report.errors", errors), ("cli.report.warnings", warnings)):
        if rows:
            table = Table(
                str(say("cli.column.field")),
                str(say("cli.column.rule")),
                str(say("cli.column.problem")),
                title=str(say(title, count=len(rows))),
            )
            for row in rows:
                where = _where(row)
                table.add_row(f"{row['label']}\n{where}", row["code"], row["message"])
            out.print(table)
    show(say("cli.report.summary", file=str(file), errors=len(errors), warnings=len(warnings)))


def _where(row: dict[str, str]) -> str:
    """Where a problem sits: row and column of a spreadsheet, an instrument of a JSON file, else its path."""
    if "row" in row and "column" in row:
        return str(say("cli.report.cell", row=row["row"], column=row["column"]))
    if "row" in row:
        return str(say("cli.report.row", row=row["row"]))
    if "instrument" in row:
        return f"{say('cli.report.instrument', row=row['instrument'])} {row['path']}"
    return row["path"]
