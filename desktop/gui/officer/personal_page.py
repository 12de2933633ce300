"""The officer's own data, from the roster and read-only: saving and signing take it from the roster, never from
the form (docs/decisions.md #9)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QScrollArea, QVBoxLayout, QWidget

from desktop.domain.officers import Officer
from desktop.gui.officer import labels
from desktop.gui.officer.family_section import FamilySection
from desktop.gui.officer.field_feedback import FieldFeedback
from desktop.gui.officer.form_state import DeclarationForm
from desktop.gui.officer.look import MUTED_COLOUR, form_label, title
from desktop.gui.officer.personal_v2 import PersonalDetailsBox
from desktop.gui.qt_typing import named
from desktop.i18n import Translator


class PersonalPage(QWidget):
    def __init__(self, form: DeclarationForm, translate: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("personalPage")
        self._form = form
        heading = title(self.tr("Personal data"))
        note = QLabel(
            self.tr(
                "This comes from the roster (花名册) and cannot be changed here. If anything is wrong, "
                "ask your unit's administrator to correct the roster before you sign."
            )
        )
        note.setWordWrap(True)
        note.setStyleSheet(f"color: {MUTED_COLOUR};")
        self._fields: dict[str, QLineEdit] = {}
        grid = QFormLayout()
        grid.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        grid.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # Read-only fields should not look like fields waiting to be typed into.
        self.setStyleSheet('QLineEdit[readOnly="true"] { background: palette(window); }')
        for name, label in (
            ("police_number", labels.field("police_number")),
            ("name", labels.field("name")),
            ("id_number", labels.field("id_number")),
            ("unit", labels.field("unit_code")),
            ("position", self.tr("Position")),
            ("rank_level", self.tr("Rank")),
            ("key_person", self.tr("Key person")),
        ):
            edit = named(QLineEdit(), f"officer_{name}")
            edit.setReadOnly(True)
            self._fields[name] = edit
            if name == "id_number":
                self.id_feedback = FieldFeedback(translate)
                self.id_feedback.setObjectName("officerIdFeedback")
                self.id_feedback.confirmed.connect(form.set_acknowledged)
                cell = QWidget()
                cell_layout = QVBoxLayout(cell)
                cell_layout.setContentsMargins(0, 0, 0, 0)
                cell_layout.addWidget(edit)
                cell_layout.addWidget(self.id_feedback)
                grid.addRow(form_label(label), cell)
            else:
                grid.addRow(form_label(label), edit)
        self.other_problems = FieldFeedback(translate)
        self.other_problems.setObjectName("officerFeedback")
        # Form version 2: the details the officer enters, and the family members (hidden on a version 1 form).
        self.details = PersonalDetailsBox(form, translate)
        self.family = FamilySection(form, translate)
        content = QWidget()
        inner = QVBoxLayout(content)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(note)
        inner.addLayout(grid)
        inner.addWidget(self.other_problems)
        inner.addWidget(self.details)
        inner.addWidget(self.family)
        inner.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(scroll, 1)
        form.changed.connect(self.refresh)
        self.refresh()

    def set_editable(self, editable: bool) -> None:
        """The roster data never changes here: only the confirmation of a warning about it, and on a version 2
        form the officer's own details and family members."""
        self.id_feedback.confirm.setEnabled(editable)
        self.other_problems.confirm.setEnabled(editable)
        self.details.set_editable(editable)
        self.family.set_editable(editable)

    def show_carried_over_source(self, campaign_name: str) -> None:
        self.details.carried_over.show_source(campaign_name)
        self.family.carried_over.show_source(campaign_name)

    def refresh(self) -> None:
        declaration = self._form.officer_declaration
        officer = declaration.officer
        unit = f"{declaration.unit_name} ({officer.unit_code})" if declaration.unit_name else officer.unit_code
        for name, value in (
            ("police_number", officer.police_number),
            ("name", officer.name),
            ("id_number", officer.id_number),
            ("unit", unit),
            ("position", officer.position),
            ("rank_level", officer.rank_level),
            ("key_person", self._key_person(officer)),
        ):
            self._fields[name].setText(value)
            self._fields[name].setCursorPosition(0)
        version_2 = self._form.form_version >= 2
        self.details.setVisible(version_2)
        self.family.setVisible(version_2)
        if version_2:
            self.details.refresh()
            self.family.refresh()
        mine = {"officer.political_status", "officer.mobile", "officer.personal_details"}
        problems = [p for p in self._form.problems if p.path.startswith("officer.") and p.path not in mine]
        acknowledged = {p.key for p in problems if self._form.is_acknowledged(p.key)}
        self.id_feedback.show_problems([p for p in problems if p.path == "officer.id_number"], acknowledged)
        self.other_problems.show_problems([p for p in problems if p.path != "officer.id_number"], acknowledged)

    def _key_person(self, officer: Officer) -> str:
        kinds = [
            text
            for flag, text in (
                (officer.is_division_level, self.tr("division-level cadre")),
                (officer.is_leadership_member, self.tr("leadership member")),
                (officer.is_unit_head, self.tr("unit head")),
            )
            if flag
        ]
        return labels.fill(self.tr("Yes: %1"), self.tr(", ").join(kinds)) if kinds else self.tr("No")
