"""An import's chunks held packed by the calling process from the plan until each is sent to a worker (decision 184).

The plan (desktop.exchange.workbook.chunks) of a workbook other programs wrote is made from both large sheets' raw rows,
which the calling process holds as Python objects: a text object and a list slot for every cell, about 3.7 times the
bytes of the same rows pickled (form version 2, measured). The rows were held that way until each chunk went to a
worker, and what they left in Python's heap stayed beside the staged rows to the end (decision 159). Here every chunk is
pickled as the plan gives it, its rows let go at once, all before the first is sent (so that nothing else allocates
meanwhile and the rows' pages go back), and each packed chunk is let go as it is sent. A chunk is pickled once either
way: the executor pickled each chunk it sent, and now sends the packed bytes as they are, which its worker unpickles
into the very Chunk the plan made (the same rows, so the same stored rows).

A chunk of packed sheets (chunks.BlockChunk, decision 215) is held as it is: its rows are already pickled blocks,
shared with the chunks next to it, and it holds few objects; the executor pickles it when it is sent (the blocks
are copied, not pickled again), and the worker unpacks it into the Chunk its rows make.
"""

from __future__ import annotations

import pickle
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future
from typing import TypeVar

from desktop.exchange.workbook.chunks import BlockChunk, Chunk, ChunkContext
from desktop.services.inspection.heap import release_freed_memory
from desktop.services.inspection.import_chunks import ChunkRows, read_chunk

Packed = bytes | BlockChunk
T = TypeVar("T")
#: Chunks sent to the workers ahead of the one awaited: both cores busy, few rows in flight.
CHUNKS_IN_FLIGHT = 4


def packed(chunks: Iterable[Chunk | BlockChunk]) -> Iterator[Packed]:
    """Each chunk pickled (a BlockChunk as it is), in order; the chunk (and so its rows: the plan's iterator lets go
    of a chunk's rows as it gives them) is let go before its bytes are given."""
    for chunk in chunks:
        one = chunk if isinstance(chunk, BlockChunk) else pickle.dumps(chunk, protocol=pickle.HIGHEST_PROTOCOL)
        del chunk
        yield one


def pack_chunks(chunks: Iterable[Chunk | BlockChunk]) -> deque[Packed]:
    """Every chunk left in ``chunks``, packed, and the heap's freed pages given back (the raw rows' pages, before
    the staged rows grow)."""
    found = deque(packed(chunks))
    release_freed_memory()
    return found


def read_packed_chunk(context: ChunkContext, packed: Packed) -> ChunkRows:
    """import_chunks.read_chunk of a packed chunk, in a worker process, the heap's freed pages given back first: a
    worker that has just parsed a whole sheet would keep that peak otherwise. Here, in the workers' entry, not in
    read_chunk: malloc_trim walks the whole heap, which a process that reads chunks itself (a test's) pays per call."""
    release_freed_memory()
    # Made by this program's own calling process (pack_chunks) and, for a BlockChunk, its own workers.
    chunk: Chunk = packed.chunk() if isinstance(packed, BlockChunk) else pickle.loads(packed)
    del packed
    return read_chunk(context, chunk)


def in_order(
    executor: Executor, context: ChunkContext, packed: deque[Packed], read: Callable[[ChunkContext, Packed], T]
) -> Iterator[T]:
    """What ``read`` (a worker's function: the import's staged_chunk.stage_packed_chunk or stage_deflated_chunk, or
    verify's) makes of each packed chunk, in order, CHUNKS_IN_FLIGHT chunks in the executor's processes; each packed
    chunk is let go here as it is sent."""
    pending: deque[Future[T]] = deque()
    try:
        while packed:
            pending.append(executor.submit(read, context, packed.popleft()))
            if len(pending) >= CHUNKS_IN_FLIGHT:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()
