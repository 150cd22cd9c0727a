"""One import as one write: the `Batch` a caller hands to ``repository.apply``, and the plan every adapter runs.

The decisions (which ids are new, updated, unchanged or removed; which master records to register; every
conflict) are made here once, by `plan`, against a `View` of the store that each adapter provides inside its
transaction or lock. The adapter then only writes the plan. A check-only run makes the same plan and the same
writes and throws them away, so it promises exactly what the real run does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from typing import Any, Final, Protocol, TypeVar

from attrs import field, frozen

from eva_core.convert import dump_instrument
from eva_core.domain import Instrument, Message, as_message, say
from eva_core.storage._core import change, diff_documents, named_owner, names_its_owner, owner_for, references
from eva_core.storage._errors import BatchRefused, Forbidden
from eva_core.storage._protocol import Actor, Change, MasterChange, MasterRecord, Stored, StoredMaster, master_kind

__all__ = ["EVERY", "Applied", "Batch", "BatchConflict", "Plan", "View", "WriteProgress", "Written", "plan", "slices"]

WriteProgress = Callable[[int, int], None]
"""Told ``(written, total)`` while a batch is written: first ``(0, total)`` once the plan is decided, then
growing counts up to ``(total, total)``, where total is the instruments added, updated and removed. Whatever
it raises ends the write, which then leaves the store as it was."""

EVERY: Final = 1000
"""How many instruments an adapter writes between two progress calls."""

_T = TypeVar("_T")


def slices(items: Sequence[_T], size: int = EVERY) -> Iterator[Sequence[_T]]:
    """*items* in consecutive slices of at most *size*, in order."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _instruments(values: Iterable[Instrument]) -> tuple[Instrument, ...]:
    return tuple(values)


def _records(values: Iterable[MasterRecord]) -> tuple[MasterRecord, ...]:
    return tuple(values)


def _versions(values: Mapping[str, int]) -> Mapping[str, int]:
    return dict(values)


@frozen
class Batch:
    """Everything one import writes, for one or more organisations; ``repository.apply`` writes it all or nothing.

    ``instruments`` keep the order they were read in, so every conflict can point back to its row (its
    ``index``). The master records the instruments link are registered with them; ``master`` adds others.
    With ``update`` an id that is stored already is updated, when the writing organisation owns it; an
    instrument equal to the stored one stays as it is. ``versions`` gives the stored version an update expects
    (read at export time), so nobody's newer change is overwritten; an id without one is updated without that
    check. With ``remove_missing`` each writing organisation's stored instruments that the batch leaves out
    are removed.
    """

    instruments: tuple[Instrument, ...] = field(default=(), converter=_instruments)
    master: tuple[MasterRecord, ...] = field(default=(), converter=_records)
    update: bool = False
    versions: Mapping[str, int] = field(factory=dict, converter=_versions)
    remove_missing: bool = False

    @property
    def organisations(self) -> tuple[str, ...]:
        """The organisations the instruments belong to, sorted."""
        return tuple(sorted({i.organisation.id for i in self.instruments}))

    def actors(self, label: str, *, curator: bool = False) -> tuple[Actor, ...]:
        """One actor per organisation in the batch, all with *label*: for an import made on their behalf.

        With *curator* they may also register shared master data (target groups without an organisation).
        """
        return tuple(Actor(organisation, label, curator=curator) for organisation in self.organisations)


@frozen
class BatchConflict:
    """One reason a batch cannot be written.

    ``code`` is stable for programs; ``message`` is for people. ``index`` is the instrument's position in
    ``Batch.instruments`` (None for master data given on its own and for removals).
    """

    code: str
    _message: Message = field(converter=as_message)
    index: int | None = None
    instrument_id: str | None = None
    organisation: str | None = None

    @property
    def message(self) -> str:
        """The conflict in the current language (Dutch unless set otherwise)."""
        return self._message.text()

    @property
    def said(self) -> Message:
        """The message as a value: its catalogue key and parameters."""
        return self._message


@frozen
class Applied:
    """What a batch wrote (or, checked only, would write): ids by outcome, and the master data registered."""

    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    registered: tuple[tuple[str, str], ...] = ()
    versions: Mapping[str, int] = field(factory=dict)
    """The new version of each added or updated instrument."""


class View(Protocol):
    """What `plan` needs to read from a store, inside the adapter's transaction or lock."""

    def current(self, ids: Collection[str]) -> Mapping[str, tuple[Stored, Mapping[str, Any]]]:
        """The stored instruments among *ids*, each with its stored (dumped) document."""
        ...

    def owned(self, organisations: Collection[str]) -> Mapping[str, tuple[str, int]]:
        """Every stored instrument of the organisations: its id, with its organisation and version."""
        ...

    def registered(self, keys: Collection[tuple[str, str]]) -> Mapping[tuple[str, str], MasterRecord]:
        """The registered master records among *keys* (kind, id)."""
        ...


@frozen
class Plan:
    """The writes a batch comes down to, in the order an adapter makes them."""

    register: tuple[StoredMaster, ...]
    add: tuple[Instrument, ...]
    update: tuple[tuple[Instrument, int, dict[str, Any]], ...]
    """(instrument, new version, its dumped document)."""
    remove: tuple[tuple[str, int], ...]
    """(id, stored version)."""
    history: tuple[Change | MasterChange, ...]
    applied: Applied

    @property
    def size(self) -> int:
        """How many instruments the plan writes: added, updated and removed."""
        return len(self.add) + len(self.update) + len(self.remove)


class Written:
    """Counts a plan's instruments as an adapter writes them and tells a `WriteProgress`, if there is one."""

    def __init__(self, plan: Plan, progress: WriteProgress | None) -> None:
        self._total = plan.size
        self._progress = progress
        self._done = 0
        if progress is not None:
            progress(0, self._total)

    def add(self, count: int) -> None:
        """*count* more instruments are written."""
        if count and self._progress is not None:
            self._done += count
            self._progress(self._done, self._total)


def plan(batch: Batch, by: Actor | Iterable[Actor], view: View, at: dt.datetime) -> Plan:  # noqa: C901, PLR0912, PLR0915 - one pass, one decision per branch
    """Decide every write of *batch*, or raise `BatchRefused` with every conflict found."""
    actors = {a.organisation: a for a in ([by] if isinstance(by, Actor) else by)}
    conflicts: list[BatchConflict] = []
    first: dict[str, int] = {}
    candidates: list[tuple[int, Instrument]] = []
    for index, instrument in enumerate(batch.instruments):
        organisation = instrument.organisation.id
        if organisation not in actors:
            conflicts.append(
                BatchConflict(
                    "forbidden",
                    say("conflict.forbidden", id=instrument.id, organisation=organisation),
                    index,
                    instrument.id,
                    organisation,
                )
            )
        if instrument.id in first:
            conflicts.append(
                BatchConflict(
                    "id-twice",
                    say("conflict.id-twice", id=instrument.id, other=first[instrument.id] + 1),
                    index,
                    instrument.id,
                    organisation,
                )
            )
            continue
        first[instrument.id] = index
        candidates.append((index, instrument))

    register, registered, master_conflicts = _master(batch, actors, view, at)
    conflicts += master_conflicts

    current = view.current([i.id for _, i in candidates])
    add: list[Instrument] = []
    update: list[tuple[Instrument, int, dict[str, Any]]] = []
    unchanged: list[str] = []
    history: list[Change | MasterChange] = [*registered]
    versions: dict[str, int] = {}
    for index, instrument in candidates:
        organisation = instrument.organisation.id
        actor = actors.get(organisation)
        expected = batch.versions.get(instrument.id)
        found = current.get(instrument.id)
        if found is None:
            if batch.update and expected is not None:
                conflicts.append(
                    BatchConflict(
                        "stale-version",
                        say("conflict.stale-version.removed", id=instrument.id, expected=expected),
                        index,
                        instrument.id,
                        organisation,
                    )
                )
            elif actor is not None:
                add.append(instrument)
                versions[instrument.id] = 1
                history.append(change(Stored(instrument, 1), "added", actor, at))
            continue
        stored, before = found
        owner = stored.instrument.organisation.id
        if not batch.update:
            conflicts.append(
                BatchConflict(
                    "id-taken", say("conflict.id-taken", id=instrument.id), index, instrument.id, organisation
                )
            )
        elif owner != organisation:
            conflicts.append(
                BatchConflict(
                    "foreign-owner",
                    say("conflict.foreign-owner", id=instrument.id, owner=owner, organisation=organisation),
                    index,
                    instrument.id,
                    organisation,
                )
            )
        elif expected is not None and expected != stored.version:
            conflicts.append(
                BatchConflict(
                    "stale-version",
                    say("conflict.stale-version", id=instrument.id, actual=stored.version, expected=expected),
                    index,
                    instrument.id,
                    organisation,
                )
            )
        elif actor is not None:
            if stored.instrument == instrument:
                unchanged.append(instrument.id)
                continue
            after = dump_instrument(instrument)
            new = Stored(instrument, stored.version + 1)
            update.append((instrument, new.version, after))
            versions[instrument.id] = new.version
            history.append(change(new, "updated", actor, at, diff_documents(before, after)))

    remove: list[tuple[str, int]] = []
    if batch.remove_missing:
        for instrument_id, (organisation, version) in sorted(view.owned(sorted(actors)).items()):
            if instrument_id not in first:
                actor = actors[organisation]
                remove.append((instrument_id, version))
                history.append(Change(instrument_id, version, "removed", actor.label, organisation, at))

    if conflicts:
        raise BatchRefused(_in_batch_order(conflicts))
    return Plan(
        tuple(register),
        tuple(add),
        tuple(update),
        tuple(remove),
        tuple(history),
        Applied(
            tuple(i.id for i in add),
            tuple(i.id for i, _, _ in update),
            tuple(unchanged),
            tuple(instrument_id for instrument_id, _ in remove),
            tuple((entry.kind, entry.record.id) for entry in register),
            versions,
        ),
    )


def _master(
    batch: Batch, actors: Mapping[str, Actor], view: View, at: dt.datetime
) -> tuple[list[StoredMaster], list[MasterChange], list[BatchConflict]]:
    """The master records to register with their owners, in order, their history and the conflicts among them."""
    wanted: dict[tuple[str, str], tuple[MasterRecord, int | None, Actor | None]] = {}
    conflicts: list[BatchConflict] = []
    curator = next((a for a in actors.values() if a.curator), None)
    default = curator or next(iter(actors.values()), None)
    given: list[tuple[MasterRecord, int | None, Actor | None]] = [(r, None, default) for r in batch.master]
    given += [
        (record, index, actors.get(instrument.organisation.id))
        for index, instrument in enumerate(batch.instruments)
        for _, record in references(instrument)
    ]
    for record, index, actor in given:
        key = (master_kind(record), record.id)
        if key not in wanted:
            wanted[key] = (record, index, actor)
        elif wanted[key][0] != record:
            conflicts.append(_differs(key, index, batch, "elsewhere"))
    stored = view.registered(list(wanted))
    register: list[StoredMaster] = []
    history: list[MasterChange] = []
    for key, (record, index, linking) in wanted.items():
        if key in stored:
            if stored[key] != record:
                conflicts.append(_differs(key, index, batch, "registered"))
            continue
        if linking is None:
            continue  # the instrument's own conflict (forbidden) says it already
        actor = linking
        if names_its_owner(record):
            owner = named_owner(record)
            actor = (curator or linking) if owner is None else actors.get(owner, linking)
        try:
            entry = StoredMaster(record, 1, owner_for(actor, record))
        except Forbidden as error:
            reason = say("conflict.master-forbidden", reason=error.said)
            conflicts.append(BatchConflict("master-forbidden", reason, index, None, actor.organisation))
            continue
        register.append(entry)
        history.append(MasterChange(key[0], record.id, 1, "added", actor.label, actor.organisation, at))
    return register, history, conflicts


def _differs(key: tuple[str, str], index: int | None, batch: Batch, why: str) -> BatchConflict:
    what, because = say(f"record.{key[0]}"), say(f"conflict.why.{why}")
    if index is None:
        return BatchConflict("master-differs", say("conflict.master-differs", what=what, ref=key[1], why=because))
    instrument = batch.instruments[index]
    return BatchConflict(
        "reference-differs",
        say("conflict.reference-differs", id=instrument.id, what=what, ref=key[1], why=because),
        index,
        instrument.id,
        instrument.organisation.id,
    )


def _in_batch_order(conflicts: Sequence[BatchConflict]) -> list[BatchConflict]:
    return sorted(conflicts, key=lambda c: (c.index is None, c.index or 0, c.code))
