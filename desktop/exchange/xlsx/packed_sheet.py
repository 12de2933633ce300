"""A large sheet's rows held compactly between the process that parsed them and the workers that convert them
(decision 215).

The import's plan (desktop.exchange.workbook.chunks) needs of a large sheet only its first rows (where the row of
keys is), each row's declaration id and, on the declarations sheet, its key cells; the workers need the rows. A
sheet packed here is those first rows and those columns as plain lists, and every row in blocks of ``BLOCK_ROWS``
rows, each block pickled on its own: the calling process plans from the columns and hands each chunk the blocks
its rows are in, never holding the rows as objects. Which columns are kept is found here from the names in the
first row among the first ``Packing.head`` that holds ``Packing.keys[0]``; the plan uses them only where the row of
keys and the columns it locates itself are the same, and unpacks the rows otherwise.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass

#: Rows per pickled block: a chunk's worker unpickles the blocks its rows are in, so at most two blocks' worth of
#: rows (one at each end) is unpickled for nothing.
BLOCK_ROWS = 256

Rows = list[list[str]]


@dataclass(frozen=True)
class Packing:
    """How a sheet is packed: its first ``head`` rows kept as rows, and the columns named ``keys`` (in the first of
    them that names ``keys[0]``) kept as one list of texts each."""

    head: int
    keys: tuple[str, ...]


@dataclass
class PackedSheet:
    """A sheet's rows (each as wide as the parser gave it) in pickled blocks, with what a plan reads of them."""

    head: Rows
    length: int  # rows
    width: int  # the longest row's values
    empty: list[int]  # the indices of the rows without a value
    key_row: int  # the index of the row naming the kept columns, or -1
    columns: dict[str, tuple[int, list[str]]]  # key -> its position and each row's value there ("" past its end)
    blocks: list[bytes]  # rows [i * block_rows, (i + 1) * block_rows) pickled, for each i
    block_rows: int

    def __len__(self) -> int:
        return self.length

    def rows(self) -> Rows:
        """Every row, unpacked."""
        rows: Rows = []
        for block in self.blocks:
            rows += unpack_block(block)
        return rows


def pack_rows(rows: Rows, packing: Packing) -> PackedSheet:
    """``rows`` packed (they are not changed)."""
    head = rows[: packing.head]
    key_row = next((index for index, row in enumerate(head) if packing.keys[0] in row), -1)
    columns: dict[str, tuple[int, list[str]]] = {}
    if key_row >= 0:
        names = rows[key_row]
        for key in packing.keys:
            if key in names:
                at = names.index(key)
                columns[key] = (at, [row[at] if at < len(row) else "" for row in rows])
    return PackedSheet(
        [list(row) for row in head],
        len(rows),
        max(map(len, rows), default=0),
        [index for index, row in enumerate(rows) if not any(row)],
        key_row,
        columns,
        [
            pickle.dumps(rows[start : start + BLOCK_ROWS], protocol=pickle.HIGHEST_PROTOCOL)
            for start in range(0, len(rows), BLOCK_ROWS)
        ],
        BLOCK_ROWS,
    )


def unpack_block(block: bytes) -> Rows:
    """The rows of one block (made by pack_rows in this program's own processes)."""
    rows: Rows = pickle.loads(block)
    return rows
