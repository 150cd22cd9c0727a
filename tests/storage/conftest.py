"""Store factories for the contract suite: each makes a new, empty store and returns its opener."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from eva_core.storage import SqlRepository
from eva_core.storage._schema import metadata
from tests.storage.stores import drop_made_schemas, postgres_engine_or_skip


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("sqlite") / "template.db"
    SqlRepository(f"sqlite:///{path}").close()
    return path


@pytest.fixture(scope="session")
def sqlite_factory(sqlite_template):
    def new_store():
        folder = Path(tempfile.mkdtemp(prefix="eva-sqlite-"))
        shutil.copy(sqlite_template, folder / "eva.db")
        return lambda: SqlRepository(f"sqlite:///{folder / 'eva.db'}")

    return new_store


@pytest.fixture(scope="session", autouse=True)
def _drop_postgres_schema():
    """Drop this run's schema at the end, if a test made it."""
    yield
    drop_made_schemas()


@pytest.fixture(scope="session")
def postgres_factory():
    engine = postgres_engine_or_skip()

    def new_store():
        # Sets up the schema when it is missing: postgres_engine_or_skip, called by a later test module for a
        # clean schema of its own, drops and recreates this run's schema under this session-wide fixture.
        SqlRepository(engine)
        with engine.begin() as connection:
            names = ", ".join(table.name for table in metadata.sorted_tables)
            connection.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
        return lambda: SqlRepository(engine)

    yield new_store
    engine.dispose()
