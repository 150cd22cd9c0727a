"""CSV as Excel saves it: the encoding told from the bytes, the separator from the header, bounded rows."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from eva_core.domain import say
from eva_core.files._errors import FileTooLarge, UnreadableFile
from eva_core.files._limits import Limits

__all__ = ["csv_rows", "decode", "read_bounded"]

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


def decode(data: bytes, path: Path, encoding: str | None = None) -> tuple[str, str]:  # noqa: C901 - one case per encoding
    """The text of *data* and the encoding it was read in: UTF-8 (with or without BOM), UTF-16 or cp1252.

    An encoding that cannot be told for sure is an `UnreadableFile` that names the encoding to choose; the
    text is never read with the wrong one.
    """
    if encoding is not None:
        try:
            return data.decode(encoding), encoding
        except (LookupError, UnicodeDecodeError):
            raise UnreadableFile(say("error.unreadable-file.encoding", path=str(path), encoding=encoding)) from None
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError:
                raise UnreadableFile(say("error.unreadable-file.encoding", path=str(path), encoding=name)) from None
    if b"\x00" in data[:4096]:
        sample = data[:4096]
        odd, even = sample[1::2].count(0), sample[0::2].count(0)
        name = "utf-16-le" if odd > even else "utf-16-be"
        if max(odd, even) * 2 < len(sample) // 2:  # NULs, but not every other byte: no text
            raise UnreadableFile(say("error.unreadable-file.not-text", path=str(path)))
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            raise UnreadableFile(say("error.unreadable-file.not-text", path=str(path))) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _UTF8_SEQUENCE.search(data):  # UTF-8 and something else mixed: either reading garbles part of it
        raise UnreadableFile(say("error.unreadable-file.ambiguous", path=str(path)))
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise UnreadableFile(say("error.unreadable-file.ambiguous", path=str(path))) from None
    if any(ord(c) > 127 and not _PLAUSIBLE.match(c) for c in set(text)):
        raise UnreadableFile(say("error.unreadable-file.ambiguous", path=str(path)))
    return text, "cp1252"


def csv_rows(text: str, path: Path, limits: Limits) -> Iterator[tuple[int, list[Any]]]:
    """The rows of CSV *text* with their line-based row number (header = 1); blank rows are left out.

    The separator is the one the first line holds most of: ``;`` (Dutch Excel), ``,`` or tab.
    """
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
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
