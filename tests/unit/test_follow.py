"""A follower keeps an index equal to a fresh build of the repository, and rides out a store that is away."""

from __future__ import annotations

import threading

from eva_core.demo import demo_catalogue
from eva_core.domain import say
from eva_core.follow import Follower
from eva_core.search import CatalogueIndex
from eva_core.storage import Actor, Batch, MemoryRepository, StoreUnavailable, add_catalogue


def _fresh(repository):
    return list(CatalogueIndex([s.instrument for s in repository.list()], text=False))


def test_a_follower_applies_adds_updates_removals_and_master_edits():
    repository = MemoryRepository()
    add_catalogue(repository, demo_catalogue()[:10], label="seed")
    follower = Follower.start(repository, text=False)
    first, second = repository.list()[:2]
    by = Actor(first.instrument.organisation.id, "anna")
    repository.apply(
        Batch([first.instrument.evolve(name="Anders"), first.instrument.evolve(id="nieuw")], update=True), by=by
    )
    repository.remove(second.id, expected_version=second.version, by=Actor(second.instrument.organisation.id, "x"))
    record = repository.get_master(type(first.instrument.provider), first.instrument.provider.id)
    repository.update_master(record.record.evolve(name="Nieuwe naam"), expected_version=record.version, by=by)

    assert follower.poll() > 0
    assert _fresh(repository) == list(follower.index)
    assert repository.cursor() == follower.cursor
    assert 0 == follower.poll()


def test_a_follower_resumes_from_a_cursor_on_an_older_index():
    repository = MemoryRepository()
    add_catalogue(repository, demo_catalogue()[:5], label="seed")
    cursor = repository.cursor()
    older = CatalogueIndex([s.instrument for s in repository.list()], text=False)
    add_catalogue(repository, demo_catalogue()[5:9], label="later")

    follower = Follower(repository, older, cursor)
    follower.poll()

    assert _fresh(repository) == list(follower.index)


class _Away:
    """A repository whose server is down for the first calls."""

    def __init__(self, repository, failures):
        self._repository, self.failures, self.errors = repository, failures, []

    def changes(self, *args, **kwargs):
        if self.failures:
            self.failures -= 1
            raise StoreUnavailable(say("error.store-unavailable.driver", where="test", detail="down"))
        return self._repository.changes(*args, **kwargs)

    def wait_for_changes(self, since, timeout):
        return self._repository.wait_for_changes(since, timeout)


def test_following_rides_out_a_store_that_is_away():
    repository = MemoryRepository()
    add_catalogue(repository, demo_catalogue()[:3], label="seed")
    away = _Away(repository, failures=2)
    follower = Follower(away, CatalogueIndex(text=False), "0000000000000000")  # type: ignore[arg-type]
    stop = threading.Event()
    errors = []

    def note(error):
        errors.append(error.code)
        if len(errors) == 2:
            threading.Timer(0.3, stop.set).start()

    follower.follow(stop, interval=0.05, on_error=note)

    assert ["store-unavailable", "store-unavailable"] == errors
    assert _fresh(repository) == list(follower.index)
