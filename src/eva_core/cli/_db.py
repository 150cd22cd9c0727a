"""``eva db``: managing the schema of a SQL database of instruments."""

from __future__ import annotations

from typing import Annotated

import typer
from sqlalchemy.exc import ArgumentError

from eva_core import EvaError
from eva_core.storage import upgrade

from ._render import fail, out

db = typer.Typer(help="Manage a SQL database of instruments.", no_args_is_help=True)


@db.command("upgrade")
def db_upgrade(url: Annotated[str, typer.Argument(help="sqlite:///path/eva.db or postgresql+psycopg://...")]) -> None:
    """Bring the database's schema to this eva_core's version (safe to repeat)."""
    try:
        revision = upgrade(url)
    except EvaError as error:
        raise fail(str(error)) from None
    except ArgumentError as error:
        raise fail(f"not a database URL: {error}") from None
    out.print(f"{url}: schema at revision {revision}.")
