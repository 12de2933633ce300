"""The dialog for one detail row (a business interest), checked as it is typed.

Every change runs the core's validate_interest on the row; each field shows its own problems once it has been
touched (ID numbers and credit codes as they are typed), and all of them after a first click on OK. A row may be
kept with problems (a draft may be saved incomplete), but only after the officer has seen them. The inputs
themselves, and how the row's values go in and out of them, are in the dialog's base
(desktop.gui.officer.interest_fields).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.declarations import Declaration
from desktop.domain.family import FamilyMember
from desktop.domain.interests import BusinessInterest
from desktop.domain.officers import Officer
from desktop.domain.problems import Problem, Severity
from desktop.domain.questions import Question
from desktop.domain.trades import TradeCatalog
from desktop.form import form_for
from desktop.form.model import CheckContext
from desktop.form.validation import validate_interest
from desktop.gui.officer import labels
from desktop.gui.officer.field_feedback import FieldFeedback
from desktop.gui.officer.form_state import InterestEntry
from desktop.gui.officer.interest_fields import InterestFields
from desktop.gui.officer.look import ERROR_COLOUR, form_label
from desktop.gui.qt_typing import named
from desktop.i18n import Translator


class InterestEditor(InterestFields):
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
        form_version: int = 1,
        members: tuple[FamilyMember, ...] = (),
    ) -> None:
        super().__init__(parent)
        self.setObjectName("interestEditor")
        #: The form the row is on: version 2 adds the listed holder, several roles and the registration details.
        self._form = form_for(form_version)
        self._members = members
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
        self._make_fields()

        who = self._group(
            self.tr("Who holds it, and which enterprise"),
            [
                *([("holder_member_id", self.member)] if self.v2 else []),
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
                ("roles", self.roles) if self.v2 else ("role", self.role),
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
        left = QVBoxLayout()
        left.addWidget(who)
        left.addWidget(self.registration)
        left.addStretch(1)
        self.registration.setVisible(self.v2)
        columns.addLayout(left, 1)
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
            ("roles", self.roles.changed),
            ("holder_member_id", self.member.currentIndexChanged),
            *self.registration.signals(),
        ):
            signal.connect(self._touch(name))  # type: ignore[attr-defined]  # every item is a bound Qt signal
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
        self._fields_read_only()
        buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)
        for feedback in self._feedback.values():
            feedback.confirm.setEnabled(False)

    # -- checking -----------------------------------------------------------------------------------------------

    def _problems(self, interest: BusinessInterest) -> list[Problem]:
        found = validate_interest(self._form, interest, self._officer, self._catalog, self._today)
        if not self._form.checks:
            return found
        # The version's own rules about a row (its roles, its listed holder), run on a declaration of this row alone.
        alone = Declaration(
            campaign_id="",
            officer=self._officer,
            unit_name="",
            interests=(interest,),
            form_version=self._form.number,
            family_members=self._members,
        )
        context = CheckContext(self._catalog, self._today)
        for check in self._form.checks:
            for problem in check(self._form, alone, context):
                if problem.path.startswith("interests[0]."):
                    found.append(replace(problem, path=problem.path.removeprefix("interests[0].")))
        return found

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

    def _ok(self) -> None:
        problems = self._problems(self._collect())
        if self._summarise(problems) or (self._show_all and self.summary.property("seen")):
            self.accept()
            return
        self._show_all = True
        self.summary.setProperty("seen", True)
        self._refresh()
