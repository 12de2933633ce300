"""The guided form: a list of steps (marked where something is left to fix), one page per step, Back and Next."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.problems import Problem, Severity
from desktop.domain.questions import Question
from desktop.gui.officer import labels
from desktop.gui.officer.commitment_page import CommitmentPage
from desktop.gui.officer.form_state import (
    COMMITMENT_STEP,
    PERSONAL_STEP,
    QUESTION_STEPS,
    REVIEW_STEP,
    STEP_COUNT,
    DeclarationForm,
)
from desktop.gui.officer.look import ERROR_COLOUR, SUCCESS_COLOUR, WARNING_COLOUR
from desktop.gui.officer.personal_page import PersonalPage
from desktop.gui.officer.question_page import QuestionPage
from desktop.gui.officer.review_page import ReviewPage
from desktop.gui.qt_typing import named
from desktop.gui.widgets.scrolled import scrolled
from desktop.i18n import Translator


def _dot(colour: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(colour))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    return QIcon(pixmap)


class FormView(QWidget):
    """``leaving(step)`` fires just before another step is shown (the page saves then)."""

    leaving = Signal(int)

    def __init__(self, form: DeclarationForm, translate: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("formView")
        self._form = form
        self._icons = {
            "error": _dot(ERROR_COLOUR),
            "warning": _dot(WARNING_COLOUR),
            "done": _dot(SUCCESS_COLOUR),
            "none": _dot("#00000000"),
        }
        self.personal = PersonalPage(form, translate)
        self.questions = {q: QuestionPage(q, form, translate) for q in Question}
        self.review = ReviewPage(form, translate)
        self.commitment = CommitmentPage()
        self.review.go_to.connect(self.go_to)
        self.review.problems.go_to.connect(lambda problem: self.go_to(form.step_of(problem)))
        self.commitment.review_requested.connect(lambda: self.go_to(REVIEW_STEP))

        self.stack = named(QStackedWidget(), "officerStack")
        pages: list[QWidget] = [self.personal, *self.questions.values(), self.review, self.commitment]
        for page in pages:
            self.stack.addWidget(scrolled(page))  # a step taller than the screen scrolls
        self.steps = named(QListWidget(), "officerSteps")
        self.steps.setIconSize(QSize(12, 12))
        self.steps.setSpacing(2)
        self.steps.setMinimumWidth(190)
        self.steps.setMaximumWidth(260)
        for step in range(STEP_COUNT):
            item = QListWidgetItem(self._icons["none"], f"{step + 1}. {self.step_title(step)}")
            self.steps.addItem(item)
        self.steps.setCurrentRow(0)
        self.steps.currentRowChanged.connect(self._step_chosen)

        self.back = named(QPushButton(self.tr("‹ Back")), "backButton")
        self.next = named(QPushButton(self.tr("Next ›")), "nextButton")
        self.back.clicked.connect(lambda: self.go_to(self.current - 1))
        self.next.clicked.connect(lambda: self.go_to(self.current + 1))
        self.bar = QHBoxLayout()
        self.bar.addStretch(1)
        self.bar.addWidget(self.back)
        self.bar.addWidget(self.next)

        body = QHBoxLayout()
        body.addWidget(self.steps)
        body.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(body, 1)
        layout.addLayout(self.bar)
        form.changed.connect(self.refresh_markers)
        self.refresh_markers()
        self._update_nav()

    @property
    def current(self) -> int:
        return self.stack.currentIndex()

    def step_title(self, step: int) -> str:
        if step == PERSONAL_STEP:
            return self.tr("Personal data")
        if step == REVIEW_STEP:
            return self.tr("Review")
        if step == COMMITMENT_STEP:
            return self.tr("Commitment and signature")
        question = next(q for q, s in QUESTION_STEPS.items() if s == step)
        return labels.question_title(question)

    def show_carried_over_source(self, campaign_name: str) -> None:
        """Name the campaign whose declaration the pre-filled sections come from."""
        for page in self.questions.values():
            page.carried_over.show_source(campaign_name)

    def go_to(self, step: int) -> None:
        if 0 <= step < STEP_COUNT and step != self.current:
            self.steps.setCurrentRow(step)

    def set_editable(self, editable: bool) -> None:
        self.personal.set_editable(editable)
        for page in self.questions.values():
            page.set_editable(editable)
        self.review.set_editable(editable)

    def refresh_markers(self) -> None:
        by_step: dict[int, list[Problem]] = {}
        for problem in self._form.blocking():
            by_step.setdefault(self._form.step_of(problem), []).append(problem)
        for step in range(STEP_COUNT):
            problems = by_step.get(step, [])
            if problems:
                kind = "error" if any(p.severity is Severity.ERROR for p in problems) else "warning"
            else:
                kind = "done" if self._is_done(step) else "none"
            item = self.steps.item(step)
            item.setIcon(self._icons[kind])
            item.setToolTip(labels.fill(self.tr("%1 problems to fix"), len(problems)) if problems else "")

    def _is_done(self, step: int) -> bool:
        """A step without problems is done once its question is answered; the review once nothing is left anywhere;
        the personal data always (it is the roster's)."""
        question = next((q for q, s in QUESTION_STEPS.items() if s == step), None)
        if question is not None:
            return self._form.answer(question) is not None
        return step == PERSONAL_STEP or (step == REVIEW_STEP and not self._form.blocking())

    def _step_chosen(self, step: int) -> None:
        if step < 0:
            return
        self.leaving.emit(self.current)
        self.stack.setCurrentIndex(step)
        self._update_nav()

    def _update_nav(self) -> None:
        self.back.setEnabled(self.current > 0)
        self.next.setEnabled(self.current < STEP_COUNT - 1)
