"""read_catalogue: files as beheerders type them, encodings, hidden sheets, the example row, and hostile files."""

from __future__ import annotations

import datetime as dt
import io
import json
import tracemalloc
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook

from eva_core.areas import bundled_areas
from eva_core.convert import dump_catalogue
from eva_core.demo import demo_catalogue
from eva_core.files import FileTooLarge, Limits, UnreadableFile, read_catalogue
from eva_core.files._xlsx import Workbook as SheetReader
from eva_core.tabular import _COLUMNS, write_csv, write_xlsx
from tests.helpers import an_instrument

HEADERS = [c.header for c in _COLUMNS]


def typed_by_hand(**cells):
    """A row as a beheerder types it: names instead of JSON, Dutch dates and amounts."""
    row = {
        "Id": "jobcoach-zwolle",
        "Organisatie": "Gemeente Zwolle",
        "Aanbieder": "Werkkracht",
        "Naam instrument": "Jobcoaching",
        "Samenvatting": "Een jobcoach helpt je op je werk.",
        "Doel": "Je houdt je baan.",
        "Werkwijze": "Wekelijks gesprek.",
        "Uitvoeringsvorm": "Coaching; Bemiddeling",
        "Publiceren": "nee",
        "Publiceer vanaf": "1-3-2025",
        "Totale kosten": "1.234,56",
        "Doelgroepen": "Statushouders; Jongeren",
        "Beschikbare gemeenten": "Zwolle; GM0344",
    }
    row.update(cells)
    return row


def write_rows(path, rows, *, encoding="utf-8", delimiter=";"):
    header = list(rows[0])
    buffer = io.StringIO()
    buffer.write(delimiter.join(header) + "\r\n")
    for row in rows:
        buffer.write(delimiter.join(f'"{row[h]}"' if delimiter in row[h] else row[h] for h in header) + "\r\n")
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def test_a_row_typed_by_hand_imports_with_names_dutch_dates_and_amounts(tmp_path):
    path = write_rows(tmp_path / "hand.csv", [typed_by_hand(Doel="Oriëntatie op werk.")], encoding="cp1252")

    [instrument], report = read_catalogue(path, areas=bundled_areas())

    assert [] == [(p.row, p.label, p.message) for p in report.errors]
    assert ("cp1252", "gemeente-zwolle", "Gemeente Zwolle") == (
        report.encoding,
        instrument.organisation.id,
        instrument.organisation.name,
    )
    assert ("werkkracht", dt.date(2025, 3, 1), Decimal("1234.56")) == (
        instrument.provider.id,
        instrument.publish_from,
        instrument.total_costs,
    )
    assert [("statushouders", "gemeente-zwolle"), ("jongeren", "gemeente-zwolle")] == [
        (g.id, g.organisation) for g in instrument.target_groups
    ]
    assert {"GM0193", "GM0344"} == set(instrument.available_municipalities)


def test_known_records_are_found_by_id_or_name_and_later_rows_reuse_earlier_ones(tmp_path):
    demo = demo_catalogue()[0]
    rows = [
        typed_by_hand(Id="a", Organisatie=demo.organisation.name.upper(), Aanbieder=demo.provider.id),
        typed_by_hand(Id="b", Organisatie=demo.organisation.id, Aanbieder=demo.provider.name),
    ]
    path = write_rows(tmp_path / "known.csv", rows)

    instruments, report = read_catalogue(path, known=[demo.organisation, demo.provider])

    assert report.ok, report.errors
    assert {demo.organisation} == {i.organisation for i in instruments}
    assert {demo.provider} == {i.provider for i in instruments}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_encodings_excel_saves_are_told_from_the_bytes(tmp_path, encoding):
    path = write_rows(
        tmp_path / "enc.csv", [typed_by_hand(Samenvatting="Oriëntatie op één café, € 5")], encoding=encoding
    )

    [instrument], _ = read_catalogue(path)

    assert "Oriëntatie op één café, € 5" == instrument.summary


def test_an_encoding_that_cannot_be_told_is_an_error_naming_the_encoding_to_choose(tmp_path):
    mixed = write_rows(tmp_path / "mixed.csv", [typed_by_hand(Samenvatting="café")])
    mixed.write_bytes(mixed.read_bytes() + "één\r\n".encode("cp1252"))

    with pytest.raises(UnreadableFile, match="CSV UTF-8") as raised:
        read_catalogue(mixed)
    assert "unreadable-file" == raised.value.code


def test_a_comma_list_gets_the_hint_to_use_a_semicolon(tmp_path):
    path = write_rows(tmp_path / "comma.csv", [typed_by_hand(Uitvoeringsvorm="Coaching, Bemiddeling")])

    _, report = read_catalogue(path)

    [problem] = report.errors
    assert (2, "H", "Uitvoeringsvorm") == (problem.row, problem.column, problem.label)
    assert "zet ; tussen de waarden" in problem.message


def test_bad_cells_are_reported_by_row_column_and_label_all_at_once(tmp_path):
    rows = [typed_by_hand(), typed_by_hand(Id="b", **{"Publiceer vanaf": "31-2-2025", "Totale kosten": "veel"})]
    path = write_rows(tmp_path / "bad.csv", rows)

    instruments, report = read_catalogue(path)

    assert ["jobcoach-zwolle"] == [i.id for i in instruments]
    assert [(3, "Publiceer vanaf"), (3, "Totale kosten")] == sorted((p.row, p.label) for p in report.errors)


def workbook_with(path, sheets, hidden=()):
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
        if name in hidden:
            sheet.sheet_state = "hidden"
    workbook.save(path)
    return path


def test_hidden_sheets_are_ignored_and_contacts_and_locations_come_from_their_own_sheets(tmp_path):
    row = typed_by_hand(Contactpersonen="anna", **{"Locatie(s) uitvoering": "kantoor"})
    path = workbook_with(
        tmp_path / "sheets.xlsx",
        {
            "Oud": [["Id"], ["verborgen"]],
            "Instrumenten": [list(row), list(row.values())],
            "Contactpersonen": [
                ["Sleutel", "Naam", "Mail", "Intern/extern"],
                ["anna", "Anna de Vries", "anna@zwolle.nl", "intern"],
            ],
            "Locaties": [
                ["Sleutel", "Naam", "Type", "Straat", "Huisnummer", "Postcode", "Plaats"],
                ["kantoor", "Stadskantoor", "adres", "Lubeckplein", "2", "8017 JZ", "Zwolle"],
            ],
        },
        hidden={"Oud"},
    )

    [instrument], report = read_catalogue(path)

    assert report.ok, [(p.row, p.label, p.message) for p in report.errors]
    assert "Instrumenten" == report.sheet
    assert "anna@zwolle.nl" == instrument.contacts[0].person.email
    assert "8017 JZ" == instrument.locations[0].address.postcode


def test_an_unknown_key_names_the_sheet(tmp_path):
    row = typed_by_hand(Contactpersonen="piet")
    path = workbook_with(tmp_path / "key.xlsx", {"Instrumenten": [list(row), list(row.values())]})

    _, report = read_catalogue(path)

    [problem] = report.errors
    assert "Contactpersonen" in problem.message


def test_the_templates_example_row_is_skipped(tmp_path):
    path = tmp_path / "template.xlsx"
    write_xlsx([an_instrument(id="voorbeeld-jobcoaching"), an_instrument(id="mijn-eigen")], path, template=True)

    instruments, report = read_catalogue(path)

    assert ["mijn-eigen"] == [i.id for i in instruments]
    assert (2,) == report.skipped


def test_json_in_a_cell_and_json_files_still_read(tmp_path):
    csv_path = tmp_path / "export.csv"
    with csv_path.open("w", encoding="utf-8", newline="") as file:
        write_csv(demo_catalogue(), file)
    json_path = tmp_path / "export.json"
    json_path.write_text(json.dumps(dump_catalogue(demo_catalogue())), encoding="utf-8")

    assert demo_catalogue() == tuple(read_catalogue(csv_path)[0])
    assert demo_catalogue() == tuple(read_catalogue(json_path)[0])


def raw_xlsx(path, sheet_xml, extra=None):
    """A minimal workbook written by hand, so a test can put any XML in it."""
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "xl/workbook.xml": '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Instrumenten" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet_xml,
        **(extra or {}),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


SHEET = (
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{}</sheetData></worksheet>'
)


def test_a_cell_at_xfd1048576_is_one_clear_error_not_a_crash(tmp_path):
    far = SHEET.format(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Id</t></is></c></row>'
        '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    )
    path = raw_xlsx(tmp_path / "far.xlsx", far)
    assert path.stat().st_size < 5000

    with pytest.raises(FileTooLarge, match="kolom") as raised:
        read_catalogue(path)
    assert "file-too-large" == raised.value.code


def test_a_far_cell_without_a_value_is_no_problem(tmp_path):
    row = '<row r="1"><c r="A1" t="inlineStr"><is><t>Id</t></is></c></row><row r="1048576"><c r="XFD1048576" s="0"/></row>'
    instruments, report = read_catalogue(raw_xlsx(tmp_path / "styled.xlsx", SHEET.format(row)))

    assert ([], ()) == (instruments, report.rows)


def test_a_sheet_with_a_namespace_prefix_or_without_cell_references_reads_as_one_without(tmp_path):
    """Some writers prefix the sheet's elements ("x:c") or leave out "r": the columns are the same."""
    plain = '<row r="1"><c r="A1" t="inlineStr"><is><t>Id</t></is></c><c r="C1"><v>2</v></c></row>'
    prefixed = (
        '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>'
        '<x:row r="1"><x:c t="inlineStr"><x:is><x:t>Id</x:t></x:is></x:c><x:c/><x:c><x:v>2</x:v></x:c></x:row>'
        "</x:sheetData></x:worksheet>"
    )
    rows = []
    for number, xml in enumerate((SHEET.format(plain), prefixed)):
        with SheetReader(raw_xlsx(tmp_path / f"{number}.xlsx", xml), Limits()) as book:
            rows.append(list(book.rows(book.sheet())))

    assert [[(1, ["Id", None, 2])]] * 2 == rows


def test_a_zip_bomb_stops_at_the_byte_limit_with_little_memory(tmp_path):
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 2000))
    padding = "<!--" + " " * 50_000_000 + "-->"
    path = raw_xlsx(tmp_path / "bomb.xlsx", SHEET.format(rows + padding))
    assert path.stat().st_size < 1_000_000

    tracemalloc.start()
    try:
        with pytest.raises(FileTooLarge, match="bytes"):
            read_catalogue(path, limits=Limits(max_bytes=10_000_000))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20_000_000


@pytest.mark.parametrize(
    ("limits", "word"),
    [
        (Limits(max_rows=2), "rijen"),
        (Limits(max_columns=3), "kolom"),
        (Limits(max_cells=20), "cellen"),
        (Limits(max_bytes=100), "bytes"),
    ],
)
@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_every_limit_is_one_clear_error(tmp_path, limits, word, suffix):
    path = tmp_path / f"many.{suffix}"
    instruments = [an_instrument(id=f"i{n}") for n in range(3)]
    if suffix == "csv":
        with path.open("w", encoding="utf-8", newline="") as file:
            write_csv(instruments, file)
    else:
        write_xlsx(instruments, path)

    with pytest.raises(FileTooLarge, match=word):
        read_catalogue(path, limits=limits)


def test_a_formula_without_a_value_is_reported_by_cell(tmp_path):
    row = typed_by_hand()
    values = list(row.values())
    values[HEADERS.index("Samenvatting") if False else list(row).index("Samenvatting")] = "=CONCAT(A1, B1)"
    path = workbook_with(tmp_path / "formula.xlsx", {"Instrumenten": [list(row), values]})

    _, report = read_catalogue(path)

    [problem] = report.errors
    assert (2, "E", "type") == (problem.row, problem.column, problem.code)
    assert "formule" in problem.message


def test_old_and_other_spreadsheets_get_a_save_as_hint(tmp_path):
    path = tmp_path / "oud.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")

    with pytest.raises(UnreadableFile, match="xlsx"):
        read_catalogue(path)


@pytest.mark.parametrize("year", ["2022", "2023"])
def test_an_eva_export_is_read_by_its_own_reader_with_every_unread_field_reported(year):
    from importlib.resources import files

    path = files("eva_core.files") / "_data" / f"eva-export-{year}.json"

    instruments, report = read_catalogue(str(path))

    assert ("eva", (1, 2), 2) == (report.kind, report.rows, len(instruments))
    assert report.ok
    assert {"eva-field-unmapped"} <= {p.code for p in report.warnings}


def test_empty_rows_and_cells_count_toward_the_limits_so_a_sheet_of_them_stops_early(tmp_path):
    header = '<row r="1"><c r="A1" t="inlineStr"><is><t>Id</t></is></c></row>'
    empty_rows = raw_xlsx(tmp_path / "rows.xlsx", SHEET.format(header + "<row/>" * 5000))
    empty_cells = raw_xlsx(tmp_path / "cells.xlsx", SHEET.format(header + "<row>" + "<c/>" * 5000 + "</row>"))

    with pytest.raises(FileTooLarge, match="rijen"):
        read_catalogue(empty_rows, limits=Limits(max_rows=1000))
    with pytest.raises(FileTooLarge, match="cellen"):
        read_catalogue(empty_cells, limits=Limits(max_cells=1000))


def test_the_templates_key_sheets_link_contacts_and_locations(tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "template.xlsx"
    write_xlsx([an_instrument(id="voorbeeld-x")], path, template=True)
    workbook = load_workbook(path)
    assert ["Instrumenten", "Keuzelijsten", "Contactpersonen", "Locaties"] == workbook.sheetnames
    sheet = workbook["Instrumenten"]
    header = [c.value for c in sheet[1]]
    row = [c.value for c in sheet[2]]
    row[header.index("Id")] = "mijn-eigen"
    row[header.index("Contactpersonen")] = "voorbeeld-anna"
    row[header.index("Locatie(s) uitvoering")] = "voorbeeld-kantoor"
    sheet.append(row)
    workbook.save(path)

    [instrument], report = read_catalogue(path)

    assert report.ok, [(p.row, p.label, p.message) for p in report.errors]
    assert ("Anna de Vries", "3511 ED") == (
        instrument.contacts[0].person.name,
        instrument.locations[0].address.postcode,
    )
