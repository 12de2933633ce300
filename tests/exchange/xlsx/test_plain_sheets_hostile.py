"""A hostile clerk's sheets against the streamed reader (issue 12/16 trust, decision 145): for each hand-edited sheet
the reader either gives exactly python-calamine's values and types, or leaves the sheet to calamine (None); it never
raises anything but its own refusal and never reads a value differently."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from desktop.exchange.workbook.reader import DECLARATION_LIMITS
from desktop.exchange.xlsx.errors import WorkbookError
from desktop.exchange.xlsx.safety import UnsafeWorkbook, check_workbook_file
from tests.exchange.xlsx.test_plain_sheets import _FRAME, _MAIN, _mine, _package

_A = "<si><t>a</t></si>"
_EMPTY = "<si><t/></si>"
_ONE = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'


def _item(text: str) -> str:
    return f"<si><t>{text}</t></si>"


#: name: (sheetData content, shared string items). Each was tried against python-calamine 0.9 (see decision 145).
_ATTACKS: dict[str, tuple[str, list[str]]] = {
    "an inline text cell without its text, last in its row": (
        '<row r="1"><c r="A1" t="b"><v>1</v></c><c r="C1" t="inlineStr"/></row>',
        [_A],
    ),
    "an inline text cell with an empty element, last in its row": (
        '<row r="1"><c r="A1" t="b"><v>1</v></c><c r="C1" t="inlineStr"></c></row>',
        [_A],
    ),
    "an inline text cell without its text, alone": ('<row r="1"><c r="B1" t="inlineStr"/></row>', [_A]),
    "an empty inline text, last in its row": (
        '<row r="1"><c r="A1" t="b"><v>1</v></c><c r="C1" t="inlineStr"><is><t/></is></c></row>',
        [_A],
    ),
    "an empty shared string, last in its row": (
        '<row r="1"><c r="A1" t="b"><v>1</v></c><c r="C1" t="s"><v>1</v></c></row>',
        [_A, _EMPTY],
    ),
    "an empty shared string alone in a later row": (
        '<row r="1"><c r="A1" t="b"><v>1</v></c></row><row r="2"><c r="D2" t="s"><v>1</v></c></row>',
        [_A, _EMPTY],
    ),
    "a shared string index with leading zeros": ('<row r="1"><c r="A1" t="s"><v>001</v></c></row>', [_A, _item("b")]),
    "a shared string index past 32 bits": ('<row r="1"><c r="A1" t="s"><v>4294967296</v></c></row>', [_A]),
    "a negative shared string index": ('<row r="1"><c r="A1" t="s"><v>-1</v></c></row>', [_A]),
    "a shared string index that is not a number": ('<row r="1"><c r="A1" t="s"><v>x</v></c></row>', [_A]),
    "a shared string index with white space": ('<row r="1"><c r="A1" t="s"><v> 0</v></c></row>', [_A]),
    "a boolean 00": ('<row r="1"><c r="A1" t="b"><v>00</v></c></row>', [_A]),
    "a boolean true": ('<row r="1"><c r="A1" t="b"><v>true</v></c></row>', [_A]),
    "a boolean with white space": ('<row r="1"><c r="A1" t="b"><v>1 </v></c></row>', [_A]),
    "literal CR LF and CR in a shared string": (_ONE, ["<si><t>a\r\nb\rc</t></si>"]),
    "literal CR LF and CR in an inline text": (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>a\r\nb\rc</t></is></c></row>',
        [_A],
    ),
    "a reference to NUL": (_ONE, [_item("a&#x0;b")]),
    "a reference to a surrogate": (_ONE, [_item("a&#xD800;b")]),
    "a reference to a byte order mark": (_ONE, [_item("&#65279;b")]),
    "a reference to U+FFFE": (_ONE, [_item("a&#xFFFE;b")]),
    "a reference with an upper-case X": (_ONE, [_item("a&#X41;b")]),
    "a reference past U+10FFFF": (_ONE, [_item("a&#x110000;b")]),
    "a reference of twenty digits": (_ONE, [_item("a&#99999999999999999999;b")]),
    "a reference with leading zeros": (_ONE, [_item("a&#00065;b")]),
    "a reference to a tab at the start of an unmarked text": (_ONE, [_item("&#9;b")]),
    "a reference to a no-break space at the end": (_ONE, [_item("b&#160;")]),
    "an undeclared entity": (_ONE, [_item("a&nbsp;b")]),
    "a bare ampersand": (_ONE, [_item("a & b")]),
    "a no-break space at the end": (_ONE, [_item("b\u00a0")]),
    "an ideographic space at the end": (_ONE, [_item("b\u3000")]),
    "a vertical tab": (_ONE, [_item("b\x0bc")]),
    "a control character": (_ONE, [_item("b\x01c")]),
    "U+FFFF": (_ONE, [_item("b\uffffc")]),
    "a lone >": (_ONE, [_item("a>b]]>c")]),
    "rows going backwards after a gap": ('<row r="3"><c r="A3" t="b"><v>1</v></c></row><row r="2"/>', [_A]),
    "a row repeated": ('<row r="1"/><row r="1"/><row r="2"><c r="A2" t="b"><v>1</v></c></row>', [_A]),
    "a row repeated with values": (
        '<row r="1"><c r="A1" t="b"><v>1</v></c></row><row r="1"><c r="B1" t="b"><v>0</v></c></row>',
        [_A],
    ),
    "a row number 0": ('<row r="0"><c r="A1" t="b"><v>1</v></c></row>', [_A]),
    "a row number with leading zeros": ('<row r="01"><c r="A1" t="b"><v>1</v></c></row>', [_A]),
    "a cell reference in lower case": ('<row r="1"><c r="a1" t="b"><v>1</v></c></row>', [_A]),
    "a white space only text, preserved": (
        '<row r="1"><c r="B1" t="s"><v>0</v></c></row>',
        ['<si><t xml:space="preserve"> </t></si>'],
    ),
    "xml:space on the item": (_ONE, ['<si xml:space="preserve"><t> a</t></si>']),
    "xml:space default": (_ONE, ['<si><t xml:space="default"> a</t></si>']),
    "a preserved run before an unmarked one": (
        _ONE,
        ['<si><r><t xml:space="preserve">a </t></r><r><t>b</t></r></si>'],
    ),
    "a run with a space at its end, unmarked": (_ONE, ["<si><r><t>a </t></r><r><t>b</t></r></si>"]),
    "an empty run": (_ONE, ["<si><r><t></t></r></si>"]),
    "a text of white space in a preserved run": (_ONE, ['<si><r><t xml:space="preserve">  </t></r></si>']),
    "a preserved text starting with a line end": (_ONE, ['<si><t xml:space="preserve">\r\nx</t></si>']),
    "the last column XFD": ('<row r="1"><c r="XFD1" t="b"><v>1</v></c></row>', [_A]),
    "a column past XFD": ('<row r="1"><c r="XFE1" t="b"><v>1</v></c></row>', [_A]),
    "a row past Excel's last": ('<row r="1048577"><c r="A1048577" t="b"><v>1</v></c></row>', [_A]),
    "a style index of nine digits": ('<row r="1"><c r="A1" s="999999999" t="b"><v>1</v></c></row>', [_A]),
    "attributes in single quotes": ("<row r='1'><c r='A1' t='b'><v>1</v></c></row>", [_A]),
    "the type before the reference": ('<row r="1"><c t="b" r="A1"><v>1</v></c></row>', [_A]),
    "a prefixed row": ('<x:row xmlns:x="urn:x" r="1"><c r="A1" t="b"><v>1</v></c></x:row>', [_A]),
    "a prefixed value": ('<row r="1"><c r="A1" t="b"><x:v xmlns:x="urn:x">1</x:v></c></row>', [_A]),
    "a cell without its reference after one with": (
        '<row r="1"><c r="A1" t="b"><v>1</v></c><c t="b"><v>0</v></c></row>',
        [_A],
    ),
    "a text cell typed str": ('<row r="1"><c r="A1" t="str"><v>x</v></c></row>', [_A]),
    "an ISO date cell": ('<row r="1"><c r="A1" t="d"><v>2027-03-01T02:00:00</v></c></row>', [_A]),
    "an error cell": ('<row r="1"><c r="A1" t="e"><v>#DIV/0!</v></c></row>', [_A]),
    "a huge number": ('<row r="1"><c r="A1"><v>1e309</v></c></row>', [_A]),
    "NaN": ('<row r="1"><c r="A1"><v>NaN</v></c></row>', [_A]),
    "minus zero": ('<row r="1"><c r="A1"><v>-0</v></c></row>', [_A]),
    "a rich inline text": (
        '<row r="1"><c r="A1" t="inlineStr"><is><r><t>a</t></r><r><t>b</t></r></is></c></row>',
        [_A],
    ),
    "an inline text with a value too": (
        '<row r="1"><c r="A1" t="inlineStr"><v>0</v><is><t>a</t></is></c></row>',
        [_A],
    ),
    "a shared string with its value and an inline text": (
        '<row r="1"><c r="A1" t="s"><v>0</v><is><t>b</t></is></c></row>',
        [_A],
    ),
    "an Excel escape in a run": (_ONE, ["<si><r><t>a_x000A_b</t></r></si>"]),
    "an escape of the escape": (_ONE, ["<si><t>a_x005F_x000D_b</t></si>"]),
    "a value split by a comment": ('<row r="1"><c r="A1" t="s"><v>0<!-- -->0</v></c></row>', [_A]),
    "white space between cells": ('<row r="1"><c r="A1" t="b"><v>1</v></c>\n<c r="B1" t="b"><v>0</v></c></row>', [_A]),
    "deep nesting in a cell": (
        '<row r="1"><c r="A1" t="inlineStr"><is>' + "<r>" * 500 + "<t>a</t>" + "</r>" * 500 + "</is></c></row>",
        [_A],
    ),
}


def _theirs(path: Path) -> object:
    try:
        return CalamineWorkbook.from_path(str(path)).get_sheet_by_name("S").to_python(skip_empty_area=False)
    except Exception as error:  # calamine refuses it: the streamed reader must leave it (None)
        return error


@pytest.mark.parametrize("name", sorted(_ATTACKS))
def test_a_hand_edited_sheet_is_read_as_calamine_reads_it_or_left_to_calamine(tmp_path: Path, name: str) -> None:
    rows, strings = _ATTACKS[name]
    path = _package(tmp_path / "attack.xlsx", rows, strings)
    mine, theirs = _mine(path), _theirs(path)
    if mine is None:
        return
    assert mine == theirs
    assert isinstance(theirs, list)
    assert [type(v) for row in mine for v in row] == [type(v) for row in theirs for v in row]


# -- whole parts: the package checks refuse it (typed, one sentence), or the reader agrees with calamine ---------------

_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
)
_EXTERNAL = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
_ROWS = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="b"><v>1</v></c></row>'


def _strings(items: str, declaration: str = _DECLARATION, before: str = "") -> bytes:
    return (declaration + before + f'<sst xmlns="{_MAIN}" count="1" uniqueCount="1">{items}</sst>').encode()


_SHEET = _FRAME.format(rows=_ROWS)
_TEXT = "<si><t>a</t></si>"

#: name: (sheet part, shared strings part).
_PARTS: dict[str, tuple[bytes, bytes]] = {
    "billion laughs in the shared strings": (_SHEET.encode(), _strings("<si><t>&lol3;</t></si>", before=_LAUGHS)),
    "billion laughs in the sheet": (
        _FRAME.format(rows='<row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row>')
        .replace("?>\n", "?>\n" + _LAUGHS, 1)
        .encode(),
        _strings(_TEXT),
    ),
    "an external entity": (_SHEET.encode(), _strings("<si><t>&xxe;</t></si>", before=_EXTERNAL)),
    "a byte order mark before the shared strings": (_SHEET.encode(), b"\xef\xbb\xbf" + _strings(_TEXT)),
    "a byte order mark before the sheet": (("\ufeff" + _SHEET).encode(), _strings(_TEXT)),
    "shared strings in UTF-16": (
        _SHEET.encode(),
        _strings("<si><t>a张</t></si>", '<?xml version="1.0" encoding="UTF-16"?>\n').decode().encode("utf-16"),
    ),
    "a sheet in UTF-16": (_SHEET.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"), _strings(_TEXT)),
    "a sheet declared Latin-1 with a Latin-1 text": (
        _SHEET.replace("UTF-8", "ISO-8859-1")
        .replace('<c r="B1" t="b"><v>1</v></c>', '<c r="B1" t="inlineStr"><is><t>café</t></is></c>')
        .encode("latin-1"),
        _strings(_TEXT),
    ),
    "shared strings declared Latin-1, bytes of UTF-8": (
        _SHEET.encode(),
        _strings("<si><t>café</t></si>", '<?xml version="1.0" encoding="ISO-8859-1"?>\n'),
    ),
    "shared strings without a declaration": (_SHEET.encode(), _strings(_TEXT, declaration="")),
    "prefixed shared strings": (
        _SHEET.encode(),
        f'<?xml version="1.0"?><x:sst xmlns:x="{_MAIN}"><x:si><x:t>a</x:t></x:si></x:sst>'.encode(),
    ),
    "shared strings with an extension list": (_SHEET.encode(), _strings(_TEXT + '<extLst><ext uri="x"/></extLst>')),
    "an item after the end of the shared strings": (_SHEET.encode(), _strings(_TEXT) + b"<si><t>b</t></si>"),
    "two shared strings roots": (_SHEET.encode(), _strings(_TEXT) + _strings("<si><t>b</t></si>", declaration="")),
    "shared strings in single quotes": (
        f"<?xml version='1.0' encoding='UTF-8'?>\n<sst xmlns='{_MAIN}' count='1'>{_TEXT}</sst>".encode(),
        _strings(_TEXT),
    ),
    "a second sheetData": (
        _SHEET.replace(
            "</worksheet>", '<sheetData><row r="1"><c r="A1" t="b"><v>0</v></c></row></sheetData></worksheet>'
        ).encode(),
        _strings(_TEXT),
    ),
    "an empty sheetData before the rows": (
        _SHEET.replace("<sheetData>", "<sheetData/><sheetData>").encode(),
        _strings(_TEXT),
    ),
    "rows after sheetData": (
        _SHEET.replace("</worksheet>", '<row r="2"><c r="A2" t="b"><v>0</v></c></row></worksheet>').encode(),
        _strings(_TEXT),
    ),
    "a prefixed sheetData in an extension": (
        _SHEET.replace(
            "</worksheet>", '<extLst><ext uri="u"><x:sheetData xmlns:x="urn:x"/></ext></extLst></worksheet>'
        ).encode(),
        _strings(_TEXT),
    ),
    "another default namespace": (
        _SHEET.replace(f'<worksheet xmlns="{_MAIN}', '<worksheet xmlns="urn:x').encode(),
        _strings(_TEXT),
    ),
    "100,000 nested elements after the rows": (
        _SHEET.replace("</worksheet>", "<a>" * 100_000 + "</a>" * 100_000 + "</worksheet>").encode(),
        _strings(_TEXT),
    ),
}


def _refusal(path: Path) -> str | None:
    """The package checks' sentence, or None where they pass the file."""
    try:
        check_workbook_file(path, DECLARATION_LIMITS)
    except WorkbookError as error:
        return str(error)
    return None


def _replaced(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path) as old:
        contents = {info.filename: old.read(info) for info in old.infolist()}
    contents.update(parts)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in contents.items():
            new.writestr(name, data)
    return path


@pytest.mark.parametrize("name", sorted(_PARTS))
def test_a_hand_edited_part_is_refused_by_the_checks_or_read_as_calamine_reads_it(tmp_path: Path, name: str) -> None:
    sheet, strings = _PARTS[name]
    path = _replaced(
        _package(tmp_path / "attack.xlsx", "", [_TEXT]),
        {"xl/worksheets/sheet1.xml": sheet, "xl/sharedStrings.xml": strings},
    )
    refusal = _refusal(path)
    if refusal is not None:
        assert path.name in refusal
        return
    mine, theirs = _mine(path), _theirs(path)
    if mine is not None:
        assert mine == theirs


def test_a_part_declaring_two_gigabytes_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    """The zip directory (and local header) of the sheet say 2 GB for a part of a few hundred bytes."""
    path = _package(tmp_path / "declared.xlsx", _ROWS, [_TEXT])
    data = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    for signature, name_at, size_at in ((b"PK\x01\x02", 46, 24), (b"PK\x03\x04", 30, 22)):
        at = data.find(signature)
        while at >= 0:
            length = int.from_bytes(data[at + name_at - 18 : at + name_at - 16], "little")
            if data[at + name_at : at + name_at + length] == name:
                data[at + size_at : at + size_at + 4] = (2_000_000_000).to_bytes(4, "little")
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))
    with pytest.raises(UnsafeWorkbook) as refused:
        check_workbook_file(path, DECLARATION_LIMITS)
    assert refused.value.code == "ratio"
    assert path.name in str(refused.value)


@pytest.mark.parametrize("where", ["row", "frame"])
def test_an_attribute_of_nine_megabytes_is_not_kept_whole(tmp_path: Path, where: str) -> None:
    """An attribute longer than the reader keeps between pieces (8 M characters) in a row is left to calamine (the
    checks refuse it: unusual XML); before the rows it is passed over and the rows are read as calamine reads them.
    Random letters, so that the part passes the compression ratio."""
    table = bytes.maketrans(bytes(range(256)), b"abcdefghijklmnopqrstuvwxyz012345" * 8)
    value = random.Random(3).randbytes(9 << 20).translate(table).decode()
    if where == "row":
        path = _package(
            tmp_path / "attribute.xlsx", f'<row r="1" spans="{value}"><c r="A1" t="b"><v>1</v></c></row>', []
        )
        assert _mine(path) is None
    else:
        sheet = _FRAME.format(rows=_ROWS).replace('<sheetPr filterMode="false"/>', f'<sheetPr codeName="{value}"/>')
        path = _package(tmp_path / "attribute.xlsx", "", [_TEXT], sheet)
        mine, theirs = _mine(path), _theirs(path)
        assert mine == theirs == [["a", True]]
