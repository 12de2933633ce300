"""The one date field of the window: typed as people type dates or picked from a calendar, shown in the window
language's form (2026年3月15日 in Chinese, 2026-03-15 in English; desktop.gui.when.shown_date)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCalendarWidget, QHBoxLayout, QLineEdit, QToolButton, QWidget

from desktop.domain.text import read_typed_date
from desktop.gui.officer.look import ERROR_COLOUR
from desktop.gui.qt_typing import named
from desktop.gui.when import shown_date

# The date the placeholder gives as an example, in the window's form.
EXAMPLE = dt.date(2019, 5, 1)


class DateEdit(QWidget):
    """A date typed as people type it (2019-05-01, 20190501, 2019年5月1日, 2019.5.1, 2019/5/1) or picked from a
    calendar that opens at the date given, else at ``today`` (the campaign's today, from the clock); once typed it is
    shown in the window's form. With ``optional`` empty means not given (a button clears it); without, empty is a
    problem like text that is not a date, which stays as typed, marked, and gives no date."""

    changed = Signal()

    def __init__(self, today: dt.date, parent: QWidget | None = None, *, optional: bool = True) -> None:
        super().__init__(parent)
        self._today = today
        self._optional = optional
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = named(QLineEdit(), "dateText")
        self.edit.setPlaceholderText(self.tr("e.g. {date}").format(date=shown_date(EXAMPLE)))
        self.edit.textChanged.connect(lambda _text: self._changed())
        self.edit.editingFinished.connect(self._tidy)
        self.edit.installEventFilter(self)  # Alt+Down and F4 open the calendar, as in a QDateEdit
        self.calendar_button = named(QToolButton(), "calendarButton")
        self.calendar_button.setText("▾")
        self.calendar_button.setToolTip(self.tr("Pick the date from a calendar (Alt+Down or F4)"))
        self.calendar_button.clicked.connect(self.open_calendar)
        self.calendar: QCalendarWidget | None = None
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.calendar_button)
        self.clear_button: QToolButton | None = None
        if optional:
            self.clear_button = named(QToolButton(), "clearDateButton")
            self.clear_button.setText("×")
            self.clear_button.setToolTip(self.tr("No date"))
            self.clear_button.clicked.connect(lambda: self.set_date(None))
            layout.addWidget(self.clear_button)

    def date(self) -> dt.date | None:
        try:
            return read_typed_date(self.edit.text())
        except ValueError:
            return None

    def problem(self) -> str:
        """Why the text typed is no date ('' when it is one, or empty where a date is optional)."""
        try:
            value = read_typed_date(self.edit.text())
        except ValueError:
            return self.tr("Not a date: type it as 2019-05-01, 20190501 or 2019年5月1日, or pick it from the calendar.")
        if value is None and not self._optional:
            return self.tr(
                "A date is needed: type it as 2019-05-01, 20190501 or 2019年5月1日, or pick it from the calendar."
            )
        return ""

    def set_date(self, value: dt.date | None) -> None:
        self.edit.setText(shown_date(value) if value else "")

    def setReadOnly(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)
        self.calendar_button.setEnabled(not read_only)
        if self.clear_button is not None:
            self.clear_button.setEnabled(not read_only)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            alt_down = event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
            if (alt_down or event.key() == Qt.Key.Key_F4) and not self.edit.isReadOnly():
                self.open_calendar()
                return True
        return super().eventFilter(watched, event)

    def _changed(self) -> None:
        problem = self.problem() if self.edit.text() else ""  # an empty field is marked only when asked why
        self.edit.setStyleSheet(f"border: 1px solid {ERROR_COLOUR};" if problem else "")
        self.edit.setToolTip(problem)
        self.changed.emit()

    def _tidy(self) -> None:
        """Once typed, a date is shown in the window's one form."""
        value = self.date()
        if value is not None and self.edit.text() != shown_date(value):
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
