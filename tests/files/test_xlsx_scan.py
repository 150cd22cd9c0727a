"""The workbook's strict scanner reads what expat reads, and hands every shape it does not know to expat.

`Workbook.rows` scans the common shapes (`_Scanner`) and falls back to expat's callbacks (`_expat_rows`) for
the rest; these tests hold the two to the same rows, the same refusals and the same limits.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eva_core.files import FileTooLarge, Limits, UnreadableFile, read_catalogue
from eva_core.files._xlsx import Workbook
from tests.files.test_read import SHEET, raw_xlsx

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def both(path, limits=None):
    """The rows of the catalogue sheet by `rows` (scanner first) and by expat alone, or the error each raises."""
    found = []
    for method in ("rows", "_expat_rows"):
        try:
            with Workbook(path, limits or Limits()) as book:
                found.append(list(getattr(book, method)(book.sheet())))
        except (UnreadableFile, FileTooLarge) as error:
            found.append(type(error))
    return found


def escaped(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


texts = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\x00\ufffe\uffff"), max_size=12
).map(lambda t: "".join(c for c in t if c in "\t\n\r" or ord(c) >= 0x20))
references = st.sampled_from(
    ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#65;", "&#0065;", "&#x20AC;", "&#13;", "\r\n", "_x000D_"]
)
cell_texts = st.lists(st.one_of(texts.map(escaped), references), max_size=4).map("".join)


@st.composite
def cells(draw, row):
    """One cell in one of the shapes writers use, or one the scanner does not know."""
    column = draw(st.sampled_from(["A", "B", "C", "Z", "AA", ""]))
    ref = f' r="{column}{row}"' if column else ""
    style = draw(st.sampled_from(["", ' s="0"', ' s="1"']))
    text = draw(cell_texts)
    common = st.sampled_from(["inline", "number", "shared", "formula", "empty"])
    unknown = st.sampled_from(["rich", "order", "comment", "cdata"])  # rarer, so that many sheets are scanned
    shape = draw(unknown if draw(st.integers(0, 15)) == 0 else common)
    number = draw(st.integers(-5, 10**6))
    return {
        "inline": f'<c{ref}{style} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>',
        "number": f"<c{ref}{style}><v>{number}</v></c>",
        "shared": f'<c{ref}{style} t="s"><v>{draw(st.integers(0, 2))}</v></c>',
        "formula": f'<c{ref}{style} t="str"><f>A1&amp;"x"</f><v>{text}</v></c>',
        "empty": f"<c{ref}{style}/>",
        "rich": f'<c{ref} t="inlineStr"><is><r><t>{text}</t></r><r><t>!</t></r></is></c>',
        "order": f'<c t="inlineStr"{style}{ref}><is><t>{text}</t></is></c>',
        "comment": f"<!-- {escaped(text).replace('--', '')} --><c{ref}><v>{number}</v></c>",
        "cdata": f'<c{ref} t="inlineStr"><is><t><![CDATA[{text.replace("]]>", "")}]]></t></is></c>',
    }[shape]


@st.composite
def sheets(draw):
    rows = []
    for number in range(1, draw(st.integers(1, 6)) + 1):
        body = draw(st.lists(cells(number), max_size=5))
        space = draw(st.sampled_from(["", "\n  ", " "]))
        rows.append(f'<row r="{number}" spans="1:3">{space}{space.join(body)}{space}</row>')
    return SHEET.format("".join(rows))


STRINGS = (
    f'<sst xmlns="{MAIN}" count="3" uniqueCount="3"><si><t>een</t></si>'
    '<si><r><rPr><b/><sz val="11"/></rPr><t xml:space="preserve">twee </t></r><r><t>&amp; drie</t></r></si>'
    "<si><t/></si></sst>"
)


@given(sheets())
def test_the_scanner_reads_every_sheet_as_expat_does(tmp_path_factory, sheet):
    path = raw_xlsx(tmp_path_factory.mktemp("scan") / "s.xlsx", sheet, {"xl/sharedStrings.xml": STRINGS})
    by_rows, by_expat = both(path)

    assert by_expat == by_rows


def test_shared_strings_plain_and_rich_read_as_written(tmp_path):
    row = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>'
    path = raw_xlsx(tmp_path / "s.xlsx", SHEET.format(row), {"xl/sharedStrings.xml": STRINGS})

    assert [[(1, ["een", "twee & drie", ""])]] * 2 == both(path)


def test_rows_before_an_unknown_shape_are_given_once(tmp_path):
    """Thousands of plain rows, then a comment: expat reads the sheet again, and no row comes twice."""
    plain = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 20_001))
    path = raw_xlsx(tmp_path / "late.xlsx", SHEET.format(plain + '<!-- x --><row r="20001"><c><v>1</v></c></row>'))

    by_rows, by_expat = both(path)
    assert by_expat == by_rows
    assert list(range(1, 20_002)) == [number for number, _ in by_rows]


def test_a_row_longer_than_the_scanner_holds_is_read_by_expat(tmp_path):
    long = "x" * 3_000_000
    row = f'<row r="1"><c r="A1" t="inlineStr"><is><t>{long}</t></is></c></row>'
    path = raw_xlsx(tmp_path / "long.xlsx", SHEET.format(row))

    assert [[(1, [long])]] * 2 == both(path)


@pytest.mark.parametrize(
    "part",
    ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"],
)
@pytest.mark.parametrize("padding", [0, 200_000])
def test_a_dtd_or_an_entity_is_refused_however_far_down(tmp_path, part, padding):
    """A DTD after a long comment is past the first chunk's check; the scanner's expat still refuses it."""
    dtd = '<!DOCTYPE x [<!ENTITY e "boom">]>'
    comment = f"<!--{' ' * padding}-->"
    sheet = SHEET.format('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')
    strings = STRINGS
    if part == "xl/sharedStrings.xml":
        strings = f'<?xml version="1.0" encoding="UTF-8"?>{comment}{dtd}' + STRINGS.replace("<t>een", "<t>&e;")
    else:
        sheet = f'<?xml version="1.0" encoding="UTF-8"?>{comment}{dtd}' + sheet.replace("<v>0</v>", "<v>&e;</v>")
    path = raw_xlsx(tmp_path / "dtd.xlsx", sheet, {"xl/sharedStrings.xml": strings})

    with pytest.raises(UnreadableFile):
        read_catalogue(path)


@pytest.mark.parametrize(
    "rows",
    [
        '<row r="1"><c r="A1"><v>&undefined;</v></c></row>',  # no DTD defines it
        '<row r="1"><c r="A1"><v>&#0;</v></c></row>',  # not a character XML allows
        '<row r="1"><c r="A1"><v>1</c></row>',  # not closed
        '<row r="1"><c r="A1"><v>1</v></c></row></sheetData><x>',  # broken after the rows
        '<row r="1"><c r="A1" t="inlineStr"><is><t>a]]>b</t></is></c></row>',  # "]]>" outside CDATA
    ],
)
def test_xml_that_is_not_well_formed_is_unreadable_by_both(tmp_path, rows):
    path = raw_xlsx(tmp_path / "bad.xlsx", SHEET.format(rows))

    assert [UnreadableFile, UnreadableFile] == both(path)


def test_a_sheet_in_another_encoding_is_read_by_expat(tmp_path):
    sheet = '<?xml version="1.0" encoding="ISO-8859-1"?>' + SHEET.format(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>caf\xe9</t></is></c></row>'
    )
    path = raw_xlsx(tmp_path / "latin.xlsx", sheet.encode("latin-1"))  # zipfile writes bytes as they are

    assert [[(1, ["caf\xe9"])]] * 2 == both(path)


@pytest.mark.parametrize(
    ("limits", "error"),
    [
        (Limits(max_rows=3), FileTooLarge),
        (Limits(max_cells=5), FileTooLarge),
        (Limits(max_columns=2), FileTooLarge),
        (Limits(max_bytes=300), FileTooLarge),
    ],
)
def test_the_scanner_keeps_every_limit(tmp_path, limits, error):
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c><c r="C{n}"><v>1</v></c></row>' for n in range(1, 9))
    path = raw_xlsx(tmp_path / "limits.xlsx", SHEET.format(rows))

    assert [error, error] == both(path, limits)
