"""Find instruments for a client: hard rules, a weighted and explained score, filters, facets and Dutch text search."""

from eva_core.domain import AreaClassification, Municipality, Region
from eva_core.search._compound import Decompounder
from eva_core.search._filters import Facets
from eva_core.search._index import CatalogueIndex, Hit, SearchResult, explain, rank
from eva_core.search._matching import Exclusion, Explanation, Match, Reason, Weights
from eva_core.search._text import Analyzer, analyze, fold

__all__ = [
    "Analyzer",
    "AreaClassification",
    "CatalogueIndex",
    "Decompounder",
    "Exclusion",
    "Explanation",
    "Facets",
    "Hit",
    "Match",
    "Municipality",
    "Reason",
    "Region",
    "SearchResult",
    "Weights",
    "analyze",
    "explain",
    "fold",
    "rank",
]


def __dir__() -> list[str]:
    return __all__
