"""Small input widgets for the detail-row editor: an amount, an identifier (dates: desktop.gui.widgets.date_edit)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QLineEdit, QWidget

from desktop.domain.text import decimal_text, parse_decimal


class AmountEdit(QLineEdit):
    """A decimal amount typed as text (no float rounding); empty means not given."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setValidator(QRegularExpressionValidator(QRegularExpression(r"^\d{0,9}(\.\d{0,4})?$"), self))

    def amount(self) -> Decimal | None:
        try:
            return parse_decimal(self.text(), "amount")
        except ValueError:  # only a lone '.' gets past the validator
            return None

    def set_amount(self, value: Decimal | None) -> None:
        self.setText(decimal_text(value) or "")


class IdentifierEdit(QLineEdit):
    """An ID number or credit code: capitals, no spaces, at most a little more than 18 characters."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMaxLength(24)  # room for a mistyped extra character, so that the message can say how many
        self.textEdited.connect(self._upper)
        font = self.font()
        font.setFamilies(["DejaVu Sans Mono", "Consolas", "monospace"])
        self.setFont(font)

    def _upper(self, text: str) -> None:
        upper = text.upper().replace(" ", "")
        if upper != text:
            position = self.cursorPosition()
            self.setText(upper)
            self.setCursorPosition(min(position, len(upper)))
