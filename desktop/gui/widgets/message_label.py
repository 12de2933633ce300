"""An inline message under a form: an error, a warning or plain information, styled by the style sheet."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from desktop.gui.widgets.grow import grow_later


class MessageLabel(QLabel):
    """Hidden while empty. The ``kind`` property (error, warning, info, success) selects the colours in app.qss."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.hide()

    def show_message(self, text: str, kind: str = "info") -> None:
        self.setProperty("kind", kind)
        self.setText(text)
        self.setVisible(bool(text))
        # A changed dynamic property needs the style re-applied.
        self.style().unpolish(self)
        self.style().polish(self)
        grow_later(self)

    def error(self, text: str) -> None:
        self.show_message(text, "error")

    def warning(self, text: str) -> None:
        self.show_message(text, "warning")

    def info(self, text: str) -> None:
        self.show_message(text, "info")

    def success(self, text: str) -> None:
        self.show_message(text, "success")

    def clear_message(self) -> None:
        self.setText("")
        self.hide()
