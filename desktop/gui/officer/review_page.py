"""The review: every answer and every detail row in one view, the remarks, and every problem left, each linking
back to its page."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QScrollArea, QTextBrowser, QVBoxLayout, QWidget

from desktop.domain.interests import BusinessInterest
from desktop.domain.question_marks import question_mark
from desktop.domain.questions import Question
from desktop.domain.text import decimal_text
from desktop.gui.officer import labels
from desktop.gui.officer.form_state import PERSONAL_STEP, QUESTION_STEPS, DeclarationForm
from desktop.gui.officer.look import WARNING_COLOUR, title
from desktop.gui.officer.problem_list import ProblemList
from desktop.gui.qt_typing import named
from desktop.gui.when import shown_date
from desktop.i18n import Translator


class ReviewPage(QWidget):
    """``go_to(step)`` asks for a page of the form; ``problems.go_to(problem)`` for the place of a problem."""

    go_to = Signal(int)

    def __init__(self, form: DeclarationForm, translate: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewPage")
        self._form = form
        self._translate = translate
        heading = title(self.tr("Review"))
        intro = QLabel(self.tr("Check every answer and every row before you sign. Click a question to change it."))
        intro.setWordWrap(True)
        self.summary = named(QTextBrowser(), "reviewSummary")
        self.summary.setOpenLinks(False)
        self.summary.anchorClicked.connect(lambda url: self.go_to.emit(int(url.path())))
        self.summary.setMinimumHeight(180)
        remarks_label = QLabel(labels.field("remarks"))
        self.remarks = named(QPlainTextEdit(), "remarksEdit")
        self.remarks.setPlaceholderText(self.tr("Anything else the unit head or the inspectors should know"))
        self.remarks.setFixedHeight(70)
        self.remarks.textChanged.connect(lambda: form.set_remarks(self.remarks.toPlainText()))
        problems_title = title(self.tr("Problems"), "sectionTitle", 1.1)
        self.problems = ProblemList(form, translate)
        self.problems.setObjectName("reviewProblems")
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.problems)
        scroll.setMinimumHeight(90)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(self.summary, 5)
        layout.addWidget(remarks_label)
        layout.addWidget(self.remarks)
        layout.addWidget(problems_title)
        layout.addWidget(scroll, 2)
        form.changed.connect(self.refresh)
        self.refresh()

    def set_editable(self, editable: bool) -> None:
        self.remarks.setReadOnly(not editable)
        self.problems.set_editable(editable)

    def refresh(self) -> None:
        if self.remarks.toPlainText().strip() != self._form.remarks:
            self.remarks.blockSignals(True)
            self.remarks.setPlainText(self._form.remarks)
            self.remarks.blockSignals(False)
        self.summary.setHtml(self.html())
        self.problems.refresh()

    def html(self) -> str:
        """The whole declaration as the officer will sign it."""
        declaration = self._form.officer_declaration
        officer = declaration.officer
        parts = [
            f"<p><b>{escape(officer.name)}</b> · {escape(labels.field('police_number'))} "
            f"{escape(officer.police_number)} · {escape(declaration.unit_name)}</p>"
        ]
        if self._form.form_version >= 2:  # the officer's further details and the family members, as signed
            from desktop.gui.head.declaration_v2_html import DeclarationV2Html

            v2 = DeclarationV2Html(self._translate, self)
            current = self._form.declaration()
            personal = self.tr("Personal data")
            parts += [f'<p><a href="step:{PERSONAL_STEP}">{escape(personal)}</a></p>']
            parts += [v2.personal(current), v2.family(current)]
        for question in Question:
            answer = self._form.answer(question)
            colour = "" if answer is not None else f' style="color:{WARNING_COLOUR}"'
            parts.append(
                f'<p><a href="step:{QUESTION_STEPS[question]}">{question_mark(question, self._translate.language)} '
                f"{escape(labels.question_text(self._translate, question))}</a><br>"
                f"<b{colour}>{escape(labels.yes_no(answer))}</b></p>"
            )
            rows = self._form.entries(question)
            if rows:
                parts.append("<ol>" + "".join(f"<li>{self._row_html(e.interest)}</li>" for e in rows) + "</ol>")
        return "".join(parts)

    def _row_html(self, interest: BusinessInterest) -> str:
        trade = self._form.catalog.get(interest.trade_code)
        trade_text = labels.trade(trade, self._translate.language) or interest.trade_code
        if trade and trade.regulated:
            trade_text = f'<span style="color:{WARNING_COLOUR}">⚠ {escape(trade_text)}</span>'
        else:
            trade_text = escape(trade_text)
        holder = labels.relation(self._translate, interest.relation)
        if interest.holder_name:
            holder += f" {interest.holder_name}"
        if interest.holder_id_number:
            holder += f" ({interest.holder_id_number})"
        facts = _facts(interest)
        uscc = f" · {escape(interest.uscc)}" if interest.uscc else ""
        separator = self.tr("; ")
        return (
            f"<b>{escape(interest.enterprise_name or '–')}</b>{uscc} · {trade_text}<br>"
            f"{escape(holder)} · {escape(separator.join(facts))}"
        )


def _facts(interest: BusinessInterest) -> list[str]:
    """What an interest row says besides the enterprise and the holder, in the form's order."""
    facts = [labels.roles(interest.all_roles)]
    for name, amount, unit in (
        ("share_percent", interest.share_percent, "%"),
        ("capital_wan", interest.capital_wan, ""),
        ("income_wan", interest.income_wan, ""),
        ("registered_capital_wan", interest.registered_capital_wan, ""),
    ):
        if amount is not None:
            facts.append(f"{labels.field(name)} {decimal_text(amount)}{unit}")
    period = "–".join(shown_date(d) for d in (interest.start_date, interest.end_date) if d)
    if period:
        facts.append(period)
    facts.append(labels.interest_status(interest.status))
    if interest.within_jurisdiction:
        facts.append(labels.field("within_jurisdiction"))
    if interest.related_to_duties:
        facts.append(labels.field("related_to_duties"))
    for name, value in (
        ("rectification", interest.rectification),
        ("note", interest.note),
        ("registered_address", interest.registered_address),
        ("business_scope", interest.business_scope),
        ("registration_authority", interest.registration_authority),
    ):
        if value:
            facts.append(f"{labels.field(name)}: {value}")
    return facts
