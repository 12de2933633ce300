"""The large sheets of other programs' workbooks that this process reads as a stream (the streamed reader,
plain_sheets), with the shared strings they use and the floors their rows are counted by (decisions 217, 223, 233,
235): the reader's state for them, apart from the reading of the whole package (reader.py)."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import BinaryIO

from desktop.exchange.workbook.columns import DECLARATIONS_SHEET, FAMILY_SHEET, INTERESTS_SHEET
from desktop.exchange.workbook.orphan_floor import DeclaredSource, read_here
from desktop.exchange.workbook.read_floor import floors_for
from desktop.exchange.workbook.sheet_values import sheet_strings_used
from desktop.exchange.xlsx.errors import _sheet_area
from desktop.exchange.xlsx.plain_sheets import (
    Strings,
    read_plain_sheet,
    shared_strings,
    strings_used,
    used_by_either,
    used_strings,
)
from desktop.exchange.xlsx.safety import WorkbookLimits


@dataclass
class StreamedSheets:
    """The large sheets the streamed reader of other programs' sheets may take (sheet -> part), and each one's
    extent from the safety scan, which decides whether python-calamine may read it instead (max_cells)."""

    file: str
    stream: BinaryIO
    limits: WorkbookLimits
    parts: dict[str, str]
    extents: dict[str, tuple[int, int]]
    strings: Strings | None = None  # the shared strings, once read (None: not as the streamed reader takes them)
    strings_read: bool = False
    untaken: bool = False  # the table was parsed and the streamed reader does not take it (strings None)
    #: The declarations sheet's ids for the floors of the interests and family sheets read here (decision 217).
    declared: DeclaredSource = field(default_factory=DeclaredSource)
    #: The shared strings each sheet may use, by part, as the safety scan in a worker marked them (decision 233).
    marks: dict[str, bytearray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.unread = set(self.parts.values())

    def floor(self, name: str) -> Callable[[Sequence[Sequence[object]]], None]:
        return self.declared.fed(floors_for((name,))[name])

    def read_here(self, names: list[str]) -> list[str]:
        """Of ``names`` (the large sheets read side by side), those this process reads, in order: the interests sheet
        while a worker reads the declarations sheet (decision 217); where the declarations part is SMALLER_BY times
        smaller than the family part (orphan_floor.read_here, given the parts' unpacked sizes), the declarations, the
        interests and the family sheet (decision 235); none without the declarations sheet among them."""
        if DECLARATIONS_SHEET not in names:
            return []
        with zipfile.ZipFile(self.stream) as archive:
            sizes = {
                name: archive.getinfo(part).file_size
                for name in names
                if (part := self.parts.get(name)) is not None and part in archive.NameToInfo
            }
        order = read_here(sizes) if DECLARATIONS_SHEET in sizes else []
        if FAMILY_SHEET not in order:
            return [INTERESTS_SHEET] if INTERESTS_SHEET in names else []
        return [name for name in order if name in names]

    def calamine_may_read(self, name: str) -> bool:
        rows, columns = self.extents.get(self.parts.get(name, ""), (0, 0))
        return rows * columns <= self.limits.max_cells

    def strings_for(
        self, executor: Executor, where: tuple[str, tuple[int, ...]], parts: dict[str, str | None]
    ) -> dict[str, Strings | None]:
        """The shared strings parsed once, here, for the sheets this process reads (``unread``) and for those on
        ``parts`` (sheet -> part, None: not streamed), which workers read: each worker marks the strings its sheet
        uses while this process marks its own; each such sheet's table keeps only its own (as when the worker parsed
        the table itself), every one where its marks are None. Empty where the streamed reader does not take the
        table (each sheet is then read as it would have been without it)."""
        marks = {
            name: executor.submit(sheet_strings_used, *where, part, self.limits)
            for name, part in parts.items()
            if part is not None and part not in self.marks
        }
        with zipfile.ZipFile(self.stream) as archive:
            used = self.used_by(archive, self.unread)
            theirs: dict[str, bytearray | None] = {
                name: self.marks[part] for name, part in parts.items() if part is not None and part in self.marks
            }
            theirs |= {name: future.result() for name, future in marks.items()}
            for mark in theirs.values():
                used = used_by_either(used, mark)
            self.strings = shared_strings(self.stream, archive, self.file, self.limits, used)
        self.strings_read, self.untaken = True, self.strings is None
        if self.strings is None:
            return {}
        return {name: strings_used(self.strings, mark) for name, mark in theirs.items()}

    def used_by(self, archive: zipfile.ZipFile, parts: Iterable[str]) -> bytearray | None:
        """plain_sheets.used_strings of the sheets on ``parts``: the safety scan's marks where a worker made them
        (the same marks from the same bytes), the other parts' marked here."""
        ordered = sorted(parts)
        known = [self.marks[part] for part in ordered if part in self.marks]
        rest = [part for part in ordered if part not in self.marks]
        used = used_strings(self.stream, archive, rest, self.file, self.limits) if rest or not known else known.pop()
        for mark in known:
            used = used_by_either(used, mark)
        return used

    def read(self, name: str) -> list[list[object]] | None:
        """The sheet read as a stream, or None where the streamed reader does not take it and python-calamine may
        read it; refused where python-calamine may not (the same refusal as before the streamed reader)."""
        part = self.parts.get(name)
        if part is None:
            return None
        if part not in self.unread:  # a part a worker was given and could not read: its strings are read again
            self.unread.add(part)
            self.strings_read = self.untaken  # a table not taken once is not taken again: not parsed again
        with zipfile.ZipFile(self.stream) as archive:
            if not self.strings_read:  # parsed once for every sheet this process reads, keeping what they use
                used = self.used_by(archive, self.unread)
                self.strings = shared_strings(self.stream, archive, self.file, self.limits, used)
                self.strings_read, self.untaken = True, self.strings is None
            rows = (
                None
                if self.strings is None
                else read_plain_sheet(
                    self.stream, archive, part, self.file, self.limits, self.strings, False, self.floor(name)
                )
            )
        self.unread.discard(part)
        if not self.unread:
            self.strings = None  # the rows hold the texts they use; the table itself is no longer needed
        if rows is not None:
            return rows  # type: ignore[return-value]  # texts and booleans are objects
        if not self.calamine_may_read(name):
            raise _sheet_area(self.file, name, *self.extents[part], self.limits.max_cells)
        return None
