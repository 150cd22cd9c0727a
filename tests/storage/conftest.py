"""Store factories for the contract suite: each makes a new, empty store and returns its opener."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from eva_core.storage import JsonRepository, MemoryRepository, SqlRepository
from eva_core.storage._schema import metadata

POSTGRES_URL = os.environ.get("EVA_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
POSTGRES_SCHEMA = f"eva_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
"""This run's own schema, so that two runs on one server (two CI jobs, a developer and CI) never meet."""
_schema_made = False


def postgres_test_url() -> str:
    """The server URL with this run's schema as the search path."""
    return f"{POSTGRES_URL}?options=-csearch_path%3D{POSTGRES_SCHEMA}"


def memory_store():
    repository = MemoryRepository()
    return lambda: repository


def json_store():
    folder = Path(tempfile.mkdtemp(prefix="eva-json-"))
    return lambda: JsonRepository(folder / "catalogue.json")


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


def postgres_engine_or_skip() -> sa.Engine:
    """An engine on a clean test schema; skips with the reason outside CI, fails under CI=true."""
    global _schema_made  # noqa: PLW0603 - one schema per run, dropped when the run ends
    try:
        admin = sa.create_engine(POSTGRES_URL)
        with admin.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {POSTGRES_SCHEMA} CASCADE")
            connection.exec_driver_sql(f"CREATE SCHEMA {POSTGRES_SCHEMA}")
        admin.dispose()
        _schema_made = True
    except (sa.exc.OperationalError, ImportError) as error:
        reason = f"no PostgreSQL server answers at {POSTGRES_URL} ({type(error).__name__})"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason}; under CI=true the PostgreSQL tests must run")
        pytest.skip(reason)
    return sa.create_engine(postgres_test_url(), pool_pre_ping=True)


@pytest.fixture(scope="session", autouse=True)
def _drop_postgres_schema():
    """Drop this run's schema at the end, if a test made it."""
    yield
    if _schema_made:
        admin = sa.create_engine(POSTGRES_URL)
        with contextlib.suppress(sa.exc.SQLAlchemyError), admin.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {POSTGRES_SCHEMA} CASCADE")
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_factory():
    engine = postgres_engine_or_skip()
    SqlRepository(engine)  # sets up the schema once

    def new_store():
        with engine.begin() as connection:
            names = ", ".join(table.name for table in metadata.sorted_tables)
            connection.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
        return lambda: SqlRepository(engine)

    yield new_store
    engine.dispose()
