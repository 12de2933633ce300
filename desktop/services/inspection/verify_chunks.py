"""``verify`` of a large workbook chunk by chunk, with the import's plan, chunks and workers (decision 241).

The careful path (read_workbook, then verify.verify_workbook) holds every declaration of the workbook as domain
objects before it checks the first signature: memory grows with the declaration count. Here the workbook is planned
as an import plans it (chunks.plan_chunks: nothing wrong at the level of the whole workbook), each chunk is read and
its signatures checked by the import's own worker function (import_chunks.read_chunk, in the executor's processes),
and the calling process keeps of each declaration only its signature triple (as a compact batch row: the batch
signature covers every declaration, decision 216's BatchRows) and, for a declaration that does not verify, what the
report says of it (every declaration when ``keep_every`` is asked, for the JSON report, which lists them all).

Whenever the import's pipeline would fall back to the careful path (no plan, a chunk that is not regular, a batch
signature that does not match its key), so does this: None, and the caller verifies the careful way, which locates
every problem. A workbook verified here therefore has no problem the careful path would list but the exporter's key
being untrusted, which is added here in the same words (verify.untrusted_exporter). Both paths give the same report:
tests/cli/test_verify_chunked.py.
"""

from __future__ import annotations

import json
from collections import Counter, deque
from collections.abc import Iterator
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path

from desktop.crypto.signing import verify_signature
from desktop.crypto.verification import COUNTERSIGNATURE, OFFICER, SignatureFailure, result_of
from desktop.exchange.problems import SheetProblem
from desktop.exchange.workbook.batch_rows import BatchRows
from desktop.exchange.workbook.chunks import ChunkContext, plan_chunks
from desktop.exchange.workbook.model import KeyEntry
from desktop.exchange.workbook.reader import read_workbook_as
from desktop.exchange.workbook.verify import DeclarationVerdict, TrustOfKeys, untrusted_exporter
from desktop.services.inspection.heap import release_freed_memory
from desktop.services.inspection.packed_chunks import Packed, in_order, pack_chunks, read_packed_chunk
from desktop.services.inspection.row_values import DECLARATION_NAMES

_ID, _POLICE, _NAME, _UNIT, _ROW, _VALID, _FAILURES, _HEAD = (
    DECLARATION_NAMES.index(name)
    for name in (
        "declaration_id",
        "police_number",
        "name",
        "unit_code",
        "sheet_row",
        "valid",
        "failures",
        "countersigner_fingerprint",
    )
)

#: One declaration as the report needs it: id, police number, name, unit, row, failure codes, countersigning key.
Outcome = tuple[str, str, str, str, int, tuple[str, ...], str | None]


@dataclass
class ChunkOutcomes:
    """What a worker gives back of a chunk for ``verify``: each declaration's outcome and signature triple, or
    ``regular=False`` (the careful path decides)."""

    regular: bool
    outcomes: list[Outcome] = field(default_factory=list)
    triples: list[tuple[str, bytes | None, bytes | None]] = field(default_factory=list)


def verify_packed_chunk(context: ChunkContext, packed: Packed) -> ChunkOutcomes:
    """The import's reading of a packed chunk (read_packed_chunk), in a worker, cut to what ``verify`` reports."""
    rows = read_packed_chunk(context, packed)
    if not rows.regular:
        return ChunkOutcomes(regular=False)
    outcomes: list[Outcome] = [
        (
            str(row[_ID]),
            str(row[_POLICE]),
            str(row[_NAME]),
            str(row[_UNIT]),
            int(row[_ROW]),  # type: ignore[call-overload]  # the sheet row, an int
            () if row[_VALID] else tuple(json.loads(str(row[_FAILURES]))),
            row[_HEAD],  # type: ignore[misc]  # a fingerprint or None
        )
        for row in rows.declarations
    ]
    return ChunkOutcomes(True, outcomes, [tuple(triple) for triple in rows.triples])  # type: ignore[misc]


@dataclass
class ChunkedVerdict(TrustOfKeys):
    """A workbook verified chunk by chunk: what the report says of it, as verify.WorkbookVerdict gives it (the trust
    of its keys as it does: verify.TrustOfKeys)."""

    file: str
    keys: list[KeyEntry]
    exporter_fingerprint: str
    trusted: set[str] | None
    problems: list[SheetProblem]
    total: int = 0
    valid_count: int = 0
    #: The declarations that do not verify (every declaration, with ``keep_every``), in the workbook's order.
    declarations: list[DeclarationVerdict] = field(default_factory=list)
    #: How many declarations each head's key countersigned.
    countersigned: Counter[str] = field(default_factory=Counter)

    @property
    def valid(self) -> bool:
        return not self.problems and self.valid_count == self.total

    def _keys_vouching(self) -> tuple[list[str], str]:
        return list(self.countersigned), self.exporter_fingerprint  # head_fingerprints sorts


def verify_in_chunks(
    path: Path,
    password: str | None,
    executor: Executor | None,
    trusted: set[str] | None = None,
    keep_every: bool = False,
) -> ChunkedVerdict | None:
    """``path`` verified chunk by chunk in ``executor``'s processes (in this one without); None when the careful
    path must verify it (see the module's docstring)."""
    plan = read_workbook_as(path, plan_chunks, password, executor=executor, packed=True)
    if plan is None:
        return None
    cover = plan.context.cover
    exporter = cover.get("exporter_fingerprint", "")
    verdict = ChunkedVerdict(plan.file, plan.keys, exporter, trusted, [])
    batch = BatchRows()
    for chunk in _in_order(executor, plan.context, pack_chunks(plan.chunks)):
        if not chunk.regular:
            return None
        for declaration_id, officer, counter in chunk.triples:
            batch.add(declaration_id, officer, counter)
        for outcome in chunk.outcomes:
            _count(verdict, outcome, keep_every)
        del chunk
        release_freed_memory()
    payload = batch.payload(cover, plan.keys, plan.missing)
    del batch
    key = {k.fingerprint: k.public_key for k in plan.keys}.get(exporter)
    if key is None or not verify_signature(key, plan.batch_signature, payload):
        return None  # a problem of the workbook: the careful path states it
    problem = untrusted_exporter(exporter, trusted)
    verdict.problems = [problem] if problem is not None else []
    return verdict


def _count(verdict: ChunkedVerdict, outcome: Outcome, keep_every: bool) -> None:
    declaration_id, police_number, name, unit_code, row, codes, head = outcome
    trusted = verdict.trusted
    untrusted_head = bool(trusted is not None and head is not None and head not in trusted)
    verdict.total += 1
    if head is not None:
        verdict.countersigned[head] += 1
    valid = not codes and not untrusted_head
    verdict.valid_count += valid
    if keep_every or not valid:
        failures = tuple(SignatureFailure(_which(code), code) for code in codes)
        result = result_of(failures, countersigned=head is not None, officer_signed="officer.missing" not in codes)
        verdict.declarations.append(
            DeclarationVerdict(
                declaration_id,
                police_number,
                name,
                unit_code,
                row,
                result,
                untrusted_head=untrusted_head,
            )
        )


def _which(code: str) -> str:
    """Which signature a failure's code is of (verification._MESSAGES: each code begins with it)."""
    return COUNTERSIGNATURE if code.startswith(f"{COUNTERSIGNATURE}.") else OFFICER


def _in_order(executor: Executor | None, context: ChunkContext, packed: deque[Packed]) -> Iterator[ChunkOutcomes]:
    """Each packed chunk's outcomes, in order: in the executor's processes as the import reads them
    (packed_chunks.in_order), or here one after another without an executor."""
    if executor is not None:
        yield from in_order(executor, context, packed, verify_packed_chunk)
        return
    while packed:
        yield verify_packed_chunk(context, packed.popleft())
