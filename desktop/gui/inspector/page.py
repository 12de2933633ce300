"""The discipline inspectors' page: import many units' workbooks (file dialog or drag and drop), with progress per
file, Cancel between files and a report per file; the table of every imported declaration with its verification
state, filtered and sorted in the model; the detail of one declaration. Store access runs off the GUI thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLocale, QMimeData, QModelIndex, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.exchange.xlsx.protection import needs_password
from desktop.gui.errors import error_text
from desktop.gui.inspector import verdicts
from desktop.gui.inspector.detail_view import InspectorDetail
from desktop.gui.inspector.findings.tab import FindingsTab
from desktop.gui.inspector.import_batch import FileReport, ImportBatch, ImportStatus, workbook_paths
from desktop.gui.inspector.import_report import ImportReport
from desktop.gui.inspector.registers_tab import RegistersTab
from desktop.gui.inspector.table_data import TableData, build_table
from desktop.gui.inspector.table_model import ROW_ID_ROLE, DeclarationTableModel
from desktop.gui.inspector.table_view import declaration_table
from desktop.gui.qt_typing import named
from desktop.gui.widgets.message_label import MessageLabel
from desktop.gui.widgets.scrolled import scrolled
from desktop.gui.worker import TaskRunner
from desktop.i18n import Translator, normalise_language
from desktop.services.inspection.views import RowState, imported_rows
from desktop.services.session.session import Session

NOT_VALID = frozenset(set(RowState) - {RowState.VALID})
# The import progress bar's range: a batch's share done, in thousandths.
PROGRESS_STEPS = 1000


def _load(session: Session) -> TableData:
    return build_table(imported_rows(session))


def dropped_workbooks(mime: QMimeData) -> list[Path]:
    return workbook_paths([Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()])


class InspectorPage(QWidget):
    """``InspectorPage(context)`` as the shell creates it (desktop.gui.pages.PageContext), or
    ``InspectorPage(session)``."""

    def __init__(self, context: object, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspectorPage")
        if isinstance(context, Session):
            self.session, self.runner = context, TaskRunner(self)
            self.translate = Translator(normalise_language(QLocale().name()))
        else:
            self.session = context.session  # type: ignore[attr-defined]  # a PageContext here
            self.translate = context.translate  # type: ignore[attr-defined]  # a PageContext here
            self.runner = context.runner  # type: ignore[attr-defined]  # a PageContext here
        self._loads = 0  # loads under way (a reload may start before the previous one ends)
        self._generation = 0  # only the newest load is shown
        self.flagged = 0
        self.detail: InspectorDetail | None = None
        self._pending: list[Path] = []
        self._locked: list[Path] = []  # a wrong file password: asked again when the batch ends
        self._passwords: dict[Path, str] = {}  # the file passwords given for this import, forgotten at the next
        self._without_password: list[Path] = []  # protected files whose password was not given
        self.setAcceptDrops(True)

        self.batch = ImportBatch(self.session, self.runner, self)
        self.batch.file_done.connect(self._file_done, Qt.ConnectionType.QueuedConnection)
        self.batch.status_changed.connect(self._status, Qt.ConnectionType.QueuedConnection)
        self.import_button = named(QPushButton(self.tr("Import workbooks…")), "importButton")
        self.import_button.clicked.connect(self.choose_files)
        self.cancel_button = named(QPushButton(self.tr("Cancel")), "cancelImportButton")
        self.cancel_button.setToolTip(
            self.tr("Stop the import: the file being imported is not kept; the files imported before it are.")
        )
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel_import)
        self.progress = named(QProgressBar(), "importProgress")
        self.progress.hide()
        hint = named(QLabel(self.tr("or drop .xlsx workbooks onto this page")), "dropHint")
        hint.setStyleSheet("color: #5c6670;")
        bar = QHBoxLayout()
        bar.addWidget(self.import_button)
        bar.addWidget(hint)
        bar.addWidget(self.progress, 1)
        bar.addWidget(self.cancel_button)
        self.message = MessageLabel("inspectorMessage", self)
        self.report = ImportReport(self.translate, self)

        self.model = DeclarationTableModel(self.translate, self)
        self.filter_edit = named(QLineEdit(), "filterEdit")
        self.filter_edit.setPlaceholderText(self.tr("Search: police number, name, unit, workbook…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.state_filter = named(QComboBox(), "stateFilter")
        self.state_filter.addItem(self.tr("Every state"), None)
        self.state_filter.addItem(self.tr("Not valid"), NOT_VALID)
        for state in (RowState.VALID, RowState.OFFICER, RowState.COUNTERSIGNATURE, RowState.BATCH):
            self.state_filter.addItem(verdicts.state_text(state), frozenset({state}))
        self.count_label = named(QLabel(), "countLabel")
        self.filter_edit.textChanged.connect(self.apply_filter)
        self.state_filter.currentIndexChanged.connect(self.apply_filter)
        filters = QHBoxLayout()
        filters.addWidget(self.filter_edit, 1)
        filters.addWidget(self.state_filter)
        filters.addWidget(self.count_label)
        self.table = declaration_table(self.model)
        self.table.doubleClicked.connect(self.open_detail)
        self.table.activated.connect(self.open_detail)

        table_box = QWidget(self)
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addLayout(filters)
        table_layout.addWidget(self.table, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(scrolled(self.report))
        splitter.addWidget(table_box)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([180, 460])
        verification = QWidget(self)
        verification_layout = QVBoxLayout(verification)
        verification_layout.addLayout(bar)
        verification_layout.addWidget(self.message)
        verification_layout.addWidget(splitter, 1)
        self.findings = FindingsTab(self.session, self.translate, self.runner, self)
        self.tabs = named(QTabWidget(self), "inspectorTabs")
        self.tabs.addTab(verification, self.tr("Imported declarations"))
        self.tabs.addTab(self.findings, self.tr("Findings"))
        self.registers = RegistersTab(self.session, self.translate, self.runner, self)
        self.registers.changed.connect(self.findings.reload)
        self.tabs.addTab(self.registers, self.tr("Registers"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.reload()

    # -- the table ---------------------------------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        return self._loads > 0

    def reload(self) -> None:
        self._loads += 1
        self._generation += 1
        generation, session = self._generation, self.session
        self.runner.start(
            lambda _progress: _load(session),
            on_done=lambda data: self._loaded(data, generation),
            on_error=lambda error: self.message.error(error_text(error, self.translate)),
            on_finished=self._load_finished,
            owner=self,
        )

    def _loaded(self, data: TableData, generation: int) -> None:
        if generation != self._generation:
            return
        selected = self.selected_row_id()
        self.model.set_table(data)
        self.flagged = sum(state is not RowState.VALID for state in data.states)
        self._after_reset(selected)

    def _load_finished(self) -> None:
        self._loads -= 1

    def apply_filter(self) -> None:
        selected = self.selected_row_id()
        self.model.set_filter(self.filter_edit.text(), self.state_filter.currentData())
        self._after_reset(selected)

    def _after_reset(self, selected: int | None) -> None:
        if selected is not None and (row := self.model.visible_row_of(selected)) >= 0:
            self.table.selectRow(row)
        total = self.model.total
        self.count_label.setText(
            self.tr("{shown} of {total} declarations shown; {flagged} not valid").format(
                shown=self.model.rowCount(), total=total, flagged=self.flagged
            )
        )

    def selected_row_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(ROW_ID_ROLE) if rows else None

    def open_detail(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        if self.detail is not None:
            self.detail.close()
        detail = InspectorDetail(self.session, self.translate, self.runner, index.data(ROW_ID_ROLE), self)
        detail.finished.connect(lambda _result: self._detail_closed(detail))
        self.detail = detail
        detail.open()

    def _detail_closed(self, detail: InspectorDetail) -> None:
        if self.detail is detail:
            self.detail = None
        detail.deleteLater()

    # -- importing ---------------------------------------------------------------------------------------------

    def choose_files(self) -> None:
        files, _filter = QFileDialog.getOpenFileNames(
            self, self.tr("Import workbooks"), str(Path.home()), self.tr("Excel workbooks (*.xlsx)")
        )
        if files:
            self.start_import([Path(name) for name in files])

    def start_import(self, paths: list[Path]) -> bool:
        """Import the .xlsx files among ``paths``; False if there is none or an import is running. The password of
        each protected file is asked first, file by file, so that the count at the end counts what was imported."""
        if self.batch.running:
            self.message.warning(self.tr("An import is running: wait for it to end, or cancel it."))
            return False
        workbooks = workbook_paths(paths)
        if not workbooks:
            self.message.warning(self.tr("No .xlsx workbook among the files given."))
            return False
        self.report.start_over()
        self._passwords, self._without_password = {}, []
        self._import_with_passwords(workbooks, [path for path in workbooks if needs_password(path)], wrong=False)
        return True

    def _import_with_passwords(self, workbooks: list[Path], locked: list[Path], *, wrong: bool) -> None:
        """Ask the file password of each of ``locked`` (Cancel skips that file), then import ``workbooks``."""
        for path in locked:
            password = self.ask_password(path, wrong=wrong)
            if password is None:
                self._without_password.append(path)
                self.report.add_without_password(path)
            else:
                self._passwords[path] = password
        workbooks = [path for path in workbooks if path not in self._without_password]
        if not workbooks:
            self._report_finished()
            return
        self._pending, self._locked = list(workbooks), []
        self.message.info(self.tr("Importing %n workbook(s)…", "", len(workbooks)))
        self.progress.setRange(0, 0)
        self.progress.show()
        self.import_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.batch.start(workbooks, passwords=self._passwords, on_finished=self._batch_finished)

    def cancel_import(self) -> None:
        self.batch.cancel()
        self.cancel_button.setEnabled(False)
        self.message.info(self.tr("Cancelling: the file being imported is not kept."))

    def _status(self, status: ImportStatus) -> None:
        """The batch's progress (in the GUI thread: the batch's signal is queued here)."""
        if not self.batch.running:
            return  # a last status queued before the batch ended
        text = self.tr("File {number} of {count}: {name}").format(
            number=status.number, count=status.count, name=status.name
        )
        if status.declarations:
            text = self.tr("File {number} of {count}: {name}, {checked} of {declarations} declarations checked").format(
                number=status.number,
                count=status.count,
                name=status.name,
                checked=status.checked,
                declarations=status.declarations,
            )
        self.progress.setFormat(text)
        self.progress.setRange(0, PROGRESS_STEPS)
        self.progress.setValue(round(status.done * PROGRESS_STEPS))

    def _file_done(self, report: FileReport) -> None:
        self.report.add(report)
        if report.path in self._pending:
            self._pending.remove(report.path)
        if report.needs_password:
            self._locked.append(report.path)

    def _batch_finished(self) -> None:
        cancelled = list(self._pending)
        self.progress.hide()
        self.import_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.reload()
        self.findings.mark_stale()
        if cancelled:
            self.report.add_cancelled(cancelled)
            self.message.warning(self.tr("Import cancelled: %n file(s) were not imported.", "", len(cancelled)))
            self._passwords = {}
        elif self._locked:  # a wrong password (or one the first look missed): asked again for those files alone
            locked = list(self._locked)
            self._import_with_passwords(locked, locked, wrong=True)
        else:
            self._report_finished()

    def _report_finished(self) -> None:
        self._passwords = {}  # no file password is kept after its import
        outcomes = list(self.report.outcomes().values())
        text = self.tr("Import finished: {imported} imported, {already} already imported, {refused} refused.").format(
            imported=outcomes.count("imported") + outcomes.count("flagged"),
            already=outcomes.count("already"),
            refused=outcomes.count("refused"),
        )
        skipped = outcomes.count("password")
        if skipped:
            text += " " + self.tr("%n not imported without its password.", "", skipped)
        self.message.success(text)

    def ask_password(self, path: Path, *, wrong: bool = False) -> str | None:
        """The file password of one protected workbook, named; None when the person cancels."""
        if wrong:
            label = self.tr(
                "The file password for {file} was wrong. Enter it again (Cancel: this file is not imported):"
            )
        else:
            label = self.tr(
                "The workbook {file} is protected by a password. Enter its file password "
                "(Cancel: this file is not imported):"
            )
        password, ok = QInputDialog.getText(
            self, self.tr("File password"), label.format(file=path.name), QLineEdit.EchoMode.Password
        )
        return password if ok and password else None

    # -- drag and drop -----------------------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_workbooks(event.mimeData()) and not self.batch.running:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self.dragEnterEvent(event)  # type: ignore[arg-type]  # reads only what a move has too

    def dropEvent(self, event: QDropEvent) -> None:
        paths = dropped_workbooks(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.start_import(paths)
