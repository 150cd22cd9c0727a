"""``eva coverage`` and ``eva quality``: where an area's offer has gaps, and where a catalogue needs care."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from eva_core.domain import EvaError, say

from ._options import (
    DEFAULT_SOURCE,
    Areas,
    AsJson,
    Day,
    Mergers,
    Source,
    area_warnings,
    day,
    demo_made,
    open_index,
    read_areas,
)
from ._render import fail, note, out, show

if TYPE_CHECKING:
    from eva_core.storage import InstrumentRepository


def coverage_(  # noqa: PLR0913, PLR0917 - one option each
    area: Annotated[
        str, typer.Argument(help="Een gemeente of arbeidsmarktregio: CBS-code (GM0344, AM13) of naam (Utrecht).")
    ],
    source: Source = DEFAULT_SOURCE,
    compare_with: Annotated[str | None, typer.Option("--vergelijk", help="Een tweede gebied, ernaast getoond.")] = None,
    datum: Day = None,
    png: Annotated[Path | None, typer.Option("--png", help="Teken de tabel ook als heatmap in een PNG.")] = None,
    as_json: AsJson = False,
    areas: Areas = None,
    herindelingen: Mergers = None,
) -> None:
    """Het aanbod in een gebied per tegel en klantkenmerk: instrumenten en aanbieders per cel, en de gaten."""
    from eva_core.analysis import CoverageComparison, coverage
    from eva_core.domain import ClientCharacteristic, Tile

    classification = read_areas(areas, herindelingen)
    on = day(datum)
    instruments = list(open_index(source, classification))
    with area_warnings():
        result = coverage(instruments, area=area, on=on, areas=classification)
        other = coverage(instruments, area=compare_with, on=on, areas=classification) if compare_with else None
    if as_json:
        rows = CoverageComparison(result, other).rows() if other else result.rows()
        out.print_json(data=rows)
    else:
        table = Table(
            str(say("cli.column.client-characteristic")),
            *(t.label for t in Tile),
            title=str(say("cli.coverage.title", area=result.area_name, day=on)),
        )
        for characteristic in ClientCharacteristic.all_leaves():
            cells = []
            for tile in Tile:
                count = result.count(tile, characteristic)
                cells.append(f"{count}" + (f" / {other.count(tile, characteristic)}" if other else ""))
            table.add_row(f"{characteristic.number} {characteristic.label}", *cells)
        out.print(table)
        show(say("cli.coverage.gaps", empty=len(result.empty_cells()), single=len(result.single_provider_cells())))
        if other:
            show(say("cli.coverage.second", area=other.area_name))
    if png is not None:
        try:
            result.heatmap(png)
        except ImportError as error:
            raise fail(str(error)) from None
        note(say("cli.coverage.heatmap-written", path=str(png)))


def last_changed(repository: InstrumentRepository, *, page: int = 10_000) -> dict[str, dt.datetime]:
    """When each instrument last changed: one pass over the change feed, not a history query per instrument."""
    changed: dict[str, dt.datetime] = {}
    since: str | None = None
    while True:
        read = repository.changes(since, limit=page, kinds=["instrument"])
        changed.update((entry.id, entry.at) for entry in read.entries)
        if not read.more:
            return changed
        since = read.cursor


def quality(
    source: Source = DEFAULT_SOURCE,
    datum: Day = None,
    ending_within: Annotated[
        int, typer.Option("--eindigt-binnen", help="Meld publicaties die binnen zoveel dagen eindigen.")
    ] = 30,
    stale_after: Annotated[
        int, typer.Option("--ongewijzigd-na", help="Meld instrumenten die zoveel maanden niet zijn gewijzigd.")
    ] = 12,
    as_json: AsJson = False,
) -> None:
    """Waar de catalogus aandacht nodig heeft: onvolledig, aflopend, geen contact, kosten, dubbel, verouderd."""
    from eva_core.analysis import quality_report
    from eva_core.storage import open_repository

    on = day(datum)
    demo_made(source)
    try:
        with open_repository(source) as repository:
            instruments = [s.instrument for s in repository.list()]
            changed = last_changed(repository)
    except (EvaError, ValueError) as error:
        raise fail(str(error)) from None
    report = quality_report(
        instruments, on=on, ending_within_days=ending_within, last_changed=changed, stale_after_months=stale_after
    )
    if as_json:
        out.print_json(data=report.rows())
        return
    table = Table(
        str(say("cli.column.instrument")),
        str(say("cli.column.organisation")),
        str(say("cli.column.point")),
        str(say("cli.column.explanation")),
        title=str(say("cli.quality.title", count=len(report.findings))),
    )
    for finding in report.findings:
        table.add_row(finding.instrument_id, finding.organisation, finding.code, finding.message)
    out.print(table)
