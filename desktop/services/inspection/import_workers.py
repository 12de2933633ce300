"""The worker processes of a window's import: never forked from the window, and stoppable at once (decision 162).

The command line's import takes a process pool of the platform's default start method (fork on Linux). A window
must not fork: the child of a running Qt application inherits its threads' locks in whatever state they were in,
and a window is exactly where other threads run. So the workers come from a forkserver where there is one (a fresh
interpreter, started once per window process, that imports the chunks' modules once and forks each batch's
workers from itself: a batch's workers are ready in a fraction of a second) and are spawned elsewhere (Windows:
each a fresh interpreter). A frozen program finds its way back into the server or a spawned worker through
``multiprocessing.freeze_support()`` at its entry point (installer/pyinstaller/officer_declare_main.py), which
PyInstaller's runtime hook extends to both methods on every platform (the installed .deb's smoke test imports
through these workers: ``officer-declare check-import``, decision 193). The workers are started as the pool is
made, so that they are ready by the time the calling process has read the package.

``stop()`` (a cancelled import, a locked or closed window) ends the workers at once, though never one halfway
through writing a result (decision 193): an import waiting on a chunk then gets BrokenProcessPool, and its
transaction rolls back, so nothing of it is stored. A worker that dies for any other reason ends the same way;
``import_workbook`` says so in one sentence (``ImportWorkersStopped``).
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from types import TracebackType


class ImportWorkers:
    """A process pool for imports (``pool``), its workers started at once; ``stop()`` may be called from any
    thread."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or os.cpu_count() or 1
        self.context = start_method()
        self.pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=self.context, initializer=_start)
        self.stopped = False
        for _ in range(self.workers):  # a spawning pool starts a worker per task submitted while none is idle
            self.pool.submit(_prepare)
        self._started = _processes(self.pool) or ()  # kept: the pool forgets its workers once they end

    def __enter__(self) -> ImportWorkers:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def process_ids(self) -> list[int]:
        """The workers' process ids (for tests that stop one the hard way)."""
        return [p.pid for p in _processes(self.pool) or () if p.pid is not None]

    def running(self) -> list[int]:
        """The process ids of the workers started with the pool that have not ended (after ``close()``: none)."""
        return [p.pid for p in self._started if p.pid is not None and p.is_alive()]

    def stop(self) -> None:
        """End the workers now (once a result being written is whole): whatever waits on them gets
        BrokenProcessPool. ``close()`` still joins them."""
        self.stopped = True
        # Never halfway through a message: a worker ended while writing a result (a chunk's rows, hundreds of KB,
        # written as the pool reads them) leaves the pool's reader waiting for the rest for ever, and the import
        # with it (decision 193). The workers write under the result queue's lock: holding it, none is writing.
        with _result_lock(self.pool):
            processes = _processes(self.pool)
            if processes is None:  # a Python whose pool keeps no such table has a public way
                self.pool.terminate_workers()  # type: ignore[attr-defined]  # Python 3.14
                return
            for process in processes:
                process.terminate()

    def close(self) -> None:
        """Shut the pool down, waiting for its workers to end."""
        self.pool.shutdown(wait=True, cancel_futures=True)


def start_method() -> multiprocessing.context.BaseContext:
    """Forkserver where there is one (the server is a fresh interpreter that imports the chunks' modules once per
    window; each batch's workers are forked from it, not from the window), spawn elsewhere (Windows)."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([_CHUNK_MODULE])
        return context
    return multiprocessing.get_context("spawn")


def _processes(pool: ProcessPoolExecutor) -> tuple[multiprocessing.process.BaseProcess, ...] | None:
    # The executor's own table of its workers (before Python 3.14 it has no public way to end them), copied in one
    # step, since its manager thread may change it meanwhile. Terminating them, rather than shutting the pool down
    # without waiting, leaves the pool to notice it is broken and join them, so that close() waits for their end.
    table = getattr(pool, "_processes", ())
    if table == ():
        return None
    return tuple((table or {}).values())


#: How long stop() waits for a worker to finish writing a result before ending the workers anyway.
RESULT_LOCK_WAIT = 10.0


@contextlib.contextmanager
def _result_lock(pool: ProcessPoolExecutor) -> Iterator[None]:
    # The pool's result queue (a SimpleQueue) takes this lock around each worker's write, where there is one (not on
    # Windows, whose pipes carry whole messages). Not had in time (a reader that stopped reading): ended anyway.
    lock = getattr(getattr(pool, "_result_queue", None), "_wlock", None)
    if lock is None or not lock.acquire(timeout=RESULT_LOCK_WAIT):
        yield
        return
    try:
        yield
    finally:
        lock.release()


#: Imports packed_chunks and import_chunks, whose work it is (verify's workers take packed_chunks' part of it).
_CHUNK_MODULE = "desktop.services.inspection.staged_content"


def _prepare() -> None:
    """The modules a worker's chunks need, imported before the first chunk arrives."""
    import desktop.services.inspection.staged_content  # noqa: F401


def _start() -> None:
    """Run in each worker as it starts: its modules imported (a forkserver's worker has them already), then every
    object it has so far left out of its collections (gc.freeze: no object is visited, only the collector's lists are
    moved). A forkserver's worker shares the server's pages until it writes to them, and each full collection would
    write to every object it inherited (decision 216: 22 MB of a worker's 44, the preloaded modules); frozen, they
    stay shared (decision 224). The objects frozen live as long as the worker anyway: its modules, and the few it
    made to start."""
    _prepare()
    gc.freeze()
