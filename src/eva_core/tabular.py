"""Instruments as rows of a spreadsheet (CSV or XLSX), with the format's Dutch labels as column headers.

Municipal instrument managers keep their instruments in Excel. One row is one instrument; every field of the
format has a column named by its Dutch label. Plain fields hold plain values; choice lists hold the labels or
keys separated by ``;``. The records an instrument links can be typed the way a person knows them: the
organisation and the provider by id or by name, target groups as a ``;``-list of names or ids, regions and
municipalities by name or CBS code, contacts and locations by the key of their row on the sheets
``Contactpersonen`` and ``Locaties``, links as a ``;``-list of addresses. The JSON that
`eva_core.dump_instrument` writes is still accepted in every such cell, so an export always reads back.

Reading is strict and reports, never guesses silently: unknown or empty column headers, dates and amounts in a
form that is not Dutch or ISO, and broken cells become problems with the row, the column and the Dutch label.
Dates may be written as ``d-m-jjjj`` (``1-3-2025``) or ``jjjj-mm-dd``; amounts as ``1.234,56``, ``1234,56`` or
``1234.56``. A list separated by commas gets the hint that ``;`` is the separator.

Writing neutralises cells that a spreadsheet would run as a formula (``= + - @``, tab or carriage return first,
after any spaces) and cells that start with ``'``, by putting one ``'`` in front; reading takes exactly that
``'`` off again and keeps a text cell's spaces, so every text reads back as it was written.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import unicodedata
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from eva_core.convert import dump_instrument, load_instrument
from eva_core.domain import (
    Choice,
    ContactRole,
    FieldInfo,
    Instrument,
    InvalidInstrument,
    Kind,
    LocationType,
    Problem,
    Severity,
    fields_of,
    say,
)

__all__ = ["EXAMPLE_PREFIX", "Column", "rows_to_instruments", "write_csv", "write_xlsx"]

_RISKY = ("=", "+", "-", "@", "\t", "\r")
_ESCAPE_LIKE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_LIST_SEPARATOR = ";"
EXAMPLE_PREFIX = "voorbeeld-"
"""A row whose Id starts with this is the template's example: it is skipped on reading, and said so."""
CONTACT_SHEET = "Contactpersonen"
LOCATION_SHEET = "Locaties"
KEY_HEADER = "Sleutel"


class _FormulaWithoutValue:
    """The value of a cell that holds a formula nobody calculated (a reader reports it, never reads a blank)."""

    def __repr__(self) -> str:
        return "FORMULA_WITHOUT_VALUE"


FORMULA_WITHOUT_VALUE: Any = _FormulaWithoutValue()


@attrs.frozen
class Column:
    """One column: the Dutch header, the instrument field and how its cells are written."""

    header: str
    field: str
    kind: str  # text, yes-no, date, number, amount, choice, choices, codes, areas, json
    choices: type[Choice] | None = None


_AREA_FIELDS = ("available_regions", "available_municipalities")


def _column(field: FieldInfo) -> Column:
    """How a field of the instrument sits in one cell, from its kind in the field model."""
    choices = field.value_type if field.kind is Kind.CHOICE else None
    if field.many is frozenset and field.kind in (Kind.CHOICE, Kind.TEXT):
        kind = "choices" if choices else ("areas" if field.name in _AREA_FIELDS else "codes")
        return Column(field.label, field.name, kind, choices)
    if field.many is not None or field.kind is Kind.RECORD:
        return Column(field.label, field.name, "json")
    kinds = {Kind.TEXT: "text", Kind.FLAG: "yes-no", Kind.DATE: "date", Kind.WHOLE: "number", Kind.AMOUNT: "amount"}
    return Column(field.label, field.name, "choice" if choices else kinds[field.kind], choices)


_COLUMNS: tuple[Column, ...] = tuple(_column(f) for f in fields_of(Instrument))
_BY_HEADER = {c.header.casefold(): c for c in _COLUMNS}
_LINKED_FIRST = ("organisation", "provider")  # target groups made from a name belong to the row's organisation


def column_letter(position: int) -> str:
    """The spreadsheet letter of column *position* (1 = A, 27 = AA)."""
    letters = ""
    while position > 0:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


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
        elif column.kind in ("codes", "areas"):
            row.append(f"{_LIST_SEPARATOR} ".join(value))
        elif column.kind == "json":
            row.append(json.dumps(value, ensure_ascii=False) if value else "")
        else:
            row.append(value)
    return row


def write_csv(
    instruments: Iterable[Instrument],
    target: io.TextIOBase | Any,  # noqa: ANN401
    *,
    delimiter: str = ",",
    versions: Mapping[str, int] | None = None,
) -> None:
    """Write *instruments* as CSV (a header row of Dutch labels) to a text stream.

    Dutch Excel opens a file with ``delimiter=";"`` directly (write it as UTF-8 with a BOM). With *versions*
    (id -> stored version) a last column `VERSION_HEADER` holds each instrument's version, so that an update
    made from this file is refused when someone changed the instrument since.
    """
    writer = csv.writer(target, delimiter=delimiter)
    writer.writerow(_header(versions))
    for instrument in instruments:
        writer.writerow([_neutralise(v) if isinstance(v, str) else v for v in _row(instrument, versions)])


VERSION_HEADER = "Versie"
"""The column an export adds with each instrument's stored version; not a field of the format."""


def _header(versions: Mapping[str, int] | None) -> list[str]:
    return [c.header for c in _COLUMNS] + ([VERSION_HEADER] if versions is not None else [])


def _row(instrument: Instrument, versions: Mapping[str, int] | None) -> list[Any]:
    cells = _cells(instrument)
    if versions is not None:
        cells.append(versions.get(instrument.id, ""))
    return cells


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_CONTACT_HEADERS = ("Sleutel", "Naam", "Telefoon", "Mail", "Intern/extern", "Label")
_LOCATION_HEADERS = (
    "Sleutel",
    "Naam",
    "Type",
    "Straat",
    "Huisnummer",
    "Postcode",
    "Plaats",
    "In gebruik",
    "Beschrijving",
)
_TEMPLATE_SHEETS = {
    CONTACT_SHEET: (
        _CONTACT_HEADERS,
        ("voorbeeld-anna", "Anna de Vries", "030 123 4567", "anna@voorbeeld.nl", "intern", "Jobcoach"),
    ),
    LOCATION_SHEET: (
        _LOCATION_HEADERS,
        ("voorbeeld-kantoor", "Stadskantoor", "adres", "Stationsplein", "1", "3511 ED", "Utrecht", "ja", ""),
    ),
}


def _parts(sheets: Sequence[str]) -> dict[str, str]:
    """The fixed parts of a workbook with *sheets*, in order (each ``xl/worksheets/sheetN.xml``)."""
    numbered = list(enumerate(sheets, start=1))
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{_SHEET_TYPE}"/>' for n, _ in numbered
    )
    listed = "".join(f'<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>' for n, name in numbered)
    related = "".join(
        f'<Relationship Id="rId{n}" Type="{_DOC_RELS}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n, _ in numbered
    )
    styles = len(sheets) + 1
    return {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f"{overrides}"
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{_RELS}"><Relationship Id="rId1" '
            f'Type="{_DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": f'<workbook xmlns="{_MAIN}" xmlns:r="{_DOC_RELS}"><sheets>{listed}</sheets></workbook>',
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{_RELS}">{related}'
            f'<Relationship Id="rId{styles}" Type="{_DOC_RELS}/styles" Target="styles.xml"/></Relationships>'
        ),
        "xl/styles.xml": _STYLES,
    }


_STYLES = (
    f'<styleSheet xmlns="{_MAIN}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
    '</fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)
_XML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def _row_xml(number: int, values: Sequence[Any], letters: Sequence[str]) -> str:
    """One row of a sheet: texts as inline strings (never a formula, whatever they hold), numbers as numbers."""
    cells = []
    for letter, value in zip(letters, values, strict=False):
        if value is None or value == "":
            continue
        if isinstance(value, int | float) and not isinstance(value, bool):
            cells.append(f'<c r="{letter}{number}"><v>{value}</v></c>')
        else:
            text = _xml_text(_neutralise(str(value))).translate(_XML_ESCAPES)
            cells.append(f'<c r="{letter}{number}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>')
    return f'<row r="{number}">{"".join(cells)}</row>'


def write_xlsx(
    instruments: Iterable[Instrument],
    path: str | Path,
    *,
    template: bool = False,
    versions: Mapping[str, int] | None = None,
) -> None:
    """Write *instruments* to an XLSX workbook; with *template*, add the choice lists as data validation.

    The sheet is written as a stream of XML straight into the zip, so time and memory grow with the rows and
    no more: a row is made, written and forgotten. Sheet "Instrumenten" holds the rows, "Keuzelijsten" the
    labels of every choice list. *versions* adds the column `VERSION_HEADER`, as `write_csv` does.
    """
    import zipfile  # noqa: PLC0415 - only for workbooks

    letters = [column_letter(n) for n in range(1, len(_COLUMNS) + 2)]
    listed = [c for c in _COLUMNS if c.choices is not None]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        extra = _TEMPLATE_SHEETS if template else {}
        for name, text in _parts(["Instrumenten", "Keuzelijsten", *extra]).items():
            archive.writestr(name, _HEAD + text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as raw:
            sheet = io.TextIOWrapper(raw, encoding="utf-8", newline="")
            sheet.write(f'{_HEAD}<worksheet xmlns="{_MAIN}"><sheetData>')
            sheet.write(_row_xml(1, _header(versions), letters))
            for number, instrument in enumerate(instruments, start=2):
                sheet.write(_row_xml(number, _row(instrument, versions), letters))
            sheet.write("</sheetData>")
            if template:
                sheet.write(_validations(listed, letters))
            sheet.write("</worksheet>")
            sheet.flush()
            sheet.detach()
        lists = [_row_xml(1, [c.header for c in listed], letters)]
        longest = max(len(c.choices) for c in listed if c.choices is not None)
        lists += [_row_xml(n + 2, [_label_at(c, n) for c in listed], letters) for n in range(longest)]
        archive.writestr(
            "xl/worksheets/sheet2.xml",
            f'{_HEAD}<worksheet xmlns="{_MAIN}"><sheetData>{"".join(lists)}</sheetData></worksheet>',
        )
        for n, (headers, example) in enumerate(extra.values(), start=3):  # the template's key sheets
            rows = _row_xml(1, headers, letters) + _row_xml(2, example, letters)
            archive.writestr(
                f"xl/worksheets/sheet{n}.xml",
                f'{_HEAD}<worksheet xmlns="{_MAIN}"><sheetData>{rows}</sheetData></worksheet>',
            )


def _validations(listed: Sequence[Column], letters: Sequence[str]) -> str:
    """The template's drop-down lists: each single choice from its column on Keuzelijsten, Publiceren ja/nee."""
    rules = []
    for position, column in enumerate(listed):
        assert column.choices is not None  # noqa: S101
        if column.kind == "choice":
            source = letters[position]
            target = letters[_COLUMNS.index(column)]
            rules.append((f"{target}2:{target}1000", f"Keuzelijsten!${source}$2:${source}${len(column.choices) + 1}"))
    publish = letters[_COLUMNS.index(next(c for c in _COLUMNS if c.kind == "yes-no"))]
    rules.append((f"{publish}2:{publish}1000", '"ja,nee"'))
    body = "".join(
        f'<dataValidation type="list" allowBlank="1" showErrorMessage="1" sqref="{where}">'
        f"<formula1>{formula.translate(_XML_ESCAPES)}</formula1></dataValidation>"
        for where, formula in rules
    )
    return f'<dataValidations count="{len(rules)}">{body}</dataValidations>'


def _label_at(column: Column, n: int) -> str | None:
    assert column.choices is not None  # noqa: S101
    members = list(column.choices)
    return members[n].label if n < len(members) else None


def _slug(text: str) -> str:
    """An id made from a name: lower case, without accents, words joined by ``-``."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.casefold()).strip("-")[:100] or "x"


def _looks_like_json(text: str) -> bool:
    return text[:1] in ("{", "[")


@attrs.define
class Links:
    """The records rows may name by id or name, learnt from the store, from the other sheets and from rows.

    ``contacts`` and ``locations`` are the rows of the sheets ``Contactpersonen`` and ``Locaties``, by their
    key (as dumped documents); the rest is found by id or by name in any case.
    """

    organisations: dict[str, dict[str, Any]] = attrs.Factory(dict)
    providers: dict[str, dict[str, Any]] = attrs.Factory(dict)
    target_groups: dict[str, dict[str, Any]] = attrs.Factory(dict)
    contacts: dict[str, dict[str, Any]] = attrs.Factory(dict)
    locations: dict[str, dict[str, Any]] = attrs.Factory(dict)
    areas: Any = None
    """An `AreaClassification` to find regions and municipalities by name; None: the bundled one, when needed."""

    @classmethod
    def of(cls, records: Iterable[Any], areas: Any = None) -> Links:  # noqa: ANN401
        """Links that know *records* (organisations, providers and target groups, e.g. from a store)."""
        from eva_core.domain import Organisation, Provider, TargetGroup  # noqa: PLC0415 - one place

        links = cls(areas=areas)
        for record in records:
            document = attrs.asdict(record)
            if isinstance(record, Organisation):
                links.learn(links.organisations, document)
            elif isinstance(record, Provider):
                links.learn(links.providers, document)
            elif isinstance(record, TargetGroup):
                links.learn(links.target_groups, document)
        return links

    @staticmethod
    def learn(known: dict[str, dict[str, Any]], document: Mapping[str, Any]) -> None:
        """Remember a record by its id and by its name (the first one named so wins)."""
        keys = [k.casefold() for k in (document.get("id"), document.get("name")) if isinstance(k, str)]
        if all(k in known for k in keys):
            return  # the first record known by a key stays: nothing to learn (the common case, a row like the last)
        document = {k: v for k, v in document.items() if v is not None}
        for key in keys:
            known.setdefault(key, document)

    def remember(self, document: Mapping[str, Any]) -> None:
        """Learn the organisation, provider and target groups of a row that was read, for the rows after it.

        *document* is the row as read: the instrument it made is valid, so its linked records are too.
        """
        for name, known in (("organisation", self.organisations), ("provider", self.providers)):
            if isinstance(record := document.get(name), Mapping):
                self.learn(known, record)
        for group in document.get("target_groups", ()):
            if isinstance(group, Mapping):
                self.learn(self.target_groups, group)


class _Bad(Exception):
    def __init__(self, message: Any, code: str = "type") -> None:  # noqa: ANN401
        super().__init__(message)
        self.message = message
        self.code = code


class RowReader:
    """Reads the rows under one header, one at a time: each row is parsed and checked once.

    ``header_problems`` are the header's problems, as (column position, problem).
    """

    def __init__(self, header: Sequence[Any], links: Links | None = None) -> None:
        """Match the header's cells to the format's columns."""
        self.links = links or Links()
        self.header_problems: list[tuple[int, Problem]] = []
        self.columns: list[Column | None] = []
        self.version_at: int | None = None
        self.version: int | None = None
        """The version the last row read gave in the column `VERSION_HEADER`, if any."""
        for position, cell in enumerate(header, start=1):
            name = "" if cell is None else str(cell).strip()
            column = _BY_HEADER.get(name.casefold())
            if name.casefold() == VERSION_HEADER.casefold():
                self.version_at = position - 1
            elif not name:
                self.header_problems.append(
                    (position, Problem(f"$.kolom[{position}]", "(leeg)", "unknown-field", say("problem.empty-header")))
                )
            elif column is None:
                self.header_problems.append(
                    (
                        position,
                        Problem(
                            f"$.kolom[{position}]", name, "unknown-field", say("problem.unknown-field", field=name)
                        ),
                    )
                )
            self.columns.append(column)
        order = sorted(
            range(len(self.columns)),
            key=lambda i: self.columns[i] is None or self.columns[i].field not in _LINKED_FIRST,  # type: ignore[union-attr]
        )
        self._fields = [(i, c) for i in order if (c := self.columns[i]) is not None]
        """The columns read, linked records first, with their position in a row."""
        self._where: dict[int, dict[str, int]] = {}
        """The column position of each field in a row as wide as the key (a row ends at its last value)."""

    def is_example(self, row: Sequence[Any]) -> bool:
        """Whether *row* is the template's example (its Id starts with `EXAMPLE_PREFIX`)."""
        for position, column in enumerate(self.columns):
            if column is not None and column.field == "id" and position < len(row):
                cell = row[position]
                return isinstance(cell, str) and cell.strip().casefold().startswith(EXAMPLE_PREFIX)
        return False

    def read(self, row: Sequence[Any]) -> tuple[Instrument | None, list[tuple[int | None, Problem]]]:
        """The instrument of one row (None if it has errors), and its problems by column position."""
        document: dict[str, Any] = {}
        problems: list[tuple[int | None, Problem]] = []
        failed: set[str] = set()
        width = len(row)
        where = self._where.get(width)
        if where is None:
            where = self._where[width] = {c.field: i + 1 for i, c in self._fields if i < width}
        self._read_version(row, problems, failed)
        for index, column in self._fields:
            if index >= width or (cell := row[index]) is None:
                continue
            try:
                value = self._value(column, cell, document)
            except _Bad as bad:
                problems.append((index + 1, Problem(f"$.{column.field}", column.header, bad.code, bad.message)))
                failed.add(column.field)
                continue
            if value is not None:
                document[column.field] = value
        try:
            instrument = load_instrument(document)
        except InvalidInstrument as error:
            for problem in (*error.problems, *error.warnings):
                name = problem.path.split("[")[0].split(".")[1] if problem.path.startswith("$.") else ""
                if name not in failed:
                    problems.append((where.get(name), problem))
            return None, problems
        problems += [(where.get(_field_of(w.path)), w) for w in instrument.warnings()]
        if failed:
            return None, problems
        self.links.remember(document)
        return instrument, problems

    def _read_version(self, row: Sequence[Any], problems: list[tuple[int | None, Problem]], failed: set[str]) -> None:
        """Set `version` from the row's cell in the column `VERSION_HEADER`, or report it."""
        self.version = None
        if self.version_at is not None and self.version_at < len(row):
            version = _version(row[self.version_at])
            if version is False:
                problems.append(
                    (
                        self.version_at + 1,
                        Problem(
                            "$.versie",
                            VERSION_HEADER,
                            "type",
                            say("problem.type.version", value=str(row[self.version_at])[:20]),
                        ),
                    )
                )
                failed.add("versie")
            else:
                self.version = version

    def _value(self, column: Column, cell: Any, document: Mapping[str, Any]) -> Any:  # noqa: ANN401, C901, PLR0911, PLR0912 - one case per kind of cell
        kind = column.kind
        if isinstance(cell, str):  # text keeps its spaces: a text cell reads back exactly as it was written
            if not cell.strip():
                return None
            if kind == "text":  # most cells: first, and done
                return _restore(cell)
            cell = _restore(cell.strip()).strip()
        elif cell is FORMULA_WITHOUT_VALUE:
            raise _Bad(say("problem.type.formula"))
        elif cell is None:
            return None
        if kind == "text":
            return cell if isinstance(cell, str) else _plain_number(cell)
        if kind == "yes-no":
            return _yes_no(cell)
        if kind == "date":
            return _date(cell)
        if kind == "number":
            if isinstance(cell, float) and cell.is_integer():
                return int(cell)
            if isinstance(cell, str) and cell.lstrip("-").isdigit():
                return int(cell)
            return cell
        if kind == "amount":
            return _amount(cell)
        if kind in ("choices", "choice"):
            return _choices(column, str(cell), many=kind == "choices")
        if kind == "codes":
            return _split(column, str(cell))
        if kind == "areas":
            return [self._area(column, part) for part in _split(column, str(cell))]
        text = str(cell)
        if _looks_like_json(text):
            try:
                return json.loads(text)
            except ValueError:
                raise _Bad(say("problem.type.json-cell", value=text[:40])) from None
        return self._linked(column, text, document)

    def _linked(self, column: Column, text: str, document: Mapping[str, Any]) -> Any:  # noqa: ANN401
        """A linked record typed as a person knows it: by id, name or key."""
        links = self.links
        if column.field == "organisation":
            return links.organisations.get(text.casefold()) or {"id": _slug(text), "name": text}
        if column.field == "provider":
            return links.providers.get(text.casefold()) or {"id": _slug(text), "name": text}
        parts = _split(column, text)
        if column.field == "target_groups":
            owner = (
                document.get("organisation", {}).get("id") if isinstance(document.get("organisation"), dict) else None
            )
            found = []
            for part in parts:
                known = links.target_groups.get(part.casefold())
                found.append(known or {"id": _slug(part), "name": part, **({"organisation": owner} if owner else {})})
            return found
        if column.field in ("contacts", "locations"):
            sheet, known = (
                (CONTACT_SHEET, links.contacts) if column.field == "contacts" else (LOCATION_SHEET, links.locations)
            )
            missing = [p for p in parts if p.casefold() not in known]
            if missing:
                raise _Bad(say("problem.unknown-key", keys=missing, sheet=sheet))
            return [known[p.casefold()] for p in parts]
        if column.field in ("links", "downloads", "videos"):
            return [{"url": part} for part in parts]
        if column.field == "registration_codes":
            return [{"code": part} for part in parts]
        raise _Bad(say("problem.type.json-cell", value=text[:40]))

    def _area(self, column: Column, text: str) -> str:
        code = text.strip().upper()
        if re.fullmatch(r"(GM|AM)\d{4}|AM\d{2}", code):
            return text
        from eva_core.areas import bundled_areas  # noqa: PLC0415 - only when a name is typed
        from eva_core.domain import AreaError  # noqa: PLC0415

        if self.links.areas is None:
            self.links.areas = bundled_areas()
        areas = self.links.areas

        find = areas.region if column.field == "available_regions" else areas.municipality
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # an abolished name gives its successor; validation warns
                return str(find(text).code)
        except AreaError:
            return text  # validation says the code is not known


def _version(cell: Any) -> int | bool | None:  # noqa: ANN401
    """The version in a cell of the column `VERSION_HEADER`: None when blank, False when it is no version."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    text = _plain_number(cell) if isinstance(cell, int | float) and not isinstance(cell, bool) else str(cell).strip()
    return int(text) if text.isdigit() and int(text) > 0 else False


def _field_of(path: str) -> str:
    return path.split("[", maxsplit=1)[0].split(".")[1] if path.startswith("$.") and "." in path else ""


def _split(column: Column, text: str) -> list[str]:
    parts = [part.strip() for part in text.split(_LIST_SEPARATOR) if part.strip()]
    if column.kind in ("codes", "areas") and any("," in p for p in parts):
        raise _Bad(say("problem.comma-list", value=text[:60]))
    return parts


_LABELS: dict[tuple[type[Choice], str], str] = {}
"""Keys found by `Choice.from_label`, by list and text as typed: a column repeats the same few labels."""


def _key(choices: type[Choice], text: str) -> str:
    found = _LABELS.get((choices, text))
    if found is None:
        found = choices.from_label(text).key
        if len(_LABELS) < 10_000:  # typed texts are few; a hostile file cannot grow this without end
            _LABELS[choices, text] = found
    return found


def _choices(column: Column, text: str, *, many: bool) -> Any:  # noqa: ANN401
    assert column.choices is not None  # noqa: S101
    keys = []
    for part in text.split(_LIST_SEPARATOR) if many else [text]:
        try:
            keys.append(_key(column.choices, part))
        except ValueError:
            pieces = [p.strip() for p in part.split(",")]
            if many and len(pieces) > 1 and all(_on_list(column.choices, p) for p in pieces):
                raise _Bad(say("problem.comma-list", value=part.strip()), "unknown-choice") from None
            raise _Bad(
                say("problem.unknown-choice.cell", value=part.strip(), list=column.header), "unknown-choice"
            ) from None
    return keys if many else keys[0]


def _on_list(choices: type[Choice], text: str) -> bool:
    try:
        choices.from_label(text)
    except ValueError:
        return False
    return True


def _yes_no(cell: Any) -> bool:  # noqa: ANN401
    if isinstance(cell, bool):
        return cell
    answer = str(cell).strip().casefold()
    if answer in ("ja", "waar", "true", "j"):
        return True
    if answer in ("nee", "onwaar", "false", "n"):
        return False
    raise _Bad(say("problem.type.yes-no", value=str(cell)[:40]))


_DUTCH_DAY = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date(cell: Any) -> str:  # noqa: ANN401
    if isinstance(cell, dt.datetime):
        if cell.time() != dt.time():
            raise _Bad(say("problem.type.moment", value=cell.isoformat()))
        return cell.date().isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    text = str(cell).strip()
    dutch = _DUTCH_DAY.fullmatch(text)
    try:
        if dutch:
            day, month, year = (int(g) for g in dutch.groups())
            return dt.date(year, month, day).isoformat()
        if _ISO_DAY.fullmatch(text):
            return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise _Bad(say("problem.type.no-such-day", value=text[:40])) from None
    raise _Bad(say("problem.type.date-cell", value=text[:40]))


_GROUPED = re.compile(r"-?\d{1,3}(\.\d{3})+(,\d+)?")
_DECIMAL_COMMA = re.compile(r"-?\d+,\d+")
_PLAIN = re.compile(r"-?\d+(\.\d+)?")


def _amount(cell: Any) -> Any:  # noqa: ANN401
    if isinstance(cell, bool):
        return cell  # validation says it is no amount
    if isinstance(cell, int | float):
        return _plain_number(cell)
    text = str(cell).replace("€", "").replace("\u00a0", "").replace(" ", "")
    if _GROUPED.fullmatch(text):
        return text.replace(".", "").replace(",", ".")
    if _DECIMAL_COMMA.fullmatch(text):
        return text.replace(",", ".")
    if _PLAIN.fullmatch(text):
        return text
    raise _Bad(say("problem.type.amount-cell", value=str(cell)[:40]))


def _plain_number(cell: Any) -> str:  # noqa: ANN401
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def rows_to_instruments(
    header: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    *,
    links: Links | None = None,
) -> tuple[list[Instrument], list[tuple[int, Problem]]]:
    """Parse every row; return the instruments and every error with its spreadsheet row number (header = 1).

    Rows are numbered from 2, one after the other; the template's example row is skipped. Warnings are left
    out; `eva_core.files.read_catalogue` gives them with the rest of a file's report.
    """
    reader = RowReader(header, links)
    problems: list[tuple[int, Problem]] = [(1, p) for _, p in reader.header_problems]
    instruments: list[Instrument] = []
    for number, row in enumerate(rows, start=2):
        if reader.is_example(row):
            continue
        instrument, found = reader.read(row)
        problems += [(number, p) for _, p in found if p.severity is Severity.ERROR]
        if instrument is not None:
            instruments.append(instrument)
    return instruments, problems


def sheet_records(kind: str, header: Sequence[Any], rows: Iterator[Sequence[Any]]) -> dict[str, dict[str, Any]]:
    """The contacts (*kind* ``contacts``) or locations of their own sheet, by key, as instrument documents hold them.

    Contactpersonen: Sleutel, Naam, Telefoon, Mail, Intern/extern, Label. Locaties: Sleutel, Naam, Type,
    Straat, Huisnummer, Postcode, Plaats, In gebruik, Beschrijving. A record that does not hold is reported
    with the instrument that links it.
    """
    names = [("" if h is None else str(h).strip().casefold()) for h in header]
    found: dict[str, dict[str, Any]] = {}
    for row in rows:
        document: dict[str, Any]
        cells = {name: _sheet_text(row[i]) for i, name in enumerate(names) if i < len(row)}
        key = cells.get(KEY_HEADER.casefold())
        if not key:
            continue
        if kind == "contacts":
            person = {"id": key, "name": cells.get("naam"), "phone": cells.get("telefoon"), "email": cells.get("mail")}
            role = cells.get("intern/extern") or "intern"
            document = {
                "person": {k: v for k, v in person.items() if v},
                "role": _key_of(ContactRole, role),
                **({"label": cells["label"]} if cells.get("label") else {}),
            }
        else:
            address = {
                "id": key,
                "street": cells.get("straat"),
                "house_number": cells.get("huisnummer"),
                "postcode": cells.get("postcode"),
                "city": cells.get("plaats"),
            }
            document = {
                "name": cells.get("naam"),
                "type": _key_of(LocationType, cells.get("type") or "adres"),
            }
            if any(v for k, v in address.items() if k != "id"):
                document["address"] = {k: v for k, v in address.items() if v}
            in_use = cells.get("in gebruik")
            if in_use:
                document["in_use"] = in_use.casefold() not in ("nee", "onwaar", "false")
            if cells.get("beschrijving"):
                document["description"] = cells["beschrijving"]
        found[key.casefold()] = document
    return found


def _sheet_text(cell: Any) -> str | None:  # noqa: ANN401
    if cell is None or cell is FORMULA_WITHOUT_VALUE:
        return None
    text = _plain_number(cell) if isinstance(cell, int | float) and not isinstance(cell, bool) else str(cell)
    return text.strip() or None


def _key_of(choices: type[Choice], text: str) -> str:
    try:
        return choices.from_label(text).key
    except ValueError:
        return text  # validation names the list
