"""An XLSX workbook read as a stream, within limits: one pass over each sheet, memory O(rows read).

Reading the XML ourselves (the standard library's expat, one element at a time) lets every limit be checked
as the cells arrive: a cell at XFD1048576 is refused before any row is made that wide, and a zip bomb stops
once ``max_bytes`` are inflated, whatever the zip's directory claims. The same pass sees what another reader
hides: hidden sheets (skipped), and formulas that were never calculated (reported, never read as blank).
"""

from __future__ import annotations

import codecs
import datetime as dt
import functools
import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator
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
        self._tail = b""

    def read(self, size: int = -1) -> bytes:
        chunk = self._raw.read(65536 if size < 0 else min(size, 65536))
        # No part of a workbook declares a DTD: refusing one rules out entity expansion. Every chunk is looked
        # at (with the end of the one before), as a DTD may follow a long comment; outside a DTD the text can
        # only stand in a comment or CDATA, which no workbook has.
        seen = self._tail + chunk
        if b"<!DOCTYPE" in seen or b"<!ENTITY" in seen:
            raise UnreadableFile(say("error.unreadable-file.not-a-workbook", path=str(self._workbook.path)))
        self._tail = chunk[-8:]
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
        before = (self.inflated, self.quiet)
        try:
            scanner = _Scanner(self, "sst", lambda text, at, grammar: _scan_strings(self, strings, text, at, grammar))
            for _ in scanner.run(name):
                pass
        except _Unusual:  # rich text with phonetic hints, a comment, ...: read again by the element tree
            self.inflated, self.quiet = before
            strings = []
        else:
            return strings
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

        The rows of one chunk of XML are yielded before the next chunk is read. Rows in the shapes spreadsheet
        programs write are read by a strict scanner (`_Scanner`); a sheet with anything else (a comment, rich
        text, attributes in another order, another encoding) is read again from its start by expat's callbacks,
        and the rows already given are not given twice.
        """
        before = (self.inflated, self.quiet, self.cells)
        given = 0
        try:
            for row in self._scanned_rows(sheet):
                given += 1
                yield row
        except _Unusual:
            self.inflated, self.quiet, self.cells = before
        else:
            return
        for index, row in enumerate(self._expat_rows(sheet)):
            if index >= given:
                yield row

    def _scanned_rows(self, sheet: Sheet) -> Iterator[tuple[int, list[Any]]]:
        rows = _SheetRows(self)
        scanner = _Scanner(self, "sheetData", lambda text, at, grammar: _scan_rows(self, rows, text, at, grammar))
        for _ in scanner.run(sheet.part):
            yield from rows.done
            rows.done.clear()

    def _expat_rows(self, sheet: Sheet) -> Iterator[tuple[int, list[Any]]]:
        """The rows of *sheet* by expat's callbacks, without building elements: any well-formed sheet."""
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
            ref = attributes.get("r")
            letters = None
            if ref:
                stripped = ref.rstrip(_DIGITS)
                if stripped in _COLUMNS and ref[-1] in _DIGITS:  # letters seen before (a row repeats its columns)
                    letters = stripped
                elif found := _REF.match(ref):
                    letters = found.group(1)
            self.open_cell(letters)
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
            self.open_row(attributes.get("r"))

    def open_row(self, number: str | None) -> None:
        """A row element begins (empty rows count toward ``max_rows`` too)."""
        self.row_elements += 1
        if self.row_elements > self.limits.max_rows:
            path = str(self.workbook.path)
            raise FileTooLarge(say("error.file-too-large.rows", path=path, limit=self.limits.max_rows))
        self.cells = {}
        self.column = 0
        self.number = int(number or self.number + 1)

    def open_cell(self, letters: str | None) -> None:
        """A cell element begins, at the column of *letters* or else the one after the last."""
        self.count_cells(1)
        self.column = (_COLUMNS.get(letters) or _column_number(letters)) if letters else self.column + 1

    def count_cells(self, count: int) -> None:
        """*count* cell elements begin (empty ones count too: a sheet of them is no catalogue)."""
        self.elements += count
        if self.elements > self.limits.max_cells:
            path = str(self.workbook.path)
            raise FileTooLarge(say("error.file-too-large.cells", path=path, limit=self.limits.max_cells))

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
            self.close_cell(
                self.workbook.cell("inlineStr" if self.inline else self.kind, self.style, self.value, self.formula)
            )
        elif local == "row":
            self.close_row()

    def close_cell(self, value: object) -> None:
        """A cell element ends with *value* (None: nothing kept)."""
        if value is not None:
            self.keep_all({self.column: value})

    def close_row(self) -> None:
        """A row element ends: a row that holds a value goes to ``done``."""
        if not self.cells:
            return
        self.rows += 1
        if self.rows > self.limits.max_rows:
            path = str(self.workbook.path)
            raise FileTooLarge(say("error.file-too-large.rows", path=path, limit=self.limits.max_rows))
        row: list[Any] = [None] * max(self.cells)
        for column, value in self.cells.items():
            row[column - 1] = value
        self.done.append((self.number, row))
        self.cells = {}

    def keep_all(self, values: dict[int, Any]) -> None:
        """Keep the cells of the current row that hold a value, by column, within the limits."""
        if not values:
            return
        limits = self.limits
        if max(values) > limits.max_columns:
            path = str(self.workbook.path)
            raise FileTooLarge(say("error.file-too-large.columns", path=path, limit=limits.max_columns))
        self.workbook.cells += len(values)
        if self.workbook.cells > limits.max_cells:
            path = str(self.workbook.path)
            raise FileTooLarge(say("error.file-too-large.cells", path=path, limit=limits.max_cells))
        self.cells.update(values)


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    _COLUMNS[letters] = number  # at most 18,278 (A to ZZZ): _REF allows no more than three letters
    return number


_DIGITS = "0123456789"
_COLUMNS: dict[str, int] = {}
"""Column numbers by letters, as `_column_number` worked them out."""


class _Unusual(Exception):
    """A part the scanner does not read (a shape it does not know); expat reads it instead."""


_CARRY = 1024 * 1024
"""Characters the scanner holds without a complete row or string: more and the part goes to expat (which
streams it), long before `QUIET_BYTES`."""
_WS = "[ \\t\\r\\n]"
_CHARS = "[^<&\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\ufffe\\uffff]"
_TEXT = f"{_CHARS}*(?:&(?:amp|lt|gt|quot|apos|#[0-9]{{1,7}}|#x[0-9a-fA-F]{{1,6}});{_CHARS}*)*"
"""Character data as XML allows it without a DTD: no markup, only the five predefined entities and
character references."""
_ATTRIBUTES = f'(?:{_WS}+[A-Za-z_][\\w.:-]*{_WS}*={_WS}*"[^"<&\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\ufffe\\uffff]*")*'
_OTHERS = (
    f'(?:{_WS}+(?![rst]{_WS}*=)[A-Za-z_][\\w.:-]*{_WS}*={_WS}*"[^"<&\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\ufffe\\uffff]*")*'
)
"""Attributes other than r, s and t (a duplicated one, which expat refuses, is not noticed: none is read)."""
_REFERENCE = re.compile("&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);")
_PREDEFINED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_DECLARATION = re.compile(r"<\?xml[ \t\r\n][^?<>]*\?>")
_ENCODING = re.compile(r"""encoding[ \t\r\n]*=[ \t\r\n]*["']([^"']*)["']""")


@frozen
class _Grammar:
    """The scanner's patterns for one element prefix ("" or e.g. "x:")."""

    start: re.Pattern[str]
    end: re.Pattern[str]
    row: re.Pattern[str]
    row_end: re.Pattern[str]
    row_close: str
    cell: re.Pattern[str]
    string: re.Pattern[str]
    rich: re.Pattern[str]
    piece: re.Pattern[str]


@functools.lru_cache(maxsize=8)
def _grammar(container: str, prefix: str) -> _Grammar:
    """The patterns of the shapes spreadsheet programs write; anything else does not match and goes to expat."""
    p = re.escape(prefix)
    ws = _WS
    t_start = f'<{p}t(?:{ws}+xml:space="preserve")?{ws}*>'
    formula = f"<{p}f{_ATTRIBUTES}{ws}*(?:/>|>{_TEXT}</{p}f{ws}*>)"
    content = (
        f"(?:({formula})?(?:<{p}v{ws}*>({_TEXT})</{p}v{ws}*>|<{p}v{ws}*/>)?"
        f"|<{p}is{ws}*>{t_start}({_TEXT})</{p}t{ws}*></{p}is{ws}*>)"
    )
    cell = (
        f'<{p}c(?:{ws}+r="([A-Z]{{1,3}})[0-9]+")?(?:{ws}+s="([0-9]+)")?(?:{ws}+t="([a-zA-Z]+)")?{_OTHERS}{ws}*'
        f"(?:/>|>{content}</{p}c{ws}*>)"
    )
    piece = f"(?:{t_start}({_TEXT})</{p}t{ws}*>|<{p}t{_ATTRIBUTES}{ws}*/>)"
    properties = f"<{p}rPr{ws}*>(?:{ws}*<[A-Za-z_][\\w.:-]*{_ATTRIBUTES}{ws}*/>)*{ws}*</{p}rPr{ws}*>"
    plain_piece = re.sub(r"\((?!\?)", "(?:", piece)
    return _Grammar(
        start=re.compile(f"<({p}){container}{_ATTRIBUTES}{ws}*(/?)>"),
        end=re.compile(f"{ws}*</{p}{container}{ws}*>"),
        row=re.compile(f'{ws}*<{p}row(?:{ws}+r="([0-9]+)")?{_OTHERS}{ws}*(/?)>'),
        row_end=re.compile(f"</{p}row{ws}*>"),
        row_close=f"</{p}row",
        cell=re.compile(f"({ws}*{cell})"),
        string=re.compile(f"{ws}*<{p}si{ws}*>{ws}*{piece}{ws}*</{p}si{ws}*>"),
        rich=re.compile(
            f"{ws}*<{p}si{ws}*>((?:{ws}*<{p}r{ws}*>(?:{ws}*{properties})?{ws}*{plain_piece}{ws}*</{p}r{ws}*>)+)"
            f"{ws}*</{p}si{ws}*>"
        ),
        piece=re.compile(piece),
    )


class _Scanner:
    """One part read as text, the items inside its *container* element by patterns.

    What comes before and after the container goes to expat, which checks that it is well-formed and refuses a
    DTD. The items go to *step*, which reads as many complete ones as it knows from a position and returns where
    it stopped; anything unknown raises `_Unusual`. The items never reach expat, so *step*'s patterns must accept
    only well-formed XML: markup they match exactly, character data without "<", with only the predefined
    entities and character references, and without characters XML forbids.
    """

    def __init__(self, workbook: Workbook, container: str, step: Callable[[str, int, _Grammar], int]) -> None:
        self.workbook = workbook
        self.container = container
        self.step = step
        self.grammar: _Grammar | None = None
        self.inside = False  # between the container's start and end tags
        self.checker = expat.ParserCreate()
        self.checker.StartDoctypeDeclHandler = _no_dtd
        self.checker.EntityDeclHandler = _no_dtd
        self.checker.EndElementHandler = self._calm

    def run(self, name: str) -> Iterator[None]:
        """Read the part *name*; yields after each chunk, when the items read are ready."""
        try:
            with self.workbook._open(name) as part:  # noqa: SLF001 - the workbook's own reader
                decoder = codecs.getincrementaldecoder("utf-8-sig")()
                text = ""
                chunk = part.read(65536)
                _utf8(chunk)
                while True:
                    try:
                        text += decoder.decode(chunk, final=not chunk)
                    except UnicodeDecodeError:
                        raise _Unusual from None
                    text = self._take(text, final=not chunk)
                    yield
                    if not chunk:
                        return
                    chunk = part.read(65536)
        except (expat.ExpatError, zipfile.BadZipFile, EOFError, ValueError) as error:
            if isinstance(error, UnreadableFile):
                raise
            raise UnreadableFile(say("error.unreadable-file.not-a-workbook", path=str(self.workbook.path))) from error

    def _take(self, text: str, *, final: bool) -> str:
        """Read what *text* holds; what is left for the next chunk."""
        if self.grammar is None:
            text = self._enter(text)
        if self.inside and self.grammar is not None:
            at = self.step(text, 0, self.grammar)
            self.workbook.quiet = 0
            if end := self.grammar.end.match(text, at):
                self.checker.Parse(text[at : end.end()], False)  # noqa: FBT003 - expat's signature
                text = text[end.end() :]
                self.inside = False
            else:
                text = text[at:]
        if self.grammar is not None and not self.inside:
            self.checker.Parse(text, final)
            return ""
        if len(text) > _CARRY or final:
            raise _Unusual
        return text

    def _calm(self, _: str) -> None:
        self.workbook.quiet = 0

    def _enter(self, text: str) -> str:
        """Find the container's start tag in *text*; the text after it (all of *text* while not found)."""
        found = re.search(f"<([A-Za-z_][\\w.-]*:)?{self.container}(?=[ \\t\\r\\n/>])", text)
        if found is None:
            return text
        before = text[: found.start()]
        declaration = _DECLARATION.match(before)
        body = before[declaration.end() :] if declaration else before
        if "<!" in body or "<?" in body:  # a comment or a processing instruction might hide a tag
            raise _Unusual
        grammar = _grammar(self.container, found.group(1) or "")
        start = grammar.start.match(text, found.start())
        if start is None:
            if ">" in text[found.start() :]:
                raise _Unusual
            return text  # the tag goes on in the next chunk
        self.checker.Parse(text[: start.end()], False)  # noqa: FBT003 - expat's signature
        self.grammar = grammar
        self.inside = not start.group(2)
        return text[start.end() :]


def _utf8(chunk: bytes) -> None:
    """Only a part in UTF-8 (the encoding every spreadsheet program writes) is scanned."""
    if chunk.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _Unusual
    head = chunk[:200].removeprefix(b"\xef\xbb\xbf").decode("utf-8", "replace")
    declaration = _DECLARATION.match(head)
    encoding = _ENCODING.search(declaration.group()) if declaration else None
    if encoding and encoding.group(1).strip().casefold() not in ("utf-8", "utf8"):
        raise _Unusual


def _xml_text(text: str) -> str:
    """Character data as expat gives it: line ends made newlines, references replaced."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "&" in text:
        text = _REFERENCE.sub(_referenced, text)
    return text


def _referenced(found: re.Match[str]) -> str:
    name = found.group(1)
    if name in _PREDEFINED:
        return _PREDEFINED[name]
    code = int(name[2:], 16) if name[1] == "x" else int(name[1:])  # noqa: FURB166 - "&#0065;" is allowed
    if code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF:
        return chr(code)
    raise _Unusual  # expat refuses it, with its own message


def _scan_rows(workbook: Workbook, rows: _SheetRows, text: str, at: int, grammar: _Grammar) -> int:
    """Read the complete rows in *text* from *at*; where the first incomplete or unknown one starts.

    A row's end is the first end tag of a row after its start (in a sheet without comments and CDATA, where
    no text holds a "<"); its cells must cover all of it but white space, or the sheet is unusual.
    """
    row_match = grammar.row.match
    while found := row_match(text, at):
        number, empty = found.groups()
        if empty:
            rows.open_row(number)
            rows.close_row()
            at = found.end()
            continue
        stop = text.find(grammar.row_close, found.end())
        end = grammar.row_end.match(text, stop) if stop >= 0 else None
        if end is None:
            if stop >= 0 and ">" in text[stop:]:
                raise _Unusual
            break  # the row goes on in the next chunk
        rows.open_row(number)
        rows.keep_all(_row_values(workbook, rows, grammar, text[found.end() : stop]))
        rows.close_row()
        at = end.end()
    return at


def _row_values(workbook: Workbook, rows: _SheetRows, grammar: _Grammar, body: str) -> dict[int, Any]:
    """The values of one row's cells by column."""
    found_cells = grammar.cell.findall(body)
    if sum(len(c[0]) for c in found_cells) != len(body.rstrip(" \t\r\n")) or "]]>" in body:
        raise _Unusual
    rows.count_cells(len(found_cells))
    plain = "&" not in body and "\r" not in body
    cell = workbook.cell
    columns = _COLUMNS
    values: dict[int, Any] = {}
    column = 0
    for _, letters, style, kind, formula, value, inline in found_cells:
        column = (columns.get(letters) or _column_number(letters)) if letters else column + 1
        if inline:
            kind, value = "inlineStr", inline  # noqa: PLW2901 - an inline string is one
        elif not value and not formula:
            continue
        kept = cell(kind or "n", style or None, value if plain else _xml_text(value), bool(formula))
        if kept is not None:
            values[column] = kept
    return values


def _scan_strings(workbook: Workbook, strings: list[str], text: str, at: int, grammar: _Grammar) -> int:
    """Read the complete shared strings in *text* from *at*; where the first incomplete or unknown one starts."""
    limit = workbook.limits.max_cells
    while True:
        if found := grammar.string.match(text, at):
            value = found.group(1) or ""
        elif found := grammar.rich.match(text, at):
            value = "".join(grammar.piece.findall(found.group(1)))
        else:
            return at
        if "]]>" in found.group():
            raise _Unusual
        if "&" in value or "\r" in value:
            value = _xml_text(value)
        strings.append(_unescape(value))
        if len(strings) > limit:
            raise FileTooLarge(say("error.file-too-large.cells", path=str(workbook.path), limit=limit))
        at = found.end()
