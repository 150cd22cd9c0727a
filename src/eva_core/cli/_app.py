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
from ._serve import key, serve
from ._usage import Command, Group

app = typer.Typer(
    name="eva",
    cls=Group,
    help="Werk met instrumenten in het Eva Instrumentenformat 2023.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command(cls=Command)(demo)
app.command(cls=Command)(match)
app.command(cls=Command)(search)
app.command("coverage", cls=Command)(coverage_)
app.command(cls=Command)(quality)
app.add_typer(db, name="db")
app.command(cls=Command)(validate)
app.command("import", cls=Command)(import_)
app.command(cls=Command)(export)
app.command(cls=Command)(template)
app.command(cls=Command)(serve)
app.command(cls=Command)(key)
