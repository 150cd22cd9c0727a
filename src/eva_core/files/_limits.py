"""How much of a file is read at most, so that a hostile file cannot take the process down."""

from __future__ import annotations

from attrs import frozen

__all__ = ["Limits"]


@frozen
class Limits:
    """Reading limits; anything beyond one of them is one `FileTooLarge` error, and reading stops there.

    ``max_rows`` counts the rows (in a workbook also empty ones it lists), ``max_columns`` the last column
    that holds a value (a cell at XFD1048576 is refused before any row is made that wide; an empty formatted
    cell there is no problem), ``max_cells`` the cells (in a workbook also empty ones it lists), and
    ``max_bytes`` the bytes read: the file itself for CSV and JSON, every uncompressed part of a workbook
    together for XLSX (a zip bomb stops there, whatever the zip's directory claims).
    """

    max_rows: int = 250_000
    max_columns: int = 200
    max_cells: int = 10_000_000
    max_bytes: int = 512 * 1024 * 1024
