"""Backup: a consistent, still encrypted copy of the store (database and key file) into a chosen folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from desktop.gui.errors import error_text
from desktop.gui.pages import PageContext
from desktop.gui.widgets.message_label import MessageLabel
from desktop.gui.worker import Progress
from desktop.services.administration.backup import Backup, backup_store


class BackupTab(QWidget):
    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backupTab")
        self._context = context
        explanation = QLabel(
            self.tr(
                "A backup is a folder with a copy of the encrypted database and of its key file, taken "
                "consistently while "
                "the store is in use. It stays encrypted: the same passwords and the recovery key open it. "
                "Keep backups "
                "on a separate medium, locked away. To restore, copy the backup's two files into an empty folder and "
                "open it (see docs/backup.md)."
            ),
            self,
        )
        explanation.setWordWrap(True)
        self.button = QPushButton(self.tr("Back up to a folder…"), self)
        self.button.setObjectName("backupButton")
        self.button.clicked.connect(self.choose_folder)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("backupProgress")
        self.progress.hide()
        self.message = MessageLabel("backupMessage", self)
        row = QHBoxLayout()
        row.addWidget(self.button)
        row.addStretch()
        column = QVBoxLayout(self)
        column.addWidget(explanation)
        column.addLayout(row)
        column.addWidget(self.progress)
        column.addWidget(self.message)
        column.addStretch()

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose the folder for the backup"))
        if folder:
            self.back_up(Path(folder))

    def back_up(self, destination: Path) -> None:
        self.button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.message.info(self.tr("Backing up…"))
        session = self._context.session

        def work(progress: Progress) -> Backup:
            return backup_store(session, destination, progress=lambda done, total: progress(done, total))

        self._context.runner.start(
            work,
            on_progress=self._progress,
            on_done=self._done,
            on_error=self._failed,
            on_finished=self._finished,
            owner=self,
        )

    def _progress(self, done: int, total: int, _text: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _done(self, backup: Backup) -> None:
        megabytes = (backup.database_bytes + backup.key_file_bytes) / 1_000_000
        self.message.success(
            self.tr("Backed up into {folder} ({size:.1f} MB).").format(folder=str(backup.folder), size=megabytes)
        )

    def _failed(self, error: BaseException) -> None:
        self.message.error(error_text(error, self._context.translate))

    def _finished(self) -> None:
        self.button.setEnabled(True)
        self.progress.hide()
