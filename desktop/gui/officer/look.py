"""The look of the officer's pages that the platform style does not give: colours that carry meaning, titles."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel

ERROR_COLOUR = "#c62828"
WARNING_COLOUR = "#d35400"
SUCCESS_COLOUR = "#2e7d32"
MUTED_COLOUR = "#5c6670"


def form_label(text: str) -> QLabel:
    """A label for a form row whose field may grow a message underneath: it stays level with the field."""
    label = QLabel(text)
    label.setContentsMargins(0, 4, 0, 0)
    return label


def title(text: str, object_name: str = "pageTitle", scale: float = 1.35) -> QLabel:
    """A page's or a section's title: bold, larger than the text."""
    label = QLabel(text)
    label.setObjectName(object_name)
    font = QFont(label.font())
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    return label
