"""Noticing that nobody has touched the keyboard or mouse for a while, so that the window can lock itself."""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.InputMethod,
    }
)


class IdleWatcher(QObject):
    """Emits ``idle`` once after ``seconds`` without input anywhere in the application, while it is running.

    Input only stamps the time (the filter sees every event of the application and must stay cheap); a timer
    compares the stamp now and then.
    """

    idle = Signal()

    def __init__(self, seconds: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._seconds = seconds
        self._last_input = time.monotonic()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._check)
        self._set_interval()
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    @property
    def seconds(self) -> int:
        return self._seconds

    def set_seconds(self, seconds: int) -> None:
        self._seconds = seconds
        self._set_interval()

    def _set_interval(self) -> None:
        # Checking at a quarter of the timeout locks at most 25 % late; never more often than 5 times a second.
        self._timer.setInterval(int(max(0.2, min(5.0, self._seconds / 4)) * 1000))

    def start(self) -> None:
        self.touch()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def touch(self) -> None:
        self._last_input = time.monotonic()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS:
            self._last_input = time.monotonic()
        return False

    def _check(self) -> None:
        if time.monotonic() - self._last_input >= self._seconds:
            self._timer.stop()
            self.idle.emit()
