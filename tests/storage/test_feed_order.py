"""On PostgreSQL the feed is numbered in commit order: a transaction that numbered its rows first commits first.

A sequence alone would let a later transaction commit (and be read) before an earlier one that holds a
smaller number, and a reader whose cursor moved past that number would never see it. The feed lock makes the
later writer wait until the earlier one has committed.
"""

from __future__ import annotations

import datetime as dt
import threading
import time

from eva_core.demo import demo_catalogue
from eva_core.storage import Actor, add_catalogue
from eva_core.storage._protocol import MasterChange
from eva_core.storage._queries import log


def test_a_reader_never_passes_a_transaction_that_commits_later(postgres_factory):
    repository = postgres_factory()()
    add_catalogue(repository, demo_catalogue()[:3], label="seed")
    stored = repository.list()[0]
    by = Actor(stored.instrument.organisation.id, "tweede")
    before = repository.cursor()
    slow = repository.engine.connect()
    transaction = slow.begin()
    log(slow, [MasterChange("provider", "eerste", 1, "added", "eerste", by.organisation, dt.datetime.now(dt.UTC))])
    finished = threading.Event()

    def second_writer() -> None:
        repository.update(stored.instrument.evolve(name="Later"), expected_version=stored.version, by=by)
        finished.set()

    writer = threading.Thread(target=second_writer)
    writer.start()
    try:
        time.sleep(0.5)
        assert not finished.is_set()  # it waits for the first to commit
        seen = repository.changes(before)
        assert () == seen.entries
        assert before == seen.cursor
    finally:
        transaction.commit()
        slow.close()
        writer.join(30)
    assert finished.is_set()
    after = repository.changes(seen.cursor).entries
    assert [("provider", "eerste"), ("instrument", stored.id)] == [(e.kind, e.id) for e in after]
    assert after[0].cursor < after[1].cursor
    repository.close()
