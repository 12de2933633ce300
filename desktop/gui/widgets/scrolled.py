"""A page inside a frameless scroll area: on a screen too small for the page, the page scrolls instead of its
widgets being drawn over each other or the window growing past the bottom of the screen."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


def scrolled(page: QWidget, object_name: str = "") -> QScrollArea:
    """``page`` in a scroll area that gives it all the room there is, and at least its minimum size."""
    area = QScrollArea()
    area.setObjectName(object_name or f"{page.objectName() or 'page'}Scroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(page)
    return area
