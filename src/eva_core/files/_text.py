"""CSV as Excel saves it: the encoding told from the bytes, the separator from the header, bounded rows."""

from __future__ import annotations

import codecs
import csv
import itertools
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from eva_core.domain import say
from eva_core.files._errors import FileTooLarge, UnreadableFile
from eva_core.files._limits import Limits

__all__ = ["csv_file_rows", "encoding_of", "read_bounded"]

_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")
# What a cp1252 file of Dutch text holds beyond ASCII: letters with accents, quotes, dashes, the euro sign, ...
_PLAUSIBLE = re.compile(
    r"[\u00a0-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014"
    r"\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)


def read_bounded(path: Path, limits: Limits) -> bytes:
    """The bytes of *path*, refused before reading when there are more than ``limits.max_bytes``."""
    with path.open("rb") as file:
        data = file.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        raise FileTooLarge(say("error.file-too-large.bytes", path=str(path), limit=limits.max_bytes))
    return data


def _chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as file:
        while chunk := file.read(1 << 20):
            yield chunk


def encoding_of(chunks: Iterable[bytes], path: Path, encoding: str | None = None) -> str:  # noqa: C901, PLR0912 - one case per encoding
    """The encoding of the bytes in *chunks*: UTF-8 (with or without BOM), UTF-16 or cp1252, in one pass.

    An encoding that cannot be told for sure is an `UnreadableFile` that names the encoding to choose; the
    text is never read with the wrong one. Only one chunk is held at a time.
    """
    iterator = iter(chunks)
    first = next(iterator, b"")
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise UnreadableFile(say("error.unreadable-file.encoding", path=str(path), encoding=encoding)) from None
        return encoding
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if first.startswith(bom):
            return name
    if b"\x00" in first[:4096]:
        sample = first[:4096]
        odd, even = sample[1::2].count(0), sample[0::2].count(0)
        if max(odd, even) * 2 < len(sample) // 2:  # NULs, but not every other byte: no text
            raise UnreadableFile(say("error.unreadable-file.not-text", path=str(path)))
        return "utf-16-le" if odd > even else "utf-16-be"
    utf8 = codecs.getincrementaldecoder("utf-8")()
    cp1252 = codecs.getincrementaldecoder("cp1252")()
    is_utf8, has_sequences, plausible = True, False, True
    for chunk in itertools.chain([first], iterator):
        if is_utf8:
            try:
                utf8.decode(chunk)
            except UnicodeDecodeError:
                is_utf8 = False
        has_sequences = has_sequences or bool(_UTF8_SEQUENCE.search(chunk))
        if plausible:
            try:
                text = cp1252.decode(chunk)
            except UnicodeDecodeError:
                plausible = False
            else:
                plausible = not any(ord(c) > 127 and not _PLAUSIBLE.match(c) for c in set(text))
    if is_utf8:
        try:
            utf8.decode(b"", final=True)
        except UnicodeDecodeError:
            is_utf8 = False
    if is_utf8:
        return "utf-8"
    if has_sequences or not plausible:  # UTF-8 mixed with something else, or no Dutch text in cp1252
        raise UnreadableFile(say("error.unreadable-file.ambiguous", path=str(path)))
    return "cp1252"


def csv_file_rows(
    path: Path, limits: Limits, encoding: str | None = None
) -> tuple[str, Iterator[tuple[int, list[Any]]]]:
    """The encoding of CSV file *path* and its rows, read as a stream: memory O(one row), two passes over the bytes.

    Refused before reading when the file has more than ``limits.max_bytes``.
    """
    if path.stat().st_size > limits.max_bytes:
        raise FileTooLarge(say("error.file-too-large.bytes", path=str(path), limit=limits.max_bytes))
    name = encoding_of(_chunks(path), path, encoding)
    return name, _streamed(path, name, limits)


def _streamed(path: Path, encoding: str, limits: Limits) -> Iterator[tuple[int, list[Any]]]:
    with path.open(encoding=encoding, newline="") as text:  # keep a carriage return inside a cell
        try:
            first = text.readline(1 << 20)
            text.seek(0)
        except UnicodeDecodeError:
            raise UnreadableFile(say("error.unreadable-file.encoding", path=str(path), encoding=encoding)) from None
        try:
            yield from _csv(text, first, path, limits)
        except UnicodeDecodeError:
            raise UnreadableFile(say("error.unreadable-file.encoding", path=str(path), encoding=encoding)) from None


def _csv(stream: IO[str], first: str, path: Path, limits: Limits) -> Iterator[tuple[int, list[Any]]]:
    """The rows of a CSV stream with their record number (header = 1); blank rows are left out.

    The separator is the one the first line holds most of: ``;`` (Dutch Excel), ``,`` or tab.
    """
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(stream, delimiter=delimiter)
    rows = cells = 0
    number = 0
    try:
        for row in reader:
            number += 1
            if not any(c.strip() for c in row):
                continue
            rows += 1
            cells += len(row)
            if len(row) > limits.max_columns:
                raise FileTooLarge(say("error.file-too-large.columns", path=str(path), limit=limits.max_columns))
            if rows > limits.max_rows:
                raise FileTooLarge(say("error.file-too-large.rows", path=str(path), limit=limits.max_rows))
            if cells > limits.max_cells:
                raise FileTooLarge(say("error.file-too-large.cells", path=str(path), limit=limits.max_cells))
            yield number, row
    except csv.Error as error:
        raise UnreadableFile(
            say("error.unreadable-file.csv", path=str(path), line=reader.line_num, detail=str(error))
        ) from None
