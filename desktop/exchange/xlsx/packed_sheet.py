"""A large sheet's rows held compactly between the process that parsed them and the workers that convert them
(decision 215).

The import's plan (desktop.exchange.workbook.chunks) needs of a large sheet only its first rows (where the row of
keys is), each row's declaration id and, on the declarations sheet, its key cells; the workers need the rows. A
sheet packed here is those first rows and those columns as plain lists, and every row in blocks of ``BLOCK_ROWS``
rows, each block pickled on its own as soon as the parser has read its rows (Packer), so that neither the process
that parses a sheet nor the calling process ever holds the whole sheet as rows: the calling process plans from the
columns and hands each chunk the blocks its rows are in. Which columns are kept is found here from the names in the
row of keys, located by the tables' own rule (key_row.key_row_of, decision 225); the plan uses them only where the
row of keys and the columns it locates itself are the same, and unpacks the rows otherwise.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass

from desktop.exchange.xlsx.key_row import KEY_ROW_SEARCH, key_row_of

#: Rows per pickled block: a chunk's worker unpickles the blocks its rows are in, so at most two blocks' worth of
#: rows (one at each end) is unpickled for nothing.
BLOCK_ROWS = 256

Rows = list[list[str]]


@dataclass(frozen=True)
class Packing:
    """How a sheet is packed: its first ``KEY_ROW_SEARCH`` rows kept as rows, the columns named ``keys`` in its row
    of keys (the first of them holding two of ``names``, the sheet's column keys: key_row_of) kept as one list of
    texts each, and its rows in blocks of ``block_rows``. Sent with the task to the process that parses the sheet,
    so that whatever block size the calling process packs with (a test's) is the worker's too."""

    keys: tuple[str, ...]
    names: frozenset[str]
    block_rows: int


def packing_of(keys: tuple[str, ...], names: frozenset[str]) -> Packing:
    """A Packing in blocks of ``BLOCK_ROWS`` rows (as this process has it now)."""
    return Packing(keys, names, BLOCK_ROWS)


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
    unpacked: bool = False  # rows() was called: the blocks are gone

    def __len__(self) -> int:
        return self.length

    def rows(self) -> Rows:
        """Every row, unpacked, once: each block is let go as soon as its rows are out (``blocks`` is left empty), so
        that the sheet is never held both as rows and as blocks. Raises ValueError when asked again."""
        if self.unpacked:
            raise ValueError("a packed sheet is unpacked once")
        self.unpacked = True
        blocks, self.blocks = self.blocks[::-1], []
        rows: Rows = []
        while blocks:
            rows += unpack_block(blocks.pop())
        return rows


#: What a packed row leaves in its parser's list of rows: the list keeps its length, not the row.
_GONE: list[str] = []


def pack_rows(rows: Rows, packing: Packing) -> PackedSheet:
    """``rows`` packed (they are not changed)."""
    return Packer(packing).finish(list(rows))


class Packer:
    """Packs a sheet's rows as its parser reads them (``take``), so that the whole sheet is never held as rows: each
    whole block of final rows is pickled and its rows let go (``_GONE`` left in their place)."""

    def __init__(self, packing: Packing) -> None:
        self.packing, self.size = packing, packing.block_rows
        self.done = 0  # the rows packed
        self.head: Rows | None = None
        self.key_row = -1
        self.columns: dict[str, tuple[int, list[str]]] = {}
        self.width = 0
        self.empty: list[int] = []
        self.blocks: list[bytes] = []

    def take(self, rows: Rows, final: int) -> bool:
        """Pack the whole blocks of ``rows[:final]`` not packed yet (the rows before ``final`` no longer change);
        whether any was."""
        if self.head is None and final < KEY_ROW_SEARCH:
            return False  # the first rows are kept whole until the columns are found among them
        before = self.done
        while self.done + self.size <= final:
            self._pack(rows, self.done + self.size)
        return self.done > before

    def finish(self, rows: Rows) -> PackedSheet:
        """The sheet packed, once ``rows`` are all read."""
        while self.done < len(rows):
            self._pack(rows, min(self.done + self.size, len(rows)))
        if self.head is None:
            self._locate(rows)
        assert self.head is not None  # located just above
        return PackedSheet(
            self.head, len(rows), self.width, self.empty, self.key_row, self.columns, self.blocks, self.size
        )

    def _locate(self, rows: Rows) -> None:
        self.head = [list(row) for row in rows[:KEY_ROW_SEARCH]]
        key_row = key_row_of(self.head, self.packing.names)
        self.key_row = -1 if key_row is None else key_row
        if key_row is not None:
            names = self.head[key_row]
            self.columns = {key: (names.index(key), []) for key in self.packing.keys if key in names}

    def _pack(self, rows: Rows, end: int) -> None:
        if self.head is None:
            self._locate(rows)
        start = self.done
        block = rows[start:end]
        self.width = max(self.width, max(map(len, block), default=0))
        self.empty += [start + index for index, row in enumerate(block) if not any(row)]
        for at, values in self.columns.values():
            values += [row[at] if at < len(row) else "" for row in block]
        self.blocks.append(pickle.dumps(block, protocol=pickle.HIGHEST_PROTOCOL))
        rows[start:end] = [_GONE] * (end - start)
        self.done = end


def unpack_block(block: bytes) -> Rows:
    """The rows of one block (made by pack_rows in this program's own processes)."""
    rows: Rows = pickle.loads(block)
    return rows
