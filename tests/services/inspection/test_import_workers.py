"""A window's import workers (desktop.services.inspection.import_workers, decision 162): not forked from it; the
pipeline run on them stores what the careful path stores; the declarations checked are told chunk by chunk; and a
worker that dies, or workers stopped by a cancel, end the import with nothing of it stored."""

from __future__ import annotations

import gc
import multiprocessing
import os
import shutil
import signal
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.exchange.workbook import chunks
from desktop.i18n import Translator
from desktop.services.errors import ImportWorkersStopped
from desktop.services.inspection import import_workers
from desktop.services.inspection.import_workers import ImportWorkers
from desktop.services.inspection.workbook_import import import_workbook
from desktop.services.session.session import Session
from desktop.services.workflow.export import export_unit
from desktop.store import schema
from tests.conftest import INSPECTOR, ROOT_UNIT, DemoWorld
from tests.exchange.workbook.oversized import as_shared_strings
from tests.services.inspection.test_import_paths_agree import _rows


@pytest.fixture(scope="module")
def exported(demo_store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("workers")
    world = DemoWorld(Path(shutil.copytree(demo_store_template, folder / "store")), folder / "throttle.json")
    try:
        return export_unit(world.login(INSPECTOR), folder / "all.xlsx", unit_code=ROOT_UNIT).path
    finally:
        world.close()


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chunks, "DECLARATIONS_PER_CHUNK", 3)  # many chunks, so that an import can be hit midway


@pytest.fixture
def inspector(demo_store_template: Path, tmp_path: Path):
    world = DemoWorld(Path(shutil.copytree(demo_store_template, tmp_path / "store")), tmp_path / "throttle.json")
    yield world.login(INSPECTOR)
    world.close()


def _audit_records(session: Session) -> int:
    with session.store.transaction() as connection:
        return connection.execute(select(func.count()).select_from(schema.audit_log)).scalar_one()


def test_the_workers_are_not_forked_from_the_calling_process_and_start_with_the_pool() -> None:
    import PySide6.QtCore  # noqa: F401  # in this process, as in a window

    with ImportWorkers(2) as workers:
        assert not workers.pool.submit(eval, "'PySide6.QtCore' in __import__('sys').modules").result(timeout=60)
        assert len(workers.process_ids()) == 2  # both started as the pool was made
        assert os.getpid() not in workers.process_ids()


def test_the_workers_hold_no_store_modules_and_their_collector_leaves_what_they_inherit_alone() -> None:
    # Decision 224: what the workers import and what their collector touches is memory the window's import holds
    # three times over (the forkserver and two workers): SQLAlchemy and the store's schema are the calling
    # process's, and a worker's collections would otherwise write to every object it inherited, unsharing its page.
    with ImportWorkers(2) as workers:
        held = workers.pool.submit(eval, "[m for m in __import__('sys').modules if m.split('.')[0] == 'sqlalchemy']")
        assert held.result(timeout=60) == []
        assert workers.pool.submit(eval, "'desktop.store.schema' in __import__('sys').modules").result() is False
        assert workers.pool.submit(gc.get_freeze_count).result() > 0


@pytest.mark.parametrize("method", ["default", "spawn"])  # spawn: what Windows uses
def test_the_pipeline_on_the_workers_stores_what_the_careful_path_stores_and_tells_each_chunk(
    exported: Path, demo_store_template: Path, tmp_path: Path, method: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if method == "spawn":
        monkeypatch.setattr(import_workers, "start_method", lambda: multiprocessing.get_context("spawn"))
    told: list[tuple[int, int]] = []
    stored = {}
    for name, workers in (("workers", ImportWorkers(2)), ("careful", None)):
        world = DemoWorld(Path(shutil.copytree(demo_store_template, tmp_path / name)), tmp_path / f"{name}.json")
        try:
            inspector = world.login(INSPECTOR)
            executor = workers.pool if workers is not None else None
            result = import_workbook(inspector, exported, executor=executor, checked=lambda *c: told.append(c))
            stored[name] = (result.workbook_id, result.valid, result.invalid, _rows(inspector))
        finally:
            world.close()
            if workers is not None:
                workers.close()
    assert stored["workers"] == stored["careful"]
    declarations = told[-1][1]
    assert told[0] == (0, declarations)
    assert told[-1] == (declarations, declarations)
    assert [done for done, _ in told] == sorted({done for done, _ in told})  # one report per chunk, ascending
    assert len(told) > 3


def test_a_workbook_written_with_shared_strings_is_read_in_the_window_s_workers_as_the_careful_path_reads_it(
    exported: Path, demo_store_template: Path, tmp_path: Path
) -> None:
    # Its large sheets go to the workers too (reader._read_elsewhere, by path), not only its chunks.
    (tmp_path / "shared").mkdir()
    shared = as_shared_strings(exported, tmp_path / "shared" / exported.name)  # the same name: the rows name it
    stored = {}
    for name, path, workers in (("workers", shared, ImportWorkers(2)), ("careful", exported, None)):
        world = DemoWorld(Path(shutil.copytree(demo_store_template, tmp_path / name)), tmp_path / f"{name}.json")
        try:
            inspector = world.login(INSPECTOR)
            result = import_workbook(inspector, path, executor=workers.pool if workers is not None else None)
            stored[name] = (result.workbook_id, result.valid, _rows(inspector))
        finally:
            world.close()
            if workers is not None:
                workers.close()
    assert stored["workers"] == stored["careful"]


def test_a_worker_killed_midway_stops_the_import_in_one_sentence_and_nothing_is_stored(
    exported: Path, inspector: Session
) -> None:
    before = (_rows(inspector), _audit_records(inspector))
    with ImportWorkers(2) as workers:
        killed: list[int] = []

        def kill_one(done: int, _declarations: int) -> None:
            if done and not killed:  # after the first chunk, while the others are in flight
                killed.append(workers.process_ids()[0])
                os.kill(killed[0], signal.SIGKILL)

        with pytest.raises(ImportWorkersStopped) as stopped:
            import_workbook(inspector, exported, executor=workers.pool, checked=kill_one)
    assert (_rows(inspector), _audit_records(inspector)) == before
    assert stopped.value.exit_code == 3
    assert stopped.value.render(Translator("en")) == (
        "all.xlsx: nothing was imported; a process reading it stopped unexpectedly. Import it again."
    )
    assert stopped.value.render(Translator("zh_CN")).startswith("all.xlsx：")
    with ImportWorkers(2) as workers:  # imported again on new workers: whole, staged afresh
        result = import_workbook(inspector, exported, executor=workers.pool)
    assert result.declarations > 0
    assert not result.already_imported


def test_workers_stopped_midway_as_a_cancel_stops_them_leave_nothing_stored(exported: Path, inspector: Session) -> None:
    before = (_rows(inspector), _audit_records(inspector))
    with ImportWorkers(2) as workers:

        def stop(done: int, _declarations: int) -> None:
            if done:
                workers.stop()

        # Whatever the waiting import meets (a broken pool, or a pool shut down): the window calls it a cancel.
        with pytest.raises((ImportWorkersStopped, RuntimeError)):
            import_workbook(inspector, exported, executor=workers.pool, checked=stop)
        pids = workers.process_ids()
    assert (_rows(inspector), _audit_records(inspector)) == before
    assert workers.stopped
    assert not any(_alive(pid) for pid in pids)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _sleep_then(seconds: float, size: int) -> bytes:
    import time

    time.sleep(seconds)
    return b"x" * size


def _waiting_in(pid: int) -> str:
    """The kernel function a process sleeps in ("0" where the kernel does not say)."""
    try:
        return Path(f"/proc/{pid}/wchan").read_text()
    except OSError:
        return ""


@pytest.mark.skipif(not Path("/proc/self/wchan").exists(), reason="needs /proc/PID/wchan (Linux)")
def test_workers_stopped_while_one_sends_back_a_large_result_break_the_pool_instead_of_hanging_it() -> None:
    # Found by the installed program's check-import with a cancel (decision 193): a worker ended halfway through
    # writing a chunk's rows (hundreds of KB) into the result pipe left the pool's reader waiting for the rest of the
    # message for ever, so the cancel never ended. Here the pool's reader is held in the first result's callback while
    # the second worker writes 32 MB into the pipe and blocks there, halfway; then the workers are stopped.
    workers = ImportWorkers(2)
    hold = threading.Event()
    first = workers.pool.submit(_sleep_then, 0.2, 1)
    first.add_done_callback(lambda _future: hold.wait(60))  # runs in the pool's reader thread: it reads nothing more
    second = workers.pool.submit(_sleep_then, 1.0, 32 * 1024 * 1024)
    deadline, seen = time.monotonic() + 60, set()
    while not any("pipe_write" in wchan for wchan in seen):
        if time.monotonic() > deadline:
            workers.stop()
            hold.set()
            if seen <= {"", "0"}:
                pytest.skip("this kernel does not say where a process sleeps (/proc/PID/wchan)")
            pytest.fail(f"no worker began writing its result: {seen}")
        seen = {_waiting_in(pid) for pid in workers.process_ids()}
        time.sleep(0.05)
    stopping = threading.Thread(target=workers.stop, daemon=True)
    stopping.start()
    time.sleep(0.5)  # stop() is under way: it may wait for the message being written, never end it halfway
    hold.set()
    stopping.join(30)
    assert not stopping.is_alive()
    closing = threading.Thread(target=workers.close, daemon=True)
    closing.start()
    closing.join(30)
    assert not closing.is_alive(), "the pool hangs: a worker was ended halfway through writing its result"
    assert second.done()
    assert workers.running() == []
