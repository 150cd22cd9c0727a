"""The ``eva`` tool: its commands, in the order ``eva --help`` lists them. Errors are one ``eva:`` line.

Commands live in modules by what they work on (`_demo`, `_matching`, `_analysis`, `_files`, `_db`); options
they share and parsing of option values in `_options`; what they print in `_render`.
"""

from __future__ import annotations

import typer

from ._analysis import coverage_, quality
from ._db import db
from ._demo import demo
from ._files import export, import_, template, validate
from ._matching import match, search

app = typer.Typer(
    name="eva",
    help="Work with instruments in the Eva Instrumentenformat 2023.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command()(demo)
app.command()(match)
app.command()(search)
app.command("coverage")(coverage_)
app.command()(quality)
app.add_typer(db, name="db")
app.command()(validate)
app.command("import")(import_)
app.command()(export)
app.command()(template)
