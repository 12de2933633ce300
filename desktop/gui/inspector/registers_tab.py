"""The inspectors' registers tab (比对核查): the imported register extracts with their dates and counts, importing one
(.xlsx or .csv, off the window's thread, with a progress bar and Cancel: a cancelled import stores nothing) and
removing one. The findings tab shows what matching them finds."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.times import person_time
from desktop.errors import DeclareError
from desktop.exchange.registers.columns import KIND_LABELS, RegisterKind
from desktop.gui.errors import error_text
from desktop.gui.inspector.registers_mapping import MappingDialog
from desktop.gui.qt_typing import QT_TRANSLATE_NOOP, named
from desktop.gui.widgets.message_label import MessageLabel
from desktop.gui.worker import Progress, TaskHandle, TaskRunner
from desktop.i18n import Translator
from desktop.services.inspection.registers import (
    RegisterExtract,
    extract_headings,
    import_register,
    list_registers,
    remembered_mappings,
    remove_register,
)
from desktop.services.session.session import Session

KIND_TEXT = (
    (RegisterKind.ENTERPRISE.value, QT_TRANSLATE_NOOP("RegistersTab", "Enterprise register")),
    (RegisterKind.LICENCE.value, QT_TRANSLATE_NOOP("RegistersTab", "Special-trade licences")),
    (RegisterKind.OTHER.value, QT_TRANSLATE_NOOP("RegistersTab", "Other list (column mapping)")),
)
EXTRACT_ROLE = Qt.ItemDataRole.UserRole + 1
PROGRESS_STEPS = 1000  # the part of the file read, in thousandths


class RegistersTab(QWidget):
    """``changed`` after an import or a removal: the findings depend on the registers."""

    changed = Signal()

    def __init__(
        self, session: Session, translate: Translator, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("registersTab")
        self.session, self.translate, self.runner = session, translate, runner
        self.busy = False
        self.importing: TaskHandle | None = None
        self.extracts: list[RegisterExtract] = []
        self.kind = named(QComboBox(), "registerKind")
        for kind, text in KIND_TEXT:
            self.kind.addItem(self.tr(text), kind)
        self.mapping = named(QComboBox(), "registerMapping")
        self.mapping.setToolTip(self.tr("A column mapping the store remembers, for a list whose headings differ"))
        self.label_edit = named(QLineEdit(), "registerLabel")
        self.label_edit.setPlaceholderText(self.tr("What to call it: department and date of the extract"))
        self.import_button = named(QPushButton(self.tr("Import register…")), "importRegisterButton")
        self.import_button.clicked.connect(self.choose_file)
        self.remove_button = named(QPushButton(self.tr("Remove")), "removeRegisterButton")
        self.remove_button.clicked.connect(self.remove_selected)
        bar = QHBoxLayout()
        bar.addWidget(self.kind)
        bar.addWidget(self.mapping)
        bar.addWidget(self.label_edit, 1)
        bar.addWidget(self.import_button)
        bar.addWidget(self.remove_button)
        self.progress = named(QProgressBar(), "registerImportProgress")
        self.progress.setRange(0, PROGRESS_STEPS)
        self.progress.hide()
        self.cancel_button = named(QPushButton(self.tr("Cancel")), "cancelRegisterImportButton")
        self.cancel_button.setToolTip(self.tr("Stop the import: nothing of this file is kept."))
        self.cancel_button.clicked.connect(self.cancel_import)
        self.cancel_button.hide()
        running = QHBoxLayout()
        running.addWidget(self.progress, 1)
        running.addWidget(self.cancel_button)
        self.message = MessageLabel("registersMessage", self)
        self.table = named(QTableWidget(0, 9), "registersTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Kind"), self.tr("File"), self.tr("Name"), self.tr("Imported"), self.tr("By"), self.tr("Rows"),
             self.tr("Enterprises"), self.tr("People"), self.tr("Encoding, SHA-256")]
        )  # fmt: skip
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        hint = named(
            QLabel(self.tr("Registers are matched at the next review; findings name the register rows.")),
            "registersHint",
        )
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(running)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        self.reload()

    # -- the list ---------------------------------------------------------------------------------------------

    def reload(self) -> None:
        self._run(lambda _p: (list_registers(self.session), remembered_mappings(self.session)), self._loaded)

    def _loaded(self, result: tuple[list[RegisterExtract], list[tuple[str, str]]]) -> None:
        self.extracts, mappings = result
        chosen = self.mapping.currentData()
        self.mapping.clear()
        self.mapping.addItem(self.tr("Usual headings"), None)
        for name, _kind in mappings:
            self.mapping.addItem(name, name)
        if chosen is not None:
            self.mapping.setCurrentIndex(max(0, self.mapping.findData(chosen)))
        self.table.setRowCount(len(self.extracts))
        language = self.translate.language
        for row, e in enumerate(self.extracts):
            values = [self.translate(KIND_LABELS.get(e.kind, e.kind)), e.source, e.label,
                      person_time(e.imported_at, language=language), e.imported_by, e.rows, e.enterprises, e.people,
                      f"{e.encoding}, {e.file_sha256[:16]}…"]  # fmt: skip
            items = []
            for column, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                if isinstance(value, int):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setData(EXTRACT_ROLE, e.id)
                self.table.setItem(row, column, item)
                items.append(item)
            items[8].setToolTip(e.file_sha256)
            if e.skipped:
                items[5].setToolTip(self.tr("%n bad row(s) left out", "", e.skipped))

    # -- importing and removing -------------------------------------------------------------------------------

    def choose_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Import a register extract"), "", self.tr("Register extracts (*.xlsx *.csv)")
        )
        if name:
            self.start_import(Path(name))

    def start_import(self, path: Path) -> bool:
        """Import ``path`` as the chosen kind (asking for a column mapping where one is needed); False when busy
        or given up."""
        if self.busy:
            self.message.warning(self.tr("Wait for the register being imported or removed."))
            return False
        kind = self.kind.currentData()
        mapping_name = self.mapping.currentData()
        mapping: dict[str, str] | None = None
        if kind == RegisterKind.OTHER.value and mapping_name is None:
            asked = self.ask_mapping(path)
            if asked is None:
                return False
            mapping, mapping_name = asked
        label = self.label_edit.text()
        self.message.info(self.tr("Importing {file}…").format(file=path.name))

        def work(progress: Progress) -> RegisterExtract:
            # Each batch stored reports here; a cancellation raises Cancelled out of the import, which then keeps
            # nothing (its transaction is rolled back and the reading process stopped).
            return import_register(
                self.session, path, kind, label=label, mapping=mapping, mapping_name=mapping_name,
                progress=lambda rows, done: progress(round(done * PROGRESS_STEPS), PROGRESS_STEPS, str(rows)),
            )  # fmt: skip

        self.progress.setValue(0)
        self.progress.setFormat(self.tr("Reading {file}…").format(file=path.name))
        self.progress.show()
        self.cancel_button.setEnabled(True)
        self.cancel_button.show()
        self.importing = self._run(work, self._imported, on_progress=self._progress, on_finished=self._import_ended)
        return True

    def _progress(self, done: int, total: int, rows: str) -> None:
        self.progress.setValue(done)
        self.progress.setFormat(self.tr("%p% — {rows} rows stored").format(rows=rows))

    def cancel_import(self) -> None:
        """Stop the running import; it stores nothing."""
        if self.importing is not None:
            self.importing.cancel()
            self.cancel_button.setEnabled(False)

    def _import_ended(self) -> None:
        task, self.importing = self.importing, None
        self.progress.hide()
        self.cancel_button.hide()
        if task is not None and task.cancelled:
            self.message.warning(self.tr("Import cancelled: nothing of the file was kept."))

    def ask_mapping(self, path: Path) -> tuple[dict[str, str], str | None] | None:
        """The mapping for a list of kind "other", set in a dialog from the file's headings; None if given up."""
        try:
            headings = extract_headings(path)
        except DeclareError as exc:  # a file that cannot be read: said as for an import
            self.message.error(error_text(exc, self.translate))
            return None
        dialog = MappingDialog(headings, self)
        if dialog.exec() != MappingDialog.DialogCode.Accepted or not dialog.mapping():
            return None
        return dialog.mapping(), dialog.name() or None

    def _imported(self, extract: RegisterExtract) -> None:
        self.message.success(
            self.tr("Imported {file} ({encoding}): {rows} rows, {people} people.").format(
                file=extract.source, encoding=extract.encoding, rows=extract.rows, people=extract.people
            )
        )
        self.label_edit.clear()
        self.changed.emit()
        self.reload()

    def selected(self) -> RegisterExtract | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        extract_id = item.data(EXTRACT_ROLE) if item is not None else None
        return next((e for e in self.extracts if e.id == extract_id), None)

    def remove_selected(self) -> None:
        extract = self.selected()
        if extract is None:
            self.message.warning(self.tr("Choose the register to remove."))
            return
        answer = QMessageBox.question(
            self,
            self.tr("Remove register"),
            self.tr("Remove {file} ({rows} rows) from the store? Its findings go at the next review.").format(
                file=extract.source, rows=extract.rows
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._run(lambda _p: remove_register(self.session, extract.id), self._removed)

    def _removed(self, extract: RegisterExtract) -> None:
        self.message.success(self.tr("Removed {file}.").format(file=extract.source))
        self.changed.emit()
        self.reload()

    def _run(
        self,
        work: Callable[[Progress], Any],
        done: Callable[[Any], None],
        *,
        on_progress: Callable[[int, int, str], None] | None = None,
        on_finished: Callable[[], None] | None = None,
    ) -> TaskHandle:
        self.busy = True
        for button in (self.import_button, self.remove_button):
            button.setEnabled(False)

        def finished() -> None:
            self._finished()
            if on_finished is not None:
                on_finished()

        return self.runner.start(
            work,
            on_done=done,
            on_error=lambda exc: self.message.error(error_text(exc, self.translate)),
            on_progress=on_progress,
            on_finished=finished,
            owner=self,
        )

    def _finished(self) -> None:
        self.busy = False
        for button in (self.import_button, self.remove_button):
            button.setEnabled(True)
