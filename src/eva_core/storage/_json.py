"""The JSON file adapter: one document on local disk, written atomically under a cross-process lock.

The file holds a header (format name, version, generation, SHA-256 checksum) and the data. Every write
re-reads the file under the lock, applies the change, writes a temporary file next to it, fsyncs it,
replaces the old file and fsyncs the folder, so a crash at any moment leaves either the old or the new
file. Temporary files a killed process left behind are swept on open. A file that fails its checksum is
reported as `CorruptStore` and never overwritten. Local disks only: file locks are unreliable on NFS.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, Final, Self

from filelock import FileLock, Timeout

from eva_core.convert import converter, dump_instrument, load_stored
from eva_core.domain import Criteria, EvaError, Instrument, Rating
from eva_core.storage._batch import Applied, Batch, Plan, plan
from eva_core.storage._core import Clock, State, utc_now
from eva_core.storage._errors import CorruptStore, StoreBusy, StoreError
from eva_core.storage._protocol import MASTER_KINDS, Actor, Change, M, MasterRecord, Stored, master_kind

__all__ = ["JsonRepository"]

STORE_FORMAT: Final = "eva-core-store"
STORE_VERSION: Final = 1
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
        self._lock = FileLock(f"{self.path}.lock", timeout=lock_timeout)
        self._clock = clock
        self._state = State.empty()
        self._generation = 0
        self._seen: tuple[int, int, int, bytes] | None = None
        self._documents: dict[str, tuple[Stored, dict[str, Any]]] = {}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with self._lock:
                self._sweep()
                self._reload()
        except Timeout as error:
            raise StoreBusy(f"{self.path} is locked by another writer") from error

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

    def rate(self, rating: Rating, *, by: Actor) -> None:
        self._write(lambda state: state.rate(rating, by))

    # Writes

    def add_master(self, records: Iterable[MasterRecord], *, by: Actor) -> None:
        batch = list(records)
        self._write(lambda state: state.add_master(batch, by))

    def remove_master(self, kind: type[MasterRecord], record_id: str, *, by: Actor) -> None:
        self._write(lambda state: state.remove_master(master_kind(kind), record_id, by))

    def add_all(self, instruments: Iterable[Instrument], *, by: Actor) -> None:
        batch = list(instruments)
        self._write(lambda state: state.add_all(batch, by, self._clock()))

    def apply(self, batch: Batch, *, by: Actor | Iterable[Actor], check_only: bool = False) -> Applied:
        decided: list[Plan] = []

        def write(state: State) -> State:
            decided.append(plan(batch, by, state, self._clock()))
            return state.written(decided[0])

        if check_only:
            _encode(write(self._fresh()), self._generation + 1, dict(self._documents))
        else:
            self._write(write)
        return decided[0].applied

    def update(self, instrument: Instrument, *, expected_version: int, by: Actor) -> int:
        self._write(lambda state: state.update(instrument, expected_version, by, self._clock()))
        return self._state.instruments[instrument.id].version

    def remove(self, instrument_id: str, *, expected_version: int, by: Actor) -> None:
        self._write(lambda state: state.remove(instrument_id, expected_version, by, self._clock()))

    def close(self) -> None:
        """Nothing stays open between calls."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # The file

    def _write(self, change: Callable[[State], State]) -> None:
        try:
            with self._lock:
                self._fresh()
                new = change(self._state)
                self._save(new, self._generation + 1)
                self._state, self._generation = new, self._generation + 1
                self._seen = self._stat()
        except Timeout as error:
            raise StoreBusy(f"{self.path} is locked by another writer") from error

    def _fresh(self) -> State:
        if self._stat() != self._seen:
            self._reload()
        return self._state

    def _stat(self) -> tuple[int, int, int, bytes] | None:
        # The header's generation grows with every write, so a replaced file is seen even when the file
        # system reuses an inode within one timestamp tick.
        try:
            with self.path.open("rb") as file:
                info = os.fstat(file.fileno())
                head = file.read(_HEAD)
        except FileNotFoundError:
            return None
        generation = _GENERATION.search(head)
        return (info.st_ino, info.st_mtime_ns, info.st_size, generation.group(1) if generation else b"")

    def _sweep(self) -> None:
        for stray in self.path.parent.glob(f"{TEMP_PREFIX}{self.path.name}.*"):
            stray.unlink(missing_ok=True)

    def _reload(self) -> None:
        seen = self._stat()
        if seen is None:
            self._state, self._generation, self._seen = State.empty(), 0, None
            return
        raw = self.path.read_bytes()
        self._state, self._generation, self._documents = _decode(raw, self.path)
        self._seen = seen

    def _save(self, state: State, generation: int) -> None:
        payload = _encode(state, generation, self._documents)
        descriptor, temporary = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{self.path.name}.", dir=self.path.parent)
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(payload)
                file.flush()
                os.fsync(file.fileno())
            Path(temporary).replace(self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        _fsync_folder(self.path.parent)


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":  # pragma: no cover - Windows cannot open folders
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _encode(state: State, generation: int, documents: dict[str, tuple[Stored, dict[str, Any]]]) -> bytes:
    """The file's bytes; *documents* caches each instrument's JSON, so a write dumps only what changed."""

    def document(stored: Stored) -> dict[str, Any]:
        cached = documents.get(stored.id)
        if cached is None or cached[0] is not stored:
            cached = documents[stored.id] = (stored, dump_instrument(stored.instrument))
        return cached[1]

    data = {
        "master": {
            kind: [converter.unstructure(r, cls) for r in state.master_of(kind)] for kind, cls in MASTER_KINDS.items()
        },
        "instruments": [{"version": s.version, "instrument": document(s)} for s in state.list()],
        "history": [_dump_change(c) for c in state.history],
        "ratings": [converter.unstructure(r, Rating) for r in state.ratings_of(None)],
    }
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    digest = hashlib.sha256(body).hexdigest()
    header = json.dumps(
        {"format": STORE_FORMAT, "version": STORE_VERSION, "generation": generation, "checksum": f"sha256:{digest}"}
    ).encode()
    return header[:-1] + b", " + _DATA_KEY + body + b"}\n"


def _decode(raw: bytes, path: Path) -> tuple[State, int, dict[str, tuple[Stored, dict[str, Any]]]]:
    def corrupt(reason: str) -> CorruptStore:
        return CorruptStore(f"{path} is damaged ({reason}); it was left as it is")

    start = raw.find(_DATA_KEY)
    if not raw.startswith(b"{") or start < 0 or not raw.rstrip().endswith(b"}"):
        raise corrupt("not an eva_core store, or truncated")
    try:
        header = json.loads(raw[:start].rstrip().rstrip(b",") + b"}")
    except ValueError as error:
        raise corrupt(f"unreadable header: {error}") from None
    if not isinstance(header, dict) or header.get("format") != STORE_FORMAT:
        raise corrupt("not an eva_core store")
    if header.get("version") != STORE_VERSION:
        raise StoreError(f"{path} has store version {header.get('version')!r}; this eva_core reads {STORE_VERSION}")
    body = raw[start + len(_DATA_KEY) : raw.rstrip().rfind(b"}")]
    if header.get("checksum") != f"sha256:{hashlib.sha256(body).hexdigest()}":
        raise corrupt("checksum does not match")
    try:
        data = json.loads(body)
        state = _state_from(data)
        documents = {item["instrument"]["id"]: item["instrument"] for item in data["instruments"]}
        return state, int(header["generation"]), {key: (state.instruments[key], documents[key]) for key in documents}
    except (ValueError, KeyError, TypeError, EvaError) as error:
        raise corrupt(f"invalid content: {error}") from None


def _dump_change(change: Change) -> dict[str, Any]:
    return {
        "instrument_id": change.instrument_id,
        "version": change.version,
        "action": change.action,
        "actor": change.actor,
        "organisation": change.organisation,
        "at": change.at.isoformat(),
        "changes": {key: list(pair) for key, pair in change.changes.items()},
    }


def _load_change(data: dict[str, Any]) -> Change:
    return Change(
        data["instrument_id"],
        data["version"],
        data["action"],
        data["actor"],
        data["organisation"],
        dt.datetime.fromisoformat(data["at"]),
        {key: (old, new) for key, (old, new) in data["changes"].items()},
    )


def _state_from(data: dict[str, Any]) -> State:
    master: dict[tuple[str, str], MasterRecord] = {}
    for kind, cls in MASTER_KINDS.items():
        for raw in data["master"].get(kind, []):
            record = load_stored(raw, cls)
            master[(kind, record.id)] = record
    instruments = {}
    for item in data["instruments"]:
        stored = Stored(load_stored(item["instrument"], Instrument), int(item["version"]))
        instruments[stored.id] = stored
    ratings = {}
    for raw in data.get("ratings", []):
        rating = load_stored(raw, Rating)
        ratings[(rating.instrument_id, rating.professional)] = rating
    return State(master, instruments, tuple(_load_change(c) for c in data["history"]), ratings)
