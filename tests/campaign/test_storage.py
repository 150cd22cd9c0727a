"""The storage cases of the outside test campaign (issue 11 items 4-9, issue 15's URL leak), each kept as a test.

Every case asserts the exact error type and code, a message without a traceback, and a store that is
byte-identical (files) or row-identical (databases) before and after.
"""

from __future__ import annotations

import errno
import multiprocessing
import os
import stat
import subprocess
import sys
import time
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from filelock import FileLock

from eva_core.domain import (
    ID_MAX_LENGTH,
    MAX_AMOUNT,
    SHORT_TEXT,
    EvaError,
    ExecutionForm,
    Instrument,
    InvalidRecord,
    Organisation,
    Provider,
    Rating,
)
from eva_core.storage import (
    Actor,
    Batch,
    CorruptStore,
    Forbidden,
    InvalidUrl,
    JsonRepository,
    ReadOnlyStore,
    SqlRepository,
    StoreError,
    StoreFull,
    StoreUnavailable,
    Unstorable,
    add_catalogue,
    open_repository,
)
from eva_core.storage._engine import check_sqlite_file
from eva_core.storage._json import TEMP_PREFIX
from eva_core.storage._schema import metadata
from tests.storage.stores import postgres_engine_or_skip, postgres_test_url

EVA = str(Path(sys.executable).parent / "eva")
WIDE = os.environ | {"COLUMNS": "400"}
"""A terminal wide enough that a one-line message stays on one line."""
UTRECHT = Organisation("utrecht", "Utrecht")
ZWOLLE = Organisation("zwolle", "Zwolle")
PROVIDER = Provider("aanbieder", "Aanbieder")
BY_UTRECHT = Actor(UTRECHT.id, "anna@utrecht")
BY_ZWOLLE = Actor(ZWOLLE.id, "bert@zwolle")


def instrument(instrument_id: str = "jobcoaching", organisation: Organisation = UTRECHT, **changes) -> Instrument:
    values = {
        "id": instrument_id,
        "organisation": organisation,
        "provider": PROVIDER,
        "name": "Jobcoaching",
        "summary": "Een jobcoach helpt je op je werk.",
        "aim": "Je houdt je baan.",
        "method": "Gesprekken op de werkplek.",
        "execution_forms": [ExecutionForm.COACHING],
    } | changes
    return Instrument(**values)


def rows(engine: sa.Engine) -> dict[str, list[tuple]]:
    """Every row of every eva table, sorted: the store's content to compare before and after."""
    with engine.connect() as connection:
        return {
            table.name: sorted((tuple(repr(v) for v in row) for row in connection.execute(sa.select(table))), key=repr)
            for table in metadata.sorted_tables
        }


def assert_clean(error: BaseException, code: str) -> None:
    """An eva_core error with the code, whose message is for a person: no traceback, no driver class path."""
    assert isinstance(error, EvaError)
    assert code == error.code
    text = str(error)
    assert "Traceback" not in text
    for driver in ("sqlalchemy.", "psycopg.", "sqlite3.", "(Background on this error"):
        assert driver not in text


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'eva.db'}"


@pytest.fixture(scope="module")
def postgres():
    engine = postgres_engine_or_skip()
    yield engine
    engine.dispose()


@pytest.fixture
def postgres_repository(postgres):
    SqlRepository(postgres)
    with postgres.begin() as connection:
        names = ", ".join(table.name for table in metadata.sorted_tables)
        connection.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
    repository = SqlRepository(postgres)
    add_catalogue(repository, [instrument()], label="seed")
    return repository


# Item 4: values the database cannot hold are a clear error on every adapter, and nothing is written.

HOSTILE = {
    "long-id": lambda: instrument("x" * 300),
    "huge-costs": lambda: instrument("duur", total_costs=Decimal(10) ** 12),
    "nul-in-name": lambda: instrument("nul", name="Job\x00coaching"),
    "lone-surrogate": lambda: instrument("surrogaat", name="Job\ud800coaching"),
    "long-master-id": lambda: instrument("lang", provider=Provider("p" * 300, "Aanbieder")),
}


def _hostile(name: str) -> Instrument | None:
    """The hostile instrument, or None when the domain already refuses it (that is a clear error too)."""
    try:
        return HOSTILE[name]()
    except InvalidRecord:
        return None


FIXED_WORDS = {"kind", "action"}
"""Columns that hold one of eva_core's own words (a record kind, an action), never a value from outside."""


def test_every_sql_column_holds_what_the_domain_accepts():
    for table in metadata.sorted_tables:
        for column in table.columns:
            kind = column.type
            if isinstance(kind, sa.String) and kind.length is not None and column.name not in FIXED_WORDS:
                assert kind.length >= max(ID_MAX_LENGTH, SHORT_TEXT), f"{table.name}.{column.name}"
            if isinstance(kind, sa.Numeric) and not isinstance(kind, sa.Float):
                whole_digits = kind.precision - kind.scale
                assert (kind.scale, whole_digits) >= (2, len(str(int(MAX_AMOUNT)))), f"{table.name}.{column.name}"


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_postgresql_refuses_what_it_cannot_hold_without_a_driver_error(postgres, postgres_repository, name):
    hostile = _hostile(name)
    if hostile is None:
        return
    before = rows(postgres)

    with pytest.raises(EvaError) as caught:
        add_catalogue(postgres_repository, [hostile], label="campaign")

    assert_clean(caught.value, "unstorable")
    assert isinstance(caught.value, Unstorable)
    assert before == rows(postgres)


@pytest.mark.parametrize("name", ["lone-surrogate"])
def test_the_json_store_refuses_text_it_cannot_encode(tmp_path, name):
    hostile = _hostile(name)
    if hostile is None:
        return
    path = tmp_path / "catalogue.json"
    repository = JsonRepository(path)
    add_catalogue(repository, [instrument()], label="seed")
    before = path.read_bytes()

    with pytest.raises(Unstorable) as caught:
        add_catalogue(repository, [hostile], label="campaign")

    assert_clean(caught.value, "unstorable")
    assert before == path.read_bytes()


# Item 5: a rating belongs to a professional within their organisation.


def test_a_rating_by_another_organisations_professional_of_the_same_name_replaces_nothing(tmp_path):
    repository = open_repository(f"sqlite:///{tmp_path / 'eva.db'}")
    add_catalogue(repository, [instrument()], label="seed")
    utrecht = Rating("jobcoaching", "alice", UTRECHT.id, instrument().publish_from or _day(), 4, 4, 4)
    zwolle = Rating("jobcoaching", "alice", ZWOLLE.id, _day(), 2, 2, 2)

    repository.rate(utrecht, by=BY_UTRECHT)
    repository.rate(zwolle, by=BY_ZWOLLE)
    with pytest.raises(Forbidden) as caught:
        repository.rate(Rating("jobcoaching", "alice", UTRECHT.id, _day(), 1, 1, 1, "x", "x", "x"), by=BY_ZWOLLE)

    assert_clean(caught.value, "forbidden")
    assert [utrecht, zwolle] == list(repository.ratings())


def _day():
    import datetime as dt

    return dt.date(2026, 11, 29)


# Item 6: master data has an owner, on every write.


@pytest.mark.parametrize("adapter", ["memory", "json", "sqlite"])
def test_an_organisation_cannot_remove_or_squat_another_organisations_master_data(tmp_path, adapter):
    url = {"memory": "memory://", "json": f"json://{tmp_path / 'c.json'}", "sqlite": f"sqlite:///{tmp_path / 'e.db'}"}
    repository = open_repository(url[adapter])
    repository.apply(Batch([instrument()]), by=[BY_UTRECHT])
    contact_owner = repository.get_master(Provider, PROVIDER.id).owner

    with pytest.raises(Forbidden) as removing:
        repository.remove_master(Provider, PROVIDER.id, by=BY_ZWOLLE)
    with pytest.raises(Forbidden) as squatting:
        repository.add_master([Organisation("amersfoort", "Gemeente Amersfoort")], by=BY_ZWOLLE)
    with pytest.raises(Forbidden) as editing:
        repository.update_master(Provider(PROVIDER.id, "Overgenomen"), expected_version=1, by=BY_ZWOLLE)

    for error in (removing.value, squatting.value, editing.value):
        assert_clean(error, "forbidden")
    assert UTRECHT.id == contact_owner
    assert [PROVIDER] == list(repository.master(Provider))
    assert [UTRECHT] == list(repository.master(Organisation))


# Item 7: a damaged SQLite database is refused on open, and never written.


def _damaged(tmp_path) -> Path:
    path = tmp_path / "eva.db"
    repository = SqlRepository(f"sqlite:///{path}")
    add_catalogue(
        repository, [instrument(f"i{n}", name=f"Instrument {n}", aim="x" * 400) for n in range(300)], label="seed"
    )
    repository.close()
    with SqlRepository(f"sqlite:///{path}").engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = 4096
    data = bytearray(path.read_bytes())
    for page in range(len(data) // page_size // 2, len(data) // page_size // 2 + 3):
        data[page * page_size : page * page_size + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))
    for stray in tmp_path.glob("eva.db-*"):
        stray.unlink()
    return path


def test_a_damaged_sqlite_database_is_refused_on_open_and_left_as_it_is(tmp_path):
    path = _damaged(tmp_path)
    before = path.read_bytes()

    with pytest.raises(CorruptStore) as caught:
        SqlRepository(f"sqlite:///{path}")

    assert_clean(caught.value, "corrupt-store")
    assert before == path.read_bytes()


def test_eva_db_check_reports_a_damaged_database_in_one_line(tmp_path):
    path = _damaged(tmp_path)
    before = path.read_bytes()

    result = subprocess.run(
        [EVA, "db", "check", f"sqlite:///{path}"], capture_output=True, text=True, check=False, env=WIDE
    )

    assert 1 == result.returncode
    assert 1 == len(result.stderr.strip().splitlines()), result.stderr
    assert "Traceback" not in result.stderr
    assert before == path.read_bytes()


def test_the_check_on_open_is_bounded_in_time_and_the_full_one_is_not(tmp_path):
    path = tmp_path / "eva.db"
    repository = SqlRepository(f"sqlite:///{path}")
    add_catalogue(repository, [instrument(f"i{n}", aim="x" * 400) for n in range(300)], label="seed")
    repository.close()

    assert check_sqlite_file(path, full=False, seconds=0.0, busy_timeout=1.0) is False  # stopped: unchecked
    assert check_sqlite_file(path, full=True, seconds=None, busy_timeout=1.0) is True


def test_a_database_the_check_cannot_open_is_a_storage_error(tmp_path, monkeypatch):
    import sqlite3

    from eva_core.storage import _engine

    path = tmp_path / "eva.db"
    SqlRepository(f"sqlite:///{path}").close()

    def refused(*args, **kwargs):
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(_engine.sqlite3, "connect", refused)
    with pytest.raises(EvaError) as caught:
        check_sqlite_file(path, full=True, seconds=None, busy_timeout=1.0)

    assert isinstance(caught.value, StoreError)
    assert "Traceback" not in str(caught.value)


def test_the_full_check_passes_a_sound_database(tmp_path):
    repository = SqlRepository(f"sqlite:///{tmp_path / 'eva.db'}")
    add_catalogue(repository, [instrument()], label="seed")

    repository.check()


# Item 8: concurrent registration and schema set-up on PostgreSQL.


def _register(url: str, rounds: int) -> None:
    repository = open_repository(url)
    for _ in range(rounds):
        repository.add_master([Provider("gedeeld", "Gedeelde aanbieder")], by=BY_UTRECHT)
    repository.close()


def _import(url: str, organisation: str) -> None:
    """One organisation imports an instrument linking a provider nobody has registered yet."""
    repository = open_repository(url)
    batch = Batch(
        [instrument(f"gedeeld-{organisation}", Organisation(organisation, organisation.title()), provider=SHARED)]
    )
    repository.apply(batch, by=batch.actors("import"))
    repository.close()


SHARED = Provider("nieuw-gedeeld", "Nieuwe gedeelde aanbieder")


def _open(url: str) -> None:
    open_repository(url).close()


def _all_succeed(target, args, processes: int = 6) -> None:
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=target, args=args) for _ in range(processes)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=240)
    assert [0] * processes == [w.exitcode for w in workers]


@pytest.mark.slow
def test_registering_the_same_record_at_once_is_idempotent_on_postgresql(postgres, postgres_repository):
    _all_succeed(_register, (postgres_test_url(), 5))

    assert [Provider("gedeeld", "Gedeelde aanbieder")] == [
        p for p in postgres_repository.master(Provider) if p.id == "gedeeld"
    ]


@pytest.mark.slow
def test_imports_registering_the_same_new_provider_at_once_all_succeed_on_postgresql(postgres, postgres_repository):
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_import, args=(postgres_test_url(), f"gemeente-{n}")) for n in range(6)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=240)

    assert [0] * 6 == [w.exitcode for w in workers]
    assert [SHARED] == [p for p in postgres_repository.master(Provider) if p.id == SHARED.id]
    assert 7 == len(postgres_repository.list())


@pytest.mark.slow
def test_replicas_opening_a_new_database_together_set_it_up_once(postgres):
    with postgres.begin() as connection:
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {', '.join(t.name for t in metadata.sorted_tables)} CASCADE")
        connection.exec_driver_sql("DROP TABLE IF EXISTS eva_alembic_version")

    _all_succeed(_open, (postgres_test_url(),))

    assert [] == list(SqlRepository(postgres).list())


# Item 9: files and permissions of the JSON store.


def seeded(path: Path) -> JsonRepository:
    repository = JsonRepository(path)
    add_catalogue(repository, [instrument()], label="seed")
    return repository


def test_a_symlinked_store_stays_a_link_and_its_target_is_written(tmp_path):
    target = tmp_path / "echt" / "catalogue.json"
    target.parent.mkdir()
    seeded(target)
    link = tmp_path / "catalogue.json"
    link.symlink_to(target)

    add_catalogue(JsonRepository(link), [instrument("nieuw")], label="via de link")

    assert link.is_symlink()
    assert ["jobcoaching", "nieuw"] == [s.id for s in JsonRepository(target).list()]


def test_a_write_keeps_the_files_mode_group_and_owner(tmp_path):
    path = tmp_path / "catalogue.json"
    seeded(path)
    path.chmod(0o664)
    owner = 1000 if os.geteuid() == 0 else os.geteuid()  # only root may give a file away
    os.chown(path, owner, 100)

    add_catalogue(JsonRepository(path), [instrument("nieuw")], label="later")

    assert (0o664, owner, 100) == (stat.S_IMODE(path.stat().st_mode), path.stat().st_uid, path.stat().st_gid)


def test_a_read_only_store_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "catalogue.json"
    repository = seeded(path)
    path.chmod(0o444)
    before = path.read_bytes()

    with pytest.raises(ReadOnlyStore) as caught:
        add_catalogue(repository, [instrument("nieuw")], label="later")

    assert_clean(caught.value, "read-only")
    assert before == path.read_bytes()
    assert ["jobcoaching"] == [s.id for s in JsonRepository(path).list()]


def test_reading_takes_no_write_lock(tmp_path):
    path = tmp_path / "catalogue.json"
    seeded(path)
    with FileLock(f"{path}.lock"):
        start = time.monotonic()
        repository = JsonRepository(path, lock_timeout=5)
        assert ["jobcoaching"] == [s.id for s in repository.list()]
        assert time.monotonic() - start < 2


def test_reading_creates_nothing(tmp_path):
    path = tmp_path / "catalogue.json"
    seeded(path)
    for lock in tmp_path.glob("*.lock"):
        lock.unlink()
    before = sorted(tmp_path.rglob("*"))

    assert ["jobcoaching"] == [s.id for s in JsonRepository(path).list()]
    assert [] == list(JsonRepository(tmp_path / "typo" / "catalogue.json").list())
    JsonRepository(path).check()

    assert before == sorted(tmp_path.rglob("*"))


def test_a_killed_writers_temporary_file_is_swept_on_open(tmp_path):
    path = tmp_path / "catalogue.json"
    seeded(path)
    before = path.read_bytes()
    stray = tmp_path / f"{TEMP_PREFIX}catalogue.json.abc123"
    stray.write_bytes(before[:10])

    assert ["jobcoaching"] == [s.id for s in JsonRepository(path).list()]
    assert not stray.exists()
    assert before == path.read_bytes()


@pytest.mark.parametrize("url", ["json://catalogue.json", "json://map/catalogue.json", "json:///c.json?x=1"])
def test_an_ambiguous_json_url_is_refused(url):
    with pytest.raises(InvalidUrl) as caught:
        open_repository(url)

    assert_clean(caught.value, "invalid-url")


@pytest.mark.parametrize(
    ("number", "kind", "code"),
    [
        (errno.ENOSPC, StoreFull, "store-full"),
        (errno.EFBIG, StoreFull, "store-full"),
        (errno.EACCES, ReadOnlyStore, "read-only"),
    ],
)
def test_every_os_error_of_a_write_is_a_typed_storage_error(tmp_path, monkeypatch, number, kind, code):
    path = tmp_path / "catalogue.json"
    repository = seeded(path)
    before = path.read_bytes()
    error = PermissionError if number == errno.EACCES else OSError

    def broken(*args, **kwargs):
        raise error(number, os.strerror(number))

    monkeypatch.setattr(os, "fsync", broken)
    with pytest.raises(kind) as caught:
        add_catalogue(repository, [instrument("nieuw")], label="later")
    monkeypatch.undo()

    assert_clean(caught.value, code)
    assert before == path.read_bytes()


def test_a_folder_where_the_store_should_be_is_a_typed_error(tmp_path):
    (tmp_path / "catalogue.json").mkdir()

    with pytest.raises(StoreUnavailable) as caught:
        JsonRepository(tmp_path / "catalogue.json").list()

    assert_clean(caught.value, "store-unavailable")


def test_a_folder_where_the_lock_file_should_be_is_named(tmp_path):
    path = tmp_path / "catalogue.json"
    repository = seeded(path)
    for lock in tmp_path.glob("*.lock"):
        lock.unlink()
    (tmp_path / "catalogue.json.lock").mkdir()
    before = path.read_bytes()

    with pytest.raises(StoreUnavailable) as caught:
        add_catalogue(repository, [instrument("nieuw")], label="later")

    assert_clean(caught.value, "store-unavailable")
    assert "catalogue.json.lock" in str(caught.value)
    assert before == path.read_bytes()


def test_the_cli_says_a_storage_error_in_one_line(tmp_path):
    (tmp_path / "catalogue.json").mkdir()

    result = subprocess.run(
        [EVA, "export", "--uit", f"json://{tmp_path / 'catalogue.json'}"],
        capture_output=True,
        text=True,
        check=False,
        env=WIDE,
    )

    assert 1 == result.returncode
    assert 1 == len(result.stderr.strip().splitlines()), result.stderr
    assert "Traceback" not in result.stderr


def test_a_pipe_where_the_store_should_be_is_a_typed_error_not_a_hang(tmp_path):
    pipe = tmp_path / "catalogue.json"
    os.mkfifo(pipe)

    with pytest.raises(StoreUnavailable) as caught:
        JsonRepository(pipe)  # reading a pipe would block until a writer came; a device might never end

    assert_clean(caught.value, "store-unavailable")
    result = subprocess.run(
        [EVA, "export", "--uit", f"json://{pipe}"], capture_output=True, text=True, check=False, env=WIDE, timeout=60
    )
    assert (1, 1) == (result.returncode, len(result.stderr.strip().splitlines())), result.stderr
    assert stat.S_ISFIFO(pipe.stat().st_mode)


@pytest.mark.parametrize("where", ["no-such-folder/export.json", "a-folder"])
def test_the_cli_says_a_file_it_cannot_write_in_one_line(tmp_path, where):
    store = tmp_path / "catalogue.json"
    seeded(store)
    (tmp_path / "a-folder").mkdir()

    for arguments in (
        ["export", "--uit", f"json://{store}", "--naar", str(tmp_path / where)],
        ["template", "--xlsx", str(tmp_path / where)],
    ):
        result = subprocess.run([EVA, *arguments], capture_output=True, text=True, check=False, env=WIDE)

        assert 1 == result.returncode
        assert 1 == len(result.stderr.strip().splitlines()), result.stderr
        assert result.stderr.strip().startswith("eva: ")
        assert "Traceback" not in result.stderr


# Issue 15: a URL with an unknown driver is an eva_core error, not SQLAlchemy's.


@pytest.mark.parametrize(
    "url", ["postgresql+nonsense://", "sqlite+nope:///x.db", "ftp://nergens", "json:///a%00b.json"]
)
def test_an_unknown_driver_is_an_invalid_url(url):
    with pytest.raises(InvalidUrl) as caught:
        open_repository(url)

    assert_clean(caught.value, "invalid-url")


@pytest.mark.parametrize("url", ["sqlite:///a%00b.db", "sqlite:///a\x00b.db", "json:///tmp/a\x00b.json"])
def test_a_nul_in_a_url_is_an_invalid_url_not_a_bare_value_error(url):
    for opening in (open_repository, SqlRepository) if url.startswith("sqlite") else (open_repository,):
        with pytest.raises(InvalidUrl) as caught:
            opening(url)

        assert_clean(caught.value, "invalid-url")
        assert "\x00" not in str(caught.value)


# Item 4: who writes meets the same limits, so no adapter stores an actor another would refuse.


@pytest.mark.parametrize(
    ("organisation", "label", "code"),
    [
        ("o" * 101, "import", "too-long"),
        ("gemeente utrecht", "import", "id-format"),
        ("utrecht", "anna\x00", "control-character"),
        ("utrecht", "anna\ud800", "surrogate"),
        ("utrecht", "x" * 201, "too-long"),
        ("utrecht", "", "required"),
        ("utrecht", " \u200b\u200c\u200d\ufeff", "required"),
        ("utrecht", "anna\x85", "control-character"),
    ],
)
def test_an_actor_beyond_the_limits_is_refused_before_any_store_sees_it(organisation, label, code):
    with pytest.raises(InvalidRecord) as caught:
        Actor(organisation, label)

    assert [code] == [p.code for p in caught.value.problems]
    assert "\x00" not in str(caught.value)


def test_an_actors_label_enters_composed():
    typed_apart = Actor("utrecht", unicodedata.normalize("NFD", "Anaïs Oriëntatie"))

    assert "Anaïs Oriëntatie" == typed_apart.label
    assert Actor("utrecht", "Anaïs Oriëntatie") == typed_apart


# eva demo replaces its own demo database, and nothing else.


def test_eva_demo_replaces_an_earlier_demo(tmp_path):
    database = tmp_path / "eva.db"
    for _ in range(2):
        result = subprocess.run(
            [EVA, "demo", "--database", str(database)], capture_output=True, text=True, check=False, env=WIDE
        )
        assert 0 == result.returncode, result.stderr


@pytest.mark.parametrize("what", ["json-store", "own-database", "text", "folder"])
def test_eva_demo_refuses_to_replace_anything_else(tmp_path, what):
    target = tmp_path / "eva.db"
    if what == "json-store":
        seeded(target)
    elif what == "own-database":
        with SqlRepository(f"sqlite:///{target}") as repository:
            add_catalogue(repository, [instrument("eigen")], label="seed")
    elif what == "text":
        target.write_text("notities", encoding="utf-8")
    else:
        target.mkdir()
    before = sorted((p.name, p.read_bytes() if p.is_file() else b"") for p in [target, *target.parent.glob("eva.db*")])

    result = subprocess.run(
        [EVA, "demo", "--database", str(target)], capture_output=True, text=True, check=False, env=WIDE
    )

    assert 1 == result.returncode
    said = result.stderr.strip()
    assert 1 == len(said.splitlines()), said
    assert said.startswith("eva: ")
    assert before == sorted(
        (p.name, p.read_bytes() if p.is_file() else b"") for p in [target, *target.parent.glob("eva.db*")]
    )
