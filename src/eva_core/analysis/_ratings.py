"""Rating aggregates as a table, for notebooks."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from attrs import frozen

from eva_core.analysis._frames import Frame
from eva_core.domain import SCORES, Rating, RatingSummary, summarise

__all__ = ["RatingTable", "rating_table"]


@frozen
class RatingTable(Frame):
    """`eva_core.domain.summarise` per instrument and score, one row each."""

    summaries: Mapping[str, RatingSummary]

    def rows(self) -> list[dict[str, Any]]:
        """One row per instrument and score, with the distribution as columns ``1`` to ``5``."""
        return [
            {
                "instrument": instrument_id,
                "score": name,
                "count": score.count,
                "mean": score.mean,
                "shrunk_mean": score.shrunk_mean,
                **{str(value): n for value, n in score.distribution.items()},
            }
            for instrument_id, summary in self.summaries.items()
            for name in SCORES
            for score in (summary.scores[name],)
        ]


def rating_table(ratings: Iterable[Rating], *, minimum: int = 3, prior: float = 5.0) -> RatingTable:
    """The aggregates of *ratings* as a table."""
    return RatingTable(summarise(ratings, minimum=minimum, prior=prior))
