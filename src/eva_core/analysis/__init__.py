"""Offer analysis for policy makers and notebooks: coverage, the offer's profile, and a quality report.

Every result is a plain record with ``rows()``, ``to_pandas()`` and ``to_polars()`` (extras ``pandas`` and
``polars``, imported only when called); the coverage matrix draws a heatmap (extra ``plot``).
"""

from eva_core.analysis._coverage import Cell, Coverage, CoverageComparison, available_in, compare, coverage
from eva_core.analysis._offer import Distribution, OfferProfile, offer_profile
from eva_core.analysis._quality import Finding, QualityReport, quality_report
from eva_core.analysis._ratings import RatingTable, rating_table

__all__ = [
    "Cell",
    "Coverage",
    "CoverageComparison",
    "Distribution",
    "Finding",
    "OfferProfile",
    "QualityReport",
    "RatingTable",
    "available_in",
    "compare",
    "coverage",
    "offer_profile",
    "quality_report",
    "rating_table",
]


def __dir__() -> list[str]:
    return __all__
