"""``eva db``: managing the schema of a SQL database of instruments."""

from __future__ import annotations

from typing import Annotated

import typer
from sqlalchemy.exc import ArgumentError

from eva_core import EvaError
from eva_core.domain import say
from eva_core.storage import upgrade

from ._render import fail, show
from ._usage import Command, Group

db = typer.Typer(cls=Group, help="Beheer een SQL-database met instrumenten.", no_args_is_help=True)


@db.command("upgrade", cls=Command)
def db_upgrade(url: Annotated[str, typer.Argument(help="sqlite:///pad/eva.db of postgresql+psycopg://...")]) -> None:
    """Breng het schema van de database naar de versie van deze eva_core (veilig om te herhalen)."""
    try:
        revision = upgrade(url)
    except EvaError as error:
        raise fail(str(error)) from None
    except ArgumentError:
        raise fail(say("cli.not-a-url", url=url)) from None
    show(say("cli.db.upgraded", url=url, revision=revision))
