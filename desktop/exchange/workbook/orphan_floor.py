"""The declarations sheet's ids for the floors of the sheets whose rows belong to a declaration (decision 217).

An interest or family row naming no declaration of the workbook is one problem of the careful path, found only once
every sheet is read and converted (``interest.orphan``, ``family.orphan``). The floor under a sheet's problems
(desktop.exchange.workbook.read_floor) counts such rows once it has the declarations sheet's ids; this module gives
them to it, as this process learns them: from the declarations sheet's rows once read here (DeclaredSource.rows), or
from a worker reading them while this process reads the interests sheet (DeclaredSource.pending, a future: looked at
after each piece, never waited for). A floor in a worker has no ids. Whatever sheet was read without them is counted
again with them once both sheets are read, before either is converted (count_held; a sheet each of whose rows holds
a declaration row's id text, as every real one does, is only looked over): the raw rows are held then, but not their
conversion and assembly.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field

from desktop.exchange.workbook.columns import DECLARATIONS_SHEET, FAMILY_SHEET, INTERESTS_SHEET
from desktop.exchange.workbook.read_floor import (
    DeclaredIds,
    ProblemFloor,
    declared_ids,
    floors_for,
    names_only_declared,
)
from desktop.exchange.xlsx.packed_sheet import PackedSheet

__all__ = ["OWNED_SHEETS", "DeclaredSource", "count_held"]

#: The sheets whose rows name their declaration by its id.
OWNED_SHEETS = (INTERESTS_SHEET, FAMILY_SHEET)


@dataclass
class DeclaredSource:
    """The declarations sheet's ids once known (``known``), or the worker's reading of that sheet (``pending``);
    ``counted``: for each sheet, the rows its floor here counted with the ids (all of them: nothing to count again)."""

    known: DeclaredIds | None = None
    pending: Future[list[list[object]] | None] | None = None
    counted: dict[str, int] = field(default_factory=dict)

    def __call__(self) -> DeclaredIds | None:
        pending = self.pending
        if self.known is None and pending is not None and pending.done():
            self.pending = None
            if not pending.cancelled() and pending.exception() is None and (rows := pending.result()) is not None:
                self.known = declared_ids(rows)
        return self.known

    def rows(self, rows: Sequence[Sequence[object]]) -> None:
        """The declarations sheet, read in this process."""
        if self.known is None:
            self.known = declared_ids(rows)

    def fed(self, floor: ProblemFloor) -> Callable[[Sequence[Sequence[object]]], None]:
        """``floor`` given the ids as soon as they are known (a sheet of OWNED_SHEETS); any other floor as it is."""
        if floor.sheet not in OWNED_SHEETS:
            return floor

        def check(rows: Sequence[Sequence[object]]) -> None:
            if floor.declared is None:
                floor.declared = self()
            floor(rows)
            if floor.declared is not None:
                self.counted[floor.sheet] = len(rows)

        return check


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
