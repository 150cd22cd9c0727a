"""The area classification that ships with eva_core, and reading a newer one that CBS publishes.

Bundled: the municipalities and arbeidsmarktregio's of CBS *Gebieden in Nederland* 2021, and those of 2023
(342 municipalities) derived from them with the 14 herindelingen of 2022 and 2023. Source: Statistics
Netherlands (CBS), licence CC BY 4.0 (see `ATTRIBUTION`). `bundled_areas()` gives the latest; `load_cbs`
reads the CSV or JSON that CBS publishes for a later year, with a list of herindelingen (`load_mergers`).
"""

from eva_core.areas._bundled import ATTRIBUTION, BUNDLED_YEARS, bundled_areas, bundled_mergers
from eva_core.areas._cbs import load_cbs, load_mergers
from eva_core.domain import (
    AmbiguousArea,
    AreaClassification,
    AreaError,
    AreaMismatch,
    InvalidAreaData,
    MergedMunicipality,
    Merger,
    Municipality,
    Place,
    Region,
    UnknownArea,
)

__all__ = [
    "ATTRIBUTION",
    "BUNDLED_YEARS",
    "AmbiguousArea",
    "AreaClassification",
    "AreaError",
    "AreaMismatch",
    "InvalidAreaData",
    "MergedMunicipality",
    "Merger",
    "Municipality",
    "Place",
    "Region",
    "UnknownArea",
    "bundled_areas",
    "bundled_mergers",
    "load_cbs",
    "load_mergers",
]


def __dir__() -> list[str]:
    return __all__
