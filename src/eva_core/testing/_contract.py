"""The behaviour every storage adapter must show, as a pytest class to subclass, and a state machine.

An adapter's tests provide one class-scoped fixture, ``new_store``: a callable that makes a new, empty store
and returns an *opener*, a callable that opens a repository onto that store (again and again, to test
reopening). The contract never asks which adapter it runs on.
"""

from __future__ import annotations

import datetime as dt
import itertools
import pickle
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, MultipleResults, RuleBasedStateMachine, consumes, invariant, multiple, rule

from eva_core.domain import (
    HOURS_IN_A_WEEK,
    ID_MAX_LENGTH,
    MAX_AMOUNT,
    SHORT_TEXT,
    SUMMARY_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    ClientCharacteristic,
    ContactPerson,
    Criteria,
    Instrument,
    Organisation,
    Provider,
    Rating,
    TargetGroup,
    Tile,
)
from eva_core.storage import (
    MASTER_KINDS,
    Actor,
    AlreadyExists,
    Batch,
    BatchConflict,
    BatchRefused,
    Forbidden,
    InstrumentRepository,
    InUse,
    InvalidCursor,
    NotFound,
    StaleVersion,
    StoredMaster,
    UnknownReference,
    add_catalogue,
)
from eva_core.testing._strategies import (
    ORGANISATIONS,
    PROVIDERS,
    SHARED_GROUPS,
    catalogues,
    criteria,
    instruments,
    own_groups,
)

__all__ = ["Opener", "RepositoryContract", "StoreFactory", "repository_state_machine"]

Opener = Callable[[], InstrumentRepository]
StoreFactory = Callable[[], Opener]


def _store_settings() -> settings:
    """Settings for property tests whose every example makes and fills a store.

    The loaded Hypothesis profile owns the number of examples; such an example costs about as much as eight of
    an in-memory law, so these run an eighth of the profile's number, five at least (a thorough CI profile
    still runs many more than a quick one). Each adapter's subclass runs the same test: that is the point of a
    contract, hence the suppressed health check.
    """
    profile = settings()  # the loaded profile's values
    return settings(
        max_examples=max(5, profile.max_examples // 8),
        suppress_health_check=[HealthCheck.differing_executors],
    )


_contract_settings = _store_settings()  # made when the module is imported: load the profile first (conftest.py)

_ORG = ORGANISATIONS[0]
_OTHER = ORGANISATIONS[1]
_BY = Actor(_ORG.id, "tester@org-0")
_MACHINE_QUERIES = (
    Criteria(tiles=[Tile.WERK_FIT]),
    Criteria(characteristics=[ClientCharacteristic.BASISVAARDIGHEDEN]),
    Criteria(published_on=dt.date(2025, 6, 1)),
    Criteria(max_hours_per_week=8),
)
_BY_OTHER = Actor(_OTHER.id, "tester@org-1")
_CURATOR = Actor("beheer", "curator@beheer", curator=True)
_MANY = 1_001  # more instruments than an adapter writes between two progress calls (storage._batch.EVERY)


class _Stopped(Exception):
    """Raised by a progress callback to stop a write halfway."""


def _world(repository: InstrumentRepository) -> None:
    """Register the small world's master data."""
    repository.add_master(SHARED_GROUPS, by=_CURATOR)
    repository.add_master([_ORG, *PROVIDERS, *own_groups(_ORG)], by=_BY)
    repository.add_master([_OTHER, *own_groups(_OTHER)], by=_BY_OTHER)


def _an_instrument(instrument_id: str = "a", **changes: Any) -> Instrument:  # noqa: ANN401
    values: dict[str, Any] = {
        "id": instrument_id,
        "organisation": _ORG,
        "provider": PROVIDERS[0],
        "name": "Jobcoaching",
        "summary": "Een jobcoach helpt je op je werk.",
        "aim": "Je houdt je baan.",
        "method": "Gesprekken op de werkplek.",
        "execution_forms": [],
        "publish": False,
    }
    values.update(changes)
    if not values["execution_forms"]:
        from eva_core.domain import ExecutionForm  # noqa: PLC0415

        values["execution_forms"] = [ExecutionForm.COACHING]
    return Instrument(**values)


def _snapshot(repository: InstrumentRepository) -> tuple[Any, ...]:
    """Everything a repository shows, to compare before and after a write that must change nothing."""
    stored = list(repository.list())
    return (
        [(s.instrument, s.version) for s in stored],
        [list(repository.master(kind)) for kind in MASTER_KINDS.values()],
        [list(repository.history(s.id)) for s in stored],
        list(repository.ratings()),
        repository.cursor(),
        repository.changes(limit=100_000).entries,
    )


def _replayed(repository: InstrumentRepository, since: str | None, mirror: dict[str, tuple[Instrument, int]]) -> str:
    """Apply the feed after *since* to *mirror* (id -> instrument, version), a page at a time; the new cursor."""
    while True:
        page = repository.changes(since, limit=3, instruments=True)
        for instrument_id, stored in page.instruments.items():
            if stored is None:
                mirror.pop(instrument_id, None)
            else:
                mirror[instrument_id] = (stored.instrument, stored.version)
        assert since is None or page.cursor >= since
        since = page.cursor
        if not page.more:
            return since


def _a_rating(instrument_id: str, professional: str, *, day: int = 1, **scores: Any) -> Rating:  # noqa: ANN401
    values: dict[str, Any] = {"general": 4, "result": 3, "execution": 4} | scores
    return Rating(instrument_id, professional, _ORG.id, dt.date(2026, 1, day), **values)


class RepositoryContract:
    """Subclass as ``Test<Adapter>(RepositoryContract)`` and provide the ``new_store`` fixture."""

    @pytest.fixture
    def open_store(self, new_store: StoreFactory) -> Opener:
        return new_store()

    @pytest.fixture
    def repo(self, open_store: Opener) -> InstrumentRepository:
        repository = open_store()
        _world(repository)
        return repository

    # Adding

    def test_added_instruments_come_back_at_version_1(self, repo: InstrumentRepository) -> None:
        repo.add_all([_an_instrument("b"), _an_instrument("a")], by=_BY)

        assert [("a", 1), ("b", 1)] == [(s.id, s.version) for s in repo.list()]
        assert _an_instrument("a") == repo.get("a").instrument

    def test_a_taken_id_writes_nothing(self, repo: InstrumentRepository) -> None:
        repo.add_all([_an_instrument("a")], by=_BY)

        with pytest.raises(AlreadyExists, match="'a'"):
            repo.add_all([_an_instrument("b"), _an_instrument("a", name="Anders")], by=_BY)

        assert ["a"] == [s.id for s in repo.list()]
        assert "Jobcoaching" == repo.get("a").instrument.name

    def test_an_id_twice_in_one_batch_writes_nothing(self, repo: InstrumentRepository) -> None:
        with pytest.raises(AlreadyExists):
            repo.add_all([_an_instrument("a"), _an_instrument("a")], by=_BY)

        assert [] == list(repo.list())

    def test_an_unknown_provider_writes_nothing_and_is_named(self, repo: InstrumentRepository) -> None:
        stranger = Provider("onbekend", "Onbekende aanbieder")

        with pytest.raises(UnknownReference, match="aanbieder 'onbekend' is niet geregistreerd"):
            repo.add_all([_an_instrument("a"), _an_instrument("b", provider=stranger)], by=_BY)

        assert [] == list(repo.list())

    def test_master_data_that_differs_from_the_registered_is_refused(self, repo: InstrumentRepository) -> None:
        renamed = Provider(PROVIDERS[0].id, "Andere naam")

        with pytest.raises(UnknownReference, match="wijkt af"):
            repo.add_all([_an_instrument("a", provider=renamed)], by=_BY)

    def test_an_organisation_cannot_add_for_another(self, repo: InstrumentRepository) -> None:
        with pytest.raises(Forbidden):
            repo.add_all([_an_instrument("a")], by=_BY_OTHER)

        assert [] == list(repo.list())

    # Updating and removing

    def test_update_bumps_the_version_and_records_what_changed(self, repo: InstrumentRepository) -> None:
        repo.add_all([_an_instrument("a")], by=_BY)

        version = repo.update(_an_instrument("a", name="Jobcoaching plus"), expected_version=1, by=_BY)

        assert 2 == version == repo.get("a").version
        [added, updated] = repo.history("a")
        assert ("added", 1, "updated", 2) == (added.action, added.version, updated.action, updated.version)
        assert {"name": ("Jobcoaching", "Jobcoaching plus")} == dict(updated.changes)
        assert (_BY.label, _BY.organisation) == (updated.actor, updated.organisation)
        assert updated.at.tzinfo is not None

    def test_a_stale_update_names_both_versions_and_changes_nothing(self, repo: InstrumentRepository) -> None:
        repo.add_all([_an_instrument("a")], by=_BY)
        repo.update(_an_instrument("a", name="Tweede"), expected_version=1, by=_BY)

        with pytest.raises(StaleVersion) as caught:
            repo.update(_an_instrument("a", name="Derde"), expected_version=1, by=_BY)

        assert (1, 2) == (caught.value.expected, caught.value.actual)
        assert ("Tweede", 2) == (repo.get("a").instrument.name, repo.get("a").version)

    def test_another_organisation_cannot_update_or_remove(self, repo: InstrumentRepository) -> None:
        repo.add_all([_an_instrument("a")], by=_BY)
        taken_over = _an_instrument("a", organisation=_OTHER)

        with pytest.raises(Forbidden):
            repo.update(taken_over, expected_version=1, by=_BY_OTHER)
        with pytest.raises(Forbidden):
            repo.update(_an_instrument("a", name="X"), expected_version=1, by=_BY_OTHER)
        with pytest.raises(Forbidden):
            repo.remove("a", expected_version=1, by=_BY_OTHER)

        assert (_an_instrument("a"), 1) == (repo.get("a").instrument, repo.get("a").version)

    def test_an_update_that_links_unknown_data_changes_nothing(self, repo: InstrumentRepository) -> None:
        repo.add_all([_an_instrument("a")], by=_BY)

        with pytest.raises(UnknownReference):
            repo.update(_an_instrument("a", provider=Provider("x", "X")), expected_version=1, by=_BY)

        assert (_an_instrument("a"), 1) == (repo.get("a").instrument, repo.get("a").version)
        assert ["added"] == [c.action for c in repo.history("a")]

    def test_missing_instruments_are_not_found(self, repo: InstrumentRepository) -> None:
        with pytest.raises(NotFound):
            repo.get("nope")
        with pytest.raises(NotFound):
            repo.update(_an_instrument("nope"), expected_version=1, by=_BY)
        with pytest.raises(NotFound):
            repo.remove("nope", expected_version=1, by=_BY)

    def test_remove_needs_the_current_version_and_keeps_history(self, repo: InstrumentRepository) -> None:
        repo.add_all([_an_instrument("a")], by=_BY)
        repo.update(_an_instrument("a", name="Tweede"), expected_version=1, by=_BY)

        with pytest.raises(StaleVersion):
            repo.remove("a", expected_version=1, by=_BY)
        repo.remove("a", expected_version=2, by=_BY)

        with pytest.raises(NotFound):
            repo.remove("a", expected_version=2, by=_BY)
        assert [] == list(repo.list())
        assert ["added", "updated", "removed"] == [c.action for c in repo.history("a")]

    # Master data

    def test_master_data_is_listed_by_id_and_adding_it_again_is_harmless(self, repo: InstrumentRepository) -> None:
        repo.add_master(PROVIDERS, by=_BY)

        assert list(PROVIDERS) == list(repo.master(Provider))
        with pytest.raises(AlreadyExists):
            repo.add_master([Provider(PROVIDERS[0].id, "Andere naam")], by=_BY)
        assert list(PROVIDERS) == list(repo.master(Provider))

    def test_master_data_in_use_cannot_be_removed(self, repo: InstrumentRepository) -> None:
        repo.add_all([_an_instrument("a", provider=PROVIDERS[1])], by=_BY)

        with pytest.raises(InUse, match="'a'"):
            repo.remove_master(Provider, PROVIDERS[1].id, by=_BY)
        repo.remove_master(Provider, PROVIDERS[2].id, by=_BY)
        with pytest.raises(NotFound):
            repo.remove_master(Provider, PROVIDERS[2].id, by=_BY)

        assert [PROVIDERS[0], PROVIDERS[1]] == list(repo.master(Provider))

    def test_target_groups_belong_to_their_organisation(self, repo: InstrumentRepository) -> None:
        theirs = TargetGroup("statushouders", "Statushouders", _OTHER.id)

        with pytest.raises(Forbidden):
            repo.add_master([theirs], by=_BY)
        with pytest.raises(Forbidden):
            repo.remove_master(TargetGroup, own_groups(_OTHER)[0].id, by=_BY)

        assert theirs not in repo.master(TargetGroup)

    # Ratings

    def test_ratings_are_kept_per_professional_within_their_organisation(self, repo: InstrumentRepository) -> None:
        repo.add_all([_an_instrument("a")], by=_BY)
        theirs = Rating("a", "alice", _OTHER.id, dt.date(2026, 1, 2), general=2, result=2, execution=2)
        repo.rate(_a_rating("a", "alice"), by=_BY)
        repo.rate(theirs, by=_BY_OTHER)

        assert [(_ORG.id, 4), (_OTHER.id, 2)] == [(r.organisation, r.general) for r in repo.ratings("a")]
        with pytest.raises(NotFound):
            repo.remove_rating("a", "bob", by=_BY)
        repo.remove_rating("a", "alice", by=_BY_OTHER)

        assert [_a_rating("a", "alice")] == list(repo.ratings())

    def test_a_new_rating_replaces_the_professionals_earlier_one(self, repo: InstrumentRepository) -> None:
        repo.add_all([_an_instrument("a"), _an_instrument("b")], by=_BY)
        repo.rate(_a_rating("a", "p1", general=4), by=_BY)
        repo.rate(_a_rating("a", "p2", general=2), by=_BY)
        repo.rate(_a_rating("b", "p1", general=3), by=_BY)

        repo.rate(_a_rating("a", "p1", general=3, day=2), by=_BY)

        assert [("a", "p1", 3), ("a", "p2", 2), ("b", "p1", 3)] == [
            (r.instrument_id, r.professional, r.general) for r in repo.ratings()
        ]
        assert ["p1", "p2"] == [r.professional for r in repo.ratings("a")]

    def test_ratings_need_an_instrument_and_the_raters_organisation(self, repo: InstrumentRepository) -> None:
        repo.add_all([_an_instrument("a")], by=_BY)

        with pytest.raises(NotFound):
            repo.rate(_a_rating("nope", "p1"), by=_BY)
        with pytest.raises(Forbidden):
            repo.rate(_a_rating("a", "p1"), by=_BY_OTHER)

        assert [] == list(repo.ratings())

    def test_removing_an_instrument_removes_its_ratings(self, repo: InstrumentRepository) -> None:
        repo.add_all([_an_instrument("a"), _an_instrument("b")], by=_BY)
        repo.rate(_a_rating("a", "p1"), by=_BY)
        repo.rate(_a_rating("b", "p1"), by=_BY)

        repo.remove("a", expected_version=1, by=_BY)

        assert ["b"] == [r.instrument_id for r in repo.ratings()]

    # Batches: one import, several organisations, all or nothing

    def test_a_batch_writes_several_organisations_with_their_master_data(self, open_store: Opener) -> None:
        repository = open_store()
        items = [_an_instrument("a"), _an_instrument("b", organisation=_OTHER, provider=PROVIDERS[2])]
        batch = Batch(items)

        applied = repository.apply(batch, by=batch.actors("import"))

        assert (("a", "b"), {"a": 1, "b": 1}) == (applied.added, dict(applied.versions))
        assert {("organisation", _ORG.id), ("organisation", _OTHER.id), ("provider", PROVIDERS[2].id)} <= set(
            applied.registered
        )
        assert items == [s.instrument for s in repository.list()]
        assert [(_ORG.id, "import"), (_OTHER.id, "import")] == [
            (c.organisation, c.actor) for i in ("a", "b") for c in repository.history(i)
        ]

    def test_a_batch_reports_every_conflict_at_once_and_writes_nothing(self, repo: InstrumentRepository) -> None:
        repo.add_all([_an_instrument("taken"), _an_instrument("mine")], by=_BY)
        repo.add_all([_an_instrument("theirs", organisation=_OTHER)], by=_BY_OTHER)
        repo.update(_an_instrument("mine", name="Tweede"), expected_version=1, by=_BY)
        before = _snapshot(repo)
        batch = Batch(
            [
                _an_instrument("new"),
                _an_instrument("twice"),
                _an_instrument("twice", name="Nog eens"),
                _an_instrument("theirs", organisation=_ORG),
                _an_instrument("mine", name="Derde"),
                _an_instrument("stranger", organisation=Organisation("org-9", "Niet van ons")),
                _an_instrument("renamed", provider=Provider(PROVIDERS[0].id, "Andere naam")),
            ],
            update=True,
            versions={"mine": 1},
        )

        with pytest.raises(BatchRefused) as caught:
            repo.apply(batch, by=[_BY])

        assert [
            (2, "id-twice", "twice"),
            (3, "foreign-owner", "theirs"),
            (4, "stale-version", "mine"),
            (5, "forbidden", "stranger"),
            (6, "reference-differs", "renamed"),
        ] == [(c.index, c.code, c.instrument_id) for c in caught.value.conflicts]
        assert "batch-refused" == caught.value.code
        assert before == _snapshot(repo)

    def test_adding_a_taken_id_in_a_batch_is_a_conflict(self, repo: InstrumentRepository) -> None:
        repo.add_all([_an_instrument("a")], by=_BY)

        with pytest.raises(BatchRefused) as caught:
            repo.apply(Batch([_an_instrument("b"), _an_instrument("a", name="X")]), by=_BY)

        assert [(1, "id-taken")] == [(c.index, c.code) for c in caught.value.conflicts]
        assert ["a"] == [s.id for s in repo.list()]

    def test_a_check_only_batch_answers_as_the_real_one_and_writes_nothing(self, repo: InstrumentRepository) -> None:
        repo.add_all([_an_instrument("a"), _an_instrument("b"), _an_instrument("c")], by=_BY)
        before = _snapshot(repo)
        batch = Batch(
            [_an_instrument("a"), _an_instrument("b", name="Nieuw"), _an_instrument("d")],
            update=True,
            versions={"b": 1},
            remove_missing=True,
        )

        checked = repo.apply(batch, by=_BY, check_only=True)
        assert before == _snapshot(repo)
        applied = repo.apply(batch, by=_BY)

        assert checked == applied
        assert (("d",), ("b",), ("a",), ("c",)) == (applied.added, applied.updated, applied.unchanged, applied.removed)
        assert [("a", 1), ("b", 2), ("d", 1)] == [(s.id, s.version) for s in repo.list()]
        assert {"name": ("Jobcoaching", "Nieuw")} == dict(repo.history("b")[-1].changes)
        assert ["added", "removed"] == [c.action for c in repo.history("c")]

    def test_a_batch_tells_its_progress_up_to_what_it_wrote(self, repo: InstrumentRepository) -> None:
        repo.add_all([_an_instrument("a"), _an_instrument("b"), _an_instrument("c")], by=_BY)
        added = [_an_instrument(f"n{n:05d}") for n in range(_MANY)]
        batch = Batch(
            [_an_instrument("a"), _an_instrument("b", name="Nieuw"), *added], update=True, remove_missing=True
        )
        checked: list[tuple[int, int]] = []
        told: list[tuple[int, int]] = []

        repo.apply(batch, by=_BY, check_only=True, progress=lambda done, total: checked.append((done, total)))
        applied = repo.apply(batch, by=_BY, progress=lambda done, total: told.append((done, total)))

        written = len(applied.added) + len(applied.updated) + len(applied.removed)
        assert (written, _MANY + 2) == (told[-1][0], written)
        assert (0, written) == told[0]
        assert {written} == {total for _, total in told}
        assert all(before < after for (before, _), (after, _) in itertools.pairwise(told))
        assert len(told) > 2  # it moves in between, not only at the start and the end
        assert checked == told

    def test_a_batch_without_writes_tells_nothing_to_write(self, repo: InstrumentRepository) -> None:
        repo.add_all([_an_instrument("a")], by=_BY)
        told: list[tuple[int, int]] = []

        repo.apply(Batch([_an_instrument("a")], update=True), by=_BY, progress=lambda *step: told.append(step))

        assert [(0, 0)] == told

    def test_a_refused_batch_tells_no_progress(self, repo: InstrumentRepository) -> None:
        told: list[tuple[int, int]] = []

        with pytest.raises(BatchRefused):
            repo.apply(Batch([_an_instrument("a"), _an_instrument("a")]), by=_BY, progress=lambda *s: told.append(s))

        assert [] == told

    @pytest.mark.parametrize("stop_at", ["start", "middle", "end"])
    def test_a_write_stopped_by_its_progress_leaves_the_store_as_it_was(
        self, repo: InstrumentRepository, stop_at: str
    ) -> None:
        repo.add_all([_an_instrument("a"), _an_instrument("b"), _an_instrument("c")], by=_BY)
        repo.rate(_a_rating("c", "p1"), by=_BY)
        before = _snapshot(repo)
        batch = Batch(
            [_an_instrument("a"), _an_instrument("b", name="Nieuw"), *(_an_instrument(f"n{n}") for n in range(_MANY))],
            update=True,
            remove_missing=True,
        )

        def stop(done: int, total: int) -> None:
            if {"start": done == 0, "middle": 0 < done < total, "end": done == total}[stop_at]:
                raise _Stopped

        with pytest.raises(_Stopped):
            repo.apply(batch, by=_BY, progress=stop)

        assert before == _snapshot(repo)
        assert ("b",) == repo.apply(batch, by=_BY).updated  # and the store takes the same write afterwards

    def test_removing_the_missing_leaves_other_organisations_alone(self, repo: InstrumentRepository) -> None:
        repo.add_all([_an_instrument("a"), _an_instrument("b")], by=_BY)
        repo.add_all([_an_instrument("c", organisation=_OTHER)], by=_BY_OTHER)
        repo.rate(_a_rating("b", "p1"), by=_BY)

        applied = repo.apply(Batch([_an_instrument("a")], update=True, remove_missing=True), by=_BY)

        assert ("b",) == applied.removed
        assert ["a", "c"] == [s.id for s in repo.list()]
        assert [] == list(repo.ratings())

    def test_a_refused_batch_survives_pickling(self, repo: InstrumentRepository) -> None:
        with pytest.raises(BatchRefused) as caught:
            repo.apply(Batch([_an_instrument("a"), _an_instrument("a")]), by=_BY)

        again = pickle.loads(pickle.dumps(caught.value))  # noqa: S301 - our own error
        assert caught.value.conflicts == again.conflicts

    @_contract_settings
    @given(items=catalogues(max_size=8), data=st.data())
    def test_a_batch_does_what_its_check_promised(
        self, new_store: StoreFactory, items: tuple[Instrument, ...], data: st.DataObject
    ) -> None:
        repository = new_store()()
        first = data.draw(st.sets(st.sampled_from([i.id for i in items])) if items else st.just(set()))
        add_catalogue(repository, [i for i in items if i.id in first], label="first")
        batch = Batch(
            [i.evolve(name=f"{i.name} (bijgewerkt)") if data.draw(st.booleans()) else i for i in items],
            update=data.draw(st.booleans()),
            remove_missing=data.draw(st.booleans()),
        )
        before = _snapshot(repository)

        refused: tuple[BatchConflict, ...] = ()
        try:
            checked = repository.apply(batch, by=batch.actors("second", curator=True), check_only=True)
        except BatchRefused as error:
            refused = error.conflicts
        assert before == _snapshot(repository)
        if refused:
            with pytest.raises(BatchRefused) as real:
                repository.apply(batch, by=batch.actors("second", curator=True))
            assert refused == real.value.conflicts
            assert before == _snapshot(repository)
            assert not batch.update
            assert {"id-taken"} == {c.code for c in refused}
            return
        assert checked == repository.apply(batch, by=batch.actors("second", curator=True))
        assert sorted(batch.instruments, key=lambda i: i.id) == [s.instrument for s in repository.list()]

    # Owners of master data

    def test_master_records_have_owners(self, repo: InstrumentRepository) -> None:
        contact = ContactPerson("ans", "Ans de Vries", phone="030 123 4567")
        repo.add_master([contact], by=_BY)

        assert StoredMaster(contact, 1, _ORG.id) == repo.get_master(ContactPerson, "ans")
        assert StoredMaster(_OTHER, 1, _OTHER.id) == repo.get_master(Organisation, _OTHER.id)
        assert repo.get_master(TargetGroup, SHARED_GROUPS[0].id).owner is None
        with pytest.raises(NotFound):
            repo.get_master(Provider, "nope")

    def test_nobody_registers_another_organisations_name_or_a_shared_record(self, repo: InstrumentRepository) -> None:
        with pytest.raises(Forbidden):
            repo.add_master([Organisation("org-9", "Nog niet geregistreerd")], by=_BY)
        with pytest.raises(Forbidden):
            repo.add_master([TargetGroup("statushouders", "Statushouders")], by=_BY)

        assert [] == [o for o in repo.master(Organisation) if o.id == "org-9"]
        repo.add_master([Organisation("org-9", "Organisatie 9")], by=Actor("org-9", "zelf"))
        repo.add_master([TargetGroup("statushouders", "Statushouders")], by=_CURATOR)

    def test_only_the_owner_changes_or_removes_master_data(self, repo: InstrumentRepository) -> None:
        renamed = Provider(PROVIDERS[2].id, "Nieuwe naam")

        with pytest.raises(Forbidden):
            repo.update_master(renamed, expected_version=1, by=_BY_OTHER)
        with pytest.raises(Forbidden):
            repo.remove_master(Provider, PROVIDERS[2].id, by=_BY_OTHER)
        with pytest.raises(Forbidden):
            repo.update_master(TargetGroup(SHARED_GROUPS[0].id, "Ouderen"), expected_version=1, by=_BY)
        with pytest.raises(Forbidden):
            repo.update_master(Organisation(_OTHER.id, "Overgenomen"), expected_version=1, by=_BY)

        assert PROVIDERS[2] == repo.get_master(Provider, PROVIDERS[2].id).record
        assert 2 == repo.update_master(TargetGroup(SHARED_GROUPS[0].id, "Ouderen"), expected_version=1, by=_CURATOR)
        repo.remove_master(Provider, PROVIDERS[2].id, by=_BY)

    def test_identical_registration_is_harmless_whoever_makes_it(self, repo: InstrumentRepository) -> None:
        repo.add_master([PROVIDERS[0]], by=_BY_OTHER)

        assert _ORG.id == repo.get_master(Provider, PROVIDERS[0].id).owner

    # Editing master data

    def test_a_master_edit_shows_in_every_linked_instrument_and_their_history(self, repo: InstrumentRepository) -> None:
        repo.add_all([_an_instrument("a"), _an_instrument("b", provider=PROVIDERS[1])], by=_BY)
        repo.add_all([_an_instrument("c", organisation=_OTHER)], by=_BY_OTHER)
        renamed = Provider(PROVIDERS[0].id, "Aanbieder nieuw", website="https://aanbieder.example")

        assert 2 == repo.update_master(renamed, expected_version=1, by=_BY)

        assert [("a", 2, renamed), ("b", 1, PROVIDERS[1]), ("c", 2, renamed)] == [
            (s.id, s.version, s.instrument.provider) for s in repo.list()
        ]
        change = repo.history("c")[-1]
        assert ("updated", 2, _BY.label, _ORG.id) == (change.action, change.version, change.actor, change.organisation)
        assert ["provider"] == list(change.changes)
        [added, updated] = repo.master_history(Provider, PROVIDERS[0].id)
        assert ("added", "updated", 2) == (added.action, updated.action, updated.version)
        assert {"name": ("Aanbieder 0", "Aanbieder nieuw"), "website": (None, "https://aanbieder.example")} == dict(
            updated.changes
        )
        assert [renamed] == [p for p in repo.master(Provider) if p.id == renamed.id]
        repo.update(_an_instrument("a", provider=renamed, name="Daarna"), expected_version=2, by=_BY)

    def test_a_stale_master_edit_changes_nothing(self, repo: InstrumentRepository) -> None:
        repo.add_all([_an_instrument("a")], by=_BY)
        repo.update_master(Provider(PROVIDERS[0].id, "Tweede"), expected_version=1, by=_BY)
        before = _snapshot(repo)

        with pytest.raises(StaleVersion) as caught:
            repo.update_master(Provider(PROVIDERS[0].id, "Derde"), expected_version=1, by=_BY)

        assert (1, 2, "provider") == (caught.value.expected, caught.value.actual, caught.value.kind)
        assert before == _snapshot(repo)
        with pytest.raises(NotFound):
            repo.update_master(Provider("nope", "Nope"), expected_version=1, by=_BY)

    def test_removing_master_data_in_use_lists_every_instrument(self, repo: InstrumentRepository) -> None:
        repo.add_all([_an_instrument(f"i{n}") for n in range(7)], by=_BY)

        with pytest.raises(InUse) as caught:
            repo.remove_master(Provider, PROVIDERS[0].id, by=_BY)

        assert tuple(f"i{n}" for n in range(7)) == caught.value.instruments
        assert "in-use" == caught.value.code

    def test_master_history_records_registration_and_removal(self, repo: InstrumentRepository) -> None:
        repo.remove_master(Provider, PROVIDERS[2].id, by=_BY)

        assert [("added", 1, _ORG.id), ("removed", 1, _ORG.id)] == [
            (c.action, c.version, c.organisation) for c in repo.master_history(Provider, PROVIDERS[2].id)
        ]
        assert [] == list(repo.history(PROVIDERS[2].id))

    # The change feed and the history across the repository

    def test_the_feed_lists_every_change_in_commit_order(self, open_store: Opener) -> None:
        repo = open_store()
        start = repo.cursor()
        _world(repo)
        repo.add_all([_an_instrument("a"), _an_instrument("b")], by=_BY)
        repo.update(_an_instrument("a", name="Tweede"), expected_version=1, by=_BY)
        repo.rate(_a_rating("a", "p1"), by=_BY)
        repo.rate(_a_rating("a", "p1"), by=_BY)  # the same rating again changes nothing
        repo.rate(_a_rating("a", "p1", general=2), by=_BY)
        repo.remove_rating("a", "p1", by=_BY)
        repo.update_master(Provider(PROVIDERS[0].id, "Hernoemd"), expected_version=1, by=_BY)
        repo.remove("b", expected_version=2, by=_BY)
        repo.close()
        repo = open_store()  # the cursor survives reopening

        feed = repo.changes(start)
        tail = [(e.kind, e.id, e.action, e.version) for e in feed.entries if e.kind in ("instrument", "rating")]
        edit = next(e for e in feed.entries if e.kind == "provider" and e.action == "updated")

        assert [
            ("instrument", "a", "added", 1),
            ("instrument", "b", "added", 1),
            ("instrument", "a", "updated", 2),
            ("rating", "a", "added", None),
            ("rating", "a", "updated", None),
            ("rating", "a", "removed", None),
            ("instrument", "a", "updated", 3),
            ("instrument", "b", "updated", 2),
            ("instrument", "b", "removed", 2),
        ] == tail
        ratings = [e for e in feed.entries if e.kind == "rating"]
        assert {"general": (4, 2)} == dict(ratings[1].changes)
        assert {("p1", _ORG.id, _BY.label)} == {(e.professional, e.organisation, e.actor) for e in ratings}
        assert (PROVIDERS[0].id, 2, _BY.label) == (edit.id, edit.version, edit.actor)
        assert [e.cursor for e in feed.entries] == sorted({e.cursor for e in feed.entries})
        assert all(start < e.cursor <= repo.cursor() for e in feed.entries)
        assert (feed.entries[-1].cursor, False) == (feed.cursor, feed.more) == (repo.cursor(), False)
        assert () == repo.changes(repo.cursor()).entries
        assert repo.cursor() == repo.changes(repo.cursor()).cursor

    def test_the_feed_reads_in_pages_and_carries_the_current_instruments(self, repo: InstrumentRepository) -> None:
        start = repo.cursor()
        repo.add_all([_an_instrument(f"i{n}") for n in range(5)], by=_BY)
        repo.update(_an_instrument("i1", name="Nieuw"), expected_version=1, by=_BY)
        repo.remove("i2", expected_version=1, by=_BY)
        whole = repo.changes(start, instruments=True)

        pages, since = [], start
        while True:
            page = repo.changes(since, limit=2)
            pages.append(page)
            since = page.cursor
            if not page.more:
                break

        assert whole.entries == tuple(e for p in pages for e in p.entries)
        assert {} == dict(pages[0].instruments)
        assert {f"i{n}" for n in range(5)} == set(whole.instruments)
        assert None is whole.instruments["i2"]
        assert ("Nieuw", 2) == (whole.instruments["i1"].instrument.name, whole.instruments["i1"].version)  # type: ignore[union-attr]
        mirror: dict[str, tuple[Instrument, int]] = {}
        _replayed(repo, None, mirror)
        assert [(s.instrument, s.version) for s in repo.list()] == [mirror[k] for k in sorted(mirror)]

    def test_history_across_the_repository_takes_filters(self, repo: InstrumentRepository) -> None:
        repo.add_all([_an_instrument("a")], by=_BY)
        repo.add_all([_an_instrument("c", organisation=_OTHER)], by=_BY_OTHER)
        repo.update(_an_instrument("c", organisation=_OTHER, name="Anders"), expected_version=1, by=_BY_OTHER)
        everything = repo.changes().entries
        middle = everything[-2].at

        other = repo.changes(organisation=_OTHER.id)
        only_c = repo.changes(record_id="c", kinds=["instrument"])

        assert [e for e in everything if e.organisation == _OTHER.id] == list(other.entries)
        assert [("c", "added"), ("c", "updated")] == [(e.id, e.action) for e in only_c.entries]
        assert {"instrument"} == {e.kind for e in repo.changes(kinds={"instrument"}).entries}
        assert [e for e in everything if e.at >= middle] == list(repo.changes(start=middle).entries)
        assert [e for e in everything if e.at < middle] == list(repo.changes(end=middle).entries)
        assert () == repo.changes(start=dt.date(2999, 1, 1)).entries
        assert everything == repo.changes(start=dt.date(2000, 1, 1)).entries

    def test_a_cursor_the_store_did_not_give_is_refused(self, repo: InstrumentRepository) -> None:
        for bad in ("", "12", "x" * 16, "-000000000000001", "0000000000000001 "):
            with pytest.raises(InvalidCursor) as caught:
                repo.changes(bad)
            assert "invalid-cursor" == caught.value.code

    def test_waiting_for_changes_returns_at_once_when_there_are_some(self, repo: InstrumentRepository) -> None:
        before = repo.cursor()
        assert not repo.wait_for_changes(before, 0.05)
        repo.add_all([_an_instrument("a")], by=_BY)
        assert repo.wait_for_changes(before, 5.0)
        repo.close()

    # Limits: what the domain accepts, every adapter stores and gives back exactly

    def test_values_at_every_limit_of_the_domain_come_back_exactly(self, open_store: Opener) -> None:
        repository = open_store()
        mixed = "Ëén wérkplek 👩\u200d💻 عمل \u200f中文 ﬁ "  # combining-free NFC, a ZWJ sequence, RTL, CJK
        organisation = Organisation("o" * ID_MAX_LENGTH, "N" * SHORT_TEXT)
        provider = Provider(
            "p-" + "9" * (ID_MAX_LENGTH - 2),
            "Aanbieder " + "x" * (SHORT_TEXT - 10),
            website="https://voorbeeld.nl/" + "a" * 1000,
        )
        extreme = _an_instrument(
            "i." + "_" * (ID_MAX_LENGTH - 2),
            organisation=organisation,
            provider=provider,
            name=(mixed * SHORT_TEXT)[:SHORT_TEXT].strip(),
            summary=(mixed * SUMMARY_MAX_LENGTH)[:SUMMARY_MAX_LENGTH].strip(),
            method=(mixed * TEXT_MAX_LENGTH)[:TEXT_MAX_LENGTH].strip(),
            total_costs=MAX_AMOUNT,
            intensity_hours_per_week=HOURS_IN_A_WEEK,
        )
        by = Actor(organisation.id, "l" * SHORT_TEXT)
        rating = Rating(extreme.id, "r" * ID_MAX_LENGTH, organisation.id, dt.date(2026, 1, 1), 5, 1, 5, "a", "b", "c")

        batch = Batch([extreme])
        repository.apply(batch, by=batch.actors("grenzen", curator=True))
        repository.rate(rating, by=by)
        repository.close()
        again = open_store()

        assert [(extreme, 1)] == [(s.instrument, s.version) for s in again.list()]
        assert [rating] == list(again.ratings())
        assert provider == again.get_master(Provider, provider.id).record
        assert [extreme.id] == [s.id for s in again.query(Criteria(min_costs=MAX_AMOUNT))]

    def test_everything_survives_reopening(self, open_store: Opener, repo: InstrumentRepository) -> None:
        repo.add_all([_an_instrument("a"), _an_instrument("b")], by=_BY)
        repo.update(_an_instrument("a", name="Tweede"), expected_version=1, by=_BY)
        repo.rate(_a_rating("a", "p1", general=5, general_explanation="Uitstekend"), by=_BY)
        repo.close()

        again = open_store()

        assert [("a", 2), ("b", 1)] == [(s.id, s.version) for s in again.list()]
        assert [_a_rating("a", "p1", general=5, general_explanation="Uitstekend")] == list(again.ratings())
        assert 3 == len([*again.history("a"), *again.history("b")])
        assert list(PROVIDERS) == list(again.master(Provider))

    @_contract_settings
    @given(items=catalogues(max_size=6))
    def test_any_catalogue_round_trips(self, new_store: StoreFactory, items: tuple[Instrument, ...]) -> None:
        repository = new_store()()
        add_catalogue(repository, items, label="property")

        assert sorted(items, key=lambda i: i.id) == [s.instrument for s in repository.list()]

    @_contract_settings
    @given(items=catalogues(max_size=10, lean=True), queries=st.lists(criteria(), min_size=1, max_size=5))
    def test_queries_agree_with_the_criteria_semantics(
        self, new_store: StoreFactory, items: tuple[Instrument, ...], queries: list[Criteria]
    ) -> None:
        repository = new_store()()
        add_catalogue(repository, items, label="property")
        everything = [s.instrument for s in repository.list()]

        for query in [*queries, Criteria(), Criteria(published_on=dt.date(2025, 6, 1))]:
            expected = [i.id for i in everything if query.matches(i)]
            assert expected == [s.id for s in repository.query(query)], query


def repository_state_machine(new_store: StoreFactory) -> type[RuleBasedStateMachine]:  # noqa: C901 - one class
    """A state machine that drives a repository and a plain model with the same operations.

    Use it as ``TestMachine = repository_state_machine(factory).TestCase``.
    """

    class RepositoryMachine(RuleBasedStateMachine):
        ids = Bundle("ids")

        def __init__(self) -> None:
            super().__init__()
            self.open = new_store()
            self.repo = self.open()
            _world(self.repo)
            self.model: dict[str, tuple[Instrument, int]] = {}
            self.provider, self.provider_version = PROVIDERS[0], 1
            self.mirror: dict[str, tuple[Instrument, int]] = {}
            self.cursor = _replayed(self.repo, None, self.mirror)

        def _own(self, instrument: Instrument) -> Instrument:
            return instrument.evolve(
                organisation=_ORG,
                provider=self.provider,
                contacts=(),
                target_groups=(),
                available_districts=(),
                locations=(),
            )

        @rule(target=ids, instrument=instruments())
        def add(self, instrument: Instrument) -> str:
            instrument = self._own(instrument)
            if instrument.id in self.model:
                with pytest.raises(AlreadyExists):
                    self.repo.add_all([instrument], by=_BY)
            else:
                self.repo.add_all([instrument], by=_BY)
                self.model[instrument.id] = (instrument, 1)
            return instrument.id

        @rule(
            instrument_id=ids,
            name=st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=20).filter(
                str.strip
            ),
        )
        def update(self, instrument_id: str, name: str) -> None:
            if instrument_id not in self.model:
                with pytest.raises(NotFound):
                    self.repo.update(_an_instrument(instrument_id, name=name), expected_version=1, by=_BY)
                return
            current, version = self.model[instrument_id]
            changed = current.evolve(name=name)
            assert version + 1 == self.repo.update(changed, expected_version=version, by=_BY)
            self.model[instrument_id] = (changed, version + 1)

        @rule(instrument_id=ids)
        def stale_update(self, instrument_id: str) -> None:
            if instrument_id not in self.model:
                return
            current, version = self.model[instrument_id]
            with pytest.raises(StaleVersion):
                self.repo.update(current.evolve(name="oud"), expected_version=version + 7, by=_BY)

        @rule(instrument_id=ids)
        def foreign_write(self, instrument_id: str) -> None:
            if instrument_id not in self.model:
                return
            current, version = self.model[instrument_id]
            with pytest.raises(Forbidden):
                self.repo.update(current.evolve(name="overgenomen"), expected_version=version, by=_BY_OTHER)
            with pytest.raises(Forbidden):
                self.repo.remove(instrument_id, expected_version=version, by=_BY_OTHER)

        @rule(instrument_id=consumes(ids))
        def remove(self, instrument_id: str) -> None:
            if instrument_id not in self.model:
                with pytest.raises(NotFound):
                    self.repo.remove(instrument_id, expected_version=1, by=_BY)
                return
            _, version = self.model.pop(instrument_id)
            self.repo.remove(instrument_id, expected_version=version, by=_BY)

        @rule(target=ids, drawn=st.lists(instruments(), max_size=4), remove_missing=st.booleans())
        def import_batch(self, drawn: list[Instrument], remove_missing: bool) -> MultipleResults[str]:
            batch = Batch({i.id: self._own(i) for i in drawn}.values(), update=True, remove_missing=remove_missing)
            expected: dict[str, list[str]] = {"added": [], "updated": [], "unchanged": [], "removed": []}
            model = dict(self.model) if not remove_missing else {}
            for instrument in batch.instruments:
                found = self.model.get(instrument.id)
                if found is None:
                    expected["added"].append(instrument.id)
                    model[instrument.id] = (instrument, 1)
                elif found[0] == instrument:
                    expected["unchanged"].append(instrument.id)
                    model[instrument.id] = found
                else:
                    expected["updated"].append(instrument.id)
                    model[instrument.id] = (instrument, found[1] + 1)
            expected["removed"] = sorted(set(self.model) - set(model))

            applied = self.repo.apply(batch, by=_BY)

            assert expected == {
                "added": list(applied.added),
                "updated": list(applied.updated),
                "unchanged": list(applied.unchanged),
                "removed": list(applied.removed),
            }
            self.model = model
            return multiple(*(i.id for i in batch.instruments))

        @rule(
            name=st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=20).filter(
                str.strip
            )
        )
        def rename_provider(self, name: str) -> None:
            renamed = Provider(PROVIDERS[0].id, name)
            version = self.repo.update_master(renamed, expected_version=self.provider_version, by=_BY)
            if renamed != self.provider:
                assert self.provider_version + 1 == version
                self.model = {
                    key: (instrument.evolve(provider=renamed), v + 1) for key, (instrument, v) in self.model.items()
                }
            self.provider, self.provider_version = renamed, version

        @rule()
        def stale_master_edit(self) -> None:
            with pytest.raises(StaleVersion):
                self.repo.update_master(self.provider, expected_version=self.provider_version + 3, by=_BY)

        @rule()
        def reopen(self) -> None:
            self.repo.close()
            self.repo = self.open()

        @invariant()
        def agrees_with_the_model(self) -> None:
            stored = [(s.instrument, s.version) for s in self.repo.list()]
            assert [self.model[key] for key in sorted(self.model)] == stored
            registered = self.repo.get_master(Provider, PROVIDERS[0].id)
            assert (self.provider, self.provider_version) == (registered.record, registered.version)

        @invariant()
        def queries_agree_with_the_model(self) -> None:
            current = [self.model[key][0] for key in sorted(self.model)]
            for query in _MACHINE_QUERIES:  # an adapter that keeps an index must keep it current through every write
                assert [i for i in current if query.matches(i)] == [s.instrument for s in self.repo.query(query)]

        @invariant()
        def a_follower_of_the_feed_sees_the_same(self) -> None:
            self.cursor = _replayed(self.repo, self.cursor, self.mirror)
            assert [self.model[key] for key in sorted(self.model)] == [self.mirror[k] for k in sorted(self.mirror)]

        def teardown(self) -> None:
            self.repo.close()

    RepositoryMachine.TestCase.settings = _store_settings()
    return RepositoryMachine
