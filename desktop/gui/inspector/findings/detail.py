"""One declaration's findings: every rule that fired and why, the score, the verification state, the latest
conclusion, and the form that records a new one through the service (audit-logged there)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.gui.inspector import verdicts
from desktop.gui.inspector.findings.data import SubjectDetail
from desktop.gui.inspector.register_evidence import add_evidence
from desktop.gui.qt_typing import QT_TRANSLATE_NOOP, named
from desktop.i18n import Translator

#: The conclusion kinds in the order offered, with their words in the window's language.
KIND_TEXT = (
    ("truthful", QT_TRANSLATE_NOOP("FindingDetail", "Truthful")),
    ("omission", QT_TRANSLATE_NOOP("FindingDetail", "Omission")),
    ("concealment", QT_TRANSLATE_NOOP("FindingDetail", "Concealment")),
    ("needs_checking", QT_TRANSLATE_NOOP("FindingDetail", "Needs checking")),
    ("lead", QT_TRANSLATE_NOOP("FindingDetail", "Lead")),
)


class FindingDetail(QWidget):
    """Shows a ``SubjectDetail``; ``conclude_requested(reference, kind, note)`` when the form is submitted."""

    conclude_requested = Signal(str, str, str)

    def __init__(self, translate: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findingDetail")
        self.translate = translate
        self.detail: SubjectDetail | None = None
        self.heading = named(QLabel(self.tr("Choose a finding to see the declaration's rules.")), "detailHeading")
        self.heading.setWordWrap(True)
        self.score_label = named(QLabel(), "detailScore")
        self.score_label.setWordWrap(True)
        self.verification_label = named(QLabel(), "detailVerification")
        self.verification_label.setWordWrap(True)
        self.rules = named(QTreeWidget(), "firedRules")
        self.rules.setHeaderLabels([self.tr("Rule"), self.tr("Weight"), self.tr("Why")])
        self.rules.setRootIsDecorated(False)
        self.rules.setWordWrap(True)
        self.rules.setColumnWidth(0, 200)
        self.rules.setColumnWidth(1, 50)
        self.conclusion_label = named(QLabel(), "detailConclusion")
        self.conclusion_label.setWordWrap(True)
        self.kind = named(QComboBox(), "conclusionKind")
        for kind, text in KIND_TEXT:
            self.kind.addItem(self.tr(text), kind)
        self.note = named(QPlainTextEdit(), "conclusionNote")
        self.note.setPlaceholderText(self.tr("Note: what was checked, with whom, what follows…"))
        self.note.setMaximumHeight(70)
        self.conclude_button = named(QPushButton(self.tr("Record conclusion")), "concludeButton")
        self.conclude_button.clicked.connect(self._submit)
        form = QFormLayout()
        form.addRow(self.tr("Conclusion:"), self.kind)
        form.addRow(self.tr("Note:"), self.note)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.conclude_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.score_label)
        layout.addWidget(self.verification_label)
        layout.addWidget(self.rules, 1)
        layout.addWidget(self.conclusion_label)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.show_detail(None)

    def show_detail(self, detail: SubjectDetail | None) -> None:
        self.detail = detail
        self.rules.clear()
        enabled = detail is not None
        for widget in (self.kind, self.note, self.conclude_button):
            widget.setEnabled(enabled)
        if detail is None:
            self.score_label.clear()
            self.verification_label.clear()
            self.conclusion_label.clear()
            return
        self.heading.setText(
            self.tr("{name} ({number}), {unit}: declaration {reference}").format(
                name=detail.name, number=detail.police_number, unit=detail.unit, reference=detail.reference
            )
        )
        self.score_label.setText(detail.explanation)
        self.score_label.setStyleSheet(f"color: {'#1b6e2a' if detail.cleared else '#b3261e'};")
        if not detail.verification:
            state = self.tr("No declaration imported for this officer.")
        elif detail.verification == "valid":
            state = self.tr("Signatures: valid.")
        else:
            state = self.tr("Signatures: not valid: {reasons}").format(
                reasons="; ".join(verdicts.failure_text(code, self.translate) for code in detail.failures)
                or self.tr("the workbook fails")
            )
        self.verification_label.setText(state)
        for index, (text, weight, why) in enumerate(detail.fired):
            item = QTreeWidgetItem([text, str(weight), why])
            item.setToolTip(2, why)
            self.rules.addTopLevelItem(item)
            add_evidence(item, detail.evidence[index] if index < len(detail.evidence) else ())
        self.conclusion_label.setText(
            self.tr("Latest conclusion: {conclusion}").format(conclusion=detail.conclusion)
            if detail.conclusion
            else self.tr("No conclusion yet.")
        )

    def _submit(self) -> None:
        if self.detail is not None:
            self.conclude_requested.emit(self.detail.reference, self.kind.currentData(), self.note.toPlainText())

    def concluded(self) -> None:
        self.note.clear()
