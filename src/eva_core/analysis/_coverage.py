"""Is the offer complete? The tile x client characteristic matrix of one area on one day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from attrs import frozen

from eva_core.analysis._frames import Frame
from eva_core.areas import bundled_areas
from eva_core.domain import AreaClassification, ClientCharacteristic, Instrument, Municipality, Place, Tile

__all__ = ["Cell", "Coverage", "CoverageComparison", "available_in", "compare", "coverage"]

LEAVES = ClientCharacteristic.all_leaves()


def _place(area: str, areas: AreaClassification) -> tuple[Place, str, str]:
    """The place of a municipality or arbeidsmarktregio given by code or name, with its code and name."""
    found = areas.area(area)
    if isinstance(found, Municipality):
        return areas.place(municipality=found.code), found.code, found.name
    return areas.place(region=found.code), found.code, found.name


def available_in(instrument: Instrument, area: str, areas: AreaClassification | None = None) -> bool:
    """Whether *instrument* is offered in *area* (a municipality or arbeidsmarktregio, by code or name).

    This is the one area rule, `Place.offers`, that matching and every query use too: an instrument without
    areas counts everywhere, and one that names an area overlapping *area* counts there (in a municipality:
    the municipality, its region, or one of its districts; in a region: the region or anything inside it).
    *areas* defaults to the bundled classification.
    """
    return _place(area, areas or bundled_areas())[0].offers(instrument)


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


def coverage(
    instruments: Iterable[Instrument], *, area: str, on: dt.date, areas: AreaClassification | None = None
) -> Coverage:
    """The tile x characteristic matrix of the instruments published on *on* and offered in *area*.

    *area* is a municipality or arbeidsmarktregio by code or name; *areas* defaults to the bundled
    classification. Raises `eva_core.domain.UnknownArea` or `AmbiguousArea` for an area it cannot name.
    """
    place, code, name = _place(area, areas or bundled_areas())
    here = [i for i in instruments if i.is_published(on) and place.offers(i)]
    cells = {}
    for tile in Tile:
        for characteristic in LEAVES:
            serving = sorted(
                (i for i in here if tile in i.tiles and characteristic in i.client_characteristics), key=lambda i: i.id
            )
            cells[(tile, characteristic)] = Cell(
                tuple(i.id for i in serving), frozenset(i.provider.id for i in serving)
            )
    return Coverage(code, name, on, cells)


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
    instruments: Iterable[Instrument], first: str, second: str, *, on: dt.date, areas: AreaClassification | None = None
) -> CoverageComparison:
    """The coverage of two areas, side by side."""
    items = list(instruments)
    return CoverageComparison(
        coverage(items, area=first, on=on, areas=areas), coverage(items, area=second, on=on, areas=areas)
    )
