"""``eva validate``, ``import``, ``export`` and ``template``: catalogue files in JSON, CSV and XLSX."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.progress import Progress

from eva_core.domain import EvaError, Problem, UnsupportedFormat, say

from ._options import Day, optional_day
from ._render import cannot_read, err, fail, note, out, print_report, show

if TYPE_CHECKING:
    from eva_core.domain import Instrument
    from eva_core.storage import InstrumentRepository

SPREADSHEETS = (".csv", ".xlsx", ".xlsm", ".xls", ".ods")


def _read_catalogue(file: Path) -> tuple[list[Instrument], list[dict[str, str]], list[dict[str, str]]]:
    """Instruments, errors and warnings of a JSON, CSV or XLSX file; errors carry row or path and Dutch label."""
    from eva_core.convert import load_catalogue, load_instrument, parse_json
    from eva_core.tabular import _formulas_without_value, _read_rows, rows_to_instruments

    if file.suffix.lower() in SPREADSHEETS:
        try:
            header, rows = _read_rows(file)
        except (OSError, ValueError) as error:
            raise fail(cannot_read(file, error)) from None
        except csv.Error as error:
            raise fail(say("cli.file.unreadable", path=str(file), detail=str(error))) from None
        except Exception as error:  # noqa: BLE001 - the spreadsheet reader raises its own types
            raise fail(say("cli.file.not-a-spreadsheet", path=str(file), detail=str(error))) from None
        formulas = _formulas_without_value(file) if file.suffix.lower() in (".xlsx", ".xlsm") else set()
        instruments, problems = rows_to_instruments(header, rows, formulas=formulas)
        errors = [
            {"row": str(row), "path": p.path, "label": p.label, "code": p.code, "message": p.message}
            for row, p in problems
        ]
        warnings = [
            {"row": str(n), "path": w.path, "label": w.label, "code": w.code, "message": w.message}
            for n, i in enumerate(instruments, start=2)
            for w in i.warnings()
        ]
        return instruments, errors, warnings
    try:
        data = parse_json(file.read_bytes())
    except (OSError, ValueError) as error:
        raise fail(cannot_read(file, error)) from None
    errors, warnings = _check(data)
    parsed: list[Instrument] = []
    if not errors:
        parsed = list(load_catalogue(data)) if isinstance(data, dict) and "format" in data else [load_instrument(data)]
    return parsed, errors, warnings


def _check(data: Any) -> tuple[list[dict[str, str]], list[dict[str, str]]]:  # noqa: ANN401
    from eva_core.convert import validate_catalogue, validate_instrument

    if isinstance(data, dict) and "format" in data:
        try:
            report = validate_catalogue(data)
        except UnsupportedFormat as error:
            raise fail(str(error)) from None
    else:
        report = validate_instrument(data)

    def rows(problems: tuple[Problem, ...]) -> list[dict[str, str]]:
        return [{"path": p.path, "label": p.label, "code": p.code, "message": p.message} for p in problems]

    return rows(report.errors), rows(report.warnings)


def validate(
    file: Annotated[Path, typer.Argument(help="Een JSON-document met instrumenten (of één instrument), CSV of XLSX.")],
    as_json: Annotated[bool, typer.Option("--json", help="Geef het verslag als JSON.")] = False,
) -> None:
    """Controleer een bestand op elke regel van het format; stopt met code 1 als er fouten zijn."""
    _, errors, warnings = _read_catalogue(file)
    if as_json:
        out.print_json(json.dumps({"errors": errors, "warnings": warnings}, ensure_ascii=False))
    else:
        print_report(file, errors, warnings)
    if errors:
        raise typer.Exit(1)


def import_(
    file: Annotated[Path, typer.Argument(help="JSON, CSV of XLSX met instrumenten.")],
    into: Annotated[str, typer.Option("--naar", help="Het adres van de opslag waar ze in komen.")],
    dry_run: Annotated[bool, typer.Option("--proef", help="Controleer alles, maar schrijf niets.")] = False,
    label: Annotated[
        str, typer.Option("--door", help="Wie importeert, voor de wijzigingsgeschiedenis.")
    ] = "eva import",
) -> None:
    """Voeg de instrumenten uit een bestand toe aan een opslag, na controle van het bestand en de ids.

    Het hele bestand wordt eerst gecontroleerd en dan in één keer geschreven: een foute rij of een bezet id
    laat de opslag zoals die was.
    """
    from eva_core.storage import add_catalogue, open_repository

    with Progress(transient=True, console=err) as progress:
        progress.add_task(str(say("cli.import.reading", file=file.name)), total=None)
        instruments, errors, warnings = _read_catalogue(file)
    if errors:
        print_report(file, errors, warnings)
        raise fail(say("cli.import.refused", count=len(errors), file=str(file)))
    if dry_run:
        print_report(file, errors, warnings)
        show(say("cli.import.dry-run", count=len(instruments), into=into))
        return
    try:
        with open_repository(into) as repository:
            taken = sorted(i.id for i in instruments if _exists(repository, i.id))
            if taken:
                shown = ", ".join(taken[:5]) + (" ..." if len(taken) > 5 else "")
                raise fail(say("cli.import.ids-taken", count=len(taken), into=into, ids=shown))
            with Progress(console=err, transient=True) as progress:
                task = progress.add_task(str(say("cli.import.importing")), total=len(instruments))
                count = add_catalogue(repository, instruments, label=label)
                progress.update(task, completed=count)
    except (EvaError, ValueError) as error:
        raise fail(say("cli.import.failed", detail=str(error))) from None
    show(say("cli.import.done", count=count, into=into))


def _exists(repository: InstrumentRepository, instrument_id: str) -> bool:
    from eva_core.storage import NotFound

    try:
        repository.get(instrument_id)
    except NotFound:
        return False
    return True


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
) -> None:
    """Schrijf de instrumenten van een opslag als JSON, CSV, XLSX of HSDS; cellen worden nooit formules.

    HSDS (Open Referral 3.0) bevat de instrumenten die op --datum gepubliceerd zijn.
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
            instruments = [s.instrument for s in repository.list()]
    except (EvaError, ValueError) as error:
        raise fail(str(error)) from None
    if output_format == "xlsx":
        assert output is not None  # noqa: S101 - checked above
        write_xlsx(instruments, output)
    elif output_format == "hsds":
        from eva_core.hsds import to_hsds

        _write(json.dumps(to_hsds(instruments, on=optional_day(datum)), ensure_ascii=False, indent=1), output)
    elif output_format == "csv":
        buffer = io.StringIO()
        write_csv(instruments, buffer)
        _write(buffer.getvalue(), output)
    else:
        _write(json.dumps(dump_catalogue(instruments), ensure_ascii=False, indent=1), output)
    if output is not None:
        note(say("cli.export.done", count=len(instruments), path=str(output)))


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        output.write_text(text, encoding="utf-8")


def template(
    xlsx: Annotated[Path, typer.Option("--xlsx", help="Het spreadsheetbestand dat je maakt.")],
) -> None:
    """Maak een leeg importbestand: Nederlandse kolomkoppen, keuzelijsten en één voorbeeldrij."""
    from eva_core.demo import demo_catalogue
    from eva_core.tabular import write_xlsx

    write_xlsx([demo_catalogue()[2]], xlsx, template=True)
    show(say("cli.template.done", path=str(xlsx)))
