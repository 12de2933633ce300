"""The calling process holds the plan's chunks packed, not as raw rows, from the plan until each goes to a worker
(decision 184): a count of the Chunk objects alive, not of bytes, so that no timing or allocator decides it."""

from __future__ import annotations

import gc
import shutil
from collections.abc import Callable
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import Any

import pytest

from desktop.exchange.workbook.chunks import BlockChunk, Chunk, plan_chunks
from desktop.exchange.workbook.reader import read_workbook_as
from desktop.services.inspection.import_chunks import read_chunk
from desktop.services.inspection.packed_chunks import pack_chunks, read_packed_chunk
from desktop.services.inspection.staged_chunk import stage_deflated_chunk, stage_packed_chunk
from desktop.services.inspection.workbook_import import import_workbook
from tests.conftest import INSPECTOR, DemoWorld
from tests.exchange.workbook.oversized import as_shared_strings
from tests.services.inspection.test_import_paths_agree import _rows

pytestmark = pytest.mark.usefixtures("small_chunks")


def _chunks_alive() -> int:
    gc.collect()
    return sum(isinstance(thing, Chunk) for thing in gc.get_objects())


class _Watching(Executor):
    """An executor that runs each task as it is submitted, in this thread, and notes, as each chunk is submitted,
    what is sent and how many Chunk objects this process holds at that moment (the task's own unpacked chunk is
    made after, and let go when it ends)."""

    def __init__(self) -> None:
        self.sent: list[tuple[type, int]] = []

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        if fn in (read_packed_chunk, stage_packed_chunk, stage_deflated_chunk):
            self.sent.append((type(args[1]), _chunks_alive()))
        future: Future[Any] = Future()
        future.set_result(fn(*args, **kwargs))
        return future


@pytest.mark.parametrize(
    ("shared", "sent"), [(False, BlockChunk), (True, bytes)], ids=["our own XML", "shared strings"]
)
def test_no_chunk_s_raw_rows_are_held_as_objects_once_the_chunks_are_sent(
    exported: Path, demo_store_template: Path, tmp_path: Path, pipelined: list[bool], shared: bool, sent: type
) -> None:
    """Our own sheets come back packed from their readers, and their chunks go as blocks (decision 215); other
    programs' sheets are read as rows and each chunk pickled (decision 184)."""
    path = as_shared_strings(exported, tmp_path / exported.name) if shared else exported
    world = DemoWorld(Path(shutil.copytree(demo_store_template, tmp_path / "store")), tmp_path / "throttle.json")
    pool = _Watching()
    try:
        result = import_workbook(world.login(INSPECTOR), path, executor=pool)
    finally:
        world.close()
    assert pipelined == [True]
    assert len(pool.sent) > 4  # more chunks than are in flight at once (small_chunks)
    assert pool.sent == [(sent, 0)] * len(pool.sent)
    assert result.declarations > 0


def test_a_packed_chunk_is_read_as_the_chunk_itself(exported: Path) -> None:
    def planned(opened):  # type: ignore[no-untyped-def]
        plan = plan_chunks(opened, per_chunk=3)
        assert plan is not None
        return plan.context, list(plan.chunks)

    context, chunks = read_workbook_as(exported, planned)
    packed = pack_chunks(iter(read_workbook_as(exported, planned)[1]))
    assert len(packed) == len(chunks) > 1
    for chunk, one in zip(chunks, packed, strict=True):
        assert read_packed_chunk(context, one) == read_chunk(context, chunk)


def test_the_pipeline_through_packed_chunks_stores_what_the_careful_path_stores(
    exported: Path, demo_store_template: Path, tmp_path: Path, pipelined: list[bool]
) -> None:
    stored = []
    for name, pool in (("fast", _Watching()), ("careful", None)):
        world = DemoWorld(Path(shutil.copytree(demo_store_template, tmp_path / name)), tmp_path / f"{name}.json")
        try:
            inspector = world.login(INSPECTOR)
            result = import_workbook(inspector, exported, executor=pool)
            stored.append((result.workbook_id, _rows(inspector)))
        finally:
            world.close()
    assert pipelined == [True]
    assert stored[0] == stored[1]
