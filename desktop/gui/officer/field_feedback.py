"""What validation says about one field, shown right under it: errors in red, warnings in orange with a box to
confirm them."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout, QWidget

from desktop.domain.problems import Problem, Severity
from desktop.gui.officer.look import ERROR_COLOUR, WARNING_COLOUR
from desktop.i18n import Translator


def severity_colour(problem: Problem) -> str:
    return ERROR_COLOUR if problem.severity is Severity.ERROR else WARNING_COLOUR


class FieldFeedback(QWidget):
    """The problems of one field. ``confirmed(key, on)`` fires when the officer ticks or clears a warning's box."""

    confirmed = Signal(str, bool)

    def __init__(self, translate: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._translate = translate
        self._warning_key = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.message = QLabel()
        self.message.setObjectName("fieldMessage")
        self.message.setWordWrap(True)
        self.confirm = QCheckBox(self.tr("I have checked it; it is right"))
        self.confirm.setObjectName("confirmWarning")
        self.confirm.toggled.connect(self._toggled)
        layout.addWidget(self.message)
        layout.addWidget(self.confirm)
        self.show_problems([], set())

    def show_problems(self, problems: list[Problem], acknowledged: set[str] | frozenset[str]) -> None:
        """Show ``problems`` (all of this field); a warning offers confirmation, ticked when its key is in
        ``acknowledged``."""
        errors = [p for p in problems if p.severity is Severity.ERROR]
        shown = errors or problems
        self.message.setVisible(bool(shown))
        self.message.setText("\n".join(p.render(self._translate) for p in shown))
        if shown:
            self.message.setStyleSheet(f"color: {severity_colour(shown[0])};")
        warning = None if errors else next((p for p in problems if p.severity is Severity.WARNING), None)
        self._warning_key = warning.key if warning else ""
        self.confirm.blockSignals(True)
        self.confirm.setChecked(bool(warning) and self._warning_key in acknowledged)
        self.confirm.blockSignals(False)
        self.confirm.setVisible(warning is not None)
        self.setVisible(bool(shown))  # an empty one takes no room in its form row

    @property
    def warning_key(self) -> str:
        """The key of the warning on show, if any (what ticking the box confirms)."""
        return self._warning_key

    def _toggled(self, on: bool) -> None:
        if self._warning_key:
            self.confirmed.emit(self._warning_key, on)
