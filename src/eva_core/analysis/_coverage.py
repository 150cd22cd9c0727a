"""Is the offer complete? The tile x client characteristic matrix of one area on one day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from attrs import frozen

from eva_core.analysis._frames import Frame
from eva_core.domain import ClientCharacteristic, Instrument, Tile
from eva_core.search import AreaClassification

__all__ = ["Cell", "Coverage", "CoverageComparison", "available_in", "compare", "coverage"]

LEAVES = ClientCharacteristic.all_leaves()


def available_in(instrument: Instrument, area: str, areas: AreaClassification) -> bool:
    """Whether *instrument* is offered in *area*: a municipality (GMxxxx) or an arbeidsmarktregio (AMxx).

    An instrument without areas is offered everywhere. In a municipality, an instrument counts when it names the
    municipality, its region, or one of its districts; in a region, when it names the region or any
    municipality (or district of one) inside it.
    """
    if not instrument.has_area_restriction:
        return True
    if area.startswith("AM"):
        inside = {m.code for m in areas.municipalities_in(area)}
        return (
            area in instrument.available_regions
            or bool(inside & instrument.available_municipalities)
            or any(d.municipality in inside for d in instrument.available_districts)
        )
    return (
        area in instrument.available_municipalities
        or areas.region_of(area) in instrument.available_regions
        or any(d.municipality == area for d in instrument.available_districts)
    )


@frozen
class Cell:
    """The instruments (by id) and distinct providers serving one tile and characteristic."""

    instruments: tuple[str, ...]
    providers: frozenset[str]


@frozen
class Coverage(Frame):
    """The matrix for one area on one day; a cell counts published instruments linking both."""

    area: str
    area_name: str
    on: dt.date
    cells: Mapping[tuple[Tile, ClientCharacteristic], Cell]

    def count(self, tile: Tile, characteristic: ClientCharacteristic) -> int:
        """How many instruments serve the cell."""
        return len(self.cells[(tile, characteristic)].instruments)

    def empty_cells(self) -> list[tuple[Tile, ClientCharacteristic]]:
        """Cells without any instrument: gaps in the offer."""
        return [key for key, cell in self.cells.items() if not cell.instruments]

    def single_provider_cells(self) -> list[tuple[Tile, ClientCharacteristic]]:
        """Cells that depend on one provider."""
        return [key for key, cell in self.cells.items() if len(cell.providers) == 1]

    def rows(self) -> list[dict[str, Any]]:
        """One row per cell."""
        return [
            {
                "area": self.area,
                "tile": tile.label,
                "characteristic": characteristic.label,
                "instruments": len(cell.instruments),
                "providers": len(cell.providers),
            }
            for (tile, characteristic), cell in self.cells.items()
        ]

    def heatmap(self, path: str | Path) -> Path:
        """Draw the matrix as a PNG (extra ``plot``) and return its path."""
        from eva_core.analysis._heatmap import draw  # noqa: PLC0415 - matplotlib is optional

        return draw(self, Path(path))


def coverage(instruments: Iterable[Instrument], *, area: str, on: dt.date, areas: AreaClassification) -> Coverage:
    """The tile x characteristic matrix of the instruments published on *on* and offered in *area*."""
    if area not in areas.municipalities and area not in areas.regions:
        raise ValueError(f"{area!r} is not a municipality or arbeidsmarktregio of the {areas.year} classification")
    here = [i for i in instruments if i.is_published(on) and available_in(i, area, areas)]
    cells = {}
    for tile in Tile:
        for characteristic in LEAVES:
            serving = sorted(
                (i for i in here if tile in i.tiles and characteristic in i.client_characteristics), key=lambda i: i.id
            )
            cells[(tile, characteristic)] = Cell(
                tuple(i.id for i in serving), frozenset(i.provider.id for i in serving)
            )
    return Coverage(area, areas.name_of(area) or area, on, cells)


@frozen
class CoverageComparison(Frame):
    """Two areas side by side, cell by cell."""

    first: Coverage
    second: Coverage

    def rows(self) -> list[dict[str, Any]]:
        """One row per cell with both counts."""
        return [
            {
                "tile": tile.label,
                "characteristic": characteristic.label,
                self.first.area: len(cell.instruments),
                self.second.area: len(self.second.cells[(tile, characteristic)].instruments),
            }
            for (tile, characteristic), cell in self.first.cells.items()
        ]

    def only_in_first(self) -> list[tuple[Tile, ClientCharacteristic]]:
        """Cells the first area serves and the second does not."""
        return [k for k, c in self.first.cells.items() if c.instruments and not self.second.cells[k].instruments]


def compare(
    instruments: Iterable[Instrument], first: str, second: str, *, on: dt.date, areas: AreaClassification
) -> CoverageComparison:
    """The coverage of two areas, side by side."""
    items = list(instruments)
    return CoverageComparison(
        coverage(items, area=first, on=on, areas=areas), coverage(items, area=second, on=on, areas=areas)
    )
