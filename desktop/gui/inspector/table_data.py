"""The rows of the inspectors' table with everything sorting and filtering need, computed once, off the GUI thread.

A view of 50,000 declarations must filter and sort within 100 ms, so nothing is computed per comparison: each row
has one lower-case search key, and each column a rank per row (an int; equal values share a rank), so that a sort is
Python's sort of row numbers by ``ranks.__getitem__`` (ints compare three times faster than strings). Filtering
reads the search keys in row order, never in sort order: 50,000 strings visited in a shuffled order miss the CPU
cache and take six times as long. No Qt in here: the benchmark and the loader thread use it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.services.inspection.views import ImportedRow, RowState

STATE, UNIT, POLICE_NUMBER, NAME, KEY_PERSON, SIGNED_AT, WORKBOOK = range(7)
COLUMN_COUNT = 7

#: Failing states first when sorting by state ascending: they are what an inspector looks at.
STATE_RANK = {RowState.OFFICER: 0, RowState.COUNTERSIGNATURE: 1, RowState.BATCH: 2, RowState.VALID: 3}


@dataclass(frozen=True)
class TableData:
    rows: list[ImportedRow] = field(default_factory=list)
    search: list[str] = field(default_factory=list)
    states: list[RowState] = field(default_factory=list)
    sort_keys: tuple[list[int], ...] = tuple([] for _ in range(COLUMN_COUNT))  # a rank per row, per column

    def __len__(self) -> int:
        return len(self.rows)


def search_key(row: ImportedRow) -> str:
    """What the search box matches: police number, name, unit code and name, workbook, declaration id."""
    return "\x1f".join(
        (row.police_number, row.name, row.unit_code, row.unit_name, row.file_name, row.declaration_id)
    ).lower()


def ranks(values: list[int] | list[str]) -> list[int]:
    """Each value's rank among ``values`` (0 for the smallest; equal values share a rank)."""
    rank = [0] * len(values)
    current, previous = -1, object()
    for index in sorted(range(len(values)), key=values.__getitem__):
        if values[index] != previous:
            current, previous = current + 1, values[index]
        rank[index] = current
    return rank


def build_table(rows: list[ImportedRow]) -> TableData:
    columns: tuple[list[int] | list[str], ...] = (
        [STATE_RANK[row.state] for row in rows],
        [row.unit_code for row in rows],
        [row.police_number for row in rows],
        [row.name for row in rows],
        [0 if row.key_person else 1 for row in rows],  # key persons first
        [row.signed_at for row in rows],
        [row.file_name.lower() for row in rows],
    )
    return TableData(
        rows=rows,
        search=[search_key(row) for row in rows],
        states=[row.state for row in rows],
        sort_keys=tuple(ranks(values) for values in columns),
    )


def matching(data: TableData, order: list[int], text: str, states: frozenset[RowState] | None) -> list[int]:
    """The rows of ``order`` (kept in that order) whose search key holds every word of ``text`` and whose state is
    in ``states`` (None: any state)."""
    words = text.lower().split()
    if not words and states is None:
        return list(order)
    search, row_states = data.search, data.states
    found: list[int] | range = range(len(data))
    for word in words:  # in row order; each word narrows the rows the next one is looked for in
        found = [i for i in found if word in search[i]]
    if states is not None:
        found = [i for i in found if row_states[i] in states]
    if len(found) == len(order):
        return list(order)
    chosen = bytearray(len(data))  # then the sort order, through a mask that fits in the cache
    for index in found:
        chosen[index] = 1
    return [i for i in order if chosen[i]]


def sorted_order(data: TableData, order: list[int], column: int, descending: bool) -> list[int]:
    """``order`` sorted by ``column``; stable, so equal keys keep their previous order."""
    return sorted(order, key=data.sort_keys[column].__getitem__, reverse=descending)
