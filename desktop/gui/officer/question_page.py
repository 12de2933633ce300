"""One standard question of the form: yes or no, and for yes its detail rows with Add, Edit and Remove."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.carry_over import CARRIED_OVER, carried_over_key, question_section
from desktop.domain.problems import Problem
from desktop.domain.questions import Question
from desktop.form import form_for
from desktop.gui.officer import labels
from desktop.gui.officer.carried_over_banner import CarriedOverBanner
from desktop.gui.officer.field_feedback import FieldFeedback
from desktop.gui.officer.form_state import DeclarationForm, InterestEntry
from desktop.gui.officer.interest_editor import InterestEditor
from desktop.gui.officer.interest_model import InterestTableModel
from desktop.gui.officer.look import WARNING_COLOUR, title
from desktop.gui.officer.prompts import confirm
from desktop.gui.qt_typing import named
from desktop.i18n import Translator


class QuestionPage(QWidget):
    """Edits ``form`` directly; ``editor_opened`` tells tests and the page which dialog is on show."""

    editor_opened = Signal(object)

    def __init__(
        self, question: Question, form: DeclarationForm, translate: Translator, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(f"question_{question.value}")
        self.question = question
        self._form = form
        self._translate = translate
        self._editable = True
        self.editor: InterestEditor | None = None

        heading = title(labels.question_title(question))
        text = QLabel(labels.question_text(translate, question))
        text.setObjectName("questionText")
        text.setWordWrap(True)
        font = text.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        text.setFont(font)
        self.section = question_section(question)
        self.carried_over = CarriedOverBanner()
        self.carried_over.still_so.connect(self._confirm_carried_over)
        self.carried_over.change.connect(self._change_carried_over)
        self.yes = named(QRadioButton(self.tr("Yes")), "answerYes")
        self.no = named(QRadioButton(self.tr("No")), "answerNo")
        self._answers = QButtonGroup(self)
        self._answers.addButton(self.yes)
        self._answers.addButton(self.no)
        self.yes.clicked.connect(lambda: self._answer(True))
        self.no.clicked.connect(lambda: self._answer(False))
        answers = QHBoxLayout()
        answers.addWidget(self.yes)
        answers.addSpacing(24)
        answers.addWidget(self.no)
        answers.addStretch(1)
        self.answer_feedback = FieldFeedback(translate)
        self.answer_feedback.setObjectName("answerFeedback")

        self.details = named(QWidget(), "details")
        hint = QLabel(
            self.tr(
                "Enter one row for each enterprise or business. Give the unified social credit code "
                "when the business has one; choose the trade from the catalog."
            )
        )
        hint.setWordWrap(True)
        hint.setObjectName("detailsHint")
        self.model = InterestTableModel(form.catalog, translate, self)
        self.table = named(QTableView(), "interestTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)
        self.table.doubleClicked.connect(self._edit_index)
        self.add_button = named(QPushButton(self.tr("Add…")), "addInterest")
        self.edit_button = named(QPushButton(self.tr("Edit…")), "editInterest")
        self.remove_button = named(QPushButton(self.tr("Remove")), "removeInterest")
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.full = named(QLabel(), "interestsFull")  # the form's most interests listed (decision 234)
        self.full.setWordWrap(True)
        self.full.setStyleSheet(f"color: {WARNING_COLOUR}")
        self.full.hide()
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        details_layout = QVBoxLayout(self.details)
        details_layout.setContentsMargins(0, 8, 0, 0)
        details_layout.addWidget(hint)
        details_layout.addWidget(self.table, 1)
        details_layout.addLayout(buttons)
        details_layout.addWidget(self.full)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(text)
        layout.addWidget(self.carried_over)
        layout.addLayout(answers)
        layout.addWidget(self.answer_feedback)
        layout.addWidget(self.details, 1)
        layout.addStretch(0)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        form.changed.connect(self.refresh)
        self.refresh()

    # -- state --------------------------------------------------------------------------------------------------

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        self.refresh()

    @property
    def changeable(self) -> bool:
        """Editable, and not waiting for the officer to confirm or change what was carried over."""
        return self._editable and not self._form.awaits_confirmation(self.section)

    @property
    def most(self) -> int | None:
        """The most business interests the form lists, under all its questions (decision 234); None: no bound."""
        return form_for(self._form.form_version).max_interests

    @property
    def is_full(self) -> bool:
        most = self.most
        return most is not None and len(self._form.all_entries()) >= most

    def refresh(self) -> None:
        answer = self._form.answer(self.question)
        self._answers.setExclusive(False)
        self.yes.setChecked(answer is True)
        self.no.setChecked(answer is False)
        self._answers.setExclusive(True)
        self.carried_over.setVisible(self._editable and self._form.awaits_confirmation(self.section))
        self.yes.setEnabled(self.changeable)
        self.no.setEnabled(self.changeable)
        entries = self._form.entries(self.question)
        self.details.setVisible(answer is True or bool(entries))
        self.model.set_rows(entries, [self._open_problems(e) for e in entries])
        mine = [p for p in self._form.problems if p.path == f"answers.{self.question.value}" and p.code != CARRIED_OVER]
        self.answer_feedback.show_problems(mine if answer is not None else [], set())
        self.add_button.setVisible(self._editable)
        full = self.is_full
        self.add_button.setEnabled(self.changeable and not full)
        text = labels.fill(self.tr("List at most %1 business interests."), self.most or 0) if full else ""
        self.add_button.setToolTip(text)
        self.full.setText(text)
        self.full.setVisible(self._editable and full)
        self.remove_button.setVisible(self._editable)
        self.edit_button.setText(self.tr("Edit…") if self.changeable else self.tr("View…"))
        self._update_buttons()

    def _confirm_carried_over(self) -> None:
        self._form.set_acknowledged(carried_over_key(self.section), True)

    def _change_carried_over(self) -> None:
        # The officer has looked at the section and takes it over as their own: it becomes editable at once.
        self._form.set_acknowledged(carried_over_key(self.section), True)
        (self.yes if self._form.answer(self.question) else self.no).setFocus()

    def _open_problems(self, entry: InterestEntry) -> list[Problem]:
        return [p for p in self._form.problems_of_entry(entry.id) if not self._form.is_acknowledged(p.key)]

    def _update_buttons(self) -> None:
        selected = self._selected_row() is not None
        self.edit_button.setEnabled(selected)
        self.remove_button.setEnabled(selected and self.changeable)

    def _selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    # -- answering ----------------------------------------------------------------------------------------------

    def _answer(self, yes: bool) -> None:
        rows = self._form.entries(self.question)
        if yes or not rows:
            self._form.set_answer(self.question, yes)
            return
        text = labels.fill(
            self.tr("You answered No, but %1 detail rows are entered under this question. Remove them?"), len(rows)
        )
        confirm(
            self,
            "confirmClearRows",
            self.tr("Remove the detail rows?"),
            text,
            lambda: self._form.set_answer(self.question, False),
            self.refresh,
        )

    # -- rows ---------------------------------------------------------------------------------------------------

    def add(self) -> None:
        if not self.is_full:
            self._open_editor(None)

    def edit_selected(self) -> None:
        row = self._selected_row()
        if row is not None:
            self._open_editor(self.model.entry(row))

    def _edit_index(self, index: QModelIndex) -> None:
        self._open_editor(self.model.entry(index.row()))

    def remove_selected(self) -> None:
        row = self._selected_row()
        if row is None or not self.changeable:
            return
        entry = self.model.entry(row)
        text = labels.fill(self.tr("Remove the row for %1?"), entry.interest.enterprise_name or self.tr("(no name)"))
        confirm(self, "confirmRemoveRow", self.tr("Remove the row?"), text, lambda: self._form.remove_entry(entry.id))

    def _open_editor(self, entry: InterestEntry | None) -> None:
        editor = InterestEditor(
            self.question,
            entry,
            officer=self._form.officer_declaration.officer,
            catalog=self._form.catalog,
            today=self._form.today,
            translate=self._translate,
            read_only=not self.changeable,
            parent=self,
            form_version=self._form.form_version,
            members=self._form.family_members,
        )
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.accepted.connect(lambda: self._edited(editor, entry is None))
        editor.finished.connect(lambda _result: setattr(self, "editor", None))
        self.editor = editor
        editor.open()
        self.editor_opened.emit(editor)

    def _edited(self, editor: InterestEditor, new: bool) -> None:
        if not self.changeable:
            return
        entry = editor.entry()
        if new:
            if self.is_full:
                return  # an editor opened before the form was full adds nothing (decision 234)
            self._form.add_entry(entry)
        else:
            self._form.replace_entry(entry)
