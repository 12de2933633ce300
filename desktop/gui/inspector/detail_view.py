"""One imported declaration for the inspectors: the state of each signature (the officer's, the unit head's
countersignature, the workbook's batch signature) with the reasons, where it came from, and the whole content."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from desktop.exchange.problems import MORE_CODE, more_problems
from desktop.gui.errors import error_text
from desktop.gui.head import labels
from desktop.gui.head.declaration_html import STYLE, DeclarationHtml, cell, grid, heading
from desktop.gui.inspector import verdicts
from desktop.gui.qt_typing import named
from desktop.gui.when import shown_time
from desktop.gui.worker import TaskRunner
from desktop.i18n import Translator
from desktop.services.inspection.views import ImportedDeclaration, imported_declaration
from desktop.services.session.session import Session


class InspectorDetail(QDialog):
    def __init__(
        self, session: Session, translate: Translator, runner: TaskRunner, row_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("inspectorDetail")
        self.setWindowTitle(self.tr("Imported declaration"))
        self.resize(900, 760)
        self.translate = translate
        self.detail: ImportedDeclaration | None = None
        self.status = named(QLabel(self.tr("Loading…")), "detailStatus")
        self.status.setWordWrap(True)
        self.text = named(QTextBrowser(), "detailText")
        self.text.setOpenLinks(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        runner.start(
            lambda _progress: imported_declaration(session, row_id),
            on_done=self._show,
            on_error=lambda error: self.status.setText(error_text(error, translate)),
            owner=self,
        )

    def signature_states(self, detail: ImportedDeclaration) -> dict[str, list[str]]:
        """For the officer's signature, the countersignature and the batch (the workbook's batch signature, cover,
        keys and the columns shown for people): [] when valid, else the reasons."""
        failures = detail.row.failures
        return {
            "officer": [verdicts.failure_text(c, self.translate) for c in failures if c.startswith("officer.")],
            "countersignature": [
                verdicts.failure_text(c, self.translate) for c in failures if c.startswith("countersignature.")
            ],
            "batch": [
                more_problems(p.count).describe(self.translate)
                if p.code == MORE_CODE  # a capped list's last problem: how many more were not listed (decision 152)
                else self._located(p.sheet, p.row, verdicts.workbook_problem_text(p.code))
                for p in detail.workbook_problems
            ]
            or ([] if detail.workbook_valid else [self.tr("not valid")]),
        }

    def _located(self, sheet: str, row: int, text: str) -> str:
        if row:
            return self.tr("{sheet}, row {row}: {message}").format(sheet=sheet, row=row, message=text)
        return f"{sheet}: {text}" if sheet else text

    def _show(self, detail: ImportedDeclaration) -> None:
        self.detail = detail
        row = detail.row
        self.setWindowTitle(self.tr("Imported declaration of {name}").format(name=row.name))
        self.status.setText(verdicts.state_text(row.state))
        self.status.setStyleSheet(f"color: {verdicts.STATE_COLOUR[row.state]}; font-weight: bold;")
        self.text.setHtml(self.render_html(detail))

    def render_html(self, detail: ImportedDeclaration) -> str:
        states = self.signature_states(detail)
        rows = []
        for key, title, facts in (
            (
                "officer",
                self.tr("Officer's signature"),
                self.tr("signed {time} with key {key}").format(
                    time=shown_time(detail.row.signed_at), key=detail.signer_fingerprint
                ),
            ),
            (
                "countersignature",
                self.tr("Countersignature"),
                self.tr("{name}, {time}, key {key}; opinion: {opinion}").format(
                    name=detail.countersigner_name or "—",
                    time=shown_time(detail.row.countersigned_at),
                    key=detail.countersigner_fingerprint or "—",
                    opinion=detail.opinion or "—",
                ),
            ),
            (
                "batch",
                self.tr("Batch signature and workbook"),
                self.tr("exported by {name} {time}, key {key}").format(
                    name=detail.exporter_name,
                    time=shown_time(detail.exported_at),
                    key=detail.exporter_fingerprint,
                ),
            ),
        ):
            reasons = states[key]
            verdict = (
                cell(self.tr("valid"), kind="good")
                if not reasons
                else "<br>".join(cell(reason, kind="alert") for reason in reasons)
            )
            rows.append(f"<tr><th>{escape(title)}</th><td>{verdict}</td><td>{cell(facts, kind='muted')}</td></tr>")
        signatures = heading(self.tr("Signatures")) + "<table class='grid' width='100%'>" + "".join(rows) + "</table>"
        source = [
            (self.tr("Workbook"), cell(detail.row.file_name)),
            (self.tr("Row on the sheet"), cell(detail.sheet_row)),
            (
                self.tr("Imported"),
                cell(
                    self.tr("{time} by {login}").format(time=shown_time(detail.imported_at), login=detail.imported_by)
                ),
            ),
            (
                self.tr("Declaration"),
                cell(self.tr("{id}, version {version}").format(id=detail.row.declaration_id, version=detail.version)),
            ),
        ]
        if detail.also_in:
            source.append((self.tr("Also imported from"), cell("、".join(detail.also_in), kind="alert")))
        late = ""
        if detail.row.late:
            late = f"<p>{cell(labels.tr(labels.RISK_BY_KEY['late'].explanation), kind='alert')}</p>"
        content = DeclarationHtml(self.translate, self).render(detail.declaration)
        return STYLE + signatures + late + heading(self.tr("Source")) + grid(source) + content
