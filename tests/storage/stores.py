"""Stores for the storage tests: each helper makes a new, empty store and returns its opener.

A plain module (the fixtures in conftest.py build on it), so tests import these by name, never conftest.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from eva_core.storage import JsonRepository, MemoryRepository

POSTGRES_URL = os.environ.get("EVA_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
made: list[str] = []
"""The schemas this run made, dropped when it ends."""
POSTGRES_SCHEMA = f"eva_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
"""This run's own schema, so that two runs on one server (two CI jobs, a developer and CI) never meet."""


def postgres_test_url() -> str:
    """The server URL with this run's schema as the search path."""
    return f"{POSTGRES_URL}?options=-csearch_path%3D{POSTGRES_SCHEMA}"


def memory_store():
    repository = MemoryRepository()
    return lambda: repository


def json_store():
    folder = Path(tempfile.mkdtemp(prefix="eva-json-"))
    return lambda: JsonRepository(folder / "catalogue.json")


def postgres_engine_or_skip() -> sa.Engine:
    """An engine on a clean test schema; skips with the reason outside CI, fails under CI=true."""
    try:
        admin = sa.create_engine(POSTGRES_URL)
        with admin.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {POSTGRES_SCHEMA} CASCADE")
            connection.exec_driver_sql(f"CREATE SCHEMA {POSTGRES_SCHEMA}")
        admin.dispose()
        made.append(POSTGRES_SCHEMA)
    except (sa.exc.OperationalError, ImportError) as error:
        reason = f"no PostgreSQL server answers at {POSTGRES_URL} ({type(error).__name__})"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason}; under CI=true the PostgreSQL tests must run")
        pytest.skip(reason)
    return sa.create_engine(postgres_test_url(), pool_pre_ping=True)


def drop_made_schemas() -> None:
    """Drop the schemas this run made (at the end of the session)."""
    if made:
        admin = sa.create_engine(POSTGRES_URL)
        with contextlib.suppress(sa.exc.SQLAlchemyError), admin.begin() as connection:
            for schema in made:
                connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        admin.dispose()
