"""An XLSX workbook read as a stream, within limits: one pass over each sheet, memory O(rows read).

Reading the XML ourselves (the standard library's expat, one element at a time) lets every limit be checked
as the cells arrive: a cell at XFD1048576 is refused before any row is made that wide, and a zip bomb stops
once ``max_bytes`` are inflated, whatever the zip's directory claims. The same pass sees what another reader
hides: hidden sheets (skipped), and formulas that were never calculated (reported, never read as blank).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Self
from xml.etree.ElementTree import ParseError, iterparse
from xml.parsers import expat

from attrs import frozen

from eva_core.domain import say
from eva_core.files._errors import FileTooLarge, UnreadableFile
from eva_core.files._limits import Limits
from eva_core.tabular import FORMULA_WITHOUT_VALUE

__all__ = ["Workbook"]

_REF = re.compile(r"([A-Z]{1,3})(\d+)")
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_BUILTIN_DATES = {14, 15, 16, 17, 22, *range(27, 37), *range(45, 48), *range(50, 59)}
_DATE_CODE = re.compile(r"\[[^\]]*\]|\"[^\"]*\"|\\.")
QUIET_BYTES = 4 * 1024 * 1024
"""Bytes a part may run on without one element ending: more is a hostile file (one giant text or comment),
refused before the XML parser holds it all."""


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _unescape(text: str) -> str:
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


class _Counted:
    """A zip member that stops with `FileTooLarge` once the workbook's parts together pass ``max_bytes``."""

    def __init__(self, raw: IO[bytes], workbook: Workbook) -> None:
        self._raw = raw
        self._workbook = workbook
        self._first = True

    def read(self, size: int = -1) -> bytes:
        chunk = self._raw.read(65536 if size < 0 else min(size, 65536))
        if self._first:  # no part of a workbook declares a DTD: refusing one rules out entity expansion
            self._first = False
            if b"<!DOCTYPE" in chunk.upper() or b"<!ENTITY" in chunk.upper():
                raise UnreadableFile(say("error.unreadable-file.not-a-workbook", path=str(self._workbook.path)))
        self._workbook.inflated += len(chunk)
        self._workbook.quiet += len(chunk)
        if self._workbook.quiet > QUIET_BYTES:
            raise FileTooLarge(say("error.file-too-large.token", path=str(self._workbook.path), limit=QUIET_BYTES))
        if self._workbook.inflated > self._workbook.limits.max_bytes:
            raise FileTooLarge(
                say("error.file-too-large.bytes", path=str(self._workbook.path), limit=self._workbook.limits.max_bytes)
            )
        return chunk


@frozen
class Sheet:
    """One worksheet: its name, whether it is hidden, and its part in the zip."""

    name: str
    hidden: bool
    part: str


class Workbook:
    """An open XLSX file; `rows` streams one sheet's rows."""

    def __init__(self, path: Path, limits: Limits) -> None:
        """Open the zip and read the workbook's sheet list, shared strings and date styles."""
        self.path = path
        self.limits = limits
        self.inflated = 0
        self.quiet = 0
        self.cells = 0
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as error:
            if isinstance(error, OSError) and not isinstance(error, zipfile.BadZipFile):
                raise
            raise UnreadableFile(say("error.unreadable-file.not-a-workbook", path=str(path))) from None
        try:
            self.sheets, self._date1904 = self._sheets()
            self._strings = self._shared_strings()
            self._dates = self._date_styles()
        except (KeyError, ParseError, zipfile.BadZipFile, ValueError) as error:
            self._zip.close()
            if isinstance(error, UnreadableFile):
                raise
            raise UnreadableFile(say("error.unreadable-file.not-a-workbook", path=str(path))) from None

    def close(self) -> None:
        """Close the zip."""
        self._zip.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def _open(self, part: str) -> Iterator[_Counted]:
        with self._zip.open(part) as raw:  # closed even when reading stops half-way
            yield _Counted(raw, self)

    def _parts(self) -> set[str]:
        return set(self._zip.namelist())

    def _sheets(self) -> tuple[list[Sheet], bool]:
        targets: dict[str, str] = {}
        with self._open("xl/_rels/workbook.xml.rels") as part:
            for _, element in iterparse(part):  # noqa: S314 - no DTD (see _Counted), bounded
                self.quiet = 0
                if _local(element.tag) == "Relationship":
                    target = element.get("Target", "")
                    targets[element.get("Id", "")] = (
                        target.lstrip("/")
                        if target.startswith("/")
                        else posixpath.normpath(posixpath.join("xl", target))
                    )
        sheets: list[Sheet] = []
        date1904 = False
        with self._open("xl/workbook.xml") as part:
            for _, element in iterparse(part):  # noqa: S314 - no DTD (see _Counted), bounded
                self.quiet = 0
                name = _local(element.tag)
                if name == "workbookPr":
                    date1904 = element.get("date1904") in ("1", "true")
                elif name == "sheet":
                    rid = next((v for k, v in element.attrib.items() if _local(k) == "id"), "")
                    if rid in targets:
                        state = element.get("state", "visible")
                        sheets.append(Sheet(element.get("name", ""), state != "visible", targets[rid]))
        return sheets, date1904

    def _shared_strings(self) -> list[str]:
        name = "xl/sharedStrings.xml"
        if name not in self._parts():
            return []
        strings: list[str] = []
        pieces: list[str] = []
        skip = 0
        with self._open(name) as part:
            return self._strings_of(part, strings, pieces, skip)

    def _strings_of(self, part: _Counted, strings: list[str], pieces: list[str], skip: int) -> list[str]:
        for event, element in iterparse(part, events=("start", "end")):  # noqa: S314 - no DTD, bounded
            self.quiet = 0
            name = _local(element.tag)
            if name == "rPh":  # phonetic hints are not part of the text
                skip += 1 if event == "start" else -1
            elif event == "end" and name == "t" and not skip:
                pieces.append(element.text or "")
            elif event == "end" and name == "si":
                strings.append(_unescape("".join(pieces)))
                pieces = []
                element.clear()
                if len(strings) > self.limits.max_cells:
                    raise FileTooLarge(
                        say("error.file-too-large.cells", path=str(self.path), limit=self.limits.max_cells)
                    )
        return strings

    def _date_styles(self) -> set[int]:
        name = "xl/styles.xml"
        if name not in self._parts():
            return set()
        with self._open(name) as part:
            return self._dates_of(part)

    def _dates_of(self, part: _Counted) -> set[int]:
        formats: dict[int, str] = {}
        dates: set[int] = set()
        in_xfs = False
        index = 0
        for event, element in iterparse(part, events=("start", "end")):  # noqa: S314 - no DTD, bounded
            self.quiet = 0
            name = _local(element.tag)
            if event == "start" and name == "cellXfs":
                in_xfs = True
            elif event == "end" and name == "cellXfs":
                in_xfs = False
            elif event == "end" and name == "numFmt":
                formats[int(element.get("numFmtId", "0"))] = element.get("formatCode", "")
            elif event == "end" and name == "xf" and in_xfs:
                number = int(element.get("numFmtId", "0"))
                code = _DATE_CODE.sub("", formats.get(number, "")).casefold()
                if number in _BUILTIN_DATES or (number in formats and any(c in code for c in "dmy")):
                    dates.add(index)
                index += 1
        return dates

    def sheet(self, name: str | None = None) -> Sheet | None:
        """The sheet called *name*; without one, the catalogue's sheet: "Instrumenten", else the first visible."""
        if name is not None:
            return next((s for s in self.sheets if s.name.casefold() == name.casefold()), None)
        visible = [s for s in self.sheets if not s.hidden]
        return next((s for s in visible if s.name.casefold() == "instrumenten"), visible[0] if visible else None)

    def rows(self, sheet: Sheet) -> Iterator[tuple[int, list[Any]]]:
        """The rows of *sheet* that hold a value, with their row number; cells keep their type.

        The sheet is parsed by expat's callbacks, without building elements: the rows of one chunk of XML are
        yielded before the next chunk is read.
        """
        rows = _SheetRows(self)
        # No namespace processing: expat would build "{namespace}name" for every element, and the rows need
        # only local names (a prefix such as "x:" is cut off, as the namespace was before): twice as fast.
        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.StartElementHandler = rows.start
        parser.EndElementHandler = rows.end
        parser.CharacterDataHandler = rows.text
        parser.StartDoctypeDeclHandler = _no_dtd
        parser.EntityDeclHandler = _no_dtd
        try:
            with self._open(sheet.part) as part:
                while chunk := part.read(65536):
                    parser.Parse(chunk, False)  # noqa: FBT003 - expat's signature
                    yield from rows.done
                    rows.done.clear()
                parser.Parse(b"", True)  # noqa: FBT003
                yield from rows.done
        except (expat.ExpatError, zipfile.BadZipFile, EOFError, ValueError) as error:
            if isinstance(error, UnreadableFile):
                raise
            raise UnreadableFile(say("error.unreadable-file.not-a-workbook", path=str(self.path))) from error

    def cell(self, kind: str, style: str | None, text: str | None, formula: bool) -> Any:  # noqa: ANN401, PLR0911 - one case per cell type
        """A cell's value from its type, style, text (``<v>`` or inline) and whether it has a formula."""
        if not text:
            return FORMULA_WITHOUT_VALUE if formula else None
        if kind in {"inlineStr", "str"}:
            return _unescape(text) or None
        if kind == "s":
            try:
                return self._strings[int(text)]
            except (IndexError, ValueError):
                raise UnreadableFile(say("error.unreadable-file.not-a-workbook", path=str(self.path))) from None
        if kind == "e":
            return text
        if kind == "b":
            return text.strip() in ("1", "true")
        if kind == "d":
            return dt.datetime.fromisoformat(text)
        number = float(text)
        if style is not None and int(style) in self._dates:
            base = dt.datetime(1904, 1, 1) if self._date1904 else dt.datetime(1899, 12, 30)  # noqa: DTZ001 - no zones
            return base + dt.timedelta(days=number)
        return int(number) if number.is_integer() and "." not in text and "E" not in text.upper() else number


def _no_dtd(*_: object) -> None:
    raise ExpatDtd


class ExpatDtd(ValueError):
    """A sheet declared a DTD or an entity; no workbook does."""


class _SheetRows:
    """expat's callbacks for one sheet: cells collected per row, each finished row appended to ``done``."""

    def __init__(self, workbook: Workbook) -> None:
        self.workbook = workbook
        self.limits = workbook.limits
        self.done: list[tuple[int, list[Any]]] = []
        self.cells: dict[int, Any] = {}
        self.number = 0
        self.column = 0
        self.rows = 0
        self.row_elements = 0
        self.elements = 0
        self.kind = "n"
        self.style: str | None = None
        self.formula = False
        self.pieces: list[str] | None = None
        self.value: str | None = None
        self.inline = False
        self.phonetic = 0

    def start(self, name: str, attributes: dict[str, str]) -> None:
        local = name if ":" not in name else name.rpartition(":")[2]
        if local == "c":
            self.elements += 1
            if self.elements > self.limits.max_cells:  # empty cells count too: a sheet of them is no catalogue
                path = str(self.workbook.path)
                raise FileTooLarge(say("error.file-too-large.cells", path=path, limit=self.limits.max_cells))
            ref = attributes.get("r")
            if ref and (column := _COLUMNS.get(ref.rstrip(_DIGITS))) and ref[-1] in _DIGITS:
                self.column = column  # the letters of a reference seen before (a row repeats its columns)
            else:
                found = _REF.match(ref) if ref else None
                self.column = _column_number(found.group(1)) if found else self.column + 1
            self.kind = attributes.get("t", "n")
            self.style = attributes.get("s")
            self.formula = False
            self.value = None
            self.inline = False
        elif local == "v" or (local == "t" and self.inline and not self.phonetic):
            self.pieces = []
        elif local == "is":
            self.inline = True
            self.value = ""
        elif local == "f":
            self.formula = True
        elif local == "rPh":
            self.phonetic += 1
        elif local == "row":
            self.row_elements += 1
            if self.row_elements > self.limits.max_rows:  # empty rows count too
                path = str(self.workbook.path)
                raise FileTooLarge(say("error.file-too-large.rows", path=path, limit=self.limits.max_rows))
            self.cells = {}
            self.column = 0
            self.number = int(attributes.get("r") or self.number + 1)

    def text(self, data: str) -> None:
        if self.pieces is not None:
            self.pieces.append(data)

    def end(self, name: str) -> None:
        self.workbook.quiet = 0
        local = name if ":" not in name else name.rpartition(":")[2]
        if local == "v" and self.pieces is not None:
            self.value = "".join(self.pieces)
            self.pieces = None
        elif local == "t" and self.pieces is not None:
            self.value = (self.value or "") + "".join(self.pieces)
            self.pieces = None
        elif local == "rPh":
            self.phonetic -= 1
        elif local == "c":
            value = self.workbook.cell("inlineStr" if self.inline else self.kind, self.style, self.value, self.formula)
            if value is not None:
                self._keep(value)
        elif local == "row" and self.cells:
            self.rows += 1
            if self.rows > self.limits.max_rows:
                path = str(self.workbook.path)
                raise FileTooLarge(say("error.file-too-large.rows", path=path, limit=self.limits.max_rows))
            row: list[Any] = [None] * max(self.cells)
            for column, value in self.cells.items():
                row[column - 1] = value
            self.done.append((self.number, row))
            self.cells = {}

    def _keep(self, value: object) -> None:
        limits = self.limits
        if self.column > limits.max_columns:
            path = str(self.workbook.path)
            raise FileTooLarge(say("error.file-too-large.columns", path=path, limit=limits.max_columns))
        self.workbook.cells += 1
        if self.workbook.cells > limits.max_cells:
            path = str(self.workbook.path)
            raise FileTooLarge(say("error.file-too-large.cells", path=path, limit=limits.max_cells))
        self.cells[self.column] = value


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    _COLUMNS[letters] = number  # at most 18,278 (A to ZZZ): _REF allows no more than three letters
    return number


_DIGITS = "0123456789"
_COLUMNS: dict[str, int] = {}
"""Column numbers by letters, as `_column_number` worked them out."""
