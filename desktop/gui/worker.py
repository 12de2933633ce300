"""Long work off the GUI thread: progress, cancellation, and the result or error delivered back as signals.

Usage, from any widget::

    handle = runner.start(
        lambda progress: import_roster(session, path),   # runs in a pool thread; may call progress(done, total, text)
        on_done=self._imported,                          # called in the GUI thread with the return value
        on_error=self._failed,                           # called in the GUI thread with the exception
        on_progress=self._bar.update,                    # (done, total, text); total 0 means "busy, no measure"
        owner=self,                                      # callbacks are dropped once this widget is deleted
    )
    handle.cancel()   # the next progress(...) call inside the work raises Cancelled; nothing but
                      # on_finished is delivered any more (the window cancels every task when it locks)

Work that waits on something else (worker processes) registers ``progress.on_cancel(stop)``: ``stop`` is called in
the cancelling thread, so that the wait ends at once rather than at the next progress call.

The work must not touch widgets. It receives a ``Progress``; calling it reports and is also where a cancellation
takes effect. Exceptions never escape the pool thread: they arrive in ``on_error`` (DeclareError subclasses are
the ones to show to a person, see desktop.gui.errors).

While any task runs, Python's cyclic garbage collector is paused (for the whole process; reference counting still
frees everything): a collection set off by an allocation in a pool thread would finalize Qt objects that belong to the
GUI thread there, which crashed the window (a segmentation fault "Garbage-collecting" inside a worker). Collections
resume, in whichever thread allocates next, once the last task has ended.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class Cancelled(Exception):
    """Raised inside the work by Progress once the task was cancelled; the task then ends quietly."""


class _Signals(QObject):
    progress = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()


class Progress:
    """Handed to the work function: ``progress(done, total, text)`` reports and honours a cancellation."""

    def __init__(self, signals: _Signals) -> None:
        self._signals = signals
        self._cancel = threading.Event()
        self._lock = threading.Lock()
        self._on_cancel: list[Callable[[], None]] = []

    def __call__(self, done: int, total: int = 0, text: str = "") -> None:
        self.check()
        self._signals.progress.emit(int(done), int(total), text)

    def check(self) -> None:
        """Raise Cancelled if the task was cancelled (for work that has nothing to report)."""
        if self._cancel.is_set():
            raise Cancelled

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        with self._lock:
            self._cancel.set()
            stops, self._on_cancel = self._on_cancel, []
        for stop in stops:
            stop()

    def on_cancel(self, stop: Callable[[], None]) -> None:
        """Call ``stop()`` when the task is cancelled (at once if it is already), in the cancelling thread."""
        with self._lock:
            if not self._cancel.is_set():
                self._on_cancel.append(stop)
                return
        stop()


class TaskHandle:
    """One started task: cancel it, or ask whether it has finished."""

    def __init__(self, signals: _Signals, progress: Progress) -> None:
        self.signals = signals
        self._progress = progress
        self.finished = False

    def cancel(self) -> None:
        """Ask the work to stop, and drop its result, error and progress: only ``on_finished`` still arrives."""
        self._progress.cancel()

    @property
    def cancelled(self) -> bool:
        return self._progress.cancelled


class _CollectorPause:
    """Counts the running tasks; the collector is off while there is one (and was on before the first)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running = 0
        self._was_enabled = False

    def __enter__(self) -> None:
        with self._lock:
            if self._running == 0:
                self._was_enabled = gc.isenabled()
                gc.disable()
            self._running += 1

    def __exit__(self, *_: object) -> None:
        with self._lock:
            self._running -= 1
            if self._running == 0 and self._was_enabled:
                gc.enable()


collector_paused = _CollectorPause()


class _Task(QRunnable):
    def __init__(self, work: Callable[[Progress], Any], signals: _Signals, progress: Progress) -> None:
        super().__init__()
        self._work = work
        self._signals = signals
        self._progress = progress

    def run(self) -> None:
        with collector_paused:
            self._run()

    def _run(self) -> None:
        try:
            result = self._work(self._progress)
        except Cancelled:
            pass
        except BaseException as exc:
            self._signals.failed.emit(exc)
        else:
            self._signals.succeeded.emit(result)
        finally:
            self._signals.finished.emit()


def _guarded(
    callback: Callable[..., None] | None, owner: QObject | None, handle: TaskHandle | None = None
) -> Callable[..., None]:
    def deliver(*args: object) -> None:
        if callback is None or (handle is not None and handle.cancelled):
            return
        if owner is None or shiboken6.isValid(owner):
            callback(*args)

    return deliver


class TaskRunner(QObject):
    """Starts tasks on its own thread pool and keeps them alive until they report back. One per window."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._active: set[TaskHandle] = set()

    @property
    def busy(self) -> bool:
        return bool(self._active)

    def start(
        self,
        work: Callable[[Progress], Any],
        *,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        on_finished: Callable[[], None] | None = None,
        owner: QObject | None = None,
    ) -> TaskHandle:
        # The signals object lives in the GUI thread, so every callback runs there (queued from the pool thread).
        signals = _Signals(self)
        progress = Progress(signals)
        handle = TaskHandle(signals, progress)
        signals.progress.connect(_guarded(on_progress, owner, handle))
        signals.succeeded.connect(_guarded(on_done, owner, handle))
        signals.failed.connect(_guarded(on_error, owner, handle))
        signals.finished.connect(lambda: self._finish(handle, _guarded(on_finished, owner)))
        was_busy = self.busy
        self._active.add(handle)
        if not was_busy:
            self.busy_changed.emit(True)
        self._pool.start(_Task(work, signals, progress))
        return handle

    def _finish(self, handle: TaskHandle, on_finished: Callable[[], None]) -> None:
        handle.finished = True
        self._active.discard(handle)
        handle.signals.deleteLater()
        on_finished()
        if not self._active:
            self.busy_changed.emit(False)

    def cancel_all(self) -> None:
        for handle in list(self._active):
            handle.cancel()

    def wait(self, msecs: int = -1) -> bool:
        """Block until every task's work has returned (their callbacks still arrive through the event loop)."""
        return self._pool.waitForDone(msecs)
