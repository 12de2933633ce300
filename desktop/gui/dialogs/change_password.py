"""Changing one's own password: the same keys, wrapped under the new password (signatures stay valid)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop.gui.errors import error_text
from desktop.gui.widgets.message_label import MessageLabel
from desktop.gui.widgets.password_fields import PasswordFields
from desktop.gui.worker import TaskRunner
from desktop.i18n import Translator
from desktop.services.administration.accounts import change_own_password
from desktop.services.session.session import Session


class ChangePasswordDialog(QDialog):
    changed = Signal()

    def __init__(
        self, session: Session, runner: TaskRunner, translate: Translator, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("changePasswordDialog")
        self.setWindowTitle(self.tr("Change my password"))
        self._session = session
        self._runner = runner
        self._translate = translate
        self.current = QLineEdit(self)
        self.current.setObjectName("currentPasswordEdit")
        self.current.setEchoMode(QLineEdit.EchoMode.Password)
        self.new = PasswordFields(translate, lambda: session.account.login, "new", self)
        self.message = MessageLabel("changePasswordMessage", self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok = QPushButton(self.tr("Change password"), self)
        self.ok.setObjectName("changePasswordButton")
        buttons.addButton(self.ok, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.rejected.connect(self.reject)
        self.ok.clicked.connect(self._change)
        form = QFormLayout()
        form.addRow(self.tr("Current password:"), self.current)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.new)
        column.addWidget(self.message)
        column.addWidget(buttons)
        self.current.textChanged.connect(self._update)
        self.new.changed.connect(self._update)
        self._busy = False
        self._update()

    def _update(self) -> None:
        self.ok.setEnabled(not self._busy and bool(self.current.text()) and self.new.password() is not None)

    def _change(self) -> None:
        new, old = self.new.password(), self.current.text()
        if new is None or not old:
            return
        self._busy = True
        self._update()
        self.message.info(self.tr("Changing the password…"))
        session = self._session
        self._runner.start(
            lambda _progress: change_own_password(session, old, new),
            on_done=self._done,
            on_error=self._failed,
            owner=self,
        )

    def _done(self, _result: object) -> None:
        self.changed.emit()
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        self.current.clear()
        self.message.error(error_text(error, self._translate))
        self._update()
