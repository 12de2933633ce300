"""A declaration workbook cut into chunks of declarations, each with its own interest and family rows, for worker
processes to convert, assemble and verify side by side (issue 16, item 1; docs/decisions.md).

The plan is made in the calling process from the sheets' raw values, after the same package checks as
read_workbook: the small sheets (cover, keys, missing officers) are read whole; the large ones are only located
(the row of keys, each column's position) and grouped by the raw text of each row's declaration id. It is made only
for a workbook in which nothing is wrong at the level of the whole workbook: no problem and no heading that differs,
the counts on the cover right, every key matching its fingerprint, the commitment matching its digest, a batch
signature present, each declaration id once and every interest or family row belonging to a declaration. Anything
else gives no plan, and the caller reads the workbook the careful way (read_workbook), which locates every problem.
A worker does the same for its chunk (desktop.services.inspection.import_chunks), so a plan carried out to the end
stores exactly what the careful path stores (tests/services/inspection/test_import_paths_agree.py).

A large sheet the reader packed (desktop.exchange.xlsx.packed_sheet: our own XML, read for a plan) is planned from
its first rows and its declaration ids and key cells alone (decision 215): where its interest and family rows come
in the declarations' order, as every export and LibreOffice's re-save have them, each chunk is a BlockChunk naming
the pickled blocks its rows are in and which of their rows, which its worker unpacks into the very Chunk the rows
would have made (BlockChunk.chunk). Anything else (rows out of that order, the plan's row of keys or columns not
the packer's) unpacks the sheet and groups its rows as before.
"""

from __future__ import annotations

import hashlib
import pickle
from array import array
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise

from desktop.crypto.signing import fingerprint
from desktop.exchange.problems import SheetProblem
from desktop.exchange.workbook.assemble import (
    batch_signature_of,
    cover_count_problems,
    key_entries,
    key_role_problems,
    missing_entries,
)
from desktop.exchange.workbook.columns import (
    DECLARATIONS_SHEET,
    FAMILY_SHEET,
    INTERESTS_SHEET,
    KEYS_SHEET,
    KIND_SINGLE,
    MISSING_SHEET,
)
from desktop.exchange.workbook.model import KeyEntry, MissingEntry
from desktop.exchange.workbook.reader import PLANNED_COLUMNS, OpenedWorkbook
from desktop.exchange.workbook.table import read_table, records_of, table_positions
from desktop.exchange.xlsx.packed_sheet import PackedSheet, unpack_block

#: Declarations per chunk: enough to make each task's overhead small, few enough that the rows in flight stay small.
DECLARATIONS_PER_CHUNK = 2000
#: The sheets a chunk carries rows of, in the layout's order.
CHUNKED_SHEETS = (DECLARATIONS_SHEET, FAMILY_SHEET, INTERESTS_SHEET)
#: The declaration columns naming a key, whose keys travel with the chunk.
_KEY_COLUMNS = ("signer_fingerprint", "countersigner_fingerprint")

Records = tuple[list[int], list[list[object]]]  # sheet row numbers, and the raw values of those rows


@dataclass(frozen=True)
class ChunkContext:
    """What every chunk needs besides its rows: the layout, the columns' positions and the cover."""

    format_version: int
    form_version: int
    positions: dict[str, dict[str, int]]
    cover: dict[str, str]

    @property
    def require_countersignature(self) -> bool:
        return self.cover.get("kind") != KIND_SINGLE


@dataclass
class Chunk:
    """Declarations in sheet order with every interest and family row that names one of them (in sheet order),
    and the keys (fingerprint -> public key, name) that the declarations' cells name."""

    declarations: Records
    interests: Records
    members: Records
    keys: dict[str, tuple[bytes, str]]
    #: The raw cell of each declaration's id, as grouped here: a worker checks the converted ids are the same.
    raw_ids: list[object] = field(default_factory=list)
    #: Every text the declarations' key cells hold: a key named by anything else was not looked up here, so the
    #: worker leaves such a chunk to the careful path.
    named: set[str] = field(default_factory=set)


@dataclass
class ChunkPlan:
    file: str
    context: ChunkContext
    keys: list[KeyEntry]
    missing: list[MissingEntry]
    batch_signature: bytes
    declarations: int
    chunks: Iterator[Chunk | BlockChunk]


def plan_chunks(opened: OpenedWorkbook, per_chunk: int | None = None) -> ChunkPlan | None:
    """The chunks of ``opened`` (``per_chunk`` declarations each, DECLARATIONS_PER_CHUNK unless given), or None
    when anything about the whole workbook needs the careful path."""
    per_chunk = per_chunk or DECLARATIONS_PER_CHUNK
    problems: list[SheetProblem] = list(opened.problems)
    seen: list[SheetProblem] = list(opened.seen)
    if problems or seen:
        return None
    shape, cover, sheets = opened.shape, opened.cover, opened.sheets
    positions: dict[str, dict[str, int]] = {}
    small = {
        name: read_table(name, sheets.pop(name), shape.sheets[name], problems, positions, seen)
        for name in (KEYS_SHEET, MISSING_SHEET)
    }
    large: dict[str, Records | _Blocked] = {}
    widths: dict[str, int] = {}
    for name in CHUNKED_SHEETS:
        if name not in shape.sheets:
            large[name], widths[name] = ([], []), 0
            continue
        located = _located(opened, name, problems, positions, seen)
        if located is None:
            return None
        large[name], widths[name] = located
    keys = key_entries(small[KEYS_SHEET])
    missing = missing_entries(small[MISSING_SHEET])
    batch_signature = batch_signature_of(cover, problems)
    problems += key_role_problems(small[KEYS_SHEET], positions.get(KEYS_SHEET, {}))
    counts = {
        "declarations": len(_numbers(large[DECLARATIONS_SHEET])),
        "interests": len(_numbers(large[INTERESTS_SHEET])),
        "missing": len(small[MISSING_SHEET]),
    }
    if shape.family:
        counts["family_members"] = len(_numbers(large[FAMILY_SHEET]))
    problems += cover_count_problems(cover, counts)
    if problems or seen or batch_signature is None or not _keys_and_commitment_agree(keys, cover):
        return None
    ids = _ids(large[DECLARATIONS_SHEET], positions[DECLARATIONS_SHEET]["declaration_id"])
    if len(set(ids)) != len(ids):
        return None
    groups: dict[str, dict[object, list[int]] | None] = {}
    for name in (INTERESTS_SHEET, FAMILY_SHEET):
        grouped = _grouped(large, name, ids, positions.get(name, {}).get("declaration_id"))
        if grouped is False:
            return None
        groups[name] = grouped if isinstance(grouped, dict) else None
    context = ChunkContext(shape.format_version, shape.form.number, positions, dict(cover))
    by_fingerprint = {k.fingerprint: (k.public_key, k.name) for k in keys}
    chunks = _chunks(large, widths, groups, ids, positions[DECLARATIONS_SHEET], by_fingerprint, per_chunk)
    return ChunkPlan(opened.file, context, keys, missing, batch_signature, len(ids), chunks)


def _located(
    opened: OpenedWorkbook,
    name: str,
    problems: list[SheetProblem],
    positions: dict[str, dict[str, int]],
    seen: list[SheetProblem],
) -> tuple[Records | _Blocked, int] | None:
    """A large sheet's data rows and width, once its row of keys and columns are located (None: they are not)."""
    packed = opened.sheets.pop_packed(name)
    rows: list[list[object]] = packed.head if packed is not None else opened.sheets.pop(name)  # type: ignore[assignment]  # texts are objects
    located = table_positions(name, rows, opened.shape.sheets[name], problems, positions, seen)
    if located is None:
        return None
    key_row, where = located
    if packed is not None:
        if _columns_agree(packed, key_row, where):
            return _Blocked(packed, key_row), max(max(where.values()) + 1, packed.width)
        rows = packed.rows()  # type: ignore[assignment]  # texts are objects
        del packed
    # A streamed sheet's rows end at their last value: each is padded with empty texts, as python-calamine gives it,
    # only once it is in a chunk (junk rows cost no width before the plan is refused; decision 164).
    return records_of(rows, key_row + 1, 0), max(max(where.values()) + 1, max(map(len, rows), default=0))


def _grouped(
    large: dict[str, Records | _Blocked], name: str, ids: list[object], position: int | None
) -> dict[object, list[int]] | bool:
    """The rows of sheet ``name`` grouped by their declaration (``large[name]`` unpacked if need be), True where a
    packed sheet's rows come in the declarations' order (no grouping needed), False where the plan cannot be made
    (a row naming no declaration)."""
    part = large[name]
    if isinstance(part, _Blocked):
        in_order = part.in_order(ids, position)
        if in_order is not None:
            return in_order
        large[name] = part = part.unpacked()  # out of the declarations' order: grouped as before
    groups = _groups(part[1], position)
    return False if groups is None or not set(groups) <= set(ids) else groups


def _keys_and_commitment_agree(keys: list[KeyEntry], cover: dict[str, str]) -> bool:
    commitment = hashlib.sha256(cover.get("commitment_text", "").encode("utf-8")).hexdigest()
    return commitment == cover.get("commitment_sha256", "") and all(
        fingerprint(k.public_key) == k.fingerprint for k in keys
    )


class _Blocked:
    """A packed sheet's data rows (those records_of keeps: from the row after the row of keys on, empty ones left
    out), planned from its kept columns."""

    def __init__(self, packed: PackedSheet, key_row: int) -> None:
        self.packed = packed
        empty = set(packed.empty)
        self.numbers = array("q", (index + 1 for index in range(key_row + 1, packed.length) if index not in empty))
        #: For each row (in order), the index of its declaration, once in_order found them in order.
        self.owners = array("q")

    def column(self, key: str) -> list[str]:
        values = self.packed.columns[key][1]
        return [values[number - 1] for number in self.numbers]

    def in_order(self, ids: list[object], position: int | None) -> bool | None:
        """Whether every row names a declaration of ``ids``, the rows in the declarations' order: True, False when
        a row names none, None when they are out of order or the sheet has no such column (the rows are then
        grouped as before)."""
        if position is None:
            return None
        if not self.numbers:
            return True
        index = {declaration_id: at for at, declaration_id in enumerate(ids)}
        owners = array("q", (index.get(declaration_id, -1) for declaration_id in self.column("declaration_id")))
        if min(owners) < 0:
            return False
        if any(later < earlier for earlier, later in pairwise(owners)):
            return None
        self.owners = owners
        return True

    def part(self, start: int, end: int) -> BlockRecords:
        """The data rows ``start`` to ``end`` (indices into ``numbers``) as the blocks they are in."""
        numbers = self.numbers[start:end]
        if not numbers:
            return BlockRecords(numbers, 0, ())
        size = self.packed.block_rows
        first, last = (numbers[0] - 1) // size, (numbers[-1] - 1) // size
        return BlockRecords(numbers, first * size, tuple(self.packed.blocks[first : last + 1]))

    def rows_of(self, start: int, end: int) -> BlockRecords:
        """The rows of the declarations ``start`` to ``end`` (in_order found them in order)."""
        return self.part(bisect_left(self.owners, start), bisect_left(self.owners, end))

    def unpacked(self) -> Records:
        rows = self.packed.rows()
        return list(self.numbers), [rows[number - 1] for number in self.numbers]  # type: ignore[misc]  # texts


@dataclass(frozen=True)
class BlockRecords:
    """Rows of a sheet as the pickled blocks they are in: their sheet row numbers, and the index of the first
    block's first row. The numbers are an array, not a list of ints: the calling process holds every chunk from the
    plan until it is sent, and 50,000 form-2 declarations' rows took 11 MB as ints (decision 225)."""

    numbers: array[int]
    first: int
    blocks: tuple[bytes, ...]

    def records(self, width: int) -> Records:
        rows: list[list[str]] = []
        for block in self.blocks:
            rows += unpack_block(block)
        return list(self.numbers), _padded([rows[number - 1 - self.first] for number in self.numbers], width)  # type: ignore[misc]  # texts are objects


@dataclass
class BlockChunk:
    """A chunk as the plan of packed sheets gives it: each sheet's rows as a BlockRecords (or as records), unpacked
    in the worker by ``chunk`` into the Chunk the same rows make."""

    declarations: Records | BlockRecords
    interests: Records | BlockRecords
    members: Records | BlockRecords
    widths: tuple[int, int, int]
    keys: dict[str, tuple[bytes, str]]
    raw_ids: bytes  # Chunk.raw_ids pickled: one object held until the chunk is sent, not a text per declaration
    named: set[str]

    def chunk(self) -> Chunk:
        parts = (self.declarations, self.interests, self.members)
        declarations, interests, members = (
            part.records(width) if isinstance(part, BlockRecords) else part
            for part, width in zip(parts, self.widths, strict=True)
        )
        raw_ids: list[object] = pickle.loads(self.raw_ids)  # made by this program's calling process (plan_chunks)
        return Chunk(declarations, interests, members, self.keys, raw_ids, self.named)


def _columns_agree(packed: PackedSheet, key_row: int, where: dict[str, int]) -> bool:
    """Whether the packer kept the columns the plan reads where the plan located them."""
    return packed.key_row == key_row and all(
        packed.columns.get(key, (-1, []))[0] == where[key] for key in PLANNED_COLUMNS if key in where
    )


def _numbers(part: Records | _Blocked) -> list[int] | array[int]:
    return part.numbers if isinstance(part, _Blocked) else part[0]


def _ids(part: Records | _Blocked, position: int) -> list[object]:
    if isinstance(part, _Blocked):
        return part.column("declaration_id")  # type: ignore[return-value]  # texts are objects
    return [_cell(record, position) for record in part[1]]


def _groups(records: list[list[object]], position: int | None) -> dict[object, list[int]] | None:
    """The indices of ``records`` by their raw declaration id, each list in sheet order."""
    if position is None:
        return {} if not records else None
    found: dict[object, list[int]] = {}
    for index, record in enumerate(records):
        found.setdefault(_cell(record, position), []).append(index)
    return found


def _cell(record: list[object], position: int) -> object:
    """The value at ``position`` of a record that may end before it (an empty text, as python-calamine gives it)."""
    return record[position] if position < len(record) else ""


def _padded(records: list[list[object]], width: int) -> list[list[object]]:
    return [record if len(record) >= width else [*record, *([""] * (width - len(record)))] for record in records]


def _chunks(
    large: dict[str, Records | _Blocked],
    widths: dict[str, int],
    groups: dict[str, dict[object, list[int]] | None],
    ids: list[object],
    positions: dict[str, int],
    keys: dict[str, tuple[bytes, str]],
    per_chunk: int,
) -> Iterator[Chunk | BlockChunk]:
    """The chunks in sheet order; each row is let go here once it is in its chunk (the rows in flight are the
    caller's only copy). A packed sheet's blocks are shared by the chunks whose rows they hold."""
    sheet = large[DECLARATIONS_SHEET]
    key_names = [name for name in _KEY_COLUMNS if name in positions]
    key_cells = [sheet.column(name) for name in key_names] if isinstance(sheet, _Blocked) else []
    start = 0
    for size in chunk_sizes(len(ids), per_chunk):
        end = start + size
        chunk_ids = ids[start:end]
        declarations: Records | BlockRecords
        if isinstance(sheet, _Blocked):
            declarations = sheet.part(start, end)
            named = {str(cells[index]) for index in range(start, end) for cells in key_cells}
        else:
            numbers, records = sheet
            declarations = (numbers[start:end], _padded(records[start:end], widths[DECLARATIONS_SHEET]))
            records[start:end] = [[]] * (end - start)
            named = {str(record[positions[name]]) for record in declarations[1] for name in key_names}
        interests, members = (
            part.rows_of(start, end)
            if isinstance(part, _Blocked)
            else _taken(part, groups[name] or {}, chunk_ids, widths[name])
            for name, part in ((n, large[n]) for n in (INTERESTS_SHEET, FAMILY_SHEET))
        )
        chunk_keys = {name: keys[name] for name in named if name in keys}
        if (
            isinstance(declarations, BlockRecords)
            or isinstance(interests, BlockRecords)
            or isinstance(members, BlockRecords)
        ):
            chunk_widths = (widths[DECLARATIONS_SHEET], widths[INTERESTS_SHEET], widths[FAMILY_SHEET])
            raw_ids = pickle.dumps(chunk_ids, protocol=pickle.HIGHEST_PROTOCOL)
            yield BlockChunk(declarations, interests, members, chunk_widths, chunk_keys, raw_ids, named)
        else:
            yield Chunk(declarations, interests, members, chunk_keys, chunk_ids, named)
        start = end


def chunk_sizes(total: int, per_chunk: int) -> Iterator[int]:
    """The sizes of the chunks of ``total`` declarations: ``per_chunk`` while much remains, then a quarter of what
    remains (at least an eighth of ``per_chunk``), so that the workers finish together rather than one of them
    checking the last full chunk alone while the other idles (decision 126)."""
    smallest = max(1, per_chunk // 8)
    remaining = total
    while remaining > 0:
        size = min(remaining, per_chunk, max(smallest, remaining // 4))
        if remaining - size < smallest:
            size = remaining  # no chunk smaller than the smallest
        yield size
        remaining -= size


def _taken(sheet: Records, groups: dict[object, list[int]], ids: list[object], width: int) -> Records:
    numbers, records = sheet
    taken_numbers: list[int] = []
    taken: list[list[object]] = []
    for declaration_id in ids:
        for index in groups.pop(declaration_id, ()):
            taken_numbers.append(numbers[index])
            taken.append(records[index])
            records[index] = []
    return taken_numbers, _padded(taken, width)
