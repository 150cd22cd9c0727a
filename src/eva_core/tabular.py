"""Instruments as rows of a spreadsheet (CSV or XLSX), with the format's Dutch labels as column headers.

Municipal instrument managers keep their instruments in Excel. One row is one instrument; every field of the
format has a column named by its Dutch label. Plain fields hold plain values; choice lists hold the labels or
keys separated by ``;``; the records an instrument links (organisation, provider, contacts, locations, target
groups, districts, registration codes, links) hold their JSON, as `eva_core.dump_instrument` writes it.

Reading is strict and reports, never guesses: unknown or empty column headers, dates written as text in
another form than ``YYYY-MM-DD``, and broken cells become problems with the row, the Dutch label and the
message. Writing neutralises cells that a spreadsheet would run as a formula (``= + - @``, tab or carriage
return first, after any spaces) and cells that start with ``'``, by putting one ``'`` in front; reading takes
exactly that ``'`` off again and keeps a text cell's spaces, so every text reads back as it was written.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

from eva_core.convert import dump_instrument, load_instrument
from eva_core.domain import (
    Choice,
    FieldInfo,
    Instrument,
    InvalidInstrument,
    Kind,
    Problem,
    fields_of,
)

__all__ = ["Column", "rows_to_instruments", "write_csv", "write_xlsx"]

_RISKY = ("=", "+", "-", "@", "\t", "\r")
_ESCAPE_LIKE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_LIST_SEPARATOR = ";"


@attrs.frozen
class Column:
    """One column: the Dutch header, the instrument field and how its cells are written."""

    header: str
    field: str
    kind: str  # text, yes-no, date, number, amount, choices, codes, json
    choices: type[Choice] | None = None


def _column(field: FieldInfo) -> Column:
    """How a field of the instrument sits in one cell, from its kind in the field model."""
    choices = field.value_type if field.kind is Kind.CHOICE else None
    if field.many is frozenset and field.kind in (Kind.CHOICE, Kind.TEXT):
        return Column(field.label, field.name, "choices" if choices else "codes", choices)
    if field.many is not None or field.kind is Kind.RECORD:
        return Column(field.label, field.name, "json")
    kinds = {Kind.TEXT: "text", Kind.FLAG: "yes-no", Kind.DATE: "date", Kind.WHOLE: "number", Kind.AMOUNT: "amount"}
    return Column(field.label, field.name, "choice" if choices else kinds[field.kind], choices)


_COLUMNS: tuple[Column, ...] = tuple(_column(f) for f in fields_of(Instrument))
_BY_HEADER = {c.header.casefold(): c for c in _COLUMNS}


def _risky(text: str) -> bool:
    """Whether a spreadsheet could run *text* as a formula, or *text* looks neutralised already.

    That is: it starts with ``'``, or with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return once any
    leading spaces are passed (some programs drop those spaces and then run the formula).
    """
    return text.startswith("'") or text.lstrip(" ").startswith(_RISKY)


def _neutralise(text: str) -> str:
    """Put ``'`` before a risky text; `_restore` takes exactly that ``'`` off again, so nothing is lost."""
    return f"'{text}" if _risky(text) else text


def _xml_text(text: str) -> str:
    """*text* as an XLSX cell must hold it to read back the same: XML turns a carriage return into a line feed.

    A carriage return is written as the workbook escape ``_x000D_``, and an ``_xHHHH_`` the text holds itself
    gets its underscore escaped (``_x005F_``), as Excel does; readers undo both.
    """
    return _ESCAPE_LIKE.sub(r"_x005F_\1", text).replace("\r", "_x000D_")


def _restore(text: str) -> str:
    return text[1:] if text.startswith("'") and _risky(text[1:]) else text


def _cells(instrument: Instrument) -> list[Any]:
    document = dump_instrument(instrument)
    row: list[Any] = []
    for column in _COLUMNS:
        value = document.get(column.field)
        if value is None:
            row.append("")
        elif column.kind == "yes-no":
            row.append("ja" if value else "nee")
        elif column.kind == "choices":
            assert column.choices is not None  # noqa: S101 - set for every choices column
            row.append(f"{_LIST_SEPARATOR} ".join(column.choices.from_key(key).label for key in value))
        elif column.kind == "choice":
            assert column.choices is not None  # noqa: S101
            row.append(column.choices.from_key(value).label)
        elif column.kind == "codes":
            row.append(f"{_LIST_SEPARATOR} ".join(value))
        elif column.kind == "json":
            row.append(json.dumps(value, ensure_ascii=False) if value else "")
        else:
            row.append(value)
    return row


def write_csv(instruments: Iterable[Instrument], target: io.TextIOBase | Any) -> None:  # noqa: ANN401
    """Write *instruments* as CSV (comma separated, a header row of Dutch labels) to a text stream."""
    writer = csv.writer(target)
    writer.writerow([c.header for c in _COLUMNS])
    for instrument in instruments:
        writer.writerow([_neutralise(str(v)) if isinstance(v, str) else v for v in _cells(instrument)])


def write_xlsx(instruments: Iterable[Instrument], path: str | Path, *, template: bool = False) -> None:
    """Write *instruments* to an XLSX workbook; with *template*, add the choice lists as data validation."""
    from openpyxl import Workbook  # noqa: PLC0415 - an optional extra
    from openpyxl.worksheet.datavalidation import DataValidation  # noqa: PLC0415

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Instrumenten"
    sheet.append([c.header for c in _COLUMNS])
    for instrument in instruments:
        sheet.append(_cells(instrument))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.value = _xml_text(_neutralise(cell.value))
                cell.data_type = "s"
    lists = workbook.create_sheet("Keuzelijsten")
    for position, column in enumerate(c for c in _COLUMNS if c.choices is not None):
        assert column.choices is not None  # noqa: S101
        letter = lists.cell(row=1, column=position + 1).column_letter
        lists.cell(row=1, column=position + 1, value=column.header)
        for n, member in enumerate(column.choices, start=2):
            lists.cell(row=n, column=position + 1, value=member.label)
        if template and column.kind == "choice":
            index = _COLUMNS.index(column) + 1
            validation = DataValidation(
                type="list", formula1=f"Keuzelijsten!${letter}$2:${letter}${len(column.choices) + 1}"
            )
            sheet.add_data_validation(validation)
            validation.add(
                f"{sheet.cell(row=2, column=index).column_letter}2:{sheet.cell(row=2, column=index).column_letter}1000"
            )
    if template:
        publish = _COLUMNS.index(next(c for c in _COLUMNS if c.kind == "yes-no")) + 1
        letter = sheet.cell(row=2, column=publish).column_letter
        yes_no = DataValidation(type="list", formula1='"ja,nee"')
        sheet.add_data_validation(yes_no)
        yes_no.add(f"{letter}2:{letter}1000")
    workbook.save(path)


def _read_rows(path: str | Path) -> tuple[list[str], list[list[Any]]]:
    """The header and the data rows of a CSV or XLSX file; XLSX cells keep their types (dates, numbers)."""
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods"):
        from python_calamine import CalamineWorkbook  # noqa: PLC0415 - an optional extra

        workbook = CalamineWorkbook.from_path(str(path))
        rows: list[list[Any]] = [list(r) for r in workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)]
    else:
        with path.open(encoding="utf-8-sig", newline="") as file:  # keep a carriage return inside a cell
            text = file.read()
        first = text.split("\n", 1)[0]
        delimiter = max((",", ";", "\t"), key=first.count)  # Dutch Excel writes ;
        rows = [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]
    rows = [list(r) for r in rows if any(str(c).strip() for c in r)]
    if not rows:
        return [], []
    return [str(h).strip() for h in rows[0]], rows[1:]


def _formulas_without_value(path: str | Path) -> set[tuple[int, int]]:
    """(row, column) of XLSX cells holding a formula that was never calculated, so they have no value to read.

    Such a cell reads as empty; eva_core reports it instead of taking it for a blank.
    """
    from openpyxl import load_workbook  # noqa: PLC0415 - an optional extra

    with_formulas = load_workbook(path, read_only=True, data_only=False)
    with_values = load_workbook(path, read_only=True, data_only=True)
    found = set()
    try:
        rows = zip(
            with_formulas.worksheets[0].iter_rows(values_only=True),
            with_values.worksheets[0].iter_rows(values_only=True),
            strict=False,
        )
        for row_number, (formulas, values) in enumerate(rows, start=1):
            for column, (formula, value) in enumerate(zip(formulas, values, strict=False), start=1):
                if isinstance(formula, str) and formula.startswith("=") and value is None:
                    found.add((row_number, column))
    finally:
        with_formulas.close()
        with_values.close()
    return found


def rows_to_instruments(  # noqa: C901 - one report per kind of bad cell
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    formulas: set[tuple[int, int]] = frozenset(),  # type: ignore[assignment]
) -> tuple[list[Instrument], list[tuple[int, Problem]]]:
    """Parse every row; return the instruments and every problem with its spreadsheet row number (header = 1).

    *formulas* are the (row, column) cells of `_formulas_without_value`, reported as problems.
    """
    problems: list[tuple[int, Problem]] = []
    columns: list[Column | None] = []
    for position, name in enumerate(header, start=1):
        column = _BY_HEADER.get(name.casefold())
        if not name:
            problems.append(
                (
                    1,
                    Problem(
                        f"$.kolom[{position}]",
                        "(leeg)",
                        "unknown-field",
                        "a column has no header; merged headers are not read",
                    ),
                )
            )
        elif column is None:
            problems.append(
                (
                    1,
                    Problem(
                        f"$.kolom[{position}]", name, "unknown-field", f"no field of the format is called {name!r}"
                    ),
                )
            )
        columns.append(column)
    instruments: list[Instrument] = []
    for number, row in enumerate(rows, start=2):
        document: dict[str, Any] = {}
        for position, (column, cell) in enumerate(zip(columns, row, strict=False), start=1):
            if column is None:
                continue
            if (number, position) in formulas:
                problems.append(
                    (
                        number,
                        Problem(f"$.{column.field}", column.header, "type", "a formula without a calculated value"),
                    )
                )
                continue
            try:
                value = _value(column, cell)
            except ValueError as error:
                problems.append((number, Problem(f"$.{column.field}", column.header, "type", str(error))))
                continue
            if value is not None:
                document[column.field] = value
        try:
            instruments.append(load_instrument(document))
        except InvalidInstrument as error:
            problems += [
                (number, p)
                for p in error.problems
                if p.path.split("[")[0].split(".")[1] not in _failed(problems, number)
            ]
    return instruments, problems


def _failed(problems: list[tuple[int, Problem]], number: int) -> set[str]:
    return {
        p.path.split(".")[1] for n, p in problems if n == number and p.path.startswith("$.") and "kolom" not in p.path
    }


def _value(column: Column, cell: Any) -> Any:  # noqa: ANN401, C901, PLR0911, PLR0912 - one case per kind of cell
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    kind = column.kind
    if isinstance(cell, str):  # text keeps its spaces: a text cell reads back exactly as it was written
        cell = _restore(cell) if kind == "text" else _restore(cell.strip()).strip()
    if kind == "text":
        return cell if isinstance(cell, str) else _plain_number(cell)
    if kind == "yes-no":
        if isinstance(cell, bool):
            return cell
        answer = str(cell).casefold()
        if answer in ("ja", "nee"):
            return answer == "ja"
        raise ValueError(f"write ja or nee, not {cell!r}")
    if kind == "date":
        if isinstance(cell, dt.datetime):
            if cell.time() != dt.time():
                raise ValueError(f"expected a day, got a moment {cell.isoformat()}")
            return cell.date().isoformat()
        if isinstance(cell, dt.date):
            return cell.isoformat()
        try:
            return dt.date.fromisoformat(str(cell)).isoformat() if len(str(cell)) == 10 else _bad_date(cell)
        except ValueError:
            _bad_date(cell)
    if kind == "number":
        if isinstance(cell, float) and cell.is_integer():
            return int(cell)
        if isinstance(cell, str) and cell.lstrip("-").isdigit():
            return int(cell)
        return cell
    if kind == "amount":
        return _plain_number(cell) if isinstance(cell, int | float) else cell
    if kind in ("choices", "choice"):
        assert column.choices is not None  # noqa: S101
        keys = []
        for part in str(cell).split(_LIST_SEPARATOR) if kind == "choices" else [str(cell)]:
            try:
                keys.append(column.choices.from_label(part).key)
            except ValueError:
                raise ValueError(f"{part.strip()!r} is not on the list of {column.header}") from None
        return keys if kind == "choices" else keys[0]
    if kind == "codes":
        return [part.strip() for part in str(cell).split(_LIST_SEPARATOR) if part.strip()]
    try:
        return json.loads(str(cell))
    except ValueError:
        raise ValueError(f"expected JSON as eva_core writes it, got {str(cell)[:40]!r}") from None


def _plain_number(cell: Any) -> str:  # noqa: ANN401
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def _bad_date(cell: Any) -> Any:  # noqa: ANN401
    raise ValueError(f"write dates as YYYY-MM-DD or as a date cell, not {cell!r}; eva_core does not guess")
