"""What each imported file gave: imported (how many declarations, how many not valid), already imported, refused
with every problem located by sheet, row and cell, waiting for its password, or not imported after a cancel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from desktop.errors import DeclareError
from desktop.gui.errors import error_text
from desktop.gui.inspector.import_batch import FileReport
from desktop.i18n import Translator
from desktop.services.errors import ImportWorkersStopped, InvalidWorkbook
from desktop.services.inspection.workbook_import import ImportResult

OUTCOME_ROLE = Qt.ItemDataRole.UserRole
MAX_PROBLEMS = 200  # shown per refused file; the count says how many there are
COLOURS = {
    "imported": "#1b6e2a",
    "flagged": "#b3261e",
    "already": "#3a4550",
    "refused": "#b3261e",
    "password": "#8a5a00",
    "cancelled": "#5c6670",
}


class ImportReport(QTreeWidget):
    """One top-level item per file; its ``OUTCOME_ROLE`` data is imported, flagged (imported, some declarations
    not valid), already, refused, password or cancelled."""

    def __init__(self, translate: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importReport")
        self.translate = translate
        self.setColumnCount(2)
        self.setHeaderLabels([self.tr("File"), self.tr("Result")])
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.header().setStretchLastSection(True)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self._items: dict[Path, QTreeWidgetItem] = {}

    def start_over(self) -> None:
        self.clear()
        self._items.clear()

    def outcome(self, path: Path) -> str | None:
        item = self._items.get(path)
        return None if item is None else item.data(0, OUTCOME_ROLE)

    def outcomes(self) -> dict[str, str]:
        """File name → outcome, for every file reported."""
        return {path.name: item.data(0, OUTCOME_ROLE) for path, item in self._items.items()}

    def _item(self, path: Path) -> QTreeWidgetItem:
        item = self._items.get(path)
        if item is None:
            item = QTreeWidgetItem(self, [path.name, ""])
            item.setToolTip(0, str(path))
            self._items[path] = item
        item.takeChildren()
        return item

    def _set(self, item: QTreeWidgetItem, outcome: str, text: str) -> None:
        item.setData(0, OUTCOME_ROLE, outcome)
        item.setText(1, text)
        item.setForeground(1, QBrush(QColor(COLOURS[outcome])))
        self.scrollToItem(item)

    def add(self, report: FileReport) -> None:
        item = self._item(report.path)
        if report.result is not None:
            self._imported(item, report)
        elif isinstance(report.error, InvalidWorkbook):
            problems = report.error.workbook_problems
            self._set(
                item, "refused", self.tr("Refused: nothing was imported; %n problem(s) found.", "", len(problems))
            )
            for problem in problems[:MAX_PROBLEMS]:
                QTreeWidgetItem(item, ["", problem.describe(self.translate)])
            if len(problems) > MAX_PROBLEMS:
                QTreeWidgetItem(item, ["", self.tr("… and %n more.", "", len(problems) - MAX_PROBLEMS)])
            item.setExpanded(True)
        elif isinstance(report.error, ImportWorkersStopped):  # one sentence: nothing imported, and what to do
            self._set(item, "refused", error_text(report.error, self.translate))
        elif report.needs_password and getattr(report.error, "code", "") == "wrong_password":
            self._set(item, "password", error_text(report.error, self.translate))  # type: ignore[arg-type]
        elif report.needs_password:  # the core's message names the command line's ways to give a password
            self._set(item, "password", self.tr("Protected by a password: its file password is asked for."))
        else:
            error = report.error or RuntimeError("no result")
            prefix = self.tr("Refused: nothing was imported.") if isinstance(error, DeclareError) else ""
            self._set(item, "refused", f"{prefix} {error_text(error, self.translate)}".strip())

    def _imported(self, item: QTreeWidgetItem, report: FileReport) -> None:
        result = report.result
        assert result is not None
        if result.already_imported:
            self._set(
                item,
                "already",
                self.tr("Already imported: this workbook's content is in the store; nothing was changed."),
            )
            return
        # The outcome says whether the file's signatures verify; a batch signer that does not vouch for it (the
        # exporter_untrusted rule) is said on its own line, shown open, as the command line's import says it.
        flagged = result.invalid > 0 or not result.workbook_valid
        self._set(
            item,
            "flagged" if flagged else "imported",
            self.tr("Imported {count} declarations: {valid} valid, {invalid} not valid.").format(
                count=result.declarations, valid=result.valid, invalid=result.invalid
            ),
        )
        if not result.workbook_valid:
            QTreeWidgetItem(
                item,
                [
                    "",
                    self.tr(
                        "The workbook does not verify (its batch signature, cover, keys or a "
                        "column shown for people): something was changed after export."
                    ),
                ],
            )
        if not result.exporter_vouches:
            signer = QTreeWidgetItem(item, ["", self._batch_signer_text(result)])
            signer.setData(0, OUTCOME_ROLE, "untrusted_signer")
            signer.setForeground(1, QBrush(QColor(COLOURS["password"])))
        if result.duplicates:
            QTreeWidgetItem(
                item,
                [
                    "",
                    self.tr(
                        "%n declaration(s) had already been imported from another workbook.", "", len(result.duplicates)
                    ),
                ],
            )
        item.setExpanded(flagged or bool(result.duplicates) or not result.exporter_vouches)

    def _batch_signer_text(self, result: ImportResult) -> str:
        if result.exporter_trusted:
            return self.tr(
                "It was exported with the trusted key {key} of a head of another unit, which is neither this "
                "workbook's unit nor a unit above it: every declaration from it is flagged."
            ).format(key=result.exporter_fingerprint)
        return self.tr(
            "It was exported with the key {key}, which no inspector has confirmed as trusted: a declaration could "
            "have been left out or replaced by an older version. Every declaration from it is flagged until that key "
            "is trusted."
        ).format(key=result.exporter_fingerprint or "?")

    def add_without_password(self, path: Path) -> None:
        self._set(
            self._item(path),
            "password",
            self.tr(
                "Not imported: no file password was given for this protected workbook. Import it again to enter it."
            ),
        )

    def add_cancelled(self, paths: list[Path]) -> None:
        for path in paths:
            self._set(
                self._item(path), "cancelled", self.tr("Not imported: the import was cancelled before this file.")
            )
