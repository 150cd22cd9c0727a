"""Waiting for a SQLite file's changes reads its commit counter, and the newest cursor only once it moved.

The campaign in test_follow.py checks that followers on SQLite still see every change; this checks that an
idle wait costs no cursor query, and that a commit through another connection or through the store's own
pool (the counter counts only other connections' commits) is seen.
"""

from __future__ import annotations

from eva_core.demo import demo_catalogue, demo_ratings
from eva_core.storage import Actor, add_catalogue, open_repository


def _counting(repository):
    calls = []
    read = repository.cursor

    def cursor():
        calls.append(1)
        return read()

    repository.cursor = cursor  # wait_for_changes reads the cursor through the instance
    return calls


def test_an_idle_wait_reads_the_cursor_once_and_a_commit_elsewhere_wakes_it(tmp_path):
    url = f"sqlite:///{tmp_path / 'eva.db'}"
    catalogue = demo_catalogue()
    with open_repository(url) as one, open_repository(url) as other:
        add_catalogue(one, catalogue[:2], label="seed")
        since = one.cursor()
        calls = _counting(one)

        assert not one.wait_for_changes(since, 0.15)
        assert not one.wait_for_changes(since, 0.15)
        assert 1 == len(calls)  # the counter did not move: the cursor read the first time still holds

        rating = demo_ratings()[0]
        other.rate(rating, by=Actor(rating.organisation, "test"))  # another connection commits
        assert one.wait_for_changes(since, 30.0)
        assert 2 == len(calls)
        assert one.cursor() == other.cursor()


def test_a_commit_through_the_stores_own_pool_wakes_the_wait(tmp_path):
    with open_repository(f"sqlite:///{tmp_path / 'eva.db'}") as one:
        add_catalogue(one, demo_catalogue()[:1], label="seed")
        since = one.cursor()
        assert not one.wait_for_changes(since, 0.1)
        add_catalogue(one, demo_catalogue()[1:3], label="more")
        assert one.wait_for_changes(since, 30.0)


def test_after_close_the_counter_is_read_on_a_new_connection_and_the_cursor_anew(tmp_path):
    path = tmp_path / "eva.db"
    with open_repository(f"sqlite:///{path}") as one:
        add_catalogue(one, demo_catalogue()[:1], label="seed")
        since = one.cursor()
        assert not one.wait_for_changes(since, 0.1)
        one.close()  # the counter's connection goes too; the next wait opens it again
        calls = _counting(one)
        assert not one.wait_for_changes(since, 0.1)
        assert 1 == len(calls)  # a new connection's counter says nothing about the old one's
