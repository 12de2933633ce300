"""Reading a declaration workbook from an untrusted file: safety checks first, then the visible cells, mapped by the
machine keys of row 2 to values. Every problem is reported with its sheet, row and cell; the caller decides whether
anything may be stored (an import takes all of a workbook or nothing)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar, cast

from desktop.exchange.problems import SheetProblem, too_many_problems
from desktop.exchange.workbook.assemble import ReadWorkbook, assemble
from desktop.exchange.workbook.columns import COVER_SHEET, DECLARATIONS_SHEET, FAMILY_SHEET, INTERESTS_SHEET, Layout
from desktop.exchange.workbook.cover import read_cover
from desktop.exchange.workbook.orphan_floor import OWNED_SHEETS, DeclaredSource, count_held, read_here
from desktop.exchange.workbook.read_floor import ReadStopped, floors_for, layouts_of
from desktop.exchange.workbook.row_budget import check_rows_against_cover
from desktop.exchange.workbook.sheet_values import sheet_values, where_on_disk
from desktop.exchange.workbook.streamed_sheets import StreamedSheets
from desktop.exchange.workbook.structure import structural_problems
from desktop.exchange.xlsx.encryption import WorkbookSource, open_workbook
from desktop.exchange.xlsx.own_sheets_placed import read_own_sheets
from desktop.exchange.xlsx.packed_sheet import PackedSheet, Packing, packing_of
from desktop.exchange.xlsx.part_scan_elsewhere import scan_elsewhere, string_marks
from desktop.exchange.xlsx.plain_sheets import (
    Strings,
)
from desktop.exchange.xlsx.safety import (
    UnreadableWorkbook,
    WorkbookLimits,
    _check_contents,
    _check_extension,
    open_checked_package,
)
from desktop.exchange.xlsx.sheet_parts import unambiguous_parts
from desktop.i18n import N_

__all__ = ["DECLARATION_LIMITS", "OpenedWorkbook", "ReadWorkbook", "read_workbook", "read_workbook_as"]

T = TypeVar("T")

#: The sheets that grow with the declarations, read strictly when they are our own XML (decisions 110, 128): a
#: roll-up's sheets are then capped by the cells the strict reader keeps, not by python-calamine's used range.
STRICT_SHEETS = (DECLARATIONS_SHEET, FAMILY_SHEET, INTERESTS_SHEET)
#: The columns a plan of chunks reads of a packed sheet (decision 215): each row's declaration id, and the key cells.
PLANNED_COLUMNS = ("declaration_id", "signer_fingerprint", "countersigner_fingerprint")

#: Declaration workbooks hold up to a city's roll-up: 500,000 declarations with 1,000,000 interests (decision 110;
#: what each limit bounds: WorkbookLimits and docs/workbook-format.md, "Size limits"). Rows: Excel's own maximum.
#: A plain file up to 1 GB (≈ 0.65 kB a declaration, measured) and 3.5 GB unpacked (≈ 4.5 kB a declaration on form
#: version 1, ≈ 7 kB on version 2 with two family members): both bound only the time of the streamed checks.
DECLARATION_LIMITS = WorkbookLimits(
    max_file_bytes=1024 * 1024 * 1024,
    max_unpacked_bytes=3584 * 1024 * 1024,
    max_rows=1_048_576,
    max_columns=100,
)


@dataclass
class OpenedWorkbook:
    """A workbook that passed the package checks: its sheets' values (each taken once, by ``pop``), the problems
    found so far, the cover, the layout the cover names, and what people see that disagrees with the format. A large
    sheet read as a stream has each row only up to its last value (the rest empty texts): the tables pad a block of
    rows at a time (decision 164)."""

    file: str
    sheets: SheetValues
    problems: list[SheetProblem]
    cover: dict[str, str]
    shape: Layout
    seen: list[SheetProblem]


class SheetValues(Protocol):
    def pop(self, name: str) -> list[list[object]]: ...

    def pop_packed(self, name: str) -> PackedSheet | None: ...


def read_workbook(
    path: Path,
    password: str | None = None,
    limits: WorkbookLimits = DECLARATION_LIMITS,
    executor: Executor | None = None,
) -> ReadWorkbook:
    """Read ``path``. Raises UnreadableWorkbook / UnsafeWorkbook (exit 2) when the file cannot be read safely at all;
    otherwise returns the content and every problem found in its cells. With an ``executor`` (a process pool), the
    two large sheets are parsed side by side in its processes, and the large parts of another program's workbook
    (its sheets, its shared strings) safety-scanned there before (desktop.exchange.xlsx.part_scan_elsewhere)."""
    return read_workbook_as(path, _assembled, password, limits, executor)


def read_workbook_as(
    path: Path,
    build: Callable[[OpenedWorkbook], T],
    password: str | None = None,
    limits: WorkbookLimits = DECLARATION_LIMITS,
    executor: Executor | None = None,
    packed: bool = False,
) -> T:
    """What ``build`` makes of the opened workbook (read_workbook: its content, assembled), with the same checks
    before and the same check after (the file read is the file checked). ``packed``: the large sheets in our own
    XML are kept packed (``OpenedWorkbook.sheets.pop_packed``; ``pop`` unpacks them), for a plan of chunks."""
    _check_extension(path)
    packing = {sheet: packing_for(sheet) for sheet in STRICT_SHEETS} if packed else None
    with open_workbook(path, password) as source:
        try:
            read = _read_package(path.name, source, limits, executor, build, packing)
        except ReadStopped as stopped:  # the sheet's rows certainly fail past the bound (decision 188)
            raise too_many_problems(path.name, stopped.bound, stopped.sheet, stopped.row) from None
        source.check_unchanged()  # what was checked is what was read
    return read


def _assembled(opened: OpenedWorkbook) -> ReadWorkbook:
    return assemble(opened.file, opened.sheets, opened.problems, opened.cover, opened.shape, opened.seen)  # type: ignore[arg-type]  # SheetValues pops like a dict


def _read_package(
    file: str,
    source: WorkbookSource,
    limits: WorkbookLimits,
    executor: Executor | None,
    build: Callable[[OpenedWorkbook], T],
    packing: Mapping[str, Packing] | None = None,
) -> T:
    from python_calamine import CalamineError, CalamineWorkbook

    marked: set[str] = set()
    stream = source.handle
    with open_checked_package(stream, file, source.size, limits) as archive:
        # The large sheets as our own writer writes them are read strictly, once (desktop.exchange.xlsx.own_sheets);
        # the parts it accepted need no scan. Every other part, and one it did not accept, is checked as before.
        # Each reader of a large sheet counts the cells that certainly fail, and stops past the bound on problems.
        # The interests sheet's floor counts its rows naming no declaration as soon as it has the declarations'
        # ids: with workers, this process reads it, the declarations before it where they are far smaller (226).
        declared = DeclaredSource()
        floors = {sheet: declared.fed(floor) for sheet, floor in floors_for(STRICT_SHEETS).items()}
        own = read_own_sheets(
            stream, archive, file, limits, STRICT_SHEETS, executor, floors, packing, read_here, declared.told
        )
        # The same sheets as other programs write them are read as a stream (desktop.exchange.xlsx.plain_sheets),
        # capped like our own; python-calamine reads one only if that reader does not take it, within its own cap.
        listed = dict(unambiguous_parts(archive, file, STRICT_SHEETS))
        plain = {s: part for s, part in listed.items() if s not in own.rows}
        extents: dict[str, tuple[int, int]] = {}
        streamed_parts = set(plain.values())
        # With workers, they scan the large parts left (other programs' sheets, the shared strings) side by side
        # while this process scans the others; the checks across parts, and every refusal, are made here alike.
        # The scan of a sheet the streamed reader will read marks the shared strings it uses (decision 233).
        scanned = (
            scan_elsewhere(stream, archive, file, limits, executor, own.parts, streamed_parts)
            if executor is not None
            else {}
        )
        _check_contents(
            stream,
            archive,
            file,
            limits,
            marked,
            skip_parts=own.parts,
            plain_parts=streamed_parts,
            extents=extents,
            scanned=scanned,
        )
        problems = structural_problems(stream, archive, file, marked)
        marks = string_marks(archive, scanned)
    streamed = StreamedSheets(file, stream, limits, plain, extents, declared=declared, marks=marks)
    try:
        if source.reader_path is not None:
            workbook = CalamineWorkbook.from_path(source.reader_path)  # read from disk as needed, not whole
        else:
            stream.seek(0)
            workbook = CalamineWorkbook.from_filelike(stream)
        present = set(workbook.sheet_names)
        _require_sheets(file, present, (COVER_SHEET,))
    except CalamineError as exc:
        raise _unreadable(file, exc) from exc
    # Each sheet is read when its turn comes and dropped once converted (peak memory of a large import).
    sheets = _Sheets(file, workbook, {**own.rows}, streamed)
    seen: list[SheetProblem] = []
    cover, shape = read_cover(sheets.pop(COVER_SHEET), problems, seen)
    _require_sheets(file, present, tuple(shape.sheets))
    # A sheet far longer than its cover's count is refused before its rows are read or converted (decision 150).
    reach = {s: len(r) for s, r in own.rows.items()}
    reach |= {s: extents[part][0] for s, part in listed.items() if s not in own.rows and part in extents}
    check_rows_against_cover(file, cover, reach)
    if executor is not None:
        large = [s for s in STRICT_SHEETS if s in present and s not in own.rows]
        sheets.own |= _read_elsewhere(stream, executor, large, streamed)
    # A sheet held whole whose floor lacked the declarations' ids is counted again with them (decision 217).
    count_held(sheets.own, tuple(shape.sheets), streamed.declared, lambda: sheets[DECLARATIONS_SHEET])
    return build(OpenedWorkbook(file, sheets, problems, cover, shape, seen))


def _read_elsewhere(
    handle: object, executor: Executor, names: list[str], streamed: StreamedSheets
) -> dict[str, list[list[object]]]:
    """The large sheets the strict reader did not take, read side by side in the executor's processes
    (desktop.exchange.workbook.sheet_values); a sheet a worker could not read is left to this process. The interests
    sheet is read here, as a stream, while a worker reads the declarations sheet: its floor counts the rows naming
    no declaration as soon as that worker is done (decision 217). Where the declarations part is SMALLER_BY times
    smaller than the family part (never in a real workbook), this process reads the declarations, the interests and
    the family sheet in turn, each floor with the ids from its first row (decision 235, as read_here decides for our
    own sheets, decision 226). The shared strings are then parsed once, here, for
    every sheet: each worker marks the strings its sheet uses while this process marks its own, and is sent those
    strings with its sheet (decision 223). A worker's refusal comes first, in sheet order."""
    where = where_on_disk(handle)
    if where is None or len(names) < 2:
        return {}
    here = streamed.read_here(names)
    elsewhere = [name for name in names if name not in here]
    tables: dict[str, Strings | None] = {}
    parts: dict[str, str | None] = {name: streamed.parts.get(name) for name in elsewhere}
    if here:
        streamed.unread -= {part for part in parts.values() if part is not None}
        tables = streamed.strings_for(executor, where, parts)
        parts = {name: part if name in tables else None for name, part in parts.items()}  # None: the table not taken
    futures = {
        name: executor.submit(
            sheet_values,
            *where,
            name,
            parts[name],
            streamed.limits,
            streamed.calamine_may_read(name),
            padded=False,
            check=floors_for((name,))[name],
            strings=tables.get(name),
        )
        for name in elsewhere
    }
    tables.clear()
    read_here: dict[str, list[list[object]] | None] = {}
    if here:
        if DECLARATIONS_SHEET in futures:
            streamed.declared.pending = futures[DECLARATIONS_SHEET]
        try:
            for name in here:
                read_here[name] = rows = streamed.read(name)
                if name == DECLARATIONS_SHEET and rows is not None:
                    streamed.declared.rows(rows)
        except BaseException:
            for future in futures.values():
                future.result()  # the sheets before it: their refusal first, as when every sheet was read elsewhere
            raise
    found = {name: future.result() for name, future in futures.items()} | read_here
    return {name: values for name, values in found.items() if values is not None}


def _require_sheets(file: str, present: set[str], names: tuple[str, ...]) -> None:
    missing = [name for name in names if name not in present]
    if missing:
        raise UnreadableWorkbook(
            "missing_sheet",
            N_(
                "The workbook {file} has no sheet named {sheet}: it is not an exported declaration workbook, or "
                "a sheet was renamed or deleted."
            ),
            file=file,
            sheet=missing[0],
        )


def _unreadable(file: str, exc: Exception) -> UnreadableWorkbook:
    return UnreadableWorkbook(
        "unreadable",
        N_("The workbook {file} cannot be read ({reason}). Open it in Excel or WPS, save it again, and retry."),
        file=file,
        reason=str(exc),
    )


class _Sheets:
    """The values of the workbook's sheets by name: those the strict reader gave (``own``, the same values as
    python-calamine's), the others read as a stream or by python-calamine on first use."""

    def __init__(
        self,
        file: str,
        workbook: object,
        own: dict[str, list[list[str]] | PackedSheet] | None = None,
        streamed: StreamedSheets | None = None,
    ) -> None:
        self.file, self.workbook, self.streamed = file, workbook, streamed
        self.own = cast("dict[str, list[list[object]] | PackedSheet]", own or {})

    def __getitem__(self, name: str) -> list[list[object]]:
        from python_calamine import CalamineError

        own = self.own.get(name)
        if isinstance(own, PackedSheet):  # unpacked once, and kept as rows (its blocks are let go as they unpack)
            unpacked: list[list[object]] = own.rows()  # type: ignore[assignment]  # texts are objects
            self.own[name] = unpacked
            return unpacked
        if own is not None:
            return own
        streamed = self.streamed.read(name) if self.streamed is not None else None
        if streamed is not None:
            return streamed
        try:
            rows: list[list[object]] = self.workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)  # type: ignore[attr-defined]  # calamine: untyped
        except CalamineError as exc:
            raise _unreadable(self.file, exc) from exc
        if name in STRICT_SHEETS:
            floor = floors_for((name,))[name]
            # Read at once, but counted before it is converted (decisions 199, 217).
            (self.streamed.declared.fed(floor) if self.streamed is not None else floor)(rows)
        return rows

    def pop(self, name: str) -> list[list[object]]:
        """The sheet's values, no longer kept here: the caller drops each sheet once it is converted. The
        declarations sheet's ids are kept for the floors of the sheets read after it (decision 217)."""
        own = self.own.pop(name, None)
        rows = own.rows() if isinstance(own, PackedSheet) else own if own is not None else self[name]
        if name == DECLARATIONS_SHEET and self.streamed is not None and any(s not in self.own for s in OWNED_SHEETS):
            self.streamed.declared.rows(rows)
        return rows  # type: ignore[return-value]  # texts are objects

    def pop_packed(self, name: str) -> PackedSheet | None:
        """The sheet as its reader packed it, no longer kept here; None (and still kept) if it was not packed."""
        own = self.own.get(name)
        return self.own.pop(name) if isinstance(own, PackedSheet) else None  # type: ignore[return-value]  # checked


def packing_for(sheet: str) -> Packing:
    """How ``sheet`` is packed for a plan (decision 215): its planned columns, in the row the tables take for its row
    of keys on any layout this program reads (decision 225)."""
    return packing_of(PLANNED_COLUMNS, frozenset(column.key for columns in layouts_of(sheet) for column in columns))
