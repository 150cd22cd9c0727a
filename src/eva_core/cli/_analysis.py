"""``eva coverage`` and ``eva quality``: where an area's offer has gaps, and where a catalogue needs care."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from sqlalchemy.exc import ArgumentError

from eva_core import ClientCharacteristic, EvaError, Tile
from eva_core.analysis import CoverageComparison, coverage, quality_report
from eva_core.storage import open_repository

from ._options import DEFAULT_SOURCE, Areas, AsJson, Day, Source, day, open_index, read_areas
from ._render import err, fail, out


def coverage_(  # noqa: PLR0913, PLR0917 - one option each
    area: Annotated[str, typer.Argument(help="A municipality (GMxxxx) or arbeidsmarktregio (AMxx).")],
    source: Source = DEFAULT_SOURCE,
    compare_with: Annotated[str | None, typer.Option("--compare", help="A second area, side by side.")] = None,
    datum: Day = None,
    png: Annotated[Path | None, typer.Option("--png", help="Also draw the matrix as a heatmap PNG.")] = None,
    as_json: AsJson = False,
    areas: Areas = None,
) -> None:
    """The tile x client characteristic matrix of an area: instruments and providers per cell, and the gaps."""
    classification = read_areas(areas)
    if classification is None:
        raise fail("coverage needs an area classification: pass --areas DIR with a CBS export")
    on = day(datum)
    instruments = list(open_index(source, classification))
    try:
        result = coverage(instruments, area=area, on=on, areas=classification)
        other = coverage(instruments, area=compare_with, on=on, areas=classification) if compare_with else None
    except ValueError as error:
        raise fail(str(error)) from None
    if as_json:
        rows = CoverageComparison(result, other).rows() if other else result.rows()
        out.print_json(data=rows)
    else:
        table = Table(
            "Klantkenmerk", *(t.label for t in Tile), title=f"Aanbod in {result.area_name} op {on.isoformat()}"
        )
        for characteristic in ClientCharacteristic.all_leaves():
            cells = []
            for tile in Tile:
                count = result.count(tile, characteristic)
                cells.append(f"{count}" + (f" / {other.count(tile, characteristic)}" if other else ""))
            table.add_row(f"{characteristic.number} {characteristic.label}", *cells)
        out.print(table)
        out.print(
            f"{len(result.empty_cells())} empty cells, {len(result.single_provider_cells())} served by one provider."
            + (f" Second number: {other.area_name}." if other else "")
        )
    if png is not None:
        try:
            result.heatmap(png)
        except ImportError as error:
            raise fail(str(error)) from None
        err.print(f"Wrote the heatmap to {png}.")


def quality(
    source: Source = DEFAULT_SOURCE,
    datum: Day = None,
    ending_within: Annotated[int, typer.Option(help="Report publications ending within this many days.")] = 30,
    stale_after: Annotated[int, typer.Option(help="Report instruments unchanged for this many months.")] = 12,
    as_json: AsJson = False,
) -> None:
    """Where the catalogue needs care: incomplete, ending, no contact, unexplained costs, duplicates, stale."""
    on = day(datum)
    try:
        with open_repository(source) as repository:
            instruments = [s.instrument for s in repository.list()]
            changed = {i.id: repository.history(i.id)[-1].at for i in instruments if repository.history(i.id)}
    except (EvaError, ValueError, ArgumentError) as error:
        raise fail(str(error)) from None
    report = quality_report(
        instruments, on=on, ending_within_days=ending_within, last_changed=changed, stale_after_months=stale_after
    )
    if as_json:
        out.print_json(data=report.rows())
        return
    table = Table("Instrument", "Organisatie", "Punt", "Toelichting", title=f"{len(report.findings)} aandachtspunten")
    for finding in report.findings:
        table.add_row(finding.instrument_id, finding.organisation, finding.code, finding.message)
    out.print(table)
