"""An import's chunks held packed by the calling process from the plan until each is sent to a worker (decision 184).

The plan (desktop.exchange.workbook.chunks) is made from both large sheets' raw rows, which the calling process
holds as Python objects: a text object and a list slot for every cell, about 3.7 times the bytes of the same rows
pickled (form version 2, measured). The rows were held that way until each chunk went to a worker, and what they
left in Python's heap stayed beside the staged rows to the end (decision 159). Here every chunk is pickled as the
plan gives it, its rows let go at once, all before the first is sent (so that nothing else allocates meanwhile and
the rows' pages go back), and each packed chunk is let go as it is sent. A chunk is pickled
once either way: the executor pickled each chunk it sent, and now sends the packed bytes as they are, which its
worker unpickles into the very Chunk the plan made (the same rows, so the same stored rows).
"""

from __future__ import annotations

import pickle
from collections import deque
from collections.abc import Iterable, Iterator

from desktop.exchange.workbook.chunks import Chunk, ChunkContext
from desktop.services.inspection.heap import release_freed_memory
from desktop.services.inspection.import_chunks import ChunkRows, read_chunk


def packed(chunks: Iterable[Chunk]) -> Iterator[bytes]:
    """Each chunk pickled, in order; the chunk (and so its rows: the plan's iterator lets go of a chunk's rows as it
    gives them) is let go before its bytes are given."""
    for chunk in chunks:
        one = pickle.dumps(chunk, protocol=pickle.HIGHEST_PROTOCOL)
        del chunk
        yield one


def pack_chunks(chunks: Iterable[Chunk]) -> deque[bytes]:
    """Every chunk left in ``chunks``, packed, and the heap's freed pages given back (the raw rows' pages, before
    the staged rows grow)."""
    found = deque(packed(chunks))
    release_freed_memory()
    return found


def read_packed_chunk(context: ChunkContext, packed: bytes) -> ChunkRows:
    """import_chunks.read_chunk of a packed chunk, in a worker process."""
    chunk: Chunk = pickle.loads(packed)  # made by this program's own calling process (pack_chunks)
    del packed
    return read_chunk(context, chunk)
