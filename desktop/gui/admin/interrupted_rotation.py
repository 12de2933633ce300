"""After a login whose opening finished or undid a key rotation killed part-way: say so, and let an administrator
rotate again at once, so that a recovery key is shown (services/session/interrupted_rotation.py, decision 118)."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.domain.roles import Role
from desktop.gui.admin.revoke_dialog import NewRecoveryKeyDialog
from desktop.gui.errors import error_text
from desktop.gui.officer.prompts import confirm
from desktop.gui.pages import PageContext
from desktop.services.administration.revocation import Rotation, revoke_and_rotate
from desktop.services.session.interrupted_rotation import Interrupted, rotation_notice


class InterruptedRotationNotice(QObject):
    """Shown once after the login: an administrator is asked to rotate now (Yes runs the rotation and shows the
    new recovery key); anyone else is told to tell an administrator."""

    def __init__(self, context: PageContext, parent: QWidget) -> None:
        super().__init__(parent)
        self._context = context
        self._window = parent
        self.box: QMessageBox | None = None
        self.key_dialog: NewRecoveryKeyDialog | None = None

    def show(self) -> bool:
        """Show the notice when the opening settled a rotation; whether it did."""
        session = self._context.session
        outcome = session.store.interrupted_rotation
        admin = session.account.has(Role.ADMIN)
        notice = rotation_notice(outcome, admin)
        if notice is None:
            return False
        title = self.tr("Key rotation interrupted")
        if not admin:
            text = self._context.translate(notice)
            self.box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self._window)
            self.box.setObjectName("interruptedRotationBox")
            self.box.open()
            return True
        if outcome is Interrupted.FINISHED:
            text = self.tr(
                "A key rotation that had been interrupted was finished while logging in, but its new recovery key "
                "was never shown and the old one no longer opens the store. Give the database a new data key now "
                "and write down the recovery key it shows."
            )
        else:
            text = self.tr(
                "A key rotation that had been interrupted before it changed the database was undone while logging "
                "in, so the database keeps its old key. Give the database a new data key now."
            )
        self.box = confirm(
            self._window,
            "interruptedRotationBox",
            title,
            text,
            self._rotate,
            yes_text=self.tr("New data key now"),
            informative=self.tr("Otherwise the command 'users revoke' does the same later."),
        )
        return True

    def _rotate(self) -> None:
        session = self._context.session
        self._context.runner.start(
            lambda _progress: revoke_and_rotate(session),
            on_done=self._rotated,
            on_error=self._failed,
            owner=self,
        )

    def _rotated(self, rotation: Rotation) -> None:
        self.key_dialog = NewRecoveryKeyDialog(rotation, self._window)
        self.key_dialog.open()

    def _failed(self, error: BaseException) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Key rotation interrupted"),
            error_text(error, self._context.translate),
            QMessageBox.StandardButton.Ok,
            self._window,
        )
        box.setObjectName("rotationFailedBox")
        box.open()
