"""The campaign's PostgreSQL cases use the storage tests' schema of this run; drop it at the end."""

import pytest

from tests.storage.stores import drop_made_schemas


@pytest.fixture(scope="session", autouse=True)
def _drop_postgres_schema():
    yield
    drop_made_schemas()
