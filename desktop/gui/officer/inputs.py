"""Small input widgets for the detail-row editor: an optional date, an amount, an identifier."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import QDate, QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QLineEdit, QToolButton, QWidget

from desktop.domain.text import decimal_text, parse_decimal

_NO_DATE = QDate(1900, 1, 1)


class OptionalDateEdit(QWidget):
    """A date picked from a calendar, or none: the lowest date stands for 'not given' and shows blank."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QDateEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd")
        self.edit.setMinimumDate(_NO_DATE)
        self.edit.setSpecialValueText(" ")
        self.edit.setDate(_NO_DATE)
        self.edit.dateChanged.connect(lambda _d: self.changed.emit())
        self.clear_button = QToolButton()
        self.clear_button.setText("×")
        self.clear_button.setToolTip(self.tr("No date"))
        self.clear_button.clicked.connect(lambda: self.set_date(None))
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.clear_button)

    def date(self) -> dt.date | None:
        value = self.edit.date()
        if value == _NO_DATE:
            return None
        return dt.date(value.year(), value.month(), value.day())

    def set_date(self, value: dt.date | None) -> None:
        self.edit.setDate(QDate(value.year, value.month, value.day) if value else _NO_DATE)

    def setReadOnly(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)
        self.clear_button.setEnabled(not read_only)


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
