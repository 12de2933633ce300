"""Family members and main social relations (form version 2), listed whether or not they do business: a table with
Add, Edit and Remove; detail rows of relatives then point at a listed member."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.carry_over import FAMILY_SECTION, carried_over_key
from desktop.domain.problems import Problem, Severity
from desktop.form import form_for
from desktop.gui.officer import labels
from desktop.gui.officer.carried_over_banner import CarriedOverBanner
from desktop.gui.officer.family_dialog import FamilyMemberDialog
from desktop.gui.officer.form_state import DeclarationForm
from desktop.gui.officer.look import ERROR_COLOUR, WARNING_COLOUR
from desktop.gui.officer.prompts import confirm
from desktop.gui.qt_typing import named
from desktop.i18n import Translator

_MEMBER_PATH = re.compile(r"^family_members\[(\d+)\]")


class FamilySection(QGroupBox):
    """``editor_opened(dialog)`` tells tests which dialog is on show."""

    editor_opened = Signal(object)

    def __init__(self, form: DeclarationForm, translate: Translator, parent: QWidget | None = None) -> None:
        super().__init__(labels.v2_field(translate, "family_members"), parent)
        self.setObjectName("familySection")
        self._form = form
        self._translate = translate
        self._editable = True
        self.dialog: FamilyMemberDialog | None = None
        self.carried_over = CarriedOverBanner()
        self.carried_over.still_so.connect(self._confirm)
        self.carried_over.change.connect(self._confirm)
        hint = QLabel(
            self.tr(
                "List your spouse, children and their spouses, parents and siblings, and any specific-related person, "
                "whether or not they do business. A relative's business row then names the listed member."
            )
        )
        hint.setWordWrap(True)
        self.table = named(QTableWidget(0, 7), "familyTable")
        self.table.setHorizontalHeaderLabels(
            [
                labels.field("relation"),
                labels.field("name"),
                labels.field("id_number"),
                labels.v2_field(translate, "work_unit"),
                labels.field("position"),
                labels.v2_field(translate, "public_servant"),
                self.tr("Check"),
            ]
        )
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(120)
        self.table.doubleClicked.connect(lambda index: self._open(index.row()))
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.add_button = named(QPushButton(self.tr("Add member…")), "addMember")
        self.full = named(QLabel(), "familyFull")  # the form's most members listed (decision 222)
        self.full.setWordWrap(True)
        self.full.setStyleSheet(f"color: {WARNING_COLOUR}")
        self.full.hide()
        self.edit_button = named(QPushButton(self.tr("Edit…")), "editMember")
        self.remove_button = named(QPushButton(self.tr("Remove")), "removeMember")
        self.add_button.clicked.connect(lambda: self._open(None))
        self.edit_button.clicked.connect(lambda: self._open(self._selected()))
        self.remove_button.clicked.connect(self._remove)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.carried_over)
        layout.addWidget(hint)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.full)

    @property
    def most(self) -> int | None:
        """The most family members the form lists (decision 222); None: no bound."""
        return form_for(self._form.form_version).max_family_members

    @property
    def is_full(self) -> bool:
        most = self.most
        return most is not None and len(self._form.family_members) >= most

    @property
    def changeable(self) -> bool:
        return self._editable and not self._form.awaits_confirmation(FAMILY_SECTION)

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        self.refresh()

    def refresh(self) -> None:
        members = self._form.family_members
        by_member: dict[int, list[Problem]] = {}
        for problem in self._form.problems:
            match = _MEMBER_PATH.match(problem.path)
            if match:
                by_member.setdefault(int(match.group(1)), []).append(problem)
        self.table.setRowCount(len(members))
        for row, member in enumerate(members):
            problems = by_member.get(row, [])
            values = (
                labels.relation(self._translate, member.relation),
                member.name,
                member.id_number,
                member.work_unit,
                member.position,
                labels.yes_no(member.public_servant),
                labels.fill(self.tr("%1 to fix"), len(problems)) if problems else self.tr("Complete"),
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column == 6 and problems:
                    errors = any(p.severity is Severity.ERROR for p in problems)
                    item.setForeground(QColor(ERROR_COLOUR if errors else WARNING_COLOUR))
                    item.setToolTip("\n".join(p.render(self._translate) for p in problems))
                self.table.setItem(row, column, item)
        self.carried_over.setVisible(self._editable and self._form.awaits_confirmation(FAMILY_SECTION))
        self.add_button.setVisible(self._editable)
        self.remove_button.setVisible(self._editable)
        full = self.is_full
        self.add_button.setEnabled(self.changeable and not full)
        text = labels.fill(self.tr("List at most %1 family members."), self.most or 0) if full else ""
        self.add_button.setToolTip(text)
        self.full.setText(text)
        self.full.setVisible(self._editable and full)
        self.edit_button.setText(self.tr("Edit…") if self.changeable else self.tr("View…"))
        self._update_buttons()

    def _selected(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _update_buttons(self) -> None:
        selected = self._selected() is not None
        self.edit_button.setEnabled(selected)
        self.remove_button.setEnabled(selected and self.changeable)

    def _open(self, row: int | None) -> None:
        if row is None and self.is_full:
            return
        members = self._form.family_members
        member = members[row] if row is not None and row < len(members) else None
        if row is not None and member is None:
            return
        dialog = FamilyMemberDialog(
            member, today=self._form.today, translate=self._translate, read_only=not self.changeable, parent=self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._edited(dialog, row))
        dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        self.editor_opened.emit(dialog)

    def _edited(self, dialog: FamilyMemberDialog, row: int | None) -> None:
        if not self.changeable:
            return
        if row is None:
            if self.is_full:
                return
            self._form.add_member(dialog.member())
        else:
            self._form.replace_member(row, dialog.member())

    def _remove(self) -> None:
        row = self._selected()
        if row is None or not self.changeable:
            return
        member = self._form.family_members[row]
        text = labels.fill(
            self.tr("Remove %1 from the family members? Business rows naming this member must then name another."),
            member.name or self.tr("(no name)"),
        )
        confirm(
            self,
            "confirmRemoveMember",
            self.tr("Remove the family member?"),
            text,
            lambda: self._form.remove_member(row),
        )

    def _confirm(self) -> None:
        self._form.set_acknowledged(carried_over_key(FAMILY_SECTION), True)
