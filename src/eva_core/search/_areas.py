"""Areas: municipality code -> name -> arbeidsmarktregio, from a CBS export the caller supplies.

No package ships the CBS list with arbeidsmarktregio's, and municipalities merge almost every year, so
eva_core loads a classification from a file and labels it with its year instead of bundling one.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType

from attrs import field, frozen

from eva_core.domain import is_municipality_code, is_region_code

__all__ = ["AreaClassification", "Municipality", "Region"]


@frozen
class Region:
    """An arbeidsmarktregio."""

    code: str
    name: str


@frozen
class Municipality:
    """A municipality and the arbeidsmarktregio it belongs to."""

    code: str
    name: str
    region: str


def _by_code(items: Iterable[Municipality | Region]) -> Mapping[str, object]:
    return MappingProxyType({item.code: item for item in items})


@frozen
class AreaClassification:
    """Municipalities and arbeidsmarktregio's of one year (CBS *Gebieden in Nederland*, CC BY 4.0)."""

    year: int
    municipalities: Mapping[str, Municipality] = field(converter=_by_code)
    regions: Mapping[str, Region] = field(converter=_by_code)

    def __attrs_post_init__(self) -> None:
        problems = [
            f"{code!r} is not a municipality code" for code in self.municipalities if not is_municipality_code(code)
        ]
        problems += [f"{code!r} is not a region code" for code in self.regions if not is_region_code(code)]
        problems += [
            f"municipality {m.code} lies in unknown region {m.region!r}"
            for m in self.municipalities.values()
            if m.region not in self.regions
        ]
        if problems:
            raise ValueError(f"invalid area classification: {'; '.join(problems[:5])}")

    @classmethod
    def from_json(
        cls, municipalities: str | os.PathLike[str], regions: str | os.PathLike[str], *, year: int
    ) -> AreaClassification:
        """Read the two JSON lists of a CBS export: ``[{code, name, region_code}]`` and ``[{code, name}]``."""
        rows = json.loads(Path(municipalities).read_text(encoding="utf-8"))
        region_rows = json.loads(Path(regions).read_text(encoding="utf-8"))
        return cls(
            year,
            [Municipality(r["code"], r["name"], r["region_code"]) for r in rows],
            [Region(r["code"], r["name"]) for r in region_rows],
        )

    def region_of(self, municipality: str) -> str | None:
        """The arbeidsmarktregio code of a municipality, or None when this year's list does not have it."""
        found = self.municipalities.get(municipality)
        return None if found is None else found.region

    def name_of(self, code: str) -> str | None:
        """The name of a municipality or region code."""
        found = self.municipalities.get(code) or self.regions.get(code)
        return None if found is None else found.name

    def municipalities_in(self, region: str) -> tuple[Municipality, ...]:
        """The municipalities of one arbeidsmarktregio, by code."""
        return tuple(sorted((m for m in self.municipalities.values() if m.region == region), key=lambda m: m.code))
