"""The dialog for one listed family member (form version 2): relation, name, ID number (checked as typed, like the
officer's), work unit and position, and whether a public servant."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.family import FAMILY_RELATIONS, FamilyMember
from desktop.domain.identifiers import check_id_number
from desktop.domain.questions import Relation
from desktop.domain.text import clean_text
from desktop.gui.officer import labels
from desktop.gui.officer.field_feedback import FieldFeedback
from desktop.gui.officer.inputs import IdentifierEdit
from desktop.gui.officer.look import form_label
from desktop.gui.qt_typing import named
from desktop.i18n import Translator


class FamilyMemberDialog(QDialog):
    """Add or edit one family member; after ``accepted``, ``member()`` is the member as edited (its id is given by
    its place in the list)."""

    def __init__(
        self,
        member: FamilyMember | None,
        *,
        today: dt.date,
        translate: Translator,
        read_only: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("familyMemberDialog")
        self.setWindowTitle(self.tr("Family member"))
        self._today = today
        self._id = member.member_id if member else ""
        self.relation = named(QComboBox(), "memberRelation")
        for relation in Relation:
            if relation in FAMILY_RELATIONS:
                self.relation.addItem(labels.relation(translate, relation), relation.value)
        self.name = named(QLineEdit(), "memberName")
        self.id_number = IdentifierEdit()
        self.id_number.setObjectName("memberIdNumber")
        self.id_number.setPlaceholderText(self.tr("18 characters; the last may be X"))
        self.id_feedback = FieldFeedback(translate)
        self.id_feedback.setObjectName("memberIdFeedback")
        self.id_feedback.confirm.hide()
        self.work_unit = named(QLineEdit(), "memberWorkUnit")
        self.position = named(QLineEdit(), "memberPosition")
        self.public_servant = named(QCheckBox(self.tr("A public servant (公职人员)")), "memberPublicServant")
        grid = QFormLayout()
        grid.addRow(form_label(labels.field("relation")), self.relation)
        grid.addRow(form_label(labels.field("name")), self.name)
        id_cell = QWidget()
        id_layout = QVBoxLayout(id_cell)
        id_layout.setContentsMargins(0, 0, 0, 0)
        id_layout.addWidget(self.id_number)
        id_layout.addWidget(self.id_feedback)
        grid.addRow(form_label(labels.field("id_number")), id_cell)
        grid.addRow(form_label(labels.v2_field(translate, "work_unit")), self.work_unit)
        grid.addRow(form_label(labels.field("position")), self.position)
        grid.addRow(form_label(""), self.public_servant)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("memberOk")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(buttons)
        self.resize(520, 320)
        if member is not None:
            self.relation.setCurrentIndex(max(0, self.relation.findData(member.relation.value)))
            self.name.setText(member.name)
            self.id_number.setText(member.id_number)
            self.work_unit.setText(member.work_unit)
            self.position.setText(member.position)
            self.public_servant.setChecked(member.public_servant)
        self.id_number.textChanged.connect(self._check_id)
        self._check_id()
        if read_only:
            for edit in (self.name, self.id_number, self.work_unit, self.position):
                edit.setReadOnly(True)
            self.relation.setEnabled(False)
            self.public_servant.setEnabled(False)
            buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)

    def _check_id(self, *_args: object) -> None:
        text = clean_text(self.id_number.text())
        self.id_feedback.show_problems(check_id_number(text, "id_number", self._today) if text else [], set())

    def member(self) -> FamilyMember:
        return FamilyMember(
            member_id=self._id,
            relation=Relation(self.relation.currentData()),
            name=clean_text(self.name.text()),
            id_number=clean_text(self.id_number.text()).upper(),
            work_unit=clean_text(self.work_unit.text()),
            position=clean_text(self.position.text()),
            public_servant=self.public_servant.isChecked(),
        )
