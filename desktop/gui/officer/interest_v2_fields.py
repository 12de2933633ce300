"""What form version 2 asks of a detail row beyond version 1: the listed family member who holds it, every role the
holder has (several at once), and the enterprise's registered address, business scope, registered capital and
registration authority."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from desktop.domain.family import FamilyMember
from desktop.domain.interests import BusinessInterest, InterestRole
from desktop.domain.questions import Relation
from desktop.domain.text import clean_text
from desktop.gui.officer import labels
from desktop.gui.officer.inputs import AmountEdit
from desktop.gui.officer.look import form_label
from desktop.gui.qt_typing import named
from desktop.i18n import Translator


class MemberChoice(QComboBox):
    """The listed family members who may hold a row under the question; the first item is "not a listed member"."""

    def __init__(self, translate: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("holderMember")
        self._translate = translate
        self._members: dict[str, FamilyMember] = {}

    def set_members(self, members: tuple[FamilyMember, ...], allowed: frozenset[Relation]) -> None:
        self.blockSignals(True)
        self.clear()
        self.addItem(self.tr("(not a listed family member)"), "")
        self._members = {m.member_id: m for m in members if m.relation in allowed}
        for member in self._members.values():
            relation = labels.relation(self._translate, member.relation)
            self.addItem(f"{member.member_id} · {relation} · {member.name}", member.member_id)
        self.blockSignals(False)

    def member(self) -> FamilyMember | None:
        return self._members.get(str(self.currentData() or ""))

    def choose(self, member_id: str) -> None:
        self.setCurrentIndex(max(0, self.findData(member_id)))


class RolesBox(QWidget):
    """One tick box per role the form offers; ``changed`` after every tick."""

    changed = Signal()

    def __init__(self, roles: tuple[InterestRole, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rolesBox")
        self.boxes: dict[InterestRole, QCheckBox] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for index, role in enumerate(roles):
            box = named(QCheckBox(labels.role(role)), f"role_{role.value}")
            box.toggled.connect(lambda _on: self.changed.emit())
            self.boxes[role] = box
            grid.addWidget(box, index // 3, index % 3)

    def roles(self) -> tuple[InterestRole, ...]:
        return tuple(role for role, box in self.boxes.items() if box.isChecked())

    def set_roles(self, roles: tuple[InterestRole, ...]) -> None:
        for role, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(role in roles)
            box.blockSignals(False)

    def set_read_only(self, read_only: bool) -> None:
        for box in self.boxes.values():
            box.setEnabled(not read_only)


class RegistrationBox(QGroupBox):
    """The enterprise as registered: address, scope, capital, authority."""

    def __init__(self, translate: Translator, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("The enterprise as registered"), parent)
        self.setObjectName("registrationBox")
        self.address = named(QLineEdit(), "registeredAddress")
        self.scope = named(QPlainTextEdit(), "businessScope")
        self.scope.setFixedHeight(56)
        self.capital = AmountEdit()
        self.capital.setObjectName("registeredCapital")
        self.authority = named(QLineEdit(), "registrationAuthority")
        self.authority.setPlaceholderText(self.tr("e.g. 辽源市龙山区市场监督管理局"))
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key, widget in (
            ("registered_address", self.address),
            ("business_scope", self.scope),
            ("registered_capital_wan", self.capital),
            ("registration_authority", self.authority),
        ):
            form.addRow(form_label(labels.v2_field(translate, key)), widget)

    def fill(self, interest: BusinessInterest) -> None:
        self.address.setText(interest.registered_address)
        self.scope.setPlainText(interest.business_scope)
        self.capital.set_amount(interest.registered_capital_wan)
        self.authority.setText(interest.registration_authority)

    def collect(self, interest: BusinessInterest) -> BusinessInterest:
        return interest.with_changes(
            registered_address=clean_text(self.address.text()),
            business_scope=clean_text(self.scope.toPlainText()),
            registered_capital_wan=self.capital.amount(),
            registration_authority=clean_text(self.authority.text()),
        )

    def set_read_only(self, read_only: bool) -> None:
        for edit in (self.address, self.capital, self.authority):
            edit.setReadOnly(read_only)
        self.scope.setReadOnly(read_only)

    def signals(self) -> list[tuple[str, object]]:
        """The fields' change signals by field name, for the editor's checking as typed."""
        return [
            ("registered_address", self.address.textChanged),
            ("business_scope", self.scope.textChanged),
            ("registered_capital_wan", self.capital.textChanged),
            ("registration_authority", self.authority.textChanged),
        ]
