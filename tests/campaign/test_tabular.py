"""Campaign: spreadsheets. Texts that a spreadsheet might run as a formula come back exactly as they went out.

Writing puts one ``'`` before a text that starts with ``'``, or with ``= + - @``, tab or carriage return once
any leading spaces are passed; reading takes exactly that ``'`` off and keeps a text's spaces. XLSX holds a
carriage return as ``_x000D_`` (XML would make it a line feed) and escapes a text's own ``_xHHHH_``. These
cases build the hostile texts here and push them through CSV and XLSX.
"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from eva_core import InvalidInstrument
from eva_core.files import read_catalogue
from eva_core.tabular import write_csv, write_xlsx
from tests.helpers import an_instrument

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
HOSTILE = [
    " =1+1",
    '  =HYPERLINK("http://evil")',
    "\r=1+1",
    "\t=1",
    "=1+1",
    "'=1+1",
    "'",
    "''",
    " 'quoted",
    "+31 6 12345678",
    "-1",
    "@SUM(1)",
    "  spaces around  ",
    "regel 1\r\nregel 2",
    "_x0041_ en _x000D_ letterlijk",
    "_x005F_",
    "gewone tekst",
]


def read_rows(path):
    """The instruments of a file and its errors by row."""
    instruments, report = read_catalogue(path)
    return instruments, [(p.row, p.problem) for p in report.errors]


def _through(suffix, instruments, tmp_path):
    path = tmp_path / f"catalogue.{suffix}"
    if suffix == "csv":
        with path.open("w", encoding="utf-8", newline="") as file:
            write_csv(instruments, file)
    else:
        write_xlsx(instruments, path)
    return read_rows(path)


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
@pytest.mark.parametrize("text", HOSTILE)
def test_a_risky_text_reads_back_exactly(suffix, text, tmp_path):
    instrument = an_instrument(aim=f"Doel{text}", method=text if text.strip() else "x", name=f"N{text}")
    risky = instrument.evolve(aim=text) if text.strip(" '") else instrument

    instruments, problems = _through(suffix, [risky], tmp_path)

    assert [] == problems
    assert [risky] == instruments


@pytest.mark.parametrize("text", [t for t in HOSTILE if t.lstrip(" ").startswith(TRIGGERS)])
def test_no_written_cell_starts_a_formula(text, tmp_path):
    instrument = an_instrument(aim=text)
    buffer = io.StringIO()
    write_csv([instrument], buffer)
    path = tmp_path / "risky.xlsx"
    write_xlsx([instrument], path)

    cells = [
        *next(iter(list(csv.reader(io.StringIO(buffer.getvalue())))[1:])),
        *(c.value for c in load_workbook(path).active[2]),
    ]

    assert [] == [c for c in cells if isinstance(c, str) and c.lstrip(" ").startswith(TRIGGERS)]


_pieces = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Cf")), max_size=5) | st.sampled_from(
    [" ", "'", "=", "+", "-", "@", "_", "\t", "\r", "\n", "_x000D_", "_x0041_"]
)
texts = st.lists(_pieces, min_size=1, max_size=8).map("".join)


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
@given(text=texts)
def test_any_text_round_trips_through_a_spreadsheet(suffix, text):
    try:
        instrument = an_instrument(method=text)
    except InvalidInstrument:  # blank, or beyond a limit: the domain refuses it before any file is written
        return
    with tempfile.TemporaryDirectory() as folder:
        instruments, problems = _through(suffix, [instrument], Path(folder))

    assert ([instrument], []) == (instruments, problems)
