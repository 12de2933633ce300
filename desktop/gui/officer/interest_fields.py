"""The inputs of one detail row (a business interest) and the row they hold: made, filled from a BusinessInterest,
collected back into one, made read-only; the holder's name and ID number follow the relation and the listed family
member chosen. The base of the row's dialog (desktop.gui.officer.interest_editor), which lays them out and checks
them.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QLineEdit, QPlainTextEdit

from desktop.domain.family import FamilyMember
from desktop.domain.interests import BusinessInterest, InterestRole, InterestStatus
from desktop.domain.officers import Officer
from desktop.domain.questions import Question, Relation
from desktop.domain.text import clean_text
from desktop.domain.trades import TradeCatalog
from desktop.form.model import FormVersion
from desktop.gui.officer import labels
from desktop.gui.officer.form_state import InterestEntry
from desktop.gui.officer.inputs import AmountEdit, IdentifierEdit
from desktop.gui.officer.interest_v2_fields import MemberChoice, RegistrationBox, RolesBox
from desktop.gui.officer.trade_picker import TradePicker
from desktop.gui.qt_typing import named
from desktop.gui.widgets.date_edit import DateEdit
from desktop.i18n import Translator

_DEFAULT_ROLE = {
    Question.OWN_BUSINESS: InterestRole.INVESTOR,
    Question.SHAREHOLDING: InterestRole.SHAREHOLDER,
    Question.PAID_PART_TIME: InterestRole.PART_TIME,
    Question.DISGUISED_INVOLVEMENT: InterestRole.NOMINEE,
    Question.RELATIVES_BUSINESS: InterestRole.INVESTOR,
    Question.SPECIFIC_RELATED_BUSINESS: InterestRole.INVESTOR,
}


class InterestFields(QDialog):
    """The row's inputs, for InterestEditor: what they need of the dialog is declared here and set by it."""

    _form: FormVersion  # the form the row is on: version 2 adds the listed holder, several roles, the registration
    _question: Question
    _officer: Officer
    _catalog: TradeCatalog
    _today: dt.date
    _translate: Translator
    _read_only: bool
    _entry: InterestEntry | None
    _members: tuple[FamilyMember, ...]

    def _make_fields(self) -> None:
        """Every input of the row, empty; the dialog lays them out and fills them."""
        self.relation = named(QComboBox(), "relationCombo")
        for relation in Relation:
            if relation in self._form.allowed_relations(self._question):
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
        for role in self._form.roles:
            self.role.addItem(labels.role(role), role.value)
        self.v2 = self._form.shape >= 2
        self.member = MemberChoice(self._translate)
        self.member.set_members(self._members, self._form.allowed_relations(self._question))
        self.member.currentIndexChanged.connect(self._member_chosen)
        self.roles = RolesBox(self._form.roles)
        self.registration = RegistrationBox(self._translate)
        self.share = AmountEdit()
        self.share.setObjectName("sharePercent")
        self.capital = AmountEdit()
        self.capital.setObjectName("capitalWan")
        self.income = AmountEdit()
        self.income.setObjectName("incomeWan")
        self.start = DateEdit(self._today)
        self.start.setObjectName("startDate")
        self.end = DateEdit(self._today)
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

    def _fields_read_only(self) -> None:
        """Every input shows its value and takes no change."""
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
        for choice in (self.relation, self.role, self.status, self.within, self.duties, self.member):
            choice.setEnabled(False)
        self.roles.set_read_only(True)
        self.registration.set_read_only(True)

    # -- values -------------------------------------------------------------------------------------------------

    def _blank(self) -> BusinessInterest:
        relations = [r for r in Relation if r in self._form.allowed_relations(self._question)]
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
        if self.v2:
            self.roles.set_roles(interest.roles or ((interest.role,) if self._entry else ()))
            self.registration.fill(interest)
            self.member.choose(interest.holder_member_id)
        self._relation_changed()

    def _collect(self) -> BusinessInterest:
        relation = Relation(self.relation.currentData())
        interest = BusinessInterest(
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
        if not self.v2:
            return interest
        roles = self.roles.roles()
        member = self.member.member()
        return self.registration.collect(interest).with_changes(
            roles=roles,
            role=roles[0] if roles else InterestRole.OTHER,
            holder_member_id=member.member_id if member else "",
        )

    # -- the holder ---------------------------------------------------------------------------------------------

    def _member_chosen(self, *_args: object) -> None:
        """A listed member holds the row: relation, name and ID number are the member's, not typed again."""
        member = self.member.member()
        if member is not None:
            self.relation.setCurrentIndex(max(0, self.relation.findData(member.relation.value)))
            self.holder_name.setText(member.name)
            self.holder_id.setText(member.id_number)
        self.relation.setEnabled(member is None and self.relation.count() > 1 and not self._read_only)
        self._relation_changed()

    def _relation_changed(self, *_args: object) -> None:
        is_self = self.relation.currentData() == Relation.SELF.value
        if is_self:
            self.holder_name.setText(self._officer.name)
            self.holder_id.clear()
        elif self.holder_name.text() == self._officer.name:
            self.holder_name.clear()
        editable = not is_self and not self._read_only and self.member.member() is None
        self.holder_name.setReadOnly(not editable)
        self.holder_id.setReadOnly(not editable)
        self.holder_id.setPlaceholderText(
            self.tr("Not needed for yourself") if is_self else self.tr("18 characters; the last may be X")
        )
