"""Importing many workbooks off the GUI thread, one after the other, each atomically, in worker processes.

The files are read, converted and checked by worker processes as the command line's are (decision 162): a window shares
one interpreter between its threads, so a thread pool gave the import one core. The workers come from a forkserver
(spawned on Windows), never forked from the running application (desktop.services.inspection.import_workers), once per
batch, and stopped when the batch ends, is cancelled, or the window is locked or closed.

Cancelling stops the file being imported: its workers are ended and its transaction rolls back, so nothing of it
is stored; the files imported before it stay imported. A file whose last step (the commit) has begun is finished.
Each file's report is delivered as soon as the file is done, through ``file_done``, so that a cancelled batch
still says what it did; ``status_changed`` says, per chunk, how many of the file's declarations are checked.

The work emits these signals from its pool thread, so the batch must be there until the work ends: it belongs to the
runner (whose pool waits for its tasks before the runner's children go), not to the page that shows it. A page
deleted meanwhile (the window locked) gets nothing more, not even ``on_finished``; the batch goes when its work ends.
"""

from __future__ import annotations

import linecache
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from desktop.exchange.xlsx.safety import EncryptedWorkbook
from desktop.gui.worker import Cancelled, Progress, TaskHandle, TaskRunner
from desktop.services.errors import ImportWorkersStopped
from desktop.services.inspection.heap import release_freed_memory
from desktop.services.inspection.import_workers import ImportWorkers
from desktop.services.inspection.workbook_import import ImportResult, import_workbook
from desktop.services.session.session import Session

STEPS = 3  # import_workbook reports read, verified, stored
#: The part of a file's progress that checking its declarations stands for (the rest: storing and committing).
CHECKING_SHARE = 2 / 3


@dataclass(frozen=True)
class FileReport:
    path: Path
    result: ImportResult | None = None
    error: BaseException | None = None

    @property
    def needs_password(self) -> bool:
        return isinstance(self.error, EncryptedWorkbook)


@dataclass(frozen=True)
class ImportStatus:
    """Where a batch is: file ``number`` (from 1) of ``count``, named ``name``; ``checked`` of its ``declarations``
    (0 of 0 until they are counted, and for a file read the careful way); ``done``, 0 to 1, of the whole batch."""

    number: int
    count: int
    name: str
    checked: int = 0
    declarations: int = 0
    done: float = 0.0


def workbook_paths(paths: list[Path]) -> list[Path]:
    """The .xlsx files among ``paths``, each once, in the order given."""
    seen: dict[Path, None] = {}
    for path in paths:
        if path.suffix.lower() == ".xlsx" and path.is_file():
            seen.setdefault(path, None)
    return list(seen)


class ImportBatch(QObject):
    """``file_done(FileReport)`` for each file and ``status_changed(ImportStatus)`` as it goes (connect them queued:
    they are emitted from the task's thread). A child of ``runner``; ``owner`` (the page) is what it reports to:
    once ``owner`` is deleted, its callbacks are dropped and the batch deletes itself when its work has ended."""

    file_done = Signal(object)
    status_changed = Signal(object)

    def __init__(
        self,
        session: Session,
        runner: TaskRunner,
        owner: QObject | None = None,
        workers: Callable[[], ImportWorkers] = ImportWorkers,
    ) -> None:
        super().__init__(runner)
        self.session = session
        self.runner = runner
        self.task: TaskHandle | None = None
        self._workers = workers
        #: The running batch's workers (for tests: the processes a cancel ends).
        self.workers: ImportWorkers | None = None
        self._orphaned = False  # its owner was deleted
        if owner is not None:
            owner.destroyed.connect(self._owner_deleted)

    @property
    def running(self) -> bool:
        return self.task is not None

    def start(
        self,
        paths: list[Path],
        *,
        passwords: dict[Path, str] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        on_finished: Callable[[], None] | None = None,
    ) -> TaskHandle:
        """Import ``paths`` in order, each protected one with its own file password from ``passwords``;
        ``on_progress(done, total, file name)`` (in steps of STEPS per file), ``on_finished()`` in the GUI
        thread."""
        paths, passwords = list(paths), dict(passwords or {})

        # PySide6 reads the whole source of every module imported after it into linecache (its __feature__ check,
        # inspect.getsource): every module of the program and its libraries, about 20 MB of lines the window would
        # hold through the import's peak. Only a cache: a traceback reads its lines again. Let go here, in the GUI
        # thread, which alone reads it (not in the work's thread, between another reader's check and its lookup).
        linecache.clearcache()

        def work(progress: Progress) -> int:
            workers = self._start_workers(progress)
            try:
                for number, path in enumerate(paths):
                    progress(number * STEPS, len(paths) * STEPS, path.name)  # raises Cancelled between files
                    try:
                        report = self._import_one(progress, workers, path, passwords.get(path), number, len(paths))
                    finally:
                        # What the file's import freed (SQLite's staged pages: about 200 MB after form 2's 50,000)
                        # stays in this thread's heap otherwise, held by an idle window until the next import.
                        release_freed_memory()
                    if isinstance(report.error, ImportWorkersStopped):
                        workers.close()
                        workers = self._start_workers(progress)  # the next file gets workers of its own
                    self.file_done.emit(report)  # this batch is there until the work ends; its page may not be
            finally:
                workers.close()
                release_freed_memory()
            progress(len(paths) * STEPS, len(paths) * STEPS, "")
            return len(paths)

        def finished() -> None:
            self.task = None
            self.workers = None
            if self._orphaned:
                self.deleteLater()
            elif on_finished is not None:
                on_finished()

        progressed = self._while_owned(on_progress)
        self.task = self.runner.start(work, on_progress=progressed, on_finished=finished, owner=self)
        return self.task

    def _while_owned(self, callback: Callable[[int, int, str], None] | None) -> Callable[[int, int, str], None]:
        def deliver(done: int, total: int, text: str) -> None:
            if callback is not None and not self._orphaned:
                callback(done, total, text)

        return deliver

    def _owner_deleted(self) -> None:
        self._orphaned = True
        if self.task is None:
            self.deleteLater()

    def _start_workers(self, progress: Progress) -> ImportWorkers:
        workers = self._workers()
        self.workers = workers
        progress.on_cancel(workers.stop)  # a cancel (or the window's lock) ends them at once, from any thread
        return workers

    def _import_one(
        self, progress: Progress, workers: ImportWorkers, path: Path, password: str | None, number: int, count: int
    ) -> FileReport:
        """One file imported whole, or a report of why not; Cancelled once the batch is cancelled and the file is
        not stored."""
        status = ImportStatus(number + 1, count, path.name, done=number / count)

        def tell(checked: int, declarations: int, part: float) -> None:
            nonlocal status
            done = max(status.done, (number + part) / count)  # never backwards within a file
            status = replace(status, checked=checked, declarations=declarations, done=done)
            self.status_changed.emit(status)

        def step(_file: str, done: int, steps: int) -> None:
            if done < steps:  # before the commit: a cancel raises here and the file's transaction rolls back
                progress(number * STEPS + done, count * STEPS, path.name)
            tell(status.checked, status.declarations, done / steps)

        def checked(done: int, declarations: int) -> None:
            progress.check()
            tell(done, declarations, CHECKING_SHARE * done / max(declarations, 1))

        try:
            # Deflated: the window's process holds the staged rows beside Qt's own memory (decision 251).
            result = import_workbook(
                self.session,
                path,
                password=password,
                executor=workers.pool,
                progress=step,
                checked=checked,
                deflated=True,
            )
        except Exception as error:  # one bad file is reported and the batch goes on
            if progress.cancelled:
                raise Cancelled from error  # the cancel ended the workers: nothing of this file is stored
            return FileReport(path, error=error)
        return FileReport(path, result=result)

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
