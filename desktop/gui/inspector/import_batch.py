"""Importing many workbooks off the GUI thread, one after the other, each atomically.

Cancelling takes effect between files: a file once started is imported whole or not at all (the service's
transaction), and its report still arrives. Each file's report is delivered as soon as the file is done, through
``file_done``, so that a cancelled batch still says what it did.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject, Signal

from desktop.exchange.xlsx.safety import EncryptedWorkbook
from desktop.gui.worker import Cancelled, Progress, TaskHandle, TaskRunner
from desktop.services.inspection.workbook_import import ImportResult, import_workbook
from desktop.services.session.session import Session

STEPS = 3  # import_workbook reports read, verified, stored


@dataclass(frozen=True)
class FileReport:
    path: Path
    result: ImportResult | None = None
    error: BaseException | None = None

    @property
    def needs_password(self) -> bool:
        return isinstance(self.error, EncryptedWorkbook)


def workbook_paths(paths: list[Path]) -> list[Path]:
    """The .xlsx files among ``paths``, each once, in the order given."""
    seen: dict[Path, None] = {}
    for path in paths:
        if path.suffix.lower() == ".xlsx" and path.is_file():
            seen.setdefault(path, None)
    return list(seen)


class ImportBatch(QObject):
    """``file_done(FileReport)`` for each file, in the GUI thread."""

    file_done = Signal(object)

    def __init__(self, session: Session, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.runner = runner
        self.task: TaskHandle | None = None

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
        ``on_progress(done, total, file name)``, ``on_finished()`` in the GUI thread."""
        session, paths, passwords = self.session, list(paths), dict(passwords or {})

        def work(progress: Progress) -> int:
            total = len(paths) * STEPS
            # Signature checks release the GIL: a thread pool uses the second core without forking a Qt process.
            with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
                for number, path in enumerate(paths):
                    progress(number * STEPS, total, path.name)  # raises Cancelled: the only place a batch stops

                    def step(_file: str, done: int, _steps: int, number: int = number, name: str = path.name) -> None:
                        with suppress(Cancelled):  # a file once started is imported whole
                            progress(number * STEPS + done, total, name)

                    try:
                        report = FileReport(
                            path,
                            result=import_workbook(
                                session, path, password=passwords.get(path), executor=pool, progress=step
                            ),
                        )
                    except Exception as error:  # one bad file is reported and the batch goes on
                        report = FileReport(path, error=error)
                    if shiboken6.isValid(self):  # the page (and this batch) may be gone after a lock
                        self.file_done.emit(report)
            progress(total, total, "")
            return len(paths)

        def finished() -> None:
            self.task = None
            if on_finished is not None:
                on_finished()

        self.task = self.runner.start(work, on_progress=on_progress, on_finished=finished, owner=self)
        return self.task

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
