"""Exporting the unit's countersigned declarations as one signed workbook, optionally protected by a file password.

The workbook is written off the GUI thread; the dialog shows that it works, then what was written.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.gui.errors import error_text
from desktop.gui.qt_typing import named
from desktop.gui.widgets.grow import grow_later
from desktop.gui.widgets.message_label import MessageLabel
from desktop.gui.widgets.password_fields import PasswordFields
from desktop.gui.worker import TaskHandle, TaskRunner
from desktop.i18n import Translator
from desktop.services.session.session import Session
from desktop.services.workflow.export import ExportSummary, export_unit


class ExportDialog(QDialog):
    def __init__(
        self,
        session: Session,
        translate: Translator,
        runner: TaskRunner,
        *,
        start_folder: Path | None = None,
        today: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle(self.tr("Export the unit's declarations"))
        self.setMinimumWidth(560)
        self.session, self.translate, self.runner = session, translate, runner
        self.summary: ExportSummary | None = None
        self.task: TaskHandle | None = None
        self.campaign_id: str | None = None  # the campaign the head's page shows (None: the newest)
        unit = session.account.unit_code or ""
        name = self.tr("declarations-{unit}-{date}.xlsx").format(unit=unit, date=(today or dt.date.today()).isoformat())
        self._suggested_name = name
        folder = start_folder or Path.home()

        intro = QLabel(
            self.tr(
                "The workbook holds every countersigned declaration of the officers you countersign, "
                "signed as one batch with your key, and lists who has no countersigned declaration. "
                "Give it to the discipline inspectors."
            ),
        )
        intro.setObjectName("exportIntro")
        intro.setWordWrap(True)
        self.path = named(QLineEdit(str(folder / name)), "exportPath")
        self.choose = named(QPushButton(self.tr("Choose…")), "exportChoose")
        self.choose.clicked.connect(self.choose_path)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(self.choose)
        self.protect = QCheckBox(
            self.tr("Protect the file with a password (Excel and WPS ask for it on opening)"),
        )
        self.protect.setObjectName("exportProtect")
        self.passwords = PasswordFields(translate, lambda: session.account.login, "exportFile", self)
        self.passwords.hide()
        self.protect.toggled.connect(self.passwords.setVisible)
        self.protect.toggled.connect(lambda _on: grow_later(self))
        self.protect.toggled.connect(self._update)
        self.passwords.changed.connect(self._update)
        self.path.textChanged.connect(self._update)
        self.message = MessageLabel("exportMessage", self)
        self.progress = named(QProgressBar(), "exportProgress")
        self.progress.setRange(0, 0)
        self.progress.setFormat(self.tr("Writing the workbook…"))
        self.progress.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.start_button = buttons.addButton(self.tr("Export"), QDialogButtonBox.ButtonRole.ActionRole)
        self.start_button.setObjectName("exportStart")
        self.start_button.setDefault(True)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setObjectName("exportClose")
        self.start_button.clicked.connect(self.start)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(path_row)
        layout.addWidget(self.protect)
        layout.addWidget(self.passwords)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addWidget(buttons)
        self._update()

    def target(self) -> Path | None:
        """The workbook to write; None while the path is empty or names a folder (see path_problem)."""
        text = self.path.text().strip()
        if not text or self._names_folder(text):
            return None
        path = Path(text).expanduser()
        return path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx")

    @staticmethod
    def _names_folder(text: str) -> bool:
        # '/', '~/', 'C:\\' or an existing folder: no file name to write to (Path('/').with_name fails).
        path = Path(text).expanduser()
        return text.endswith(("/", "\\")) or not path.name or path.is_dir()

    def path_problem(self) -> str:
        """What is wrong with the path typed, in words ('' when it names a file)."""
        text = self.path.text().strip()
        if text and self._names_folder(text):
            return self.tr("{path} is a folder: add the file name, for example {name}.").format(
                path=text, name=self._suggested_name
            )
        return ""

    def choose_path(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export to"), self.path.text(), self.tr("Excel workbook (*.xlsx)")
        )
        if chosen:
            self.path.setText(chosen)

    def _ready(self) -> bool:
        if self.target() is None or self.task is not None:
            return False
        return not self.protect.isChecked() or self.passwords.password() is not None

    def _update(self) -> None:
        problem = self.path_problem()
        if problem:
            self.message.warning(problem)
        elif self.message.property("kind") == "warning":
            self.message.clear_message()
        self.start_button.setEnabled(self._ready())

    def start(self) -> None:
        target = self.target()
        if not self._ready() or target is None:
            return
        if not target.parent.is_dir():
            self.message.error(self.tr("The folder {folder} does not exist.").format(folder=str(target.parent)))
            return
        password = self.passwords.password() if self.protect.isChecked() else None
        session, campaign_id = self.session, self.campaign_id
        self.summary = None
        self.message.clear_message()
        self.progress.show()
        self.task = self.runner.start(
            lambda progress: export_unit(
                session, target, campaign_id=campaign_id, password=password, check=progress.check
            ),
            on_done=self._done,
            on_error=self._failed,
            on_finished=self._finished,
            owner=self,
        )
        self._update()

    def _done(self, summary: ExportSummary) -> None:
        self.summary = summary
        text = self.tr(
            "Exported {declarations} countersigned declarations with {interests} business interests to "
            "{file}. {missing} officers without a countersigned declaration are listed as not "
            "registered."
        ).format(
            declarations=summary.declarations,
            interests=summary.interests,
            file=str(summary.path),
            missing=summary.missing,
        )
        text += " " + (
            self.tr("The file is protected by its password.")
            if summary.encrypted
            else self.tr("The file has no password.")
        )
        text += " " + self.tr("SHA-256: {digest}").format(digest=summary.sha256)
        self.message.success(text)
        self.passwords.clear()

    def _failed(self, error: BaseException) -> None:
        self.message.error(error_text(error, self.translate))

    def _finished(self) -> None:
        self.task = None
        self.progress.hide()
        self._update()

    def reject(self) -> None:
        if self.task is None:  # a workbook being written is finished first (it is written atomically)
            self.passwords.clear()
            super().reject()
