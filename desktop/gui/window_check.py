"""What the window shows once it is up, for the installers' smoke tests and support staff.

``python -m desktop.app --check-window --data-dir STORE [--config-dir DIR] [--lang en]`` (``officer-declare
check-window …`` in the bundled program) opens the window over a store folder through the composition root, as
``start`` does, waits until the folder has been looked at, and prints what ``check`` returns as one JSON line:

- ``page``: the object name of the page shown (``loginPage`` for a store, ``welcomePage`` for an empty folder);
- ``window_title`` and ``app_title``: the window's title and the login page's heading (Chinese unless --lang en);
- ``accounts``: how many accounts the login page lists;
- ``error``: why the store could not be opened (empty when it could), or that no page was ready in time;
- ``shown`` and ``ready``: when (seconds since the epoch) the window was first painted and the page was ready, so
  that whoever started the process can measure start to window from just before starting it.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel

from desktop.gui import translations
from desktop.gui.environment import Environment
from desktop.gui.launch import open_window


class _PaintStamp(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.shown = 0.0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.shown:
            self.shown = time.time()
        return False


def check(environment: Environment, timeout: float) -> dict[str, object]:
    """Open the window, run the event loop until the store folder has been looked at (or ``timeout`` seconds), close
    the window and say what it showed."""
    window = open_window(environment)
    stamp = _PaintStamp()
    window.installEventFilter(stamp)
    report: dict[str, object] = {}

    def poll() -> None:
        if not stamp.shown or window.opening or window.runner.busy:
            return
        title = window.login_page.findChild(QLabel, "appTitle")
        page = window.stack.currentWidget()
        report.update(
            page=page.objectName() if page is not None else "",
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
    QTimer.singleShot(int(timeout * 1000), QApplication.quit)
    QApplication.exec()
    timer.stop()
    window.runner.wait(10_000)
    window.close()
    app = QApplication.instance()
    if app is not None:
        translations.remove(app, window.translators)
    return report or {"error": f"no page was ready within {timeout:.0f} s", "shown": stamp.shown}
