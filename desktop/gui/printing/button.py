"""The "Print / save as PDF…" button of the officer's page and the head's declaration view: loads the form's data off
the GUI thread (services.printable, with its visibility rules), then saves a PDF or prints it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QPushButton, QWidget

from desktop.errors import DeclareError
from desktop.gui.errors import error_text
from desktop.gui.printing.form_document import TITLE, form_html
from desktop.gui.printing.print import print_dialog, save_pdf
from desktop.gui.worker import TaskRunner
from desktop.i18n import Translator
from desktop.services.session.session import Session
from desktop.services.workflow.printable import PrintableDeclaration, printable_declaration

# What to print: (reference, campaign id); a reference of None is the session's own declaration.
Target = Callable[[], tuple[str | None, str | None]]


class PrintButton(QPushButton):
    def __init__(
        self, session: Session, translate: Translator, runner: TaskRunner, target: Target, parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("Print / save as PDF…"), parent)
        self.setObjectName("printButton")
        self.session, self.translate, self.runner, self.target = session, translate, runner, target
        menu = QMenu(self)
        menu.addAction(self.tr("Save as PDF…"), lambda: self.start(pdf=True)).setObjectName("printSavePdf")
        menu.addAction(self.tr("Print…"), lambda: self.start(pdf=False)).setObjectName("printPrint")
        self.setMenu(menu)

    def start(self, *, pdf: bool) -> None:
        session = self.session
        reference, campaign_id = self.target()
        self.setEnabled(False)
        self.runner.start(
            lambda _progress: printable_declaration(session, reference, campaign_id),
            on_done=lambda found: self._output(found, pdf=pdf),
            on_error=self._failed,
            on_finished=lambda: self.setEnabled(True),
            owner=self,
        )

    def _output(self, found: PrintableDeclaration, *, pdf: bool) -> None:
        html = form_html(found)
        if not pdf:
            print_dialog(self.window(), html)
            return
        officer = found.declaration.officer
        suggested = str(Path.home() / f"{TITLE}-{officer.name}-{officer.police_number}.pdf")
        path, _filter = QFileDialog.getSaveFileName(
            self.window(), self.tr("Save the form as PDF"), suggested, self.tr("PDF files (*.pdf)")
        )
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        try:
            save_pdf(html, path, title=TITLE)
        except (OSError, DeclareError) as error:
            self._failed(error)

    def _failed(self, error: BaseException) -> None:
        QMessageBox.warning(self.window(), self.tr("Print / save as PDF…"), error_text(error, self.translate))
