"""The streamed data rows of the workbook: the same texts as cells.to_text, every value a text cell (never a formula),
XML special characters escaped, surrounding white space kept, formula-like text quote-prefixed, control characters
refused; read back the same by python-calamine and openpyxl."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from desktop.exchange.workbook.cells import texts_of, to_text
from desktop.exchange.workbook.columns import Column, Kind
from desktop.exchange.xlsx.in_memory import quote_style
from desktop.exchange.xlsx.sheet_stream import IllegalCharacter, rows_xml, splice

VALUES: dict[Kind, list[object]] = {
    Kind.TEXT: [None, "", "张三", "a\nb", "12", 7],
    Kind.IDENTIFIER: [None, "", "110101199003070011", "000123"],
    Kind.YES_NO: [None, True, False],
    Kind.DECIMAL: [None, Decimal("12.50"), Decimal("0"), Decimal("1E+3"), Decimal("-0.0")],
    Kind.DATE: [None, dt.date(2020, 5, 1), "2020-05-01"],
    Kind.TIME: [None, "2026-11-21T09:30:00Z"],
    Kind.INTEGER: [None, 0, 12],
    Kind.BASE64: [None, b"", b"\x00\xffsig", "QUJD"],
    Kind.WORD: [None, "经营中"],
    Kind.WORDS: [None, "出资人\n股东"],  # form version 2: the roles of an interest, one per line
}


@pytest.mark.parametrize("kind", list(Kind))
def test_texts_are_those_of_to_text(kind: Kind) -> None:
    texts = texts_of((Column("v", "v", kind),))
    for value in VALUES[kind]:
        assert texts({"v": value}) == [to_text(kind, value)], value


TRICKY = [
    "=SUM(1,2)",
    "+1",
    "-5",
    "@cmd",
    "a & b < c > d",
    "  padded  ",
    "line\nbreak",
    "终",
    "&amp;",
    "]]>",
    "<f>1</f>",
    "'quoted",
]


def _workbook(rows: list[list[str]]) -> bytes:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("data")
    sheet.append(["heading"] * 3)
    sheet.append(["k1", "k2", "k3"])
    style = quote_style(sheet)
    template = io.BytesIO()
    workbook.save(template)
    out = io.BytesIO()
    splice(template.getvalue(), out, {sheet.path.lstrip("/"): rows_xml(3, rows, 3, style)})
    return out.getvalue()


def test_tricky_texts_come_back_as_written_and_nothing_is_a_formula() -> None:
    rows = [[text, "x", ""] for text in TRICKY]
    data = _workbook(rows)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in xml.replace(b"&lt;f&gt;", b"")
    values = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("data").to_python()
    assert [row[0] for row in values[2:]] == TRICKY
    assert all(row[2] == "" for row in values[2:])
    sheet = openpyxl.load_workbook(io.BytesIO(data))["data"]
    for number, text in enumerate(TRICKY, start=3):
        cell = sheet.cell(number, 1)
        assert cell.value == text
        assert cell.data_type == "s"
        assert cell.quotePrefix == (text[0] in "=+-@")
    assert sheet.max_row == len(TRICKY) + 2


def test_rows_are_numbered_and_many_rows_are_written_in_pieces() -> None:
    rows = [[f"r{n}", str(n), "末"] for n in range(5000)]
    values = CalamineWorkbook.from_filelike(io.BytesIO(_workbook(rows))).get_sheet_by_name("data").to_python()
    assert values[2:] == rows


@pytest.mark.parametrize("character", ["\x00", "\x08", "\x0b", "\x1f"])
def test_control_characters_are_refused(character: str) -> None:
    with pytest.raises(IllegalCharacter):
        list(rows_xml(1, [["ok"], [f"a{character}b"]], 3, 1))


def test_tab_and_line_ends_are_allowed() -> None:
    assert "a\tb\nc" in "".join(rows_xml(1, [["a\tb\nc"]], 3, 1))
