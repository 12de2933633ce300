"""A chunk's rows laid out as the calling process stages them (import_staging), made in the worker that read the chunk
(decision 245).

The calling process binds every value of every staged row while the workers read the next chunks; what it did to
each row before binding it (a new tuple with the declaration's place, its line of the stored results' digest, each
Boolean flag made the 1 or 0 SQLite keeps for it, decision 231) and the chunk's signature triples it unpickled and
never used (the batch payload is read back from the staged rows, decision 216) are done here, or not at all: it
unpickles the rows as they are bound. A declaration's row has no place of its own (its staged rowid is given by
SQLite, one past the largest, in the order written); an interest names its declaration by the declaration's place
in the chunk, which the calling process offsets by the declarations staged before it. No SQLAlchemy here
(decision 224): the flags' columns and the digest line come from row_values.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.exchange.workbook.chunks import ChunkContext
from desktop.services.inspection.import_chunks import ChunkRows
from desktop.services.inspection.packed_chunks import Packed, read_packed_chunk
from desktop.services.inspection.row_values import (
    DECLARATION_FLAGS,
    DECLARATION_NAMES,
    INTEREST_FLAGS,
    INTEREST_NAMES,
    outcome_line,
)
from desktop.services.inspection.staged_content import read_staged_chunk

#: The positions of the flags in a staged declaration (DECLARATION_NAMES but the workbook's id) and in a staged
#: interest (its declaration's place, then INTEREST_NAMES but the parent row's id).
_DECLARATION_FLAGS = tuple(DECLARATION_NAMES.index(name) - 1 for name in DECLARATION_FLAGS)
_INTEREST_FLAGS = tuple(INTEREST_NAMES.index(name) for name in INTEREST_FLAGS)
_VERSION, _VALID, _FAILURES = (DECLARATION_NAMES.index(name) for name in ("version", "valid", "failures"))


@dataclass
class StagedChunk:
    """What the store takes of a chunk, as staged; or ``regular=False``: the chunk needs the careful path."""

    regular: bool
    #: One tuple per declaration: DECLARATION_NAMES but the workbook's id, then its line of the stored results'
    #: digest (row_values.outcome_line); each flag 1 or 0.
    declarations: list[tuple[object, ...]] = field(default_factory=list)
    #: One tuple per interest, in its declaration's order: the declaration's place in the chunk (from 1), then
    #: INTEREST_NAMES but the parent row's id; each flag 1 or 0.
    interests: list[tuple[object, ...]] = field(default_factory=list)
    countersigners: set[str] = field(default_factory=set)
    valid: int = 0


def staged_chunk(rows: ChunkRows) -> StagedChunk:
    """``rows`` as import_staging.Staged writes them."""
    if not rows.regular:
        return StagedChunk(regular=False)
    declarations = [
        _flags_as_numbers(
            [*row[1:], outcome_line(row[1], row[_VERSION], row[_VALID], row[_FAILURES])],  # type: ignore[arg-type]
            _DECLARATION_FLAGS,
        )
        for row in rows.declarations
    ]
    interests = [
        _flags_as_numbers([place, *values], _INTEREST_FLAGS)
        for place, group in zip(range(1, len(rows.declarations) + 1), rows.interests, strict=True)
        for values in group
    ]
    return StagedChunk(True, declarations, interests, rows.countersigners, rows.valid)


def stage_packed_chunk(context: ChunkContext, packed: Packed) -> StagedChunk:
    """The import's work for one packed chunk, in a worker process: packed_chunks.read_packed_chunk, staged."""
    return staged_chunk(read_packed_chunk(context, packed))


def stage_deflated_chunk(context: ChunkContext, packed: Packed) -> StagedChunk:
    """``stage_packed_chunk`` with each content deflated (staged_content.read_staged_chunk): the window's import,
    whose process holds the staged rows beside Qt's own memory (decisions 247 and 251)."""
    return staged_chunk(read_staged_chunk(context, packed))


def _flags_as_numbers(values: list[object], positions: tuple[int, ...]) -> tuple[object, ...]:
    """``values`` with each bool at ``positions`` (the store's Boolean columns) as the 1 or 0 SQLite keeps for it.
    The driver binds an int as it is, but looks up an adapter for a bool (a subclass of int) before binding the same
    number: 3–4 µs a value, two a row of interests and five of declarations (decision 231). Anything else, None
    included, is left as given."""
    for at in positions:
        if type(values[at]) is bool:
            values[at] = int(values[at])  # type: ignore[call-overload]
    return tuple(values)
