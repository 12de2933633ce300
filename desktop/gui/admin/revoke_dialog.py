"""Disabling an account, with or without a new data key ("revoke and rotate"), and the new recovery key shown once."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop.gui.admin.account_dialogs import _AccountWorkDialog
from desktop.gui.pages import PageContext
from desktop.gui.widgets.message_label import MessageLabel
from desktop.services.administration.revocation import Rotation, disable_account, revoke_and_rotate


class DisableAccountDialog(_AccountWorkDialog):
    """Emits ``completed(Rotation | None)``: the rotation when the data key was replaced too."""

    def __init__(self, context: PageContext, login: str, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("disableAccountDialog")
        self.setWindowTitle(self.tr("Disable {login}").format(login=login))
        self._login = login
        warning = MessageLabel("disableWarning", self)
        warning.warning(
            self.tr(
                "{login} will no longer be able to log in or sign: the account's key slot is removed. Signatures "
                "made before stay valid. Someone who copied the key file earlier could still open the store with "
                "the old password, unless the database also gets a new data key."
            ).format(login=login)
        )
        self.rotate = QCheckBox(
            self.tr("Also give the database a new data key (revoke and rotate; other windows must be closed)"), self
        )
        self.rotate.setObjectName("revokeRotateCheck")
        self.rotate.setChecked(True)
        column = QVBoxLayout(self)
        column.addWidget(warning)
        column.addWidget(self.rotate)
        column.addWidget(self.message)
        column.addWidget(self.buttons)
        self._add_ok(self.tr("Disable account"), "confirmDisableButton")
        self.update_button()

    def _ready(self) -> bool:
        return True

    def _work(self) -> Callable[[object], Rotation | None]:
        session, login, rotate = self._context.session, self._login, self.rotate.isChecked()
        if rotate:
            return lambda _progress: revoke_and_rotate(session, login)

        def disable(_progress: object) -> None:
            disable_account(session, login)

        return disable


class NewRecoveryKeyDialog(QDialog):
    """The recovery key a rotation made, shown this once; closes only after the administrator confirms."""

    def __init__(self, rotation: Rotation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newRecoveryKeyDialog")
        self.setWindowTitle(self.tr("The new recovery key"))
        explanation = QLabel(
            self.tr(
                "The database has a new data key; {count} accounts keep their passwords. The old recovery key and "
                "old copies of the key file no longer open it. Write the new recovery key down now: it is shown "
                "this once."
            ).format(count=rotation.accounts),
            self,
        )
        explanation.setWordWrap(True)
        self.key = QLabel(rotation.recovery_key, self)
        self.key.setObjectName("newRecoveryKeyLabel")
        self.key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key.setProperty("role", "recoveryKey")
        self.confirm = QCheckBox(self.tr("I have written the new recovery key down and will keep it safe"), self)
        self.confirm.setObjectName("newRecoveryCheck")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setEnabled(False)
        self.confirm.toggled.connect(close.setEnabled)
        self.buttons.rejected.connect(self._close_when_confirmed)
        column = QVBoxLayout(self)
        column.addWidget(explanation)
        column.addWidget(self.key)
        column.addWidget(self.confirm)
        column.addWidget(self.buttons)

    def _close_when_confirmed(self) -> None:
        if self.confirm.isChecked():
            self.key.clear()
            self.accept()

    def reject(self) -> None:  # Escape and the window's close button: only once confirmed
        self._close_when_confirmed()
