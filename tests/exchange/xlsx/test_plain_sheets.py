"""The streamed reader of sheets other programs write gives exactly python-calamine's values
(``to_python(skip_empty_area=False)``) for every sheet it takes, and takes nothing it cannot read as calamine does:
generated sheets of texts (shared, inline, rich), booleans, gaps, empty rows and hostile texts are compared value
for value; numbers, dates, formulas, errors, Excel escapes and unusual XML are left to python-calamine (None)."""

from __future__ import annotations

import dataclasses
import random
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from python_calamine import CalamineWorkbook

from desktop.exchange.workbook.reader import DECLARATION_LIMITS
from desktop.exchange.xlsx.errors import WorkbookLimits
from desktop.exchange.xlsx.plain_sheets import read_plain_sheet
from desktop.exchange.xlsx.sheet_scan import column_letter

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships '
    'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships '
    'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    'Target="sharedStrings.xml"/></Relationships>'
)
_FRAME = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="' + _MAIN + '" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetPr filterMode="false"/>'
    '<dimension ref="A1:C3"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetData>{rows}</sheetData>'
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>'
)


def _package(path: Path, rows: str, strings: list[str] | None, sheet: str | None = None) -> Path:
    """A workbook of one sheet ``S`` with the given sheetData content and shared string items (XML)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", _TYPES)
        package.writestr("_rels/.rels", _RELS)
        package.writestr("xl/workbook.xml", _WORKBOOK)
        package.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        if strings is not None:
            package.writestr(
                "xl/sharedStrings.xml",
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{_MAIN}" '
                f'count="{len(strings)}" uniqueCount="{len(strings)}">' + "".join(strings) + "</sst>",
            )
        package.writestr("xl/worksheets/sheet1.xml", sheet or _FRAME.format(rows=rows))
    return path


def _mine(path: Path, limits: WorkbookLimits = DECLARATION_LIMITS) -> list[list[str | bool]] | None:
    with path.open("rb") as handle, zipfile.ZipFile(handle) as archive:
        return read_plain_sheet(handle, archive, "xl/worksheets/sheet1.xml", path.name, limits)


def _both(path: Path, limits: WorkbookLimits = DECLARATION_LIMITS) -> tuple[object, object]:
    theirs = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("S").to_python(skip_empty_area=False)
    return _mine(path, limits), theirs


# -- generated values -----------------------------------------------------------------------------------------------

#: Texts a declaration's cells hold, and hostile ones: CJK, identifiers, ISO times, markup characters, line ends
#: (literal and as references), spaces at the ends, a text of Excel's full length.
_TEXTS = [
    "是",
    "否",
    "张三",
    "110101199003077777",
    "2027-03-01T02:00:00Z",
    "a < b & c > d",
    "\"quoted\" 'single'",
    "line\nbreak",
    "cr\r\nlf",
    "lone\rcr",
    "  spaces at both ends  ",
    " ",
    "",
    "tab\there",
    "𠀀 astral",
    "x" * 32_767,
    "0123",
    "1.5",
    "TRUE",
    "=1+1",
]


def _text_xml(text: str, rng: random.Random) -> str:
    """``text`` as a <t> element the way some program writes it: references for line ends, preserve when needed."""
    body = escape(text)
    if "\r" in body:
        body = body.replace("\r", "&#13;")
    if "\n" in body and rng.random() < 0.5:
        body = body.replace("\n", "&#10;")
    if text != text.strip(" \t\r\n") or rng.random() < 0.5:
        return f'<t xml:space="preserve">{body}</t>'
    return f"<t>{body}</t>" if text else "<t/>"


def _shared_item(text: str, rng: random.Random) -> str:
    if rng.random() < 0.2:  # as Excel and WPS write an item in an East Asian locale
        return f'<si>{_text_xml(text, rng)}<phoneticPr fontId="1" type="noConversion"/></si>'
    if len(text) > 3 and rng.random() < 0.2:  # rich text: runs with properties, as LibreOffice writes mixed fonts
        middle = len(text) // 2
        runs = [text[:middle], text[middle:]]
        return (
            "<si>"
            + "".join(
                f'<r><rPr><sz val="11"/><rFont val="Calibri"/><family val="2"/></rPr>{_text_xml(run, rng)}</r>'
                for run in runs
            )
            + "</si>"
        )
    return f"<si>{_text_xml(text, rng)}</si>"


def _generated(path: Path, seed: int) -> Path:
    rng = random.Random(seed)
    texts = _TEXTS + [f"文本{n}" for n in range(30)]
    rng.shuffle(texts)
    strings = [_shared_item(text, rng) for text in texts]
    rows = []
    row_number = 0
    for _ in range(rng.randint(0, 40)):
        row_number += rng.choice((1, 1, 1, 2, 5))
        attributes = rng.choice(("", ' spans="1:9"', ' customFormat="false" ht="15" hidden="false"'))
        cells = []
        for column in sorted(rng.sample(range(1, 12), rng.randint(0, 8))):
            where = f"{column_letter(column)}{row_number}"
            style = rng.choice(("", ' s="0"', ' s="3"'))
            kind = rng.random()
            if kind < 0.5:
                cells.append(f'<c r="{where}"{style} t="s"><v>{rng.randrange(len(strings))}</v></c>')
            elif kind < 0.7:
                text = rng.choice(texts)
                cells.append(f'<c r="{where}"{style} t="inlineStr"><is>{_text_xml(text, rng)}</is></c>')
            elif kind < 0.8:
                cells.append(f'<c r="{where}" t="b"{style}><v>{rng.choice("01")}</v></c>')
            else:
                cells.append(f'<c r="{where}"{style}/>')  # formatting, no value
        rows.append(f'<row r="{row_number}"{attributes}>' + "".join(cells) + "</row>" if cells else "")
        if not cells and rng.random() < 0.5:
            rows[-1] = f'<row r="{row_number}"{attributes}/>'
    return _package(path, "".join(rows), strings)


@pytest.mark.parametrize("seed", range(40))
def test_a_generated_sheet_of_texts_and_booleans_reads_as_calamine_reads_it(tmp_path: Path, seed: int) -> None:
    mine, theirs = _both(_generated(tmp_path / f"g{seed}.xlsx", seed))
    assert mine is not None
    assert mine == theirs
    assert [type(v) for row in mine for v in row] == [type(v) for row in theirs for v in row]  # True is not 1


def test_each_repeated_shared_string_is_one_object(tmp_path: Path) -> None:
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>0</v></c></row>'
    mine, _theirs = _both(_package(tmp_path / "same.xlsx", rows, ["<si><t>北京市公安局</t></si>"]))
    assert mine is not None
    assert mine[0][0] is mine[0][1]


def test_a_sheet_without_values_is_empty(tmp_path: Path) -> None:
    mine, theirs = _both(_package(tmp_path / "empty.xlsx", '<row r="3"><c r="B3" s="1"/></row><row r="4"/>', []))
    assert mine == theirs == []


# -- left to python-calamine ----------------------------------------------------------------------------------------

_NOT_TAKEN = {
    "a number": '<row r="1"><c r="A1"><v>12.5</v></c></row>',
    "a number typed n": '<row r="1"><c r="A1" t="n"><v>3</v></c></row>',
    "a date (a number with a date style)": '<row r="1"><c r="A1" s="1"><v>45000</v></c></row>',
    "a formula": '<row r="1"><c r="A1" t="s"><f>A2</f><v>0</v></c></row>',
    "a formula's text": '<row r="1"><c r="A1" t="str"><f>"x"</f><v>x</v></c></row>',
    "an error": '<row r="1"><c r="A1" t="e"><v>#N/A</v></c></row>',
    "an Excel escape in an inline text": '<row r="1"><c r="A1" t="inlineStr"><is><t>a_x000D_b</t></is></c></row>',
    "an unmarked text with a space at its end": '<row r="1"><c r="A1" t="inlineStr"><is><t>ab </t></is></c></row>',
    "a shared string index past the table": '<row r="1"><c r="A1" t="s"><v>9</v></c></row>',
    "rows out of order": '<row r="2"><c r="A2" t="b"><v>1</v></c></row><row r="1"><c r="A1" t="b"><v>1</v></c></row>',
    "a cell of another row": '<row r="1"><c r="A2" t="b"><v>1</v></c></row>',
    "a cell twice": '<row r="1"><c r="A1" t="b"><v>1</v></c><c r="A1" t="b"><v>0</v></c></row>',
    "cells out of order": '<row r="1"><c r="B1" t="b"><v>1</v></c><c r="A1" t="b"><v>0</v></c></row>',
    "a cell without its reference": '<row r="1"><c t="b"><v>1</v></c></row>',
    "a prefixed cell": '<row r="1"><x:c r="A1" t="b" xmlns:x="' + _MAIN + '"><x:v>1</x:v></x:c></row>',
    "a comment between cells": '<row r="1"><c r="A1" t="b"><v>1</v></c><!-- x --><c r="B1" t="b"><v>1</v></c></row>',
    "a row without its number": '<row><c r="A1" t="b"><v>1</v></c></row>',
    "a boolean of another value": '<row r="1"><c r="A1" t="b"><v>2</v></c></row>',
    "rows in a comment before rows under a prefix": (
        '<row r="1"><c r="A1" t="b"><v>1</v></c></row></sheetData><!-- <sheetData> --><x:sheetData xmlns:x="'
        + _MAIN
        + '"><x:row r="1"><x:c r="A1" t="b"><x:v>0</x:v></x:c></x:row></x:sheetData><sheetData>'
    ),
    "a CDATA section": '<row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[a]]></t></is></c></row>',
    "a processing instruction": '<row r="1"><?pi <c r="B1" t="b"><v>1</v></c>?><c r="A1" t="b"><v>1</v></c></row>',
    "a style twice": '<row r="1"><c r="A1" s="1" t="s" s="2"><v>0</v></c></row>',
    "a style twice on a boolean": '<row r="1"><c r="A1" s="1" t="b" s="2"><v>0</v></c></row>',
    "a rich inline text": '<row r="1"><c r="A1" t="inlineStr"><is><r><t>a</t></r></is></c></row>',
}


@pytest.mark.parametrize("name", sorted(_NOT_TAKEN))
def test_what_the_streamed_reader_does_not_take_is_left_to_calamine(tmp_path: Path, name: str) -> None:
    assert _mine(_package(tmp_path / "odd.xlsx", _NOT_TAKEN[name], ["<si><t>a</t></si>"])) is None


@pytest.mark.parametrize(
    "item",
    [
        "<si><t>a_x000D_b</t></si>",  # calamine decodes the escape
        "<si><t>a&#95;x000D_b</t></si>",  # the same escape, its underscore a reference
        "<si><t> a</t></si>",  # calamine trims an unmarked text
        '<si><r><t>a</t></r><rPh sb="0" eb="1"><t>b</t></rPh></si>',
        "<si><t>" + "x" * 32_768 + "</t></si>",  # longer than a cell (the scan refuses the workbook)
    ],
)
def test_shared_strings_the_streamed_reader_does_not_take_leave_the_sheet_to_calamine(
    tmp_path: Path, item: str
) -> None:
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    assert _mine(_package(tmp_path / "odd.xlsx", rows, [item])) is None


def test_the_streamed_reader_keeps_no_more_cells_than_its_budget(tmp_path: Path) -> None:
    """The cells kept (rows x the widest row) are capped as for the strict reader: past it, calamine's path (and its
    own cap) decides."""
    rows = "".join(f'<row r="{n}"><c r="{"J" if n == 1 else "A"}{n}" t="b"><v>1</v></c></row>' for n in range(1, 11))
    path = _package(tmp_path / "wide.xlsx", rows, [])
    at_budget = dataclasses.replace(DECLARATION_LIMITS, max_own_cells=100)
    mine, theirs = _both(path, at_budget)
    assert mine == theirs
    assert _mine(path, dataclasses.replace(at_budget, max_own_cells=99)) is None


def test_rows_hidden_in_a_comment_before_rows_under_a_prefix_are_not_taken(tmp_path: Path) -> None:
    """calamine reads the rows of the prefixed sheetData (by local name) and takes the comment as text; the patterns
    would have found the rows inside the comment first, so a part with a comment is left to calamine."""
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}">'
        '<!-- <sheetData><row r="1"><c r="A1" t="b"><v>1</v></c></row></sheetData> -->'
        f'<x:sheetData xmlns:x="{_MAIN}"><x:row r="1"><x:c r="A1" t="b"><x:v>0</x:v></x:c></x:row></x:sheetData>'
        "</worksheet>"
    )
    mine, theirs = _both(_package(tmp_path / "hidden.xlsx", "", [], sheet))
    assert theirs == [[False]]
    assert mine is None


def test_a_workbook_saved_again_by_openpyxl_is_read_as_calamine_reads_it(tmp_path: Path) -> None:
    """openpyxl writes its own frame (a <dimension>, attributes after a space) and, saving our export again, keeps
    its inline texts (openpyxl 3.1: no shared strings part): each sheet of a unit's export saved again by it is
    taken, with calamine's values."""
    import openpyxl

    from desktop.exchange.xlsx.safety import _sheet_entries

    source = Path(__file__).resolve().parents[2] / "fixtures" / "made_by_9e47914" / "unit_1311.xlsx"
    saved = tmp_path / "openpyxl.xlsx"
    openpyxl.load_workbook(source).save(saved)
    calamine = CalamineWorkbook.from_path(str(saved))
    with saved.open("rb") as handle, zipfile.ZipFile(handle) as archive:
        entries = _sheet_entries(archive, saved.name)
        assert len(entries) == 5
        for name, _target, part in entries:
            mine = read_plain_sheet(handle, archive, part, saved.name, DECLARATION_LIMITS)
            assert mine == calamine.get_sheet_by_name(name).to_python(skip_empty_area=False), name


@pytest.mark.slow
def test_rows_padded_to_a_wide_row_cost_at_most_300_mb_at_the_cell_budget(tmp_path: Path) -> None:
    """The streamed reader's worst case from a small file, as for the strict reader (decision 110): one row 100 cells
    wide and 299,999 rows of one shared-string cell each, up to the budget of cells kept (30,000,000), read in a
    process of its own; what the rows cost above what the process held before (measured: 260 MB, process tree 284 MB;
    the strict reader: 260 MB, decision 110)."""
    import sys

    from tests.cli.support import clean_env
    from tests.process_tree import run_measured

    rows = ['<row r="1"><c r="CV1" t="s"><v>0</v></c></row>'] + [
        f'<row r="{n}"><c r="A{n}" t="s"><v>{n % 1000}</v></c></row>' for n in range(2, 300_001)
    ]
    path = _package(tmp_path / "wide.xlsx", "".join(rows), [f"<si><t>{n:09d}</t></si>" for n in range(1000)])
    root = Path(__file__).resolve().parents[3]
    code = (
        "import sys, zipfile\n"
        f"sys.path.insert(0, {str(root)!r})\n"
        "from desktop.exchange.workbook.reader import DECLARATION_LIMITS\n"
        "from desktop.exchange.xlsx.plain_sheets import read_plain_sheet\n"
        "def peak():\n"
        "    return int(open('/proc/self/status').read().split('VmHWM:')[1].split()[0]) // 1024\n"
        "before = peak()\n"
        f"with open({str(path)!r}, 'rb') as handle, zipfile.ZipFile(handle) as archive:\n"
        "    rows = read_plain_sheet(handle, archive, 'xl/worksheets/sheet1.xml', 'wide.xlsx', DECLARATION_LIMITS)\n"
        "print(len(rows), len(rows[-1]), before, peak())\n"
    )
    measured = run_measured([sys.executable, "-c", code], clean_env(tmp_path), tmp_path, timeout=300)
    assert measured.code == 0, measured.err
    count, width, before, after = (int(v) for v in measured.out.split())
    print(f"\n{after - before} MB for the rows ({before} MB before, process tree {measured.bound_mb:.0f} MB)")
    assert (count, width) == (300_000, 100)
    assert after - before <= 300, f"{after - before} MB"
