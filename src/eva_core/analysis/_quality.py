"""Where the catalogue needs care: incomplete, ending, without contact, unexplained costs, duplicates, stale."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from difflib import SequenceMatcher
from itertools import combinations
from typing import Any

from attrs import field, frozen

from eva_core.analysis._frames import Frame
from eva_core.domain import Instrument, Message, as_message, fold, say

__all__ = ["Finding", "QualityReport", "quality_report"]

CODES = (
    "incomplete",
    "publication-ended",
    "publication-ending",
    "no-contact",
    "costs-unexplained",
    "likely-duplicate",
    "stale",
)
"""Every kind of finding; each has a ``quality.<code>`` message in the catalogue."""


@frozen
class Finding:
    """One point of care for one instrument: a stable code, and a message said about the instrument."""

    instrument_id: str
    organisation: str
    code: str
    _message: Message = field(converter=as_message)

    @property
    def message(self) -> str:
        """The finding in the current language (Dutch unless set otherwise)."""
        return self._message.text()


@frozen
class QualityReport(Frame):
    """Every finding, by instrument id and code."""

    on: dt.date
    findings: tuple[Finding, ...]

    def of(self, code: str) -> list[str]:
        """The ids of the instruments with a finding *code*."""
        return [f.instrument_id for f in self.findings if f.code == code]

    def rows(self) -> list[dict[str, Any]]:
        """One row per finding."""
        return [
            {"instrument": f.instrument_id, "organisation": f.organisation, "code": f.code, "message": f.message}
            for f in self.findings
        ]


def quality_report(  # noqa: PLR0913 - keyword-only settings
    instruments: Iterable[Instrument],
    *,
    on: dt.date,
    ending_within_days: int = 30,
    last_changed: Mapping[str, dt.datetime] | None = None,
    stale_after_months: int = 12,
    similarity: float = 0.85,
) -> QualityReport:
    """Check the catalogue as of *on*.

    *last_changed* (instrument id -> time of its last change, from a repository's history) enables the
    ``stale`` check. Summaries over the limit cannot occur here: the format's rules refuse them on reading
    (``eva validate`` reports them in files).
    """
    items = sorted(instruments, key=lambda i: i.id)
    found: list[Finding] = []

    def add(instrument: Instrument, code: str, **params: object) -> None:
        found.append(Finding(instrument.id, instrument.organisation.id, code, say(f"quality.{code}", **params)))

    for instrument in items:
        if not instrument.is_complete:
            add(instrument, "incomplete")
        until = instrument.publish_until
        if until is not None and until < on:
            add(instrument, "publication-ended", day=until)
        elif until is not None and instrument.publish and (until - on).days <= ending_within_days:
            add(instrument, "publication-ending", day=until)
        if not instrument.contacts:
            add(instrument, "no-contact")
        if instrument.total_costs is not None and instrument.total_costs > 0 and not instrument.costs_description:
            add(instrument, "costs-unexplained")
        changed = (last_changed or {}).get(instrument.id)
        if changed is not None and (on - changed.date()).days > stale_after_months * 365.25 / 12:
            add(instrument, "stale", day=changed.date())
    for first, second in _likely_duplicates(items, similarity):
        add(first, "likely-duplicate", other=second.id, organisation=second.organisation.id)
        add(second, "likely-duplicate", other=first.id, organisation=first.organisation.id)
    found.sort(key=lambda f: (f.instrument_id, f.code))
    return QualityReport(on, tuple(found))


def _likely_duplicates(items: list[Instrument], similarity: float) -> Iterator[tuple[Instrument, Instrument]]:
    """Pairs (in id order) of one provider's instruments from two organisations with names this similar.

    Only instruments of the same provider are compared, each name is folded once, and the cheap upper bounds
    of `SequenceMatcher` rule most pairs out before the full ratio: not every pair of the catalogue.
    """
    by_provider: dict[str, list[tuple[Instrument, str]]] = {}
    for instrument in items:
        by_provider.setdefault(instrument.provider.id, []).append((instrument, fold(instrument.name)))
    pairs: list[tuple[Instrument, Instrument]] = []
    for group in by_provider.values():
        for (first, first_name), (second, second_name) in combinations(group, 2):
            if first.organisation.id == second.organisation.id:
                continue
            matcher = SequenceMatcher(None, first_name, second_name)
            bounds = (matcher.real_quick_ratio, matcher.quick_ratio, matcher.ratio)  # cheapest first
            if all(bound() >= similarity for bound in bounds):
                pairs.append((first, second))
    return iter(sorted(pairs, key=lambda pair: (pair[0].id, pair[1].id)))
