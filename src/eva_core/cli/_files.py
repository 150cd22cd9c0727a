"""``eva validate``, ``import``, ``export`` and ``template``: catalogue files in JSON, CSV and XLSX.

The library reads the file (`eva_core.files.read_catalogue`) and decides the import (``repository.apply``);
these commands only show what they found. ``validate`` and ``import --proef`` run the import's own checks
(``check_only=True``), so what they accept the real import writes.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from eva_core.domain import EvaError, say

from ._options import Day, optional_day
from ._render import cannot_read, cannot_write, err, fail, note, out, print_report, show

if TYPE_CHECKING:
    from eva_core.domain import Instrument
    from eva_core.files import FileReport
    from eva_core.storage import Applied, BatchConflict, InstrumentRepository

Encoding = Annotated[
    str | None,
    typer.Option("--codering", help="De codering van een CSV-bestand (utf-8, utf-16, cp1252); anders herkend."),
]
Update = Annotated[
    bool,
    typer.Option(
        "--bijwerken", help="Werk ids die er al zijn bij (als jouw organisatie ze beheert); nieuwe komen erbij."
    ),
]
RemoveMissing = Annotated[
    bool,
    typer.Option(
        "--verwijder-ontbrekend",
        help="Met --bijwerken: verwijder de instrumenten van de organisaties in het bestand die er niet in staan.",
    ),
]


@contextmanager
def _progress() -> Iterator[Progress]:
    """A bar on a terminal; nothing at all in a pipe or log, where it would only leave an empty line."""
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as progress:
        yield progress


def _rows_estimate(file: Path) -> int | None:
    """Roughly how many rows a CSV file has (its lines), for the bar; None when it cannot be told cheaply."""
    if file.suffix.lower() not in (".csv", ".txt") or not file.is_file():  # a pipe would block here
        return None
    try:
        with file.open("rb") as stream:
            return max(sum(chunk.count(b"\n") for chunk in iter(lambda: stream.read(1 << 20), b"")) - 1, 0)
    except OSError:
        return None


def _read(
    file: Path, progress: Progress, *, known: list[Any] | None = None, encoding: str | None = None
) -> tuple[list[Instrument], FileReport]:
    from eva_core.files import UnreadableFile, read_catalogue

    task = progress.add_task(str(say("cli.import.reading", file=file.name)), total=_rows_estimate(file))
    try:
        return read_catalogue(
            file,
            known=known or (),
            encoding=encoding,
            progress=lambda count: progress.update(task, completed=count),
        )
    except UnreadableFile as error:
        raise fail(str(error)) from None
    except OSError as error:
        raise fail(cannot_read(file, error)) from None
    finally:
        progress.update(task, visible=False)


def _known(repository: InstrumentRepository) -> list[Any]:
    from eva_core.domain import Organisation, Provider, TargetGroup

    return [*repository.master(Organisation), *repository.master(Provider), *repository.master(TargetGroup)]


def _where(report: FileReport, row: int | None) -> dict[str, str]:
    if row is None:
        return {}
    if report.kind in ("json", "eva"):
        return {"instrument": str(row)}
    return {"row": str(row)}


def _rows(
    report: FileReport, conflicts: tuple[BatchConflict, ...]
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The file's errors and the batch's conflicts as one list, and the warnings, by row and column."""
    errors: list[dict[str, str]] = []
    warnings: list[dict[str, str]] = []
    for found in report.problems:
        row = {
            **_where(report, found.row),
            **({"column": found.column} if found.column else {}),
            "path": found.path,
            "label": found.label,
            "code": found.code,
            "message": found.message,
        }
        (errors if found.is_error else warnings).append(row)
    for conflict in conflicts:
        row_number = report.rows[conflict.index] if conflict.index is not None else None
        errors.append(
            {
                **_where(report, row_number),
                "path": "$.id",
                "label": "Id",
                "code": conflict.code,
                "message": conflict.message,
            }
        )
    return errors, warnings


def _check(  # noqa: PLR0913 - the options of validate and import
    *,
    file: Path,
    into: str | None,
    update: bool,
    remove_missing: bool,
    label: str,
    encoding: str | None,
    write: bool,
) -> tuple[FileReport, list[dict[str, str]], list[dict[str, str]], Applied | None]:
    """Read *file*, then check (or with *write*, make) the import into *into* (an empty store if None)."""
    from eva_core.storage import Batch, BatchRefused, open_repository

    try:
        with open_repository(into or "memory://") as repository, _progress() as progress:
            instruments, report = _read(file, progress, known=_known(repository), encoding=encoding)
            batch = Batch(
                instruments,
                update=update,
                remove_missing=remove_missing,
                versions=report.versions if update else {},
            )
            conflicts: tuple[BatchConflict, ...] = ()
            applied = None
            if instruments or remove_missing:
                check_only = not write or not report.ok
                task = progress.add_task(
                    str(say("cli.import.importing" if write else "cli.import.checking")), total=None
                )
                steps = str(say("cli.import.checked" if check_only else "cli.import.written"))

                def written(done: int, total: int) -> None:
                    progress.update(task, description=steps, total=total, completed=done)

                try:
                    applied = repository.apply(
                        batch, by=batch.actors(label, curator=True), check_only=check_only, progress=written
                    )
                except BatchRefused as refused:
                    conflicts = tuple(refused.conflicts)
    except (EvaError, ValueError) as error:
        raise fail(say("cli.import.failed", detail=str(error))) from None
    errors, warnings = _rows(report, conflicts)
    return report, errors, warnings, applied


def validate(  # noqa: PLR0913, PLR0917 - options
    file: Annotated[Path, typer.Argument(help="Een JSON-document met instrumenten (of één instrument), CSV of XLSX.")],
    into: Annotated[
        str | None, typer.Option("--naar", help="Controleer ook tegen deze opslag: bezette ids, eigenaar, versies.")
    ] = None,
    update: Update = False,
    remove_missing: RemoveMissing = False,
    encoding: Encoding = None,
    as_json: Annotated[bool, typer.Option("--json", help="Geef het verslag als JSON.")] = False,
) -> None:
    """Controleer een bestand met dezelfde controles als eva import; stopt met code 1 als er fouten zijn."""
    _, errors, warnings, _ = _check(
        file=file,
        into=into,
        update=update,
        remove_missing=remove_missing,
        label="eva validate",
        encoding=encoding,
        write=False,
    )
    if as_json:
        out.print_json(json.dumps({"errors": errors, "warnings": warnings}, ensure_ascii=False))
    else:
        print_report(file, errors, warnings)
    if errors:
        raise typer.Exit(1)


def import_(  # noqa: PLR0913, PLR0917 - options
    file: Annotated[Path, typer.Argument(help="JSON, CSV of XLSX met instrumenten.")],
    into: Annotated[str, typer.Option("--naar", help="Het adres van de opslag waar ze in komen.")],
    dry_run: Annotated[bool, typer.Option("--proef", help="Controleer alles, maar schrijf niets.")] = False,
    update: Update = False,
    remove_missing: RemoveMissing = False,
    label: Annotated[
        str, typer.Option("--door", help="Wie importeert, voor de wijzigingsgeschiedenis.")
    ] = "eva import",
    encoding: Encoding = None,
) -> None:
    """Zet de instrumenten uit een bestand in een opslag: alles of niets, voor alle organisaties in het bestand.

    Het hele bestand wordt eerst gelezen en gecontroleerd, en dan in één keer geschreven: een foute rij, een
    bezet id of een conflict bij één organisatie laat de hele opslag zoals die was. Met --bijwerken worden ids
    die er al zijn bijgewerkt (alleen wat veranderd is); met --verwijder-ontbrekend ook verwijderd wat er niet
    meer in staat.
    """
    if remove_missing and not update:
        raise fail(say("cli.import.remove-needs-update"))
    report, errors, warnings, applied = _check(
        file=file,
        into=into,
        update=update,
        remove_missing=remove_missing,
        label=label,
        encoding=encoding,
        write=not dry_run,
    )
    if errors:
        print_report(file, errors, warnings)
        raise fail(say("cli.import.refused", count=len(errors), file=str(file)))
    if warnings:
        print_report(file, errors, warnings)
    counts = {
        "added": len(applied.added) if applied else 0,
        "updated": len(applied.updated) if applied else 0,
        "unchanged": len(applied.unchanged) if applied else 0,
        "removed": len(applied.removed) if applied else 0,
        "warnings": len(warnings),
        "skipped": len(report.skipped),
    }
    if dry_run:
        show(say("cli.import.dry-run.summary", into=into, **counts))
    else:
        show(say("cli.import.summary", into=into, **counts))


def export(
    source: Annotated[str, typer.Option("--uit", help="Het adres van de opslag die je wilt exporteren.")],
    output_format: Annotated[
        str,
        typer.Option(
            "--formaat", help="json, csv, xlsx of hsds (Open Referral HSDS 3.0, wat op --datum gepubliceerd is)."
        ),
    ] = "json",
    output: Annotated[
        Path | None, typer.Option("--naar", help="Het bestand om te schrijven (bij json en csv anders het scherm).")
    ] = None,
    datum: Day = None,
    plain: Annotated[
        bool,
        typer.Option(
            "--platte-csv", help="CSV met komma's en zonder BOM, in plaats van wat Nederlandse Excel direct opent."
        ),
    ] = False,
) -> None:
    """Schrijf de instrumenten van een opslag als JSON, CSV, XLSX of HSDS; cellen worden nooit formules.

    HSDS (Open Referral 3.0) bevat de instrumenten die op --datum gepubliceerd zijn. CSV heeft standaard ';'
    tussen de kolommen en (in een bestand) een UTF-8-BOM, zodat Nederlandse Excel het direct goed opent.
    """
    from eva_core.convert import dump_catalogue
    from eva_core.storage import open_repository
    from eva_core.tabular import write_csv, write_xlsx

    if output_format not in ("json", "csv", "xlsx", "hsds"):
        raise fail(say("cli.export.unknown-format", value=output_format))
    if output_format == "xlsx" and output is None:
        raise fail(say("cli.export.xlsx-needs-file"))
    try:
        with open_repository(source) as repository:
            stored = repository.list()
        instruments = [s.instrument for s in stored]
        versions = {s.id: s.version for s in stored}
    except (EvaError, ValueError) as error:
        raise fail(str(error)) from None
    try:
        with _progress() as progress:
            progress.add_task(str(say("cli.export.writing", count=len(instruments))), total=None)
            if output_format == "xlsx":
                assert output is not None  # noqa: S101 - checked above
                _can_write(output)
                write_xlsx(instruments, output, versions=versions)
            elif output_format == "hsds":
                from eva_core.hsds import to_hsds

                _write(json.dumps(to_hsds(instruments, on=optional_day(datum)), ensure_ascii=False, indent=1), output)
            elif output_format == "csv":
                buffer = io.StringIO()
                write_csv(instruments, buffer, delimiter="," if plain else ";", versions=versions)
                _write(buffer.getvalue(), output, bom=not plain)
            else:
                _write(json.dumps(dump_catalogue(instruments), ensure_ascii=False, indent=1), output)
    except OSError as error:  # no folder, no permission, a full disk: said as a write (#11 item 9)
        raise fail(cannot_write(output or Path("-"), error)) from None
    if output is not None:
        note(say("cli.export.done", count=len(instruments), path=str(output)))


def _write(text: str, output: Path | None, *, bom: bool = False) -> None:
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        with output.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as file:
            file.write(text)


def _can_write(path: Path) -> None:
    """Raise the OSError of a file that cannot be written before the spreadsheet writer starts.

    The spreadsheet writer streams into the file; a path it cannot open fails here, as one line, not midway.
    Opening to append creates the file if it is missing and changes nothing if it exists.
    """
    with path.open("ab"):
        pass


def template(
    xlsx: Annotated[Path, typer.Option("--xlsx", help="Het spreadsheetbestand dat je maakt.")],
) -> None:
    """Maak een leeg importbestand: Nederlandse kolomkoppen, keuzelijsten en één voorbeeldrij.

    De voorbeeldrij heeft een id dat met 'voorbeeld-' begint; eva import slaat die rij over.
    """
    from eva_core.demo import demo_catalogue
    from eva_core.tabular import EXAMPLE_PREFIX, write_xlsx

    example = demo_catalogue()[2]
    try:
        _can_write(xlsx)
        write_xlsx([example.evolve(id=EXAMPLE_PREFIX + example.id)], xlsx, template=True)
    except OSError as error:
        raise fail(cannot_write(xlsx, error)) from None
    show(say("cli.template.done", path=str(xlsx)))
