"""Small input widgets for the detail-row editor: an optional date, an amount, an identifier."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import QDate, QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QCalendarWidget, QHBoxLayout, QLineEdit, QToolButton, QWidget

from desktop.domain.text import decimal_text, parse_decimal, read_typed_date
from desktop.gui.officer.look import ERROR_COLOUR
from desktop.gui.qt_typing import named


class OptionalDateEdit(QWidget):
    """A date typed as people type it (2019-05-01, 20190501, 2019年5月1日, 2019.5.1, 2019/5/1) or picked from a
    calendar that opens at the date given, else at ``today`` (the campaign's today, from the clock). Empty means not
    given; text that is not a date stays as typed, marked, and gives no date."""

    changed = Signal()

    def __init__(self, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = named(QLineEdit(), "dateText")
        self.edit.setPlaceholderText(self.tr("e.g. 2019-05-01"))
        self.edit.textChanged.connect(lambda _text: self._changed())
        self.edit.editingFinished.connect(self._tidy)
        self.calendar_button = named(QToolButton(), "calendarButton")
        self.calendar_button.setText("▾")
        self.calendar_button.setToolTip(self.tr("Pick the date from a calendar"))
        self.calendar_button.clicked.connect(self.open_calendar)
        self.clear_button = QToolButton()
        self.clear_button.setText("×")
        self.clear_button.setToolTip(self.tr("No date"))
        self.clear_button.clicked.connect(lambda: self.set_date(None))
        self.calendar: QCalendarWidget | None = None
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.calendar_button)
        layout.addWidget(self.clear_button)

    def date(self) -> dt.date | None:
        try:
            return read_typed_date(self.edit.text())
        except ValueError:
            return None

    def problem(self) -> str:
        """Why the text typed is no date ('' when it is one, or empty)."""
        try:
            read_typed_date(self.edit.text())
        except ValueError:
            return self.tr("Not a date: type it as 2019-05-01, 20190501 or 2019年5月1日, or pick it from the calendar.")
        return ""

    def set_date(self, value: dt.date | None) -> None:
        self.edit.setText(value.isoformat() if value else "")

    def setReadOnly(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)
        self.calendar_button.setEnabled(not read_only)
        self.clear_button.setEnabled(not read_only)

    def _changed(self) -> None:
        problem = self.problem()
        self.edit.setStyleSheet(f"border: 1px solid {ERROR_COLOUR};" if problem else "")
        self.edit.setToolTip(problem)
        self.changed.emit()

    def _tidy(self) -> None:
        """Once typed, a date is shown in one form (2019-05-01)."""
        value = self.date()
        if value is not None and self.edit.text() != value.isoformat():
            self.set_date(value)

    def open_calendar(self) -> None:
        if self.calendar is None:
            self.calendar = QCalendarWidget(self)
            self.calendar.setWindowFlags(Qt.WindowType.Popup)
            self.calendar.setGridVisible(True)
            self.calendar.activated.connect(self._picked)
            self.calendar.clicked.connect(self._picked)
        shown = self.date() or self._today
        self.calendar.setSelectedDate(QDate(shown.year, shown.month, shown.day))
        self.calendar.setCurrentPage(shown.year, shown.month)
        corner = self.edit.mapToGlobal(self.edit.rect().bottomLeft())
        self.calendar.move(corner)
        self.calendar.show()
        self.calendar.setFocus()

    def _picked(self, day: QDate) -> None:
        self.set_date(dt.date(day.year(), day.month(), day.day()))
        if self.calendar is not None:
            self.calendar.hide()
        self.edit.setFocus()


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
