"""The declarations sheet's ids for the floors of the sheets whose rows belong to a declaration (decision 217).

An interest or family row naming no declaration of the workbook is one problem of the careful path, found only once
every sheet is read and converted (``interest.orphan``, ``family.orphan``). The floor under a sheet's problems
(desktop.exchange.workbook.read_floor) counts such rows once it has the declarations sheet's ids; this module gives
them to it, as this process learns them: from the declarations sheet's rows once read here (DeclaredSource.rows), or
from a worker reading them while this process reads the interests sheet (DeclaredSource.pending, a future: looked at
after each piece, never waited for). A floor in a worker has no ids. Our own large sheets are read the same way
(decision 226): with workers this process reads the interests sheet whenever it reads the declarations sheet too
(read_here), after it where it is far smaller, and a worker's declarations are looked at as a future (told). Whatever
sheet was read without them is counted again with them once both sheets are read, before either is converted
(count_held; a sheet each of whose rows holds a declaration row's id text, as every real one does, is only looked
over): the raw rows are held then, but not their conversion and assembly.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from desktop.exchange.workbook.columns import DECLARATIONS_SHEET, FAMILY_SHEET, INTERESTS_SHEET
from desktop.exchange.workbook.read_floor import (
    DeclaredIds,
    ProblemFloor,
    declared_ids,
    floors_for,
    names_only_declared,
)
from desktop.exchange.xlsx.packed_sheet import PackedSheet

__all__ = ["OWNED_SHEETS", "DeclaredSource", "count_held", "ids_of", "read_here"]

#: A declarations sheet this many times smaller than the interests sheet is read before it, in this process, when
#: there are workers (decision 226): a real workbook's two sheets are alike in size (form 1 at 50,000: 110 and
#: 108 MB), so only a sheet of junk interest rows is read so; its floor then counts them from the first row.
SMALLER_BY = 8

#: The sheets whose rows name their declaration by its id.
OWNED_SHEETS = (INTERESTS_SHEET, FAMILY_SHEET)


@dataclass
class DeclaredSource:
    """The declarations sheet's ids once known (``known``), or the worker's reading of that sheet (``pending``);
    ``counted``: for each sheet, the rows its floor here counted with the ids (all of them: nothing to count again)."""

    known: DeclaredIds | None = None
    pending: Future[Any] | None = None
    counted: dict[str, int] = field(default_factory=dict)

    def __call__(self) -> DeclaredIds | None:
        pending = self.pending
        if self.known is None and pending is not None and pending.done():
            self.pending = None
            if not pending.cancelled() and pending.exception() is None:
                self.known = ids_of(pending.result())
        return self.known

    def rows(self, rows: Sequence[Sequence[object]]) -> None:
        """The declarations sheet, read in this process."""
        if self.known is None:
            self.known = declared_ids(rows)

    def told(self, sheet: str, rows: object) -> None:
        """A sheet's rows as read in this process (rows, packed or None), or the future of a worker reading it: only
        the declarations sheet's are kept (their ids)."""
        if sheet != DECLARATIONS_SHEET or self.known is not None:
            return
        if isinstance(rows, Future):
            self.pending = rows
        else:
            self.known = ids_of(rows)

    def fed(self, floor: ProblemFloor) -> Callable[[Sequence[Sequence[object]]], None]:
        """``floor`` given the ids as soon as they are known (a sheet of OWNED_SHEETS); any other floor as it is.
        Sent to a worker, the check is its floor alone (the ids stay here)."""
        if floor.sheet not in OWNED_SHEETS:
            return floor
        return _Fed(self, floor)


@dataclass
class _Fed:
    """An owned sheet's floor, given the declarations' ids as soon as they are known (DeclaredSource.fed)."""

    source: DeclaredSource
    floor: ProblemFloor

    def __call__(self, rows: Sequence[Sequence[object]]) -> None:
        floor = self.floor
        if floor.declared is None and (declared := self.source()) is not None:
            _give(floor, declared, rows)
        floor(rows)
        if floor.declared is not None:
            self.source.counted[floor.sheet] = len(rows)

    def __reduce__(self) -> tuple[object, ...]:
        return (_floor, (self.floor,))


def _floor(floor: ProblemFloor) -> ProblemFloor:
    return floor


def _give(floor: ProblemFloor, declared: DeclaredIds, rows: Sequence[Sequence[object]]) -> None:
    """Give ``floor`` the ids. Where the rows it already counted (all of them below its row of keys, on each layout)
    are each empty or hold a declaration row's id text, as every real sheet's do, the floor would count nothing more
    in them: it is told so and goes on from its next row, instead of counting them all again (decision 226)."""
    floor.declared = declared
    located = floor.located
    if not located:
        return  # nothing counted yet (the row of keys not located), or nothing to count: the floor starts afresh
    cells = declared.cells
    checked = min(floor.checked, len(rows))
    for (first, _positions, _counted), records in zip(located, floor.records, strict=True):
        owner = records.owner
        if owner < 0:
            continue
        for index in range(first, checked):
            row = rows[index]
            if not any(row):
                continue  # an empty row (or one a packer let go): counted by nothing
            value = row[owner] if owner < len(row) else None
            if not (type(value) is str and value in cells):
                return  # a row to count again: the floor counts from its first row (decision 217)
    for records in floor.records:
        if records.owner >= 0:
            records.declared = declared


def ids_of(rows: object) -> DeclaredIds | None:
    """The ids of a declarations sheet read as rows, or packed (from its packed column of ids where the packer found
    it where the tables find it); None for a sheet not read, or packed with another column (never in our own export:
    unpacking it here would let its blocks go, which the plan or the careful reading still needs; without ids the
    floors count less, never more)."""
    if isinstance(rows, PackedSheet):
        return _packed_ids(rows)
    if isinstance(rows, list):
        return declared_ids(rows)
    return None


def _packed_ids(sheet: PackedSheet) -> DeclaredIds | None:
    column = sheet.columns.get("declaration_id")

    def below(key_row: int, position: int) -> list[object] | None:
        if column is None or sheet.key_row != key_row or column[0] != position:
            return None  # the packer kept another column (never in our own export): see ids_of
        return list(column[1][key_row + 1 :])

    return declared_ids(sheet.head, below)


def read_here(sizes: Mapping[str, int]) -> list[str]:
    """With workers, the sheets this process reads of ``sizes`` (each sheet's unpacked size): the interests sheet
    whenever the declarations sheet is read too, so that its floor takes their ids (as soon as a worker has them);
    where the declarations sheet is SMALLER_BY times smaller than the interests or the family sheet, the declarations
    first, then the interests and each sheet it is that much smaller than (the family sheet too: a worker's floor
    counts only the rows past the most members of one id, not rows of many ids naming no declaration; decision
    222's review); else none (the smallest, decision 208)."""
    if DECLARATIONS_SHEET not in sizes:
        return []
    far = [sheet for sheet in OWNED_SHEETS if sheet in sizes and sizes[DECLARATIONS_SHEET] * SMALLER_BY <= sizes[sheet]]
    if far:
        return [DECLARATIONS_SHEET, *(s for s in OWNED_SHEETS if s in far or (s == INTERESTS_SHEET and s in sizes))]
    return [INTERESTS_SHEET] if INTERESTS_SHEET in sizes else []


def count_held(
    held: MutableMapping[str, list[list[object]] | PackedSheet],
    sheets: Sequence[str],
    source: DeclaredSource,
    declarations: Callable[[], list[list[object]]],
) -> None:
    """Count again, with the declarations' ids, each of ``sheets`` (those the cover's layout converts) that is held
    whole as rows (``held``; a sheet held packed for a plan of chunks is not: a row naming no declaration gives no
    plan, and the careful reading counts it) and whose floor did not count all its rows with them;
    ``declarations``: the declarations sheet read here, kept in ``held`` for the conversion, where it is not held
    already. Raises ReadStopped past the bound."""
    waiting = [
        (sheet, rows)
        for sheet in OWNED_SHEETS
        if sheet in sheets and isinstance(rows := held.get(sheet), list) and source.counted.get(sheet, -1) < len(rows)
    ]
    if not waiting:
        return
    declared = source()
    if declared is None:
        declared_rows = held.get(DECLARATIONS_SHEET)
        if not isinstance(declared_rows, list):  # not held, or held packed: read (unpacked) for its ids alone
            declared_rows = declarations()
            held.setdefault(DECLARATIONS_SHEET, declared_rows)
        source.rows(declared_rows)
        declared = source.known
    if declared is None:
        return  # no layout fits the declarations sheet: it is not converted, nothing is counted against it
    for sheet, rows in waiting:
        if names_only_declared(sheet, rows, declared):
            continue  # every row names a declaration row's id as it is (every real workbook): nothing to count
        floor = floors_for((sheet,))[sheet]
        floor.declared = declared
        floor(rows)
