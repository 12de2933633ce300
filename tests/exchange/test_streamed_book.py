"""A streamed book's sheets are openpyxl's own XML, byte for byte what the in-memory sheets give, written into the
package as rows come: nothing in the temp folder, and the package reads back with every value and style."""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from desktop.exchange.xlsx.in_memory import memory_sheet, workbook_bytes
from desktop.exchange.xlsx.streamed_book import StreamedBook


def _fill(sheet_of: Callable[[str], Any]) -> None:
    for title in ("概况", "发现"):
        sheet = sheet_of(title)
        sheet.column_dimensions["A"].width = 20
        heading = WriteOnlyCell(sheet, value="风险分值")
        heading.font = Font(bold=True)
        sheet.append([heading])
        for number in range(300):
            quoted = WriteOnlyCell(sheet, value="=1+1")
            quoted.data_type, quoted.quotePrefix = "s", True
            sheet.append([number, f"原因 {number} <&> ", quoted, None, "王\u200b伟"])
        sheet.append([])


def test_a_streamed_book_writes_the_sheets_the_in_memory_book_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    book = Workbook(write_only=True)
    _fill(lambda title: memory_sheet(book, title))
    in_memory = zipfile.ZipFile(io.BytesIO(workbook_bytes(book)))
    target = io.BytesIO()
    streamed = StreamedBook(target)
    _fill(streamed.sheet)
    streamed.finish()
    package = zipfile.ZipFile(io.BytesIO(target.getvalue()))
    assert sorted(package.namelist()) == sorted(in_memory.namelist())
    for name in in_memory.namelist():
        if name != "docProps/core.xml":  # records when it was written
            assert package.read(name) == in_memory.read(name), name
    assert list(temp.iterdir()) == []
    read = openpyxl.load_workbook(io.BytesIO(target.getvalue()))
    assert read.sheetnames == ["概况", "发现"]
    assert read["发现"]["C2"].value == "=1+1"
    assert read["发现"]["C2"].data_type == "s"
    assert read["发现"]["A1"].font.bold
    assert read["发现"].max_row == 301


def test_an_empty_streamed_book_has_one_sheet():
    target = io.BytesIO()
    StreamedBook(target).finish()
    assert openpyxl.load_workbook(io.BytesIO(target.getvalue())).sheetnames == ["Sheet"]
