"""A dialog that grows with what it shows: a message or more fields appearing later get the height they need.

Qt enlarges a window to its layout's minimum size, but that minimum ignores the height wrapped text needs at the
window's width, so a long message after an export was drawn over the lines around it.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QWidget


def grow_to_contents(window: QWidget) -> None:
    """Make ``window`` as tall as its contents need at its width (never shorter, never taller than the screen)."""
    layout = window.layout()
    if layout is None or not window.isVisible():
        return
    layout.activate()
    width = window.width()
    needed = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else layout.totalSizeHint().height()
    needed = max(needed, layout.totalMinimumSize().height())
    screen = window.screen()
    limit = screen.availableGeometry().height() - 40 if screen is not None else needed  # the title bar
    height = min(max(needed, window.height()), limit)
    if height != window.height():
        window.resize(width, height)


def grow_later(widget: QWidget) -> None:
    """After the layout has taken in a change to ``widget``, grow its window if that is a dialog."""
    window = widget.window()
    if isinstance(window, QDialog):
        QTimer.singleShot(0, lambda: grow_to_contents(window))
