"""Reading a classification that CBS publishes (*Gebieden in Nederland*), and lists of herindelingen.

CBS publishes the table each year as open data: JSON from its OData service (``{"value": [...]}``, one
object per municipality with keys ``Code_1``/``Naam_2`` for the municipality and a ``Code_n``/``Naam_n+1``
pair for the arbeidsmarktregio, values padded with spaces) and the same columns as CSV (``;``-separated).
The position of the arbeidsmarktregio pair changes between years, so columns are recognised by their
values (GMxxxx, AMxx), and a name column by its code column: ``Code_4`` goes with ``Naam_5``,
``Gemeentecode`` with ``Gemeentenaam``, ``region_code`` with ``region_name``.
"""

from __future__ import annotations

import csv
import datetime as dt
import errno
import io
import json
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from eva_core.areas._bundled import bundled_mergers
from eva_core.domain import (
    AreaClassification,
    InvalidAreaData,
    Merger,
    Message,
    Municipality,
    Region,
    is_municipality_code,
    is_region_code,
    say,
)

__all__ = ["load_cbs", "load_mergers"]

_CODE_N = re.compile(r"Code_(\d+)")
_YEAR = re.compile(r"(?<!\d)(19|20)\d\d(?!\d)")
_ENCODINGS = ("utf-8-sig", "cp1252")  # CBS downloads come as UTF-8 (with BOM) or as Windows-1252


def load_cbs(
    path: str | os.PathLike[str],
    *,
    year: int | None = None,
    mergers: str | os.PathLike[str] | Iterable[Merger] = (),
    source: str = "",
) -> AreaClassification:
    """Read a CBS *Gebieden in Nederland* export (CSV or JSON) as the classification of *year*.

    *year* defaults to the year in the file name (``Gebieden_in_Nederland_2024.csv``). *mergers* are the
    herindelingen since the bundled data (a file for `load_mergers`, or `Merger` values); eva_core adds the
    ones it knows, and keeps only those whose old code the export no longer has.

    Raises:
        InvalidAreaData: the file cannot be read, or lacks the municipality or arbeidsmarktregio columns;
            the message says what is missing.
    """
    file = Path(path)
    if year is None:
        found = _YEAR.search(file.name)
        if found is None:
            raise _invalid(say("error.invalid-area-data.no-year", file=file.name))
        year = int(found.group())
    municipalities, regions = _classify(_rows(file), file.name)
    given = tuple(load_mergers(mergers) if isinstance(mergers, str | os.PathLike) else mergers)
    current = {m.code for m in municipalities}
    return AreaClassification(
        year,
        municipalities,
        regions,
        [*_still_leading(bundled_mergers(), given, current), *given],
        source or f"CBS, Gebieden in Nederland {year} ({file.name}), licentie CC BY 4.0",
    )


def _still_leading(known: Iterable[Merger], given: Sequence[Merger], current: set[str]) -> list[Merger]:
    """The bundled mergers that still lead to a municipality of the export; an older export may predate them."""
    chain = {m.old_code: m.new_code for m in (*known, *given)}
    kept = []
    for merger in known:
        if merger.old_code in current or merger.old_code in {m.old_code for m in given}:
            continue
        code, seen = merger.new_code, {merger.old_code}
        while code in chain and code not in current and code not in seen:
            seen.add(code)
            code = chain[code]
        if code in current:
            kept.append(merger)
    return kept


def load_mergers(path: str | os.PathLike[str]) -> tuple[Merger, ...]:
    """Read a list of herindelingen (JSON list or CSV), one per abolished municipality.

    Columns: ``from_code, from_name, to_code, to_name, effective`` (as the Dutch government's coronavirus
    dashboard publishes them), or ``old_code, old_name, new_code, new_name, on``; dates as ``YYYY-MM-DD``.
    """
    file = Path(path)
    found: list[Merger] = []
    problems: list[Message] = []
    for number, row in enumerate(_rows(file), start=1):
        where = {"file": file.name, "row": number}
        try:
            codes = (_pick(row, "from_code", "old_code").upper(), _pick(row, "to_code", "new_code").upper())
            names = (_pick(row, "from_name", "old_name"), _pick(row, "to_name", "new_name"))
            day = _pick(row, "effective", "on")
        except KeyError as missing:
            problems.append(say("error.invalid-area-data.merger-missing", keys=missing.args[0], **where))
            continue
        problems += [
            say("error.invalid-area-data.merger-code", value=c, **where) for c in codes if not is_municipality_code(c)
        ]
        try:
            found.append(Merger(codes[0], names[0], codes[1], names[1], dt.date.fromisoformat(day)))
        except ValueError:
            problems.append(say("error.invalid-area-data.merger-date", value=day, **where))
    if problems:
        raise _invalid(*problems)
    return tuple(found)


def _invalid(*problems: Message) -> InvalidAreaData:
    """One error for every problem found in a file, or the problem itself when there is one."""
    if len(problems) == 1:
        return InvalidAreaData(problems[0], "invalid-area-data")
    return InvalidAreaData(say("error.invalid-area-data", year="?", problems=problems[:10]), "invalid-area-data")


def _pick(row: Mapping[str, str], *keys: str) -> str:
    for key in keys:
        if row.get(key, "").strip():
            return row[key].strip()
    raise KeyError(keys)


def _rows(file: Path) -> list[dict[str, str]]:
    """The file's records as text columns, from JSON (a list, or OData's ``value``) or CSV."""
    if file.exists() and not (file.is_file() or file.is_dir()):  # a device or pipe: reading may never end
        raise InvalidAreaData(say("error.unreadable-area-file.not-a-file", path=str(file)), "unreadable-area-file")
    try:
        data = file.read_bytes()
    except OSError as error:
        if error.errno == errno.ENOENT:
            raise InvalidAreaData(
                say("error.unreadable-area-file.not-found", path=str(file)), "unreadable-area-file"
            ) from None
        detail = errno.errorcode.get(error.errno or 0, type(error).__name__)
        raise InvalidAreaData(
            say("error.unreadable-area-file", path=str(file), detail=detail), "unreadable-area-file"
        ) from None
    text = _decode(data, file)
    if text.lstrip()[:1] in ("{", "["):
        try:
            parsed: Any = json.loads(text)
        except json.JSONDecodeError as error:
            where = {"file": file.name, "line": str(error.lineno), "column": str(error.colno)}
            raise _invalid(say("error.invalid-area-data.not-json", **where)) from None
        except RecursionError:
            raise _invalid(say("error.invalid-area-data.too-deep", file=file.name)) from None
        records = parsed.get("value") if isinstance(parsed, dict) else parsed
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
            raise _invalid(say("error.invalid-area-data.not-records", file=file.name))
        return [{str(k): "" if v is None else str(v) for k, v in r.items()} for r in records]
    try:
        delimiter = csv.Sniffer().sniff(text[:4096], delimiters=";,\t").delimiter
    except csv.Error:
        delimiter = ";"  # CBS' own choice
    try:
        reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
        return [{(k or "").strip(): (v or "") for k, v in row.items() if isinstance(v, str | None)} for row in reader]
    except csv.Error:
        raise _invalid(say("error.invalid-area-data.not-csv", file=file.name)) from None


def _decode(data: bytes, file: Path) -> str:
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _invalid(say("error.invalid-area-data.encoding", file=file.name))


def _classify(rows: list[dict[str, str]], name_of_file: str) -> tuple[list[Municipality], list[Region]]:
    if not rows:
        raise _invalid(say("error.invalid-area-data.no-rows", file=name_of_file))
    missing = say("error.invalid-area-data.no-municipality-column", file=name_of_file)
    municipality_code, municipality_name = _columns(rows, is_municipality_code, missing, name_of_file)
    missing = say("error.invalid-area-data.no-region-column", file=name_of_file)
    region_code, region_name = _columns(rows, is_region_code, missing, name_of_file)
    municipalities: dict[str, Municipality] = {}
    regions: dict[str, Region] = {}
    for row in rows:
        code = row.get(municipality_code, "").strip().upper()
        if not is_municipality_code(code):
            continue  # a total or another kind of area
        region = Region(row[region_code].strip().upper(), row[region_name].strip())
        regions.setdefault(region.code, region)
        municipalities[code] = Municipality(code, row[municipality_name].strip(), region.code)
    return list(municipalities.values()), list(regions.values())


def _columns(
    rows: list[dict[str, str]], is_code: Callable[[str], bool], missing: Message, file: str
) -> tuple[str, str]:
    """The column of codes of one kind (in nine rows of ten at least) and the column of their names.

    A code column with a name column beside it wins: CBS' ``RegioS`` repeats ``Code_1`` without names.
    """
    codes = [
        key
        for key in rows[0]
        if (hits := sum(1 for row in rows if is_code(row.get(key, "").strip().upper()))) and hits >= 0.9 * len(rows)
    ]
    if not codes:
        raise _invalid(missing)
    named = [(code, name) for code in codes if (name := _name_column(rows[0], code)) is not None]
    if not named:
        raise _invalid(say("error.invalid-area-data.no-names", file=file, column=codes[0]))
    return named[0]


def _name_column(row: Mapping[str, str], code_column: str) -> str | None:
    """The column holding the names for *code_column*: ``Naam_5`` for ``Code_4``, ``...naam`` for ``...code``."""
    numbered = _CODE_N.fullmatch(code_column)
    candidates = [f"Naam_{int(numbered.group(1)) + 1}"] if numbered else []
    for code, name in (("code", "naam"), ("Code", "Naam"), ("CODE", "NAAM"), ("code", "name"), ("Code", "Name")):
        candidates.append(code_column.replace(code, name))
    return next((c for c in candidates if c != code_column and c in row), None)
