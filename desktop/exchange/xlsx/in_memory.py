"""Saving an openpyxl workbook without any file in the temp folder.

openpyxl (3.1) writes every worksheet's XML to a file in the temp folder first (``worksheet/_writer.py``:
``create_temporary_file``) — in write-only mode from the first appended row until the package is saved, in normal mode
while the package is saved — and deletes it only at the end. A process killed meanwhile leaves the sheets there in
plain text: names, ID numbers, findings, also for a file the user asked to encrypt (issue 12, finding 4). Here each
sheet's XML goes to memory instead (``WorksheetWriter(ws, out=BytesIO())``, which openpyxl supports) and is added to
the package with ``writestr``.

Use ``memory_sheet(workbook, title)`` instead of ``workbook.create_sheet(title)`` for a write-only workbook, and
``save_workbook(workbook, target)`` instead of ``workbook.save(target)`` for any workbook. A write-only sheet created
any other way is refused at save time rather than silently written through the temp folder.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.writer.excel import ExcelWriter


class _MemorySheet(WriteOnlyWorksheet):  # type: ignore[misc]  # openpyxl is untyped
    """A write-only worksheet whose rows are serialised into memory. The writer is made at the first row, as
    openpyxl does, so that column widths and other settings made before still reach the sheet's top."""

    _writer: Any

    def _get_writer(self) -> None:
        if self._writer is None:
            writer = WorksheetWriter(self, out=io.BytesIO())
            writer.write_top()
            self._writer = writer


def memory_sheet(workbook: Workbook, title: str) -> Any:
    """A new write-only sheet of ``workbook`` whose rows stay in memory (in place of ``create_sheet``)."""
    if not workbook.write_only:
        raise TypeError("memory_sheet is for write-only workbooks; a normal workbook's sheets are in memory anyway")
    sheet = _MemorySheet(parent=workbook, title=title)
    workbook._add_sheet(sheet)
    return sheet


class _MemoryExcelWriter(ExcelWriter):  # type: ignore[misc]  # openpyxl is untyped
    """openpyxl's ExcelWriter, but each worksheet's XML is made in memory and added with ``writestr``."""

    def write_worksheet(self, ws: Any) -> None:
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        if self.workbook.write_only:
            if not isinstance(ws, _MemorySheet):
                raise TypeError(f"the write-only sheet {ws.title!r} was not made with memory_sheet")
            if not ws.closed:
                ws.close()
            writer = ws._writer
        else:
            writer = WorksheetWriter(ws, out=io.BytesIO())
            writer.write()
        ws._rels = writer._rels
        self._archive.writestr(ws.path[1:], writer.read())
        self.manifest.append(ws)


def save_workbook(workbook: Workbook, target: BinaryIO) -> None:
    """Write ``workbook`` as .xlsx to the binary stream ``target`` (what openpyxl's ``Workbook.save`` does, with no
    temp file). A path is refused: the caller decides where and how the file is written (atomically, mode 0600)."""
    if isinstance(target, str | Path):
        raise TypeError("save_workbook writes to a stream; write the file with desktop.store.atomic")
    if workbook.write_only and not workbook.worksheets:
        memory_sheet(workbook, "Sheet")
    # As openpyxl's save_workbook: the package records when it was written.
    workbook.properties.modified = dt.datetime.now(tz=dt.UTC).replace(tzinfo=None)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        _MemoryExcelWriter(workbook, archive).save()


def workbook_bytes(workbook: Workbook) -> bytes:
    """The .xlsx package of ``workbook`` as bytes."""
    buffer = io.BytesIO()
    save_workbook(workbook, buffer)
    return buffer.getvalue()


def quote_style(sheet: Any) -> int:
    """The index of the quote-prefix text style (for text a spreadsheet could read as a formula), registered in the
    styles of ``sheet``'s workbook: what a streamed row names for such a text (sheet_stream)."""
    cell = WriteOnlyCell(sheet, value="")
    cell.data_type = "s"
    cell.quotePrefix = True
    return int(cell.style_id)
