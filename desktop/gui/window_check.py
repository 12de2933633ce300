"""Does the window come up, and in which language? A check for installers and support staff.

    officer-declare check-window --data-dir STORE [--config-dir DIR] [--lang en]     (the bundled program)
    python -m desktop.gui.window_check --data-dir STORE [--config-dir DIR]             (a checkout)

It opens the window over a store folder through the composition root, as ``officer-declare start`` does, waits until
the store has been looked at, prints one JSON line and quits:

- ``page``: the object name of the page shown (``loginPage`` for a store, ``welcomePage`` for an empty folder);
- ``window_title`` and ``app_title``: the window's title and the login page's heading (Chinese unless --lang en);
- ``accounts``: how many accounts the login page lists;
- ``shown`` and ``ready``: when (seconds since the epoch) the window was first painted and the page was ready, so
  that whoever started this process can measure start to window from just before starting it.

Qt's offscreen platform is used unless QT_QPA_PLATFORM says otherwise, so it needs no display. Exit code 0 when a
page was ready, 1 when none was within --timeout seconds or opening the store failed (the message is in ``error``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel

from desktop.app import AppPaths, build_environment, open_window
from desktop.gui import translations


class _PaintStamp(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.shown = 0.0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.shown:
            self.shown = time.time()
        return False


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="officer-declare check-window",
        description="Open the window over a store folder, print what it shows as one JSON line, and quit.",
    )
    parser.add_argument("--data-dir", type=Path, required=True, help="the store folder to open")
    parser.add_argument(
        "--config-dir",
        type=Path,
        help="where the settings and login-throttle files are (default: the user's, as for 'start')",
    )
    parser.add_argument("--lang", choices=("zh_CN", "en"), help="the window's language for this run")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for the page (default 60)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.config_dir:
        paths = AppPaths(args.data_dir, args.config_dir / "settings.json", args.config_dir / "throttle.json")
    else:
        paths = AppPaths.for_user(args.data_dir)
    window = open_window(build_environment(paths, language=args.lang))
    stamp = _PaintStamp()
    window.installEventFilter(stamp)
    report: dict[str, object] = {}

    def poll() -> None:
        if not stamp.shown or window.opening or window.runner.busy:
            return
        page = window.stack.currentWidget()
        title = window.login_page.findChild(QLabel, "appTitle")
        report.update(
            page=page.objectName(),
            window_title=window.windowTitle(),
            app_title=title.text() if title is not None else "",
            accounts=window.login_page.accounts.count(),
            error=window.login_page.message.text() if window.access is None else "",
            shown=stamp.shown,
            ready=time.time(),
        )
        QApplication.quit()

    timer = QTimer()
    timer.timeout.connect(poll)
    timer.start(5)
    QTimer.singleShot(int(args.timeout * 1000), QApplication.quit)
    QApplication.exec()
    timer.stop()
    window.runner.wait(10_000)
    window.close()
    translations.remove(QApplication.instance(), window.translators)
    ok = bool(report) and not report.get("error")
    if not report:
        report = {"error": f"no page was ready within {args.timeout:.0f} s", "shown": stamp.shown}
    print(json.dumps(report, ensure_ascii=False), flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
