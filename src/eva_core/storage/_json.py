"""The JSON file adapter: one document on local disk, written atomically under a cross-process lock.

The file holds a header (format name, version, generation, SHA-256 checksum) and the data. Every write
re-reads the file under the lock, applies the change, writes a temporary file next to it, fsyncs it,
replaces the old file and fsyncs the folder, so a crash at any moment leaves either the old or the new
file. Temporary files a killed process left behind are swept on open. A file that fails its checksum is
reported as `CorruptStore` and never overwritten. Local disks only: file locks are unreliable on NFS.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
import re
import stat
import tempfile
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final, Self

import orjson
from filelock import FileLock, Timeout

from eva_core.convert import converter, dump_instrument, load_stored
from eva_core.domain import Criteria, EvaError, Instrument, Message, Rating, say
from eva_core.storage._batch import Applied, Batch, Plan, WriteProgress, plan
from eva_core.storage._core import Clock, State, first_owner, rating_key, utc_now
from eva_core.storage._errors import (
    CorruptStore,
    ReadOnlyStore,
    StoreBusy,
    StoreError,
    StoreFull,
    StoreUnavailable,
    Unstorable,
)
from eva_core.storage._feed import (
    DEFAULT_LIMIT,
    Changes,
    FeedFilter,
    RatingChange,
    cursor_of,
    state_changes,
    wait_by_polling,
)
from eva_core.storage._protocol import (
    MASTER_KINDS,
    Actor,
    Change,
    M,
    MasterChange,
    MasterRecord,
    Stored,
    StoredMaster,
    master_kind,
)

__all__ = ["JsonRepository"]

STORE_FORMAT: Final = "eva-core-store"
STORE_VERSION: Final = 3
"""Version 2 added owners and versions of master records, master history and ratings per organisation;
version 3 rating changes in the history (the change feed). Versions 1 and 2 are read and written back as 3."""
TEMP_PREFIX: Final = ".eva-tmp-"
_DATA_KEY: Final = b'"data":'
_HEAD: Final = 256
_GENERATION: Final = re.compile(rb'"generation": (\d+)')


class JsonRepository:
    """A catalogue in one JSON file, for small catalogues kept in a repository or on a laptop.

    Each write rewrites the whole file, so it suits thousands of instruments; beyond that, use SQLite.
    """

    def __init__(self, path: str | os.PathLike[str], *, clock: Clock = utc_now, lock_timeout: float = 10.0) -> None:
        self.path = Path(path)
        self._lock_timeout = lock_timeout
        self._clock = clock
        self._state = State.empty()
        self._generation = 0
        self._seen: tuple[int, int, int, bytes] | None = None
        self._documents = _Written()
        with _os_errors(self.path, writing=False):
            self._sweep()
            self._reload()

    def __repr__(self) -> str:
        return f"JsonRepository({str(self.path)!r})"

    # Reads see the newest file; replacing is atomic, so they need no lock.

    def master(self, kind: type[M]) -> Sequence[M]:
        return self._fresh().master_of(master_kind(kind))  # type: ignore[return-value]

    def get(self, instrument_id: str) -> Stored:
        return self._fresh().get(instrument_id)

    def list(self) -> Sequence[Stored]:
        return self._fresh().list()

    def query(self, criteria: Criteria) -> Sequence[Stored]:
        return self._fresh().query(criteria)

    def history(self, instrument_id: str) -> Sequence[Change]:
        return self._fresh().history_of(instrument_id)

    def ratings(self, instrument_id: str | None = None) -> Sequence[Rating]:
        return self._fresh().ratings_of(instrument_id)

    def get_master(self, kind: type[MasterRecord], record_id: str) -> StoredMaster:
        return self._fresh().get_master(master_kind(kind), record_id)

    def master_history(self, kind: type[MasterRecord], record_id: str) -> Sequence[MasterChange]:
        return self._fresh().master_history_of(master_kind(kind), record_id)

    def changes(  # noqa: PLR0913 - keyword-only filters
        self,
        since: str | None = None,
        *,
        limit: int = DEFAULT_LIMIT,
        instruments: bool = False,
        organisation: str | None = None,
        kinds: Collection[str] | None = None,
        record_id: str | None = None,
        start: dt.datetime | dt.date | None = None,
        end: dt.datetime | dt.date | None = None,
    ) -> Changes:
        wanted = FeedFilter.of(organisation=organisation, kinds=kinds, record_id=record_id, start=start, end=end)
        return state_changes(self._fresh(), since, limit=limit, wanted=wanted, instruments=instruments)

    def cursor(self) -> str:
        return cursor_of(len(self._fresh().log))

    def wait_for_changes(self, since: str, timeout: float) -> bool:
        return wait_by_polling(self.cursor, since, timeout, interval=0.1)

    def rate(self, rating: Rating, *, by: Actor) -> None:
        self._write(lambda state: state.rate(rating, by, self._clock()))

    def remove_rating(self, instrument_id: str, professional: str, *, by: Actor) -> None:
        self._write(lambda state: state.remove_rating(instrument_id, professional, by, self._clock()))

    # Writes

    def add_master(self, records: Iterable[MasterRecord], *, by: Actor) -> None:
        batch = list(records)
        self._write(lambda state: state.add_master(batch, by, self._clock()))

    def update_master(self, record: MasterRecord, *, expected_version: int, by: Actor) -> int:
        self._write(lambda state: state.update_master(record, expected_version, by, self._clock()))
        return self._state.get_master(master_kind(record), record.id).version

    def remove_master(self, kind: type[MasterRecord], record_id: str, *, by: Actor) -> None:
        self._write(lambda state: state.remove_master(master_kind(kind), record_id, by, self._clock()))

    def add_all(self, instruments: Iterable[Instrument], *, by: Actor) -> None:
        batch = list(instruments)
        self._write(lambda state: state.add_all(batch, by, self._clock()))

    def apply(
        self,
        batch: Batch,
        *,
        by: Actor | Iterable[Actor],
        check_only: bool = False,
        progress: WriteProgress | None = None,
    ) -> Applied:
        decided: list[Plan] = []

        def write(state: State) -> State:
            decided.append(plan(batch, by, state, self._clock()))
            return state.written(decided[0], progress)

        if check_only:
            _encode(write(self._fresh()), self._generation + 1, self._documents.copy(), self.path)
        else:
            self._write(write)
        return decided[0].applied

    def update(self, instrument: Instrument, *, expected_version: int, by: Actor) -> int:
        self._write(lambda state: state.update(instrument, expected_version, by, self._clock()))
        return self._state.instruments[instrument.id].version

    def remove(self, instrument_id: str, *, expected_version: int, by: Actor) -> None:
        self._write(lambda state: state.remove(instrument_id, expected_version, by, self._clock()))

    def check(self) -> None:
        """Read the whole file again and verify its checksum and content; raise `CorruptStore` if damaged."""
        with _os_errors(self.path, writing=False):
            self._reload()

    def close(self) -> None:
        """Nothing stays open between calls."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # The file

    def _write(self, change: Callable[[State], State]) -> None:
        target = self._target()
        with _os_errors(self.path, writing=True):
            try:
                with FileLock(f"{target}.lock", timeout=self._lock_timeout):
                    self._fresh()
                    new = change(self._state)
                    self._save(new, self._generation + 1, target)
                    self._state, self._generation = new, self._generation + 1
                    self._seen = self._stat()
            except Timeout as error:
                raise StoreBusy(say("error.store-busy", path=str(self.path))) from error

    def _target(self) -> Path:
        """The file to replace: the one a symbolic link points to, so the link stays a link."""
        return Path(os.path.realpath(self.path))

    def _fresh(self) -> State:
        with _os_errors(self.path, writing=False):
            if self._stat() != self._seen:
                self._reload()
        return self._state

    def _stat(self) -> tuple[int, int, int, bytes] | None:
        # The header's generation grows with every write, so a replaced file is seen even when the file
        # system reuses an inode within one timestamp tick.
        try:
            self._refuse_a_device()
            with self.path.open("rb") as file:
                info = os.fstat(file.fileno())
                head = file.read(_HEAD)
        except FileNotFoundError:
            return None
        generation = _GENERATION.search(head)
        return (info.st_ino, info.st_mtime_ns, info.st_size, generation.group(1) if generation else b"")

    def _sweep(self) -> None:
        """Remove the temporary files of killed writers, if no writer is busy and the folder may be written.

        Without such files it takes no lock, so opening to read creates nothing (no lock file, no folder).
        """
        target = self._target()
        try:
            if not any(target.parent.glob(f"{TEMP_PREFIX}{target.name}.*")):
                return
            with FileLock(f"{target}.lock", timeout=0):
                for stray in target.parent.glob(f"{TEMP_PREFIX}{target.name}.*"):
                    stray.unlink(missing_ok=True)
        except (Timeout, OSError):
            return

    def _refuse_a_device(self) -> None:
        """A device, pipe or socket is no store: reading /dev/zero would never end, a pipe would block."""
        mode = self.path.stat().st_mode
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):  # a folder is said by the error opening it
            raise StoreUnavailable(say("error.store-unavailable.not-a-file", path=str(self.path)))

    def _reload(self) -> None:
        try:
            self._refuse_a_device()
            with self.path.open("rb") as file:
                info = os.fstat(file.fileno())
                raw = file.read()
        except FileNotFoundError:
            self._state, self._generation, self._seen = State.empty(), 0, None
            return
        self._state, self._generation, self._documents = _decode(raw, self.path)
        generation = _GENERATION.search(raw[:_HEAD])
        self._seen = (info.st_ino, info.st_mtime_ns, info.st_size, generation.group(1) if generation else b"")

    def _save(self, state: State, generation: int, target: Path) -> None:
        payload = _encode(state, generation, self._documents, self.path)
        try:
            kept = target.stat()
        except FileNotFoundError:
            kept = None
        if kept is not None and not (kept.st_mode & _WRITABLE and os.access(target, os.W_OK)):
            raise ReadOnlyStore(say("error.read-only.file", path=str(self.path)))
        target.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{target.name}.", dir=target.parent)
        try:
            _keep_mode_and_owner(descriptor, kept)
            with os.fdopen(descriptor, "wb") as file:
                file.write(payload)
                file.flush()
                os.fsync(file.fileno())
            Path(temporary).replace(target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        _fsync_folder(target.parent)


_WRITABLE: Final = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH


def _keep_mode_and_owner(descriptor: int, kept: os.stat_result | None) -> None:
    """Give the new file the old one's mode, group and (where allowed) owner; a new store gets the umask's mode."""
    if kept is None:
        os.fchmod(descriptor, 0o666 & ~_umask())
        return
    os.fchmod(descriptor, stat.S_IMODE(kept.st_mode))
    for uid in (kept.st_uid, -1):  # only root may give a file away; the group stays whenever we are in it
        try:
            os.fchown(descriptor, uid, kept.st_gid)
        except PermissionError:
            continue
        return


def _umask() -> int:
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
        return int(next(line.split()[1] for line in status.splitlines() if line.startswith("Umask:")), 8)
    except (OSError, StopIteration, ValueError):
        return 0o022


@contextmanager
def _os_errors(path: Path, *, writing: bool) -> Iterator[None]:
    """Turn the operating system's errors into storage errors that say what to do."""
    try:
        yield
    except EvaError:
        raise
    except OSError as error:
        raise _os_error(path, error, writing=writing) from error


def _os_error(path: Path, error: OSError, *, writing: bool) -> StoreError:
    why = errno.errorcode.get(error.errno or 0, type(error).__name__)
    if error.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        return StoreFull(say("error.store-full.detail", path=str(path), detail=why))
    if isinstance(error, IsADirectoryError):  # the store, or its lock file: say which
        lock = str(error.filename or "").endswith(".lock")
        key = "error.store-unavailable.lock-folder" if lock else "error.store-unavailable.folder"
        return StoreUnavailable(say(key, path=str(error.filename) if lock else str(path)))
    if isinstance(error, NotADirectoryError):
        return StoreUnavailable(say("error.store-unavailable.under-file", path=str(path)))
    if error.errno == errno.EROFS or (writing and isinstance(error, PermissionError)):
        return ReadOnlyStore(say("error.read-only.here", path=str(path), detail=why))
    if isinstance(error, PermissionError):
        return StoreUnavailable(say("error.store-unavailable.no-read", path=str(path), detail=why))
    return StoreError(
        say("error.store-error.path-write" if writing else "error.store-error.path", path=str(path), detail=why)
    )


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":  # pragma: no cover - Windows cannot open folders
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


class _Written:
    """What the last write or read produced, kept so the next write serialises only what changed.

    Each instrument's item (version and document) as an orjson fragment while its `Stored` is the same object, and
    the history entries as bytes while the log starts with the same entries (the log only grows). A write of
    one instrument into a 100k catalogue then joins bytes instead of dumping every instrument again.
    """

    def __init__(
        self,
        instruments: dict[str, tuple[Stored, Any]] | None = None,
        log: list[tuple[object, orjson.Fragment]] | None = None,
    ) -> None:
        self.instruments = instruments if instruments is not None else {}
        self.log = log if log is not None else []

    def copy(self) -> _Written:
        return _Written(dict(self.instruments), list(self.log))

    def item(self, stored: Stored) -> orjson.Fragment:
        cached = self.instruments.get(stored.id)
        if cached is not None and cached[0] is stored:
            if type(cached[1]) is orjson.Fragment:
                return cached[1]
            document = cached[1]["instrument"]  # read from the file: serialised once, on the first write
        else:
            document = dump_instrument(stored.instrument)
        fragment = orjson.Fragment(orjson.dumps({"version": stored.version, "instrument": document}))
        self.instruments[stored.id] = (stored, fragment)
        return fragment

    def history(self, log: Sequence[Change | MasterChange | RatingChange]) -> list[orjson.Fragment]:
        kept = 0
        for (entry, _), change in zip(self.log, log, strict=False):
            if entry is not change:
                break
            kept += 1
        del self.log[kept:]
        self.log += [(change, orjson.Fragment(orjson.dumps(_dump_change(change)))) for change in log[kept:]]
        return [fragment for _, fragment in self.log]


def _encode(state: State, generation: int, documents: _Written, path: Path) -> bytes:
    """The file's bytes; *documents* holds what earlier writes serialised, so a write dumps only what changed."""
    master: dict[str, list[dict[str, Any]]] = {kind: [] for kind in MASTER_KINDS}
    for (kind, _), entry in sorted(state.master.items()):
        record = converter.unstructure(entry.record, MASTER_KINDS[kind])
        master[kind].append({"record": record, "version": entry.version, "owner": entry.owner})
    try:
        data = {
            "master": master,
            "instruments": [documents.item(s) for s in state.list()],
            "history": documents.history(state.log),
            "ratings": [converter.unstructure(r, Rating) for r in state.ratings_of(None)],
        }
        body = orjson.dumps(data)
    except orjson.JSONEncodeError as error:  # lone surrogates: UTF-8 cannot hold them
        if "surrogates" not in str(error):
            raise
        raise Unstorable(say("error.unstorable.surrogate", path=str(path))) from None
    digest = hashlib.sha256(body).hexdigest()
    header = json.dumps(
        {"format": STORE_FORMAT, "version": STORE_VERSION, "generation": generation, "checksum": f"sha256:{digest}"}
    ).encode()
    return header[:-1] + b", " + _DATA_KEY + body + b"}\n"


def _decode(raw: bytes, path: Path) -> tuple[State, int, _Written]:
    def corrupt(reason: Message) -> CorruptStore:
        return CorruptStore(say("error.corrupt-store", path=str(path), detail=reason))

    start = raw.find(_DATA_KEY)
    if not raw.startswith(b"{") or start < 0 or not raw.rstrip().endswith(b"}"):
        raise corrupt(say("error.corrupt-store.truncated"))
    try:
        header = json.loads(raw[:start].rstrip().rstrip(b",") + b"}")
    except ValueError as error:
        raise corrupt(say("error.corrupt-store.header", detail=type(error).__name__)) from None
    if not isinstance(header, dict) or header.get("format") != STORE_FORMAT:
        raise corrupt(say("error.corrupt-store.not-a-store"))
    version = header.get("version")
    if version not in (1, 2, STORE_VERSION):
        raise StoreError(say("error.store-error.version", path=str(path), version=repr(version), newest=STORE_VERSION))
    body = raw[start + len(_DATA_KEY) : raw.rstrip().rfind(b"}")]
    if header.get("checksum") != f"sha256:{hashlib.sha256(body).hexdigest()}":
        raise corrupt(say("error.corrupt-store.checksum"))
    try:
        data = orjson.loads(body)
        state = _state_from(data, version)
        items = {item["instrument"]["id"]: item for item in data["instruments"]}
        written = _Written({key: (state.instruments[key], items[key]) for key in items})
        return state, int(header["generation"]), written
    except orjson.JSONDecodeError as error:
        too_deep = "depth" in str(error)  # orjson stops at 1024 levels, where json.loads ran out of stack
        raise corrupt(
            say(
                "error.corrupt-store.too-deep" if too_deep else "error.corrupt-store.content",
                detail=type(error).__name__,
            )
        ) from None
    except (ValueError, KeyError, TypeError, EvaError) as error:
        raise corrupt(say("error.corrupt-store.content", detail=type(error).__name__)) from None
    except RecursionError:
        raise corrupt(say("error.corrupt-store.too-deep")) from None


def _dump_change(change: Change | MasterChange | RatingChange) -> dict[str, Any]:
    if isinstance(change, RatingChange):
        head: dict[str, Any] = {"rating": change.instrument_id, "professional": change.professional}
    elif isinstance(change, MasterChange):
        head = {"kind": change.kind, "record_id": change.record_id, "version": change.version}
    else:
        head = {"instrument_id": change.instrument_id, "version": change.version}
    return head | {
        "action": change.action,
        "actor": change.actor,
        "organisation": change.organisation,
        "at": change.at.isoformat(),
        "changes": {key: list(pair) for key, pair in change.changes.items()},
    }


def _load_change(data: dict[str, Any]) -> Change | MasterChange | RatingChange:
    if "rating" in data:
        return RatingChange(
            data["rating"],
            data["organisation"],
            data["professional"],
            data["action"],
            data["actor"],
            dt.datetime.fromisoformat(data["at"]),
            {key: (old, new) for key, (old, new) in data["changes"].items()},
        )
    rest = (
        data["version"],
        data["action"],
        data["actor"],
        data["organisation"],
        dt.datetime.fromisoformat(data["at"]),
        {key: (old, new) for key, (old, new) in data["changes"].items()},
    )
    if "record_id" in data:
        return MasterChange(data["kind"], data["record_id"], *rest)
    return Change(data["instrument_id"], *rest)


def _state_from(data: dict[str, Any], version: int) -> State:
    instruments = {}
    for item in data["instruments"]:
        stored = Stored(load_stored(item["instrument"], Instrument), int(item["version"]))
        instruments[stored.id] = stored
    master: dict[tuple[str, str], StoredMaster] = {}
    for kind, cls in MASTER_KINDS.items():
        for raw in data["master"].get(kind, []):
            if version == 1:
                record = load_stored(raw, cls)
                entry = StoredMaster(record, 1, first_owner(kind, record, instruments.values()))
            else:
                entry = StoredMaster(load_stored(raw["record"], cls), int(raw["version"]), raw["owner"])
            master[(kind, entry.record.id)] = entry
    ratings = {}
    for raw in data.get("ratings", []):
        rating = load_stored(raw, Rating)
        ratings[rating_key(rating)] = rating
    return State(master, instruments, tuple(_load_change(c) for c in data["history"]), ratings)
