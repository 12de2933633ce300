"""The dialog for one detail row (a business interest), checked as it is typed.

Every change runs the core's validate_interest on the row; each field shows its own problems once it has been
touched (ID numbers and credit codes as they are typed), and all of them after a first click on OK. A row may be
kept with problems (a draft may be saved incomplete), but only after the officer has seen them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.interests import BusinessInterest, InterestRole, InterestStatus
from desktop.domain.officers import Officer
from desktop.domain.problems import Problem, Severity
from desktop.domain.questions import Question, Relation
from desktop.domain.text import clean_text
from desktop.domain.trades import TradeCatalog
from desktop.form import form_for
from desktop.form.validation import validate_interest
from desktop.gui.officer import labels
from desktop.gui.officer.field_feedback import FieldFeedback
from desktop.gui.officer.form_state import InterestEntry
from desktop.gui.officer.inputs import AmountEdit, IdentifierEdit, OptionalDateEdit
from desktop.gui.officer.look import ERROR_COLOUR, form_label
from desktop.gui.officer.trade_picker import TradePicker
from desktop.gui.qt_typing import named
from desktop.i18n import Translator

#: The form the row editor offers (the version 2 pages are the form-v2-gui work).
_FORM = form_for(1)

_DEFAULT_ROLE = {
    Question.OWN_BUSINESS: InterestRole.INVESTOR,
    Question.SHAREHOLDING: InterestRole.SHAREHOLDER,
    Question.PAID_PART_TIME: InterestRole.PART_TIME,
    Question.DISGUISED_INVOLVEMENT: InterestRole.NOMINEE,
    Question.RELATIVES_BUSINESS: InterestRole.INVESTOR,
    Question.SPECIFIC_RELATED_BUSINESS: InterestRole.INVESTOR,
}


class InterestEditor(QDialog):
    """Add or edit one row under ``question``. After ``accepted``, ``entry()`` is the row as edited."""

    def __init__(
        self,
        question: Question,
        entry: InterestEntry | None,
        *,
        officer: Officer,
        catalog: TradeCatalog,
        today: dt.date,
        translate: Translator,
        read_only: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("interestEditor")
        self.setWindowTitle(labels.fill(self.tr("Detail row: %1"), labels.question_title(question)))
        self._question, self._officer, self._catalog, self._today = question, officer, catalog, today
        self._translate = translate
        self._read_only = read_only
        self._entry = entry
        self._acknowledged: set[str] = set(entry.acknowledged) if entry else set()
        self._touched: set[str] = set()
        self._show_all = entry is not None  # an existing row shows what is wrong with it at once
        self._feedback: dict[str, FieldFeedback] = {}
        self._filling = True
        self._build()
        self._fill(entry.interest if entry else self._blank())
        self._filling = False
        self._refresh()

    # -- result -------------------------------------------------------------------------------------------------

    def entry(self) -> InterestEntry:
        interest = self._collect()
        keys = {p.key for p in self._problems(interest) if p.severity is Severity.WARNING}
        acknowledged = frozenset(self._acknowledged & keys)
        if self._entry is None:
            return InterestEntry(interest, acknowledged)
        return InterestEntry(interest, acknowledged, self._entry.id)

    # -- building -----------------------------------------------------------------------------------------------

    def _build(self) -> None:
        intro = QLabel(labels.question_text(self._translate, self._question))
        intro.setWordWrap(True)
        intro.setObjectName("editorQuestion")

        self.relation = named(QComboBox(), "relationCombo")
        for relation in Relation:
            if relation in _FORM.allowed_relations(self._question):
                self.relation.addItem(labels.relation(self._translate, relation), relation.value)
        self.holder_name = named(QLineEdit(), "holderName")
        self.holder_id = IdentifierEdit()
        self.holder_id.setObjectName("holderIdNumber")
        self.holder_id.setPlaceholderText(self.tr("18 characters; the last may be X"))
        self.enterprise = named(QLineEdit(), "enterpriseName")
        self.enterprise.setPlaceholderText(self.tr("As on the business licence"))
        self.uscc = IdentifierEdit()
        self.uscc.setObjectName("usccEdit")
        self.uscc.setPlaceholderText(self.tr("18 characters; leave empty if the business has none"))
        self.trade = TradePicker(self._catalog, self._translate.language)
        self.trade.setObjectName("tradePicker")
        self.role = named(QComboBox(), "roleCombo")
        for role in _FORM.roles:
            self.role.addItem(labels.role(role), role.value)
        self.share = AmountEdit()
        self.share.setObjectName("sharePercent")
        self.capital = AmountEdit()
        self.capital.setObjectName("capitalWan")
        self.income = AmountEdit()
        self.income.setObjectName("incomeWan")
        self.start = OptionalDateEdit(self._today)
        self.start.setObjectName("startDate")
        self.end = OptionalDateEdit(self._today)
        self.end.setObjectName("endDate")
        self.status = named(QComboBox(), "statusCombo")
        for status in InterestStatus:
            self.status.addItem(labels.interest_status(status), status.value)
        self.rectification = named(QPlainTextEdit(), "rectification")
        self.rectification.setPlaceholderText(
            self.tr("What was or will be done to end it (exit, deregistration), and by when")
        )
        self.rectification.setFixedHeight(64)
        self.within = QCheckBox(self.tr("The business is within the area my unit polices"))
        self.within.setObjectName("withinJurisdiction")
        self.duties = named(QCheckBox(self.tr("The business is related to my duties")), "relatedToDuties")
        self.note = named(QLineEdit(), "note")

        who = self._group(
            self.tr("Who holds it, and which enterprise"),
            [
                ("relation", self.relation),
                ("holder_name", self.holder_name),
                ("holder_id_number", self.holder_id),
                ("enterprise_name", self.enterprise),
                ("uscc", self.uscc),
                ("trade_code", self.trade),
            ],
        )
        how = self._group(
            self.tr("How, and since when"),
            [
                ("role", self.role),
                ("share_percent", self.share),
                ("capital_wan", self.capital),
                ("income_wan", self.income),
                ("start_date", self.start),
                ("end_date", self.end),
                ("status", self.status),
                ("rectification", self.rectification),
            ],
        )
        work = self._group(
            self.tr("Relation to your work"),
            [
                ("within_jurisdiction", self.within),
                ("related_to_duties", self.duties),
                ("note", self.note),
            ],
        )
        columns = QHBoxLayout()
        columns.addWidget(who, 1, Qt.AlignmentFlag.AlignTop)
        right = QVBoxLayout()
        right.addWidget(how)
        right.addWidget(work)
        right.addStretch(1)
        columns.addLayout(right, 1)
        content = QWidget()
        inner = QVBoxLayout(content)
        inner.addWidget(intro)
        inner.addLayout(columns)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        self.summary = named(QLabel(), "editorSummary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.summary.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("editorOk")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setObjectName("editorCancel")
        buttons.accepted.connect(self._ok)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        self.resize(1000, 600)

        for name, signal in (
            ("relation", self.relation.currentIndexChanged),
            ("holder_name", self.holder_name.textChanged),
            ("holder_id_number", self.holder_id.textChanged),
            ("enterprise_name", self.enterprise.textChanged),
            ("uscc", self.uscc.textChanged),
            ("trade_code", self.trade.changed),
            ("role", self.role.currentIndexChanged),
            ("share_percent", self.share.textChanged),
            ("capital_wan", self.capital.textChanged),
            ("income_wan", self.income.textChanged),
            ("start_date", self.start.changed),
            ("end_date", self.end.changed),
            ("status", self.status.currentIndexChanged),
            ("rectification", self.rectification.textChanged),
            ("within_jurisdiction", self.within.toggled),
            ("related_to_duties", self.duties.toggled),
            ("note", self.note.textChanged),
        ):
            signal.connect(self._touch(name))
        self.relation.currentIndexChanged.connect(self._relation_changed)
        self.relation.setEnabled(self.relation.count() > 1)
        if self._read_only:
            self._make_read_only(buttons)

    def _group(self, title: str, rows: list[tuple[str, QWidget]]) -> QGroupBox:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        for name, widget in rows:
            feedback = FieldFeedback(self._translate)
            feedback.setObjectName(f"feedback_{name}")
            feedback.confirmed.connect(self._confirmed)
            self._feedback[name] = feedback
            cell = QWidget()
            cell_layout = QVBoxLayout(cell)
            cell_layout.setContentsMargins(0, 0, 0, 0)
            cell_layout.setSpacing(2)
            cell_layout.addWidget(widget)
            cell_layout.addWidget(feedback)
            form.addRow(form_label(labels.field(name) if not isinstance(widget, QCheckBox) else ""), cell)
        return box

    def _make_read_only(self, buttons: QDialogButtonBox) -> None:
        for widget in (
            self.holder_name,
            self.holder_id,
            self.enterprise,
            self.uscc,
            self.share,
            self.capital,
            self.income,
            self.note,
        ):
            widget.setReadOnly(True)
        for picker in (self.start, self.end, self.trade):
            picker.setReadOnly(True)
        self.rectification.setReadOnly(True)
        for choice in (self.relation, self.role, self.status, self.within, self.duties):
            choice.setEnabled(False)
        buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)
        for feedback in self._feedback.values():
            feedback.confirm.setEnabled(False)

    # -- values -------------------------------------------------------------------------------------------------

    def _blank(self) -> BusinessInterest:
        relations = [r for r in Relation if r in _FORM.allowed_relations(self._question)]
        relation = relations[0]
        return BusinessInterest(
            question=self._question,
            relation=relation,
            holder_name=self._officer.name if relation is Relation.SELF else "",
            holder_id_number="",
            enterprise_name="",
            role=_DEFAULT_ROLE[self._question],
        )

    def _fill(self, interest: BusinessInterest) -> None:
        self.relation.setCurrentIndex(max(0, self.relation.findData(interest.relation.value)))
        self.holder_name.setText(interest.holder_name)
        self.holder_id.setText(interest.holder_id_number)
        self.enterprise.setText(interest.enterprise_name)
        self.uscc.setText(interest.uscc)
        self.trade.set_code(interest.trade_code)
        self.role.setCurrentIndex(max(0, self.role.findData(interest.role.value)))
        self.share.set_amount(interest.share_percent)
        self.capital.set_amount(interest.capital_wan)
        self.income.set_amount(interest.income_wan)
        self.start.set_date(interest.start_date)
        self.end.set_date(interest.end_date)
        self.status.setCurrentIndex(max(0, self.status.findData(interest.status.value)))
        self.rectification.setPlainText(interest.rectification)
        self.within.setChecked(interest.within_jurisdiction)
        self.duties.setChecked(interest.related_to_duties)
        self.note.setText(interest.note)
        self._relation_changed()

    def _collect(self) -> BusinessInterest:
        relation = Relation(self.relation.currentData())
        return BusinessInterest(
            question=self._question,
            relation=relation,
            holder_name=clean_text(self.holder_name.text()),
            holder_id_number=clean_text(self.holder_id.text()).upper(),
            enterprise_name=clean_text(self.enterprise.text()),
            uscc=clean_text(self.uscc.text()).upper(),
            trade_code=self.trade.code(),
            role=InterestRole(self.role.currentData()),
            share_percent=self.share.amount(),
            capital_wan=self.capital.amount(),
            income_wan=self.income.amount(),
            start_date=self.start.date(),
            end_date=self.end.date(),
            status=InterestStatus(self.status.currentData()),
            within_jurisdiction=self.within.isChecked(),
            related_to_duties=self.duties.isChecked(),
            rectification=clean_text(self.rectification.toPlainText()),
            note=clean_text(self.note.text()),
        )

    # -- checking -----------------------------------------------------------------------------------------------

    def _problems(self, interest: BusinessInterest) -> list[Problem]:
        return validate_interest(_FORM, interest, self._officer, self._catalog, self._today)

    def _refresh(self) -> None:
        problems = self._problems(self._collect())
        by_field: dict[str, list[Problem]] = {}
        for problem in problems:
            by_field.setdefault(problem.path.split(".")[0], []).append(problem)
        for name, feedback in self._feedback.items():
            shown = by_field.get(name, []) if self._show_all or name in self._touched else []
            feedback.show_problems(shown, self._acknowledged)
        if self.summary.isVisible():
            self._summarise(problems)

    def _summarise(self, problems: list[Problem]) -> bool:
        """Say what is left; True when nothing stops the row from being complete."""
        errors = [p for p in problems if p.severity is Severity.ERROR]
        open_warnings = [p for p in problems if p.severity is Severity.WARNING and p.key not in self._acknowledged]
        if not errors and not open_warnings:
            self.summary.hide()
            return True
        self.summary.setText(
            labels.fill(
                self.tr(
                    "This row still has %1 problems (shown in the fields above). Click OK again to keep it as "
                    "it is and "
                    "finish it later; it cannot be signed until they are solved."
                ),
                len(errors) + len(open_warnings),
            )
        )
        self.summary.show()
        return False

    def _touch(self, name: str) -> Callable[..., None]:
        def touched(*_args: object) -> None:
            if self._filling:
                return
            self._touched.add(name)
            self._refresh()

        return touched

    def _confirmed(self, key: str, on: bool) -> None:
        (self._acknowledged.add if on else self._acknowledged.discard)(key)
        self._refresh()

    def _relation_changed(self, *_args: object) -> None:
        is_self = self.relation.currentData() == Relation.SELF.value
        if is_self:
            self.holder_name.setText(self._officer.name)
            self.holder_id.clear()
        elif self.holder_name.text() == self._officer.name:
            self.holder_name.clear()
        editable = not is_self and not self._read_only
        self.holder_name.setReadOnly(not editable)
        self.holder_id.setReadOnly(not editable)
        self.holder_id.setPlaceholderText(
            self.tr("Not needed for yourself") if is_self else self.tr("18 characters; the last may be X")
        )

    def _ok(self) -> None:
        problems = self._problems(self._collect())
        if self._summarise(problems) or (self._show_all and self.summary.property("seen")):
            self.accept()
            return
        self._show_all = True
        self.summary.setProperty("seen", True)
        self._refresh()
