"""Bad things happen to stores: killed processes, failing disks, concurrent writers, damaged files."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from eva_core.demo import demo_catalogue
from eva_core.storage import (
    Actor,
    CorruptStore,
    JsonRepository,
    SchemaMismatch,
    SqlRepository,
    StaleVersion,
    StoreBusy,
    StoreError,
    StoreFull,
    add_catalogue,
)
from eva_core.storage._json import TEMP_PREFIX
from tests.storage.stores import postgres_engine_or_skip, postgres_test_url

UTRECHT = "werk-en-inkomen-utrecht"
BY = Actor(UTRECHT, "fault-test")
TARGET = "jobcoaching-utrecht"


def seeded_json(path: Path) -> JsonRepository:
    repository = JsonRepository(path)
    add_catalogue(repository, demo_catalogue(), label="seed")
    return repository


def bump(repository, retries: int = 200) -> None:
    """One read-modify-write of the target's intensity, retried when another writer got there first."""
    for _ in range(retries):
        stored = repository.get(TARGET)
        hours = stored.instrument.intensity_hours_per_week or 0
        try:
            repository.update(
                stored.instrument.evolve(intensity_hours_per_week=hours + 1), expected_version=stored.version, by=BY
            )
        except StaleVersion:
            continue
        else:
            return
    raise AssertionError("no progress")


# Killing a writer


WRITER = textwrap.dedent(
    """
    import sys
    from eva_core.storage import Actor, JsonRepository
    repository = JsonRepository(sys.argv[1])
    by = Actor("werk-en-inkomen-utrecht", "writer")
    print("ready", flush=True)
    while True:
        stored = repository.get("jobcoaching-utrecht")
        hours = (stored.instrument.intensity_hours_per_week or 0) % 150 + 1
        repository.update(stored.instrument.evolve(intensity_hours_per_week=hours), expected_version=stored.version, by=by)
    """
)


@pytest.mark.slow
def test_a_writer_killed_at_any_moment_never_leaves_an_unreadable_file(tmp_path):
    path = tmp_path / "catalogue.json"
    seeded_json(path)
    kills = 25
    rng = random.Random(20261128)

    for _ in range(kills):
        child = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE)
        assert child.stdout is not None
        child.stdout.readline()
        time.sleep(rng.uniform(0.0, 0.15))
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()

        reopened = JsonRepository(path)
        assert 47 == len(reopened.list())
        assert [] == list(tmp_path.glob(f"{TEMP_PREFIX}*"))  # swept on open


# Failing disks


@pytest.mark.parametrize("failing", ["write", "fsync", "replace"])
def test_an_os_error_during_save_leaves_the_old_file(tmp_path, monkeypatch, failing):
    path = tmp_path / "catalogue.json"
    repository = seeded_json(path)
    before = path.read_bytes()

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    if failing == "write":
        monkeypatch.setattr(os, "fdopen", broken)
    elif failing == "fsync":
        monkeypatch.setattr(os, "fsync", broken)
    else:
        monkeypatch.setattr(Path, "replace", broken)
    stored = repository.get(TARGET)

    with pytest.raises(StoreFull, match="er is niets opgeslagen"):
        repository.update(stored.instrument.evolve(name="Kwijt"), expected_version=stored.version, by=BY)
    monkeypatch.undo()

    assert before == path.read_bytes()
    assert [] == list(tmp_path.glob(f"{TEMP_PREFIX}*"))
    assert (stored.instrument, stored.version) == (repository.get(TARGET).instrument, repository.get(TARGET).version)


# Damaged files


def test_a_flipped_byte_is_reported_and_the_file_left_alone(tmp_path):
    path = tmp_path / "catalogue.json"
    seeded_json(path)
    damaged = bytearray(path.read_bytes())
    position = damaged.index(b"Jobcoaching")
    damaged[position] = ord("X")
    path.write_bytes(bytes(damaged))

    with pytest.raises(CorruptStore, match="controlesom"):
        JsonRepository(path)
    assert bytes(damaged) == path.read_bytes()


@pytest.mark.parametrize("keep", [0.0, 0.5, 0.99])
def test_a_truncated_file_is_reported_and_never_overwritten(tmp_path, keep):
    path = tmp_path / "catalogue.json"
    seeded_json(path)
    truncated = path.read_bytes()[: int(path.stat().st_size * keep)] or b"{"
    path.write_bytes(truncated)

    with pytest.raises(CorruptStore):
        JsonRepository(path)
    assert truncated == path.read_bytes()


def test_a_file_that_is_no_sqlite_database_is_reported(tmp_path):
    path = tmp_path / "eva.db"
    path.write_bytes(b"this is not a database, just text " * 100)

    with pytest.raises(CorruptStore):
        SqlRepository(f"sqlite:///{path}")
    assert b"this is not a database" in path.read_bytes()


def test_a_database_from_a_newer_eva_core_is_refused(tmp_path):
    path = tmp_path / "eva.db"
    SqlRepository(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE eva_alembic_version SET version_num = '9999'")

    with pytest.raises(SchemaMismatch, match="nieuwere eva_core"):
        SqlRepository(f"sqlite:///{path}")


def test_a_database_at_an_older_schema_asks_for_an_upgrade_and_then_opens(tmp_path):
    from alembic import command

    from eva_core.storage import upgrade
    from eva_core.storage._migrations import alembic_config as _alembic_config

    url = f"sqlite:///{tmp_path / 'eva.db'}"
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), "0001")
    engine.dispose()

    with pytest.raises(SchemaMismatch, match="eva db upgrade"):
        SqlRepository(url)
    assert "0005" == upgrade(url)
    assert [] == list(SqlRepository(url).ratings())


def test_an_unreachable_server_is_named_without_the_password():
    with pytest.raises(StoreError) as caught:
        SqlRepository("postgresql+psycopg://eva:geheim@127.0.0.1:1/eva?connect_timeout=2")

    assert "127.0.0.1" in str(caught.value)
    assert "geheim" not in str(caught.value)


def test_a_lock_held_too_long_is_store_busy(tmp_path):
    path = tmp_path / "eva.db"
    repository = SqlRepository(f"sqlite:///{path}", busy_timeout=0.2)
    add_catalogue(repository, demo_catalogue()[:3], label="seed")
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        stored = repository.get(TARGET)
        with pytest.raises(StoreBusy):
            repository.update(stored.instrument.evolve(name="Later"), expected_version=stored.version, by=BY)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert "Jobcoaching" == repository.get(TARGET).instrument.name


# Concurrent writers in separate processes


def _writer(url: str, rounds: int) -> None:
    from eva_core.storage import open_repository

    repository = open_repository(url)
    for _ in range(rounds):
        bump(repository)
    repository.close()


def _race(url: str, processes: int = 3, rounds: int = 15) -> None:
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_writer, args=(url, rounds)) for _ in range(processes)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=240)
        assert 0 == worker.exitcode


def _start_hours(repository) -> int:
    return repository.get(TARGET).instrument.intensity_hours_per_week or 0


def test_concurrent_writers_lose_no_update_on_json(tmp_path):
    path = tmp_path / "catalogue.json"
    start = _start_hours(seeded_json(path))

    _race(f"json://{path}")

    repository = JsonRepository(path)
    assert start + 45 == _start_hours(repository)
    assert 46 == repository.get(TARGET).version


def test_concurrent_writers_lose_no_update_on_sqlite(tmp_path):
    url = f"sqlite:///{tmp_path / 'eva.db'}"
    repository = SqlRepository(url)
    add_catalogue(repository, demo_catalogue(), label="seed")
    start = _start_hours(repository)

    _race(url)

    assert start + 45 == _start_hours(repository)
    assert 46 == repository.get(TARGET).version


def test_concurrent_writers_lose_no_update_on_postgresql():
    engine = postgres_engine_or_skip()
    repository = SqlRepository(engine)
    add_catalogue(repository, demo_catalogue(), label="seed")
    start = _start_hours(repository)

    _race(postgres_test_url())

    assert start + 45 == _start_hours(repository)
    assert 46 == repository.get(TARGET).version
    engine.dispose()


def test_migrations_build_exactly_the_declared_schema(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from eva_core.storage._schema import metadata

    engines = [sa.create_engine(f"sqlite:///{tmp_path / 'eva.db'}")]
    with contextlib.suppress(pytest.skip.Exception):
        engines.append(postgres_engine_or_skip())
    for engine in engines:
        SqlRepository(engine)
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"version_table": "eva_alembic_version"})
            assert [] == compare_metadata(context, metadata), engine.dialect.name
        engine.dispose()


def test_the_revision_constants_name_the_shipped_migrations():
    from alembic.script import ScriptDirectory

    from eva_core.storage._migrations import HEAD, REVISIONS

    script = ScriptDirectory(str(Path(__file__).parents[2] / "src" / "eva_core" / "storage" / "migrations"))
    assert list(REVISIONS) == [r.revision for r in reversed(list(script.walk_revisions()))]
    assert HEAD == script.get_current_head()


def test_opening_a_database_imports_no_alembic(tmp_path):
    url = f"sqlite:///{tmp_path / 'eva.db'}"
    SqlRepository(url).close()
    code = f"import sys; from eva_core.storage import SqlRepository; SqlRepository({url!r}).close(); print('alembic' in sys.modules)"
    assert (
        "False"
        == subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    )


def test_upgrading_from_0002_gives_master_data_owners_and_keeps_ratings(tmp_path):
    from alembic import command

    from eva_core.domain import Provider, TargetGroup
    from eva_core.storage import upgrade
    from eva_core.storage._migrations import alembic_config

    url = f"sqlite:///{tmp_path / 'eva.db'}"
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0002")
        connection.exec_driver_sql(
            "INSERT INTO eva_master (kind, id, document) VALUES "
            """('organisation', 'utrecht', '{"id": "utrecht", "name": "Utrecht"}'), """
            """('provider', 'p1', '{"id": "p1", "name": "Een"}'), """
            """('provider', 'p2', '{"id": "p2", "name": "Twee"}'), """
            """('target_group', 'tg', '{"id": "tg", "name": "Jongeren", "organisation": "utrecht"}')"""
        )
        connection.exec_driver_sql(
            "INSERT INTO eva_instrument (id, organisation_id, provider_id, version, document, publish, complete, "
            "restricted) VALUES ('i1', 'utrecht', 'p1', 1, '{}', 0, 0, 0)"
        )
        connection.exec_driver_sql("INSERT INTO eva_instrument_ref VALUES ('i1', 'provider', 'p1')")
        connection.exec_driver_sql(
            "INSERT INTO eva_rating VALUES ('i1', 'alice', 'utrecht', '2026-01-01', 4, 4, 4, "
            """'{"instrument_id": "i1", "professional": "alice", "organisation": "utrecht", "on": "2026-01-01", """
            """"general": 4, "result": 4, "execution": 4}')"""
        )
    engine.dispose()

    assert "0005" == upgrade(url)

    repository = SqlRepository(url)
    assert ("utrecht", None, "utrecht") == (
        repository.get_master(Provider, "p1").owner,
        repository.get_master(Provider, "p2").owner,
        repository.get_master(TargetGroup, "tg").owner,
    )
    assert ["alice"] == [r.professional for r in repository.ratings()]


def test_a_json_store_of_version_1_is_read_and_written_back_as_the_current_version(tmp_path):
    import hashlib
    import json

    from eva_core.domain import Organisation, Provider

    path = tmp_path / "catalogue.json"
    repository = seeded_json(path)
    current = json.loads(path.read_bytes())
    data = current["data"]
    data["master"] = {kind: [entry["record"] for entry in entries] for kind, entries in data["master"].items()}
    data["history"] = [entry for entry in data["history"] if "record_id" not in entry]
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    header = {
        "format": "eva-core-store",
        "version": 1,
        "generation": 1,
        "checksum": f"sha256:{hashlib.sha256(body).hexdigest()}",
    }
    path.write_bytes(json.dumps(header).encode()[:-1] + b', "data":' + body + b"}\n")
    provider = repository.get(TARGET).instrument.provider

    users = {s.instrument.organisation.id for s in repository.list() if s.instrument.provider == provider}
    old = JsonRepository(path)
    assert (users.pop() if len(users) == 1 else None) == old.get_master(Provider, provider.id).owner
    assert UTRECHT == old.get_master(Organisation, UTRECHT).owner
    stored = old.get(TARGET)
    old.update(stored.instrument.evolve(name="Daarna"), expected_version=stored.version, by=BY)

    from eva_core.storage._json import STORE_VERSION

    assert f'"version": {STORE_VERSION}'.encode() in path.read_bytes()[:200]
    assert "Daarna" == JsonRepository(path).get(TARGET).instrument.name
