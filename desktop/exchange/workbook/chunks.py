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
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field

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
from desktop.exchange.workbook.reader import OpenedWorkbook
from desktop.exchange.workbook.table import read_table, records_of, table_positions

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
    chunks: Iterator[Chunk]


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
    large: dict[str, Records] = {}
    widths: dict[str, int] = {}
    for name in CHUNKED_SHEETS:
        if name not in shape.sheets:
            large[name], widths[name] = ([], []), 0
            continue
        rows = sheets.pop(name)
        located = table_positions(name, rows, shape.sheets[name], problems, positions, seen)
        if located is None:
            return None
        key_row, where = located
        # A streamed sheet's rows end at their last value: each is padded with empty texts, as python-calamine
        # gives it, only once it is in a chunk (junk rows cost no width before the plan is refused; decision 164).
        widths[name] = max(max(where.values()) + 1, max(map(len, rows), default=0))
        large[name] = records_of(rows, key_row + 1, 0)
        del rows
    keys = key_entries(small[KEYS_SHEET])
    missing = missing_entries(small[MISSING_SHEET])
    batch_signature = batch_signature_of(cover, problems)
    problems += key_role_problems(small[KEYS_SHEET], positions.get(KEYS_SHEET, {}))
    counts = {
        "declarations": len(large[DECLARATIONS_SHEET][0]),
        "interests": len(large[INTERESTS_SHEET][0]),
        "missing": len(small[MISSING_SHEET]),
    }
    if shape.family:
        counts["family_members"] = len(large[FAMILY_SHEET][0])
    problems += cover_count_problems(cover, counts)
    if problems or seen or batch_signature is None or not _keys_and_commitment_agree(keys, cover):
        return None
    id_at = positions[DECLARATIONS_SHEET]["declaration_id"]
    ids = [_cell(record, id_at) for record in large[DECLARATIONS_SHEET][1]]
    if len(set(ids)) != len(ids):
        return None
    groups = {}
    for name in (INTERESTS_SHEET, FAMILY_SHEET):
        groups[name] = _groups(large[name][1], positions.get(name, {}).get("declaration_id"))
        if groups[name] is None or not set(groups[name]) <= set(ids):  # type: ignore[arg-type]  # checked
            return None
    context = ChunkContext(shape.format_version, shape.form.number, positions, dict(cover))
    by_fingerprint = {k.fingerprint: (k.public_key, k.name) for k in keys}
    chunks = _chunks(large, widths, groups, ids, positions[DECLARATIONS_SHEET], by_fingerprint, per_chunk)  # type: ignore[arg-type]
    return ChunkPlan(opened.file, context, keys, missing, batch_signature, len(ids), chunks)


def _keys_and_commitment_agree(keys: list[KeyEntry], cover: dict[str, str]) -> bool:
    commitment = hashlib.sha256(cover.get("commitment_text", "").encode("utf-8")).hexdigest()
    return commitment == cover.get("commitment_sha256", "") and all(
        fingerprint(k.public_key) == k.fingerprint for k in keys
    )


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
    large: dict[str, Records],
    widths: dict[str, int],
    groups: dict[str, dict[object, list[int]]],
    ids: list[object],
    positions: dict[str, int],
    keys: dict[str, tuple[bytes, str]],
    per_chunk: int,
) -> Iterator[Chunk]:
    """The chunks in sheet order; each row is let go here once it is in its chunk (the rows in flight are the
    caller's only copy)."""
    numbers, records = large[DECLARATIONS_SHEET]
    key_positions = [positions[name] for name in _KEY_COLUMNS if name in positions]
    start = 0
    for size in chunk_sizes(len(records), per_chunk):
        end = start + size
        chunk_ids = ids[start:end]
        declarations = (numbers[start:end], _padded(records[start:end], widths[DECLARATIONS_SHEET]))
        records[start:end] = [[]] * (end - start)
        named = {str(record[p]) for record in declarations[1] for p in key_positions}
        yield Chunk(
            declarations,
            _taken(large[INTERESTS_SHEET], groups[INTERESTS_SHEET], chunk_ids, widths[INTERESTS_SHEET]),
            _taken(large[FAMILY_SHEET], groups[FAMILY_SHEET], chunk_ids, widths[FAMILY_SHEET]),
            {name: keys[name] for name in named if name in keys},
            chunk_ids,
            named,
        )
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
