"""``eva db``: managing the schema of a SQL database of instruments, and checking any store."""

from __future__ import annotations

from typing import Annotated

import typer

from eva_core.domain import EvaError, say

from ._render import fail, show
from ._usage import Command, Group

db = typer.Typer(cls=Group, help="Beheer een SQL-database met instrumenten.", no_args_is_help=True)


@db.command("upgrade", cls=Command)
def db_upgrade(url: Annotated[str, typer.Argument(help="sqlite:///pad/eva.db of postgresql+psycopg://...")]) -> None:
    """Breng het schema van de database naar de versie van deze eva_core (veilig om te herhalen)."""
    from eva_core.storage import upgrade

    try:
        revision = upgrade(url)
    except EvaError as error:
        raise fail(str(error)) from None
    show(say("cli.db.upgraded", url=url, revision=revision))


@db.command("check", cls=Command)
def db_check(url: Annotated[str, typer.Argument(help="sqlite:///pad/eva.db, json:///pad/catalogus.json, ...")]) -> None:
    """Controleer de hele opslag (elke pagina van een SQLite-database, de controlesom van een JSON-bestand).

    De opslag wordt alleen gelezen, nooit beschreven.
    """
    from eva_core.storage import open_repository

    try:
        with open_repository(url) as repository:
            repository.check()
    except EvaError as error:
        raise fail(str(error)) from None
    show(say("cli.db.checked", url=url))
