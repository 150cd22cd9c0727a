"""Every adapter passes the same contract suite and the same state machine."""

import pytest

from eva_core.testing import RepositoryContract, repository_state_machine
from tests.storage.stores import json_store, memory_store


class TestMemoryRepository(RepositoryContract):
    @pytest.fixture(scope="class")
    @classmethod
    def new_store(cls):
        return memory_store


class TestJsonRepository(RepositoryContract):
    @pytest.fixture(scope="class")
    @classmethod
    def new_store(cls):
        return json_store


class TestSqliteRepository(RepositoryContract):
    @pytest.fixture(scope="class")
    @classmethod
    def new_store(cls, sqlite_factory):
        return sqlite_factory


class TestPostgresRepository(RepositoryContract):
    @pytest.fixture(scope="class")
    @classmethod
    def new_store(cls, postgres_factory):
        return postgres_factory


TestMemoryMachine = repository_state_machine(memory_store).TestCase
TestJsonMachine = repository_state_machine(json_store).TestCase


@pytest.fixture
def sqlite_machine(sqlite_factory):
    return repository_state_machine(sqlite_factory)


@pytest.fixture
def postgres_machine(postgres_factory):
    return repository_state_machine(postgres_factory)


def test_sqlite_agrees_with_the_model(sqlite_machine):
    from hypothesis.stateful import run_state_machine_as_test

    run_state_machine_as_test(sqlite_machine)


def test_postgres_agrees_with_the_model(postgres_machine):
    from hypothesis.stateful import run_state_machine_as_test

    run_state_machine_as_test(postgres_machine)
