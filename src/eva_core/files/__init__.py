"""Reading catalogue files once: JSON, CSV and XLSX into instruments and one report, within limits.

`read_catalogue` reads a file in one pass (one workbook reader, each instrument parsed and checked once) and
gives the instruments with a `FileReport` of `FileProblem`s by row, column, Dutch label and code. What an
import into a store adds (ids taken, an id twice in the file, ownership) is the batch's check:
``repository.apply(Batch(instruments), by=..., check_only=True)``; its conflicts point back to the
instruments, and so through ``report.rows`` to the rows.

A hostile file cannot take the process down: `Limits` bound the rows, columns, cells and bytes read, and
anything beyond them is one `FileTooLarge`.

`read_eva_export` reads the instrument export of Eva's own back end (2022 and 2023 shapes).
"""

from eva_core.files._errors import FileTooLarge, UnreadableFile
from eva_core.files._eva import EVA_FIELDS, EvaField, EvaReport, read_eva_export
from eva_core.files._limits import Limits
from eva_core.files._read import SPREADSHEETS, FileProblem, FileReport, read_catalogue

__all__ = [
    "EVA_FIELDS",
    "SPREADSHEETS",
    "EvaField",
    "EvaReport",
    "FileProblem",
    "FileReport",
    "FileTooLarge",
    "Limits",
    "UnreadableFile",
    "read_catalogue",
    "read_eva_export",
]


def __dir__() -> list[str]:
    return __all__
