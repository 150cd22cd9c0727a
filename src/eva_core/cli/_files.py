"""``eva validate``, ``import``, ``export`` and ``template``: catalogue files in JSON, CSV and XLSX."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import Progress
from sqlalchemy.exc import ArgumentError

from eva_core import (
    EvaError,
    Instrument,
    InstrumentRepository,
    NotFound,
    Problem,
    UnsupportedFormat,
    dump_catalogue,
    load_catalogue,
    load_instrument,
    parse_json,
    validate_catalogue,
    validate_instrument,
)
from eva_core.demo import demo_catalogue
from eva_core.storage import add_catalogue, open_repository
from eva_core.tabular import formulas_without_value, read_rows, rows_to_instruments, write_csv, write_xlsx

from ._render import err, fail, out, print_report

SPREADSHEETS = (".csv", ".xlsx", ".xlsm", ".xls", ".ods")


def _read_catalogue(file: Path) -> tuple[list[Instrument], list[dict[str, str]], list[dict[str, str]]]:
    """Instruments, errors and warnings of a JSON, CSV or XLSX file; errors carry row or path and Dutch label."""
    if file.suffix.lower() in SPREADSHEETS:
        try:
            header, rows = read_rows(file)
        except (OSError, ValueError, csv.Error) as error:
            raise fail(f"cannot read {file}: {error}") from None
        except Exception as error:  # noqa: BLE001 - the spreadsheet reader raises its own types
            raise fail(f"cannot read {file} as a spreadsheet: {error}") from None
        formulas = formulas_without_value(file) if file.suffix.lower() in (".xlsx", ".xlsm") else set()
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
    except OSError as error:
        raise fail(f"cannot read {file}: {error.strerror or error}") from None
    except ValueError as error:
        raise fail(f"{file} is not valid JSON: {error}") from None
    errors, warnings = _check(data)
    parsed: list[Instrument] = []
    if not errors:
        parsed = list(load_catalogue(data)) if isinstance(data, dict) and "format" in data else [load_instrument(data)]
    return parsed, errors, warnings


def _check(data: Any) -> tuple[list[dict[str, str]], list[dict[str, str]]]:  # noqa: ANN401
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
    file: Annotated[Path, typer.Argument(help="A JSON document of instruments (or one instrument), CSV or XLSX.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Check a file against every rule of the format; exit 1 when there are errors."""
    _, errors, warnings = _read_catalogue(file)
    if as_json:
        out.print_json(json.dumps({"errors": errors, "warnings": warnings}, ensure_ascii=False))
    else:
        print_report(file, errors, warnings)
    if errors:
        raise typer.Exit(1)


def import_(
    file: Annotated[Path, typer.Argument(help="JSON, CSV or XLSX with instruments.")],
    into: Annotated[str, typer.Option("--into", help="The repository URL to add them to.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check everything, write nothing.")] = False,
    label: Annotated[str, typer.Option(help="Who imports, for the change history.")] = "eva import",
) -> None:
    """Add the instruments of a file to a repository, after checking the file and the ids it would take.

    Each organisation's instruments are added in one all-or-nothing write; a file is checked whole first,
    so a bad row or a taken id leaves the repository as it was.
    """
    with Progress(transient=True, console=err) as progress:
        progress.add_task(f"reading {file.name}", total=None)
        instruments, errors, warnings = _read_catalogue(file)
    if errors:
        print_report(file, errors, warnings)
        raise fail(f"nothing imported: {len(errors)} error(s) in {file}")
    if dry_run:
        print_report(file, errors, warnings)
        out.print(f"Dry run: {len(instruments)} instrument(s) would be imported into {into}.")
        return
    try:
        with open_repository(into) as repository:
            taken = sorted(i.id for i in instruments if _exists(repository, i.id))
            if taken:
                shown = ", ".join(taken[:5]) + (" ..." if len(taken) > 5 else "")
                raise fail(f"nothing imported: {len(taken)} id(s) already in {into}: {shown}")
            with Progress(console=err, transient=True) as progress:
                task = progress.add_task("importing", total=len(instruments))
                count = add_catalogue(repository, instruments, label=label)
                progress.update(task, completed=count)
    except (EvaError, ValueError, ArgumentError) as error:
        raise fail(f"nothing imported: {error}") from None
    out.print(f"Imported {count} instrument(s) into {into}.")


def _exists(repository: InstrumentRepository, instrument_id: str) -> bool:
    try:
        repository.get(instrument_id)
    except NotFound:
        return False
    return True


def export(
    source: Annotated[str, typer.Option("--from", help="The repository URL to export.")],
    output_format: Annotated[str, typer.Option("--format", help="json, csv or xlsx.")] = "json",
    output: Annotated[Path | None, typer.Option(help="The file to write (standard output for json and csv).")] = None,
) -> None:
    """Write a repository's instruments as JSON, CSV or XLSX; spreadsheet cells never run as formulas."""
    if output_format not in ("json", "csv", "xlsx"):
        raise fail(f"--format {output_format!r}: choose json, csv or xlsx")
    if output_format == "xlsx" and output is None:
        raise fail("--format xlsx needs --output FILE")
    try:
        with open_repository(source) as repository:
            instruments = [s.instrument for s in repository.list()]
    except (EvaError, ValueError, ArgumentError) as error:
        raise fail(str(error)) from None
    if output_format == "xlsx":
        assert output is not None  # noqa: S101 - checked above
        write_xlsx(instruments, output)
    elif output_format == "csv":
        buffer = io.StringIO()
        write_csv(instruments, buffer)
        _write(buffer.getvalue(), output)
    else:
        _write(json.dumps(dump_catalogue(instruments), ensure_ascii=False, indent=1), output)
    if output is not None:
        err.print(f"Wrote {len(instruments)} instrument(s) to {output}.")


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        output.write_text(text, encoding="utf-8")


def template(
    xlsx: Annotated[Path, typer.Option("--xlsx", help="The spreadsheet to create.")],
) -> None:
    """Create an empty import spreadsheet: Dutch column headers, choice lists as validation, one example row."""
    write_xlsx([demo_catalogue()[2]], xlsx, template=True)
    out.print(f"Wrote the import template to {xlsx}: fill in one row per instrument, then `eva import`.")
