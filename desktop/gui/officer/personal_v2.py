"""The officer's own details that form version 2 adds: sex and date of birth, read from the ID number and shown, never
typed; political status and mobile phone, entered by the officer (the roster does not hold them)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLineEdit, QVBoxLayout, QWidget

from desktop.domain.carry_over import PERSONAL_SECTION, carried_over_key
from desktop.domain.officers import PoliticalStatus
from desktop.gui.officer import labels
from desktop.gui.officer.carried_over_banner import CarriedOverBanner
from desktop.gui.officer.field_feedback import FieldFeedback
from desktop.gui.officer.form_state import DeclarationForm
from desktop.gui.officer.look import form_label
from desktop.gui.qt_typing import named
from desktop.gui.when import shown_date
from desktop.i18n import Translator


class PersonalDetailsBox(QGroupBox):
    """Edits the form's political status and mobile; shows sex and date of birth from the roster's ID number."""

    def __init__(self, form: DeclarationForm, translate: Translator, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Further personal details"), parent)
        self.setObjectName("personalDetails")
        self._form = form
        self._editable = True
        self.carried_over = CarriedOverBanner()
        self.carried_over.still_so.connect(self._confirm)
        self.carried_over.change.connect(self._confirm)
        self.sex = named(QLineEdit(), "officer_sex")
        self.birth = named(QLineEdit(), "officer_date_of_birth")
        for derived in (self.sex, self.birth):
            derived.setReadOnly(True)
            derived.setToolTip(self.tr("Read from the ID number; it cannot be typed."))
        self.political_status = named(QComboBox(), "politicalStatus")
        self.political_status.addItem(self.tr("(choose)"), "")
        for status in PoliticalStatus:
            self.political_status.addItem(labels.political_status(status), status.value)
        self.political_status.currentIndexChanged.connect(self._status_chosen)
        self.status_feedback = named(FieldFeedback(translate), "politicalStatusFeedback")
        self.mobile = named(QLineEdit(), "mobile")
        self.mobile.setMaxLength(20)
        self.mobile.setPlaceholderText(self.tr("11 digits, e.g. 13904371234"))
        self.mobile.textEdited.connect(form.set_mobile)
        self.mobile_feedback = named(FieldFeedback(translate), "mobileFeedback")
        self.mobile_feedback.confirmed.connect(form.set_acknowledged)
        grid = QFormLayout()
        grid.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        grid.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        grid.addRow(form_label(labels.v2_field(translate, "sex")), self.sex)
        grid.addRow(form_label(labels.v2_field(translate, "date_of_birth")), self.birth)
        grid.addRow(
            form_label(labels.v2_field(translate, "political_status")),
            _stack(self.political_status, self.status_feedback),
        )
        grid.addRow(form_label(labels.v2_field(translate, "mobile")), _stack(self.mobile, self.mobile_feedback))
        layout = QVBoxLayout(self)
        layout.addWidget(self.carried_over)
        layout.addLayout(grid)

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        self.refresh()

    def refresh(self) -> None:
        form = self._form
        officer = form.officer_declaration.officer
        self.sex.setText(labels.sex(officer.sex))
        birth = officer.date_of_birth
        self.birth.setText(shown_date(birth) if birth else "")
        waiting = form.awaits_confirmation(PERSONAL_SECTION)
        self.carried_over.setVisible(self._editable and waiting)
        changeable = self._editable and not waiting
        self.political_status.blockSignals(True)
        status = form.political_status
        self.political_status.setCurrentIndex(max(0, self.political_status.findData(status.value if status else "")))
        self.political_status.blockSignals(False)
        self.political_status.setEnabled(changeable)
        if self.mobile.text() != form.mobile:
            self.mobile.setText(form.mobile)
        self.mobile.setReadOnly(not changeable)
        problems = form.problems
        acknowledged = {p.key for p in problems if form.is_acknowledged(p.key)}
        self.status_feedback.show_problems([p for p in problems if p.path == "officer.political_status"], acknowledged)
        self.mobile_feedback.show_problems([p for p in problems if p.path == "officer.mobile"], acknowledged)
        self.mobile_feedback.confirm.setEnabled(changeable)

    def _status_chosen(self, _index: int) -> None:
        value = self.political_status.currentData()
        self._form.set_political_status(PoliticalStatus(value) if value else None)

    def _confirm(self) -> None:
        self._form.set_acknowledged(carried_over_key(PERSONAL_SECTION), True)


def _stack(field: QWidget, feedback: QWidget) -> QWidget:
    cell = QWidget()
    layout = QVBoxLayout(cell)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(field)
    layout.addWidget(feedback)
    return cell
