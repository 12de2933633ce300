"""Running something once the window is on screen: after its first paint (or a short while, if none comes)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

#: A window that is never painted (started minimised, say) must still open its store.
FALLBACK_MS = 1000


class FirstPaint(QObject):
    """``then(callback)`` runs the callback once, just after the watched widget's first paint."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self._widget = widget
        self._callback: Callable[[], None] | None = None
        self._painted = False
        widget.installEventFilter(self)

    def then(self, callback: Callable[[], None]) -> None:
        if self._painted:
            callback()
            return
        self._callback = callback
        QTimer.singleShot(FALLBACK_MS, self, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            self._widget.removeEventFilter(self)
            QTimer.singleShot(0, self, self._run)  # after the paint has finished, not inside it
        return False

    def _run(self) -> None:
        self._painted = True
        callback, self._callback = self._callback, None
        if callback is not None:
            callback()
