"""Commands of the ``eva`` tool. Errors are one line of plain language and a non-zero exit."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table
from sqlalchemy.exc import ArgumentError

from eva_core import (
    Actor,
    ClientCharacteristic,
    ClientProfile,
    Criteria,
    EvaError,
    ExecutionForm,
    GroupForm,
    Instrument,
    InstrumentRepository,
    Match,
    NotFound,
    Problem,
    Tile,
    UnsupportedFormat,
    dump_catalogue,
    load_catalogue,
    load_instrument,
    parse_json,
    validate_catalogue,
    validate_instrument,
)
from eva_core.analysis import CoverageComparison, coverage, quality_report
from eva_core.convert import converter, load_profile
from eva_core.demo import DEMO_TODAY, demo_catalogue, demo_ratings
from eva_core.domain import Choice
from eva_core.search import AreaClassification, CatalogueIndex
from eva_core.storage import add_catalogue, open_repository, upgrade
from eva_core.tabular import formulas_without_value, read_rows, rows_to_instruments, write_csv, write_xlsx

ChoiceT = TypeVar("ChoiceT", bound=Choice)

app = typer.Typer(
    name="eva",
    help="Work with instruments in the Eva Instrumentenformat 2023.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
_out = Console(highlight=False)
_err = Console(stderr=True, highlight=False)


def _fail(message: str, code: int = 1) -> typer.Exit:
    _err.print(f"eva: {message}", markup=False)
    return typer.Exit(code)


DEMO_DATABASE = Path(".eva-demo") / "eva.db"
REFERENCE = Path("..") / "shared" / "reference"
AreasOption = Annotated[
    Path | None,
    typer.Option(
        "--areas",
        help="Folder with a CBS export: cbs-<year>-gemeenten.json and cbs-<year>-arbeidsmarktregios.json.",
    ),
]


def _areas(folder: Path | None) -> AreaClassification | None:
    folder = folder if folder is not None else (REFERENCE if REFERENCE.is_dir() else None)
    if folder is None:
        return None
    municipalities = sorted(folder.glob("cbs-*-gemeenten.json"))
    if not municipalities:
        raise _fail(f"no cbs-<year>-gemeenten.json in {folder}")
    source = municipalities[-1]
    year = int(source.name.split("-")[1])
    try:
        return AreaClassification.from_json(source, folder / f"cbs-{year}-arbeidsmarktregios.json", year=year)
    except (OSError, ValueError, KeyError) as error:
        raise _fail(f"cannot read the area classification in {folder}: {error}") from None


@app.command()
def demo(
    database: Annotated[Path, typer.Option(help="The SQLite file to create the demo in.")] = DEMO_DATABASE,
    areas: AreasOption = None,
) -> None:
    """Store the demo catalogue in an embedded SQLite database and match it for an example client."""
    database.parent.mkdir(parents=True, exist_ok=True)
    for stale in (database, database.with_name(database.name + "-wal"), database.with_name(database.name + "-shm")):
        stale.unlink(missing_ok=True)
    url = f"sqlite:///{database}"
    with open_repository(url) as repository:
        added = add_catalogue(repository, demo_catalogue(), label="eva demo")
        for rating in demo_ratings():
            repository.rate(rating, by=Actor(rating.organisation, "eva demo"))
        stored = [s.instrument for s in repository.list()]
    classification = _areas(areas)
    index = CatalogueIndex(stored, areas=classification)
    published = index.filter(Criteria(published_on=DEMO_TODAY))
    _out.print(
        f"Demo catalogue: {added} instruments of {len({i.organisation.id for i in stored})} organisations "
        f"stored in {url}; {len(published)} published on {DEMO_TODAY.isoformat()}."
    )
    per_tile = Counter(t for i in published for t in i.tiles)
    table = Table("Tegel", "Instrumenten", "Voorbeelden", title="Aanbod per tegel")
    for tile in Tile:
        names = sorted(i.name for i in published if tile in i.tiles)
        table.add_row(tile.label, str(per_tile[tile]), ", ".join(names[:3]) + (" ..." if len(names) > 3 else ""))
    _out.print(table)
    client = ClientProfile(
        needs={ClientCharacteristic.BASISVAARDIGHEDEN: 2, ClientCharacteristic.SOCIALE_CULTURELE_VAARDIGHEDEN: 1},
        tiles=[Tile.MAATSCHAPPELIJK_FIT],
        municipality="GM0344",
        on=DEMO_TODAY,
    )
    _out.print(
        "Example client in Utrecht: needs Basisvaardigheden (weight 2) and Sociale en culturele vaardigheden "
        "(weight 1), at the tile Maatschappelijk fit."
        + ("" if classification else " (No area classification found: regional instruments count as elsewhere.)")
    )
    _print_matches(index.rank(client, limit=5))
    why_not = index.explain(client, "fietslessen-amersfoort")
    _out.print(f"Why not 'Fietslessen'? It {'; it '.join(str(e) for e in why_not.exclusions)}.")


def _print_matches(matches: list[Match]) -> None:
    table = Table("#", "Score", "Instrument", "Aanbieder", "Waarom", title="Best passende instrumenten")
    for place, match in enumerate(matches, start=1):
        why = "; ".join(str(r) for r in match.reasons) or "(geen voorkeur opgegeven)"
        table.add_row(str(place), f"{match.score:g}", match.instrument.name, match.instrument.provider.name, why)
    _out.print(table)


def _catalogue(url: str, areas: AreaClassification | None) -> CatalogueIndex:
    try:
        with open_repository(url) as repository:
            return CatalogueIndex([s.instrument for s in repository.list()], areas=areas)
    except (EvaError, ValueError, ArgumentError) as error:
        raise _fail(str(error)) from None


def _choice(kind: type[ChoiceT], text: str) -> ChoiceT:
    try:
        return kind.from_label(text)
    except ValueError:
        keys = ", ".join(m.key for m in kind)
        raise _fail(f"{text!r} is not a {kind.__name__}; choose from {keys}") from None


def _needs(values: list[str]) -> dict[ClientCharacteristic, float]:
    needs: dict[ClientCharacteristic, float] = {}
    for value in values:
        key, _, weight = value.partition("=")
        try:
            needs[_choice(ClientCharacteristic, key)] = float(weight) if weight else 1.0
        except ValueError:
            raise _fail(f"--kenmerk {value!r}: the weight after = must be a number") from None
    return needs


def _profile_file(path: Path) -> ClientProfile:
    try:
        return load_profile(parse_json(path.read_bytes()))
    except OSError as error:
        raise _fail(f"cannot read {path}: {error.strerror or error}") from None
    except ValueError as error:
        raise _fail(f"{path}: {error}") from None


@app.command()
def match(  # noqa: PLR0913, PLR0917 - one option per part of the profile
    source: Annotated[
        str, typer.Option("--from", help="The catalogue: a repository URL.")
    ] = f"sqlite:///{DEMO_DATABASE}",
    kenmerk: Annotated[list[str], typer.Option(help="A client characteristic, optionally =weight (repeat).")] = [],  # noqa: B006
    tegel: Annotated[list[str], typer.Option(help="A tile of the werklandschap (repeat).")] = [],  # noqa: B006
    gemeente: Annotated[str | None, typer.Option(help="Municipality code, e.g. GM0344.")] = None,
    wijk: Annotated[str | None, typer.Option(help="District id.")] = None,
    doelgroep: Annotated[list[str], typer.Option(help="Target group id (repeat).")] = [],  # noqa: B006
    max_kosten: Annotated[float | None, typer.Option(help="Maximum costs in euros.")] = None,
    max_uren: Annotated[int | None, typer.Option(help="Maximum hours per week.")] = None,
    groepsvorm: Annotated[str | None, typer.Option(help="individueel or groep.")] = None,
    uitvoeringsvorm: Annotated[list[str], typer.Option(help="Execution form (repeat).")] = [],  # noqa: B006
    gebruikt: Annotated[list[str], typer.Option(help="Id of an instrument already used (repeat).")] = [],  # noqa: B006
    datum: Annotated[str | None, typer.Option(help="The day, YYYY-MM-DD (default today).")] = None,
    profile: Annotated[
        Path | None, typer.Option(help="A JSON file with the client profile instead of options.")
    ] = None,
    why_not: Annotated[str | None, typer.Option("--why-not", help="Explain this instrument instead.")] = None,
    limit: Annotated[int, typer.Option(help="How many to show.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    areas: AreasOption = None,
) -> None:
    """Rank a catalogue for a client given as options; the profile is used for this run only."""
    day = _optional_day(datum)
    client = (
        _profile_file(profile)
        if profile is not None
        else ClientProfile(
            needs=_needs(kenmerk),
            tiles=[_choice(Tile, t) for t in tegel],
            municipality=gemeente,
            district=wijk,
            target_groups=doelgroep,
            max_costs=None if max_kosten is None else Decimal(str(max_kosten)),
            max_hours_per_week=max_uren,
            group_form=None if groepsvorm is None else _choice(GroupForm, groepsvorm),
            execution_forms=[_choice(ExecutionForm, f) for f in uitvoeringsvorm],
            used_instruments=gebruikt,
            on=day,
        )
    )
    index = _catalogue(source, _areas(areas))
    if why_not is not None:
        if why_not not in index:
            raise _fail(f"no instrument {why_not!r} in {source}")
        explanation = index.explain(client, why_not)
        if as_json:
            _out.print_json(data=converter.unstructure(explanation))
        elif explanation.included:
            _out.print(
                f"{why_not} is in the result with score {explanation.score:g}: "
                + ("; ".join(str(r) for r in explanation.reasons) or "no preferences matched")
            )
        else:
            _out.print(f"{why_not} is left out: it " + "; it ".join(str(e) for e in explanation.exclusions) + ".")
        return
    found = index.rank(client, limit=limit)
    if as_json:
        _out.print_json(
            data=[
                {
                    "id": m.instrument.id,
                    "name": m.instrument.name,
                    "score": m.score,
                    "reasons": converter.unstructure(m.reasons),
                }
                for m in found
            ]
        )
    else:
        _print_matches(found)


@app.command()
def search(  # noqa: PLR0913, PLR0917 - one option per filter
    text: Annotated[str, typer.Argument(help="Words to search for, in Dutch.")],
    source: Annotated[
        str, typer.Option("--from", help="The catalogue: a repository URL.")
    ] = f"sqlite:///{DEMO_DATABASE}",
    tegel: Annotated[list[str], typer.Option(help="Only these tiles (repeat).")] = [],  # noqa: B006
    kenmerk: Annotated[list[str], typer.Option(help="Only these client characteristics (repeat).")] = [],  # noqa: B006
    uitvoeringsvorm: Annotated[list[str], typer.Option(help="Only these execution forms (repeat).")] = [],  # noqa: B006
    doelgroep: Annotated[list[str], typer.Option(help="Only for these target group ids (repeat).")] = [],  # noqa: B006
    aanbieder: Annotated[list[str], typer.Option(help="Only these provider ids (repeat).")] = [],  # noqa: B006
    gemeente: Annotated[str | None, typer.Option(help="Only instruments available in this municipality.")] = None,
    datum: Annotated[str | None, typer.Option(help="Only instruments published on this day (YYYY-MM-DD).")] = None,
    max_kosten: Annotated[float | None, typer.Option(help="Only instruments costing at most this.")] = None,
    max_uren: Annotated[int | None, typer.Option(help="Only instruments of at most these hours a week.")] = None,
    limit: Annotated[int, typer.Option(help="How many to show.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    areas: AreasOption = None,
) -> None:
    """Search a catalogue by text, within filters, with facet counts."""
    classification = _areas(areas)
    day = _optional_day(datum)
    criteria = Criteria(
        tiles=[_choice(Tile, t) for t in tegel],
        characteristics=[_choice(ClientCharacteristic, k) for k in kenmerk],
        execution_forms=[_choice(ExecutionForm, f) for f in uitvoeringsvorm],
        target_groups=doelgroep,
        providers=aanbieder,
        municipality=gemeente,
        region=classification.region_of(gemeente) if classification and gemeente else None,
        published_on=day,
        max_costs=None if max_kosten is None else Decimal(str(max_kosten)),
        max_hours_per_week=max_uren,
    )
    result = _catalogue(source, classification).search(text, criteria=criteria, limit=limit)
    if as_json:
        _out.print_json(
            data={
                "total": result.total,
                "hits": [
                    {"id": h.instrument.id, "name": h.instrument.name, "relevance": h.relevance} for h in result.hits
                ],
                "facets": {"tiles": {t.key: n for t, n in result.facets.tiles.items()}},
            }
        )
        return
    table = Table("Relevantie", "Instrument", "Samenvatting", title=f"{result.total} gevonden")
    for hit in result.hits:
        table.add_row(f"{hit.relevance:.2f}", hit.instrument.name, hit.instrument.summary)
    _out.print(table)
    _out.print("Per tegel: " + ", ".join(f"{t.label} {n}" for t, n in result.facets.tiles.items()))


@app.command("coverage")
def coverage_(  # noqa: PLR0913, PLR0917 - one option each
    area: Annotated[str, typer.Argument(help="A municipality (GMxxxx) or arbeidsmarktregio (AMxx).")],
    source: Annotated[
        str, typer.Option("--from", help="The catalogue: a repository URL.")
    ] = f"sqlite:///{DEMO_DATABASE}",
    compare_with: Annotated[str | None, typer.Option("--compare", help="A second area, side by side.")] = None,
    datum: Annotated[str | None, typer.Option(help="The day, YYYY-MM-DD (default today).")] = None,
    png: Annotated[Path | None, typer.Option("--png", help="Also draw the matrix as a heatmap PNG.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    areas: AreasOption = None,
) -> None:
    """The tile x client characteristic matrix of an area: instruments and providers per cell, and the gaps."""
    classification = _areas(areas)
    if classification is None:
        raise _fail("coverage needs an area classification: pass --areas DIR with a CBS export")
    day = _day(datum)
    instruments = list(_catalogue(source, classification))
    try:
        result = coverage(instruments, area=area, on=day, areas=classification)
        other = coverage(instruments, area=compare_with, on=day, areas=classification) if compare_with else None
    except ValueError as error:
        raise _fail(str(error)) from None
    if as_json:
        rows = CoverageComparison(result, other).rows() if other else result.rows()
        _out.print_json(data=rows)
    else:
        table = Table(
            "Klantkenmerk", *(t.label for t in Tile), title=f"Aanbod in {result.area_name} op {day.isoformat()}"
        )
        for characteristic in ClientCharacteristic.all_leaves():
            cells = []
            for tile in Tile:
                count = result.count(tile, characteristic)
                cells.append(f"{count}" + (f" / {other.count(tile, characteristic)}" if other else ""))
            table.add_row(f"{characteristic.number} {characteristic.label}", *cells)
        _out.print(table)
        _out.print(
            f"{len(result.empty_cells())} empty cells, {len(result.single_provider_cells())} served by one provider."
            + (f" Second number: {other.area_name}." if other else "")
        )
    if png is not None:
        try:
            result.heatmap(png)
        except ImportError as error:
            raise _fail(str(error)) from None
        _err.print(f"Wrote the heatmap to {png}.")


@app.command()
def quality(
    source: Annotated[
        str, typer.Option("--from", help="The catalogue: a repository URL.")
    ] = f"sqlite:///{DEMO_DATABASE}",
    datum: Annotated[str | None, typer.Option(help="The day, YYYY-MM-DD (default today).")] = None,
    ending_within: Annotated[int, typer.Option(help="Report publications ending within this many days.")] = 30,
    stale_after: Annotated[int, typer.Option(help="Report instruments unchanged for this many months.")] = 12,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Where the catalogue needs care: incomplete, ending, no contact, unexplained costs, duplicates, stale."""
    day = _day(datum)
    try:
        with open_repository(source) as repository:
            instruments = [s.instrument for s in repository.list()]
            changed = {i.id: repository.history(i.id)[-1].at for i in instruments if repository.history(i.id)}
    except (EvaError, ValueError, ArgumentError) as error:
        raise _fail(str(error)) from None
    report = quality_report(
        instruments, on=day, ending_within_days=ending_within, last_changed=changed, stale_after_months=stale_after
    )
    if as_json:
        _out.print_json(data=report.rows())
        return
    table = Table("Instrument", "Organisatie", "Punt", "Toelichting", title=f"{len(report.findings)} aandachtspunten")
    for finding in report.findings:
        table.add_row(finding.instrument_id, finding.organisation, finding.code, finding.message)
    _out.print(table)


def _optional_day(datum: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(datum) if datum else None
    except ValueError:
        raise _fail(f"--datum {datum!r} is not a date as YYYY-MM-DD") from None


def _day(datum: str | None) -> dt.date:
    return _optional_day(datum) or dt.date.today()  # noqa: DTZ011 - a calendar day


db = typer.Typer(help="Manage a SQL database of instruments.", no_args_is_help=True)
app.add_typer(db, name="db")


@db.command("upgrade")
def db_upgrade(url: Annotated[str, typer.Argument(help="sqlite:///path/eva.db or postgresql+psycopg://...")]) -> None:
    """Bring the database's schema to this eva_core's version (safe to repeat)."""
    try:
        revision = upgrade(url)
    except EvaError as error:
        raise _fail(str(error)) from None
    except ArgumentError as error:
        raise _fail(f"not a database URL: {error}") from None
    _out.print(f"{url}: schema at revision {revision}.")


SPREADSHEETS = (".csv", ".xlsx", ".xlsm", ".xls", ".ods")


def _read_catalogue(file: Path) -> tuple[list[Instrument], list[dict[str, str]], list[dict[str, str]]]:
    """Instruments, errors and warnings of a JSON, CSV or XLSX file; errors carry row or path and Dutch label."""
    if file.suffix.lower() in SPREADSHEETS:
        try:
            header, rows = read_rows(file)
        except (OSError, ValueError, csv.Error) as error:
            raise _fail(f"cannot read {file}: {error}") from None
        except Exception as error:  # noqa: BLE001 - the spreadsheet reader raises its own types
            raise _fail(f"cannot read {file} as a spreadsheet: {error}") from None
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
        raise _fail(f"cannot read {file}: {error.strerror or error}") from None
    except ValueError as error:
        raise _fail(f"{file} is not valid JSON: {error}") from None
    errors, warnings = _check(data)
    parsed: list[Instrument] = []
    if not errors:
        parsed = list(load_catalogue(data)) if isinstance(data, dict) and "format" in data else [load_instrument(data)]
    return parsed, errors, warnings


def _report(file: Path, errors: list[dict[str, str]], warnings: list[dict[str, str]]) -> None:
    for title, rows in (("Errors", errors), ("Warnings", warnings)):
        if rows:
            table = Table("Veld", "Regel", "Probleem", title=f"{title} ({len(rows)})")
            for row in rows:
                where = f"rij {row['row']}" if "row" in row else row["path"]
                table.add_row(f"{row['label']}\n{where}", row["code"], row["message"])
            _out.print(table)
    _out.print(f"{file}: {len(errors)} error(s), {len(warnings)} warning(s).")


@app.command()
def validate(
    file: Annotated[Path, typer.Argument(help="A JSON document of instruments (or one instrument), CSV or XLSX.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Check a file against every rule of the format; exit 1 when there are errors."""
    _, errors, warnings = _read_catalogue(file)
    if as_json:
        _out.print_json(json.dumps({"errors": errors, "warnings": warnings}, ensure_ascii=False))
    else:
        _report(file, errors, warnings)
    if errors:
        raise typer.Exit(1)


@app.command("import")
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
    with Progress(transient=True, console=_err) as progress:
        progress.add_task(f"reading {file.name}", total=None)
        instruments, errors, warnings = _read_catalogue(file)
    if errors:
        _report(file, errors, warnings)
        raise _fail(f"nothing imported: {len(errors)} error(s) in {file}")
    if dry_run:
        _report(file, errors, warnings)
        _out.print(f"Dry run: {len(instruments)} instrument(s) would be imported into {into}.")
        return
    try:
        with open_repository(into) as repository:
            taken = sorted(i.id for i in instruments if _exists(repository, i.id))
            if taken:
                shown = ", ".join(taken[:5]) + (" ..." if len(taken) > 5 else "")
                raise _fail(f"nothing imported: {len(taken)} id(s) already in {into}: {shown}")
            with Progress(console=_err, transient=True) as progress:
                task = progress.add_task("importing", total=len(instruments))
                count = add_catalogue(repository, instruments, label=label)
                progress.update(task, completed=count)
    except (EvaError, ValueError, ArgumentError) as error:
        raise _fail(f"nothing imported: {error}") from None
    _out.print(f"Imported {count} instrument(s) into {into}.")


def _exists(repository: InstrumentRepository, instrument_id: str) -> bool:
    try:
        repository.get(instrument_id)
    except NotFound:
        return False
    return True


@app.command()
def export(
    source: Annotated[str, typer.Option("--from", help="The repository URL to export.")],
    output_format: Annotated[str, typer.Option("--format", help="json, csv or xlsx.")] = "json",
    output: Annotated[Path | None, typer.Option(help="The file to write (standard output for json and csv).")] = None,
) -> None:
    """Write a repository's instruments as JSON, CSV or XLSX; spreadsheet cells never run as formulas."""
    if output_format not in ("json", "csv", "xlsx"):
        raise _fail(f"--format {output_format!r}: choose json, csv or xlsx")
    if output_format == "xlsx" and output is None:
        raise _fail("--format xlsx needs --output FILE")
    try:
        with open_repository(source) as repository:
            instruments = [s.instrument for s in repository.list()]
    except (EvaError, ValueError, ArgumentError) as error:
        raise _fail(str(error)) from None
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
        _err.print(f"Wrote {len(instruments)} instrument(s) to {output}.")


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        output.write_text(text, encoding="utf-8")


@app.command()
def template(
    xlsx: Annotated[Path, typer.Option("--xlsx", help="The spreadsheet to create.")],
) -> None:
    """Create an empty import spreadsheet: Dutch column headers, choice lists as validation, one example row."""
    write_xlsx([demo_catalogue()[2]], xlsx, template=True)
    _out.print(f"Wrote the import template to {xlsx}: fill in one row per instrument, then `eva import`.")


def _check(data: Any) -> tuple[list[dict[str, str]], list[dict[str, str]]]:  # noqa: ANN401
    if isinstance(data, dict) and "format" in data:
        try:
            report = validate_catalogue(data)
        except UnsupportedFormat as error:
            raise _fail(str(error)) from None
    else:
        report = validate_instrument(data)

    def rows(problems: tuple[Problem, ...]) -> list[dict[str, str]]:
        return [{"path": p.path, "label": p.label, "code": p.code, "message": p.message} for p in problems]

    return rows(report.errors), rows(report.warnings)
