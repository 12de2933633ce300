"""The import as a pipeline over chunks of declarations (issue 16, item 1; docs/decisions.md).

The calling process checks the package and reads the small sheets (desktop.exchange.workbook.chunks); the
executor's workers convert, assemble and verify chunk by chunk (import_chunks.read_chunk), a few chunks in flight;
the calling process keeps only the rows the store takes, written as each chunk comes back into temporary tables of
the storing transaction (SQLite: import_staging) or, for a store on another database (the team server's
PostgreSQL), into a SQLite database of this process's own (staging_server, decision 227), and inserts them under the
workbook's identity once the last chunk is in. None whenever the workbook needs the careful path (workbook_import),
which then reads it again and locates every problem.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from pathlib import Path

from sqlalchemy import Connection

from desktop.crypto.signing import verify_signature
from desktop.exchange.workbook.chunks import ChunkContext, ChunkPlan, plan_chunks
from desktop.exchange.workbook.reader import read_workbook_as
from desktop.services.inspection.heap import release_freed_memory
from desktop.services.inspection.import_staging import Staged
from desktop.services.inspection.packed_chunks import Packed, in_order, pack_chunks
from desktop.services.inspection.ready import ReadyImport
from desktop.services.inspection.staged_chunk import StagedChunk, stage_deflated_chunk, stage_packed_chunk
from desktop.services.inspection.staging_server import ServerStaged
from desktop.services.inspection.stored_checks import outcomes_digest_of_lines


def import_in_chunks(
    path: Path,
    password: str | None,
    executor: Executor,
    staging: Connection | None = None,
    checked: Callable[[int, int], None] | None = None,
    *,
    deflated: bool = False,
) -> ReadyImport | None:
    """``path`` read by the executor's workers, ready to store; None when it needs the careful path. ``staging``:
    the connection whose transaction will store the rows; on SQLite each chunk's rows are written into its
    temporary tables as the chunk comes back, while the workers read the next ones (decision 125); on another
    database, or without one, into a SQLite database of this process's own (decision 227). ``checked``:
    told (declarations checked, of declarations) once the chunks are planned and after each chunk is kept.
    ``deflated``: the workers deflate each content they stage (staged_content; decisions 247 and 251): about a
    quarter of the staged bytes, for a few CPU-seconds at 50,000."""
    plan = read_workbook_as(path, plan_chunks, password, executor=executor, packed=True)
    if plan is None:
        return None
    sqlite = staging is not None and staging.dialect.name == "sqlite"
    kept = _Collected(
        Staged(staging, plan.declarations, deflated=deflated)
        if staging is not None and sqlite
        else ServerStaged(plan.declarations, deflated=deflated)
    )
    try:
        ready = _kept_chunks(plan, kept, executor, checked, stage_deflated_chunk if deflated else stage_packed_chunk)
    except BaseException:
        if isinstance(kept.rows, ServerStaged):  # a Staged's rows go with the storing transaction's rollback
            kept.rows.drop()
        raise
    if ready is None:
        kept.rows.drop()
    return ready


def _kept_chunks(
    plan: ChunkPlan,
    kept: _Collected,
    executor: Executor,
    checked: Callable[[int, int], None] | None,
    stage: Callable[[ChunkContext, Packed], StagedChunk],
) -> ReadyImport | None:
    tell = checked or (lambda _done, _total: None)
    tell(0, plan.declarations)
    # Every chunk packed before the first is sent: the raw rows are let go while nothing else allocates, so that
    # their pages go back (packing while the first chunks' rows come back left them pinned; decision 184).
    packed = pack_chunks(plan.chunks)
    for rows in in_order(executor, plan.context, packed, stage):  # in order (packed_chunks.in_order)
        if not rows.regular:
            return None
        kept.add(rows)
        del rows  # staged: this process keeps no copy
        release_freed_memory()
        tell(kept.rows.count, plan.declarations)
    return _ready(plan, kept)


class _Collected:
    """What the calling process keeps of the chunks until the workbook's identity is known: the rows (``rows``),
    which also give what the batch signature and the identity need, and what the result needs."""

    def __init__(self, rows: Staged | ServerStaged) -> None:
        self.rows = rows
        self.countersigners: set[str] = set()
        self.valid = 0

    def add(self, rows: StagedChunk) -> None:
        self.countersigners |= rows.countersigners
        self.valid += rows.valid
        self.rows.add(rows)


def _ready(plan: ChunkPlan, kept: _Collected) -> ReadyImport | None:
    cover = plan.context.cover
    payload = kept.rows.batch_payload(cover, plan.keys, plan.missing)
    key = {k.fingerprint: k.public_key for k in plan.keys}.get(cover.get("exporter_fingerprint", ""))
    if key is None or not verify_signature(key, plan.batch_signature, payload):
        return None  # a workbook problem: the careful path states it
    workbook_id = kept.rows.identity(payload)
    del payload
    digest: list[str | None] = [None]

    def insert(connection: Connection, workbook_id: str) -> tuple[list[str], int]:
        known = kept.rows.known(connection)
        if connection.dialect.name == "sqlite":
            # The same rows in the same order as outcomes_digest reads them back (a declaration id is once per
            # workbook: SQLite's BINARY order of texts is Python's); on another database its collation decides the
            # order, so the digest is read back from the stored rows.
            digest[0] = outcomes_digest_of_lines(kept.rows.outcome_lines())
        kept.rows.insert(connection, workbook_id)
        return sorted(known), kept.valid

    return ReadyImport(
        workbook_id=workbook_id,
        cover=cover,
        keys=plan.keys,
        missing=plan.missing,
        problems=[],
        countersigning=sorted(kept.countersigners),
        declarations=kept.rows.count,
        insert=insert,
        cancel=kept.rows.drop,
        outcomes=lambda: digest[0],
    )
