"""`read_catalogue`: a JSON, CSV or XLSX file read once, into instruments and a report a program or a person reads."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from attrs import field, frozen

from eva_core.convert import _read_catalogue, load_instrument, parse_json
from eva_core.domain import Instrument, InvalidInstrument, Problem, Severity, UnsupportedFormat, say
from eva_core.files._errors import UnreadableFile
from eva_core.files._limits import Limits
from eva_core.files._text import csv_file_rows, read_bounded
from eva_core.tabular import CONTACT_SHEET, LOCATION_SHEET, Links, RowReader, column_letter, sheet_records

__all__ = ["SPREADSHEETS", "FileProblem", "FileReport", "read_catalogue"]

SPREADSHEETS = (".csv", ".txt", ".xlsx", ".xlsm")
"""The file name endings read as a spreadsheet; anything else is read as JSON."""

Progress = Callable[[int], None]
"""Called with the number of rows (or instruments) read so far, every few hundred and at the end."""


def _problems(values: Iterable[FileProblem]) -> tuple[FileProblem, ...]:
    return tuple(values)


def _numbers(values: Iterable[int]) -> tuple[int, ...]:
    return tuple(values)


@frozen
class FileProblem:
    """A problem at one place in a file: a row and column of a spreadsheet, or an instrument of a JSON file.

    ``row`` is the spreadsheet's row number (the header is row 1), or the instrument's position in a JSON
    file (from 1); ``column`` the column letter, when the problem belongs to one cell.
    """

    problem: Problem
    row: int | None = None
    column: str | None = None
    sheet: str | None = None

    @property
    def label(self) -> str:
        """The Dutch label of the field (or the header that is wrong)."""
        return self.problem.label

    @property
    def code(self) -> str:
        """The broken rule's stable code."""
        return self.problem.code

    @property
    def message(self) -> str:
        """What is wrong, in the current language."""
        return self.problem.message

    @property
    def path(self) -> str:
        """Where in the instrument (``$.summary``)."""
        return self.problem.path

    @property
    def is_error(self) -> bool:
        """Whether it keeps the file from being imported (the rest are warnings)."""
        return self.problem.severity is Severity.ERROR


@frozen
class FileReport:
    """What reading a file found: its problems, where each instrument came from and what was skipped."""

    path: Path
    kind: str
    """``json``, ``csv``, ``xlsx`` or ``eva`` (an export of Eva's own back end, read by `read_eva_export`)."""
    problems: tuple[FileProblem, ...] = field(converter=_problems)
    rows: tuple[int, ...] = field(converter=_numbers)
    """For each instrument read, its row (spreadsheets) or position (JSON, from 1)."""
    skipped: tuple[int, ...] = field(default=(), converter=_numbers)
    """Rows left out as the template's example."""
    encoding: str | None = None
    sheet: str | None = None
    versions: Mapping[str, int] = field(factory=dict)
    """The version each instrument had when it was exported (the column ``Versie``), by id: an update
    (``Batch(..., update=True, versions=report.versions)``) is refused where someone changed it since."""

    @property
    def errors(self) -> tuple[FileProblem, ...]:
        """The problems that keep the file from being imported."""
        return tuple(p for p in self.problems if p.is_error)

    @property
    def warnings(self) -> tuple[FileProblem, ...]:
        """The problems that do not."""
        return tuple(p for p in self.problems if not p.is_error)

    @property
    def ok(self) -> bool:
        """True when there are no errors."""
        return not self.errors


def read_catalogue(  # noqa: PLR0913 - keyword-only settings
    path: str | Path,
    *,
    known: Iterable[Any] = (),
    areas: Any = None,  # noqa: ANN401 - an AreaClassification
    limits: Limits | None = None,
    encoding: str | None = None,
    progress: Progress | None = None,
) -> tuple[list[Instrument], FileReport]:
    """Read the instruments of a JSON, CSV or XLSX file once, with every problem found, by row and column.

    *known* master records (organisations, providers, target groups, e.g. a store's) let a spreadsheet name
    them by id or name; *areas* lets it name regions and municipalities. *limits* bound what is read (a file
    beyond them is one `FileTooLarge`); *encoding* overrides the encoding told from a CSV file's bytes.

    Raises:
        UnreadableFile: the file as a whole cannot be read (not a workbook, an encoding that cannot be told,
            a limit passed, not JSON); `OSError` when it cannot be opened.
    """
    path = Path(path)
    if path.exists() and not (path.is_file() or path.is_dir()):  # a device or pipe: reading may never end (#11)
        raise UnreadableFile(say("error.unreadable-file.not-a-file", path=str(path)))
    limits = limits or Limits()
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _spreadsheet(path, "xlsx", known, areas, limits, None, progress)
    if suffix in (".csv", ".txt"):
        return _spreadsheet(path, "csv", known, areas, limits, encoding, progress)
    if suffix in (".xls", ".ods", ".xlsb", ".numbers"):
        raise UnreadableFile(say("error.unreadable-file.save-as-xlsx", path=str(path)))
    return _json(path, limits, progress)


def _json(path: Path, limits: Limits, progress: Progress | None) -> tuple[list[Instrument], FileReport]:
    data = read_bounded(path, limits)
    try:
        document = parse_json(data)
    except ValueError as error:
        raise UnreadableFile(say("error.unreadable-file.json", path=str(path), detail=str(error))) from None
    if _is_eva(document):
        return _eva(path, document, progress)
    if isinstance(document, dict) and "format" in document:
        try:
            instruments, report = _read_catalogue(document)
        except UnsupportedFormat as error:
            raise UnreadableFile(error.said) from None
        found = [
            p
            for p in (*_by_position(report.errors), *_by_position(report.warnings))
            if not (p.code == "duplicate" and p.path.endswith(".id"))  # the batch's check (id-twice) says it
        ]
        if progress is not None:
            progress(len(instruments))
        failed = {p.row for p in found if p.is_error}
        rows = [n for n in range(1, len(document.get("instruments", ())) + 1) if n not in failed]
        return list(instruments), FileReport(path, "json", found, rows)
    try:
        instrument = load_instrument(document)
    except InvalidInstrument as error:
        problems = [FileProblem(p) for p in (*error.problems, *error.warnings)]
        return [], FileReport(path, "json", problems, ())
    return [instrument], FileReport(path, "json", [FileProblem(w) for w in instrument.warnings()], (1,))


def _is_eva(document: object) -> bool:
    """Whether *document* is an export of Eva's own back end: a list, ``{"data": [...]}``, or one such instrument.

    Eva's instruments carry a ``uuid`` (2022) or the Dutch keys of the 2023 standard (``SamenvattingInstrument``).
    """
    if isinstance(document, list):
        return True
    if not isinstance(document, dict) or "format" in document:
        return False
    return isinstance(document.get("data"), list) or "uuid" in document or "SamenvattingInstrument" in document


_EVA_POSITION = re.compile(r"\$(?:\.data)?\[(\d+)\]")


def _eva(path: Path, document: object, progress: Progress | None) -> tuple[list[Instrument], FileReport]:
    """An Eva export read by `read_eva_export`; its problems by the instrument's position in the file."""
    from eva_core.files._eva import read_eva_export  # noqa: PLC0415 - only for Eva's files

    instruments, report = read_eva_export(document)
    found: list[FileProblem] = []
    for problem in report.problems:
        position = _EVA_POSITION.match(problem.path)
        found.append(FileProblem(problem, int(position.group(1)) + 1 if position else None))
    failed = {p.row for p in found if p.is_error}
    items = document.get("data") if isinstance(document, dict) else document
    count = len(items) if isinstance(items, list) else 1
    if progress is not None:
        progress(len(instruments))
    rows = [n for n in range(1, count + 1) if n not in failed]
    return list(instruments), FileReport(path, "eva", found, rows)


def _by_position(problems: Iterable[Problem]) -> Iterator[FileProblem]:
    for problem in problems:
        row = None
        if problem.path.startswith("$.instruments["):
            row = int(problem.path[len("$.instruments[") :].split("]", 1)[0]) + 1
        yield FileProblem(problem, row)


def _spreadsheet(  # noqa: PLR0913, PLR0917 - what read_catalogue passes on
    path: Path,
    kind: str,
    known: Iterable[Any],
    areas: Any,  # noqa: ANN401
    limits: Limits,
    encoding: str | None,
    progress: Progress | None,
) -> tuple[list[Instrument], FileReport]:
    links = Links.of(known, areas)
    if kind == "csv":
        encoding, streamed = csv_file_rows(path, limits, encoding)
        return _rows(path, kind, streamed, links, progress, encoding=encoding)
    from eva_core.files._xlsx import Workbook  # noqa: PLC0415 - only for workbooks

    with Workbook(path, limits) as workbook:
        sheet = workbook.sheet()
        if sheet is None:
            raise UnreadableFile(say("error.unreadable-file.no-sheet", path=str(path)))
        for name, store in ((CONTACT_SHEET, links.contacts), (LOCATION_SHEET, links.locations)):
            extra = workbook.sheet(name)
            if extra is not None:
                rows = (row for _, row in workbook.rows(extra))
                header = next(rows, [])
                store.update(sheet_records("contacts" if name == CONTACT_SHEET else "locations", header, rows))
        return _rows(path, kind, workbook.rows(sheet), links, progress, sheet=sheet.name)


def _rows(  # noqa: PLR0913
    path: Path,
    kind: str,
    rows: Iterator[tuple[int, list[Any]]],
    links: Links,
    progress: Progress | None,
    *,
    encoding: str | None = None,
    sheet: str | None = None,
) -> tuple[list[Instrument], FileReport]:
    first = next(rows, None)
    if first is None:
        return [], FileReport(path, kind, (), (), encoding=encoding, sheet=sheet)
    header_row, header = first
    reader = RowReader(header, links)
    problems = [FileProblem(p, header_row, column_letter(c), sheet) for c, p in reader.header_problems]
    instruments: list[Instrument] = []
    numbers: list[int] = []
    skipped: list[int] = []
    versions: dict[str, int] = {}
    count = 0
    for number, row in rows:
        count += 1
        if progress is not None and count % 500 == 0:
            progress(count)
        if reader.is_example(row):
            skipped.append(number)
            continue
        instrument, found = reader.read(row)
        problems += [FileProblem(p, number, None if c is None else column_letter(c), sheet) for c, p in found]
        if instrument is None:
            continue
        instruments.append(instrument)
        numbers.append(number)
        if reader.version is not None:
            versions.setdefault(instrument.id, reader.version)
    if progress is not None:
        progress(count)
    return instruments, FileReport(path, kind, problems, numbers, skipped, encoding, sheet, versions)
