"""What reading a file raises when the file as a whole cannot be read (a cell's problem goes in the report)."""

from __future__ import annotations

from typing import ClassVar

from eva_core.domain import EvaError

__all__ = ["FileTooLarge", "UnreadableFile"]


class UnreadableFile(ValueError, EvaError):
    """The file cannot be read as a catalogue: not a spreadsheet, an encoding that cannot be told, broken XML.

    ``code`` is stable for programs; the message says what to do (which encoding to choose, for instance).
    """

    code: ClassVar[str] = "unreadable-file"


class FileTooLarge(UnreadableFile):
    """The file goes beyond a reading limit (`Limits`): rows, columns, cells or uncompressed size.

    Reading stops at the limit, so memory stays bounded whatever the file claims.
    """

    code: ClassVar[str] = "file-too-large"
