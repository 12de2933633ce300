"""A child process for tests/services/test_no_plaintext_left.py: runs one of the application's file writers on a copy
of the demo store, with the TMPDIR its parent chose, and can stop at a point midway to be killed there.

    python -m tests.services.leak_child WRITER STORE THROTTLE OUT PAUSE

PAUSE is ``none`` (run to the end), ``sheet`` (stop when the first worksheet part is added to any .xlsx package,
i.e. while the sheets are being written) or ``sync`` (stop at the first os.fsync of a file in OUT's folder, i.e. when
the output is complete but not yet in place). At the pause it prints ``paused`` and waits to be killed.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
import zipfile
from pathlib import Path

from desktop.services.clock import FixedClock
from desktop.services.session.login import log_in
from desktop.services.session.throttle import LoginThrottle
from desktop.store.store import StorePaths
from tests.conftest import DEMO_STORE_PASSWORD, INSPECTOR, RICH_HEAD, RICH_OFFICER

FILE_PASSWORD = "file-pass-9137"
WRITERS = (
    "unit",
    "unit-encrypted",
    "own",
    "own-encrypted",
    "report",
    "report-encrypted",
    "template",
    "pdf",
    "backup",
)


def _pause() -> None:
    print("paused", flush=True)
    time.sleep(120)
    os._exit(5)  # never killed: the parent has failed already


def _pause_at_first_sheet() -> None:
    """Stop when a worksheet part is first added to a package, however it is added."""

    def watching(original):
        def method(self, *args, **kwargs):
            names = [a for a in args if isinstance(a, str | zipfile.ZipInfo)]
            name = names[-1] if original.__name__ == "write" and len(names) > 1 else (names[0] if names else "")
            name = name.filename if isinstance(name, zipfile.ZipInfo) else name
            mode = args[1] if original.__name__ == "open" and len(args) > 1 else kwargs.get("mode", "r")
            if name.startswith("xl/worksheets/sheet") and (original.__name__ != "open" or mode == "w"):
                _pause()
            return original(self, *args, **kwargs)

        return method

    for name in ("write", "writestr", "open"):
        setattr(zipfile.ZipFile, name, watching(getattr(zipfile.ZipFile, name)))


def _pause_at_first_sync(folder: Path) -> None:
    original = os.fsync
    inside = str(folder.resolve())

    def fsync(fd: int) -> None:
        where = os.readlink(f"/proc/self/fd/{fd}") if isinstance(fd, int) else ""
        if where.startswith(inside + os.sep):
            _pause()
        original(fd)

    os.fsync = fsync


def main(writer: str, store: str, throttle: str, out: str, pause: str) -> int:
    target = Path(out)
    if pause == "sheet":
        _pause_at_first_sheet()
    elif pause == "sync":
        _pause_at_first_sync(target.parent)
    clock = FixedClock(dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC))
    paths, limiter = StorePaths(Path(store)), LoginThrottle(Path(throttle))

    def login(name: str):
        return log_in(paths, name, DEMO_STORE_PASSWORD, clock=clock, throttle=limiter)

    password = FILE_PASSWORD if writer.endswith("-encrypted") else None
    if writer.startswith("unit"):
        from desktop.services.workflow.export import export_unit

        export_unit(login(RICH_HEAD), target, password=password)
    elif writer.startswith("own"):
        from desktop.services.workflow.export import export_own

        export_own(login(RICH_OFFICER), target, password=password)
    elif writer.startswith("report"):
        from desktop.services.inspection.report import write_report

        write_report(login(INSPECTOR), target, password=password)
    elif writer == "template":
        from desktop.services.administration.roster import write_roster_template

        write_roster_template(target)
    elif writer == "pdf":
        from PySide6.QtGui import QGuiApplication

        from desktop.gui.printing.form_document import TITLE, form_html
        from desktop.gui.printing.print import save_pdf
        from desktop.services.workflow.printable import printable_declaration

        app = QGuiApplication(["leak-child", "-platform", "offscreen"])
        save_pdf(form_html(printable_declaration(login(RICH_OFFICER))), target, title=TITLE)
        del app
    elif writer == "backup":
        from desktop.services.administration.backup import backup_store
        from desktop.services.demo.store import ADMIN_LOGIN

        backup_store(login(ADMIN_LOGIN), target)
    else:
        raise SystemExit(f"unknown writer {writer}")
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:]))
