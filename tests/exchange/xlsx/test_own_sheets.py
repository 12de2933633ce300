"""The strict reader of our own sheet XML (desktop.exchange.xlsx.own_sheets): for exports it gives exactly what
python-calamine gives, sheet by sheet, and read_workbook gives the same with and without it; at any deviation from
the XML our writer produces it gives None, and the part takes the general path (safety scan, then calamine), which
ends as it did before."""

from __future__ import annotations

import functools
import io
import pickle
import re
import shutil
import warnings
import zipfile
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from desktop.exchange.workbook import reader as reader_module
from desktop.exchange.workbook.columns import (
    DECLARATION_COLUMNS,
    DECLARATIONS_SHEET,
    FORMAT_VERSION,
    INTERESTS_SHEET,
    layout,
)
from desktop.exchange.workbook.read_floor import ReadStopped
from desktop.exchange.workbook.reader import DECLARATION_LIMITS, STRICT_SHEETS, ReadWorkbook, read_workbook
from desktop.exchange.workbook.verify import verify_workbook
from desktop.exchange.xlsx import own_sheets
from desktop.exchange.xlsx.encryption import encrypt_workbook
from desktop.exchange.xlsx.in_memory import quote_style
from desktop.exchange.xlsx.own_sheets import parse_own_sheet, read_own_member, read_own_sheet
from desktop.exchange.xlsx.own_sheets_placed import OwnSheets, read_own_sheets
from desktop.exchange.xlsx.part_member import member_where
from desktop.exchange.xlsx.safety import (
    SheetTooLarge,
    WorkbookError,
    WorkbookLimits,
    _check_contents,
    _sheet_names,
    column_letter,
    open_checked_package,
)
from desktop.exchange.xlsx.sheet_parts import unambiguous_parts
from desktop.exchange.xlsx.sheet_stream import rows_xml, splice
from desktop.form import NEWEST_FORM_VERSION
from desktop.services.workflow import countersigning
from desktop.services.workflow.export import export_unit
from tests.conftest import DEMO_STORE_PASSWORD, INSPECTOR, RICH_HEAD, ROOT_UNIT, DemoWorld, declare_everything
from tests.exchange.workbook.oversized import as_shared_strings
from tests.exchange.workbook.test_workbook_hostile import HOSTILE_NAMES, build_hostile_files

#: The exports below are of the demo's current campaign, on the newest form version: its sheets (after the cover,
#: sheet1) and the officer's name column (form 2 puts its own columns before it).
_LAYOUT = layout(FORMAT_VERSION, NEWEST_FORM_VERSION).sheets
DECLARATIONS_PART = f"xl/worksheets/sheet{list(_LAYOUT).index(DECLARATIONS_SHEET) + 2}.xml"
INTERESTS_PART = f"xl/worksheets/sheet{list(_LAYOUT).index(INTERESTS_SHEET) + 2}.xml"
#: The parts read strictly (decision 128: the family-members sheet too, where the form has one).
STRICT_PARTS = {f"xl/worksheets/sheet{list(_LAYOUT).index(name) + 2}.xml" for name in STRICT_SHEETS if name in _LAYOUT}
NAME_CELL = f"{column_letter([c.key for c in _LAYOUT[DECLARATIONS_SHEET]].index('name') + 1)}3".encode()
MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#: Texts with everything our writer escapes, marks or keeps: XML special characters, white space at either end,
#: line ends (a carriage return is read as a line feed, as calamine reads it), CJK, formula-like texts.
TEXTS = [
    "a & b < c > d",
    "&amp; &lt;f&gt;1&lt;/f&gt;",
    "<f>1</f>",
    "]]>",
    "\"double\" 'single'",
    "  padded  ",
    " lead",
    "trail ",
    "\ttab first",
    "tab\tinside",
    "line\nbreak",
    "\nfirst",
    "last\n",
    "cr\rinside",
    "crlf\r\ninside",
    "\r",
    "\r\n",
    "\n",
    " ",
    "   ",
    "end cr\r",
    "终",
    "中文\u3000全角空格\u3000",
    "\u3000",
    "emoji 😀 𠀋",
    "=1+1",
    '=HYPERLINK("http://example.com","点此")',
    "+86 0437 1234567",
    "-",
    "@",
    "-5",
    "@所有人",
    "'quoted",
    "\x7f\x85",
    "a\u00a0b\u2028c\ufeff",
    "12",
    "0012",
    "1E+3",
    "是",
    "2020-05-01",
]


# -- building files ------------------------------------------------------------------------------------------------


def streamed_workbook(rows: list[list[str]], headings: tuple[str, ...] = ("h1", "h2", "h3")) -> bytes:
    """A one-sheet workbook made as the writer makes one: openpyxl's frame and heading rows, our streamed rows."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("data")
    sheet.append(list(headings))
    sheet.append([f"k{n}" for n in range(1, len(headings) + 1)])
    style = quote_style(sheet)
    template = io.BytesIO()
    workbook.save(template)
    out = io.BytesIO()
    splice(template.getvalue(), out, {sheet.path.lstrip("/"): rows_xml(len(headings), rows, 3, style)})
    return out.getvalue()


def rezip(
    source: Path, target: Path, changes: dict[str, Callable[[bytes], bytes]], extra: list[tuple[str, bytes]] = ()
) -> Path:
    """A copy of the workbook with ``changes[part](data)`` applied to the named parts, and ``extra`` members."""
    with (
        zipfile.ZipFile(source) as old,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new,
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("ignore", UserWarning)  # a duplicate name, on purpose
        for info in old.infolist():
            data = old.read(info)
            new.writestr(info.filename, changes[info.filename](data) if info.filename in changes else data)
        for name, data in extra:
            new.writestr(name, data)
    return target


def calamine_rows(data: bytes, sheet: str) -> list[list[object]]:
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name(sheet).to_python(skip_empty_area=False)


def strict_rows(data: bytes, part: str, limits: WorkbookLimits = DECLARATION_LIMITS) -> list[list[str]] | None:
    stream = io.BytesIO(data)
    with zipfile.ZipFile(stream) as archive:
        return read_own_sheet(stream, archive.getinfo(part), "t.xlsx", limits)


def outcome(path: Path, password: str | None = None) -> ReadWorkbook | tuple[str, str, str]:
    try:
        return read_workbook(path, password)
    except WorkbookError as exc:
        return type(exc).__name__, exc.code, str(exc)


def outcomes(path: Path, password: str | None = None) -> tuple[object, object]:
    """read_workbook's result (or error) with the strict reader, and without it (today's general path only)."""
    fast = outcome(path, password)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reader_module, "read_own_sheets", lambda *_args: OwnSheets())
        general = outcome(path, password)
    return fast, general


# -- real exports -------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def exports(demo_store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """RICH_HEAD's unit export, and the whole tree exported by an inspector with a declaration whose texts hold
    XML special characters, quotes and formula-like text."""
    folder = tmp_path_factory.mktemp("own-sheets")
    world = DemoWorld(Path(shutil.copytree(demo_store_template, folder / "store")), folder / "throttle.json")
    try:
        declare_everything(
            world.login("000006"),
            DEMO_STORE_PASSWORD,
            enterprise_name='=HYPERLINK("http://a.example/?x=1&y=2","点此") <公司> \'单\'',
            note="+86 0437 1234567 & <备注>",
        )
        countersigning.countersign(world.login("000005"), "000006", "@所有人: 已核实 & <确认>", DEMO_STORE_PASSWORD)
        unit = export_unit(world.login(RICH_HEAD), folder / "unit.xlsx").path
        everything = export_unit(world.login(INSPECTOR), folder / "all.xlsx", unit_code=ROOT_UNIT).path
    finally:
        world.close()
    return {"unit": unit, "all": everything}


@pytest.mark.parametrize("name", ["unit", "all"])
def test_an_export_reads_as_calamine_reads_it_sheet_by_sheet(exports, name):
    data = exports[name].read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = _sheet_names(archive, "t.xlsx")
    assert set(sheets.values()) >= {DECLARATIONS_SHEET, INTERESTS_SHEET}
    for part, sheet in sheets.items():
        rows = strict_rows(data, part)
        if sheet == "封面":  # its title row is narrower than the rows below: not the data sheets' form
            assert rows is None
            continue
        assert rows is not None, sheet
        assert rows == calamine_rows(data, sheet), sheet
    if name == "all":  # the tricky texts are there, escaped in the XML
        assert "@所有人: 已核实 & <确认>" in {text for row in strict_rows(data, DECLARATIONS_PART) for text in row}
        assert any(
            text.startswith("=HYPERLINK") and "&" in text for row in strict_rows(data, INTERESTS_PART) for text in row
        )


@pytest.mark.parametrize("name", ["unit", "all"])
def test_read_workbook_gives_the_same_with_and_without_the_strict_reader(exports, name):
    stream = io.BytesIO(exports[name].read_bytes())
    with open_checked_package(stream, name, len(stream.getvalue()), DECLARATION_LIMITS) as archive:
        own = read_own_sheets(stream, archive, name, DECLARATION_LIMITS, (DECLARATIONS_SHEET, INTERESTS_SHEET))
    assert own.parts == {DECLARATIONS_PART, INTERESTS_PART}  # the fast path is taken
    assert set(own.rows) == {DECLARATIONS_SHEET, INTERESTS_SHEET}

    fast, general = outcomes(exports[name])

    assert isinstance(fast, ReadWorkbook)
    assert fast == general
    assert verify_workbook(fast).valid


def test_texts_the_writer_streams_read_as_calamine_reads_them():
    rows = [[text, "x", ""] for text in TEXTS]
    rows += [["", "", ""], ["", "", "only the last"], ["", "y", ""], ["", "", ""], ["", "", ""]]
    data = streamed_workbook(rows)

    strict = strict_rows(data, "xl/worksheets/sheet1.xml")

    assert strict == calamine_rows(data, "data")
    assert len(strict) == 2 + len(TEXTS) + 3  # calamine ends the sheet at its last cell
    assert [row[0] for row in strict[2 : 2 + len(TEXTS)]] == [
        text.replace("\r\n", "\n").replace("\r", "\n") for text in TEXTS
    ]


def test_cjk_and_every_cut_of_the_pieces_give_the_same_rows():
    """A part fed in pieces of any size (UTF-8 sequences, tags, rows and </sheetData> cut anywhere) reads alike."""
    data = streamed_workbook([["中文 & <x>", " 空格 ", "a\r\nb"], ["😀", "", "=1"]] * 3)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        part = archive.read("xl/worksheets/sheet1.xml")
    whole = parse_own_sheet([part], DECLARATION_LIMITS)
    assert whole == calamine_rows(data, "data")
    for size in (1, 2, 3, 5, 7, 64, 1000):
        assert parse_own_sheet([part[i : i + size] for i in range(0, len(part), size)], DECLARATION_LIMITS) == whole


def test_the_same_texts_are_held_once():
    rows = strict_rows(streamed_workbook([["是", "否", "同一单位"]] * 3), "xl/worksheets/sheet1.xml")
    assert rows[2] == ["是", "否", "同一单位"]
    assert all(a is b for a, b in zip(rows[2], rows[4], strict=True))


def test_edits_that_keep_our_xml_read_alike_and_are_found(exports, tmp_path):
    """Edited cells, headings and keys written the way we write them: read by the strict reader, with the same
    problems as on the general path."""

    def edit(data: bytes) -> bytes:
        data = re.sub(rb'(<c r="' + NAME_CELL + rb'" t="inlineStr"><is><t>)[^<]*', "\\1张冬".encode(), data, count=1)
        data = data.replace(b"<t>id_number</t>", b"<t>id_no</t>", 1)
        return data.replace("<t>职务</t>".encode(), "<t>职 务</t>".encode(), 1)

    def heading(data: bytes) -> bytes:
        return data.replace("<t>经营状态</t>".encode(), "<t>状态</t>".encode(), 1)

    for changes in (
        {DECLARATIONS_PART: edit},
        {INTERESTS_PART: heading},
        {
            DECLARATIONS_PART: lambda d: re.sub(
                rb'(<c r="' + NAME_CELL + rb'" t="inlineStr"><is><t>)[^<]*', "\\1张冬".encode(), d, count=1
            )
        },
    ):
        path = rezip(exports["unit"], tmp_path / "edited.xlsx", changes)
        for part in changes:
            assert strict_rows(path.read_bytes(), part) is not None
        fast, general = outcomes(path)
        assert isinstance(fast, ReadWorkbook)
        assert fast == general
        assert fast.problems or fast.shown_problems or not verify_workbook(fast).valid


@pytest.mark.parametrize("ref", ["A1:AH3", "A1:XFD1048576", "C5:D9", "A1", "AJ10002"])
@pytest.mark.parametrize("before", [b"<sheetViews>", b"<sheetPr>"])
def test_a_dimension_reads_as_calamine_reads_the_sheet_whatever_range_it_names(exports, tmp_path, ref, before):
    """openpyxl writes ``<dimension ref="…"/>`` when it saves a loaded workbook again (decision 187): the rows are
    python-calamine's rows, which do not depend on the range it names, and the workbook reads as without it."""
    change = _replace(before, f'<dimension ref="{ref}" />'.encode() + before)
    path = rezip(exports["unit"], tmp_path / "dimension.xlsx", {DECLARATIONS_PART: change})
    data = path.read_bytes()
    rows = strict_rows(data, DECLARATIONS_PART)
    assert rows is not None
    assert rows == calamine_rows(data, DECLARATIONS_SHEET)
    fast, general = outcomes(path)
    assert isinstance(fast, ReadWorkbook)
    assert fast == general
    assert fast.content == read_workbook(exports["unit"]).content


@pytest.mark.parametrize("name", ["unit", "all"])
def test_an_export_saved_again_by_openpyxl_is_read_strictly_as_the_export_is(exports, tmp_path, name):
    """An export loaded and saved again by openpyxl (a script's copy): its large sheets are read by the strict
    reader, in one process and side by side in workers, and the workbook reads as the export does."""
    resaved = tmp_path / f"{name}.xlsx"
    openpyxl.load_workbook(exports[name]).save(resaved)
    data = resaved.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b"<dimension " in archive.read(DECLARATIONS_PART)  # what made it not ours before
    stream = io.BytesIO(data)
    with open_checked_package(stream, resaved.name, len(data), DECLARATION_LIMITS) as archive:
        own = read_own_sheets(stream, archive, resaved.name, DECLARATION_LIMITS, STRICT_SHEETS)
        with ProcessPoolExecutor(2) as pool:
            assert read_own_sheets(stream, archive, resaved.name, DECLARATION_LIMITS, STRICT_SHEETS, pool) == own
    assert own.parts == STRICT_PARTS
    for part in own.parts:
        assert strict_rows(data, part) == strict_rows(exports[name].read_bytes(), part)
    fast, general = outcomes(resaved)
    assert isinstance(fast, ReadWorkbook)
    assert fast == general
    original = read_workbook(exports[name])
    assert (fast.content, fast.problems, fast.shown_problems) == (
        original.content,
        original.problems,
        original.shown_problems,
    )


# -- deviations ----------------------------------------------------------------------------------------------------


def _cell(column: str, text: str = "x", attributes: str = "") -> bytes:
    return f'<c r="{column}3"{attributes} t="inlineStr"><is><t>{text}</t></is></c>'.encode()


def _first_cell(replacement: bytes, column: str = "A") -> Callable[[bytes], bytes]:
    """Replace the cell ``column``3 (the first data row) by ``replacement``."""
    pattern = re.compile(rf'<c r="{column}3"(?: s="[0-9]+")? t="inlineStr"><is><t[^>]*>[^<]*</t></is></c>'.encode())

    def change(data: bytes) -> bytes:
        changed, count = pattern.subn(lambda _m: replacement, data, count=1)
        assert count == 1
        return changed

    return change


def _in_text(text: bytes) -> Callable[[bytes], bytes]:
    """The text of the officer's name in the first row with ``text`` after it."""

    def change(data: bytes) -> bytes:
        pattern = rb'(<c r="' + NAME_CELL + rb'" t="inlineStr"><is><t>[^<]*)'
        changed, count = re.subn(pattern, lambda m: m[1] + text, data, count=1)
        assert count == 1
        return changed

    return change


def _replace(old: bytes, new: bytes, count: int = 1) -> Callable[[bytes], bytes]:
    def change(data: bytes) -> bytes:
        assert old in data
        return data.replace(old, new, count)

    return change


def _last_row_renumbered(data: bytes) -> bytes:
    """The last row numbered one more than it should be: a gap."""
    numbers = [int(n) for n in re.findall(rb'<row r="([0-9]+)">', data)]
    last = numbers[-1]
    start = data.rindex(b'<row r="%d">' % last)
    row = data[start : data.index(b"</row>", start)]
    renumbered = row.replace(b'r="%d"' % last, b'r="%d"' % (last + 1))
    renumbered = re.sub(rb'(r="[A-Z]+)%d"' % last, rb'\g<1>%d"' % (last + 1), renumbered)
    return data[:start] + renumbered + data[start + len(row) :]


def _last_row_twice(data: bytes) -> bytes:
    start = data.rindex(b"<row ")
    end = data.index(b"</row>", start) + len(b"</row>")
    return data[:end] + data[start:end] + data[end:]


BEYOND = column_letter(len(DECLARATION_COLUMNS) + 1)
DEVIATIONS: dict[str, Callable[[bytes], bytes]] = {
    "a shared string": _first_cell(b'<c r="A3" t="s"><v>0</v></c>'),
    "a number": _first_cell(b'<c r="B3"><v>1</v></c>', "B"),
    "a number typed n": _first_cell(b'<c r="B3" t="n"><v>1</v></c>', "B"),
    "a boolean": _first_cell(b'<c r="K3" t="b"><v>1</v></c>', "K"),
    "an error value": _first_cell(b'<c r="K3" t="e"><v>#N/A</v></c>', "K"),
    "a formula": _first_cell(b'<c r="E3"><f>1+1</f><v>2</v></c>', "E"),
    "a formula giving text": _first_cell(b'<c r="E3" t="str"><f>"x"</f><v>x</v></c>', "E"),
    "a formula beside an inline string": _first_cell(b'<c r="E3" t="inlineStr"><f>1</f><is><t>x</t></is></c>', "E"),
    "rich text": _first_cell(b'<c r="E3" t="inlineStr"><is><r><t>x</t></r></is></c>', "E"),
    "a phonetic run": _first_cell(
        b'<c r="E3" t="inlineStr"><is><t>x</t><rPh sb="0" eb="1"><t>y</t></rPh></is></c>', "E"
    ),
    "an empty text": _first_cell(b'<c r="E3" t="inlineStr"><is><t></t></is></c>', "E"),
    "an empty text element": _first_cell(b'<c r="E3" t="inlineStr"><is><t/></is></c>', "E"),
    "an empty cell element": _first_cell(b'<c r="E3"/>', "E"),
    "a namespace prefix on a cell": _first_cell(
        b'<x:c xmlns:x="' + MAIN + b'" r="E3" t="inlineStr"><x:is><x:t>x</x:t></x:is></x:c>', "E"
    ),
    "a namespace prefix on the root": _replace(
        b'<worksheet xmlns="' + MAIN + b'">', b'<x:worksheet xmlns:x="' + MAIN + b'" xmlns="' + MAIN + b'">'
    ),
    "another namespace": _replace(MAIN, b"urn:other"),
    "a namespace declared on an element": _replace(b"<sheetPr>", b'<sheetPr xmlns="urn:other">'),
    "a second namespace on the root": _replace(
        b'<worksheet xmlns="' + MAIN + b'">', b'<worksheet xmlns="' + MAIN + b'" xmlns:r="urn:r">'
    ),
    "an extra attribute on a row": _replace(b'<row r="3">', b'<row r="3" spans="1:34">'),
    "an extra attribute on a cell": _first_cell(_cell("A", attributes=' cm="1"')),
    "cell attributes in another order": _first_cell(b'<c t="inlineStr" r="A3"><is><t>x</t></is></c>'),
    "a style that is not a number": _first_cell(_cell("A", attributes=' s="x"')),
    "single quotes": _first_cell(b"<c r='A3' t='inlineStr'><is><t>x</t></is></c>"),
    "a row without its number": _replace(b'<row r="3">', b"<row>"),
    "a row number with a leading zero": _replace(b'<row r="3">', b'<row r="03">'),
    "a gap in the row numbers": _last_row_renumbered,
    "a row twice": _last_row_twice,
    "a cell of another row": _first_cell(b'<c r="A4" t="inlineStr"><is><t>x</t></is></c>'),
    "a cell without a reference": _first_cell(b'<c t="inlineStr"><is><t>x</t></is></c>'),
    "cells out of order": lambda d: _first_cell(_cell("B", "1") + _cell("A", "x"))(_first_cell(b"", "B")(d)),
    "a cell beyond the width of row 1": _replace(b"</row>", _cell(BEYOND) + b"</row>", 3),
    "a document type declaration": lambda d: b"<!DOCTYPE worksheet>" + d,
    "an entity declaration": lambda d: _in_text(b"&a;")(b'<!DOCTYPE x [<!ENTITY a "b">]>' + d),
    "an entity declaration after the declaration": lambda d: (
        b'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE x [<!ENTITY a "b">]>' + d
    ),
    "an entity declaration after the rows": _replace(b"</sheetData>", b'</sheetData><!ENTITY a "b">'),
    "a comment before the rows": _replace(b"<sheetData>", b"<!-- x --><sheetData>"),
    "a comment between rows": _replace(b'<row r="3">', b'<!-- x --><row r="3">'),
    "a comment in a text": _in_text(b"<!-- x -->"),
    "a CDATA section": _in_text(b"<![CDATA[x]]>"),
    "a processing instruction": _replace(b"<sheetData>", b"<?pi x?><sheetData>"),
    "white space between rows": _replace(b'<row r="3">', b'\n<row r="3">'),
    "white space between cells": _replace(b'</c><c r="B3"', b'</c> <c r="B3"'),
    "an unknown entity": _in_text(b"&nbsp;"),
    "a bare ampersand": _in_text(b" & b"),
    "a reference to U+0000": _in_text(b"&#0;"),
    "a reference to U+0001": _in_text(b"&#1;"),
    "a hexadecimal reference to U+001F": _in_text(b"&#x1F;"),
    "a reference to U+FFFE": _in_text(b"&#xFFFE;"),
    "a reference to a surrogate": _in_text(b"&#xD800;"),
    "a reference beyond Unicode": _in_text(b"&#x110000;"),
    "a reference with a capital X": _in_text(b"&#X41;"),
    "an empty reference": _in_text(b"&#;"),
    # Excel's escapes (decision 148): python-calamine decodes them, so a sheet holding one is left to it.
    "an Excel escape": _in_text(b"_x0041_"),
    "an Excel escape of a carriage return": _in_text(b"_x000D_"),
    "an escaped underscore": _in_text(b"_x005F_x0041_"),
    "an Excel escape beyond U+00FF": _in_text(b"_x4E2D_"),
    "an Excel escape whose underscore is a reference": _in_text(b"&#95;x0041_"),
    "a control character": _in_text(b"\x01"),
    "a form feed": _in_text(b"\x0c"),
    "U+FFFF": _in_text("\uffff".encode()),
    "a raw greater-than sign": _in_text(b">"),
    "the end of a CDATA section": _in_text(b"]]>"),
    "white space before a text without xml:space": _first_cell(_cell("E", " x"), "E"),
    "white space after a text without xml:space": _first_cell(_cell("E", "x\t"), "E"),
    "a line end after a text without xml:space": _first_cell(_cell("E", "x\r\n"), "E"),
    "a referenced space before a text without xml:space": _first_cell(_cell("E", "&#32;x"), "E"),
    "a referenced line feed after a text without xml:space": _first_cell(_cell("E", "x&#10;"), "E"),
    "xml:space with another value": _first_cell(
        b'<c r="E3" t="inlineStr"><is><t xml:space="default"> x </t></is></c>', "E"
    ),
    "xml:space on the inline string": _first_cell(
        b'<c r="E3" t="inlineStr"><is xml:space="preserve"><t> x </t></is></c>', "E"
    ),
    "a declaration in Latin-1": lambda d: b'<?xml version="1.0" encoding="ISO-8859-1"?>' + d,
    "a declaration of UTF-16 on UTF-8": lambda d: b'<?xml version="1.0" encoding="UTF-16"?>' + d,
    "UTF-16": lambda d: ('<?xml version="1.0" encoding="UTF-16"?>' + d.decode()).encode("utf-16"),
    "a byte order mark": lambda d: b"\xef\xbb\xbf" + d,
    "an invalid byte": _in_text(b"\xff"),
    "an overlong encoding": _in_text(b"\xc0\xaf"),
    "an encoded surrogate": _in_text(b"\xed\xa0\x80"),
    "a sequence cut at the end": lambda d: d + b"\xe4\xb8",
    # A dimension is taken only as openpyxl writes one (decision 187): a plain cell or range, nothing else.
    "a dimension naming no cell": _replace(b"<sheetViews>", b'<dimension ref="ZZZ"/><sheetViews>'),
    "an empty dimension": _replace(b"<sheetViews>", b'<dimension ref=""/><sheetViews>'),
    "a dimension in lower case": _replace(b"<sheetViews>", b'<dimension ref="a1:b2"/><sheetViews>'),
    "a dimension of row 0": _replace(b"<sheetViews>", b'<dimension ref="A0"/><sheetViews>'),
    "a dimension of three cells": _replace(b"<sheetViews>", b'<dimension ref="A1:B2:C3"/><sheetViews>'),
    "a dimension with another attribute": _replace(b"<sheetViews>", b'<dimension ref="A1" x="1"/><sheetViews>'),
    "a dimension with content": _replace(b"<sheetViews>", b'<dimension ref="A1"><x/></dimension><sheetViews>'),
    "a dimension inside the sheet's properties": _replace(b"</sheetPr>", b'<dimension ref="A1"/></sheetPr>'),
    "merged cells after the rows": _replace(
        b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="H3:J3"/></mergeCells>'
    ),
    "a hyperlink after the rows": _replace(
        b"</sheetData>", b'</sheetData><hyperlinks><hyperlink ref="A3" display="x"/></hyperlinks>'
    ),
    "conditional formatting after the rows": _replace(
        b"</sheetData>",
        b"</sheetData><conditionalFormatting "
        b'sqref="A3"><cfRule type="expression" priority="1"><formula>1'
        b"</formula></cfRule></conditionalFormatting>",
    ),
    "a heading element out of place": _replace(b"</sheetData>", b"</sheetData><oddHeader>x</oddHeader>"),
    "text after the rows": _replace(b"</sheetData>", b"</sheetData>text"),
    "a second sheetData": _replace(b"</sheetData>", b"</sheetData><sheetData></sheetData>"),
    "something after the root": lambda d: d + b"<x/>",
    "a line end after the root": lambda d: d + b"\n",
    "an unclosed element after the rows": _replace(b"</worksheet>", b"<pageMargins></worksheet>"),
    "no rows": lambda d: re.sub(rb"<sheetData>.*</sheetData>", b"<sheetData></sheetData>", d, flags=re.S),
    "an empty sheetData element": lambda d: re.sub(rb"<sheetData>.*</sheetData>", b"<sheetData/>", d, flags=re.S),
}


@pytest.fixture(scope="module")
def deviating(exports, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("deviations")
    return {
        name: rezip(exports["unit"], folder / f"{index}.xlsx", {DECLARATIONS_PART: change})
        for index, (name, change) in enumerate(DEVIATIONS.items())
    }


@pytest.mark.parametrize("name", list(DEVIATIONS))
def test_a_deviation_is_not_ours_and_ends_as_on_the_general_path(deviating, name):
    path = deviating[name]

    assert strict_rows(path.read_bytes(), DECLARATIONS_PART) is None
    fast, general = outcomes(path)
    assert fast == general


@pytest.mark.parametrize(
    ("limits", "name"),
    [
        (WorkbookLimits(max_columns=len(DECLARATION_COLUMNS) - 1), "more columns than allowed"),
        (WorkbookLimits(max_rows=2), "more rows than allowed"),
    ],
)
def test_a_sheet_beyond_the_limits_is_not_ours(exports, limits, name):
    data = exports["unit"].read_bytes()
    assert strict_rows(data, DECLARATIONS_PART, DECLARATION_LIMITS) is not None
    assert strict_rows(data, DECLARATIONS_PART, limits) is None, name


def test_a_row_or_frame_too_long_is_not_ours(exports, monkeypatch):
    """Memory stays bounded: the unfinished row kept between pieces, and the text around the rows, are capped."""
    with zipfile.ZipFile(exports["unit"]) as archive:
        part = archive.read(DECLARATIONS_PART)
    pieces = [part[i : i + 50] for i in range(0, len(part), 50)]
    assert parse_own_sheet(pieces, DECLARATION_LIMITS) is not None
    monkeypatch.setattr(own_sheets, "_MAX_ROW", 100)  # a row of the export is longer
    assert parse_own_sheet(pieces, DECLARATION_LIMITS) is None
    monkeypatch.undo()
    monkeypatch.setattr(own_sheets, "_MAX_FRAME", 100)
    assert parse_own_sheet([part], DECLARATION_LIMITS) is None


def test_a_declaration_in_utf8_and_empty_rows_in_the_middle_are_ours():
    data = streamed_workbook([["a", "", ""], ["", "", ""], ["", "", "c"]])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        part = archive.read("xl/worksheets/sheet1.xml")
    declared = b'<?xml version="1.0" encoding="UTF-8"?>' + part
    assert parse_own_sheet([declared], DECLARATION_LIMITS) == calamine_rows(data, "data")
    assert calamine_rows(data, "data")[3] == ["", "", ""]


def test_rows_without_cells_read_as_calamine_reads_them_and_share_one_list():
    """Hundreds of thousands of empty rows (within the row cap, a 2 MB file) held one list each: 130 MB per sheet."""
    data = streamed_workbook([["a", "", ""], *[["", "", ""]] * 500, ["", "", "c"], *[["", "", ""]] * 100])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        part = archive.read("xl/worksheets/sheet1.xml")
    rows = parse_own_sheet([part], DECLARATION_LIMITS)
    assert rows == calamine_rows(data, "data")
    assert len({id(row) for row in rows if not any(row)}) == 1


def _workbook_xml(change: Callable[[bytes], bytes]) -> dict[str, Callable[[bytes], bytes]]:
    return {"xl/workbook.xml": change}


AMBIGUOUS: dict[str, tuple[dict[str, Callable[[bytes], bytes]], list[tuple[str, bytes]]]] = {
    "two sheets of that name": (
        _workbook_xml(lambda d: d.replace('name="签名公钥"'.encode(), f'name="{DECLARATIONS_SHEET}"'.encode())),
        [],
    ),
    "two sheets on that part": (_workbook_xml(lambda d: d.replace(b'r:id="rId4"', b'r:id="rId2"')), []),
    "a target calamine resolves elsewhere": (
        {
            "xl/_rels/workbook.xml.rels": lambda d: d.replace(
                b'Target="/xl/worksheets/sheet2.xml"', b'Target="worksheets/../worksheets/sheet2.xml"'
            )
        },
        [],
    ),
    "a target with the folder twice": (
        {
            "xl/_rels/workbook.xml.rels": lambda d: d.replace(
                b'Target="/xl/worksheets/sheet2.xml"', b'Target="xl/worksheets/sheet2.xml"'
            )
        },
        [],
    ),
    "two members of that name": ({}, [(DECLARATIONS_PART, b"<worksheet/>")]),
    # Found by a second reader: calamine takes the unqualified element (the first of the name), ours did not.
    "an unqualified sheet element of that name first": (
        _workbook_xml(
            lambda d: d.replace(
                b"<sheets>", f'<sheets><sheet xmlns="" name="{DECLARATIONS_SHEET}" sheetId="9" r:id="rId3" />'.encode()
            )
        ),
        [],
    ),
    # … and calamine reads only Relationship elements, ours took any element with an Id.
    "another element with an Id in the relationships": (
        {
            "xl/_rels/workbook.xml.rels": lambda d: d.replace(
                b"</Relationships>", b'<Other Id="rId2" Target="/xl/worksheets/sheet3.xml" /></Relationships>'
            )
        },
        [],
    ),
    "an Id twice in the relationships": (
        {
            "xl/_rels/workbook.xml.rels": lambda d: d.replace(
                b"</Relationships>",
                b'<Relationship Type="x" Target="/xl/worksheets/sheet3.xml" Id="rId2" /></Relationships>',
            )
        },
        [],
    ),
}


@pytest.mark.parametrize("name", list(AMBIGUOUS))
def test_a_sheet_whose_part_is_ambiguous_is_left_to_the_general_path(exports, tmp_path, name):
    changes, extra = AMBIGUOUS[name]
    path = rezip(exports["unit"], tmp_path / "ambiguous.xlsx", changes, extra)
    stream = io.BytesIO(path.read_bytes())
    with zipfile.ZipFile(stream) as archive:
        own = read_own_sheets(stream, archive, path.name, DECLARATION_LIMITS, (DECLARATIONS_SHEET, INTERESTS_SHEET))
    assert DECLARATIONS_SHEET not in own.rows
    assert DECLARATIONS_PART not in own.parts
    fast, general = outcomes(path)
    assert fast == general


def test_a_damaged_part_is_left_to_the_safety_scan(exports, tmp_path):
    path = rezip(exports["unit"], tmp_path / "damaged.xlsx", {})
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo(DECLARATIONS_PART)
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + info.compress_size // 2 : start + info.compress_size // 2 + 64] = b"\0" * 64
    path.write_bytes(bytes(data))

    assert strict_rows(bytes(data), DECLARATIONS_PART) is None
    fast, general = outcomes(path)
    assert fast == general
    assert fast[1] == "damaged"


def test_the_parts_read_strictly_are_not_scanned_again():
    far = b'<worksheet><sheetData><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", far)
    with zipfile.ZipFile(buffer) as archive:
        with pytest.raises(SheetTooLarge):
            _check_contents(buffer, archive, "t.xlsx", DECLARATION_LIMITS)
        _check_contents(buffer, archive, "t.xlsx", DECLARATION_LIMITS, skip_parts={"xl/worksheets/sheet1.xml"})


# -- files from elsewhere -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(exports, tmp_path_factory) -> dict[str, tuple[Path, object]]:
    return build_hostile_files(exports["unit"], tmp_path_factory.mktemp("hostile-own"))


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_hostile_or_broken_file_ends_as_on_the_general_path(hostile, name):
    path, case = hostile[name]
    fast, general = outcomes(path, case.password)
    assert fast == general


def test_a_libreoffice_resave_takes_the_general_path(exports, libreoffice, tmp_path):
    [resaved] = libreoffice([exports["unit"]], tmp_path / "resaved")
    stream = io.BytesIO(resaved.read_bytes())
    with zipfile.ZipFile(stream) as archive:
        own = read_own_sheets(stream, archive, resaved.name, DECLARATION_LIMITS, (DECLARATIONS_SHEET, INTERESTS_SHEET))
    assert own.rows == {}
    fast, general = outcomes(resaved)
    assert isinstance(fast, ReadWorkbook)
    assert fast == general
    assert verify_workbook(fast).valid


def test_the_large_sheets_read_side_by_side_in_worker_processes_give_the_same(exports, tmp_path):
    """With a process pool (an import's), the two sheets are parsed in its processes: the same rows, the same parts,
    the same read workbook; and a workbook that is not ours takes the general path there too."""
    resaved = as_shared_strings(exports["all"], tmp_path / "resaved.xlsx")  # as other programs save it: not ours
    with ProcessPoolExecutor(2) as pool:
        for path in (exports["unit"], exports["all"], resaved):
            data = path.read_bytes()
            stream = io.BytesIO(data)
            with open_checked_package(stream, path.name, len(data), DECLARATION_LIMITS) as archive:
                sheets = (DECLARATIONS_SHEET, INTERESTS_SHEET)
                alone = read_own_sheets(stream, archive, path.name, DECLARATION_LIMITS, sheets)
                side_by_side = read_own_sheets(stream, archive, path.name, DECLARATION_LIMITS, sheets, pool)
            assert side_by_side == alone
            assert bool(alone.parts) == (path != resaved)
            assert read_workbook(path, executor=pool) == read_workbook(path)


class _Recording(Executor):
    """An executor that remembers what it is sent, and passes it on."""

    def __init__(self, inner: Executor) -> None:
        self.inner, self.sent = inner, []

    def submit(self, fn, /, *args, **kwargs):
        self.sent.append(args)
        return self.inner.submit(fn, *args, **kwargs)


def test_each_worker_is_sent_only_where_its_own_part_is_not_the_whole_file(exports, tmp_path):
    """Issue 12, finding 7: the whole file was pickled to every worker. Now a worker is sent the file's path and
    identity and its part's offset (it reads that part alone), or, for a package decrypted in memory, its part as
    it lies compressed in the package (local header and data). The smallest part is read by the caller itself, the
    others are sent largest first (issue 16, item 1)."""
    path = exports["all"]
    data = path.read_bytes()
    encrypted = tmp_path / "encrypted.xlsx"
    encrypted.write_bytes(encrypt_workbook(data, "File-pass-2931"))
    with zipfile.ZipFile(path) as archive:
        sizes = {info.filename: info.compress_size for info in archive.infolist()}
        unpacked = {info.filename: info.file_size for info in archive.infolist()}
    with ProcessPoolExecutor(2) as pool:
        on_disk, in_memory = _Recording(pool), _Recording(pool)
        read = read_workbook(path, executor=on_disk)
        decrypted = read_workbook(encrypted, "File-pass-2931", executor=in_memory)
    largest_first = sorted(STRICT_PARTS, key=lambda part: -unpacked[part])
    assert len(set(unpacked[part] for part in STRICT_PARTS)) == len(STRICT_PARTS)  # an order without ties
    # Each worker is sent its member as member_where located it: (where, name, compression, sizes), then the rest.
    assert [args[0][1] for args in on_disk.sent] == largest_first[:-1] == [args[0][1] for args in in_memory.sent]
    for args in on_disk.sent:
        assert args[0][0][0] == str(path.resolve())
        assert len(pickle.dumps(args)) < 1024
    for args in in_memory.sent:  # the compressed data after a local header (30 bytes, the name, an extra field)
        where, name = args[0][:2]
        assert sizes[name] + 30 < len(where) <= sizes[name] + 30 + len(name) + 64 < len(data) // 2
    assert read == read_workbook(path)
    assert decrypted.content == read.content


def test_a_worker_reads_nothing_of_a_file_replaced_after_the_checks(exports, tmp_path):
    path = Path(shutil.copy(exports["all"], tmp_path / "w.xlsx"))
    with path.open("rb") as handle, zipfile.ZipFile(handle) as archive:
        member = member_where(handle, archive.getinfo("xl/worksheets/sheet2.xml"), path.name)
        assert read_own_member(member, path.name, DECLARATION_LIMITS) is not None
        path.unlink()
        shutil.copy(exports["unit"], path)
        assert read_own_member(member, path.name, DECLARATION_LIMITS) is None


def _refuse(rows: list[list[str]]) -> None:
    raise ReadStopped("sheet", len(rows), 1)


@pytest.mark.parametrize("refusing", ["in this process", "in a worker"])
def test_what_a_check_raises_reaches_the_caller_wherever_its_sheet_is_read(exports, refusing):
    """With an executor the smallest large sheet is read in the calling process, the others in workers: what a
    sheet's check raises reaches the caller from either (decision 188's floor stops the reading)."""
    path = exports["all"]
    with zipfile.ZipFile(path) as archive:
        chosen = unambiguous_parts(archive, path.name, STRICT_SHEETS)
        by_size = sorted(chosen, key=lambda sheet_part: archive.getinfo(sheet_part[1]).file_size)
    sheet = by_size[0][0] if refusing == "in this process" else by_size[-1][0]
    size = path.stat().st_size
    with (
        ProcessPoolExecutor(2) as pool,
        path.open("rb") as stream,
        open_checked_package(stream, path.name, size, DECLARATION_LIMITS) as archive,
    ):
        with pytest.raises(ReadStopped):
            read_own_sheets(stream, archive, path.name, DECLARATION_LIMITS, STRICT_SHEETS, pool, {sheet: _refuse})
        # The pool is still usable, and reads the same as without it.
        alone = read_own_sheets(stream, archive, path.name, DECLARATION_LIMITS, STRICT_SHEETS)
        assert read_own_sheets(stream, archive, path.name, DECLARATION_LIMITS, STRICT_SHEETS, pool) == alone
    assert len(alone.rows) == len(STRICT_PARTS)


def _refuse_as(sheet: str, rows: list[list[str]]) -> None:
    raise ReadStopped(sheet, len(rows), 1)


def test_where_two_sheets_checks_raise_the_caller_gets_the_first_sheet_s_as_without_workers(exports):
    """The smallest sheet is read in the calling process, the others in workers; the error the caller gets is the
    one of the first sheet in the sheets' order, as when they are read one after another (whichever finished
    first)."""
    path = exports["all"]
    with zipfile.ZipFile(path) as archive:
        chosen = unambiguous_parts(archive, path.name, STRICT_SHEETS)
    size = path.stat().st_size

    checks = {sheet: functools.partial(_refuse_as, sheet) for sheet, _part in chosen}
    found = {}
    with ProcessPoolExecutor(2) as pool, path.open("rb") as stream:
        for executor in (None, pool):
            with (
                open_checked_package(stream, path.name, size, DECLARATION_LIMITS) as archive,
                pytest.raises(ReadStopped) as raised,
            ):
                read_own_sheets(stream, archive, path.name, DECLARATION_LIMITS, STRICT_SHEETS, executor, checks)
            found[executor is None] = raised.value.sheet
    assert found[True] == chosen[0][0]
    assert found[False] == found[True]
