"""A write-only openpyxl workbook whose sheets go straight into the .xlsx package as their rows are appended.

``in_memory.memory_sheet`` keeps each sheet's XML in memory until the package is saved: a report of half a million
scores would hold hundreds of megabytes of XML. Here the sheets are written one after another, each into its own
entry of the zip stream (``ZipFile.open(name, "w")``, deflated as it goes) while its rows are appended, and the
other parts (styles, workbook, relationships, content types) are added when the book is finished. The sheet XML is
openpyxl's own, byte for byte what ``memory_sheet`` and ``workbook_bytes`` give; only the order of the parts in the
package differs. No file is made anywhere but the target (which the caller writes atomically).

One sheet is open at a time: asking for the next sheet finishes the one before.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from typing import IO, Any, BinaryIO

from openpyxl import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet._writer import WorksheetWriter

from desktop.exchange.xlsx.in_memory import _MemoryExcelWriter


class _StreamedSheet(WriteOnlyWorksheet):  # type: ignore[misc]  # openpyxl is untyped
    """A write-only sheet whose XML is written into its package entry from the first row on."""

    _writer: Any
    _entry: IO[bytes] | None = None

    def _streamed_to(self, archive: zipfile.ZipFile, part: str) -> None:
        self._archive, self._part = archive, part

    def _get_writer(self) -> None:
        if self._writer is None:
            self._entry = self._archive.open(self._part, "w", force_zip64=True)
            writer = WorksheetWriter(self, out=self._entry)
            writer.write_top()
            self._writer = writer

    def close(self) -> None:
        super().close()
        if self._entry is not None:
            self._entry.close()


class _StreamedExcelWriter(_MemoryExcelWriter):
    """openpyxl's package writer for a book whose sheets are already in the package."""

    def write_worksheet(self, ws: Any) -> None:
        if not isinstance(ws, _StreamedSheet):
            raise TypeError(f"the sheet {ws.title!r} was not made with StreamedBook.sheet")
        if not ws.closed:
            ws.close()
        ws._rels = ws._writer._rels
        self.manifest.append(ws)


class StreamedBook:
    """A write-only workbook written to the binary stream ``target`` sheet by sheet; ``finish`` completes it."""

    def __init__(self, target: BinaryIO) -> None:
        self.workbook = Workbook(write_only=True)
        self._archive = zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self._current: _StreamedSheet | None = None

    def sheet(self, title: str) -> Any:
        """A new sheet; the sheet made before is finished (nothing more can be appended to it)."""
        self._close_current()
        sheet = _StreamedSheet(parent=self.workbook, title=title)
        self.workbook._add_sheet(sheet)
        # openpyxl names a sheet's part by its place in the book when it saves the package (ExcelWriter).
        sheet._streamed_to(self._archive, f"xl/worksheets/sheet{len(self.workbook.worksheets)}.xml")
        self._current = sheet
        return sheet

    def _close_current(self) -> None:
        if self._current is not None and not self._current.closed:
            self._current.close()

    def finish(self) -> None:
        """Finish the last sheet and write the package's other parts."""
        self._close_current()
        if not self.workbook.worksheets:
            self.sheet("Sheet").close()
        # As openpyxl's save_workbook: the package records when it was written.
        self.workbook.properties.modified = dt.datetime.now(tz=dt.UTC).replace(tzinfo=None)
        _StreamedExcelWriter(self.workbook, self._archive).save()  # closes the archive
