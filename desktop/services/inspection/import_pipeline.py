"""The import as a pipeline over chunks of declarations (issue 16, item 1; docs/decisions.md).

The calling process checks the package and reads the small sheets (desktop.exchange.workbook.chunks); the
executor's workers convert, assemble and verify chunk by chunk (import_chunks.read_chunk), a few chunks in flight;
the calling process keeps only the rows the store takes, inserts them and commits. None whenever the workbook needs
the careful path (workbook_import), which then reads it again and locates every problem.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from concurrent.futures import Executor, Future
from pathlib import Path

from sqlalchemy import Connection, select

from desktop.crypto.signing import verify_signature
from desktop.exchange.workbook.chunks import Chunk, ChunkContext, ChunkPlan, plan_chunks
from desktop.exchange.workbook.model import batch_payload_of
from desktop.exchange.workbook.reader import read_workbook_as
from desktop.services.inspection.import_chunks import ChunkRows, read_chunk
from desktop.services.inspection.import_rows import (
    DECLARATION_NAMES,
    INTEREST_NAMES,
    bulk_insert,
    known_declarations,
)
from desktop.services.inspection.ready import ReadyImport, identity_of
from desktop.services.inspection.stored_checks import outcomes_digest_of
from desktop.store import schema

_CONTENT, _VERSION = DECLARATION_NAMES.index("content"), DECLARATION_NAMES.index("version")
_VALID, _FAILURES = DECLARATION_NAMES.index("valid"), DECLARATION_NAMES.index("failures")
#: Chunks sent to the workers ahead of the one awaited: both cores busy, few rows in flight.
CHUNKS_IN_FLIGHT = 4


def import_in_chunks(path: Path, password: str | None, executor: Executor) -> ReadyImport | None:
    """``path`` read by the executor's workers, ready to store; None when it needs the careful path."""
    plan = read_workbook_as(path, plan_chunks, password, executor=executor)
    if plan is None:
        return None
    chunks: list[ChunkRows | None] = []
    for rows in _in_order(executor, plan.context, plan.chunks):
        if not rows.regular:
            return None
        chunks.append(rows)
    return _ready(plan, chunks)


def _in_order(executor: Executor, context: ChunkContext, chunks: Iterator[Chunk]) -> Iterator[ChunkRows]:
    pending: deque[Future[ChunkRows]] = deque()
    try:
        for chunk in chunks:
            pending.append(executor.submit(read_chunk, context, chunk))
            if len(pending) >= CHUNKS_IN_FLIGHT:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()


def _ready(plan: ChunkPlan, chunks: list[ChunkRows | None]) -> ReadyImport | None:
    cover = plan.context.cover
    triples = [triple for rows in chunks if rows is not None for triple in rows.triples]
    payload = batch_payload_of(cover, triples, plan.keys, plan.missing)
    del triples
    key = {k.fingerprint: k.public_key for k in plan.keys}.get(cover.get("exporter_fingerprint", ""))
    if key is None or not verify_signature(key, plan.batch_signature, payload):
        return None  # a workbook problem: the careful path states it
    ids = [str(row[1]) for rows in chunks if rows is not None for row in rows.declarations]
    contents = [row[_CONTENT] for rows in chunks if rows is not None for row in rows.declarations]
    workbook_id = identity_of(payload, ids, contents)  # type: ignore[arg-type]  # the content column: str
    del contents
    countersigning = sorted({f for rows in chunks if rows is not None for f in rows.countersigners})

    outcomes: list[tuple[str, int, bool, str]] = []
    binary_order = [False]  # whether the store orders texts as Python does (SQLite's BINARY collation)

    def insert(connection: Connection, workbook_id: str) -> tuple[list[str], int]:
        known = known_declarations(connection, ids)
        binary_order[0] = connection.dialect.name == "sqlite"
        valid = 0
        for index, rows in enumerate(chunks):
            if rows is None:
                continue
            chunks[index] = None  # stored: let it go
            valid += rows.valid
            _insert_chunk(connection, workbook_id, rows)
            outcomes.extend((row[1], row[_VERSION], row[_VALID], row[_FAILURES]) for row in rows.declarations)  # type: ignore[misc]
        return sorted(known & set(ids)), valid

    def digest() -> str | None:
        # The same rows in the same order as outcomes_digest reads them back (a declaration id is once per
        # workbook); on another database its collation decides the order, so it reads them back.
        return outcomes_digest_of(sorted(outcomes)) if binary_order[0] else None

    return ReadyImport(
        workbook_id=workbook_id,
        cover=cover,
        keys=plan.keys,
        missing=plan.missing,
        problems=[],
        countersigning=countersigning,
        declarations=len(ids),
        insert=insert,
        cancel=lambda: None,
        outcomes=digest,
    )


def _insert_chunk(connection: Connection, workbook_id: str, rows: ChunkRows) -> None:
    d = schema.imported_declarations
    bulk_insert(connection, d, DECLARATION_NAMES, ((workbook_id, *row[1:]) for row in rows.declarations))
    ids = [str(row[1]) for row in rows.declarations]
    row_ids: dict[str, int] = {}
    for start in range(0, len(ids), 500):
        row_ids.update(
            connection.execute(
                select(d.c.declaration_id, d.c.id).where(
                    d.c.workbook_id == workbook_id, d.c.declaration_id.in_(ids[start : start + 500])
                )
            ).all()
        )
    interests = (
        (row_ids.get(declaration_id), *values)
        for declaration_id, group in zip(ids, rows.interests, strict=True)
        for values in group
    )
    bulk_insert(connection, schema.imported_interests, INTEREST_NAMES, interests)
