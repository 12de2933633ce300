"""The roster (花名册): import a workbook (all rows or none, every problem listed by row and cell), write a template."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.problems import Severity
from desktop.exchange.problems import SheetProblem
from desktop.gui.errors import error_text
from desktop.gui.pages import PageContext
from desktop.gui.widgets.message_label import MessageLabel
from desktop.services.administration.roster import (
    InvalidRoster,
    RosterImportSummary,
    import_roster,
    write_roster_template,
)


class RosterTab(QWidget):
    """Emits ``imported`` after a roster was written into the store."""

    imported = Signal()

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rosterTab")
        self._context = context
        explanation = QLabel(
            self.tr(
                "The roster lists every officer who must declare, with their units. Write an empty template, fill it "
                "in (identifiers as text), and import it. A roster with any error is not imported at all: every "
                "problem is listed below by row and cell, so that one round of corrections is enough."
            ),
            self,
        )
        explanation.setWordWrap(True)
        self.import_button = QPushButton(self.tr("Import a roster…"), self)
        self.import_button.setObjectName("importRosterButton")
        self.template_button = QPushButton(self.tr("Write an empty template…"), self)
        self.template_button.setObjectName("writeTemplateButton")
        self.progress = QProgressBar(self)
        self.progress.setObjectName("rosterProgress")
        self.progress.setRange(0, 0)  # the import reports no steps: a busy bar
        self.progress.hide()
        self.message = MessageLabel("rosterMessage", self)
        self.problems = QTableWidget(0, 5, self)
        self.problems.setObjectName("rosterProblems")
        self.problems.setHorizontalHeaderLabels(
            [self.tr("Severity"), self.tr("Row"), self.tr("Column"), self.tr("Cell"), self.tr("Problem")]
        )
        self.problems.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problems.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.problems.verticalHeader().hide()
        self.problems.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.problems.setWordWrap(True)
        self.problems.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.template_button)
        buttons.addStretch()
        column = QVBoxLayout(self)
        column.addWidget(explanation)
        column.addLayout(buttons)
        column.addWidget(self.progress)
        column.addWidget(self.message)
        column.addWidget(self.problems, 1)
        column.addStretch()
        self.import_button.clicked.connect(self.choose_roster)
        self.template_button.clicked.connect(self.choose_template)

    def _busy(self, busy: bool) -> None:
        self.import_button.setEnabled(not busy)
        self.template_button.setEnabled(not busy)
        self.progress.setVisible(busy)

    # -- import ----------------------------------------------------------------------------------------------------

    def choose_roster(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Import a roster"), "", self.tr("Excel workbooks (*.xlsx)")
        )
        if path:
            self.import_roster(Path(path))

    def import_roster(self, path: Path) -> None:
        self._busy(True)
        self.show_problems([])
        self.message.info(self.tr("Reading {file}…").format(file=path.name))
        session = self._context.session
        self._context.runner.start(
            lambda _progress: import_roster(session, path),
            on_done=self._imported,
            on_error=self._failed,
            on_finished=lambda: self._busy(False),
            owner=self,
        )

    def _imported(self, summary: RosterImportSummary) -> None:
        self.message.success(
            self.tr(
                "Roster imported: {added} officers added, {updated} updated; {units_added} units added, "
                "{units_updated} updated."
            ).format(
                added=summary.officers_added,
                updated=summary.officers_updated,
                units_added=summary.units_added,
                units_updated=summary.units_updated,
            )
        )
        self.show_problems(list(summary.warnings))
        self.imported.emit()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, InvalidRoster):
            # The first line is the summary; the table below shows each problem where it is.
            self.message.error(error.render(self._context.translate).splitlines()[0])
            self.show_problems(error.problems)
        else:
            self.message.error(error_text(error, self._context.translate))

    def show_problems(self, problems: list[SheetProblem]) -> None:
        """Errors first, then warnings, each by row, in one table a person can work down."""
        translate = self._context.translate
        ordered = sorted(problems, key=lambda p: (p.severity is not Severity.ERROR, p.row, p.cell))
        self.problems.setRowCount(len(ordered))
        for row, problem in enumerate(ordered):
            severity = self.tr("Error") if problem.severity is Severity.ERROR else self.tr("Warning")
            values = [
                severity,
                str(problem.row) if problem.row else "",
                problem.column,
                problem.cell,
                problem.render(translate),
            ]
            for column, value in enumerate(values):
                self.problems.setItem(row, column, QTableWidgetItem(value))
        self.problems.resizeRowsToContents()
        self.problems.setVisible(bool(ordered))

    # -- template --------------------------------------------------------------------------------------------------

    def choose_template(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Write an empty roster template"), self.tr("roster.xlsx"), self.tr("Excel workbooks (*.xlsx)")
        )
        if path:
            self.write_template(Path(path))

    def write_template(self, path: Path) -> None:
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        self._busy(True)
        self.message.info(self.tr("Writing {file}…").format(file=path.name))
        self._context.runner.start(
            lambda _progress: write_roster_template(path),
            on_done=lambda _result: self.message.success(
                self.tr("Wrote an empty roster to {path}.").format(path=str(path))
            ),
            on_error=lambda error: self._template_failed(path, error),
            on_finished=lambda: self._busy(False),
            owner=self,
        )

    def _template_failed(self, path: Path, error: BaseException) -> None:
        if isinstance(error, OSError):
            self.message.error(
                self.tr(
                    "Could not write {path} ({reason}). Check that the folder exists and can be written to."
                ).format(path=str(path), reason=error.strerror or str(error))
            )
        else:
            self.message.error(error_text(error, self._context.translate))
