"""Every problem validation finds now, each naming where it is, with a link back to that page; a warning can be
confirmed here as well as next to its field."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.domain.problems import Problem, Severity
from desktop.domain.questions import Question
from desktop.gui.officer import labels
from desktop.gui.officer.field_feedback import severity_colour
from desktop.gui.officer.form_state import PERSONAL_STEP, REVIEW_STEP, DeclarationForm
from desktop.gui.officer.look import MUTED_COLOUR
from desktop.gui.qt_typing import named
from desktop.i18n import Translator


class ProblemList(QWidget):
    """``go_to(problem)`` asks to show the page where ``problem`` is fixed."""

    go_to = Signal(object)

    def __init__(self, form: DeclarationForm, translate: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._form = form
        self._translate = translate
        self._editable = True
        self.summary = named(QLabel(), "problemSummary")
        self.summary.setWordWrap(True)
        self._rows = QWidget()
        self._grid = QGridLayout(self._rows)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self._rows)
        layout.addStretch(1)

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        self.refresh()

    def refresh(self) -> None:
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.setParent(None)  # at once, not at deleteLater: findChildren must not see old rows
                widget.deleteLater()
        problems = self._form.problems
        errors = [p for p in problems if p.severity is Severity.ERROR]
        open_warnings = [
            p for p in problems if p.severity is Severity.WARNING and not self._form.is_acknowledged(p.key)
        ]
        if not problems:
            self.summary.setText(self.tr("No problems found: the declaration is complete."))
        elif not errors and not open_warnings:
            self.summary.setText(self.tr("No errors; every warning has been confirmed."))
        else:
            self.summary.setText(
                labels.fill(
                    self.tr("%1 errors and %2 warnings to confirm before signing."), len(errors), len(open_warnings)
                )
            )
        for row, problem in enumerate(problems):
            self._add_row(row, problem)

    def _add_row(self, row: int, problem: Problem) -> None:
        where = QLabel(self.location(problem))
        where.setObjectName("problemWhere")
        where.setStyleSheet(f"color: {MUTED_COLOUR};")
        message = QLabel(problem.render(self._translate))
        message.setObjectName("problemMessage")
        message.setWordWrap(True)
        confirmed = problem.severity is Severity.WARNING and self._form.is_acknowledged(problem.key)
        message.setStyleSheet(f"color: {MUTED_COLOUR if confirmed else severity_colour(problem)};")
        go = named(QPushButton(self.tr("Go to")), "problemGoTo")
        go.setFlat(True)
        go.setStyleSheet("text-decoration: underline;")
        go.clicked.connect(lambda: self.go_to.emit(problem))
        self._grid.addWidget(where, row, 0)
        self._grid.addWidget(message, row, 1)
        self._grid.addWidget(go, row, 2)
        if problem.severity is Severity.WARNING:
            box = named(QCheckBox(self.tr("Confirmed")), "problemConfirm")
            box.setChecked(self._form.is_acknowledged(problem.key))
            box.setEnabled(self._editable)
            box.setProperty("problemKey", problem.key)
            box.toggled.connect(lambda on: self._form.set_acknowledged(problem.key, on))
            self._grid.addWidget(box, row, 3)

    def location(self, problem: Problem) -> str:
        """Where a problem is, in the officer's terms: the page, the row, the field."""
        step = self._form.step_of(problem)
        field = labels.field(problem.path.rsplit(".", 1)[-1]) if "." in problem.path else labels.field(problem.path)
        if step == PERSONAL_STEP:
            return labels.fill(self.tr("Personal data: %1"), field)
        if step == REVIEW_STEP:
            return field
        entry = self._form.entry_of(problem)
        if entry is None:
            return labels.question_title(Question(problem.path.removeprefix("answers.")))
        rows = self._form.entries(entry.interest.question)
        number = next(i for i, e in enumerate(rows, 1) if e.id == entry.id)
        return labels.fill(
            self.tr("%1, row %2 (%3): %4"),
            labels.question_title(entry.interest.question),
            number,
            entry.interest.enterprise_name or "–",
            field,
        )
