"""The one area rule: is this instrument available at this place?

An instrument names arbeidsmarktregio's, municipalities and districts (wijken), or nothing, and then it is
offered everywhere. A place is a district, a municipality or an arbeidsmarktregio, with what contains it.
The instrument is available at the place when one of the areas it names *overlaps* the place: it contains
the place (the place's municipality or region), it is the place, or it lies inside the place (a district
of the place's municipality; a municipality, or a district of one, in the place's region). So:

* a client in a district sees what is offered in that district, its municipality and its region, not what
  only another district offers;
* a client known only by municipality also sees what only one of its districts offers (it may be theirs);
* a query for a region finds everything offered anywhere inside it.

Both sides become `AreaKey` sets, and the rule is that they meet. Every adapter derives its filter from
these two functions (index postings, SQL rows, the coverage analysis), so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from typing import NamedTuple

from attrs import field, frozen

from eva_core.domain._instrument import Instrument

__all__ = ["DISTRICT", "IN_MUNICIPALITY", "MUNICIPALITY", "REGION", "AreaKey", "Place", "area_keys"]

REGION = "region"
MUNICIPALITY = "municipality"
DISTRICT = "district"
IN_MUNICIPALITY = "in-municipality"
"""The kind of key an instrument has for each district it names: "offered somewhere in this municipality"."""


class AreaKey(NamedTuple):
    """One area an instrument is found under, or a place looks under: a kind and a code (or district id)."""

    kind: str
    code: str

    def __str__(self) -> str:
        return f"{self.kind}:{self.code}"


def area_keys(instrument: Instrument) -> frozenset[AreaKey]:
    """Where *instrument* is offered, as keys; empty when it names no area (then it is offered everywhere)."""
    keys = {AreaKey(REGION, code) for code in instrument.available_regions}
    keys.update(AreaKey(MUNICIPALITY, code) for code in instrument.available_municipalities)
    for district in instrument.available_districts:
        keys.add(AreaKey(DISTRICT, district.id))
        keys.add(AreaKey(IN_MUNICIPALITY, district.municipality))
    return frozenset(keys)


def _codes(values: Iterable[str]) -> frozenset[str]:
    return frozenset(values)


@frozen
class Place:
    """Where a client lives or a query looks: a district, a municipality or an arbeidsmarktregio.

    Give the most precise level you know; `AreaClassification.place` fills in the rest (the region of a
    municipality, the codes that merged into it, the municipalities of a whole region). A place made by
    hand knows only what it is given: ``Place(municipality="GM0344")`` does not know its region, so it
    misses instruments offered per arbeidsmarktregio.

    ``former_codes`` are codes that stand for ``municipality`` because a herindeling merged them into it;
    ``region_municipalities`` are the codes inside ``region`` when the place is that whole region.
    """

    district: str | None = None
    municipality: str | None = None
    region: str | None = None
    former_codes: frozenset[str] = field(default=frozenset(), converter=_codes)
    region_municipalities: frozenset[str] = field(default=frozenset(), converter=_codes)

    @cached_property
    def keys(self) -> frozenset[AreaKey]:
        """The keys of every area that overlaps this place; an instrument with one of them is available here."""
        municipalities = set(self.former_codes)
        if self.municipality is not None:
            municipalities.add(self.municipality)
        if self.district is None and self.municipality is None:
            municipalities |= self.region_municipalities  # the place is a whole region
        keys = {AreaKey(MUNICIPALITY, code) for code in municipalities}
        if self.region is not None:
            keys.add(AreaKey(REGION, self.region))
        if self.district is not None:
            keys.add(AreaKey(DISTRICT, self.district))
        else:  # a district of the place is part of it
            keys.update(AreaKey(IN_MUNICIPALITY, code) for code in municipalities)
        return frozenset(keys)

    def offers(self, instrument: Instrument) -> bool:
        """Whether *instrument* is available here: it names no area, or one that overlaps this place."""
        return not instrument.has_area_restriction or not self.keys.isdisjoint(area_keys(instrument))
