"""Formulas and merged cells in a declaration workbook's sheet XML: readers hide both behind values, so they are
found in the parts themselves, as streams (a part may be large), and located by sheet, row and cell."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import IO, Any, BinaryIO

from desktop.exchange.problems import SheetProblem
from desktop.exchange.workbook.columns import COVER_SHEET, SHEET_COLUMNS, layout
from desktop.exchange.xlsx.errors import _entities, _unusual
from desktop.exchange.xlsx.safety import _sheet_names, _unpacked
from desktop.i18n import N_

_DATA_SHEETS = frozenset({COVER_SHEET, *layout(2, 2).sheets, *SHEET_COLUMNS})
_MAX_LOCATED = 20  # problems of one kind located per sheet; more add nothing a person can act on
_MERGE = re.compile(rb"<(?:[^\s<>/=:\"']+:)?mergeCell\b[^>]*?\sref\s*=\s*[\"']([A-Za-z]+)([0-9]+)")


def structural_problems(
    handle: BinaryIO, archive: zipfile.ZipFile, file: str, marked: set[str] | None = None
) -> list[SheetProblem]:
    """Formulas and merged cells, found in the sheet XML itself (readers hide both behind values). ``marked``: the
    parts the safety scan saw any sign of either in (check_workbook_stream); only those are read again, as a stream
    (a marked part may be large)."""
    found: list[SheetProblem] = []
    names = _sheet_names(archive, file)
    for part, sheet in names.items():
        if sheet not in _DATA_SHEETS:
            continue
        if marked is not None and part not in marked:
            continue
        info = archive.getinfo(part)
        for row, cell in _merged_cells(_unpacked(handle, info, file)):
            found.append(
                SheetProblem(
                    sheet,
                    row,
                    cell,
                    "merged_cells",
                    N_("The sheet has merged cells; unmerge them (the exported file has none)."),
                )
            )
        # Prefixed forms too (<x:f t="shared" …>); a false alarm only costs the precise parse below.
        if _has_formula_mark(_unpacked(handle, info, file)):
            for cell in _formula_cells(io.BufferedReader(_PiecesReader(_unpacked(handle, info, file))), file, part):
                found.append(
                    SheetProblem(
                        sheet,
                        int("".join(filter(str.isdigit, cell)) or 0),
                        cell,
                        "formula",
                        N_("A formula stands where a value belongs."),
                    )
                )
    return found


_FORMULA_MARKS = (b"<f>", b"<f ", b"<f/", b":f>", b":f ", b":f/")
_OVERLAP = 256  # bytes of the piece before kept in front of the next: a mark or a merge reference cut between two


def _has_formula_mark(pieces: Iterator[bytes]) -> bool:
    tail = b""
    for piece in pieces:
        text = tail + piece
        if any(mark in text for mark in _FORMULA_MARKS):
            return True
        tail = piece[-_OVERLAP:]
    return False


def _merged_cells(pieces: Iterator[bytes]) -> list[tuple[int, str]]:
    """(row, first cell) of the first merged ranges, found in the part's pieces (each match once, also when it is
    cut between two pieces)."""
    found: list[tuple[int, str]] = []
    tail, offset, seen_until = b"", 0, -1  # offset: where ``tail`` starts in the part
    for piece in pieces:
        text = tail + piece
        if b"mergeCell" in text:
            for match in _MERGE.finditer(text):
                at = offset + match.start()
                if at <= seen_until:
                    continue
                seen_until = at
                found.append((int(match[2]), f"{match[1].decode().upper()}{int(match[2])}"))
                if len(found) >= _MAX_LOCATED:
                    return found
        keep = min(len(text), _OVERLAP)
        offset += len(text) - keep
        tail = text[len(text) - keep :]
    return found


class _PiecesReader(io.RawIOBase):
    """A readable stream over an iterator of bytes pieces (for a parser that reads from a file)."""

    def __init__(self, pieces: Iterator[bytes]) -> None:
        self._pieces, self._rest = pieces, memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._rest:
            try:
                self._rest = memoryview(next(self._pieces))
            except StopIteration:
                return 0
        size = min(len(buffer), len(self._rest))
        buffer[:size] = self._rest[:size]
        self._rest = self._rest[size:]
        return size


def _formula_cells(xml: IO[bytes], file: str, part: str) -> list[str]:
    """The first cells holding a formula, parsed as a stream (a sheet of formulas must not build a tree of
    millions of elements in memory); entity declarations and broken XML refuse the file."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import iterparse

    cells: list[str] = []
    reference = ""
    try:
        for event, element in iterparse(xml, events=("start", "end")):
            tag = element.tag
            if event == "start":
                if tag.endswith("}c") or tag == "c":
                    reference = element.get("r", "")
            elif tag.endswith("}f") or tag == "f":
                cells.append(reference)
                if len(cells) >= _MAX_LOCATED:
                    break
            elif tag.endswith("}row") or tag == "row":
                element.clear()  # the rows read so far are no longer needed
    except DefusedXmlException:
        raise _entities(file, part) from None
    except ParseError:
        raise _unusual(file, part) from None
    return cells
