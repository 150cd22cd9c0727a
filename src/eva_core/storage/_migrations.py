"""The SQL schema's version: read it, check it on open, and bring it up to date with the shipped migrations.

Opening a database only compares the stored revision with `HEAD` and `REVISIONS`, which are constants (a test
checks them against the migration scripts), so opening imports no Alembic and reads no script. Alembic is
imported when a schema is actually made or upgraded.
"""

from __future__ import annotations

from importlib.resources import files
from typing import TYPE_CHECKING, Final

import sqlalchemy as sa
from sqlalchemy import Connection, Engine

from eva_core.domain import say
from eva_core.storage import _schema as s
from eva_core.storage._errors import SchemaMismatch

if TYPE_CHECKING:
    from alembic.config import Config

__all__ = [
    "HEAD",
    "REVISIONS",
    "UPGRADE_LOCK",
    "VERSION_TABLE",
    "alembic_config",
    "check_schema",
    "schema_revision",
    "stored_revision",
    "upgrade_on",
    "where",
]

VERSION_TABLE: Final = "eva_alembic_version"
REVISIONS: Final = ("0001", "0002", "0003", "0004", "0005")
"""Every revision this eva_core ships, oldest first."""
HEAD: Final = REVISIONS[-1]
UPGRADE_LOCK: Final = 0x6576615F73636865  # "eva_sche": the advisory lock key schema changes take on PostgreSQL


def alembic_config(connection: Connection) -> Config:
    """An Alembic configuration that runs the shipped migrations on *connection*."""
    from alembic.config import Config  # noqa: PLC0415 - Alembic is needed only to change a schema

    config = Config()
    config.set_main_option("script_location", str(files("eva_core.storage") / "migrations"))
    config.attributes["connection"] = connection
    return config


def stored_revision(connection: Connection) -> str | None:
    """The revision recorded in the database, or None when eva_core has not set it up."""
    if not sa.inspect(connection).has_table(VERSION_TABLE):
        return None
    return connection.exec_driver_sql(f"SELECT version_num FROM {VERSION_TABLE}").scalar()  # noqa: S608 - a constant


def schema_revision(engine: Engine) -> str | None:
    """The schema revision of the database, or None when eva_core has not set it up."""
    with engine.connect() as connection:
        return stored_revision(connection)


def where(engine: Engine) -> str:
    """The database's URL without its password, for messages."""
    return engine.url.render_as_string(hide_password=True)


def upgrade_on(engine: Engine, *, only_new: bool = False) -> str:
    """Bring the database's schema to `HEAD`; errors are the caller's to translate.

    The decision is made under the lock that schema changes take (an advisory lock on PostgreSQL, the write
    lock on SQLite), so processes that open a new database together set it up once and agree on the result.
    With *only_new* (opening, not ``eva db upgrade``) only an empty database is set up; one at an older schema
    is refused, and one a process set up meanwhile is accepted.
    """
    from alembic import command  # noqa: PLC0415 - Alembic is needed only to change a schema

    with engine.connect() as connection:
        connection.execution_options(eva_write=True)  # SQLite: BEGIN IMMEDIATE, so set-ups queue up
        with connection.begin():
            if connection.dialect.name == "postgresql":
                connection.execute(sa.select(sa.func.pg_advisory_xact_lock(UPGRADE_LOCK)))
            current = stored_revision(connection)
            if current is not None and current not in REVISIONS:
                raise SchemaMismatch(say("error.schema-mismatch.newer", where=where(engine), revision=current))
            if only_new and current is None and set(sa.inspect(connection).get_table_names()) & set(s.metadata.tables):
                raise SchemaMismatch(say("error.schema-mismatch.no-version", where=where(engine)))
            if only_new and current not in (None, HEAD):
                raise SchemaMismatch(say("error.schema-mismatch.older", where=where(engine), revision=current))
            command.upgrade(alembic_config(connection), "head")
    return HEAD


def check_schema(engine: Engine) -> None:
    """Set up a new, empty database; refuse one at another schema than this eva_core's."""
    current = schema_revision(engine)
    if current is None:
        upgrade_on(engine, only_new=True)
    elif current not in REVISIONS:
        raise SchemaMismatch(say("error.schema-mismatch.newer", where=where(engine), revision=current))
    elif current != HEAD:
        raise SchemaMismatch(say("error.schema-mismatch.older", where=where(engine), revision=current))
