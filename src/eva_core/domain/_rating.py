"""Professionals' ratings of instruments, and honest aggregates of them.

A professional rates an instrument on three scores, each 1 to 5: general, result and execution. At the
extremes (1 or 5) a score needs an explanation. Eva's back end keys all three explanations on the general
score; eva_core keys each explanation on its own score.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from statistics import fmean

from attrs import field, frozen

from eva_core.domain._messages import say
from eva_core.domain._record import Checker, Record, meta

__all__ = ["SCORES", "Rating", "RatingSummary", "ScoreSummary", "summarise"]

SCORES = ("general", "result", "execution")
"""The three scores of a rating, in Eva's order."""


@frozen
class Rating(Record):
    """One professional's rating of one instrument; a newer rating by the same professional replaces it.

    A professional is known within their organisation: the same ``professional`` in two organisations is two
    people, each with their own rating.
    """

    instrument_id: str = field(metadata=meta("Instrument", identifier=True))
    professional: str = field(metadata=meta("Professional", identifier=True, doc="An opaque id of the professional."))
    organisation: str = field(metadata=meta("Organisatie", identifier=True))
    on: dt.date = field(metadata=meta("Datum"))
    general: int = field(metadata=meta("Algemeen", minimum=1, maximum=5))
    result: int = field(metadata=meta("Resultaat", minimum=1, maximum=5))
    execution: int = field(metadata=meta("Uitvoering", minimum=1, maximum=5))
    general_explanation: str | None = field(default=None, metadata=meta("Toelichting algemeen"))
    result_explanation: str | None = field(default=None, metadata=meta("Toelichting resultaat"))
    execution_explanation: str | None = field(default=None, metadata=meta("Toelichting uitvoering"))

    @classmethod
    def rules(cls, check: Checker) -> None:
        check.required_text("instrument_id", "professional", "organisation")
        for name in SCORES:
            check.at_least(name, "score-range", lambda n: say("problem.score-range", score=n))
            check.at_most(name, "score-range", lambda n: say("problem.score-range", score=n))
            score = check.get(name)
            explanation = check.get(f"{name}_explanation")
            if score in (1, 5) and f"{name}_explanation" in check and not (explanation or "").strip():
                check.add(
                    f"{name}_explanation", "explanation-required", say("problem.explanation-required", score=score)
                )


@frozen
class ScoreSummary:
    """One score of one instrument over its ratings.

    ``mean`` and ``shrunk_mean`` are None below the minimum count; ``shrunk_mean`` pulls the mean towards the
    catalogue's mean (over all current ratings) as if ``prior`` extra ratings at that mean were given, so a few
    extreme ratings move it less than a long record does.
    """

    count: int
    mean: float | None
    shrunk_mean: float | None
    distribution: Mapping[int, int]


@frozen
class RatingSummary:
    """The three scores of one instrument."""

    instrument_id: str
    count: int
    scores: Mapping[str, ScoreSummary]


def latest(ratings: Iterable[Rating]) -> list[Rating]:
    """Each professional's newest rating per instrument (a later date wins; equal dates keep the last given)."""
    newest: dict[tuple[str, str, str], Rating] = {}
    for rating in ratings:
        key = (rating.instrument_id, rating.organisation, rating.professional)
        if key not in newest or newest[key].on <= rating.on:
            newest[key] = rating
    return [newest[key] for key in sorted(newest)]


def summarise(ratings: Iterable[Rating], *, minimum: int = 3, prior: float = 5.0) -> dict[str, RatingSummary]:
    """Per instrument: count, mean, shrunk mean and distribution of each score, over the latest ratings.

    Means are shown from *minimum* ratings on; *prior* is the weight of the catalogue mean in the shrunk mean.
    """
    current = latest(ratings)
    catalogue = {name: fmean(getattr(r, name) for r in current) if current else 0.0 for name in SCORES}
    per_instrument: dict[str, list[Rating]] = {}
    for rating in current:
        per_instrument.setdefault(rating.instrument_id, []).append(rating)
    summaries = {}
    for instrument_id, own in sorted(per_instrument.items()):
        scores = {}
        for name in SCORES:
            values = [getattr(r, name) for r in own]
            shown = len(values) >= minimum
            scores[name] = ScoreSummary(
                len(values),
                fmean(values) if shown else None,
                (prior * catalogue[name] + sum(values)) / (prior + len(values)) if shown else None,
                {n: values.count(n) for n in range(1, 6)},
            )
        summaries[instrument_id] = RatingSummary(instrument_id, len(own), scores)
    return summaries
