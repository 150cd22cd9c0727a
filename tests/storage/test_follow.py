"""An index in another process follows the change feed: after every round of writes it equals a fresh build.

Two writer processes write at the same moment (batches, removals, master edits, ratings) for two
organisations; a follower process follows with `Follower.follow` (polling, LISTEN/NOTIFY on PostgreSQL) and,
after each round, compares its index with one built afresh from ``repository.list()``. Half-way the follower
is killed and a new process resumes from the cursor and instruments it saved.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import queue
import random
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from eva_core.convert import dump_instrument, load_instrument
from eva_core.demo import demo_catalogue
from eva_core.follow import Follower
from eva_core.search import CatalogueIndex
from eva_core.storage import Actor, Batch, add_catalogue, open_repository
from tests.storage.stores import POSTGRES_URL, made, postgres_engine_or_skip

ROUNDS = 4
KILL_AFTER = 2
WAIT = 60.0
"""Seconds a step may take on a loaded machine before the test fails instead of hanging."""
WRITERS = ("werk-en-inkomen-utrecht", "sociaal-domein-amersfoort")


def _follower(url: str, saved: str, requests: multiprocessing.Queue, results: multiprocessing.Queue) -> None:
    repository = open_repository(url)
    path = Path(saved)
    if path.exists():  # a restart: resume from the cursor and instruments saved before the kill
        state = json.loads(path.read_text(encoding="utf-8"))
        index = CatalogueIndex([load_instrument(d) for d in state["instruments"]], text=False)
        follower = Follower(repository, index, state["cursor"])
    else:
        follower = Follower.start(repository, text=False)
    stop = threading.Event()
    thread = threading.Thread(target=follower.follow, args=(stop,), kwargs={"interval": 0.5}, daemon=True)
    thread.start()
    while (target := requests.get(timeout=WAIT)) is not None:
        deadline = time.monotonic() + WAIT
        while follower.cursor < target and time.monotonic() < deadline:
            time.sleep(0.01)
        with follower.lock:
            mine = [dump_instrument(i) for i in follower.index]
            fresh = [dump_instrument(s.instrument) for s in repository.list()]
            temporary = path.with_suffix(".tmp")
            temporary.write_text(json.dumps({"cursor": follower.cursor, "instruments": mine}), encoding="utf-8")
            temporary.replace(path)
            results.put((target, follower.cursor, mine == fresh, len(mine)))
    stop.set()
    thread.join(WAIT)
    repository.close()


def _writer(url: str, organisation: str, go: multiprocessing.Barrier, done: multiprocessing.Queue) -> None:  # type: ignore[name-defined]
    repository = open_repository(url)
    rng = random.Random(organisation)
    by = Actor(organisation, f"writer@{organisation}")
    for round_number in range(ROUNDS):
        go.wait(WAIT)
        own = [s for s in repository.list() if s.instrument.organisation.id == organisation]
        edited = [s.instrument.evolve(name=f"{s.instrument.name} r{round_number}") for s in rng.sample(own, 3)]
        new = [own[0].instrument.evolve(id=f"{organisation}-r{round_number}-{n}", name=f"Nieuw {n}") for n in range(3)]
        batch = Batch([*edited, *new], update=True)
        repository.apply(batch, by=by)
        gone = rng.choice([s for s in repository.list() if s.instrument.organisation.id == organisation])
        repository.remove(gone.id, expected_version=gone.version, by=by)
        record = repository.get_master(type(own[0].instrument.organisation), organisation)
        renamed = record.record.evolve(name=f"{record.record.name.split(' ronde')[0]} ronde {round_number}")
        repository.update_master(renamed, expected_version=record.version, by=by)
        done.put(organisation)
    repository.close()


def _run(url: str, folder: Path) -> list[tuple[str, str, bool, int]]:
    context = multiprocessing.get_context("spawn")
    repository = open_repository(url)
    add_catalogue(repository, demo_catalogue(), label="seed")
    saved = str(folder / "follower.json")
    requests, results, done = context.Queue(), context.Queue(), context.Queue()
    go = context.Barrier(len(WRITERS) + 1)
    follower = context.Process(target=_follower, args=(url, saved, requests, results))
    writers = [context.Process(target=_writer, args=(url, o, go, done)) for o in WRITERS]
    reports = []
    try:
        follower.start()
        for writer in writers:
            writer.start()
        for round_number in range(ROUNDS):
            go.wait(WAIT)
            for _ in WRITERS:
                done.get(timeout=WAIT)
            target = repository.cursor()
            requests.put(target)
            reports.append(results.get(timeout=WAIT))
            if round_number + 1 == KILL_AFTER:
                follower.kill()
                follower.join(WAIT)
                # New queues: the killed process may die holding a queue's lock.
                requests, results = context.Queue(), context.Queue()
                follower = context.Process(target=_follower, args=(url, saved, requests, results))
                follower.start()
        requests.put(None)
        follower.join(WAIT)
        for writer in writers:
            writer.join(WAIT)
            assert 0 == writer.exitcode
    except queue.Empty:
        pytest.fail(f"a process did not answer within {WAIT} s (follower alive: {follower.is_alive()})")
    finally:
        for process in (follower, *writers):
            if process.is_alive():
                process.kill()
        repository.close()
    return reports


def _check(reports: list[tuple[str, str, bool, int]]) -> None:
    assert ROUNDS == len(reports)
    for target, cursor, equal, _ in reports:
        assert cursor >= target
        assert equal
    assert [r[0] for r in reports] == sorted(r[0] for r in reports)


@pytest.mark.timeout(300)
def test_a_follower_on_sqlite_equals_a_fresh_build_after_every_round(tmp_path):
    _check(_run(f"sqlite:///{tmp_path / 'eva.db'}", tmp_path))


@pytest.mark.timeout(300)
def test_a_follower_on_postgres_equals_a_fresh_build_after_every_round(tmp_path):
    postgres_engine_or_skip().dispose()  # skips without a server (fails under CI=true)
    schema = f"eva_follow_{os.getpid()}"
    admin = sa.create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    made.append(schema)
    admin.dispose()
    _check(_run(f"{POSTGRES_URL}?options=-csearch_path%3D{schema}", tmp_path))
