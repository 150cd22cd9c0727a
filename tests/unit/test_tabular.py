"""Spreadsheets: Dutch headers, lists by label or key, strict cells, formula-safe, lossless round trips."""

import datetime as dt
import io
import json

import pytest
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from eva_core.cli._app import app
from eva_core.demo import demo_catalogue
from eva_core.files import read_catalogue
from eva_core.storage import JsonRepository
from eva_core.tabular import _COLUMNS, rows_to_instruments, write_csv, write_xlsx
from tests.helpers import an_instrument

runner = CliRunner()


def read_rows(path):
    """The instruments of a file and its errors by row, as rows_to_instruments gives them."""
    instruments, report = read_catalogue(path)
    return instruments, [(p.row, p.problem) for p in report.errors]


HEADERS = [c.header for c in _COLUMNS]


def a_row(**cells):
    """The template's example row as header -> cell, changed where a test needs it."""
    buffer = io.StringIO()
    write_csv([an_instrument()], buffer)
    import csv

    header, row = list(csv.reader(io.StringIO(buffer.getvalue())))
    values = dict(zip(header, row, strict=True))
    values.update(cells)
    return list(values), [list(values.values())]


def a_workbook(path, **cells):
    """An XLSX file with the example row, *cells* (header -> value) set as typed cells."""
    header, rows = a_row()
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    row = rows[0]
    for name, value in cells.items():
        row[header.index(name)] = value
    sheet.append(row)
    workbook.save(path)
    return path


def test_every_field_has_a_column_named_by_its_dutch_label():
    assert {"Naam instrument", "Samenvatting", "Tegels werklandschap", "Klantkenmerken", "Publiceer tot en met"} <= set(
        HEADERS
    )
    assert len(HEADERS) == len(set(HEADERS))


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_the_demo_catalogue_round_trips_through_a_spreadsheet(tmp_path, suffix):
    path = tmp_path / f"catalogue.{suffix}"
    if suffix == "csv":
        with path.open("w", encoding="utf-8", newline="") as file:
            write_csv(demo_catalogue(), file)
    else:
        write_xlsx(demo_catalogue(), path)

    instruments, problems = read_rows(path)

    assert [] == problems
    assert demo_catalogue() == tuple(instruments)


def test_lists_take_labels_or_keys():
    header, rows = a_row(**{"Tegels werklandschap": "werk_fit; Nazorg", "Uitvoeringsvorm": "Coaching;bemiddeling"})

    [instrument], problems = rows_to_instruments(header, rows)

    assert [] == problems
    assert {"werk_fit", "nazorg"} == {t.key for t in instrument.tiles}


def test_problems_name_the_row_and_the_dutch_label_and_come_all_at_once():
    header, rows = a_row(
        **{"Samenvatting": "x" * 501, "Tegels werklandschap": "Vliegen", "Publiceer vanaf": "2025/02/01"}
    )

    _, problems = rows_to_instruments(header, rows)

    assert {(2, "Samenvatting"), (2, "Tegels werklandschap"), (2, "Publiceer vanaf")} == {
        (r, p.label) for r, p in problems
    }
    assert any("d-m-jjjj" in p.message for _, p in problems)


def test_unknown_and_empty_headers_are_reported():
    header, rows = a_row()
    header = [*header, "Opmerkingen", ""]
    rows = [[*rows[0], "x", "y"]]

    _, problems = rows_to_instruments(header, rows)

    assert [(1, "unknown-field"), (1, "unknown-field")] == [(r, p.code) for r, p in problems]


def test_formula_cells_are_neutralised_on_export_and_restored_on_import(tmp_path):
    risky = an_instrument(name='=HYPERLINK("http://evil")', summary="+31 6 12345678", aim="@SUM(1)", method="-1")
    path = tmp_path / "risky.xlsx"
    write_xlsx([risky], path)
    csv_text = io.StringIO()
    write_csv([risky], csv_text)

    sheet = load_workbook(path).active
    values = [cell.value for cell in sheet[2]]
    assert '\'=HYPERLINK("http://evil")' in values
    assert all(not (isinstance(v, str) and v.startswith(("=", "+", "@", "-"))) for v in values)
    assert "'=HYPERLINK" in csv_text.getvalue()
    assert [risky] == read_rows(path)[0]


def test_typed_spreadsheet_cells_are_read_as_their_type(tmp_path):
    path = a_workbook(
        tmp_path / "typed.xlsx",
        **{
            "Publiceer vanaf": dt.datetime(2025, 1, 1),  # noqa: DTZ001 - spreadsheets know no zones
            "Intensiteit": 4,
            "Totale kosten": 12.5,
            "Publiceren": True,
        },
    )

    [instrument], problems = read_rows(path)

    assert [] == problems
    assert (dt.date(2025, 1, 1), 4, "12.50") == (
        instrument.publish_from,
        instrument.intensity_hours_per_week,
        f"{instrument.total_costs:.2f}",
    )


def test_a_filled_in_template_imports(tmp_path):
    template = tmp_path / "template.xlsx"
    assert 0 == runner.invoke(app, ["template", "--xlsx", str(template)]).exit_code
    workbook = load_workbook(template)
    sheet = workbook.active
    assert HEADERS == [c.value for c in sheet[1]]
    assert sheet.data_validations.dataValidation  # choice lists as validation
    example = [c.value for c in sheet[2]]
    example[HEADERS.index("Id")] = "mijn-instrument"
    example[HEADERS.index("Naam instrument")] = "Mijn instrument"
    sheet.append(example)
    workbook.save(template)
    store = tmp_path / "catalogue.json"

    result = runner.invoke(app, ["import", str(template), "--naar", f"json://{store}"])

    assert 0 == result.exit_code, result.output
    assert {"mijn-instrument"} <= {s.id for s in JsonRepository(store).list()}


def test_import_is_all_or_nothing_and_reports_rows(tmp_path):
    path = tmp_path / "bad.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        write_csv([an_instrument(id="a"), an_instrument(id="b")], file)
    text = path.read_text(encoding="utf-8").replace("Een jobcoach helpt", "=" * 0 + "x" * 600, 1)
    path.write_text(text, encoding="utf-8")
    store = tmp_path / "catalogue.json"

    result = runner.invoke(app, ["import", str(path), "--naar", f"json://{store}"])

    assert 1 == result.exit_code
    assert "niets geïmporteerd" in result.output
    assert "rij 2" in result.output
    assert not store.exists()


def test_dry_run_writes_nothing(tmp_path):
    path = tmp_path / "ok.json"
    path.write_text(json.dumps({"format": "eva-instrumentenformat", "version": 1, "instruments": []}))
    store = tmp_path / "catalogue.json"

    result = runner.invoke(app, ["import", str(path), "--naar", f"json://{store}", "--proef"])

    assert 0 == result.exit_code, result.output
    assert "Er is niets geschreven" in result.output
    assert not store.exists()


@pytest.mark.parametrize("output_format", ["json", "csv", "xlsx"])
def test_an_export_reimports_to_an_equal_catalogue(tmp_path, output_format):
    database = tmp_path / "demo.db"
    assert 0 == runner.invoke(app, ["demo", "--database", str(database)]).exit_code
    exported = tmp_path / f"export.{output_format}"

    result = runner.invoke(
        app, ["export", "--uit", f"sqlite:///{database}", "--formaat", output_format, "--naar", str(exported)]
    )
    assert 0 == result.exit_code, result.output
    store = tmp_path / "again.json"
    result = runner.invoke(app, ["import", str(exported), "--naar", f"json://{store}"])

    assert 0 == result.exit_code, result.output
    assert demo_catalogue() == tuple(
        sorted((s.instrument for s in JsonRepository(store).list()), key=lambda i: demo_catalogue().index(i))
    )


def test_export_to_standard_output_and_bad_formats(tmp_path):
    database = tmp_path / "demo.db"
    runner.invoke(app, ["demo", "--database", str(database)])

    as_csv = runner.invoke(app, ["export", "--uit", f"sqlite:///{database}", "--formaat", "csv"])
    wrong = runner.invoke(app, ["export", "--uit", f"sqlite:///{database}", "--formaat", "pdf"])

    assert 0 == as_csv.exit_code
    assert as_csv.output.startswith("Id;Organisatie;Aanbieder;Naam instrument")
    assert 1 == wrong.exit_code
    assert "kies json, csv, xlsx of hsds" in wrong.output


def test_a_formula_without_a_calculated_value_is_reported_not_read_as_blank(tmp_path):
    # openpyxl never calculates, so the cell has no cached value
    path = a_workbook(tmp_path / "formula.xlsx", **{"Aanvullende informatie": "=CONCAT(A1, B1)"})

    result = runner.invoke(app, ["validate", str(path), "--json"])

    assert 1 == result.exit_code
    [error] = json.loads(result.output)["errors"]
    assert ("2", "Aanvullende informatie", "type") == (error["row"], error["label"], error["code"])
    assert "formule zonder berekende waarde" in error["message"]


def test_an_import_that_would_take_an_existing_id_writes_nothing(tmp_path):
    store = tmp_path / "catalogue.json"
    first = tmp_path / "first.csv"
    with first.open("w", encoding="utf-8", newline="") as file:
        write_csv([an_instrument(id="a")], file)
    assert 0 == runner.invoke(app, ["import", str(first), "--naar", f"json://{store}"]).exit_code
    second = tmp_path / "second.csv"
    with second.open("w", encoding="utf-8", newline="") as file:
        write_csv([an_instrument(id="b"), an_instrument(id="a", name="Anders")], file)

    result = runner.invoke(app, ["import", str(second), "--naar", f"json://{store}"])

    assert 1 == result.exit_code
    assert "al in" in result.output
    assert ["a"] == [s.id for s in JsonRepository(store).list()]
