"""The classifications in ``data/``, written by ``tools/build_areas.py`` and read here once per process."""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from importlib import resources
from typing import Any

from eva_core.domain import AreaClassification, InvalidAreaData, Merger, Municipality, Region, say

__all__ = ["ATTRIBUTION", "BUNDLED_YEARS", "bundled_areas", "bundled_mergers", "from_document", "to_document"]

BUNDLED_YEARS = (2021, 2023)
"""The years whose classification ships in the package; the last is the default."""

ATTRIBUTION = (
    "Gemeenten en arbeidsmarktregio's: Centraal Bureau voor de Statistiek (CBS), Gebieden in Nederland 2021 "
    "(tabel 84929NED), licentie CC BY 4.0; herindelingen 2022-2023 volgens CBS en de indeling van het "
    "coronadashboard van de Rijksoverheid. Bewerkt door eva_core: de indeling 2023 is die van 2021 met de "
    "herindelingen toegepast."
)
"""Who to credit when you show the bundled data (CC BY 4.0 asks for it)."""


def bundled_areas(year: int | None = None) -> AreaClassification:
    """The bundled classification of *year* (one of `BUNDLED_YEARS`), by default the latest.

    Raises:
        InvalidAreaData: no classification of that year ships with eva_core.
    """
    chosen = BUNDLED_YEARS[-1] if year is None else year
    if chosen not in BUNDLED_YEARS:
        years = tuple(map(str, BUNDLED_YEARS))
        raise InvalidAreaData(say("error.no-bundled-areas", year=str(chosen), years=years), "no-bundled-areas")
    return _read(chosen)


@cache
def _read(year: int) -> AreaClassification:
    text = resources.files("eva_core.areas").joinpath("data", f"cbs-{year}.json").read_text(encoding="utf-8")
    return from_document(json.loads(text))


def bundled_mergers() -> tuple[Merger, ...]:
    """Every herindeling eva_core knows (2022-2023), oldest first."""
    return tuple(sorted(bundled_areas().mergers.values(), key=lambda m: (m.on, m.old_code)))


def to_document(areas: AreaClassification) -> dict[str, Any]:
    """The JSON-ready form of a classification, as the files in ``data/`` hold it; sorted, so diffs stay small."""
    return {
        "year": areas.year,
        "source": areas.source,
        "regions": [{"code": r.code, "name": r.name} for r in sorted(areas.regions.values(), key=lambda r: r.code)],
        "municipalities": [
            {"code": m.code, "name": m.name, "region": m.region}
            for m in sorted(areas.municipalities.values(), key=lambda m: m.code)
        ],
        "mergers": [
            {
                "old_code": m.old_code,
                "old_name": m.old_name,
                "new_code": m.new_code,
                "new_name": m.new_name,
                "on": m.on.isoformat(),
            }
            for m in sorted(areas.mergers.values(), key=lambda m: (m.on, m.old_code))
        ],
    }


def from_document(document: dict[str, Any]) -> AreaClassification:
    """Read what `to_document` wrote."""
    return AreaClassification(
        document["year"],
        [Municipality(m["code"], m["name"], m["region"]) for m in document["municipalities"]],
        [Region(r["code"], r["name"]) for r in document["regions"]],
        [
            Merger(m["old_code"], m["old_name"], m["new_code"], m["new_name"], dt.date.fromisoformat(m["on"]))
            for m in document["mergers"]
        ],
        document["source"],
    )
