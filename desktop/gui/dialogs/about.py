"""About this store: what services.info.describe tells (never a secret)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QWidget

from desktop import __version__
from desktop.gui.when import shown_time
from desktop.services.session.info import describe
from desktop.services.session.session import Session


class AboutDialog(QDialog):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About this store"))
        info = describe(session.store.paths, session)
        form = QFormLayout(self)
        rows = [
            (self.tr("Application version:"), __version__),
            (self.tr("Store folder:"), info.folder),
            (self.tr("Store id:"), info.store_id),
            (self.tr("Created:"), shown_time(info.created_at)),
            (self.tr("Demo store:"), self.tr("yes") if info.demo else self.tr("no")),
            (self.tr("Schema version:"), f"{info.schema_version} / {info.latest_schema_version}"),
            (self.tr("Database page size:"), self.tr("{size} bytes").format(size=info.page_size)),
            (self.tr("Accounts that can log in:"), str(info.account_slots)),
        ]
        if info.counts:
            rows.append((self.tr("Units, officers:"), f"{info.counts['units']}, {info.counts['officers']}"))
        for label, value in rows:
            field = QLabel(value, self)
            field.setWordWrap(True)
            form.addRow(label, field)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
